# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Software implementation projects: from the customer data to the routine
maintenance of the installed software (R-IMP-1..6)."""
import datetime as dt
import hashlib
import json
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Model, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .flow import FlowMixin
from .ticket import OPEN_STATES

STATES = [
    ('draft', "Draft"),
    ('planned', "Planned"),
    ('installed', "Installed"),
    ('trained', "Trained"),
    ('live', "Live"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ]
# The forms handed in to administration (R-IMP-6): the date field and the
# first state in which the form exists
FORMS = [
    ('implementation_form_received', 'installed'),
    ('acceptance_form_received', 'trained'),
    ('golive_plan_received', 'live'),
    ]


def _value(record, name):
    value = getattr(record, name)
    return value.id if isinstance(value, Model) else value


# The archive's kind of each form handed in (R-DOC-3)
ARCHIVED_FORMS = {
    'implementation_form_received': 'implementation_form',
    'acceptance_form_received': 'acceptance_form',
    'golive_plan_received': 'golive_plan',
    }


class Implementation(FlowMixin, Workflow, ModelSQL, ModelView):
    """A software implementation project: the installation, the training,
    the signed implementation and acceptance forms, the go-live plan, the
    forms handed in to administration, the payment milestones and the
    installations kept for the routine maintenance (R-IMP-1..6)."""
    __name__ = 'service.implementation'
    _delete_message = (
        'service_center.msg_implementation_delete_state', 'implementation')
    _number_sequence = 'implementation_sequence'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }
    _plan_states = {
        'readonly': ~Eval('state').in_(['draft', 'planned']),
        'required': Eval('state') != 'draft',
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    site = fields.Many2One(
        'service.site', "Site", states=_states,
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    address = fields.Many2One(
        'party.address', "Address", states=_states,
        domain=[('party', '=', Eval('customer', -1))],
        help="Where the software is installed (R-IMP-1).")
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))],
        help="The customer's contact for the implementation (R-IMP-1).")
    engineer = fields.Many2One(
        'company.employee', "Responsible Engineer",
        domain=[('company', '=', Eval('company', -1))],
        states=_plan_states)
    sales_contract = fields.Char(
        "Sales Contract", states=_states,
        help="The reference of the sales contract: its terms set the "
        "payment milestones (R-IMP-6).")
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ],
        help="The go-live plan is written into its service records "
        "(R-IMP-5).")
    lines = fields.One2Many(
        'service.implementation.line', 'implementation', "Software",
        states={
            'readonly': ~Eval('state').in_(
                ['draft', 'planned', 'installed', 'trained', 'live']),
            },
        help="The software to install (R-IMP-1); each becomes an "
        "installation of the customer when the project is done (R-IMP-6).")
    notes = fields.Text("Notes")

    installation_date = fields.Date(
        "Installation Date", states=_plan_states,
        help="The installation date agreed with the customer (R-IMP-2).")
    training_date = fields.Date(
        "Training From", states=_plan_states,
        help="The training dates agreed with the customer (R-IMP-2).")
    training_end = fields.Date(
        "Training Until",
        domain=[
            If(Eval('training_date') & Eval('training_end'),
                ('training_end', '>=', Eval('training_date')), ()),
            ],
        states={'readonly': _plan_states['readonly']})
    training_content = fields.Text(
        "Training Content", states=_plan_states,
        help="What the training covers (R-IMP-2).")
    training_goal = fields.Text(
        "Intended Result", states=_plan_states,
        help="What the training must achieve (R-IMP-2).")
    planned_by = employee_field("Planned By", states=[])
    planned_at = fields.DateTime("Planned At", readonly=True)

    form_signature_kind = fields.Selection([
            (None, ""),
            ('paper', "Signed Paper Form (Scan)"),
            ('electronic', "Electronic Signature"),
            ], "Signature", states={
            'readonly': Eval('state') != 'planned',
            })
    form_scan = fields.Binary(
        "Scan", filename='form_scan_filename', states={
            'readonly': Eval('state') != 'planned',
            'invisible': Eval('form_signature_kind') != 'paper',
            },
        help="The scan of the implementation form signed and sealed by "
        "the customer (R-IMP-3).")
    form_scan_filename = fields.Char(
        "Scan File Name", states={
            'readonly': Eval('state') != 'planned',
            'invisible': Eval('form_signature_kind') != 'paper',
            })
    form_signer = fields.Many2One(
        'service.customer.contact', "Signed By",
        domain=[('customer', '=', Eval('customer', -1))],
        states={'readonly': Eval('state') != 'planned'},
        help="The customer's contact who signed the implementation form.")
    form_signer_name = fields.Char(
        "Name Written", states={
            'readonly': Eval('state') != 'planned',
            'invisible': Eval('form_signature_kind') != 'electronic',
            },
        help="The name the signer wrote.")
    form_signature = fields.Binary(
        "Signature Image", states={
            'readonly': Eval('state') != 'planned',
            'invisible': Eval('form_signature_kind') != 'electronic',
            })
    form_sealed = fields.Boolean(
        "Company Seal", states={'readonly': Eval('state') != 'planned'},
        help="The customer stamped the form with the company seal "
        "(R-IMP-3).")
    form_signed_at = fields.DateTime("Signed At", readonly=True)
    form_content_hash = fields.Char(
        "Content Fingerprint", readonly=True,
        help="SHA-256 of the form's content when it was signed.")
    form_altered = fields.Function(fields.Boolean(
            "Altered After Signing",
            help="The content no longer matches what was signed."),
        'get_form_altered')
    installed_by = employee_field("Installed By", states=[])

    trainees = fields.One2Many(
        'service.implementation.trainee', 'implementation', "Trainees",
        states={
            'readonly': (~Eval('state').in_(['draft', 'planned', 'installed'])
                | Bool(Eval('acceptance_signed_at'))),
            },
        help="Everybody trained signs the acceptance form (R-IMP-4).")
    acceptance_signer = fields.Many2One(
        'service.customer.contact', "Responsible Person",
        domain=[('customer', '=', Eval('customer', -1))],
        states={
            'readonly': ((Eval('state') != 'installed')
                | Bool(Eval('acceptance_signed_at'))),
            },
        help="The customer's responsible person: signs the acceptance form "
        "last (R-IMP-4).")
    acceptance_signed_at = fields.DateTime(
        "Responsible Person Signed At", readonly=True)
    acceptance_scan = fields.Binary(
        "Acceptance Form Scan", filename='acceptance_scan_filename',
        states={'readonly': ~Eval('state').in_(['installed', 'trained'])})
    acceptance_scan_filename = fields.Char(
        "Acceptance Form File Name",
        states={'readonly': ~Eval('state').in_(['installed', 'trained'])})
    trained_by = employee_field("Training Completed By", states=[])

    _golive_states = {
        'readonly': Eval('state') != 'trained',
        'required': Eval('state').in_(['live', 'done']),
        }
    data_import_plan = fields.Text(
        "Data Import", states=_golive_states,
        help="Which data are imported, how and when (R-IMP-5).")
    familiarisation_start = fields.Date(
        "Familiarisation From", states=_golive_states,
        help="The period the users get familiar with the software "
        "(R-IMP-5).")
    familiarisation_end = fields.Date(
        "Familiarisation Until",
        domain=[
            If(Eval('familiarisation_start') & Eval('familiarisation_end'),
                ('familiarisation_end', '>=', Eval('familiarisation_start')),
                ()),
            ],
        states=_golive_states)
    golive_date = fields.Date(
        "Go-Live Date",
        domain=[
            If(Eval('golive_date') & Eval('familiarisation_start'),
                ('golive_date', '>=', Eval('familiarisation_start')), ()),
            ],
        states=_golive_states,
        help="The day the customer starts using the software (R-IMP-5).")
    golive_by = employee_field("Go-Live Plan Agreed By", states=[])
    golive_record = fields.Many2One(
        'service.ticket.record', "Service Record", readonly=True,
        help="The record of the go-live plan on the ticket (R-IMP-5).")
    service_record = fields.Text(
        "Service Record", readonly=True,
        help="The go-live plan as written into the service records "
        "(R-IMP-5).")

    implementation_form_received = fields.Date(
        "Implementation Form Handed In", readonly=True,
        help="The day administration received the signed implementation "
        "form (R-IMP-6).")
    acceptance_form_received = fields.Date(
        "Acceptance Form Handed In", readonly=True,
        help="The day administration received the signed acceptance form "
        "(R-IMP-6).")
    golive_plan_received = fields.Date(
        "Go-Live Plan Handed In", readonly=True,
        help="The day administration received the go-live plan "
        "(R-IMP-6).")
    payments = fields.One2Many(
        'service.implementation.payment', 'implementation',
        "Payment Milestones",
        states={'readonly': Eval('state') == 'cancelled'},
        help="The payments collected per the contract terms (R-IMP-6).")
    completed_by = employee_field("Completed By", states=[])
    completed_at = fields.DateTime("Completed At", readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states, _plan_states, _golive_states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('installation_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'planned'),
            ('planned', 'installed'),
            ('installed', 'trained'),
            ('trained', 'live'),
            ('live', 'done'),
            ('planned', 'draft'),
            ('cancelled', 'draft'),
            ('draft', 'cancelled'),
            ('planned', 'cancelled'),
            }
        cls._buttons.update({
                'plan': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'install': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state'],
                    },
                'sign_acceptance': {
                    'invisible': ((Eval('state') != 'installed')
                        | Bool(Eval('acceptance_signed_at'))),
                    'depends': ['state', 'acceptance_signed_at'],
                    },
                'train': {
                    'invisible': Eval('state') != 'installed',
                    'depends': ['state'],
                    },
                'go_live': {
                    'invisible': Eval('state') != 'trained',
                    'depends': ['state'],
                    },
                'complete': {
                    'invisible': Eval('state') != 'live',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'planned']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(['planned', 'cancelled']),
                    'depends': ['state'],
                    },
                'receive_implementation_form': {
                    'invisible': (
                        ~Eval('state').in_(['installed', 'trained', 'live',
                                'done'])
                        | Bool(Eval('implementation_form_received'))),
                    'depends': ['state', 'implementation_form_received'],
                    },
                'receive_acceptance_form': {
                    'invisible': (
                        ~Eval('state').in_(['trained', 'live', 'done'])
                        | Bool(Eval('acceptance_form_received'))),
                    'depends': ['state', 'acceptance_form_received'],
                    },
                'receive_golive_plan': {
                    'invisible': (
                        ~Eval('state').in_(['live', 'done'])
                        | Bool(Eval('golive_plan_received'))),
                    'depends': ['state', 'golive_plan_received'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_form_sealed(cls):
        return False

    @fields.depends('ticket', 'site', 'contact', '_parent_ticket.customer',
        '_parent_ticket.site', '_parent_ticket.contact',
        methods=['on_change_site', 'on_change_contact'])
    def on_change_ticket(self):
        if self.ticket:
            self.customer = self.ticket.customer
            if self.ticket.site and not self.site:
                self.site = self.ticket.site
                self.on_change_site()
            if self.ticket.contact and not self.contact:
                self.contact = self.ticket.contact
                self.on_change_contact()

    @fields.depends('site', 'address', '_parent_site.customer',
        '_parent_site.address')
    def on_change_site(self):
        if self.site:
            self.customer = self.site.customer
            if self.site.address:
                self.address = self.site.address

    @fields.depends('contact', 'acceptance_signer', 'form_signer',
        '_parent_contact.responsible')
    def on_change_contact(self):
        if self.contact:
            if not self.form_signer:
                self.form_signer = self.contact
            if self.contact.responsible and not self.acceptance_signer:
                self.acceptance_signer = self.contact

    @fields.depends('form_signer', 'form_signer_name',
        '_parent_form_signer.name')
    def on_change_form_signer(self):
        if self.form_signer and not self.form_signer_name:
            self.form_signer_name = self.form_signer.name

    @classmethod
    def copy(cls, implementations, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'planned_by', 'planned_at', 'form_signature_kind',
                'form_scan', 'form_scan_filename', 'form_signer',
                'form_signer_name', 'form_signature', 'form_signed_at',
                'form_content_hash', 'installed_by', 'acceptance_signed_at',
                'acceptance_scan', 'acceptance_scan_filename', 'trained_by',
                'golive_by', 'golive_record', 'service_record',
                'implementation_form_received', 'acceptance_form_received',
                'golive_plan_received', 'payments', 'completed_by',
                'completed_at']:
            default.setdefault(name, None)
        default.setdefault('form_sealed', False)
        return super().copy(implementations, default=default)

    def form_content(self):
        "The content the implementation form's signature covers"
        content = {
            'number': self.number,
            'company': self.company.id,
            'customer': self.customer.id,
            'site': self.site.id if self.site else None,
            'address': self.address.id if self.address else None,
            'software': [
                [line.product.id, line.version or '',
                    line.serial_number or '']
                for line in self.lines],
            'installation_date': (self.installation_date.isoformat()
                if self.installation_date else None),
            'signer': self.form_signer.id if self.form_signer else None,
            'signer_name': self.form_signer_name or '',
            'sealed': bool(self.form_sealed),
            'signed_at': (self.form_signed_at.isoformat()
                if self.form_signed_at else None),
            'signature': (hashlib.sha256(self.form_signature).hexdigest()
                if self.form_signature else None),
            }
        return json.dumps(content, sort_keys=True, ensure_ascii=False)

    def compute_form_hash(self):
        return hashlib.sha256(
            self.form_content().encode('utf-8')).hexdigest()

    def get_form_altered(self, name):
        if (self.form_signature_kind != 'electronic'
                or not self.form_content_hash):
            return False
        return self.compute_form_hash() != self.form_content_hash

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    @set_employee('planned_by')
    def plan(cls, implementations):
        """The installation and training dates are agreed with the customer
        and the training plan written (R-IMP-1, R-IMP-2)"""
        for implementation in implementations:
            missing = implementation._missing([
                    'engineer', 'lines', 'installation_date',
                    'training_date', 'training_content', 'training_goal'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_plan_missing',
                        implementation=implementation.rec_name,
                        missing=', '.join(missing)))
        cls.write(implementations, {'planned_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('installed')
    @set_employee('installed_by')
    def install(cls, implementations):
        """The software is installed: the customer signed the implementation
        form and stamped it with the company seal, on paper (scan) or
        electronically (R-IMP-3)"""
        # Stored to the second: the fingerprint must cover what is stored
        now = dt.datetime.now().replace(microsecond=0)
        for implementation in implementations:
            missing = implementation._missing(['form_signer'])
            kind = implementation.form_signature_kind
            if kind == 'paper':
                missing += implementation._missing(['form_scan'])
            elif kind == 'electronic':
                missing += implementation._missing(
                    ['form_signature', 'form_signer_name'])
            else:
                missing += implementation._missing(['form_signature_kind'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_form_missing',
                        implementation=implementation.rec_name,
                        missing=', '.join(missing)))
            if not implementation.form_sealed:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_form_not_sealed',
                        implementation=implementation.rec_name))
        for implementation in implementations:
            implementation.form_signed_at = now
            if implementation.form_signature_kind == 'electronic':
                implementation.form_content_hash = (
                    implementation.compute_form_hash())
        cls.save(implementations)
        cls.expect_form(implementations, 'implementation_form')

    @classmethod
    def expect_form(cls, implementations, kind):
        """The form is due in the archive the day after the service
        (R-IMP-6, R-DOC-3, R-PEN-3)"""
        Document = Pool().get('service.document')
        Document.file([Document.expect(
                    i, kind, responsible=i.engineer, customer=i.customer)
                for i in implementations])

    @classmethod
    @ModelView.button
    def sign_acceptance(cls, implementations):
        """The customer's responsible person signs the acceptance form, last:
        after every trainee (R-IMP-4)"""
        for implementation in implementations:
            if implementation.state != 'installed':
                raise AccessError(gettext(
                        'service_center.msg_implementation_acceptance_state',
                        implementation=implementation.rec_name))
            implementation.check_trainees_signed()
            if not implementation.acceptance_signer:
                raise ValidationError(gettext(
                        'service_center'
                        '.msg_implementation_acceptance_no_signer',
                        implementation=implementation.rec_name))
        cls.write(implementations, {
                'acceptance_signed_at': dt.datetime.now(),
                })

    def check_trainees_signed(self):
        "Refuse while nobody was trained or a trainee has not signed"
        if not self.trainees:
            raise ValidationError(gettext(
                    'service_center.msg_implementation_no_trainees',
                    implementation=self.rec_name))
        unsigned = [t.name for t in self.trainees if not t.signed]
        if unsigned:
            raise ValidationError(gettext(
                    'service_center.msg_implementation_trainees_unsigned',
                    implementation=self.rec_name,
                    trainees=', '.join(unsigned)))

    @classmethod
    @ModelView.button
    @Workflow.transition('trained')
    @set_employee('trained_by')
    def train(cls, implementations):
        """The acceptance form is complete: every trainee, then the
        responsible person signed (R-IMP-4)"""
        for implementation in implementations:
            implementation.check_trainees_signed()
            if (not implementation.acceptance_signed_at
                    or any(t.signed_at > implementation.acceptance_signed_at
                        for t in implementation.trainees)):
                raise ValidationError(gettext(
                        'service_center'
                        '.msg_implementation_acceptance_not_signed',
                        implementation=implementation.rec_name))
        cls.expect_form(implementations, 'acceptance_form')

    @classmethod
    @ModelView.button
    @Workflow.transition('live')
    @set_employee('golive_by')
    def go_live(cls, implementations):
        """The go-live plan is agreed with the customer and written into
        the service records: the ticket's if there is an open one, the
        project's otherwise (R-IMP-5)"""
        pool = Pool()
        Record = pool.get('service.ticket.record')
        now = dt.datetime.now()
        for implementation in implementations:
            missing = implementation._missing([
                    'data_import_plan', 'familiarisation_start',
                    'familiarisation_end', 'golive_date'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_golive_missing',
                        implementation=implementation.rec_name,
                        missing=', '.join(missing)))
        to_record = []
        for implementation in implementations:
            summary = implementation.golive_summary()
            implementation.service_record = summary
            ticket = implementation.ticket
            if ticket and ticket.state in OPEN_STATES:
                to_record.append(implementation)
        cls.save(implementations)
        if to_record:
            records = Record.create([{
                        'ticket': i.ticket.id,
                        'date': now,
                        'employee': i.engineer.id,
                        'description': i.service_record,
                        } for i in to_record])
            for implementation, record in zip(to_record, records):
                implementation.golive_record = record
            cls.save(to_record)
        cls.expect_form(implementations, 'golive_plan')

    def golive_summary(self):
        "The go-live plan as written into the service records"
        return gettext(
            'service_center.msg_implementation_golive_record',
            implementation=self.rec_name,
            data_import=self.data_import_plan,
            familiarisation_start=self.familiarisation_start,
            familiarisation_end=self.familiarisation_end,
            golive_date=self.golive_date)

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('completed_by')
    def complete(cls, implementations):
        """The project is done: the forms are handed in to administration
        and the installed software is kept as the customer's installations
        for the routine maintenance (R-IMP-6)"""
        for implementation in implementations:
            missing = implementation._missing([f for f, _ in FORMS])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_forms_missing',
                        implementation=implementation.rec_name,
                        missing=', '.join(missing)))
            missing = [line.product.rec_name for line in implementation.lines
                if not line.serial_number]
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_serial_missing',
                        implementation=implementation.rec_name,
                        software=', '.join(missing)))
        cls.update_installations(implementations)
        cls.write(implementations, {'completed_at': dt.datetime.now()})

    @classmethod
    def update_installations(cls, implementations):
        """Create or update the customer's installation of each software
        line, so tickets find its service period; running it again changes
        nothing (R-IMP-6)"""
        pool = Pool()
        Installation = pool.get('service.installation')
        Line = pool.get('service.implementation.line')
        to_link, to_create = [], []
        for implementation in implementations:
            for line in implementation.lines:
                installation = line.installation
                if not installation:
                    installation = line.find_installation()
                values = line.installation_values()
                if installation:
                    changes = {k: v for k, v in values.items()
                        if k not in {'service_start', 'service_end'}
                        and v is not None
                        and _value(installation, k) != v}
                    if changes:
                        Installation.write([installation], changes)
                    if line.installation != installation:
                        to_link.append((line, installation))
                else:
                    to_create.append((line, values))
        if to_create:
            installations = Installation.create([v for _, v in to_create])
            to_link += [(line, installation) for (line, _), installation
                in zip(to_create, installations)]
        for line, installation in to_link:
            line.installation = installation
        Line.save([line for line, _ in to_link])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, implementations):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, implementations):
        cls.write(implementations, {'planned_by': None, 'planned_at': None})

    @classmethod
    def _receive(cls, implementations, field, state):
        "Record the day administration received the form (R-IMP-6)"
        pool = Pool()
        Date = pool.get('ir.date')
        states = [s for s, _ in STATES]
        for implementation in implementations:
            if (implementation.state == 'cancelled'
                    or states.index(implementation.state)
                    < states.index(state)):
                raise AccessError(gettext(
                        'service_center.msg_implementation_form_not_yet',
                        implementation=implementation.rec_name,
                        form=cls.fields_get([field])[field]['string']))
        to_write = [i for i in implementations if not getattr(i, field)]
        for implementation in to_write:
            with Transaction().set_context(
                    company=implementation.company.id):
                setattr(implementation, field, Date.today())
        cls.save(to_write)
        pool.get('service.document').handed_in(
            implementations, ARCHIVED_FORMS[field])

    @classmethod
    @ModelView.button
    def receive_implementation_form(cls, implementations):
        cls._receive(
            implementations, 'implementation_form_received', 'installed')

    @classmethod
    @ModelView.button
    def receive_acceptance_form(cls, implementations):
        cls._receive(implementations, 'acceptance_form_received', 'trained')

    @classmethod
    @ModelView.button
    def receive_golive_plan(cls, implementations):
        cls._receive(implementations, 'golive_plan_received', 'live')


class ImplementationLine(ModelSQL, ModelView):
    """A software to install (R-IMP-1), kept as the customer's installation
    when the project is done (R-IMP-6)"""
    __name__ = 'service.implementation.line'

    implementation = fields.Many2One(
        'service.implementation', "Implementation", required=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Software", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    version = fields.Char("Version")
    serial_number = fields.Char(
        "Serial Number", strip=True,
        help="The usage serial number issued after installation (R-CON-7); "
        "needed when the project is done.")
    service_end = fields.Date(
        "Service End",
        help="The last day of the service period per the contract; empty "
        "while undecided.")
    installation = fields.Many2One(
        'service.installation', "Installation", readonly=True,
        ondelete='SET NULL')
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('implementation')

    @fields.depends('implementation', '_parent_implementation.company')
    def on_change_with_company(self, name=None):
        return self.implementation.company if self.implementation else None

    def find_installation(self):
        "The customer's installation with the same serial number, if any"
        pool = Pool()
        Installation = pool.get('service.installation')
        if not self.serial_number:
            return None
        implementation = self.implementation
        installations = Installation.search([
                ('company', '=', implementation.company.id),
                ('customer', '=', implementation.customer.id),
                ('product', '=', self.product.id),
                ('serial_number', '=', self.serial_number),
                ('active', 'in', [True, False]),
                ], limit=1)
        return installations[0] if installations else None

    def installation_values(self):
        implementation = self.implementation
        site = implementation.site
        values = {
            'company': implementation.company.id,
            'customer': implementation.customer.id,
            'site': site.id if site else None,
            'product': self.product.id,
            'version': self.version,
            'installation_date': implementation.installation_date,
            'serial_number': self.serial_number,
            'service_start': implementation.installation_date,
            'service_end': self.service_end,
            'contact': (implementation.acceptance_signer.id
                if implementation.acceptance_signer else None),
            'active': True,
            }
        if site and site.specialist:
            values['specialist'] = site.specialist.id
        return values


class ImplementationTrainee(ModelSQL, ModelView):
    "A person trained, who signs the acceptance form (R-IMP-4)"
    __name__ = 'service.implementation.trainee'

    implementation = fields.Many2One(
        'service.implementation', "Implementation", required=True,
        ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    department = fields.Char("Department")
    signed = fields.Boolean(
        "Signed", help="The trainee signed the acceptance form.")
    signed_at = fields.DateTime("Signed At", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('implementation')
        cls._order.insert(0, ('id', 'ASC'))

    @classmethod
    def default_signed(cls):
        return False

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if 'signed' in values:
            values['signed_at'] = (
                dt.datetime.now() if values['signed'] else None)
        return values

    @classmethod
    def check_modification(cls, mode, trainees, values=None, external=False):
        """The acceptance form is closed once the responsible person signed
        (R-IMP-4)"""
        super().check_modification(
            mode, trainees, values=values, external=external)
        open_states = {'draft', 'planned', 'installed'}
        if mode == 'delete':
            open_states.add('cancelled')
        for trainee in trainees:
            implementation = trainee.implementation
            if (implementation.acceptance_signed_at
                    or implementation.state not in open_states):
                raise AccessError(gettext(
                        'service_center.msg_implementation_trainee_locked',
                        implementation=implementation.rec_name))
            signing = (values or {}).get('signed', trainee.signed)
            if (mode != 'delete' and signing
                    and implementation.state != 'installed'):
                raise AccessError(gettext(
                        'service_center'
                        '.msg_implementation_trainee_sign_state',
                        implementation=implementation.rec_name))


class ImplementationPayment(ModelSQL, ModelView):
    """A payment collected per the contract terms (R-IMP-6); finance records
    the collection"""
    __name__ = 'service.implementation.payment'

    implementation = fields.Many2One(
        'service.implementation', "Implementation", required=True,
        ondelete='CASCADE')
    description = fields.Char("Description", required=True)
    share = fields.Numeric(
        "Share (%)", digits=(5, 2),
        domain=[
            If(Eval('share'),
                [('share', '>', 0), ('share', '<=', 100)], []),
            ],
        help="The share of the contract amount, in percent.")
    amount = fields.Numeric("Amount", digits=(16, 2),
        domain=[If(Eval('amount'), ('amount', '>', 0), ())])
    due_date = fields.Date("Due Date")
    due_condition = fields.Char(
        "Due Condition",
        help="The contract term that makes the payment due, e.g. "
        "\"after acceptance\".")
    collected_date = fields.Date("Collected On")
    notes = fields.Char("Notes")
    customer = fields.Function(fields.Many2One(
            'party.party', "Customer"), 'on_change_with_customer',
        searcher='search_customer')
    implementation_state = fields.Function(fields.Selection(
            STATES, "Project State"), 'on_change_with_implementation_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('implementation')
        cls._order = [
            ('due_date', 'ASC NULLS LAST'), ('id', 'ASC')]

    @fields.depends('implementation', '_parent_implementation.customer')
    def on_change_with_customer(self, name=None):
        return self.implementation.customer if self.implementation else None

    @classmethod
    def search_customer(cls, name, clause):
        return [('implementation.customer' + clause[0][len(name):],
                *clause[1:])]

    @fields.depends('implementation', '_parent_implementation.state')
    def on_change_with_implementation_state(self, name=None):
        return self.implementation.state if self.implementation else None

    def get_rec_name(self, name):
        return f'{self.implementation.rec_name} - {self.description}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('description', operator, operand, *extra),
            ('implementation.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, payments, field_names):
        super().validate_fields(payments, field_names)
        if field_names is None or {'share', 'amount'} & field_names:
            cls.check_terms(payments)

    @classmethod
    def check_terms(cls, payments):
        "Each milestone has a share or an amount; shares add up to 100 at most"
        for payment in payments:
            if not payment.share and not payment.amount:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_payment_no_amount',
                        payment=payment.rec_name))
        for implementation in {p.implementation for p in payments}:
            total = sum(
                (p.share or Decimal(0)) for p in implementation.payments)
            if total > 100:
                raise ValidationError(gettext(
                        'service_center.msg_implementation_payment_shares',
                        implementation=implementation.rec_name,
                        total=total))
