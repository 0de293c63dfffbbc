# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Staff assessments (R-HR-12, R-HR-13): the probation assessment whose time
and content the service manager sets, the professional skill assessment and
the periodic evaluation of technical level, attitude and proficiency that
adjusts the base salary; all filed with administration."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import set_employee
from trytond.modules.service_center.flow import (
    FlowMixin, OfficeReport, company_today)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction, without_check_access

from .staff import (
    EmployeeDepartmentMixin, current_employee, in_group, is_hr, is_scheduler,
    manages, user_employees, utc_now)

KINDS = [
    ('probation', "Probation Assessment"),
    ('skill', "Professional Skill Assessment"),
    ('periodic', "Periodic Staff Evaluation"),
    ]
RESULTS = [
    (None, ""),
    ('excellent', "Excellent"),
    ('good', "Good"),
    ('pass', "Pass"),
    ('fail', "Fail"),
    ]
STATES = [
    ('draft', "Draft"),
    ('done', "Assessed"),
    ('filed', "Filed"),
    ('cancelled', "Cancelled"),
    ]
# R-HR-13: the periodic evaluation assesses these
PERIODIC_CRITERIA = [
    'msg_assessment_criterion_technical',
    'msg_assessment_criterion_attitude',
    'msg_assessment_criterion_proficiency',
    ]
SKILL_CRITERIA = ['msg_assessment_criterion_skill']
# The lowest total score of each result, proposed when none is given
RESULT_THRESHOLDS = [
    (Decimal(90), 'excellent'),
    (Decimal(75), 'good'),
    (Decimal(60), 'pass'),
    ]
PROTECTED_FIELDS = {
    'state', 'assessed_by', 'assessed_at', 'filed_by', 'filed_at',
    'salary'}


def default_criteria(kind):
    "The criteria a new assessment of kind starts with"
    names = {
        'periodic': PERIODIC_CRITERIA,
        'skill': SKILL_CRITERIA,
        }.get(kind, [])
    return [gettext('service_hr_rules.' + n) for n in names]


class Assessment(
        EmployeeDepartmentMixin, FlowMixin, Workflow, ModelSQL, ModelView):
    """An assessment of an employee by the service manager or a manager of
    the employee's department, filed with administration (R-HR-12); the
    periodic evaluation scores technical level, attitude and proficiency
    (R-HR-13) and adjusts the base salary"""
    __name__ = 'staff.assessment'
    __string__ = "Assessment"
    _delete_message = ('service_hr_rules.msg_assessment_delete', 'assessment')

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    kind = fields.Selection(
        KINDS, "Kind", required=True, states=_states, sort=False)
    date = fields.Date("Date", required=True, states=_states)
    assessor = fields.Many2One(
        'company.employee', "Assessor", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('employee', -1)),
            ],
        help="Who assesses: the service manager or a manager of the "
        "employee's department.")
    period = fields.Char(
        "Period", states=_states,
        help="The period evaluated, for example the quarter.")
    subject = fields.Char(
        "Content", states=_states,
        help="The skill assessed, or the content of the probation "
        "assessment set by the service manager.")
    lines = fields.One2Many(
        'staff.assessment.line', 'assessment', "Criteria", states=_states)
    total_score = fields.Function(fields.Numeric(
            "Total Score", digits=(16, 1),
            help="The average of the scores weighted by the criteria."),
        'on_change_with_total_score')
    result = fields.Selection(
        RESULTS, "Result", states=_states, sort=False,
        help="Proposed from the total score when left empty.")
    comments = fields.Text("Comments", states=_states)
    new_base_salary = fields.Numeric(
        "New Base Salary", digits=(16, 2),
        domain=[
            If(Bool(Eval('new_base_salary')),
                ('new_base_salary', '>=', 0), ()),
            ],
        states={
            'invisible': Eval('kind') != 'periodic',
            'readonly': Eval('state') != 'draft',
            },
        help="The base salary the evaluation sets (R-HR-12).")
    salary_from = fields.Date(
        "Salary Valid From",
        states={
            'invisible': Eval('kind') != 'periodic',
            'required': Bool(Eval('new_base_salary')),
            'readonly': Eval('state') != 'draft',
            })
    salary = fields.Many2One(
        'staff.salary', "Base Salary Record", readonly=True,
        states={
            'invisible': Eval('kind') != 'periodic',
            })
    assessed_by = fields.Many2One(
        'company.employee', "Assessed By", readonly=True)
    assessed_at = fields.DateTime("Assessed At", readonly=True)
    filed_by = fields.Many2One(
        'company.employee', "Filed By", readonly=True,
        help="Administration, with which the form is filed.")
    filed_at = fields.DateTime("Filed At", readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.employee, Index.Range()), (t.date, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low')),
                    where=t.state.in_(['draft', 'done'])),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'done'),
            ('done', 'filed'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'assess': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'file': {
                    'invisible': Eval('state') != 'done',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
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
    def default_date(cls):
        Company = Pool().get('company.company')
        company = cls.default_company()
        if company is not None and company >= 0:
            return company_today(Company(company))
        return Pool().get('ir.date').today()

    @classmethod
    def default_assessor(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_kind(cls):
        return 'periodic'

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_lines(cls):
        return [{'criterion': c, 'weight': Decimal(1)}
            for c in default_criteria(cls.default_kind())]

    @fields.depends('kind', 'lines')
    def on_change_kind(self):
        "Start again from the criteria of the kind while nothing is scored"
        Line = Pool().get('staff.assessment.line')
        if any(getattr(l, 'score', None) is not None
                for l in (self.lines or [])):
            return
        self.lines = [Line(criterion=c, weight=Decimal(1))
            for c in default_criteria(self.kind)]

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        kinds = dict(self.fields_get(['kind'])['kind']['selection'])
        return '%s: %s %s' % (
            self.employee.rec_name, kinds.get(self.kind, ''),
            lang.strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @fields.depends('lines')
    def on_change_with_total_score(self, name=None):
        "The average of the scores weighted by the criteria's weights"
        lines = [l for l in (self.lines or [])
            if getattr(l, 'score', None) is not None]
        weight = sum((l.weight or 0) for l in lines)
        if not weight:
            return None
        total = sum((l.weight or 0) * l.score for l in lines) / weight
        return Decimal(total).quantize(Decimal('0.1'))

    def proposed_result(self):
        total = self.total_score
        if total is None:
            return None
        for threshold, result in RESULT_THRESHOLDS:
            if total >= threshold:
                return result
        return 'fail'

    @classmethod
    def check_modification(
            cls, mode, assessments, values=None, external=False):
        super().check_modification(
            mode, assessments, values=values, external=external)
        if mode == 'create' and external:
            for assessment in assessments:
                if assessment.state != 'draft' or any(
                        getattr(assessment, n)
                        for n in PROTECTED_FIELDS - {'state'}):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_assessment_protected',
                            assessment=assessment.rec_name))
        elif mode == 'write' and external:
            if values.keys() & PROTECTED_FIELDS:
                raise AccessError(gettext(
                        'service_hr_rules.msg_assessment_protected',
                        assessment=assessments[0].rec_name
                        if assessments else ''))
            for assessment in assessments:
                if assessment.state != 'draft':
                    raise AccessError(gettext(
                            'service_hr_rules.msg_assessment_modify',
                            assessment=assessment.rec_name))

    @classmethod
    def copy(cls, assessments, default=None):
        default = default.copy() if default is not None else {}
        for name in PROTECTED_FIELDS - {'state'}:
            default.setdefault(name, None)
        return super().copy(assessments, default=default)

    @classmethod
    def check_assessor(cls, assessments):
        """The service manager or a manager of the employee's department
        assesses, never himself (R-HR-12)"""
        if is_scheduler():
            return
        service_manager = in_group('group_service_manager')
        own = set(user_employees())
        for assessment in assessments:
            if assessment.employee.id in own or (
                    assessment.assessor
                    and assessment.assessor == assessment.employee) or not (
                    service_manager or manages(assessment.employee)):
                raise AccessError(gettext(
                        'service_hr_rules.msg_assessment_assess_right',
                        assessment=assessment.rec_name,
                        employee=assessment.employee.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('assessed_by')
    def assess(cls, assessments):
        """The assessor signs the scores; a periodic evaluation with a new
        base salary records it from its date (R-HR-12)"""
        pool = Pool()
        Salary = pool.get('staff.salary')
        cls.check_assessor(assessments)
        for assessment in assessments:
            if not assessment.lines or any(
                    l.score is None for l in assessment.lines):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_assessment_scores',
                        assessment=assessment.rec_name))
            if assessment.kind == 'periodic' and (
                    assessment.new_base_salary is not None):
                if not assessment.salary_from:
                    raise ValidationError(gettext(
                            'service_hr_rules.msg_assessment_salary_from',
                            assessment=assessment.rec_name))
                with without_check_access():
                    if Salary.search([
                                ('employee', '=', assessment.employee.id),
                                ('start_date', '=', assessment.salary_from),
                                ], limit=1):
                        raise ValidationError(gettext(
                                'service_hr_rules'
                                '.msg_assessment_salary_exists',
                                assessment=assessment.rec_name))
        employee = current_employee()
        for assessment in assessments:
            values = {'assessed_at': utc_now()}
            if not assessment.assessor and employee:
                values['assessor'] = employee.id
            if not assessment.result:
                values['result'] = assessment.proposed_result()
            if (assessment.kind == 'periodic'
                    and assessment.new_base_salary is not None):
                # HR's record, whoever assesses: the button is the right
                with without_check_access():
                    salary, = Salary.create([{
                                'company': assessment.company.id,
                                'employee': assessment.employee.id,
                                'start_date': assessment.salary_from,
                                'amount': assessment.new_base_salary,
                                'origin': str(assessment),
                                'note': assessment.period,
                                }])
                values['salary'] = salary.id
            cls.write([assessment], values)

    @classmethod
    @ModelView.button
    @Workflow.transition('filed')
    @set_employee('filed_by')
    def file(cls, assessments):
        "Administration files the assessment form (R-HR-12)"
        if not is_scheduler() and not (
                in_group('group_administration') or is_hr()):
            raise AccessError(gettext(
                    'service_hr_rules.msg_assessment_file_right'))
        cls.write(assessments, {'filed_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, assessments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, assessments):
        pass


class AssessmentLine(ModelSQL, ModelView):
    "A criterion of an assessment with its score out of 100"
    __name__ = 'staff.assessment.line'
    __string__ = "Assessment Criterion"

    assessment = fields.Many2One(
        'staff.assessment', "Assessment", required=True, ondelete='CASCADE')
    sequence = fields.Integer("Sequence")
    criterion = fields.Char("Criterion", required=True)
    weight = fields.Numeric(
        "Weight", digits=(16, 2), required=True,
        domain=[('weight', '>', 0)])
    score = fields.Numeric(
        "Score", digits=(16, 1),
        domain=[
            If(Bool(Eval('score')),
                [('score', '>=', 0), ('score', '<=', 100)],
                []),
            ],
        help="Out of 100.")
    comment = fields.Char("Comment")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('assessment')
        cls._order.insert(0, ('sequence', 'ASC NULLS FIRST'))

    @classmethod
    def default_weight(cls):
        return Decimal(1)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            states = {'draft', 'cancelled'} if mode == 'delete' else {'draft'}
            for line in lines:
                if line.assessment.state not in states:
                    raise AccessError(gettext(
                            'service_hr_rules.msg_assessment_modify',
                            assessment=line.assessment.rec_name))


class AssessmentForm(OfficeReport):
    """The assessment form to sign and file with administration: 试用员工考核表,
    专业技能考核表 or 员工考核评估表 by kind (R-HR-12)"""
    __name__ = 'staff.assessment.form'
