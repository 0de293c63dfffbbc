# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""On-site visits (R-VIS-1..4), the service feedback form the customer signs
(R-VIS-4, R-DOC-2) and the return visit of the next day (R-CRM-1..3)."""
import datetime as dt
import hashlib
from collections import defaultdict
import json

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .flow import FlowMixin, OfficeReport, Recipients, company_today
from .ticket import OPEN_STATES, format_local_time, send_notice

RATINGS = [
    (None, ""),
    ('5', "Very Satisfied"),
    ('4', "Satisfied"),
    ('3', "Fair"),
    ('2', "Dissatisfied"),
    ('1', "Very Dissatisfied"),
    ]
LINE_RESULTS = [
    ('solved', "Solved"),
    ('partly', "Partly Solved"),
    ('open', "Open"),
    ]


class Visit(FlowMixin, Workflow, ModelSQL, ModelView):
    """An engineer's visit to a customer: the arrival agreed with the
    customer, the service manager's approval before anyone leaves, the
    times on site and the work done in each department (R-VIS-1..4)."""
    __name__ = 'service.visit'
    _delete_message = ('service_center.msg_visit_delete_state', 'visit')
    _number_sequence = 'visit_sequence'
    _rec_name = 'number'

    _states = {
        'readonly': ~Eval('state').in_(['draft', 'requested']),
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': Eval('state') != 'draft'})
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ])
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    site = fields.Many2One(
        'service.site', "Site", states=_states,
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))],
        help="Who agreed the arrival time and leads the engineers on site.")
    window_start = fields.DateTime(
        "Arrival From", states={
            'readonly': _states['readonly'],
            'required': Eval('state') != 'draft',
            },
        help="The arrival time agreed with the customer (R-VIS-1).")
    window_end = fields.DateTime(
        "Arrival Until",
        domain=[
            If(Eval('window_start') & Eval('window_end'),
                ('window_end', '>=', Eval('window_start')), ()),
            ],
        states={
            'readonly': _states['readonly'],
            'required': Eval('state') != 'draft',
            })
    engineers = fields.Many2Many(
        'service.visit-company.employee', 'visit', 'employee', "Engineers",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': _states['readonly'],
            'required': Eval('state') != 'draft',
            })
    purpose = fields.Text("Purpose", required=True, states=_states)
    requested_by = employee_field("Requested By", states=[])
    requested_at = fields.DateTime("Requested At", readonly=True)
    approved_by = employee_field("Approved By", states=[])
    approved_at = fields.DateTime("Approved At", readonly=True)
    checked_in_at = fields.DateTime("Checked In", readonly=True)
    checked_out_at = fields.DateTime("Checked Out", readonly=True)
    lines = fields.One2Many(
        'service.visit.line', 'visit', "Work Done",
        states={'readonly': Eval('state') != 'on_site'},
        help="The work done in each department the customer led the "
        "engineers to (R-VIS-3).")
    feedback_forms = fields.One2Many(
        'service.feedback', 'visit', "Feedback Forms", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('on_site', "On Site"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('window_start', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'requested'),
            ('requested', 'approved'),
            ('approved', 'on_site'),
            ('on_site', 'done'),
            ('requested', 'draft'),
            ('cancelled', 'draft'),
            ('draft', 'cancelled'),
            ('requested', 'cancelled'),
            ('approved', 'cancelled'),
            }
        cls._buttons.update({
                'request': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                # Visible before the approval too: pressing it tells why
                # nobody may leave yet (R-VIS-2)
                'check_in': {
                    'invisible': ~Eval('state').in_(
                        ['requested', 'approved']),
                    'depends': ['state'],
                    },
                'check_out': {
                    'invisible': Eval('state') != 'on_site',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'requested', 'approved']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(
                        ['requested', 'cancelled']),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('ticket', '_parent_ticket.customer',
        '_parent_ticket.site', '_parent_ticket.contact',
        '_parent_ticket.subject', 'purpose')
    def on_change_ticket(self):
        if self.ticket:
            self.customer = self.ticket.customer
            self.site = self.ticket.site
            self.contact = self.ticket.contact
            if not self.purpose:
                self.purpose = self.ticket.subject

    @classmethod
    def copy(cls, visits, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'lines', 'feedback_forms', 'requested_by',
                'requested_at', 'approved_by', 'approved_at',
                'checked_in_at', 'checked_out_at']:
            default.setdefault(name, None)
        return super().copy(visits, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    @set_employee('requested_by')
    def request(cls, visits):
        "Fill in the on-site service application (R-VIS-2)"
        cls.write(visits, {'requested_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, visits):
        "The service manager signs the application (R-VIS-2)"
        cls.write(visits, {'approved_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    def check_in(cls, visits):
        """Arrive on site: only with the approved application (R-VIS-2);
        the arrival counts for the ticket's service level (R-SLA-1)."""
        pool = Pool()
        Ticket = pool.get('service.ticket')
        for visit in visits:
            if visit.state != 'approved':
                raise AccessError(gettext(
                        'service_center.msg_visit_not_approved',
                        visit=visit.rec_name))
        now = dt.datetime.now()
        cls._check_in(visits)
        cls.write(visits, {'checked_in_at': now})
        tickets = [v.ticket for v in visits
            if v.ticket and not v.ticket.arrived_at
            and v.ticket.state in OPEN_STATES]
        if tickets:
            Ticket.write(tickets, {'visit_needed': True, 'arrived_at': now})

    @classmethod
    @Workflow.transition('on_site')
    def _check_in(cls, visits):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def check_out(cls, visits):
        """Leave the site: the visit is written in the ticket's service
        records and the customer's feedback form is expected (R-VIS-4)."""
        pool = Pool()
        Record = pool.get('service.ticket.record')
        Feedback = pool.get('service.feedback')
        now = dt.datetime.now()
        records, forms = [], []
        results = dict(pool.get('service.visit.line').fields_get(
                ['result'])['result']['selection'])
        for visit in visits:
            if not visit.lines:
                raise ValidationError(gettext(
                        'service_center.msg_visit_no_work',
                        visit=visit.rec_name))
            summary = visit.work_summary(results)
            if visit.ticket and visit.ticket.state in OPEN_STATES:
                records.append({
                        'ticket': visit.ticket.id,
                        'date': visit.checked_in_at or now,
                        'employee': (visit.engineers[0].id
                            if visit.engineers else None),
                        'duration': now - (visit.checked_in_at or now),
                        'description': summary,
                        })
            forms.append({
                    'company': visit.company.id,
                    'visit': visit.id,
                    'ticket': visit.ticket.id if visit.ticket else None,
                    'customer': visit.customer.id,
                    'result': summary,
                    })
        cls.write(visits, {'checked_out_at': now})
        if records:
            Record.create(records)
        feedbacks = Feedback.create(forms)
        cls.expect_forms(visits, feedbacks)

    @classmethod
    def expect_forms(cls, visits, feedbacks):
        """The approved application and the signed feedback form are due
        the day after the service (R-DOC-1, R-DOC-2, R-PEN-3)"""
        Document = Pool().get('service.document')
        vlist = []
        for visit, feedback in zip(visits, feedbacks):
            responsible = visit.engineers[0] if visit.engineers else None
            vlist.append(Document.expect(
                    visit, 'service_application', responsible=responsible,
                    customer=visit.customer))
            vlist.append(Document.expect(
                    feedback, 'feedback_form', responsible=responsible,
                    customer=visit.customer))
        Document.file(vlist)

    def work_summary(self, results):
        "The work done, a line per department; results: the result labels"
        return '\n'.join(
            f"{line.department}: {line.work} ({results[line.result]})"
            for line in self.lines)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, visits):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, visits):
        cls.write(visits, {
                'requested_by': None, 'requested_at': None,
                })


class VisitEngineer(ModelSQL):
    "Visit - Engineer"
    __name__ = 'service.visit-company.employee'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('visit')

    visit = fields.Many2One(
        'service.visit', "Visit", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Engineer", required=True, ondelete='CASCADE')


class VisitLine(ModelSQL, ModelView):
    "The work done in one department of the customer (R-VIS-3)"
    __name__ = 'service.visit.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('visit')

    visit = fields.Many2One(
        'service.visit', "Visit", required=True, ondelete='CASCADE')
    department = fields.Char(
        "Department", required=True,
        help="The customer's department the engineers were led to.")
    person = fields.Char("Person Met")
    work = fields.Text("Work Done", required=True)
    result = fields.Selection(LINE_RESULTS, "Result", required=True)

    @classmethod
    def default_result(cls):
        return 'solved'


class Feedback(Workflow, ModelSQL, ModelView):
    """The service feedback form: the result and the customer's opinion,
    signed by the customer's responsible person, on paper (scan attached) or
    electronically (R-VIS-4, R-DOC-2)."""
    __name__ = 'service.feedback'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    visit = fields.Many2One(
        'service.visit', "Visit", states=_states, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    signer = fields.Many2One(
        'service.customer.contact', "Responsible Person", states={
            'readonly': _states['readonly'],
            'required': Eval('state') != 'draft',
            },
        domain=[('customer', '=', Eval('customer', -1))],
        help="The customer's responsible person who signs the form.")
    result = fields.Text("Result", states=_states)
    opinion = fields.Text("Customer's Opinion", states=_states)
    rating_attitude = fields.Selection(
        RATINGS, "Service Attitude", sort=False, states=_states)
    rating_skill = fields.Selection(
        RATINGS, "Technical Level", sort=False, states=_states)
    rating_result = fields.Selection(
        RATINGS, "Result of the Service", sort=False, states=_states)
    signature_kind = fields.Selection([
            (None, ""),
            ('paper', "Signed Paper Form (Scan)"),
            ('electronic', "Electronic Signature"),
            ], "Signature", states=_states)
    signature = fields.Binary(
        "Signature Image", states={
            'readonly': _states['readonly'],
            'invisible': Eval('signature_kind') != 'electronic',
            })
    signer_name = fields.Char(
        "Signed By", states={
            'readonly': _states['readonly'],
            'invisible': Eval('signature_kind') != 'electronic',
            },
        help="The name the signer wrote.")
    signed_at = fields.DateTime("Signed At", readonly=True)
    content_hash = fields.Char(
        "Content Fingerprint", readonly=True,
        help="SHA-256 of the form's content when it was signed.")
    altered = fields.Function(fields.Boolean(
            "Altered After Signing",
            help="The content no longer matches what was signed."),
        'get_altered')
    received_by = employee_field("Received By", states=[])
    received_at = fields.DateTime("Received At", readonly=True)
    return_visits = fields.One2Many(
        'service.return_visit', 'feedback', "Return Visits", readonly=True)
    state = fields.Selection([
            ('draft', "Expected"),
            ('signed', "Signed"),
            ('received', "Received"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'signed'),
            ('signed', 'received'),
            }
        cls._buttons.update({
                'sign': {
                    'invisible': Eval('state') != 'draft',
                    'readonly': ~Bool(Eval('signature_kind')),
                    'depends': ['state', 'signature_kind'],
                    },
                'receive': {
                    'invisible': Eval('state') != 'signed',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('visit', 'signer', '_parent_visit.customer',
        '_parent_visit.ticket', '_parent_visit.contact')
    def on_change_visit(self):
        if self.visit:
            self.customer = self.visit.customer
            self.ticket = self.visit.ticket
            if not self.signer:
                self.signer = self.visit.contact

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Pool().get(
                'service.configuration').next_number(
                'feedback_sequence',
                values.get('company', cls.default_company()))
        return values

    @classmethod
    def check_modification(cls, mode, forms, values=None, external=False):
        super().check_modification(
            mode, forms, values=values, external=external)
        if mode == 'delete':
            for form in forms:
                if form.state != 'draft':
                    raise AccessError(gettext(
                            'service_center.msg_feedback_delete_signed',
                            form=form.rec_name))

    def signed_content(self):
        "The content the signature covers, in a stable form"
        content = {
            'number': self.number,
            'company': self.company.id,
            'customer': self.customer.id,
            'visit': self.visit.id if self.visit else None,
            'ticket': self.ticket.id if self.ticket else None,
            'signer': self.signer.id if self.signer else None,
            'result': self.result or '',
            'opinion': self.opinion or '',
            'rating_attitude': self.rating_attitude,
            'rating_skill': self.rating_skill,
            'rating_result': self.rating_result,
            'signer_name': self.signer_name or '',
            'signed_at': (self.signed_at.isoformat()
                if self.signed_at else None),
            'signature': (hashlib.sha256(self.signature).hexdigest()
                if self.signature else None),
            }
        return json.dumps(content, sort_keys=True, ensure_ascii=False)

    def compute_hash(self):
        return hashlib.sha256(
            self.signed_content().encode('utf-8')).hexdigest()

    def get_altered(self, name):
        if self.signature_kind != 'electronic' or not self.content_hash:
            return False
        return self.compute_hash() != self.content_hash

    @classmethod
    @ModelView.button
    @Workflow.transition('signed')
    def sign(cls, forms):
        """Record the responsible person's signature: the scan of the signed
        paper form attached, or the drawn signature with the signer's name,
        time and the fingerprint of the content (R-VIS-4)."""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        # Stored to the second: the fingerprint must cover what is stored
        now = dt.datetime.now().replace(microsecond=0)
        for form in forms:
            missing = []
            if not form.signer:
                missing.append(cls.fields_get(['signer'])['signer']['string'])
            if not (form.result or form.opinion):
                missing.append(cls.fields_get(['result'])['result']['string'])
            if form.signature_kind == 'electronic':
                for name in ['signature', 'signer_name']:
                    if not getattr(form, name):
                        missing.append(
                            cls.fields_get([name])[name]['string'])
            elif form.signature_kind == 'paper':
                if not Attachment.search(
                        [('resource', '=', str(form))], limit=1):
                    missing.append(gettext(
                            'service_center.msg_feedback_missing_scan'))
            else:
                missing.append(cls.fields_get(
                        ['signature_kind'])['signature_kind']['string'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_feedback_sign_missing',
                        form=form.rec_name, missing=', '.join(missing)))
        for form in forms:
            if form.signature_kind == 'electronic':
                form.signed_at = now
                form.content_hash = form.compute_hash()
        cls.save(forms)

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    @set_employee('received_by')
    def receive(cls, forms):
        """Customer relations receive the form: the return visit is planned
        for the next day (R-DOC-2, R-CRM-1)."""
        pool = Pool()
        ReturnVisit = pool.get('service.return_visit')
        Document = pool.get('service.document')
        cls.write(forms, {'received_at': dt.datetime.now()})
        Document.handed_in(forms, 'feedback_form')
        vlist = []
        for form in forms:
            today = company_today(form.company)
            vlist.append({
                    'company': form.company.id,
                    'customer': form.customer.id,
                    'feedback': form.id,
                    'contact': form.signer.id if form.signer else None,
                    'planned_date': today + dt.timedelta(days=1),
                    'specialist': ReturnVisit.specialist_for(
                        form.company.id),
                    })
        ReturnVisit.create(vlist)


class ReturnVisit(Workflow, ModelSQL, ModelView):
    """A call back to the customer after a service: attitude, technical
    level and result (R-CRM-1, R-CRM-2).  Open questions or unsolved history
    go to the service manager, who must assign someone (R-CRM-3)."""
    __name__ = 'service.return_visit'

    _states = {
        'readonly': ~Eval('state').in_(['planned']),
        }

    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': Eval('state') != 'planned'})
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))])
    feedback = fields.Many2One(
        'service.feedback', "Feedback Form", readonly=True,
        ondelete='RESTRICT')
    complaint = fields.Many2One(
        'service.complaint', "Complaint", readonly=True,
        ondelete='RESTRICT',
        help="The handled complaint the customer is called back about "
        "(R-CRM-2).")
    specialist = fields.Many2One(
        'company.employee', "Return-Visit Specialist", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    planned_date = fields.Date("Planned Date", required=True, states=_states)
    called_at = fields.DateTime("Called At", readonly=True)
    rating_attitude = fields.Selection(
        RATINGS, "Service Attitude", sort=False, states=_states)
    rating_skill = fields.Selection(
        RATINGS, "Technical Level", sort=False, states=_states)
    rating_result = fields.Selection(
        RATINGS, "Result of the Service", sort=False, states=_states)
    notes = fields.Text("Notes", states=_states)
    open_questions = fields.Text(
        "Open Questions", states=_states,
        help="Questions the customer still has: they go to the service "
        "manager (R-CRM-3).")
    unsolved_history = fields.Boolean(
        "Unsolved History", states=_states,
        help="A problem of the past is still not solved (R-CRM-3).")
    escalated_at = fields.DateTime("Escalated At", readonly=True)
    assignment_deadline = fields.DateTime(
        "Assign Before", readonly=True,
        help="The service manager must assign someone by then (R-CRM-3).")
    reminded_at = fields.DateTime("Manager Reminded At", readonly=True)
    assignee = fields.Many2One(
        'company.employee', "Assigned To",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'escalated',
            'invisible': ~Eval('state').in_(['escalated', 'assigned']),
            })
    assigned_by = employee_field("Assigned By", states=[])
    assigned_at = fields.DateTime("Assigned At", readonly=True)
    state = fields.Selection([
            ('planned', "Planned"),
            ('done', "Done"),
            ('escalated', "To Assign"),
            ('assigned', "Assigned"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('planned_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('planned', 'done'),
            ('planned', 'escalated'),
            ('escalated', 'assigned'),
            ('planned', 'cancelled'),
            }
        cls._buttons.update({
                'record_call': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state'],
                    },
                'assign': {
                    'invisible': Eval('state') != 'escalated',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'planned',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def specialist_for(cls, company_id):
        """The employee of the first return-visit specialist of the company
        (R-CRM-2)"""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        group = ModelData.get_id(
            'service_center', 'group_return_visit_specialist')
        for user in User.search([
                    ('groups', '=', group),
                    ('employees.company', '=', company_id),
                    ], order=[('id', 'ASC')]):
            for employee in user.employees:
                if employee.company.id == company_id:
                    return employee.id

    def get_rec_name(self, name):
        return f"{self.customer.rec_name} @ {self.planned_date}"

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('customer.rec_name',) + tuple(clause[1:])]

    @classmethod
    @ModelView.button
    def record_call(cls, visits):
        """Record the call: with open questions or unsolved history it goes
        straight to the service manager (R-CRM-3)."""
        pool = Pool()
        Configuration = pool.get('service.configuration')
        now = dt.datetime.now()
        for visit in visits:
            if not (visit.rating_attitude and visit.rating_skill
                    and visit.rating_result):
                raise ValidationError(gettext(
                        'service_center.msg_return_visit_ratings',
                        visit=visit.rec_name))
        delay = (Configuration(1).return_visit_assignment_time
            or dt.timedelta(0))
        escalate = [v for v in visits
            if v.open_questions or v.unsolved_history]
        done = [v for v in visits if v not in escalate]
        cls.write(visits, {'called_at': now})
        if done:
            cls._done(done)
        if escalate:
            cls._escalate(escalate)
            cls.write(escalate, {
                    'escalated_at': now,
                    'assignment_deadline': now + delay,
                    })
            cls.notify_managers(escalate, 'escalated')

    @classmethod
    @Workflow.transition('done')
    def _done(cls, visits):
        pass

    @classmethod
    @Workflow.transition('escalated')
    def _escalate(cls, visits):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('assigned')
    @set_employee('assigned_by')
    def assign(cls, visits):
        "The service manager assigns someone to the open questions (R-CRM-3)"
        for visit in visits:
            if not visit.assignee:
                raise ValidationError(gettext(
                        'service_center.msg_return_visit_no_assignee',
                        visit=visit.rec_name))
        cls.write(visits, {'assigned_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, visits):
        pass

    @classmethod
    def notify_managers(cls, visits, event):
        """Email the service managers of each visit's company, in their
        language; each language's visits are read in one go"""
        recipients = Recipients()
        notices = defaultdict(list)
        for visit in visits:
            for user in recipients.of_group(visit.company):
                language = user.language.code if user.language else None
                notices[language].append((visit.id, user.email))
        for language, items in notices.items():
            with Transaction().set_context(language=language):
                records = cls.browse([i for i, _ in items])
                for record, (_, email) in zip(records, items):
                    values = {
                        'customer': record.customer.rec_name,
                        'questions': record.open_questions or '-',
                        'specialist': (record.specialist.rec_name
                            if record.specialist else '-'),
                        'deadline': format_local_time(
                            record.company, record.assignment_deadline),
                        }
                    send_notice(
                        email,
                        f'service_center.msg_return_visit_{event}_subject',
                        f'service_center.msg_return_visit_{event}_body',
                        values)

    @classmethod
    def remind_overdue(cls, now=None):
        """Remind the service managers, once, of escalated return visits
        nobody was assigned to in time (R-CRM-3)"""
        if now is None:
            now = dt.datetime.now()
        overdue = cls.search([
                ('state', '=', 'escalated'),
                ('assignment_deadline', '<=', now),
                ('reminded_at', '=', None),
                ])
        if overdue:
            cls.notify_managers(overdue, 'overdue')
            cls.write(overdue, {'reminded_at': now})


class FeedbackForm(OfficeReport):
    """The printable service feedback form, in Chinese and English
    (R-VIS-4)"""
    __name__ = 'service.feedback.form'
