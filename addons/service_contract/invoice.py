# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Where account_invoice is activated, a signed service contract has its
customer invoice, due three days after signing (R-CON-4, R-CON-5); once
the invoice is paid, the contract is paid and its new period starts with a
new serial (R-CON-6, R-CON-7)."""
import logging

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction, without_check_access

logger = logging.getLogger(__name__)


class Configuration(metaclass=PoolMeta):
    __name__ = 'service.configuration'

    contract_product = fields.Many2One(
        'product.product', "Service Contract Product",
        domain=[('type', '=', 'service')],
        help="The service invoiced for the service contracts: its revenue "
        "account and customer taxes apply.")


class Contract(metaclass=PoolMeta):
    __name__ = 'service.contract'

    invoice = fields.Many2One(
        'account.invoice', "Invoice", readonly=True, ondelete='SET NULL',
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type', '=', 'out'),
            ],
        help="The customer invoice of the contract amount, made when the "
        "contract is signed and due three days later (R-CON-4, R-CON-5).")
    invoice_state = fields.Function(fields.Selection(
            'get_invoice_states', "Invoice State"),
        'on_change_with_invoice_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # With an invoice, the payment is recorded on the invoice
        invoiced = Bool(Eval('invoice')) & (
            Eval('invoice_state') != 'cancelled')
        pay = cls._buttons['pay'] = cls._buttons['pay'].copy()
        pay['invisible'] |= invoiced
        pay['depends'] = list(pay['depends']) + ['invoice', 'invoice_state']
        cls._buttons.update({
                'create_invoice': {
                    'invisible': (Eval('state') != 'signed') | invoiced,
                    'depends': ['state', 'invoice', 'invoice_state'],
                    },
                })

    @classmethod
    def get_invoice_states(cls):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        return [(None, '')] + Invoice.fields_get(['state'])['state'][
            'selection']

    @fields.depends('invoice')
    def on_change_with_invoice_state(self, name=None):
        if self.invoice:
            return self.invoice.state

    @classmethod
    def copy(cls, contracts, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('invoice', None)
        return super().copy(contracts, default=default)

    @classmethod
    def check_modification(cls, mode, contracts, values=None, external=False):
        super().check_modification(
            mode, contracts, values=values, external=external)
        if mode == 'delete':
            for contract in contracts:
                if contract.invoice:
                    raise AccessError(gettext(
                            'service_contract.msg_contract_delete_invoiced',
                            contract=contract.rec_name,
                            invoice=contract.invoice.rec_name))

    @classmethod
    def sign(cls, contracts):
        "The customer invoice is made when the contract is signed (R-CON-4)"
        super().sign(contracts)
        with without_check_access():
            cls.create_invoice(contracts)

    @classmethod
    @ModelView.button
    def create_invoice(cls, contracts):
        """Make the customer invoice of the signed contracts that have none
        (or only a cancelled one), due three days after signing: never a
        second one (R-CON-4, R-CON-5)"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        cls.lock(contracts)
        contracts = [c for c in cls.browse(contracts)
            if c.state == 'signed'
            and (not c.invoice or c.invoice.state == 'cancelled')]
        if not contracts:
            return
        invoices = [c._get_invoice() for c in contracts]
        Invoice.save(invoices)
        for contract, invoice in zip(contracts, invoices):
            contract.invoice = invoice
        cls.save(contracts)

    def _get_invoice(self):
        "Return the customer invoice of the contract, with its line"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        with Transaction().set_context(company=self.company.id):
            invoice = Invoice(
                company=self.company,
                type='out',
                party=self.customer,
                invoice_address=self._get_invoice_address(),
                currency=self.company.currency,
                account=self.customer.account_receivable_used,
                description=self.number,
                # The receivable is due three days after signing (R-CON-5)
                payment_term_date=self.payment_due,
                )
            invoice.set_journal()
            invoice.lines = [self._get_invoice_line(invoice)]
        return invoice

    def _get_invoice_address(self):
        """Return the customer's address matching the invoice mailing
        address and contact confirmed at signing, added if new (R-CON-4)"""
        pool = Pool()
        Address = pool.get('party.address')
        street = (self.invoice_address or '').strip()
        attn = (self.invoice_contact.name if self.invoice_contact
            else None) or None
        for address in self.customer.addresses:
            if ((address.street_unstructured or '').strip() == street
                    and (address.attn or None) == attn):
                return address
        address = Address(
            party=self.customer, street_unstructured=street, attn=attn)
        address.save()
        return address

    def _get_invoice_line(self, invoice):
        """Return the invoice line of the contract: the configured service
        for the period and the installations, at the contract amount"""
        pool = Pool()
        Configuration = pool.get('service.configuration')
        Line = pool.get('account.invoice.line')
        product = Configuration(1).contract_product
        if not product:
            raise UserError(gettext(
                    'service_contract.msg_contract_invoice_no_product',
                    contract=self.rec_name))
        lang = self.customer.lang
        # In the customer's language, as the letters to the customer
        with Transaction().set_context(language=lang.code if lang else None):
            description = gettext(
                'service_contract.msg_contract_invoice_line',
                contract=self.number,
                start=self.start.isoformat(),
                end=self.end.isoformat(),
                installations=', '.join(
                    i.rec_name for i in self.installations))
        line = Line(
            invoice=invoice,
            type='line',
            product=product,
            quantity=1,
            unit_price=self.amount,
            origin=self,
            description=description,
            )
        line.on_change_invoice()
        line.on_change_product()
        return line

    @classmethod
    def pay(cls, contracts):
        """Finance records by hand only the payment of a contract without
        an invoice (or whose invoice was cancelled)"""
        with without_check_access():
            for contract in cls.browse(contracts):
                if contract.invoice and contract.invoice.state != 'cancelled':
                    raise AccessError(gettext(
                            'service_contract.msg_contract_pay_invoiced',
                            contract=contract.rec_name,
                            invoice=contract.invoice.rec_name))
        super().pay(contracts)

    @classmethod
    @set_employee('paid_by')
    def invoice_paid(cls, contracts):
        """The invoice of the signed contracts is paid: they are paid on
        the day of the payment and their new period starts with a new
        serial (R-CON-5..7).  Without a serial key they wait as paid for
        the daily job: the invoice is paid all the same."""
        pool = Pool()
        Serial = pool.get('service.contract.serial')
        contracts = [c for c in contracts
            if c.state == 'signed' and c.invoice
            and c.invoice.state == 'paid']
        if not contracts:
            return
        for contract in contracts:
            contract.paid_on = contract.invoice.reconciled or contract._today()
        cls.save(contracts)
        try:
            Serial.signing_key()
        except UserError:
            logger.warning(
                "no serial key: the service of %s starts with the daily job",
                ', '.join(c.rec_name for c in contracts))
            cls._pay(contracts)
        else:
            cls.process_payment(contracts)

    @classmethod
    def cancel(cls, contracts):
        """A cancelled contract cancels its draft invoice; a posted unpaid
        invoice must be cancelled or credited in accounting first"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        to_cancel = []
        with without_check_access():
            for contract in cls.browse(contracts):
                if (contract.state, 'cancelled') not in cls._transitions:
                    continue
                invoice = contract.invoice
                if not invoice:
                    continue
                if invoice.state == 'posted':
                    raise AccessError(gettext(
                            'service_contract'
                            '.msg_contract_cancel_invoice_posted',
                            contract=contract.rec_name,
                            invoice=invoice.rec_name))
                if invoice.state in {'draft', 'validated'}:
                    to_cancel.append(invoice)
        super().cancel(contracts)
        if to_cancel:
            with without_check_access():
                Invoice.cancel(to_cancel)


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def paid(cls, invoices):
        "The service contracts of the paid invoices are paid (R-CON-5)"
        pool = Pool()
        Contract = pool.get('service.contract')
        super().paid(invoices)
        with without_check_access():
            contracts = Contract.search([
                    ('invoice', 'in', [i.id for i in invoices]),
                    ('state', '=', 'signed'),
                    ])
            Contract.invoice_paid(contracts)


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        if not cls.origin.domain:
            cls.origin.domain = {}
        cls.origin.domain['service.contract'] = [
            ('company', '=', Eval('company', -1)),
            If(Bool(Eval('_parent_invoice')),
                If(Eval('_parent_invoice', {}).get('type') != 'out',
                    ('id', '=', -1),
                    ()),
                If(Eval('invoice_type') != 'out',
                    ('id', '=', -1),
                    ())),
            ]

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['service.contract']
