# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The catalogue of penalties and the fines it gives (R-PEN-1..10, R-HR-5,
R-HR-9, R-HR-10).

Most fines come from service events: a form handed in late or lost, a visit
never written into the service records, a remote service without its
record, a confirmed complaint.  A daily job proposes them with a link to
their evidence, never twice for the same event; the service manager
confirms; the employee may object in writing.  Confirmed fines are deducted
from that month's pay and go to the department fund."""
import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import set_employee
from trytond.modules.service_center.flow import company_today
from trytond.modules.service_center.ticket import send_notice
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction, without_check_access

from .staff import (
    EmployeeDepartmentMixin, company_zone, in_group, is_hr, is_scheduler,
    manages, to_local, user_employees, utc_now)

# The events the catalogue fines, and the rule each comes from
EVENTS = [
    ('manual', "Entered by Hand"),
    ('attitude_complaint', "Confirmed Complaint about Attitude"),
    ('attitude_complaint_again', "Confirmed Complaint about Attitude Again"),
    ('complaints', "Complaints within the Period"),
    ('form_late', "Service Form Not Handed In the Day After"),
    ('faxed_form_lost', "Faxed Request Lost"),
    ('visit_not_recorded', "Visit Not Written into the Service Records"),
    ('remote_record_missing', "Remote Service without Its Record"),
    ('implementation_form_late', "Implementation Form Not Retrieved"),
    ]
CONSEQUENCES = [
    (None, ""),
    ('written_warning', "Written Warning"),
    ('demotion', "Demotion"),
    ('dismissal', "Dismissal Proposed"),
    ('demotion_or_dismissal', "Demotion or Dismissal Proposed"),
    ]
# The service forms due the day after the service (R-PEN-3)
SERVICE_FORMS = [
    'implementation_form', 'acceptance_form', 'golive_plan',
    'feedback_form']
# Days after the implementation to retrieve its form (R-PEN-7)
IMPLEMENTATION_FORM_DAYS = 3
CENTS = Decimal('0.01')
# How far back the daily detection looks for events
LOOKBACK_DAYS = 62
# The fines that still count: a cancelled one is not proposed again
FINE_STATES = [
    ('proposed', "Proposed"),
    ('confirmed', "Confirmed"),
    ('cancelled', "Cancelled"),
    ]


def month_start(date):
    return date.replace(day=1)


class Penalty(DeactivableMixin, ModelSQL, ModelView):
    """A line of the catalogue: what is fined, how much or within which
    range, and the consequence beyond the money (R-PEN-1..7, R-HR-5, R-HR-9,
    R-HR-10).  Lines without a company apply to every company; a company's
    own line for the same event takes precedence."""
    __name__ = 'staff.penalty'
    __string__ = "Penalty"

    company = fields.Many2One(
        'company.company', "Company",
        help="Leave empty for a line of every company.")
    code = fields.Char(
        "Rule", required=True, help="The rule of the rulebook, R-PEN-3.")
    name = fields.Char("Name", required=True, translate=True)
    event = fields.Selection(
        EVENTS, "Event", required=True, sort=False,
        help="The service event that proposes the fine automatically, or "
        "by hand.")
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        domain=[('amount', '>=', 0)],
        help="The fine, or the lowest fine of a range (in yuan).")
    amount_max = fields.Numeric(
        "Highest Amount", digits=(16, 2),
        domain=[
            If(Bool(Eval('amount_max')),
                ('amount_max', '>=', Eval('amount', 0)), ()),
            ],
        help="The highest fine of a range (R-HR-9: 20-50 yuan); empty for "
        "a fixed amount.")
    open_amount = fields.Boolean(
        "Amount Case by Case",
        help="The amount is set for each case: the loss or damage borne "
        "by the employee (R-HR-5, R-HR-6, R-HR-8).")
    consequence = fields.Selection(
        CONSEQUENCES, "Consequence", sort=False,
        help="What follows beyond the money.")
    count = fields.Integer(
        "From Complaints",
        states={
            'invisible': Eval('event') != 'complaints',
            'required': Eval('event') == 'complaints',
            },
        help="How many confirmed complaints within the period propose it "
        "(R-PEN-2: 三次投诉以上, which includes three).")
    months = fields.Integer(
        "Within Months",
        states={
            'invisible': Eval('event') != 'complaints',
            'required': Eval('event') == 'complaints',
            },
        help="The period the complaints are counted in (R-PEN-2: 半年).")
    description = fields.Text("Description", translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('code', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.code} {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('code', operator, operand, *extra),
            ('name', operator, operand, *extra),
            ]

    @classmethod
    def for_event(cls, company, event):
        """Return the active line that fines event in company: the
        company's own, else the common one; None when the company fines it
        no more"""
        with without_check_access():
            penalties = cls.search([
                    ('event', '=', event),
                    ('company', 'in', [company.id, None]),
                    ])
        penalties.sort(key=lambda p: (p.company is None, p.id))
        return penalties[0] if penalties else None


class Fine(EmployeeDepartmentMixin, Workflow, ModelSQL, ModelView):
    """A fine of an employee by a line of the catalogue: proposed from its
    evidence or by hand, confirmed by the service manager, deducted from the
    month's pay (R-PEN-8) into the department fund (R-PEN-9)"""
    __name__ = 'staff.fine'
    __string__ = "Fine"

    _states = {
        'readonly': Eval('state') != 'proposed',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    penalty = fields.Many2One(
        'staff.penalty', "Penalty", required=True, states=_states,
        domain=[
            ('company', 'in', [Eval('company', -1), None]),
            If(Eval('origin'), (), ('event', '=', 'manual')),
            ],
        depends={'origin'})
    event = fields.Function(
        fields.Selection(EVENTS, "Event"), 'on_change_with_event')
    date = fields.Date(
        "Date", required=True, states=_states,
        help="The day of the event: the fine is deducted from this "
        "month's pay (R-PEN-8).")
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        domain=[('amount', '>=', 0)],
        states={
            'readonly': ((Eval('state') != 'proposed')
                | ~(Eval('amount_max') | Eval('open_amount'))),
            })
    amount_max = fields.Function(
        fields.Numeric("Highest Amount", digits=(16, 2)),
        'on_change_with_amount_max')
    open_amount = fields.Function(
        fields.Boolean("Amount Case by Case"), 'on_change_with_open_amount')
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    consequence = fields.Selection(
        CONSEQUENCES, "Consequence", sort=False, states=_states)
    origin = fields.Reference(
        "Evidence", selection='get_origins', readonly=True,
        help="The service event the fine was proposed from.")
    evidence = fields.Function(
        fields.Char(
            "Evidence Name",
            help="The service event the fine was proposed from, named for "
            "everybody who reads the fine."),
        'get_evidence')
    description = fields.Text("Description", states=_states)
    proposed_by = fields.Many2One(
        'company.employee', "Proposed By", readonly=True)
    proposed_at = fields.DateTime("Proposed At", readonly=True)
    confirmed_by = fields.Many2One(
        'company.employee', "Confirmed By", readonly=True)
    confirmed_at = fields.DateTime("Confirmed At", readonly=True)
    cancel_reason = fields.Text(
        "Reason for Cancelling",
        states={
            'readonly': ~Eval('state').in_(['proposed', 'confirmed']),
            'invisible': Eval('state') == 'proposed',
            })
    cancelled_by = fields.Many2One(
        'company.employee', "Cancelled By", readonly=True)
    objections = fields.One2Many(
        'staff.fine.objection', 'fine', "Objections", readonly=True)
    pay_month = fields.Many2One(
        'staff.pay.month', "Deducted In", readonly=True, ondelete='RESTRICT',
        help="The closed pay month it was deducted from.")
    state = fields.Selection(
        FINE_STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('origin_unique', Unique(t, t.penalty, t.employee, t.origin),
                'service_hr_rules.msg_fine_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.employee, Index.Range()),
                    (t.date, Index.Range())),
                Index(t, (t.origin, Index.Equality())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state == 'proposed'),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('proposed', 'confirmed'),
            ('proposed', 'cancelled'),
            ('confirmed', 'cancelled'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'proposed',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['proposed', 'confirmed']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'proposed'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        pool = Pool()
        Company = pool.get('company.company')
        company = cls.default_company()
        if company:
            return company_today(Company(company))

    @classmethod
    def default_proposed_at(cls):
        return utc_now()

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        get_name = IrModel.get_name
        return [(None, '')] + [(m, get_name(m)) for m in cls._get_origins()]

    @classmethod
    def _get_origins(cls):
        "The models of the service events that give fines"
        return [
            'service.document', 'service.visit', 'service.ticket',
            'service.complaint']

    def get_rec_name(self, name):
        return f'{self.penalty.code} {self.employee.rec_name} {self.date}'

    @classmethod
    def search_rec_name(cls, name, clause):
        return ['OR',
            ('employee.rec_name', *clause[1:]),
            ('penalty.rec_name', *clause[1:]),
            ]

    @classmethod
    def get_evidence(cls, fines, name):
        "The names of the evidence, whoever reads the fine"
        with without_check_access():
            return {
                fine.id: fine.origin.rec_name if fine.origin else None
                for fine in cls.browse([f.id for f in fines])}

    @fields.depends('penalty')
    def on_change_with_event(self, name=None):
        return self.penalty.event if self.penalty else None

    @fields.depends('penalty')
    def on_change_with_amount_max(self, name=None):
        return self.penalty.amount_max if self.penalty else None

    @fields.depends('penalty')
    def on_change_with_open_amount(self, name=None):
        return bool(self.penalty and self.penalty.open_amount)

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('penalty')
    def on_change_penalty(self):
        if self.penalty:
            self.amount = self.penalty.amount
            self.consequence = self.penalty.consequence

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('state') == 'proposed', 'warning',
                    If(Eval('state') == 'cancelled', 'muted', ''))),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Penalty = pool.get('staff.penalty')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('proposed_by'):
            employee = Pool().get('res.user')(Transaction().user).employee
            if employee and not is_scheduler():
                values['proposed_by'] = employee.id
        if mode == 'create' and values.get('penalty'):
            penalty = Penalty(values['penalty'])
            values.setdefault('amount', penalty.amount)
            values.setdefault('consequence', penalty.consequence)
        if values.get('amount') is not None:
            values['amount'] = Decimal(values['amount']).quantize(CENTS)
        return values

    @classmethod
    def validate_fields(cls, fines, field_names):
        super().validate_fields(fines, field_names)
        if field_names & {'amount', 'penalty'}:
            cls.check_amount(fines)

    @classmethod
    def check_amount(cls, fines):
        "The amount is the catalogue's, or within its range"
        for fine in fines:
            if fine.penalty.open_amount:
                continue
            low = fine.penalty.amount
            high = fine.penalty.amount_max or low
            if not (low <= fine.amount <= high):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_fine_amount',
                        fine=fine.rec_name, low=low, high=high))

    @classmethod
    def check_modification(cls, mode, fines, values=None, external=False):
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        super().check_modification(
            mode, fines, values=values, external=external)
        if mode == 'delete':
            for fine in fines:
                if fine.state != 'proposed' or fine.origin:
                    raise AccessError(gettext(
                            'service_hr_rules.msg_fine_delete',
                            fine=fine.rec_name))
        if mode in {'create', 'write'}:
            # A closed month takes no new fine, nor a change (R-PEN-8)
            PayMonth.check_open(fines)
        if external and mode == 'create':
            cls.check_proposer(fines)

    @classmethod
    def check_proposer(cls, fines):
        """By hand, a fine is proposed by HR, the service manager, or the
        manager of the employee's department; never by the employee"""
        if is_scheduler():
            return
        employees = user_employees()
        for fine in fines:
            if fine.employee.id in employees:
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_own',
                        fine=fine.rec_name))
            if not (is_hr() or in_group('group_service_manager')
                    or in_group('group_general_manager')
                    or manages(fine.employee)):
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_propose_rights',
                        employee=fine.employee.rec_name))

    @classmethod
    def check_decider(cls, fines):
        "Nobody confirms or cancels his own fine"
        if is_scheduler():
            return
        employees = user_employees()
        for fine in fines:
            if fine.employee.id in employees:
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_own',
                        fine=fine.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    @set_employee('confirmed_by')
    def confirm(cls, fines):
        """The service manager confirms the fine: it is deducted from the
        month's pay (R-PEN-8) and goes to the department fund (R-PEN-9)"""
        Fund = Pool().get('staff.fund')
        cls.check_decider(fines)
        # Refused by check_modification for a closed month
        cls.write(fines, {'confirmed_at': utc_now()})
        Fund.receive(fines)
        for fine in fines:
            fine.notify_employee()

    def notify_employee(self):
        """Tell the employee of the confirmed fine by email, in the user's
        language, and how to object (R-PEN-10)"""
        User = Pool().get('res.user')
        with without_check_access():
            users = User.search([
                    ('employee', '=', self.employee.id),
                    ('email', '!=', None),
                    ])
        for user in users:
            language = user.language.code if user.language else None
            with Transaction().set_context(language=language):
                fine = self.__class__(self.id)
                send_notice(
                    user.email,
                    'service_hr_rules.msg_fine_confirmed_subject',
                    'service_hr_rules.msg_fine_confirmed_body',
                    fine.notice_values())

    def notice_values(self):
        return {
            'fine': self.rec_name,
            'penalty': self.penalty.rec_name,
            'employee': self.employee.rec_name,
            'date': self.date,
            'amount': self.amount,
            'consequence': dict(self.fields_get(['consequence'])[
                    'consequence']['selection']).get(self.consequence) or '-',
            'description': self.description or '',
            }

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    @set_employee('cancelled_by')
    def cancel(cls, fines):
        """Withdraw a fine, with the reason; a confirmed one leaves the fund
        by a counter-movement, kept with the others"""
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        Fund = pool.get('staff.fund')
        cls.check_decider(fines)
        PayMonth.check_open(fines)
        for fine in fines:
            if not fine.cancel_reason:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_fine_cancel_reason',
                        fine=fine.rec_name))
        Fund.give_back([f for f in fines if f.state == 'confirmed'])

    # The detection of the fines from the service events

    @classmethod
    def detect(cls, companies=None, date=None):
        """Propose the fines of the service events known on date (today),
        for the companies (all): the complaints and lost forms of the day,
        the forms, visits and records still missing from before; return the
        new fines.  Run twice, it proposes nothing new."""
        pool = Pool()
        Company = pool.get('company.company')
        PayMonth = pool.get('staff.pay.month')
        if companies is None:
            companies = Company.search([])
        to_create = []
        for company in companies:
            today = date or company_today(company)
            with Transaction().set_context(company=company.id):
                proposals = []
                for event, detector in cls._detectors():
                    for proposal in detector(company, today):
                        proposal.setdefault('event', event)
                        proposals.append(proposal)
                closed = PayMonth.closed_months(company)
                for proposal in cls._new_proposals(company, proposals):
                    if month_start(proposal['date']) in closed:
                        continue
                    to_create.append(proposal)
        if not to_create:
            return []
        with without_check_access():
            return cls.create(to_create)

    @classmethod
    def _detectors(cls):
        """Return the detectors of the service events: (event of the
        catalogue, method yielding the values of the fines)"""
        return [
            (event, getattr(cls, f'_detect_{event}'))
            for event, _ in EVENTS
            if hasattr(cls, f'_detect_{event}')]

    @classmethod
    def detect_daily(cls):
        "The daily job: propose the fines of yesterday's events and before"
        return cls.detect()

    @classmethod
    def _new_proposals(cls, company, proposals):
        """Return the values of the proposals not yet fined, whatever the
        state of the fine, each with its catalogue line"""
        pool = Pool()
        Penalty = pool.get('staff.penalty')
        penalties = {}
        result, seen = [], set()
        origins = list({p['origin'] for p in proposals})
        existing = set()
        with without_check_access():
            for i in range(0, len(origins), 500):
                for fine in cls.search([
                            ('company', '=', company.id),
                            ('origin', 'in', origins[i:i + 500]),
                            ]):
                    existing.add((
                            fine.penalty.event, str(fine.origin),
                            fine.employee.id))
        for proposal in proposals:
            event = proposal.pop('event')
            key = (event, proposal['origin'], proposal['employee'])
            if key in existing or key in seen:
                continue
            seen.add(key)
            if event not in penalties:
                penalties[event] = Penalty.for_event(company, event)
            penalty = penalties[event]
            if not penalty:
                continue
            result.append({
                    'company': company.id,
                    'penalty': penalty.id,
                    'amount': penalty.amount,
                    'consequence': penalty.consequence,
                    'proposed_at': utc_now(),
                    **proposal,
                    })
        return result

    @classmethod
    def _detect_form_late(cls, company, today):
        """R-PEN-3: a service form not handed in by the day after the
        service"""
        Document = Pool().get('service.document')
        with without_check_access():
            documents = Document.search([
                    ('company', '=', company.id),
                    ('kind', 'in', SERVICE_FORMS),
                    ('responsible', '!=', None),
                    ('due_date', '<', today),
                    ('due_date', '>=', today - dt.timedelta(
                            days=LOOKBACK_DAYS)),
                    ])
        for document in documents:
            if document.received_date and (
                    document.received_date <= document.due_date):
                continue
            yield {
                'employee': document.responsible.id,
                'origin': str(document),
                'date': document.due_date + dt.timedelta(days=1),
                'description': gettext(
                    'service_hr_rules.msg_fine_form_late',
                    document=document.rec_name,
                    due_date=document.due_date,
                    received=document.received_date or '-'),
                }

    @classmethod
    def _detect_implementation_form_late(cls, company, today):
        """R-PEN-7: the implementation form not retrieved within three days
        after the implementation"""
        Document = Pool().get('service.document')
        days = dt.timedelta(days=IMPLEMENTATION_FORM_DAYS)
        with without_check_access():
            documents = Document.search([
                    ('company', '=', company.id),
                    ('kind', '=', 'implementation_form'),
                    ('responsible', '!=', None),
                    ('service_date', '!=', None),
                    ('service_date', '<', today - days),
                    ('service_date', '>=', today - dt.timedelta(
                            days=LOOKBACK_DAYS)),
                    ])
        for document in documents:
            limit = document.service_date + days
            if document.received_date and document.received_date <= limit:
                continue
            yield {
                'employee': document.responsible.id,
                'origin': str(document),
                'date': limit + dt.timedelta(days=1),
                'description': gettext(
                    'service_hr_rules.msg_fine_implementation_form_late',
                    document=document.rec_name,
                    service_date=document.service_date,
                    received=document.received_date or '-'),
                }

    @classmethod
    def _detect_faxed_form_lost(cls, company, today):
        "R-PEN-4: a faxed request of the customer lost, per sheet"
        Document = Pool().get('service.document')
        with without_check_access():
            documents = Document.search([
                    ('company', '=', company.id),
                    ('faxed', '=', True),
                    ('responsible', '!=', None),
                    ('state', '=', 'lost'),
                    ('lost_date', '<=', today),
                    ('lost_date', '>=', today - dt.timedelta(
                            days=LOOKBACK_DAYS)),
                    ])
        for document in documents:
            yield {
                'employee': document.responsible.id,
                'origin': str(document),
                'date': document.lost_date,
                'description': gettext(
                    'service_hr_rules.msg_fine_faxed_form_lost',
                    document=document.rec_name,
                    lost_date=document.lost_date,
                    note=document.note or ''),
                }

    @classmethod
    def _detect_visit_not_recorded(cls, company, today):
        """R-PEN-5: a visit still on site at the end of the day after the
        arrival: the engineers never checked out, so the visit never went
        into the ticket's service records"""
        Visit = Pool().get('service.visit')
        zone = company_zone(company)
        since = dt.datetime.combine(
            today - dt.timedelta(days=LOOKBACK_DAYS), dt.time())
        with without_check_access():
            visits = Visit.search([
                    ('company', '=', company.id),
                    ('state', '=', 'on_site'),
                    ('checked_in_at', '!=', None),
                    ('checked_in_at', '>=', since),
                    ])
        for visit in visits:
            day = to_local(visit.checked_in_at, zone).date()
            if day + dt.timedelta(days=1) >= today or not visit.engineers:
                continue
            for engineer in visit.engineers:
                yield {
                    'employee': engineer.id,
                    'origin': str(visit),
                    'date': day + dt.timedelta(days=1),
                    'description': gettext(
                        'service_hr_rules.msg_fine_visit_not_recorded',
                        visit=visit.rec_name, date=day),
                    }

    @classmethod
    def _detect_remote_record_missing(cls, company, today):
        """R-PEN-6: a remote service started before yesterday whose ticket
        still lacks the record R-REM-1 asks for its kind"""
        Ticket = Pool().get('service.ticket')
        zone = company_zone(company)
        since = dt.datetime.combine(
            today - dt.timedelta(days=LOOKBACK_DAYS), dt.time())
        with without_check_access():
            tickets = Ticket.search([
                    ('company', '=', company.id),
                    ('visit_needed', '=', False),
                    ('engineer', '!=', None),
                    ('started_at', '!=', None),
                    ('started_at', '>=', since),
                    ('state', '!=', 'cancelled'),
                    ])
            for ticket in tickets:
                day = to_local(ticket.started_at, zone).date()
                if day + dt.timedelta(days=1) >= today:
                    continue
                try:
                    ticket.check_records()
                except ValidationError as exception:
                    missing = exception.message
                else:
                    continue
                yield {
                    'employee': ticket.engineer.id,
                    'origin': str(ticket),
                    'date': day + dt.timedelta(days=1),
                    'description': gettext(
                        'service_hr_rules.msg_fine_remote_record_missing',
                        ticket=ticket.rec_name, date=day, missing=missing),
                    }

    @classmethod
    def _confirmed_complaints(cls, company, employee_ids=None, **clauses):
        Complaint = Pool().get('service.complaint')
        domain = [
            ('company', '=', company.id),
            ('state', '=', 'closed'),
            ('confirmed', '=', True),
            ('employee', '!=', None),
            ]
        if employee_ids is not None:
            domain.append(('employee', 'in', employee_ids))
        for name, clause in clauses.items():
            domain.append((name, *clause))
        with without_check_access():
            return Complaint.search(
                domain, order=[('registered_at', 'ASC'), ('id', 'ASC')])

    @classmethod
    def _detect_attitude_complaint(cls, company, today):
        """R-PEN-1: a confirmed complaint about an employee's attitude is
        fined the first time; the next one proposes dismissal"""
        zone = company_zone(company)
        since = dt.datetime.combine(
            today - dt.timedelta(days=LOOKBACK_DAYS), dt.time())
        recent = [c for c in cls._confirmed_complaints(
                company, closed_at=('>=', since))
            if c.about_attitude]
        if not recent:
            return
        earlier = cls._confirmed_complaints(
            company, employee_ids=list({c.employee.id for c in recent}))
        for complaint in recent:
            day = to_local(complaint.closed_at, zone).date()
            if day > today:
                continue
            before = [c for c in earlier
                if c.employee == complaint.employee and c.about_attitude
                and (c.closed_at, c.id) < (complaint.closed_at, complaint.id)]
            yield {
                'event': (
                    'attitude_complaint_again' if before
                    else 'attitude_complaint'),
                'employee': complaint.employee.id,
                'origin': str(complaint),
                'date': day,
                'description': gettext(
                    'service_hr_rules.msg_fine_attitude_complaint',
                    complaint=complaint.rec_name, count=len(before) + 1),
                }

    @classmethod
    def _detect_complaints(cls, company, today):
        """R-PEN-2: so many confirmed complaints about an employee within
        the period propose demotion or dismissal, once per period"""
        pool = Pool()
        Penalty = pool.get('staff.penalty')
        penalty = Penalty.for_event(company, 'complaints')
        if not penalty or not penalty.count or not penalty.months:
            return
        zone = company_zone(company)
        since = dt.datetime.combine(
            today - relativedelta(months=penalty.months)
            - dt.timedelta(days=LOOKBACK_DAYS), dt.time())
        complaints = cls._confirmed_complaints(
            company, registered_at=('>=', since))
        by_employee = {}
        for complaint in complaints:
            by_employee.setdefault(complaint.employee, []).append(complaint)
        with without_check_access():
            fined = cls.search([
                    ('company', '=', company.id),
                    ('employee', 'in', [e.id for e in by_employee]),
                    ('penalty.event', '=', 'complaints'),
                    ])
        last_fined = {}
        for fine in fined:
            origin = fine.origin
            at = origin.registered_at if origin else None
            if at and (fine.employee not in last_fined
                    or last_fined[fine.employee] < at):
                last_fined[fine.employee] = at
        for employee, complaints in by_employee.items():
            for complaint in complaints:
                day = to_local(complaint.closed_at, zone).date()
                if day > today:
                    continue
                start = complaint.registered_at - relativedelta(
                    months=penalty.months)
                window = [c for c in complaints
                    if start < c.registered_at <= complaint.registered_at]
                if len(window) < penalty.count:
                    continue
                # One proposal per period: not again while the complaints
                # that gave the last one are still counted
                last = last_fined.get(employee)
                if last and last > start:
                    continue
                last_fined[employee] = complaint.registered_at
                yield {
                    'employee': employee.id,
                    'origin': str(complaint),
                    'date': day,
                    'description': gettext(
                        'service_hr_rules.msg_fine_complaints',
                        count=len(window), months=penalty.months,
                        complaints=', '.join(c.rec_name for c in window)),
                    }


class FineObjection(Workflow, ModelSQL, ModelView):
    """The employee's written objection to a fine, to the service manager
    who decides; kept with its decision (R-PEN-10)"""
    __name__ = 'staff.fine.objection'
    __string__ = "Objection to a Fine"

    fine = fields.Many2One(
        'staff.fine', "Fine", required=True, ondelete='CASCADE',
        domain=[
            If(Eval('state') == 'filed',
                ('state', 'in', ['proposed', 'confirmed']), ()),
            ],
        states={'readonly': Eval('id', -1) >= 0})
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    employee = fields.Function(
        fields.Many2One('company.employee', "Employee"),
        'on_change_with_employee', searcher='search_employee')
    text = fields.Text(
        "Objection", required=True,
        states={'readonly': Eval('state') != 'filed'},
        help="The objection in writing (以书面报告形式).")
    filed_at = fields.DateTime("Filed At", readonly=True)
    decision = fields.Text(
        "Decision", states={'readonly': Eval('state') != 'filed'})
    decided_by = fields.Many2One(
        'company.employee', "Decided By", readonly=True)
    decided_at = fields.DateTime("Decided At", readonly=True)
    state = fields.Selection([
            ('filed', "Filed"),
            ('upheld', "Upheld"),
            ('rejected', "Rejected"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('fine')
        cls._order = [('filed_at', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('filed', 'upheld'),
            ('filed', 'rejected'),
            }
        cls._buttons.update({
                'uphold': {
                    'invisible': Eval('state') != 'filed',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state') != 'filed',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'filed'

    @classmethod
    def default_filed_at(cls):
        return utc_now()

    @fields.depends('fine', '_parent_fine.company')
    def on_change_with_company(self, name=None):
        return self.fine.company if self.fine else None

    @classmethod
    def search_company(cls, name, clause):
        return [('fine.company' + clause[0][len(name):], *clause[1:])]

    @fields.depends('fine', '_parent_fine.employee')
    def on_change_with_employee(self, name=None):
        return self.fine.employee if self.fine else None

    @classmethod
    def search_employee(cls, name, clause):
        return [('fine.employee' + clause[0][len(name):], *clause[1:])]

    def get_rec_name(self, name):
        return self.fine.rec_name

    @classmethod
    def check_modification(
            cls, mode, objections, values=None, external=False):
        super().check_modification(
            mode, objections, values=values, external=external)
        if mode == 'delete' and external:
            for objection in objections:
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_objection_delete',
                        fine=objection.fine.rec_name))
        if mode == 'write' and external:
            for objection in objections:
                if objection.state != 'filed':
                    raise AccessError(gettext(
                            'service_hr_rules.msg_fine_objection_decided',
                            fine=objection.fine.rec_name))
        if mode == 'create':
            cls.check_filing(objections, external)

    @classmethod
    def check_filing(cls, objections, external):
        """Only the fined employee objects, to a fine still open, one
        objection at a time"""
        employees = user_employees()
        for objection in objections:
            fine = objection.fine
            if external and not is_scheduler() and (
                    fine.employee.id not in employees):
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_objection_own',
                        fine=fine.rec_name))
            if fine.state not in {'proposed', 'confirmed'} or fine.pay_month:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_fine_objection_state',
                        fine=fine.rec_name))
            with without_check_access():
                if cls.search([
                            ('fine', '=', fine.id),
                            ('state', '=', 'filed'),
                            ('id', '!=', objection.id),
                            ], limit=1):
                    raise ValidationError(gettext(
                            'service_hr_rules.msg_fine_objection_pending',
                            fine=fine.rec_name))

    @classmethod
    def _check_decision(cls, objections):
        employees = user_employees()
        for objection in objections:
            if not is_scheduler() and objection.fine.employee.id in employees:
                raise AccessError(gettext(
                        'service_hr_rules.msg_fine_own',
                        fine=objection.fine.rec_name))
            if not objection.decision:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_fine_objection_decision',
                        fine=objection.fine.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('upheld')
    @set_employee('decided_by')
    def uphold(cls, objections):
        "The objection is right: the fine is withdrawn with the decision"
        pool = Pool()
        Fine = pool.get('staff.fine')
        cls._check_decision(objections)
        fines = []
        for objection in objections:
            fine = objection.fine
            if fine.state in {'proposed', 'confirmed'}:
                fine.cancel_reason = objection.decision
                fines.append(fine)
        if fines:
            Fine.save(fines)
            Fine.cancel(fines)
        cls.write(objections, {'decided_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('rejected')
    @set_employee('decided_by')
    def reject(cls, objections):
        "The fine stands; the decision says why"
        cls._check_decision(objections)
        cls.write(objections, {'decided_at': utc_now()})
