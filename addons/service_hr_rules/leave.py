# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Leave (R-HR-2): approved in advance by the department manager, from
three working days on by HR too; the work handed over; closed with HR after
the return, sick leave with the hospital's certificate."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import set_employee
from trytond.modules.service_center.flow import FlowMixin
from trytond.modules.service_center.party import normalize_phone
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .staff import (
    EmployeeDepartmentMixin, current_employee, in_group, is_hr, is_scheduler,
    manages, user_employees, utc_now)

LEAVE_TYPES = [
    ('annual', "Annual Leave"),
    ('personal', "Personal Leave"),
    ('sick', "Sick Leave"),
    ('marriage', "Marriage Leave"),
    ('maternity', "Maternity Leave"),
    ('paternity', "Paternity Leave"),
    ('bereavement', "Bereavement Leave"),
    ('compensatory', "Time Off in Lieu"),
    ]
STATES = [
    ('draft', "Draft"),
    ('requested', "Requested"),
    ('waiting_hr', "Waiting for HR"),
    ('approved', "Approved"),
    ('taken', "On Leave"),
    ('closed', "Closed"),
    ('refused', "Refused"),
    ('cancelled', "Cancelled"),
    ]
# Set by the buttons only, never written by a user
PROTECTED_FIELDS = {
    'state', 'requested_at', 'requested_by', 'approved_at',
    'approved_by', 'hr_approved_at', 'hr_approved_by', 'refused_by',
    'closed_at', 'closed_by'}
# Changed only as a draft
DRAFT_FIELDS = {'company', 'employee', 'type', 'from_date', 'to_date'}
ACTIVE_STATES = ['draft', 'requested', 'waiting_hr', 'approved', 'taken',
    'closed']


class Leave(EmployeeDepartmentMixin, FlowMixin, Workflow, ModelSQL, ModelView):
    """A leave request: approved in advance by the department manager, and
    from three working days on by HR as well; the work handed over to a
    colleague; closed with HR after the return (销假) (R-HR-2)"""
    __name__ = 'staff.leave'
    _delete_message = ('service_hr_rules.msg_leave_delete', 'leave')

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    type = fields.Selection(
        LEAVE_TYPES, "Type", required=True, states=_states, sort=False)
    from_date = fields.Date(
        "From Date", required=True, states=_states,
        domain=[
            If(Eval('to_date'),
                ('from_date', '<=', Eval('to_date', None)), ()),
            ])
    to_date = fields.Date(
        "To Date", required=True, states=_states,
        domain=[
            If(Eval('from_date'),
                ('to_date', '>=', Eval('from_date', None)), ()),
            ])
    days = fields.Integer(
        "Working Days", readonly=True,
        help="The working days in the period: weekends and public holidays "
        "do not count, make-up workdays do.")
    hr_needed = fields.Function(fields.Boolean(
            "HR Approval Needed",
            help="From this length on HR approves after the department "
            "manager (R-HR-2)."),
        'get_hr_needed')
    reason = fields.Text("Reason", states=_states)
    handover = fields.Text(
        "Handover", states={
            'readonly': ~Eval('state').in_(['draft', 'requested']),
            },
        help="The work handed over before leaving (R-HR-2).")
    substitute = fields.Many2One(
        'company.employee', "Taken Over By",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('employee', -1)),
            ],
        states={
            'readonly': ~Eval('state').in_(['draft', 'requested']),
            },
        help="The colleague who takes over the work.")
    contact_phone = fields.Char(
        "Reachable At", states={
            'readonly': ~Eval('state').in_(
                ['draft', 'requested', 'waiting_hr', 'approved']),
            },
        help="The phone on which the employee stays reachable during the "
        "leave (R-HR-2).")
    certificate = fields.Binary(
        "Hospital Certificate", filename='certificate_name',
        states={
            'invisible': Eval('type') != 'sick',
            'readonly': Eval('state').in_(['closed', 'cancelled']),
            },
        help="The certificate of a regular hospital, needed to close a "
        "sick leave.")
    certificate_name = fields.Char(
        "Certificate Name", states={
            'invisible': Eval('type') != 'sick',
            'readonly': Eval('state').in_(['closed', 'cancelled']),
            })
    requested_by = fields.Many2One(
        'company.employee', "Requested By", readonly=True)
    requested_at = fields.DateTime("Requested At", readonly=True)
    reported_at = fields.DateTime(
        "Reported At",
        domain=[
            If(Eval('reported_at') & Eval('requested_at'),
                ('reported_at', '<=', Eval('requested_at')), ()),
            ],
        states={
            'readonly': ~Eval('state').in_(['draft', 'requested']),
            },
        help="When the employee told the department manager, when it was "
        "before the request was entered: the phone call before work of a "
        "sick employee.  Vouched for by the manager who approves.")
    approved_by = fields.Many2One(
        'company.employee', "Approved By", readonly=True,
        help="The department manager who approved.")
    approved_at = fields.DateTime("Approved At", readonly=True)
    hr_approved_by = fields.Many2One(
        'company.employee', "Approved by HR", readonly=True)
    hr_approved_at = fields.DateTime("Approved by HR At", readonly=True)
    refused_by = fields.Many2One(
        'company.employee', "Refused By", readonly=True)
    closed_by = fields.Many2One(
        'company.employee', "Closed By", readonly=True,
        help="HR, when the employee came back (销假).")
    closed_at = fields.DateTime("Closed At", readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.employee, Index.Range()),
                    (t.from_date, Index.Range()),
                    (t.to_date, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state.in_(['requested', 'waiting_hr', 'approved',
                            'taken'])),
                })
        cls._order = [('from_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'requested'),
            ('requested', 'approved'),
            ('requested', 'waiting_hr'),
            ('waiting_hr', 'approved'),
            ('approved', 'taken'),
            ('taken', 'closed'),
            ('requested', 'refused'),
            ('waiting_hr', 'refused'),
            ('draft', 'cancelled'),
            ('requested', 'cancelled'),
            ('waiting_hr', 'cancelled'),
            ('approved', 'cancelled'),
            ('cancelled', 'draft'),
            ('refused', 'draft'),
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
                'hr_approve': {
                    'invisible': Eval('state') != 'waiting_hr',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(
                        ['requested', 'waiting_hr']),
                    'depends': ['state'],
                    },
                'take': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'taken',
                    'readonly': (Eval('type') == 'sick')
                    & ~Bool(Eval('certificate_name')),
                    'depends': ['state', 'type', 'certificate_name'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'requested', 'waiting_hr', 'approved']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(['cancelled', 'refused']),
                    'icon': If(Eval('state') == 'cancelled',
                        'tryton-undo', 'tryton-back'),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_employee(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_type(cls):
        return 'annual'

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        types = dict(self.fields_get(['type'])['type']['selection'])
        return '%s: %s %s - %s' % (
            self.employee.rec_name, types.get(self.type, ''),
            lang.strftime(self.from_date), lang.strftime(self.to_date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    def get_hr_needed(self, name):
        Configuration = Pool().get('staff.configuration')
        if self.days is None or not self.company:
            return False
        return self.days >= Configuration(1).get_multivalue(
            'leave_hr_days', company=self.company.id)

    def compute_days(self):
        "The working days from the first to the last day of the leave"
        Configuration = Pool().get('staff.configuration')
        if not (self.company and self.from_date and self.to_date):
            return None
        if self.to_date < self.from_date:
            return 0
        calendar = Configuration.working_calendar(
            self.company, range(self.from_date.year, self.to_date.year + 1))
        day, days = self.from_date, 0
        while day <= self.to_date:
            days += calendar.is_working_day(day)
            day += dt.timedelta(days=1)
        return days

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        if (field_names is None
                or field_names & {'company', 'from_date', 'to_date', 'days'}):
            days = self.compute_days()
            if getattr(self, 'days', None) != days:
                values['days'] = days
        return values

    @fields.depends('company', 'from_date', 'to_date')
    def on_change_with_days(self):
        return self.compute_days()

    @fields.depends('contact_phone')
    def on_change_contact_phone(self):
        self.contact_phone = normalize_phone(self.contact_phone) or (
            self.contact_phone)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('contact_phone'):
            values['contact_phone'] = normalize_phone(
                values['contact_phone']) or values['contact_phone']
        return values

    @classmethod
    def validate_fields(cls, leaves, field_names):
        super().validate_fields(leaves, field_names)
        cls.check_overlap(leaves, field_names)
        for leave in leaves:
            if leave.contact_phone and not normalize_phone(
                    leave.contact_phone):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_phone_invalid',
                        phone=leave.contact_phone, leave=leave.rec_name))
            if leave.substitute and leave.substitute == leave.employee:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_substitute_self',
                        leave=leave.rec_name))

    @classmethod
    def check_overlap(cls, leaves, field_names=None):
        "An employee takes one leave at a time"
        if field_names and not field_names & {
                'employee', 'from_date', 'to_date', 'state'}:
            return
        for leave in leaves:
            if leave.state not in ACTIVE_STATES:
                continue
            others = cls.search([
                    ('employee', '=', leave.employee.id),
                    ('id', '!=', leave.id),
                    ('state', 'in', ACTIVE_STATES),
                    ('from_date', '<=', leave.to_date),
                    ('to_date', '>=', leave.from_date),
                    ], limit=1)
            if others:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_overlap',
                        leave=leave.rec_name, other=others[0].rec_name))

    @classmethod
    def check_modification(cls, mode, leaves, values=None, external=False):
        super().check_modification(
            mode, leaves, values=values, external=external)
        if mode != 'write':
            if mode == 'create' and external:
                for leave in leaves:
                    if leave.state != 'draft' or any(
                            getattr(leave, n)
                            for n in PROTECTED_FIELDS - {'state'}):
                        raise AccessError(gettext(
                                'service_hr_rules.msg_leave_protected',
                                leave=leave.rec_name))
            return
        if external and values.keys() & PROTECTED_FIELDS:
            raise AccessError(gettext(
                    'service_hr_rules.msg_leave_protected',
                    leave=leaves[0].rec_name if leaves else ''))
        if values.keys() & DRAFT_FIELDS:
            for leave in leaves:
                if leave.state != 'draft':
                    raise AccessError(gettext(
                            'service_hr_rules.msg_leave_modify_state',
                            leave=leave.rec_name))
        if values.get('reported_at'):
            # Vouched for by the manager's approval
            for leave in leaves:
                if leave.state not in {'draft', 'requested'}:
                    raise AccessError(gettext(
                            'service_hr_rules.msg_leave_modify_state',
                            leave=leave.rec_name))

    @classmethod
    def copy(cls, leaves, default=None):
        default = default.copy() if default is not None else {}
        for name in PROTECTED_FIELDS - {'state'}:
            default.setdefault(name, None)
        default.setdefault('reported_at', None)
        default.setdefault('certificate', None)
        default.setdefault('certificate_name', None)
        return super().copy(leaves, default=default)

    def attendance_key(self):
        return (self.employee.id, self.from_date, self.to_date)

    @property
    def asked_at(self):
        """When the manager was asked: a day counts as leave only when it
        was asked before the day's start of work (R-HR-2)"""
        if self.reported_at and self.requested_at:
            return min(self.reported_at, self.requested_at)
        return self.requested_at

    @classmethod
    def on_modification(cls, mode, leaves, field_names=None):
        "The days already classified follow the leave"
        super().on_modification(mode, leaves, field_names=field_names)
        if mode == 'write' and not field_names & {
                'state', 'employee', 'from_date', 'to_date',
                'requested_at', 'reported_at'}:
            return
        if mode in {'create', 'write'}:
            Pool().get('staff.attendance.day').reclassify(
                {l.attendance_key() for l in leaves})

    @classmethod
    def on_write(cls, leaves, values):
        callbacks = super().on_write(leaves, values)
        if values.keys() & {'employee', 'from_date', 'to_date'}:
            keys = {l.attendance_key() for l in leaves}
            Day = Pool().get('staff.attendance.day')
            callbacks.append(lambda: Day.reclassify(keys))
        return callbacks

    @classmethod
    def on_delete(cls, leaves):
        keys = {l.attendance_key() for l in leaves}
        Day = Pool().get('staff.attendance.day')
        return super().on_delete(leaves) + [lambda: Day.reclassify(keys)]

    # Server-side checks of the approvals: the buttons' groups are enforced
    # only over RPC

    @classmethod
    def check_manager(cls, leaves, message):
        """The department manager of the employee (or one above), or the
        general manager; never the employee"""
        if is_scheduler():
            return
        general_manager = in_group('group_general_manager')
        own = set(user_employees())
        for leave in leaves:
            if leave.employee.id in own or not (
                    manages(leave.employee) or general_manager):
                raise AccessError(gettext(
                        message, leave=leave.rec_name,
                        employee=leave.employee.rec_name))

    @classmethod
    def check_hr(cls, leaves, message):
        "HR, never for the employee's own leave"
        if is_scheduler():
            return
        hr = is_hr()
        own = set(user_employees())
        for leave in leaves:
            if not hr or leave.employee.id in own:
                raise AccessError(gettext(message, leave=leave.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    @set_employee('requested_by')
    def request(cls, leaves):
        "Ask the department manager, with the work handed over (R-HR-2)"
        for leave in leaves:
            missing = leave._missing(
                ['handover', 'substitute', 'contact_phone'])
            if missing:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_request_missing',
                        leave=leave.rec_name, missing=', '.join(missing)))
            if not leave.days:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_no_working_day',
                        leave=leave.rec_name))
        now = utc_now()
        for leave in leaves:
            if leave.reported_at and leave.reported_at > now:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_reported_future',
                        leave=leave.rec_name))
        cls.write(leaves, {'requested_at': now})

    @classmethod
    @ModelView.button
    def approve(cls, leaves):
        """The department manager approves; a leave from three working days
        on waits for HR as well (R-HR-2)"""
        leaves = [l for l in leaves if l.state == 'requested']
        cls.check_manager(leaves, 'service_hr_rules.msg_leave_approve_right')
        if not leaves:
            return
        employee = current_employee()
        cls.write(leaves, {
                'approved_by': employee.id if employee else None,
                'approved_at': utc_now(),
                })
        cls._wait_hr([l for l in leaves if l.hr_needed])
        cls._approve([l for l in leaves if not l.hr_needed])

    @classmethod
    @Workflow.transition('waiting_hr')
    def _wait_hr(cls, leaves):
        pass

    @classmethod
    @Workflow.transition('approved')
    def _approve(cls, leaves):
        pass

    @classmethod
    @ModelView.button
    def hr_approve(cls, leaves):
        "HR approves the long leave after the department manager (R-HR-2)"
        leaves = [l for l in leaves if l.state == 'waiting_hr']
        cls.check_hr(leaves, 'service_hr_rules.msg_leave_hr_approve_right')
        for leave in leaves:
            if not leave.approved_at:
                raise AccessError(gettext(
                        'service_hr_rules.msg_leave_manager_first',
                        leave=leave.rec_name))
        if not leaves:
            return
        employee = current_employee()
        cls.write(leaves, {
                'hr_approved_by': employee.id if employee else None,
                'hr_approved_at': utc_now(),
                })
        cls._approve(leaves)

    @classmethod
    @ModelView.button
    def refuse(cls, leaves):
        "The department manager, or HR for a leave waiting for it, refuses"
        leaves = [l for l in leaves if l.state in {'requested', 'waiting_hr'}]
        if not is_scheduler():
            hr = is_hr()
            cls.check_manager(
                [l for l in leaves if not hr or l.state == 'requested'],
                'service_hr_rules.msg_leave_refuse_right')
            cls.check_hr(
                [l for l in leaves if hr and l.state == 'waiting_hr'],
                'service_hr_rules.msg_leave_refuse_right')
        if not leaves:
            return
        employee = current_employee()
        cls.write(leaves, {'refused_by': employee.id if employee else None})
        cls._refuse(leaves)

    @classmethod
    @Workflow.transition('refused')
    def _refuse(cls, leaves):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('taken')
    def take(cls, leaves):
        "The employee is on leave"
        pass

    @classmethod
    def take_due(cls, today=None):
        "Put the employees on the approved leaves that started"
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        company_id = Transaction().context.get('company')
        companies = (
            [Company(company_id)] if company_id is not None
            else Company.search([]))
        for company in companies:
            with Transaction().set_context(company=company.id):
                day = today or Date.today()
            cls.take(cls.search([
                        ('company', '=', company.id),
                        ('state', '=', 'approved'),
                        ('from_date', '<=', day),
                        ]))

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    @set_employee('closed_by')
    def close(cls, leaves):
        """Back at work, the leave is closed with HR (销假); a sick leave
        with the hospital's certificate (R-HR-2)"""
        cls.check_hr(leaves, 'service_hr_rules.msg_leave_close_right')
        for leave in leaves:
            if leave.type == 'sick' and not leave.certificate:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_leave_certificate',
                        leave=leave.rec_name))
        cls.write(leaves, {'closed_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, leaves):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, leaves):
        cls.write(leaves, {
                'reported_at': None,
                **{name: None for name in PROTECTED_FIELDS - {'state'}}})
