# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Service contracts (R-CON-1): the installations covered and the service
period, signed by fax (R-CON-3, R-CON-4), paid within three days (R-CON-5),
then the installations' service period and usage serial numbers are updated
(R-CON-6, R-CON-7); a cancelled contract revokes its serials."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Null

from trytond import config
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.service_center.flow import (
    FlowMixin, OfficeReport, Recipients, company_today)
from trytond.modules.service_center.ticket import send_notice
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from . import serial_key

# R-CON-5: payment must arrive within three days of signing
PAYMENT_DAYS = 3
# R-CON-2: the customer is reminded one month before the end
REMINDER_DAYS = 30
STATES = [
    ('draft', "Draft"),
    ('sent', "Sent"),
    ('signed', "Signed"),
    ('paid', "Paid"),
    ('running', "Running"),
    ('expired', "Expired"),
    ('cancelled', "Cancelled"),
    ]


def serial_keys_directory():
    "The directory of the company's serial keys, outside the database"
    return config.get('service_contract', 'serial_keys', default=None)


class Contract(FlowMixin, Workflow, ModelSQL, ModelView):
    "A service contract: the period of service bought for installations"
    __name__ = 'service.contract'
    _rec_name = 'number'
    _delete_message = (
        'service_contract.msg_contract_delete_state', 'contract')
    _notice_messages = 'service_contract.msg_contract'

    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact",
        domain=[('customer', '=', Eval('customer', -1))],
        states={'readonly': ~Eval('state').in_(['draft', 'sent'])},
        help="Who receives the contract, the letters and the invoice.")
    installations = fields.Many2Many(
        'service.contract-service.installation', 'contract', 'installation',
        "Installations", required=True, states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('customer', '=', Eval('customer', -1)),
            ])
    sales_contract = fields.Char(
        "Sales Contract", states=_states,
        help="The reference of the sales contract the service follows "
        "(R-CON-1).")
    contract_date = fields.Date(
        "Contract Date", required=True, states=_states)
    start = fields.Date(
        "Service Start", required=True, states=_states,
        help="By default the installation date, else the contract date "
        "(R-CON-1).")
    end = fields.Date(
        "Service End", required=True, states=_states,
        domain=[('end', '>=', Eval('start', None))])
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True, states=_states,
        domain=[('amount', '>=', 0)])
    remarks = fields.Text(
        "Validity and Remarks", states=_states,
        help="What the contract says of its validity (R-CON-1).")
    representative = fields.Many2One(
        'company.employee', "Our Representative", states=_states,
        domain=[('company', '=', Eval('company', -1))],
        help="Who signs and dates the contract for the company (R-CON-3).")
    renewal_of = fields.Many2One(
        'service.contract', "Renewal Of", readonly=True,
        domain=[('customer', '=', Eval('customer', -1))])
    renewals = fields.One2Many(
        'service.contract', 'renewal_of', "Renewals", readonly=True)

    sent_at = fields.DateTime("Sent At", readonly=True)
    copy_return_date = fields.Date(
        "Signed Copy Back By",
        states={'readonly': ~Eval('state').in_(['draft', 'sent'])},
        help="The day agreed with the customer for the signed copy "
        "(R-CON-4).")
    payment_date_agreed = fields.Date(
        "Payment Agreed For",
        states={'readonly': ~Eval('state').in_(['draft', 'sent'])},
        help="The day agreed with the customer for the payment (R-CON-4).")
    invoice_address = fields.Text(
        "Invoice Mailing Address",
        states={'readonly': ~Eval('state').in_(['draft', 'sent'])},
        help="Where the invoice is mailed, confirmed with the customer "
        "(R-CON-4).")
    invoice_contact = fields.Many2One(
        'service.customer.contact', "Invoice Contact",
        domain=[('customer', '=', Eval('customer', -1))],
        states={'readonly': ~Eval('state').in_(['draft', 'sent'])})
    signed_copy = fields.Binary(
        "Countersigned Copy", filename='signed_copy_name',
        states={'readonly': Eval('state') != 'sent'},
        help="The copy the customer signed, sealed and faxed back "
        "(R-CON-3).")
    signed_copy_name = fields.Char(
        "Copy File Name", states={'readonly': Eval('state') != 'sent'})
    signed_on = fields.Date(
        "Signed On", states={'readonly': Eval('state') != 'sent'})
    payment_due = fields.Date(
        "Payment Due", readonly=True,
        help="Three days after signing (R-CON-5).")
    paid_on = fields.Date(
        "Paid On", states={'readonly': Eval('state') != 'signed'})
    paid_by = employee_field("Payment Recorded By", states=[])
    payment_late = fields.Function(fields.Boolean(
            "Payment Late",
            help="Paid after its due date, or still unpaid after it "
            "(R-CON-5)."),
        'get_payment_late')
    payment_escalated_at = fields.DateTime(
        "Late Payment Escalated At", readonly=True)
    reminded_at = fields.DateTime(
        "Expiry Reminded At", readonly=True,
        help="When the expiry reminder was planned (R-CON-2).")
    letter_sent_at = fields.DateTime(
        "Expiry Letter Sent At", readonly=True,
        help="When the expiry notice letter was emailed to the contact "
        "(R-CON-2).")
    serials = fields.One2Many(
        'service.contract.serial', 'contract', "Serial Numbers",
        readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.payment_due, Index.Range()),
                    where=(t.state == 'signed')
                    & (t.payment_escalated_at == Null)),
                Index(t, (t.end, Index.Range()),
                    where=(t.state == 'running') & (t.reminded_at == Null)),
                })
        cls._order = [('contract_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'sent'),
            ('sent', 'signed'),
            ('signed', 'paid'),
            ('paid', 'running'),
            ('running', 'expired'),
            ('draft', 'cancelled'),
            ('sent', 'cancelled'),
            ('signed', 'cancelled'),
            ('paid', 'cancelled'),
            ('running', 'cancelled'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'sign': {
                    'invisible': Eval('state') != 'sent',
                    'depends': ['state'],
                    },
                'pay': {
                    'invisible': Eval('state') != 'signed',
                    'depends': ['state'],
                    },
                'renew': {
                    'invisible': ~Eval('state').in_(['running', 'expired']),
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state').in_(['expired', 'cancelled']),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_contract_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('installations', 'contract_date', 'start')
    def on_change_installations(self):
        "The period starts on the installation date (R-CON-1)"
        dates = [i.installation_date for i in self.installations or []
            if i.installation_date]
        if dates:
            self.start = min(dates)

    @fields.depends('contract_date', 'start', 'installations')
    def on_change_contract_date(self):
        if not self.start and not self.installations:
            self.start = self.contract_date

    def get_payment_late(self, name):
        if not self.payment_due:
            return False
        if self.paid_on:
            return self.paid_on > self.payment_due
        return self.state == 'signed' and self._today() > self.payment_due

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('payment_late', False), 'danger', '')),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            Sequence = pool.get('ir.sequence')
            ModelData = pool.get('ir.model.data')
            values['number'] = Sequence(ModelData.get_id(
                    'service_contract', 'sequence_contract')).get()
        return values

    @classmethod
    def copy(cls, contracts, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'sent_at', 'signed_copy', 'signed_copy_name',
                'signed_on', 'payment_due', 'paid_on', 'paid_by',
                'payment_escalated_at', 'reminded_at', 'letter_sent_at',
                'serials',
                'renewals']:
            default.setdefault(name, None)
        return super().copy(contracts, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('sent')
    def send(cls, contracts):
        """The contract goes to the customer by fax, signed and dated by
        our representative (R-CON-3)"""
        for contract in contracts:
            missing = contract._missing(['representative', 'contact'])
            if missing:
                raise ValidationError(gettext(
                        'service_contract.msg_contract_send_missing',
                        contract=contract.rec_name,
                        missing=', '.join(missing)))
        cls.write(contracts, {'sent_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('signed')
    def sign(cls, contracts):
        """The countersigned copy came back: the payment is due three days
        later (R-CON-3..5)"""
        for contract in contracts:
            missing = contract._missing([
                    'signed_copy', 'signed_on', 'invoice_address',
                    'invoice_contact'])
            if missing:
                raise ValidationError(gettext(
                        'service_contract.msg_contract_sign_missing',
                        contract=contract.rec_name,
                        missing=', '.join(missing)))
            if contract.signed_on > contract._today():
                raise ValidationError(gettext(
                        'service_contract.msg_contract_signed_future',
                        contract=contract.rec_name))
        for contract in contracts:
            contract.payment_due = contract.signed_on + dt.timedelta(
                days=PAYMENT_DAYS)
        cls.save(contracts)

    @classmethod
    @ModelView.button
    @set_employee('paid_by')
    def pay(cls, contracts):
        """Finance records the payment; the new period starts: the
        installations' service period and serial numbers are updated
        (R-CON-5..7)"""
        for contract in contracts:
            if not contract.paid_on:
                raise ValidationError(gettext(
                        'service_contract.msg_contract_no_payment_date',
                        contract=contract.rec_name))
            if contract.paid_on < contract.signed_on:
                raise ValidationError(gettext(
                        'service_contract.msg_contract_paid_before_signed',
                        contract=contract.rec_name))
        # No key, no serial for the new period: refused before any change
        Pool().get('service.contract.serial').signing_key()
        cls.process_payment(contracts)

    @classmethod
    def process_payment(cls, contracts):
        """The payment of the signed contracts arrived: they are paid and
        those whose period began start at once (R-CON-5, R-CON-6)"""
        contracts = [c for c in contracts if c.state == 'signed']
        cls._pay(contracts)
        cls.start_service([c for c in contracts if c.start <= c._today()])

    @classmethod
    @Workflow.transition('paid')
    def _pay(cls, contracts):
        pass

    @classmethod
    def start_service(cls, contracts):
        """The period of the paid contracts starts: their installations'
        service period and serial numbers follow (R-CON-6, R-CON-7)"""
        pool = Pool()
        Installation = pool.get('service.installation')
        Serial = pool.get('service.contract.serial')
        if not contracts:
            return
        # No key, no new period: nothing changes
        Serial.signing_key()
        to_write = []
        for contract in contracts:
            to_write.extend([list(contract.installations), {
                        'service_start': contract.start,
                        'service_end': contract.end,
                        }])
        Installation.write(*to_write)
        Serial.issue_for(contracts)
        cls._run(contracts)

    @classmethod
    @Workflow.transition('running')
    def _run(cls, contracts):
        pass

    @classmethod
    @Workflow.transition('expired')
    def _expire(cls, contracts):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, contracts):
        "A cancelled contract's serials are revoked (R-CON-7)"
        Serial = Pool().get('service.contract.serial')
        Serial.revoke([s for c in contracts for s in c.serials
                if s.state == 'valid'],
            gettext('service_contract.msg_serial_revoked_cancelled'))

    @classmethod
    @ModelView.button_action('service_contract.act_contract_renewal')
    def renew(cls, contracts):
        """A renewal prefilled from the expiring contract: the next period
        of the same length, the same installations and amount (R-CON-3)"""
        renewals = []
        for contract in contracts:
            if any(r.state != 'cancelled' for r in contract.renewals):
                continue
            start = contract.end + dt.timedelta(days=1)
            try:
                end = contract.end.replace(
                    year=contract.end.year
                    + max(1, round((contract.end - contract.start).days
                            / 365)))
            except ValueError:  # 29 February
                end = contract.end + dt.timedelta(days=365)
            today = company_today(contract.company)
            renewals.append({
                    'company': contract.company.id,
                    'customer': contract.customer.id,
                    'contact': contract.contact.id if contract.contact
                    else None,
                    'installations': [
                        ('add', [i.id for i in contract.installations])],
                    'sales_contract': contract.sales_contract,
                    'contract_date': today,
                    'start': start,
                    'end': end,
                    'amount': contract.amount or Decimal(0),
                    'remarks': contract.remarks,
                    'representative': (contract.representative.id
                        if contract.representative else None),
                    'invoice_address': contract.invoice_address,
                    'invoice_contact': (contract.invoice_contact.id
                        if contract.invoice_contact else None),
                    'renewal_of': contract.id,
                    })
        if renewals:
            cls.create(renewals)

    @classmethod
    def run_daily(cls, today=None):
        """The daily job: paid contracts start, ended ones expire, the
        customers of contracts ending within a month are reminded, late
        payments are told to the service managers once (R-CON-2, R-CON-5,
        R-CON-6)"""
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        company_id = Transaction().context.get('company')
        companies = (Company.browse([company_id]) if company_id is not None
            else Company.search([]))
        recipients = Recipients()
        now = dt.datetime.now()
        for company in companies:
            with Transaction().set_context(company=company.id):
                day = today or Date.today()
            base = [('company', '=', company.id)]
            cls.start_service(cls.search(base + [
                        ('state', '=', 'paid'),
                        ('start', '<=', day),
                        ]))
            # A contract that ended without its reminder is still reminded
            cls.remind_expiry(cls.search(base + [
                        ('state', '=', 'running'),
                        ('reminded_at', '=', None),
                        ('end', '<=', day + dt.timedelta(days=REMINDER_DAYS)),
                        ]), day)
            cls._expire(cls.search(base + [
                        ('state', '=', 'running'),
                        ('end', '<', day),
                        ]))
            late = cls.search(base + [
                    ('state', '=', 'signed'),
                    ('payment_escalated_at', '=', None),
                    ('payment_due', '<', day),
                    ])
            for contract in late:
                for user in recipients.of_group(company):
                    contract.notify_staff(user, 'payment_late')
            if late:
                cls.write(late, {'payment_escalated_at': now})

    @classmethod
    def remind_expiry(cls, contracts, day):
        """One month before the end the customer is reminded: a return
        visit for the specialist in charge, once per contract (R-CON-2)"""
        pool = Pool()
        ReturnVisit = pool.get('service.return_visit')
        if not contracts:
            return
        vlist, fallback = [], {}
        for contract in contracts:
            specialist = next((i.specialist.id for i in contract.installations
                    if i.specialist), None)
            if specialist is None:
                # The company's return-visit specialist, looked up once
                company_id = contract.company.id
                if company_id not in fallback:
                    fallback[company_id] = ReturnVisit.specialist_for(
                        company_id)
                specialist = fallback[company_id]
            vlist.append({
                    'company': contract.company.id,
                    'customer': contract.customer.id,
                    'contact': (contract.contact.id if contract.contact
                        else None),
                    'contract': contract.id,
                    'planned_date': day,
                    'specialist': specialist,
                    'notes': gettext(
                        'service_contract.msg_contract_reminder_notes',
                        contract=contract.rec_name,
                        end=contract.end.isoformat()),
                    })
        ReturnVisit.create(vlist)
        cls.write(contracts, {'reminded_at': dt.datetime.now()})
        cls.send_expiry_letters(contracts)

    @classmethod
    def send_expiry_letters(cls, contracts):
        """Email the expiry notice letter (售后服务到期通知函) to each
        contract's contact, in the customer's language: a PDF where
        LibreOffice is installed, the OpenDocument text otherwise
        (R-CON-2)"""
        pool = Pool()
        Letter = pool.get('service.contract.expiry_letter', type='report')
        sent = []
        for contract in contracts:
            if not (contract.contact and contract.contact.email):
                continue
            lang = contract.customer.lang
            language = lang.code if lang else None
            with Transaction().set_context(language=language):
                ext, content, _, name = Letter.execute([contract.id], {})
                send_notice(
                    contract.contact.email,
                    'service_contract.msg_expiry_letter_subject',
                    'service_contract.msg_expiry_letter_body', {
                        'contract': contract.rec_name,
                        'customer': contract.customer.rec_name,
                        'end': contract.end.isoformat(),
                        }, attachments=[(name, ext, content)])
            sent.append(contract)
        if sent:
            cls.write(sent, {'letter_sent_at': dt.datetime.now()})

    def notice_values(self):
        return {
            'contract': self.rec_name,
            'customer': self.customer.rec_name,
            'amount': self.amount,
            'signed': self.signed_on.isoformat() if self.signed_on else '-',
            'due': self.payment_due.isoformat() if self.payment_due else '-',
            }


class ExpiryLetter(OfficeReport):
    """The expiry notice letter (售后服务到期通知函), in the customer's
    language (R-CON-2)"""
    __name__ = 'service.contract.expiry_letter'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['today'] = Pool().get('ir.date').today()
        return context


class ContractFax(ExpiryLetter):
    """The contract to print and fax: the period, the amount, our
    representative and the date, the lines the customer signs and seals,
    when to fax it back and pay (R-CON-3, R-CON-4)"""
    __name__ = 'service.contract.fax'


class ContractInstallation(ModelSQL):
    "Service Contract - Installation"
    __name__ = 'service.contract-service.installation'

    contract = fields.Many2One(
        'service.contract', "Contract", required=True, ondelete='CASCADE')
    installation = fields.Many2One(
        'service.installation', "Installation", required=True,
        ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('contract')


class Serial(ModelSQL, ModelView):
    """A usage serial number issued for an installation's service period,
    signed with the company's key (R-CON-7)"""
    __name__ = 'service.contract.serial'
    _rec_name = 'serial'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    contract = fields.Many2One(
        'service.contract', "Contract", required=True, readonly=True,
        ondelete='RESTRICT')
    installation = fields.Many2One(
        'service.installation', "Installation", required=True,
        readonly=True, ondelete='RESTRICT')
    customer = fields.Many2One(
        'party.party', "Customer", required=True, readonly=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    issue = fields.Integer("Issue", readonly=True,
        help="A new service period means a new serial (R-CON-7).")
    period_end = fields.Date("Valid Until", readonly=True)
    key = fields.Integer("Key", readonly=True)
    serial = fields.Char("Serial Number", readonly=True)
    issued_at = fields.DateTime("Issued At", readonly=True)
    revoked_at = fields.DateTime("Revoked At", readonly=True)
    revoked_reason = fields.Char("Revocation Reason", readonly=True)
    state = fields.Selection([
            ('valid', "Valid"),
            ('superseded', "Superseded"),
            ('revoked', "Revoked"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('installation_issue_unique',
                Unique(t, t.installation, t.issue),
                'service_contract.msg_serial_issue_unique'),
            ]
        cls._order = [('issued_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def signing_key(cls):
        """Return the number and the private key that sign serials: the
        newest of the configured directory"""
        directory = serial_keys_directory()
        try:
            if not directory:
                raise LookupError
            return serial_key.load_signing_key(directory)
        except (LookupError, OSError, ValueError):
            raise UserError(gettext(
                    'service_contract.msg_serial_no_key',
                    directory=directory or '-'))

    @classmethod
    def issue_for(cls, contracts):
        """Sign a new serial for each installation of the contracts; the
        installation's earlier serial is superseded (R-CON-6, R-CON-7)"""
        pool = Pool()
        Installation = pool.get('service.installation')
        number, key = cls.signing_key()
        now = dt.datetime.now()
        # The serials issued so far, read once for all the installations
        last_issue = defaultdict(int)
        superseded = []
        for serial in cls.search([
                    ('installation', 'in', [i.id for c in contracts
                            for i in c.installations]),
                    ]):
            last_issue[serial.installation.id] = max(
                last_issue[serial.installation.id], serial.issue)
            if serial.state == 'valid':
                superseded.append(serial)
        vlist, installations = [], []
        for contract in contracts:
            for installation in contract.installations:
                issue = last_issue[installation.id] = (
                    last_issue[installation.id] + 1)
                text = serial_key.sign(serial_key.Serial(
                        key=number, issue=issue, period_end=contract.end,
                        customer=contract.customer.id,
                        installation=installation.id,
                        product=installation.product.id), key)
                vlist.append({
                        'company': contract.company.id,
                        'contract': contract.id,
                        'installation': installation.id,
                        'customer': contract.customer.id,
                        'issue': issue,
                        'period_end': contract.end,
                        'key': number,
                        'serial': text,
                        'issued_at': now,
                        'state': 'valid',
                        })
                installations.extend([[installation], {
                            'serial_number': text}])
        if superseded:
            cls.write(superseded, {'state': 'superseded'})
        serials = cls.create(vlist)
        if installations:
            Installation.write(*installations)
        return serials

    @classmethod
    def revoke(cls, serials, reason):
        "Revoke the serials, recorded with why (R-CON-7)"
        if serials:
            cls.write(serials, {
                    'state': 'revoked',
                    'revoked_at': dt.datetime.now(),
                    'revoked_reason': reason,
                    })

    def verify(self, today=None):
        """Check the serial as the customer's software does, with the
        public keys of the company"""
        directory = serial_keys_directory()
        keys = serial_key.load_public_keys(directory) if directory else {}
        return serial_key.verify(self.serial, keys, today=today)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('service.contract|run_daily',
                "Start, Expire and Remind Service Contracts"))


class ReturnVisit(metaclass=PoolMeta):
    __name__ = 'service.return_visit'

    contract = fields.Many2One(
        'service.contract', "Service Contract", readonly=True,
        help="The contract whose expiry the customer is reminded of "
        "(R-CON-2).")


class Target(ModelSQL, ModelView):
    """The monthly targets of a service specialist: service-contract
    revenue and secondary sales, and what was achieved, totalled at month
    end (R-CRM-6)"""
    __name__ = 'service.contract.target'

    _states = {'readonly': Bool(Eval('closed_at'))}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    month = fields.Date(
        "Month", required=True, states=_states,
        help="Any day of the month; kept as its first day.")
    specialist = fields.Many2One(
        'company.employee', "Service Specialist", required=True,
        states=_states, domain=[('company', '=', Eval('company', -1))])
    contract_target = fields.Numeric(
        "Service Contracts Target", digits=(16, 2), required=True,
        states=_states, domain=[('contract_target', '>=', 0)])
    secondary_target = fields.Numeric(
        "Secondary Sales Target", digits=(16, 2), required=True,
        states=_states, domain=[('secondary_target', '>=', 0)])
    contract_achieved = fields.Function(fields.Numeric(
            "Service Contracts Achieved", digits=(16, 2),
            help="The amounts of the service contracts the specialist "
            "represented that were paid in the month."),
        'get_contract_achieved')
    contract_total = fields.Numeric(
        "Service Contracts Total", digits=(16, 2), readonly=True)
    secondary_achieved = fields.Numeric(
        "Secondary Sales Achieved", digits=(16, 2), states=_states,
        domain=[('secondary_achieved', '>=', 0)],
        help="The secondary sales to existing customers in the month, as "
        "the sales department reports them.")
    contract_rate = fields.Function(fields.Float(
            "Service Contracts Rate", digits=(4, 4)), 'get_rate')
    secondary_rate = fields.Function(fields.Float(
            "Secondary Sales Rate", digits=(4, 4)), 'get_rate')
    closed_at = fields.DateTime("Totalled At", readonly=True)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('month_specialist_unique',
                Unique(t, t.company, t.month, t.specialist),
                'service_contract.msg_target_unique'),
            ]
        cls._order = [('month', 'DESC'), ('id', 'ASC')]
        cls._buttons.update({
                'total': {
                    'invisible': Bool(Eval('closed_at')),
                    'depends': ['closed_at'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_month(cls):
        return Pool().get('ir.date').today().replace(day=1)

    @classmethod
    def default_secondary_achieved(cls):
        return Decimal(0)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('month'):
            values['month'] = values['month'].replace(day=1)
        return values

    def _month_end(self):
        following = (self.month + dt.timedelta(days=32)).replace(day=1)
        return following - dt.timedelta(days=1)

    @classmethod
    def get_contract_achieved(cls, targets, name):
        pool = Pool()
        Contract = pool.get('service.contract')
        result = {}
        for target in targets:
            if target.closed_at:
                result[target.id] = target.contract_total
                continue
            contracts = Contract.search([
                    ('company', '=', target.company.id),
                    ('representative', '=', target.specialist.id),
                    ('paid_on', '>=', target.month),
                    ('paid_on', '<=', target._month_end()),
                    ('state', '!=', 'cancelled'),
                    ])
            result[target.id] = sum(
                (c.amount for c in contracts), Decimal(0))
        return result

    def get_rate(self, name):
        kind = name[:-len('_rate')]
        goal = getattr(self, f'{kind}_target')
        achieved = getattr(self, f'{kind}_achieved')
        if not goal or achieved is None:
            return None
        return round(float(achieved / goal), 4)

    @classmethod
    @ModelView.button
    def total(cls, targets):
        """Total what was achieved once the month is over: the totals no
        longer change (R-CRM-6)"""
        for target in targets:
            if company_today(target.company) <= target._month_end():
                raise ValidationError(gettext(
                        'service_contract.msg_target_month_not_over',
                        target=target.rec_name))
        achieved = cls.get_contract_achieved(targets, 'contract_achieved')
        for target in targets:
            target.contract_total = achieved[target.id]
            target.closed_at = dt.datetime.now()
        cls.save(targets)

    def get_rec_name(self, name):
        return f'{self.specialist.rec_name} {self.month:%Y-%m}'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('specialist.rec_name',) + tuple(clause[1:])]
