# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Who may do what to a staff member's records: the department managers up
the org chart, HR, or the scheduler.

Buttons restricted to groups are enforced only over RPC, never for root or
the scheduler; these checks are made by the server itself."""
import datetime as dt
from zoneinfo import ZoneInfo

from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .ir import managed_departments


def utc_now():
    "The current time, naive UTC as stored"
    return dt.datetime.now().replace(microsecond=0)


def company_zone(company):
    "The timezone of the company's wall clock"
    return ZoneInfo(company.timezone or 'UTC')


def to_local(value, zone):
    "The wall-clock time in zone of a stored naive UTC datetime"
    return value.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(
        tzinfo=None)


def to_utc(value, zone):
    "The stored naive UTC datetime of a wall-clock time in zone"
    return value.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(
        tzinfo=None)


def is_scheduler():
    "Root: the scheduler, the set-up scripts and the server itself"
    return Transaction().user == 0


def user_employees():
    "The ids of the employees of the user in the current company"
    return Pool().get('res.user').get_employees()


def current_employee():
    "The employee of the user, or None"
    User = Pool().get('res.user')
    user = User(Transaction().user)
    return user.employee


def in_group(fs_id, module='service_center'):
    "Whether the user is in the group of the XML id"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    return ModelData.get_id(module, fs_id) in User.get_groups()


def is_hr():
    return in_group('group_hr')


def manages(employee):
    """Whether the user manages the employee's department or one above it,
    and is not the employee"""
    employees = user_employees()
    if employee.id in employees or not employee.department:
        return False
    return employee.department.id in managed_departments(employees)


class EmployeeDepartmentMixin:
    """A record of an employee, seen in the employee's department: the
    managers' record rules and lists follow it"""
    __slots__ = ()
    department = fields.Function(fields.Many2One(
            'service.department', "Department"),
        'get_department', searcher='search_department')

    def get_department(self, name):
        department = self.employee.department
        return department.id if department else None

    @classmethod
    def search_department(cls, name, clause):
        return [('employee.department' + clause[0][len(name):],
                *clause[1:])]
