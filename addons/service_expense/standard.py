# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Expense standards by staff grade and position (R-EXP-1, R-EXP-8) and
what every expense flow shares: who approves, the trip-day rule"""
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.service_center.organisation import GRADES, POSITIONS
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

# From the least to the most expensive: a journey above the standard's
# class is flagged on the reimbursement (R-EXP-1)
TRANSPORTS = [
    (None, ""),
    ('bus', "Coach"),
    ('train_seat', "Train, Hard Seat"),
    ('train_hard_sleeper', "Train, Hard Sleeper"),
    ('train_high_speed', "High-Speed Train, Second Class"),
    ('train_soft_sleeper', "Train, Soft Sleeper"),
    ('plane_economy', "Plane, Economy"),
    ('plane_business', "Plane, Business"),
    ('car', "Company Car"),
    ]
TRANSPORT_RANK = {
    'bus': 1, 'train_seat': 2, 'train_hard_sleeper': 3,
    'train_high_speed': 4, 'train_soft_sleeper': 5, 'plane_economy': 6,
    'plane_business': 7, 'car': 0,
    }
NOON = dt.time(12)
HALF = Decimal('0.5')


def trip_days(departure, arrival):
    """The days a trip counts (R-EXP-3), from the local departure and
    arrival times of the transport: leaving at or after 12:00 counts the
    first day half, before 12:00 whole; arriving at or before 12:00 counts
    the last day half, after 12:00 whole; a trip within one day counts the
    halves of the day it covers"""
    if arrival <= departure:
        raise ValueError("arrival before departure")
    if departure.date() == arrival.date():
        return HALF * ((departure.time() < NOON) + (arrival.time() > NOON))
    first = 1 if departure.time() < NOON else HALF
    last = 1 if arrival.time() > NOON else HALF
    return Decimal(first + last + (
            arrival.date() - departure.date()).days - 1)


def department_managers(employee):
    """The managers of the employee's department and of the departments
    above it, the employee excepted (a manager's own request goes up)"""
    managers = []
    department = employee.department if employee else None
    while department:
        if department.manager and department.manager != employee:
            managers.append(department.manager)
        department = department.parent
    return managers


def check_department_manager(record, message):
    """Refuse the step unless the user's employee manages the record's
    employee (R-EXP-4, R-EXP-7); root and departments without a manager
    rely on the button's groups"""
    if Transaction().user == 0:
        return
    managers = department_managers(record.employee)
    if not managers:
        return
    User = Pool().get('res.user')
    user = User(Transaction().user)
    if user.employee not in managers:
        raise AccessError(gettext(
                message, record=record.rec_name,
                managers=', '.join(m.rec_name for m in managers)))


class Standard(DeactivableMixin, ModelSQL, ModelView):
    """Travel and phone expense standard of a staff grade and position
    (R-EXP-1, R-EXP-8): the most precise one applies"""
    __name__ = 'expense.standard'

    name = fields.Char("Name", required=True, translate=True)
    company = fields.Many2One('company.company', "Company", required=True)
    position = fields.Selection(
        POSITIONS, "Position", sort=False,
        help="Empty for every position.")
    grade = fields.Selection(
        GRADES, "Grade", sort=False, help="Empty for every grade.")
    transport = fields.Selection(
        TRANSPORTS, "Transport", required=True, sort=False,
        help="The class of long-distance transport the staff travel in.")
    lodging_cap = fields.Numeric(
        "Lodging per Day", digits=(16, 2), required=True,
        domain=[('lodging_cap', '>=', 0)],
        help="Paid up to this amount per night against a hotel invoice; "
        "the rest is the employee's.")
    meal_allowance = fields.Numeric(
        "Meals per Day", digits=(16, 2), required=True,
        domain=[('meal_allowance', '>=', 0)],
        help="Paid for every day the trip counts.")
    local_transport = fields.Selection([
            ('actual', "Actual Cost"),
            ('none', "Not Paid"),
            ], "Local Transport", required=True,
        help="Transport inside the city of the trip.")
    phone_monthly = fields.Numeric(
        "Phone per Month", digits=(16, 2),
        domain=['OR',
            ('phone_monthly', '=', None),
            ('phone_monthly', '>=', 0)],
        help="Mobile phone costs paid per month (R-EXP-8); empty for none.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('position', 'ASC NULLS LAST'), ('grade', 'ASC NULLS LAST'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_transport():
        return 'train_hard_sleeper'

    @staticmethod
    def default_local_transport():
        return 'actual'

    @classmethod
    def find(cls, employee):
        """The standard of the employee: the one of the position and grade,
        else of the position, else of every position"""
        standards = cls.search([
                ('company', '=', employee.company.id),
                ('position', 'in', [employee.position, None]),
                ('grade', 'in', [employee.grade, None]),
                ])

        if standards:
            return max(standards, key=lambda s: (
                    bool(s.position), bool(s.grade)))


class EmployeeMixin:
    "An expense of a staff member, seen in the staff member's department"
    __slots__ = ()
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))],
        states={'readonly': Eval('state') != 'draft'})
    department = fields.Function(fields.Many2One(
            'service.department', "Department"),
        'on_change_with_department', searcher='search_department')

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_employee():
        return Transaction().context.get('employee')

    def get_currency(self, name):
        return self.company.currency.id if self.company else None

    @fields.depends('employee')
    def on_change_with_department(self, name=None):
        if self.employee and self.employee.department:
            return self.employee.department.id

    @classmethod
    def search_department(cls, name, clause):
        return [('employee.department' + clause[0][len(name):],
                *clause[1:])]
