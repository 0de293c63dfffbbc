# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Customer tickets and the remote-service records written on them."
import datetime as dt
from collections import defaultdict
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sql import Literal, Null

from trytond import config
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.fields import SQL_OPERATORS
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.sendmail import send_message_transactional
from trytond.transaction import Transaction

from .party import normalize_phone
from .sla import MILESTONES

# R-SVC-2
CHANNELS = [
    ('phone', "Phone"),
    ('im', "Instant Messaging (QQ)"),
    ('fax', "Fax"),
    ('mail', "Mail or Parcel"),
    ('on_site', "On Site"),
    ('portal', "Customer Portal"),
    ('email', "Email"),
    ]
# R-REM-1
KINDS = [
    ('howto', "How-To Question"),
    ('data_cleanup', "Data Clean-Up"),
    ('report', "Report Problem"),
    ('admin_password', "Administrator Password"),
    ('program_change', "Program Modification"),
    ('bug', "Software Bug"),
    ('hardware', "Hardware or Repair"),
    ]
PRIORITIES = [
    ('low', "Low"),
    ('normal', "Normal"),
    ('high', "High"),
    ('urgent', "Urgent"),
    ]
STATES = [
    ('registered', "Registered"),
    ('assigned', "Assigned"),
    ('in_progress', "In Progress"),
    ('waiting', "Waiting for Customer"),
    ('resolved', "Resolved"),
    ('closed', "Closed"),
    ('cancelled', "Cancelled"),
    ]
OPEN_STATES = ['registered', 'assigned', 'in_progress', 'waiting']
# While waiting for the customer the clock may stand still: no escalation
ESCALATING_STATES = ['registered', 'assigned', 'in_progress']

# What a resolved ticket's records must hold, per kind (R-REM-1): the fields
# that one record must fill together, and whether the customer's document
# must be attached to the ticket.
MANDATORY_RECORD_FIELDS = {
    'data_cleanup': ['tool', 'sql_statements'],
    'report': ['report_name', 'question', 'analysis', 'solution'],
    'admin_password': ['contact_told'],
    'bug': ['steps_to_reproduce', 'error_message'],
    }
ATTACHMENT_REQUIRED = {'data_cleanup', 'admin_password'}
# The customer's requests that go to the archive once served (R-DOC-5)
REQUEST_FORMS = {
    'data_cleanup': 'data_cleanup_request',
    'admin_password': 'password_request',
    }


def format_local_time(company, value):
    "Format a stored UTC datetime in the company's timezone"
    if value is None:
        return '-'
    timezone = company.timezone if company else None
    if timezone:
        value = value.replace(tzinfo=dt.timezone.utc).astimezone(
            ZoneInfo(timezone))
    return value.strftime('%Y-%m-%d %H:%M')


# The MIME types of the documents the reports produce
DOCUMENT_TYPES = {
    'pdf': ('application', 'pdf'),
    'odt': ('application', 'vnd.oasis.opendocument.text'),
    }


def send_notice(to, subject_id, body_id, values, attachments=()):
    """Send a transactional email: it leaves at commit, and not at all when
    the transaction rolls back.  Texts are messages in the context's
    language; attachments are (file name, extension, content)."""
    msg = EmailMessage()
    msg['Subject'] = gettext(subject_id, **values)
    msg['From'] = config.get('email', 'from')
    msg['To'] = to
    msg.set_content(gettext(body_id, **values))
    for name, ext, content in attachments:
        maintype, subtype = DOCUMENT_TYPES.get(
            ext, ('application', 'octet-stream'))
        msg.add_attachment(
            bytes(content), maintype=maintype, subtype=subtype,
            filename=f'{name}.{ext}')
    send_message_transactional(msg)


class Ticket(Workflow, ModelSQL, ModelView):
    """A customer problem, registered and followed until it is closed
    (R-SVC-1..3)."""
    __name__ = 'service.ticket'
    _rec_name = 'number'

    _states = {
        'readonly': ~Eval('state').in_(OPEN_STATES),
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': Eval('state') != 'registered'})
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))])
    phone = fields.Char("Phone", states=_states)
    site = fields.Many2One(
        'service.site', "Site", states=_states,
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    installation = fields.Many2One(
        'service.installation', "Installation", states=_states,
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            If(Eval('site'), ('site', '=', Eval('site', -1)), ()),
            ])
    product = fields.Many2One(
        'product.product', "Software", states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    warranty = fields.Function(fields.Selection([
                (None, ""),
                ('in_warranty', "In Warranty"),
                ('out_of_warranty', "Out of Warranty"),
                ], "Warranty",
            help="Whether the installation was in its service period "
            "when the ticket was registered (R-SVC-5, R-SLA-1)."),
        'on_change_with_warranty')
    channel = fields.Selection(
        CHANNELS, "Channel", required=True, states=_states, sort=False)
    kind = fields.Selection(
        KINDS, "Kind", required=True, states=_states, sort=False)
    priority = fields.Selection(
        PRIORITIES, "Priority", required=True, states=_states, sort=False)
    subject = fields.Char("Subject", required=True, states=_states)
    description = fields.Text("Description", states=_states)
    team = fields.Many2One(
        'service.department', "Team", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    engineer = fields.Many2One(
        'company.employee', "Engineer",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': ~Eval('state').in_(OPEN_STATES),
            'required': Eval('state').in_(['assigned', 'in_progress']),
            })
    records = fields.One2Many(
        'service.ticket.record', 'ticket', "Service Records",
        states={'readonly': Eval('state').in_(['closed', 'cancelled'])})
    sla_policy = fields.Many2One(
        'service.sla.policy', "Service Level", required=True,
        ondelete='RESTRICT', states={
            'readonly': ~Eval('state').in_(OPEN_STATES),
            },
        help="By default the warranty policy while the installation is in "
        "its service period (R-SLA-1), the out-of-warranty one after.")
    visit_needed = fields.Boolean(
        "Visit Needed", states={
            'readonly': ~Eval('state').in_(OPEN_STATES),
            },
        help="An engineer must go on site: the arrival time counts.")
    arrived_at = fields.DateTime(
        "Arrived On Site", states={
            'invisible': ~Eval('visit_needed', False),
            'readonly': ~Eval('state').in_(OPEN_STATES),
            })
    visits = fields.One2Many(
        'service.visit', 'ticket', "On-Site Visits", readonly=True)
    milestones = fields.One2Many(
        'service.ticket.milestone', 'ticket', "Milestones", readonly=True)
    pauses = fields.One2Many(
        'service.ticket.pause', 'ticket', "Pauses", readonly=True)
    registered_at = fields.DateTime("Registered At", readonly=True)
    registered_on = fields.Date(
        "Registered On", readonly=True,
        help="The day of registration in the company's timezone.")
    registered_by = employee_field("Registered By", states=[])
    assigned_at = fields.DateTime("Assigned At", readonly=True)
    assigned_by = employee_field("Assigned By", states=[])
    started_at = fields.DateTime("Started At", readonly=True)
    resolved_at = fields.DateTime("Resolved At", readonly=True)
    resolved_by = employee_field("Resolved By", states=[])
    closed_at = fields.DateTime("Closed At", readonly=True)
    closed_by = employee_field("Closed By", states=[])
    cancelled_by = employee_field("Cancelled By", states=[])
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.customer, Index.Range())),
                # The analysis of a period (R-SLA-1)
                Index(t,
                    (t.company, Index.Equality()),
                    (t.registered_on, Index.Range())),
                Index(t, (t.engineer, Index.Range()),
                    where=t.state.in_(OPEN_STATES)),
                Index(
                    t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state.in_(OPEN_STATES + ['resolved'])),
                })
        cls._order = [
            ('registered_at', 'DESC NULLS FIRST'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('registered', 'assigned'),
            ('assigned', 'assigned'),
            ('assigned', 'in_progress'),
            ('registered', 'in_progress'),
            ('in_progress', 'waiting'),
            ('waiting', 'in_progress'),
            ('in_progress', 'resolved'),
            ('resolved', 'in_progress'),
            ('resolved', 'closed'),
            ('registered', 'cancelled'),
            ('assigned', 'cancelled'),
            ('in_progress', 'cancelled'),
            ('waiting', 'cancelled'),
            }
        cls._buttons.update({
                'assign': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'assigned']),
                    'readonly': ~Eval('engineer'),
                    'depends': ['state', 'engineer'],
                    },
                'start': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'assigned']),
                    'depends': ['state'],
                    },
                'wait': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'resume': {
                    'invisible': Eval('state') != 'waiting',
                    'depends': ['state'],
                    },
                'resolve': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'resolved',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'resolved',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(OPEN_STATES),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'registered'

    @classmethod
    def default_channel(cls):
        return 'phone'

    @classmethod
    def default_priority(cls):
        return 'normal'

    @classmethod
    def default_kind(cls):
        return 'howto'

    @classmethod
    def sla_policy_for(cls, installation, registered_at):
        "Return the policy id for a ticket on installation (R-SLA-1)"
        pool = Pool()
        Configuration = pool.get('service.configuration')
        Installation = pool.get('service.installation')
        configuration = Configuration(1)
        in_warranty = False
        if installation is not None and installation >= 0:
            # Only the period is needed: read two columns, not the record
            period, = Installation.read(
                [installation], ['service_start', 'service_end'])
            in_warranty = Installation.service_status_on(
                registered_at.date(), period['service_start'],
                period['service_end']) == 'in_service'
        policy = (configuration.warranty_sla_policy if in_warranty
            else configuration.out_of_warranty_sla_policy)
        return policy.id if policy else None

    @fields.depends('contact', 'phone', 'customer', '_parent_customer.id')
    def on_change_contact(self):
        if self.contact:
            self.customer = self.contact.customer
            if self.contact.phone:
                self.phone = self.contact.phone

    @fields.depends(
        'installation', 'product', 'site', 'customer', '_parent_customer.id',
        '_parent_installation.product', '_parent_installation.site',
        '_parent_installation.customer', 'registered_at', 'sla_policy')
    def on_change_installation(self):
        if self.installation:
            self.product = self.installation.product
            self.customer = self.installation.customer
            if self.installation.site:
                self.site = self.installation.site
        if self.installation is None or self.installation.id >= 0:
            policy = self.sla_policy_for(
                self.installation.id if self.installation else None,
                self.registered_at or dt.datetime.now())
            if policy is not None:
                self.sla_policy = policy

    @fields.depends('phone')
    def on_change_phone(self):
        self.phone = normalize_phone(self.phone) or self.phone

    @fields.depends('installation', 'registered_at')
    def on_change_with_warranty(self, name=None):
        pool = Pool()
        Date = pool.get('ir.date')
        if not self.installation:
            return None
        if self.registered_at:
            date = self.registered_at.date()
        else:
            date = Date.today()
        status = self.installation.get_service_status(None, date=date)
        return 'in_warranty' if status == 'in_service' else 'out_of_warranty'

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('state') == 'cancelled', 'muted',
                    If(Eval('priority') == 'urgent', 'danger', ''))),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('service.configuration')
        values = super().preprocess_values(mode, values)
        if values.get('phone'):
            values['phone'] = normalize_phone(values['phone']) or values[
                'phone']
        if mode == 'create':
            values.setdefault('registered_at', dt.datetime.now())
            if 'registered_by' not in values:
                values['registered_by'] = cls.current_employee(
                    values.get('company', cls.default_company()))
            values['registered_on'] = cls.local_date(
                values.get('company', cls.default_company()),
                values['registered_at'])
            if not values.get('sla_policy'):
                values['sla_policy'] = cls.sla_policy_for(
                    values.get('installation'), values['registered_at'])
            if not values.get('number'):
                values['number'] = Configuration.next_number(
                    'ticket_sequence',
                    values.get('company', cls.default_company()))
        return values

    @staticmethod
    def local_date(company_id, value):
        "Return the day of the UTC datetime in the company's timezone"
        pool = Pool()
        Company = pool.get('company.company')
        if value is None:
            return None
        if company_id is not None:
            timezone = Company(company_id).timezone
            if timezone:
                value = value.replace(tzinfo=dt.timezone.utc).astimezone(
                    ZoneInfo(timezone))
        return value.date()

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        # At creation (field_names is None) preprocess_values has set it
        if field_names is not None and 'registered_at' in field_names:
            registered_on = self.local_date(
                self.company.id if self.company else None,
                self.registered_at)
            if getattr(self, 'registered_on', None) != registered_on:
                values['registered_on'] = registered_on
        return values

    @staticmethod
    def current_employee(company_id):
        "Return the id of the user's employee in the company, or None"
        pool = Pool()
        User = pool.get('res.user')
        Employee = pool.get('company.employee')
        context = Transaction().context
        if 'employee' in context:
            # The client sends the employee of the user's preferences, for
            # the company of the context
            employee_id = context['employee']
            if employee_id is None or context.get('company') == company_id:
                return employee_id
            employee = Employee(employee_id)
        else:
            employee = User(Transaction().user).employee
        if employee and employee.company.id == company_id:
            return employee.id

    @classmethod
    def create(cls, vlist):
        # The milestones of new tickets are computed once, after their
        # records: not by each record, and without reading back what a new
        # ticket cannot have.
        with Transaction().set_context(_service_ticket_create={
                    'records': any(v.get('records') for v in vlist)}):
            tickets = super().create(vlist)
        cls.notify_customer(tickets, 'registered')
        return tickets

    @classmethod
    def on_modification(cls, mode, tickets, field_names=None):
        super().on_modification(mode, tickets, field_names=field_names)
        if mode == 'create':
            creating = Transaction().context.get('_service_ticket_create')
            cls.update_milestones(
                tickets, created=True,
                records=None if not creating or creating['records'] else [])
        elif mode == 'write' and field_names & {
                'sla_policy', 'visit_needed', 'arrived_at', 'state',
                'registered_at', 'assigned_at', 'started_at',
                'resolved_at'}:
            cls.update_milestones(tickets)

    @classmethod
    def update_milestones(cls, tickets, created=False, records=None):
        """Compute the deadlines of the milestones from the policy and
        record which are reached; store them so that the escalation job
        reads only what is due.

        Tickets just created have neither milestones nor pauses yet: they
        are not read back, nor their records when records is given."""
        pool = Pool()
        Milestone = pool.get('service.ticket.milestone')
        now = dt.datetime.now()
        to_create, to_write, to_delete = [], [], []
        for ticket in tickets:
            wanted = ticket.compute_milestones(
                now, pauses=[] if created else None, records=records)
            existing = ({} if created
                else {m.kind: m for m in ticket.milestones})
            for kind, values in wanted.items():
                milestone = existing.pop(kind, None)
                if milestone is None:
                    to_create.append({
                            'ticket': ticket.id, 'kind': kind, **values})
                    continue
                cls._reset_notices(milestone, values)
                changes = {}
                for name, value in values.items():
                    current = getattr(milestone, name, None)
                    if isinstance(current, ModelSQL):
                        current = current.id
                    if current != value:
                        changes[name] = value
                if changes:
                    to_write.extend([[milestone], changes])
            to_delete.extend(existing.values())
        if to_create:
            Milestone.create(to_create)
        if to_write:
            Milestone.write(*to_write)
        if to_delete:
            Milestone.delete(to_delete)

    def compute_milestones(self, now, pauses=None, records=None):
        """Return the values of each milestone the ticket must keep.
        pauses: the (start, end) of the ticket's pauses, records: its service
        records; both read when None."""
        policy = self.sla_policy
        if not policy or not self.registered_at:
            return {}
        clock = policy.get_clock()
        if not policy.pause_when_waiting:
            pauses = []
        elif pauses is None:
            pauses = sorted((p.start, p.end or now) for p in self.pauses)
        if records is None:
            records = self.records
        first_record = min((r.date for r in records), default=None)
        reached = {
            'response': min(filter(None, [self.started_at, first_record]),
                default=None),
            'dispatch': self.assigned_at,
            'arrival': self.arrived_at,
            'resolution': self.resolved_at,
            }
        kinds = ['response', 'dispatch', 'resolution']
        if self.visit_needed:
            kinds.insert(2, 'arrival')
        watching = self.state in ESCALATING_STATES
        result = {}
        for kind in kinds:
            duration = policy.milestone_time(kind)
            deadline = clock.add(self.registered_at, duration)
            at_risk = clock.add(
                self.registered_at, duration * policy.at_risk_share)
            for start, end in pauses:
                lost = clock.elapsed(start, end)
                if start < deadline:
                    deadline = clock.add(deadline, lost)
                if start < at_risk:
                    at_risk = clock.add(at_risk, lost)
            reached_at = reached[kind]
            elapsed = None
            if reached_at:
                # The time the promise counted: policy time, less the pauses
                elapsed = clock.elapsed(self.registered_at, reached_at)
                for start, end in pauses:
                    elapsed -= clock.elapsed(
                        max(start, self.registered_at),
                        min(end, reached_at))
                elapsed = max(elapsed, dt.timedelta(0))
            result[kind] = {
                'company': self.company.id,
                'deadline': deadline,
                'at_risk_at': at_risk,
                'reached_at': reached_at,
                'elapsed': elapsed,
                'watched': watching and not reached_at,
                }
        return result

    @staticmethod
    def _reset_notices(milestone, values):
        "A moved deadline is a new promise: its notices are sent again"
        if getattr(milestone, 'at_risk_at', None) != values['at_risk_at']:
            values['warned_at'] = None
        if getattr(milestone, 'deadline', None) != values['deadline']:
            values['breach_notified_at'] = None
            values['escalated_at'] = None

    def local_time(self, value):
        "Format a stored UTC datetime in the company's timezone"
        return format_local_time(self.company, value)

    @property
    def customer_email(self):
        if self.contact and self.contact.email:
            return self.contact.email
        return self.customer.email

    @classmethod
    def notify_customer(cls, tickets, event):
        """Tell the customer the ticket is registered, with the promised
        times, or that it is resolved (R-SVC-1, R-SLA-1)."""
        for ticket in tickets:
            email = ticket.customer_email
            if not email:
                continue
            lang = ticket.customer.lang
            with Transaction().set_context(
                    language=lang.code if lang else None):
                ticket = cls(ticket.id)
                deadlines = {m.kind: m.deadline for m in ticket.milestones}
                values = {
                    'ticket': ticket.rec_name,
                    'subject': ticket.subject,
                    'contact': (ticket.contact.name if ticket.contact
                        else ticket.customer.rec_name),
                    'company': ticket.company.rec_name,
                    'response': ticket.local_time(
                        deadlines.get('response')),
                    'resolution': ticket.local_time(
                        deadlines.get('resolution')),
                    }
                send_notice(
                    email, f'service_center.msg_ticket_{event}_subject',
                    f'service_center.msg_ticket_{event}_body', values)

    @classmethod
    def copy(cls, tickets, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'records', 'visits', 'engineer', 'registered_at',
                'milestones', 'pauses', 'arrived_at', 'sla_policy',
                'registered_on', 'registered_by', 'assigned_at',
                'assigned_by', 'started_at',
                'resolved_at', 'resolved_by', 'closed_at', 'closed_by',
                'cancelled_by']:
            default.setdefault(name, None)
        return super().copy(tickets, default=default)

    @classmethod
    def check_modification(cls, mode, tickets, values=None, external=False):
        super().check_modification(
            mode, tickets, values=values, external=external)
        if mode == 'delete':
            for ticket in tickets:
                if ticket.state not in {'registered', 'cancelled'}:
                    raise AccessError(gettext(
                            'service_center.msg_ticket_delete_state',
                            ticket=ticket.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('assigned')
    @set_employee('assigned_by')
    def assign(cls, tickets):
        for ticket in tickets:
            if not ticket.engineer:
                raise ValidationError(gettext(
                        'service_center.msg_ticket_assign_no_engineer',
                        ticket=ticket.rec_name))
        cls.write(tickets, {'assigned_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    def start(cls, tickets):
        """Take the tickets: the first agent wins, the others are told who
        took them, instead of the transition silently skipping them."""
        pool = Pool()
        Employee = pool.get('company.employee')
        if not tickets:
            return
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        ids = [t.id for t in tickets]
        takeable = ['registered', 'assigned']
        # Compare and set: the row lock, or SQLite's write lock, makes the
        # second agent wait and then find the ticket taken.
        cursor.execute(*table.update(
                [table.state], [table.state],
                where=SQL_OPERATORS['in'](table.id, ids) & table.state.in_(takeable)))
        if cursor.rowcount != len(ids):
            cursor.execute(*table.select(
                    table.number, table.engineer,
                    where=SQL_OPERATORS['in'](table.id, ids)
                    & ~table.state.in_(takeable),
                    limit=1))
            number, engineer = cursor.fetchone()
            raise AccessError(gettext(
                    'service_center.msg_ticket_already_taken',
                    ticket=number,
                    engineer=(Employee(engineer).rec_name
                        if engineer else '-')))
        cls._start(tickets)

    @classmethod
    @Workflow.transition('in_progress')
    def _start(cls, tickets):
        pool = Pool()
        User = pool.get('res.user')
        employee = User(Transaction().user).employee
        now = dt.datetime.now()
        for ticket in tickets:
            values = {}
            if not ticket.started_at:
                values['started_at'] = now
            if not ticket.engineer:
                if not employee:
                    raise ValidationError(gettext(
                            'service_center.msg_ticket_assign_no_engineer',
                            ticket=ticket.rec_name))
                values['engineer'] = employee.id
                values.setdefault('assigned_at', now)
            if values:
                cls.write([ticket], values)

    @classmethod
    @ModelView.button
    @Workflow.transition('waiting')
    def wait(cls, tickets):
        pool = Pool()
        Pause = pool.get('service.ticket.pause')
        now = dt.datetime.now()
        Pause.save([Pause(ticket=t, start=now) for t in tickets])

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def resume(cls, tickets):
        cls.end_pauses(tickets)

    @classmethod
    def end_pauses(cls, tickets):
        pool = Pool()
        Pause = pool.get('service.ticket.pause')
        now = dt.datetime.now()
        pauses = Pause.search([
                ('ticket', 'in', [t.id for t in tickets]),
                ('end', '=', None),
                ])
        Pause.write(pauses, {'end': now})

    @classmethod
    @ModelView.button
    @Workflow.transition('resolved')
    @set_employee('resolved_by')
    def resolve(cls, tickets):
        Document = Pool().get('service.document')
        for ticket in tickets:
            ticket.check_records()
        cls.write(tickets, {'resolved_at': dt.datetime.now()})
        # The customer's written request goes to the archive (R-DOC-5)
        Document.file([Document.expect(
                    t, REQUEST_FORMS[t.kind],
                    responsible=t.engineer or t.resolved_by,
                    customer=t.customer)
                for t in tickets if t.kind in REQUEST_FORMS])
        cls.notify_customer(tickets, 'resolved')

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def reopen(cls, tickets):
        cls.write(tickets, {
                'resolved_at': None,
                'resolved_by': None,
                })

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    @set_employee('closed_by')
    def close(cls, tickets):
        cls.write(tickets, {'closed_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    @set_employee('cancelled_by')
    def cancel(cls, tickets):
        cls.end_pauses(tickets)

    def check_records(self):
        """Refuse to resolve while the service records miss what R-REM-1
        asks for this kind of ticket; name what is missing."""
        pool = Pool()
        Record = pool.get('service.ticket.record')
        Attachment = pool.get('ir.attachment')
        missing = []
        if not self.records:
            missing.append(gettext('service_center.msg_ticket_missing_record'))
        wanted = MANDATORY_RECORD_FIELDS.get(self.kind, [])
        if wanted and self.records:
            def gaps(record):
                return [f for f in wanted if not getattr(record, f)]
            best = min((gaps(r) for r in self.records), key=len)
            if best:
                strings = Record.fields_get(best)
                missing.extend(strings[f]['string'] for f in best)
        elif wanted:
            strings = Record.fields_get(wanted)
            missing.extend(strings[f]['string'] for f in wanted)
        if self.kind in ATTACHMENT_REQUIRED:
            resources = [str(self)] + [str(r) for r in self.records]
            if not Attachment.search([
                        ('resource', 'in', resources),
                        ], limit=1):
                missing.append(gettext(
                        'service_center.msg_ticket_missing_attachment_'
                        + self.kind))
        if missing:
            raise ValidationError(gettext(
                    'service_center.msg_ticket_resolve_missing',
                    ticket=self.rec_name,
                    missing=', '.join(missing)))


class TicketRecord(ModelSQL, ModelView):
    "What was done for a ticket, written after each service (R-REM-1)"
    __name__ = 'service.ticket.record'

    ticket = fields.Many2One(
        'service.ticket', "Ticket", required=True, ondelete='CASCADE')
    date = fields.DateTime("Date", required=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))])
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company')
    kind = fields.Function(
        fields.Selection(KINDS, "Kind"), 'on_change_with_kind')
    description = fields.Text("Work Done", required=True)
    duration = fields.TimeDelta("Duration")
    tool = fields.Char(
        "Tool", help="The tool used for a data clean-up.",
        states={'invisible': Eval('kind') != 'data_cleanup'})
    sql_statements = fields.Text(
        "SQL Statements", help="The exact statements run on the "
        "customer's data.",
        states={'invisible': Eval('kind') != 'data_cleanup'})
    report_name = fields.Char(
        "Report", states={'invisible': Eval('kind') != 'report'})
    question = fields.Text(
        "Customer's Question", states={'invisible': Eval('kind') != 'report'})
    analysis = fields.Text(
        "Analysis", states={'invisible': Eval('kind') != 'report'})
    solution = fields.Text(
        "Solution", states={'invisible': Eval('kind') != 'report'})
    contact_told = fields.Many2One(
        'service.customer.contact', "Contact Told the Password",
        domain=[('customer', '=', Eval('customer', -1))],
        states={'invisible': Eval('kind') != 'admin_password'})
    customer = fields.Function(
        fields.Many2One(
            'party.party', "Customer",
            context={'company': Eval('company', -1)}, depends={'company'}),
        'on_change_with_customer')
    steps_to_reproduce = fields.Text(
        "Steps to Reproduce", states={'invisible': Eval('kind') != 'bug'})
    error_message = fields.Text(
        "Error Message", states={'invisible': Eval('kind') != 'bug'})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('ticket')
        cls._order.insert(0, ('date', 'ASC'))

    @classmethod
    def default_date(cls):
        return dt.datetime.now()

    @classmethod
    def default_employee(cls):
        pool = Pool()
        User = pool.get('res.user')
        employee = User(Transaction().user).employee
        return employee.id if employee else None

    @fields.depends('ticket', '_parent_ticket.company')
    def on_change_with_company(self, name=None):
        return self.ticket.company if self.ticket else None

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        Ticket = pool.get('service.ticket')
        super().on_modification(mode, records, field_names=field_names)
        if Transaction().context.get('_service_ticket_create'):
            # Created with their ticket, which computes its milestones
            return
        if mode == 'create' or (mode == 'write' and 'date' in field_names):
            Ticket.update_milestones(
                Ticket.browse({r.ticket.id for r in records}))

    @classmethod
    def on_delete(cls, records):
        pool = Pool()
        Ticket = pool.get('service.ticket')
        callback = super().on_delete(records)
        ticket_ids = {r.ticket.id for r in records}
        if ticket_ids:
            # The tickets may be deleted with their records
            callback.append(lambda: Ticket.update_milestones(Ticket.search([
                            ('id', 'in', list(ticket_ids))])))
        return callback

    @fields.depends('ticket', '_parent_ticket.kind')
    def on_change_with_kind(self, name=None):
        return self.ticket.kind if self.ticket else None

    @fields.depends('ticket', '_parent_ticket.customer')
    def on_change_with_customer(self, name=None):
        return self.ticket.customer if self.ticket else None


class Milestone(ModelSQL, ModelView):
    """A promise of the service level on a ticket: when it must be reached,
    when it is at risk, when it was reached (R-SLA-1)."""
    __name__ = 'service.ticket.milestone'

    ticket = fields.Many2One(
        'service.ticket', "Ticket", required=True, ondelete='CASCADE')
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    kind = fields.Selection(MILESTONES, "Milestone", required=True)
    deadline = fields.DateTime("Deadline", required=True)
    at_risk_at = fields.DateTime("At Risk From", required=True)
    reached_at = fields.DateTime("Reached At")
    elapsed = fields.TimeDelta(
        "Time Taken", readonly=True,
        help="The time the service level counted until the milestone was "
        "reached: business hours where the policy says so, less the time "
        "waiting for the customer.")
    watched = fields.Boolean(
        "Watched", readonly=True,
        help="Not reached, and the ticket's clock runs: the escalation job "
        "looks at it.")
    warned_at = fields.DateTime("Warned At", readonly=True)
    breach_notified_at = fields.DateTime("Breach Notified At", readonly=True)
    escalated_at = fields.DateTime("Escalated At", readonly=True)
    status = fields.Function(fields.Selection([
                (None, ""),
                ('on_track', "On Track"),
                ('at_risk', "At Risk"),
                ('breached', "Breached"),
                ('met', "Met"),
                ('missed', "Missed"),
                ], "Status"), 'get_status')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('ticket')
        t = cls.__table__()
        cls._sql_constraints += [
            ('kind_unique', Unique(t, t.ticket, t.kind),
                'service_center.msg_ticket_milestone_unique'),
            ]
        # One partial index per notice: it holds only the milestones still
        # to be told, so the escalation job reads what is due and nothing
        # else, however many tickets the table holds.
        watched = t.watched == Literal(True)
        cls._sql_indexes.update({
                Index(t,
                    (t.company, Index.Equality()),
                    (t.at_risk_at, Index.Range()),
                    where=watched & (t.warned_at == Null)),
                Index(t,
                    (t.company, Index.Equality()),
                    (t.deadline, Index.Range()),
                    where=watched & (t.breach_notified_at == Null)),
                Index(t,
                    (t.company, Index.Equality()),
                    (t.deadline, Index.Range()),
                    where=watched & (t.escalated_at == Null)),
                })
        cls._order = [('deadline', 'ASC'), ('id', 'ASC')]

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Ticket = pool.get('service.ticket')
        table_h = cls.__table_handler__(module)
        table = cls.__table__()
        ticket = Ticket.__table__()
        cursor = Transaction().connection.cursor()
        migrate = (table_h.table_exist(cls._table)
            and not table_h.column_exist('company'))

        super().__register__(module)

        # Migration from the first release: company and watched are stored
        if migrate:
            cursor.execute(*table.update(
                    [table.company],
                    [ticket.select(
                            ticket.company,
                            where=ticket.id == table.ticket)]))
            cursor.execute(*table.update(
                    [table.watched],
                    [Literal(True)],
                    where=(table.reached_at == Null)
                    & table.ticket.in_(ticket.select(
                            ticket.id,
                            where=ticket.state.in_(ESCALATING_STATES)))))

    def get_status(self, name, now=None):
        if now is None:
            now = dt.datetime.now()
        if self.reached_at:
            return 'met' if self.reached_at <= self.deadline else 'missed'
        if self.ticket.state not in OPEN_STATES:
            return None
        if now > self.deadline:
            return 'breached'
        if now >= self.at_risk_at:
            return 'at_risk'
        return 'on_track'

    @classmethod
    def escalate(cls, now=None):
        """Warn and escalate what is due, for the company of the context
        (R-SLA-1): the engineer when a milestone is at risk, the after-sales
        supervisors when it is breached, the service managers when the
        breach stays open.

        Reads only the milestones that are due, through the partial indexes
        on at_risk_at and deadline.  The stamp of each notice is written in
        the transaction that sends it, so a rerun, or a run after a crash,
        never sends twice."""
        pool = Pool()
        Configuration = pool.get('service.configuration')
        Company = pool.get('company.company')
        company_id = Transaction().context.get('company')
        if not company_id:
            # A cron without companies runs once for each of them
            for company in Company.search([]):
                with Transaction().set_context(company=company.id):
                    cls.escalate(now=now)
            return
        if now is None:
            now = dt.datetime.now()
        configuration = Configuration(1)
        base = [
            ('watched', '=', True),
            ('company', '=', company_id),
            ]
        due = {
            'warn': cls.search(base + [
                    ('at_risk_at', '<=', now),
                    ('warned_at', '=', None),
                    ('deadline', '>', now),
                    ], order=[('at_risk_at', 'ASC')]),
            'breach': cls.search(base + [
                    ('deadline', '<=', now),
                    ('breach_notified_at', '=', None),
                    ], order=[('deadline', 'ASC')]),
            }
        delay = configuration.escalation_delay
        if delay is not None:
            due['escalate'] = cls.search(base + [
                    ('deadline', '<=', now - delay),
                    ('escalated_at', '=', None),
                    ], order=[('deadline', 'ASC')])
        stamps = {
            'warn': 'warned_at',
            'breach': 'breach_notified_at',
            'escalate': 'escalated_at',
            }
        # Recipients depend on the engineer (warn) or the company only:
        # look them up once per key, not once per milestone.
        recipients = {}
        for level, milestones in due.items():
            # The notices in each language, read in one go
            notices = defaultdict(list)
            for milestone in milestones:
                engineer = (milestone.ticket.engineer
                    if level == 'warn' else None)
                key = (level, engineer, milestone.ticket.company)
                if key not in recipients:
                    recipients[key] = milestone.recipients(level)
                for user in recipients[key]:
                    language = user.language.code if user.language else None
                    notices[language].append((milestone.id, user.email))
            for language, items in notices.items():
                cls.notify(level, items, language)
            if milestones:
                cls.write(milestones, {stamps[level]: now})

    def recipients(self, level):
        "Return the users to tell at the level"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        if level == 'warn':
            if not self.ticket.engineer:
                return []
            return User.search([
                    ('employees', '=', self.ticket.engineer.id),
                    ('email', '!=', None),
                    ])
        group = {
            'breach': 'group_after_sales_supervisor',
            'escalate': 'group_service_manager',
            }[level]
        return User.search([
                ('groups', '=', ModelData.get_id('service_center', group)),
                ('companies', '=', self.ticket.company.id),
                ('email', '!=', None),
                ])

    @classmethod
    def notify(cls, level, items, language):
        """Send the notices of the level in the language: items are pairs of
        milestone id and email address"""
        with Transaction().set_context(language=language):
            kinds = dict(cls.fields_get(['kind'])['kind']['selection'])
            milestones = cls.browse([i for i, _ in items])
            for milestone, (_, email) in zip(milestones, items):
                ticket = milestone.ticket
                values = {
                    'ticket': ticket.rec_name,
                    'customer': ticket.customer.rec_name,
                    'subject': ticket.subject,
                    'milestone': kinds[milestone.kind],
                    'deadline': ticket.local_time(milestone.deadline),
                    'engineer': (ticket.engineer.rec_name if ticket.engineer
                        else '-'),
                    }
                send_notice(
                    email, f'service_center.msg_sla_{level}_subject',
                    f'service_center.msg_sla_{level}_body', values)


class Pause(ModelSQL, ModelView):
    "A time the ticket waited for the customer"
    __name__ = 'service.ticket.pause'

    ticket = fields.Many2One(
        'service.ticket', "Ticket", required=True, ondelete='CASCADE')
    start = fields.DateTime("Start", required=True)
    end = fields.DateTime(
        "End", domain=[
            If(Eval('end'), ('end', '>=', Eval('start')), ()),
            ])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('ticket')
        cls._order = [('start', 'ASC'), ('id', 'ASC')]
