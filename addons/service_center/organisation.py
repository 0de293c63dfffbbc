# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Organisation of the service center: departments, staff grades and roles."
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields, tree)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

# R-ORG-1
DEPARTMENT_KINDS = [
    (None, ""),
    ('center', "Service Center Management"),
    ('sales', "Sales"),
    ('after_sales', "After-Sales"),
    ('administration', "Administration"),
    ('key_accounts', "Key Accounts"),
    ('development', "Development"),
    ('finance', "Finance"),
    ('hr', "HR and Administration"),
    ('general', "General Management"),
    ]

# R-ORG-2
POSITIONS = [
    (None, ""),
    ('pre_sales', "Pre-Sales Engineer"),
    ('after_sales', "After-Sales Engineer"),
    ('remote', "Remote-Maintenance Specialist"),
    ]
GRADES = [
    (None, ""),
    ('junior', "Junior"),
    ('intermediate', "Intermediate"),
    ('senior', "Senior"),
    ]

# R-ORG-3: each role has a res.group of its own in service.xml.
ROLES = [
    (None, ""),
    ('service_manager', "Service Manager"),
    ('after_sales_supervisor', "After-Sales Supervisor"),
    ('service_specialist', "Service Specialist"),
    ('return_visit_specialist', "Return-Visit Specialist"),
    ('engineer', "Engineer"),
    ('developer', "Developer"),
    ('administration', "Administration"),
    ('finance', "Finance"),
    ('hr', "HR and Administration"),
    ('general_manager', "General Manager"),
    ]
ROLE_GROUPS = {
    'service_manager': 'group_service_manager',
    'after_sales_supervisor': 'group_after_sales_supervisor',
    'service_specialist': 'group_service_specialist',
    'return_visit_specialist': 'group_return_visit_specialist',
    'engineer': 'group_engineer',
    'developer': 'group_developer',
    'administration': 'group_administration',
    'finance': 'group_finance',
    'hr': 'group_hr',
    'general_manager': 'group_general_manager',
    }


def role_group(role):
    "Return the res.group of the service role"
    pool = Pool()
    Group = pool.get('res.group')
    ModelData = pool.get('ir.model.data')
    if role not in ROLE_GROUPS:
        raise ValidationError(gettext(
                'service_center.msg_role_unknown', role=role))
    return Group(ModelData.get_id('service_center', ROLE_GROUPS[role]))


class Department(
        DeactivableMixin, tree(separator=' / '), ModelSQL, ModelView):
    "Department of the service company (R-ORG-1)"
    __name__ = 'service.department'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", strip=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    kind = fields.Selection(DEPARTMENT_KINDS, "Kind", sort=False)
    parent = fields.Many2One(
        'service.department', "Parent", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    children = fields.One2Many('service.department', 'parent', "Children")
    manager = fields.Many2One(
        'company.employee', "Manager",
        domain=[('company', '=', Eval('company', -1))],
        help="Approves the department's leave and travel requests.")
    employees = fields.One2Many(
        'company.employee', 'department', "Employees",
        domain=[('company', '=', Eval('company', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.company, t.code),
                'service_center.msg_department_code_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    department = fields.Many2One(
        'service.department', "Department", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    position = fields.Selection(
        POSITIONS, "Position", sort=False,
        help="The engineering track of the staff member (R-ORG-2).")
    grade = fields.Selection(
        GRADES, "Grade", sort=False,
        states={'required': Bool(Eval('position'))},
        help="Junior, intermediate or senior within the position (R-ORG-2).")
    service_role = fields.Selection(
        ROLES, "Service Role", sort=False,
        help="The role of R-ORG-3 the staff member holds.")

    @property
    def role_group(self):
        if self.service_role:
            return role_group(self.service_role)
