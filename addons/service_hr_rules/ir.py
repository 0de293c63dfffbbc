# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.cache import Cache
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

# The models whose record rules name the user's employees and the
# departments they manage
STAFF_RULE_MODELS = {
    'staff.attendance.day', 'staff.leave', 'staff.site_notice',
    'staff.fine', 'staff.assessment', 'staff.probation.application',
    'staff.probation.event'}

_managed_departments_cache = Cache(
    'service_hr_rules.managed_departments', context=False)


def managed_departments(employee_ids):
    """Return the ids of the departments managed by the employees, with
    the departments under them"""
    Department = Pool().get('service.department')
    employee_ids = tuple(sorted(employee_ids))
    if not employee_ids:
        return ()
    result = _managed_departments_cache.get(employee_ids)
    if result is not None:
        return result
    with without_check_access(), \
            Transaction().set_context(active_test=False):
        managed = Department.search([('manager', 'in', employee_ids)])
        if managed:
            managed = Department.search([
                    ('parent', 'child_of', [d.id for d in managed]),
                    ])
    result = tuple(sorted(d.id for d in managed))
    return _managed_departments_cache.set(employee_ids, result)


def clear_managed_departments():
    _managed_departments_cache.clear()


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        # service_center gives the user's employees to every rule
        context = super()._get_context(model_name)
        if model_name in STAFF_RULE_MODELS:
            context['managed_departments'] = managed_departments(
                User.get_employees())
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        if model_names & STAFF_RULE_MODELS:
            key = (*key, managed_departments(User.get_employees()))
        return key


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('staff.attendance.day|classify_previous_day',
                    "Classify the Attendance of the Previous Working Day"),
                ('staff.leave|take_due',
                    "Start the Approved Leaves Due"),
                ('staff.fine|detect_daily',
                    "Propose the Fines of the Service Events"),
                ])
