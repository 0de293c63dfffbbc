# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Probation (R-HR-3): new hires are temporary staff; they apply to become
permanent with an application and a probation assessment, through their
direct superior to HR; an early conversion needs the manager's,
administration's and the general manager's approval; during probation the
company may extend it, transfer or dismiss."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import set_employee
from trytond.modules.service_center.flow import FlowMixin, company_today
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from .staff import (
    EmployeeDepartmentMixin, current_employee, in_group, is_hr, is_scheduler,
    manages, user_employees, utc_now)

EMPLOYMENTS = [
    ('temporary', "Temporary (on Probation)"),
    ('permanent', "Permanent"),
    ]
STATES = [
    ('draft', "Draft"),
    ('submitted', "Submitted"),
    ('reviewed', "Reviewed by the Superior"),
    ('manager_approved', "Approved by the Manager"),
    ('admin_approved', "Approved by Administration"),
    ('gm_approved', "Approved by the General Manager"),
    ('approved', "Permanent"),
    ('refused', "Refused"),
    ('cancelled', "Cancelled"),
    ]
OPEN_STATES = ['draft', 'submitted', 'reviewed', 'manager_approved',
    'admin_approved', 'gm_approved']
# The approvals of an early conversion, in their order: the state each
# needs and the state it gives
EARLY_STEPS = {
    'manager_approve': ('reviewed', 'manager_approved'),
    'admin_approve': ('manager_approved', 'admin_approved'),
    'gm_approve': ('admin_approved', 'gm_approved'),
    }
PROTECTED_FIELDS = {
    'state', 'submitted_at', 'reviewed_by', 'reviewed_at',
    'manager_approved_by', 'admin_approved_by', 'gm_approved_by',
    'hr_approved_by', 'hr_approved_at', 'refused_by'}
# Changed by the employee while a draft only
DRAFT_FIELDS = {'company', 'employee', 'date', 'application', 'assessment'}
EVENT_KINDS = [
    ('extend', "Extend Probation"),
    ('transfer', "Transfer"),
    ('dismiss', "Dismiss"),
    ]


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    employment = fields.Selection(
        EMPLOYMENTS, "Employment", required=True, sort=False,
        help="New hires are temporary staff during probation (R-HR-3).")
    probation_end = fields.Date(
        "Probation Ends",
        states={
            'required': Eval('employment') == 'temporary',
            'invisible': Eval('employment') != 'temporary',
            })
    permanent_date = fields.Date(
        "Permanent From", readonly=True,
        states={
            'invisible': Eval('employment') != 'permanent',
            })

    @classmethod
    def default_employment(cls):
        return 'permanent'


class ProbationApplication(
        EmployeeDepartmentMixin, FlowMixin, Workflow, ModelSQL, ModelView):
    """The application of a temporary employee to become permanent (转正申请),
    with the probation assessment, through the direct superior to HR; an
    early one approved by the manager, administration and the general
    manager first (R-HR-3)"""
    __name__ = 'staff.probation.application'
    __string__ = "Probation Application"
    _delete_message = (
        'service_hr_rules.msg_probation_application_delete', 'application')

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True, states=_states)
    probation_end = fields.Function(fields.Date(
            "Probation Ends"), 'on_change_with_probation_end')
    early = fields.Function(fields.Boolean(
            "Early",
            help="Applied before the end of probation: the manager, "
            "administration and the general manager approve (R-HR-3)."),
        'on_change_with_early')
    application = fields.Text(
        "Application", states=_states,
        help="What the employee did and learnt during probation.")
    assessment = fields.Many2One(
        'staff.assessment', "Probation Assessment", states=_states,
        domain=[
            ('employee', '=', Eval('employee', -1)),
            ('kind', '=', 'probation'),
            ('state', 'in', ['done', 'filed']),
            ],
        help="The assessment of the probation (试用员工考核表).")
    superior_opinion = fields.Text(
        "Superior's Opinion",
        states={
            'readonly': Eval('state') != 'submitted',
            },
        help="The evaluation the direct superior signs before the "
        "application goes to HR.")
    conversion_date = fields.Date(
        "Permanent From",
        states={
            'readonly': Eval('state').in_(['approved', 'refused',
                    'cancelled']),
            },
        help="Left empty: the end of probation, or the approval of an "
        "early conversion.")
    refusal_reason = fields.Text(
        "Refusal Reason",
        states={
            'readonly': ~Eval('state').in_(OPEN_STATES[1:]),
            'invisible': ~Eval('state').in_(OPEN_STATES[1:] + ['refused']),
            })
    submitted_at = fields.DateTime("Submitted At", readonly=True)
    reviewed_by = fields.Many2One(
        'company.employee', "Reviewed By", readonly=True)
    reviewed_at = fields.DateTime("Reviewed At", readonly=True)
    manager_approved_by = fields.Many2One(
        'company.employee', "Approved by the Manager", readonly=True)
    admin_approved_by = fields.Many2One(
        'company.employee', "Approved by Administration", readonly=True)
    gm_approved_by = fields.Many2One(
        'company.employee', "Approved by the General Manager", readonly=True)
    hr_approved_by = fields.Many2One(
        'company.employee', "Approved by HR", readonly=True)
    hr_approved_at = fields.DateTime("Approved by HR At", readonly=True)
    refused_by = fields.Many2One(
        'company.employee', "Refused By", readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.employee, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state.in_(OPEN_STATES)),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'reviewed'),
            ('reviewed', 'manager_approved'),
            ('manager_approved', 'admin_approved'),
            ('admin_approved', 'gm_approved'),
            ('reviewed', 'approved'),
            ('gm_approved', 'approved'),
            ('submitted', 'refused'),
            ('reviewed', 'refused'),
            ('manager_approved', 'refused'),
            ('admin_approved', 'refused'),
            ('gm_approved', 'refused'),
            ('draft', 'cancelled'),
            ('submitted', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'review': {
                    'invisible': Eval('state') != 'submitted',
                    'readonly': ~Eval('superior_opinion'),
                    'depends': ['state', 'superior_opinion'],
                    },
                'manager_approve': {
                    'invisible': (Eval('state') != 'reviewed')
                    | ~Eval('early', False),
                    'depends': ['state', 'early'],
                    },
                'admin_approve': {
                    'invisible': Eval('state') != 'manager_approved',
                    'depends': ['state'],
                    },
                'gm_approve': {
                    'invisible': Eval('state') != 'admin_approved',
                    'depends': ['state'],
                    },
                'hr_approve': {
                    'invisible': ~Eval('state').in_(
                        ['reviewed', 'gm_approved']),
                    'readonly': (Eval('state') == 'reviewed')
                    & Eval('early', False),
                    'depends': ['state', 'early'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(OPEN_STATES[1:]),
                    'readonly': ~Eval('refusal_reason'),
                    'depends': ['state', 'refusal_reason'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'submitted']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-undo',
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
    def default_date(cls):
        Company = Pool().get('company.company')
        company = cls.default_company()
        if company is not None and company >= 0:
            return company_today(Company(company))
        return Pool().get('ir.date').today()

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        return '%s (%s)' % (
            self.employee.rec_name, Lang.get().strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @fields.depends('employee')
    def on_change_with_probation_end(self, name=None):
        return self.employee.probation_end if self.employee else None

    @fields.depends('employee', 'date')
    def on_change_with_early(self, name=None):
        end = self.employee.probation_end if self.employee else None
        return bool(end and self.date and self.date < end)

    @classmethod
    def validate_fields(cls, applications, field_names):
        super().validate_fields(applications, field_names)
        if field_names and not field_names & {'employee', 'state'}:
            return
        for application in applications:
            if application.state not in OPEN_STATES:
                continue
            if (application.state == 'draft'
                    and application.employee.employment != 'temporary'):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_permanent',
                        employee=application.employee.rec_name))
            others = cls.search([
                    ('employee', '=', application.employee.id),
                    ('id', '!=', application.id),
                    ('state', 'in', OPEN_STATES),
                    ], limit=1)
            if others:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_application_open',
                        employee=application.employee.rec_name,
                        other=others[0].rec_name))

    @classmethod
    def check_modification(
            cls, mode, applications, values=None, external=False):
        super().check_modification(
            mode, applications, values=values, external=external)
        if not external:
            return
        if mode == 'create':
            for application in applications:
                if application.state != 'draft' or any(
                        getattr(application, n)
                        for n in PROTECTED_FIELDS - {'state'}):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_protected',
                            application=application.rec_name))
        elif mode == 'write':
            if values.keys() & PROTECTED_FIELDS:
                raise AccessError(gettext(
                        'service_hr_rules.msg_probation_protected',
                        application=applications[0].rec_name
                        if applications else ''))
            for application in applications:
                if (values.keys() & DRAFT_FIELDS
                        and application.state != 'draft'):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_modify',
                            application=application.rec_name))
            if values.keys() & {'superior_opinion', 'conversion_date',
                    'refusal_reason'}:
                # The superior, HR and the approvers write these, not the
                # employee
                cls.check_approver(applications)

    @classmethod
    def copy(cls, applications, default=None):
        default = default.copy() if default is not None else {}
        for name in PROTECTED_FIELDS - {'state'} | {
                'superior_opinion', 'refusal_reason', 'conversion_date'}:
            default.setdefault(name, None)
        return super().copy(applications, default=default)

    @classmethod
    def check_approver(cls, applications):
        "Someone who acts on the application other than the applicant"
        if is_scheduler():
            return
        own = set(user_employees())
        may = (is_hr() or in_group('group_service_manager')
            or in_group('group_administration')
            or in_group('group_general_manager'))
        for application in applications:
            if application.employee.id in own or not (
                    may or manages(application.employee)):
                raise AccessError(gettext(
                        'service_hr_rules.msg_probation_approver',
                        application=application.rec_name))

    @classmethod
    def check_group(cls, applications, group, message):
        "Someone of group, never for his own application"
        if is_scheduler():
            return
        own = set(user_employees())
        allowed = in_group(group)
        for application in applications:
            if not allowed or application.employee.id in own:
                raise AccessError(gettext(
                        message, application=application.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, applications):
        """The temporary employee hands in the application with the
        probation assessment (R-HR-3)"""
        for application in applications:
            if application.employee.employment != 'temporary':
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_permanent',
                        employee=application.employee.rec_name))
            missing = application._missing(['application', 'assessment'])
            if missing:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_submit_missing',
                        application=application.rec_name,
                        missing=', '.join(missing)))
            assessment = application.assessment
            if (assessment.employee != application.employee
                    or assessment.kind != 'probation'
                    or assessment.state not in {'done', 'filed'}):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_assessment',
                        application=application.rec_name))
        cls.write(applications, {'submitted_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('reviewed')
    @set_employee('reviewed_by')
    def review(cls, applications):
        """The direct superior signs his evaluation and passes the
        application on to HR (R-HR-3)"""
        if not is_scheduler():
            own = set(user_employees())
            for application in applications:
                if application.employee.id in own or not manages(
                        application.employee):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_review_right',
                            application=application.rec_name))
        for application in applications:
            if not application.superior_opinion:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_opinion',
                        application=application.rec_name))
        cls.write(applications, {'reviewed_at': utc_now()})

    @classmethod
    def _early_step(cls, applications, button, group, field, message):
        required, state = EARLY_STEPS[button]
        cls.check_group(applications, group, message)
        for application in applications:
            if application.state != required or not application.early:
                raise AccessError(gettext(
                        'service_hr_rules.msg_probation_approval_order',
                        application=application.rec_name))
        employee = current_employee()
        cls.write(applications, {
                field: employee.id if employee else None,
                'state': state,
                })

    @classmethod
    @ModelView.button
    def manager_approve(cls, applications):
        "The service manager approves an early conversion (R-HR-3)"
        cls._early_step(
            applications, 'manager_approve', 'group_service_manager',
            'manager_approved_by',
            'service_hr_rules.msg_probation_manager_right')

    @classmethod
    @ModelView.button
    def admin_approve(cls, applications):
        "Administration approves an early conversion (R-HR-3)"
        cls._early_step(
            applications, 'admin_approve', 'group_administration',
            'admin_approved_by',
            'service_hr_rules.msg_probation_admin_right')

    @classmethod
    @ModelView.button
    def gm_approve(cls, applications):
        "The general manager approves an early conversion (R-HR-3)"
        cls._early_step(
            applications, 'gm_approve', 'group_general_manager',
            'gm_approved_by', 'service_hr_rules.msg_probation_gm_right')

    @classmethod
    @ModelView.button
    def hr_approve(cls, applications):
        """HR converts the employee to permanent from the conversion date;
        an early conversion only after all its approvals (R-HR-3)"""
        pool = Pool()
        Employee = pool.get('company.employee')
        cls.check_group(
            applications, 'group_hr',
            'service_hr_rules.msg_probation_hr_right')
        for application in applications:
            if application.state not in {'reviewed', 'gm_approved'} or (
                    application.early
                    and application.state != 'gm_approved'):
                raise AccessError(gettext(
                        'service_hr_rules.msg_probation_approval_order',
                        application=application.rec_name))
        employee = current_employee()
        for application in applications:
            conversion_date = application.conversion_date
            if not conversion_date:
                conversion_date = (
                    application._today() if application.early
                    else application.employee.probation_end
                    or application._today())
            cls.write([application], {
                    'conversion_date': conversion_date,
                    'hr_approved_by': employee.id if employee else None,
                    'hr_approved_at': utc_now(),
                    'state': 'approved',
                    })
            with without_check_access():
                Employee.write([application.employee], {
                        'employment': 'permanent',
                        'permanent_date': conversion_date,
                        })

    @classmethod
    @ModelView.button
    @set_employee('refused_by')
    def refuse(cls, applications):
        "The superior or an approver refuses, with the reason"
        applications = [a for a in applications
            if a.state in OPEN_STATES[1:]]
        cls.check_approver(applications)
        for application in applications:
            if not application.refusal_reason:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_refusal_reason',
                        application=application.rec_name))
        cls._refuse(applications)

    @classmethod
    @Workflow.transition('refused')
    def _refuse(cls, applications):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, applications):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, applications):
        cls.write(applications, {
                name: None for name in PROTECTED_FIELDS - {'state'}})


class ProbationEvent(EmployeeDepartmentMixin, Workflow, ModelSQL, ModelView):
    """A decision of the company during an employee's probation: extend
    it, transfer the employee or dismiss him, with the reason (R-HR-3);
    kept as the history"""
    __name__ = 'staff.probation.event'
    __string__ = "Probation Decision"

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('state') == 'draft',
                ('employment', '=', 'temporary'), ()),
            ])
    date = fields.Date("Date", required=True, states=_states)
    kind = fields.Selection(
        EVENT_KINDS, "Decision", required=True, states=_states, sort=False)
    reason = fields.Text("Reason", required=True, states=_states)
    new_end_date = fields.Date(
        "New End of Probation",
        states={
            'invisible': Eval('kind') != 'extend',
            'required': Eval('kind') == 'extend',
            'readonly': Eval('state') != 'draft',
            })
    new_department = fields.Many2One(
        'service.department', "New Department",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': Eval('kind') != 'transfer',
            'required': Eval('kind') == 'transfer',
            'readonly': Eval('state') != 'draft',
            })
    end_date = fields.Date(
        "Leaves On",
        states={
            'invisible': Eval('kind') != 'dismiss',
            'required': Eval('kind') == 'dismiss',
            'readonly': Eval('state') != 'draft',
            })
    previous_end_date = fields.Date(
        "Previous End of Probation", readonly=True)
    previous_department = fields.Many2One(
        'service.department', "Previous Department", readonly=True)
    decided_by = fields.Many2One(
        'company.employee', "Decided By", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Done"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.employee, Index.Range()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'done')}
        cls._buttons.update({
                'decide': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return ProbationApplication.default_date()

    @classmethod
    def default_kind(cls):
        return 'extend'

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        kinds = dict(self.fields_get(['kind'])['kind']['selection'])
        return '%s: %s %s' % (
            self.employee.rec_name, kinds.get(self.kind, ''),
            Lang.get().strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @classmethod
    def check_modification(cls, mode, events, values=None, external=False):
        super().check_modification(
            mode, events, values=values, external=external)
        if not external:
            return
        protected = {'state', 'previous_end_date', 'previous_department',
            'decided_by'}
        if mode == 'create':
            for event in events:
                if event.state != 'draft' or any(
                        getattr(event, n) for n in protected - {'state'}):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_event_kept',
                            event=event.rec_name))
        elif mode in {'write', 'delete'}:
            for event in events:
                if event.state != 'draft' or (
                        mode == 'write' and values.keys() & protected):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_event_kept',
                            event=event.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('decided_by')
    def decide(cls, events):
        """HR or a manager of the employee's department extends the
        probation, transfers or dismisses the temporary employee (R-HR-3)"""
        pool = Pool()
        Employee = pool.get('company.employee')
        if not is_scheduler():
            hr = is_hr()
            own = set(user_employees())
            for event in events:
                if event.employee.id in own or not (
                        hr or manages(event.employee)):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_probation_event_right',
                            event=event.rec_name))
        for event in events:
            employee = event.employee
            if employee.employment != 'temporary':
                raise ValidationError(gettext(
                        'service_hr_rules.msg_probation_event_permanent',
                        employee=employee.rec_name))
            values = {}
            if event.kind == 'extend':
                if (employee.probation_end
                        and event.new_end_date <= employee.probation_end):
                    raise ValidationError(gettext(
                            'service_hr_rules.msg_probation_event_extend',
                            event=event.rec_name))
                values['probation_end'] = event.new_end_date
            elif event.kind == 'transfer':
                if event.new_department == employee.department:
                    raise ValidationError(gettext(
                            'service_hr_rules.msg_probation_event_transfer',
                            event=event.rec_name))
                values['department'] = event.new_department.id
            elif event.kind == 'dismiss':
                values['end_date'] = event.end_date
            cls.write([event], {
                    'previous_end_date': employee.probation_end,
                    'previous_department': (
                        employee.department.id
                        if employee.department else None),
                    })
            with without_check_access():
                Employee.write([employee], values)
