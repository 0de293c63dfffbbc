# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Program-modification requests (R-CHG-1..5): the customer's stamped
requirement, the engineer's confirmed requirement, the service manager's
review and estimated completion date, the date told to the customer and any
delay told before it passes, the developer's work, the requester's test, the
customer's update and opinion.  A software bug is filed the same way with
its steps to reproduce and error message (R-REM-1 items 4 and 5)."""
import datetime as dt
from zoneinfo import ZoneInfo

from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .flow import FlowMixin, Recipients
from .ticket import CHANNELS

# The states in which the promised date is watched: the work is not done
WATCHED_STATES = ['promised']
# How long before the promised date the engineer is reminded to finish or
# to tell the customer of a delay
WARN_BEFORE = dt.timedelta(days=1)
# Tickets that need a request with a promised date before they are resolved
# (R-REM-1 items 4 and 5)
TICKET_KINDS = {'program_change': 'modification', 'bug': 'bug'}
PROMISED_STATES = ['promised', 'developed', 'tested', 'updated', 'closed']


class ChangeRequest(FlowMixin, Workflow, ModelSQL, ModelView):
    "A customer's program-modification request, or a software bug"
    __name__ = 'service.change_request'
    _delete_message = ('service_center.msg_change_request_delete', 'request')
    _number_sequence = 'change_request_sequence'
    _notice_messages = 'service_center.msg_change_request'
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    kind = fields.Selection([
            ('modification', "Program Modification"),
            ('bug', "Software Bug"),
            ], "Kind", required=True, states=_states, sort=False)
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))])
    installation = fields.Many2One(
        'service.installation', "Installation", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('customer', '=', Eval('customer', -1)),
            ])
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ])
    channel = fields.Selection(
        CHANNELS, "Channel", required=True, states=_states, sort=False)
    requirement = fields.Text(
        "Customer's Requirement", required=True, states=_states,
        help="What the customer wrote on the request (R-CHG-1).")
    customer_form = fields.Binary(
        "Customer's Request Form", filename='customer_form_name',
        states=_states,
        help="The scan or fax of the request the customer filled in and "
        "stamped (R-CHG-1).")
    customer_form_name = fields.Char(
        "Form File Name", states=_states)
    stamped = fields.Boolean(
        "Stamped with the Customer's Seal", states=_states)
    steps_to_reproduce = fields.Text(
        "Steps to Reproduce", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'bug',
            'required': Eval('kind') == 'bug',
            })
    error_message = fields.Text(
        "Error Message", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'bug',
            'required': Eval('kind') == 'bug',
            })
    engineer = fields.Many2One(
        'company.employee', "Engineer", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))],
        help="Who confirms the requirement with the customer, tells the "
        "dates and tests the work (the requester).")
    confirmed_requirement = fields.Text(
        "Confirmed Requirement", states=_states,
        help="The requirement as confirmed with the customer (R-CHG-2).")
    confirmed_at = fields.DateTime("Confirmed At", readonly=True)

    review_opinion = fields.Text(
        "Review Opinion", states={
            'readonly': Eval('state') != 'confirmed',
            },
        help="The service manager's opinion (R-CHG-3).")
    estimated_date = fields.Date(
        "Estimated Completion", states={
            'readonly': Eval('state') != 'confirmed',
            },
        help="The completion date the service manager estimates "
        "(R-CHG-3).")
    reviewed_at = fields.DateTime("Reviewed At", readonly=True)
    reviewed_by = employee_field("Reviewed By", states=[])

    told_to = fields.Many2One(
        'service.customer.contact', "Told To",
        domain=[('customer', '=', Eval('customer', -1))],
        states={
            'readonly': Eval('state') != 'reviewed',
            },
        help="The customer's contact told the completion date (R-CHG-4).")
    promised_date = fields.Date(
        "Promised Date", readonly=True,
        help="The completion date told to the customer, moved only by a "
        "delay told in time (R-CHG-4).")
    promised_at = fields.DateTime("Told At", readonly=True)
    warn_date = fields.Date("Reminder Date", readonly=True)
    warned_at = fields.DateTime("Reminded At", readonly=True)
    escalated_at = fields.DateTime("Escalated At", readonly=True)
    delays = fields.One2Many(
        'service.change_request.delay', 'request', "Delays", readonly=True)
    delay_date = fields.Date(
        "New Date", states={
            'readonly': Eval('state') != 'promised',
            'invisible': Eval('state') != 'promised',
            },
        help="The new completion date to tell the customer.")
    delay_reason = fields.Text(
        "Reason for the Delay", states={
            'readonly': Eval('state') != 'promised',
            'invisible': Eval('state') != 'promised',
            })

    developer = fields.Many2One(
        'company.employee', "Developer",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': ~Eval('state').in_(['reviewed', 'promised']),
            })
    development_notes = fields.Text(
        "Development Notes", states={
            'readonly': Eval('state') != 'promised',
            })
    developed_at = fields.DateTime("Developed At", readonly=True)
    test_notes = fields.Text(
        "Test Notes", states={
            'readonly': Eval('state') != 'developed',
            },
        help="What the requester tested and found (R-CHG-5).")
    tested_at = fields.DateTime("Tested At", readonly=True)
    tested_by = employee_field("Tested By", states=[])
    test_failures = fields.Integer("Failed Tests", readonly=True)
    updated_at = fields.DateTime(
        "Customer Updated At", readonly=True,
        help="When the customer's program was updated (R-CHG-5).")
    updated_by = employee_field("Updated By", states=[])
    customer_opinion = fields.Text(
        "Customer's Opinion", states={
            'readonly': Eval('state') != 'updated',
            },
        help="The customer's opinion of the modification, recorded as "
        "feedback (R-CHG-5).")
    closed_at = fields.DateTime("Closed At", readonly=True)
    promise = fields.Function(fields.Selection([
                (None, ""),
                ('on_track', "On Track"),
                ('due', "Due Soon"),
                ('missed', "Missed"),
                ('kept', "Kept"),
                ('late', "Kept Late"),
                ], "Promise"), 'get_promise')
    state = fields.Selection([
            ('draft', "Draft"),
            ('confirmed', "Confirmed"),
            ('reviewed', "Reviewed"),
            ('promised', "In Development"),
            ('developed', "Developed"),
            ('tested', "Tested"),
            ('updated', "Customer Updated"),
            ('closed', "Closed"),
            ('rejected', "Rejected"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.warn_date, Index.Range()),
                    where=(t.state == 'promised') & (t.warned_at == Null)),
                Index(t, (t.promised_date, Index.Range()),
                    where=(t.state == 'promised')
                    & (t.escalated_at == Null)),
                })
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'confirmed'),
            ('confirmed', 'reviewed'),
            ('confirmed', 'rejected'),
            ('reviewed', 'promised'),
            ('promised', 'developed'),
            ('developed', 'tested'),
            ('developed', 'promised'),
            ('tested', 'updated'),
            ('updated', 'closed'),
            ('draft', 'cancelled'),
            ('confirmed', 'cancelled'),
            ('reviewed', 'cancelled'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'review': {
                    'invisible': Eval('state') != 'confirmed',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state') != 'confirmed',
                    'depends': ['state'],
                    },
                'promise_': {
                    # Visible once confirmed: without the review it is
                    # refused with the reason (R-CHG-3)
                    'invisible': ~Eval('state').in_(
                        ['confirmed', 'reviewed']),
                    'depends': ['state'],
                    },
                'announce_delay': {
                    'invisible': Eval('state') != 'promised',
                    'readonly': ~Eval('delay_date'),
                    'depends': ['state', 'delay_date'],
                    },
                'develop': {
                    'invisible': Eval('state') != 'promised',
                    'depends': ['state'],
                    },
                'pass_test': {
                    'invisible': Eval('state') != 'developed',
                    'depends': ['state'],
                    },
                'fail_test': {
                    'invisible': Eval('state') != 'developed',
                    'depends': ['state'],
                    },
                'update': {
                    'invisible': Eval('state') != 'tested',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'updated',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'confirmed', 'reviewed']),
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
    def default_kind(cls):
        return 'modification'

    @classmethod
    def default_channel(cls):
        return 'fax'

    @classmethod
    def default_engineer(cls):
        Ticket = Pool().get('service.ticket')
        company = cls.default_company()
        return Ticket.current_employee(company) if company else None

    @classmethod
    def default_test_failures(cls):
        return 0

    @fields.depends('ticket', 'engineer', '_parent_ticket.customer',
        '_parent_ticket.contact', '_parent_ticket.installation',
        '_parent_ticket.engineer', '_parent_ticket.kind',
        '_parent_ticket.company', '_parent_ticket.subject',
        '_parent_ticket.description', '_parent_ticket.records')
    def on_change_ticket(self):
        if not self.ticket:
            return
        for name, value in self.ticket.change_request_values().items():
            if name == 'engineer' and self.engineer:
                continue
            setattr(self, name, value)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('promise') == 'missed', 'danger',
                    If(Eval('promise') == 'due', 'warning', ''))),
            ]

    def get_promise(self, name, today=None):
        if not self.promised_date:
            return None
        if self.developed_at:
            done = self.developed_at
            if self.company.timezone:
                done = done.replace(tzinfo=dt.timezone.utc).astimezone(
                    ZoneInfo(self.company.timezone))
            return 'kept' if done.date() <= self.promised_date else 'late'
        if self.state != 'promised':
            return None
        if today is None:
            today = self._today()
        if today > self.promised_date:
            return 'missed'
        if self.warn_date and today >= self.warn_date:
            return 'due'
        return 'on_track'

    @classmethod
    def copy(cls, requests, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'confirmed_at', 'review_opinion', 'estimated_date',
                'reviewed_at', 'reviewed_by', 'told_to', 'promised_date',
                'promised_at', 'warn_date', 'warned_at', 'escalated_at',
                'delays', 'delay_date', 'delay_reason', 'developer',
                'development_notes', 'developed_at', 'test_notes',
                'tested_at', 'tested_by', 'test_failures', 'updated_at',
                'updated_by', 'customer_opinion', 'closed_at']:
            default.setdefault(name, None)
        return super().copy(requests, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, requests):
        """The engineer confirmed the requirement with the customer and
        files the request; the customer's original goes to administration
        (R-CHG-1, R-CHG-2, R-DOC-4)"""
        Document = Pool().get('service.document')
        for request in requests:
            missing = request._missing(
                ['confirmed_requirement', 'customer_form'])
            if not request.stamped:
                missing.append(request.fields_get(
                        ['stamped'])['stamped']['string'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_confirm_missing',
                        request=request.rec_name,
                        missing=', '.join(missing)))
        cls.write(requests, {'confirmed_at': dt.datetime.now()})
        Document.file([Document.expect(
                    r, 'change_request_form', responsible=r.engineer,
                    customer=r.customer)
                for r in requests])

    @classmethod
    @ModelView.button
    @Workflow.transition('reviewed')
    @set_employee('reviewed_by')
    def review(cls, requests):
        """The service manager's opinion and estimated completion date
        (R-CHG-3)"""
        for request in requests:
            missing = request._missing(['review_opinion', 'estimated_date'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_review_missing',
                        request=request.rec_name,
                        missing=', '.join(missing)))
            if request.estimated_date < request._today():
                raise ValidationError(gettext(
                        'service_center.msg_change_request_estimate_past',
                        request=request.rec_name))
        cls.write(requests, {'reviewed_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('rejected')
    @set_employee('reviewed_by')
    def reject(cls, requests):
        for request in requests:
            if not request.review_opinion:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_reject_opinion',
                        request=request.rec_name))
        cls.write(requests, {'reviewed_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    def promise_(cls, requests):
        """Tell the customer the estimated date: only once the service
        manager reviewed the request (R-CHG-3, R-CHG-4)"""
        for request in requests:
            if request.state != 'reviewed':
                raise ValidationError(gettext(
                        'service_center.msg_change_request_not_reviewed',
                        request=request.rec_name))
            if not request.told_to:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_told_to',
                        request=request.rec_name))
        cls._promise(requests)

    @classmethod
    @Workflow.transition('promised')
    def _promise(cls, requests):
        now = dt.datetime.now()
        for request in requests:
            request.promised_date = request.estimated_date
            request.promised_at = now
            request.warn_date = request.estimated_date - WARN_BEFORE
        cls.save(requests)

    @classmethod
    @ModelView.button
    def announce_delay(cls, requests):
        """Tell the customer of a delay before the promised date passes
        (R-CHG-4): the new date is watched again."""
        pool = Pool()
        Delay = pool.get('service.change_request.delay')
        Ticket = pool.get('service.ticket')
        now = dt.datetime.now()
        delays = []
        for request in requests:
            if request.state != 'promised':
                continue
            today = request._today()
            if not request.delay_date or not request.delay_reason:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_delay_missing',
                        request=request.rec_name))
            if request.delay_date <= max(request.promised_date, today):
                raise ValidationError(gettext(
                        'service_center.msg_change_request_delay_date',
                        request=request.rec_name))
            delays.append(Delay(
                    request=request,
                    previous_date=request.promised_date,
                    new_date=request.delay_date,
                    reason=request.delay_reason,
                    told_to=request.told_to,
                    announced_at=now,
                    announced_by=Ticket.current_employee(
                        request.company.id),
                    in_time=today <= request.promised_date))
            request.promised_date = request.delay_date
            request.warn_date = request.delay_date - WARN_BEFORE
            request.delay_date = None
            request.delay_reason = None
            request.warned_at = None
            request.escalated_at = None
        Delay.save(delays)
        cls.save(requests)

    @classmethod
    @ModelView.button
    @Workflow.transition('developed')
    def develop(cls, requests):
        "The developer finished (R-CHG-5)"
        Ticket = Pool().get('service.ticket')
        for request in requests:
            if not request.development_notes:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_no_notes',
                        request=request.rec_name))
            if not request.developer:
                request.developer = Ticket.current_employee(
                    request.company.id)
            request.developed_at = dt.datetime.now()
        cls.save(requests)

    @classmethod
    def _check_test(cls, requests):
        for request in requests:
            if not request.test_notes:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_no_test_notes',
                        request=request.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('tested')
    @set_employee('tested_by')
    def pass_test(cls, requests):
        "The requester's test passed (R-CHG-5)"
        cls._check_test(requests)
        cls.write(requests, {'tested_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('promised')
    def fail_test(cls, requests):
        """The requester's test failed: back to the developer, the work is
        not done and the promise is watched again (R-CHG-5)"""
        cls._check_test(requests)
        for request in requests:
            request.test_failures = (request.test_failures or 0) + 1
            request.developed_at = None
            request.development_notes = '\n\n'.join(filter(None, [
                        request.development_notes,
                        gettext('service_center.msg_change_request_failed',
                            notes=request.test_notes)]))
            request.test_notes = None
        cls.save(requests)

    @classmethod
    @ModelView.button
    @Workflow.transition('updated')
    @set_employee('updated_by')
    def update(cls, requests):
        "The customer's program was updated (R-CHG-5)"
        cls.write(requests, {'updated_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, requests):
        "The customer's opinion is recorded as feedback (R-CHG-5)"
        for request in requests:
            if not request.customer_opinion:
                raise ValidationError(gettext(
                        'service_center.msg_change_request_no_opinion',
                        request=request.rec_name))
        cls.write(requests, {'closed_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, requests):
        pass

    @classmethod
    def watch_promises(cls, today=None):
        """Remind the engineer the day before the promised date, and tell
        the service managers once when a promised date passed without the
        work done or a delay told (R-CHG-4).  Each once per promised
        date."""
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        now = dt.datetime.now()
        recipients = Recipients()
        # The scheduler runs the job for each of its companies
        company_id = Transaction().context.get('company')
        companies = (Company.browse([company_id]) if company_id is not None
            else Company.search([]))
        for company in companies:
            with Transaction().set_context(company=company.id):
                day = today or Date.today()
            due = cls.search([
                    ('company', '=', company.id),
                    ('state', '=', 'promised'),
                    ('warned_at', '=', None),
                    ('warn_date', '<=', day),
                    ('promised_date', '>=', day),
                    ])
            missed = cls.search([
                    ('company', '=', company.id),
                    ('state', '=', 'promised'),
                    ('escalated_at', '=', None),
                    ('promised_date', '<', day),
                    ])
            for request in missed:
                for user in recipients.of_group(company):
                    request.notify_staff(user, 'missed')
            for request in due:
                for user in recipients.of_employee(request.engineer):
                    request.notify_staff(user, 'due')
            if missed:
                cls.write(missed, {'escalated_at': now})
            if due:
                cls.write(due, {'warned_at': now})

    def notice_values(self):
        return {
            'request': self.rec_name,
            'customer': self.customer.rec_name,
            'promised': self.promised_date.isoformat(),
            'engineer': self.engineer.rec_name,
            'requirement': self.confirmed_requirement or self.requirement,
            }


class Delay(ModelSQL, ModelView):
    "A delay of a program modification, told to the customer (R-CHG-4)"
    __name__ = 'service.change_request.delay'

    request = fields.Many2One(
        'service.change_request', "Request", required=True,
        ondelete='CASCADE', readonly=True)
    previous_date = fields.Date("Previous Date", readonly=True)
    new_date = fields.Date("New Date", readonly=True)
    reason = fields.Text("Reason", readonly=True)
    told_to = fields.Many2One(
        'service.customer.contact', "Told To", readonly=True)
    announced_at = fields.DateTime("Told At", readonly=True)
    announced_by = fields.Many2One(
        'company.employee', "Told By", readonly=True)
    in_time = fields.Boolean(
        "Told in Time", readonly=True,
        help="Told before the previous date passed (R-CHG-4).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('request')
        cls._order.insert(0, ('announced_at', 'ASC'))


class Ticket(metaclass=PoolMeta):
    __name__ = 'service.ticket'

    change_requests = fields.One2Many(
        'service.change_request', 'ticket', "Program Modifications",
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'file_change_request': {
                    'invisible': (~Eval('kind').in_(list(TICKET_KINDS))
                        | ~Eval('state').in_(
                            ['assigned', 'in_progress', 'waiting'])),
                    'depends': ['kind', 'state'],
                    },
                })

    def change_request_values(self):
        """The request filed from this ticket: a bug keeps the steps to
        reproduce and the error message of its records (R-REM-1 item 5)"""
        values = {
            'company': self.company,
            'customer': self.customer,
            'contact': self.contact,
            'installation': self.installation,
            'kind': TICKET_KINDS.get(self.kind, 'modification'),
            'requirement': self.description or self.subject,
            'engineer': self.engineer,
            }
        for record in reversed(self.records or []):
            if getattr(record, 'steps_to_reproduce', None):
                values['steps_to_reproduce'] = record.steps_to_reproduce
                values['error_message'] = record.error_message
                break
        return values

    @classmethod
    @ModelView.button_action('service_center.act_change_request_from_ticket')
    def file_change_request(cls, tickets):
        pool = Pool()
        Request = pool.get('service.change_request')
        requests = []
        for ticket in tickets:
            if ticket.change_requests:
                continue
            values = ticket.change_request_values()
            values = {k: getattr(v, 'id', v) for k, v in values.items()}
            values['ticket'] = ticket.id
            values['channel'] = ticket.channel
            if not values.get('engineer'):
                values['engineer'] = cls.current_employee(
                    ticket.company.id)
            requests.append(values)
        if requests:
            Request.create(requests)

    def check_records(self):
        """A program modification or a bug is resolved only once its
        request has a completion date told to the customer (R-REM-1 items 4
        and 5, R-CHG-4)"""
        super().check_records()
        if self.kind in TICKET_KINDS and not any(
                r.state in PROMISED_STATES for r in self.change_requests):
            raise ValidationError(gettext(
                    'service_center.msg_ticket_change_request_missing',
                    ticket=self.rec_name))
