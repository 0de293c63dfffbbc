# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Per-company staff rules: the working time and the leave approvals."
import datetime as dt
import functools

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.service_center.sla_calendar import BusinessClock
from trytond.pool import Pool

DEFAULT_WORK_START = dt.time(9, 0)
DEFAULT_WORK_END = dt.time(17, 30)
DEFAULT_LEAVE_HR_DAYS = 3


@functools.lru_cache(maxsize=32)
def china_days(year):
    """Return China's public holidays and the weekend days worked in
    exchange (调休) of the year, from the holidays library"""
    import holidays as holidays_lib
    calendar = holidays_lib.China(years=[year])
    holidays = frozenset(d for d in calendar if d.year == year)
    workdays = frozenset(
        d for d in calendar.weekend_workdays if d.year == year)
    return holidays, workdays


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Staff Configuration"
    __name__ = 'staff.configuration'

    work_start = fields.MultiValue(fields.Time(
            "Start of Work", required=True,
            help="Signing in after this time, or phoning the manager about "
            "going straight to a site after it, is late (R-HR-1); in the "
            "company's timezone."))
    work_end = fields.MultiValue(fields.Time(
            "End of Work", required=True))
    leave_hr_days = fields.MultiValue(fields.Integer(
            "Leave Days Needing HR", required=True,
            help="From this number of working days on, HR approves the "
            "leave after the department manager (R-HR-2: 请假3天以上)."))

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {'work_start', 'work_end', 'leave_hr_days'}:
            return pool.get('staff.configuration.working_time')
        return super().multivalue_model(field)

    @classmethod
    def default_work_start(cls, **pattern):
        return DEFAULT_WORK_START

    @classmethod
    def default_work_end(cls, **pattern):
        return DEFAULT_WORK_END

    @classmethod
    def default_leave_hr_days(cls, **pattern):
        return DEFAULT_LEAVE_HR_DAYS

    @classmethod
    def working_calendar(cls, company, years):
        """Return the working-day calendar of the company for the years:
        weekdays less China's public holidays plus the make-up workdays,
        the working window from its start and end of work, in the
        company's timezone"""
        configuration = cls(1)
        holidays, workdays = set(), set()
        for year in sorted(set(years)):
            year_holidays, year_workdays = china_days(year)
            holidays |= year_holidays
            workdays |= year_workdays
        return BusinessClock(
            timezone=company.timezone or 'UTC',
            start=configuration.get_multivalue(
                'work_start', company=company.id) or DEFAULT_WORK_START,
            end=configuration.get_multivalue(
                'work_end', company=company.id) or DEFAULT_WORK_END,
            holidays=holidays, workdays=workdays)


class ConfigurationWorkingTime(ModelSQL, CompanyValueMixin):
    "Staff Configuration Working Time"
    __name__ = 'staff.configuration.working_time'

    work_start = fields.Time("Start of Work")
    work_end = fields.Time("End of Work")
    leave_hr_days = fields.Integer("Leave Days Needing HR")

    @classmethod
    def default_work_start(cls):
        return DEFAULT_WORK_START

    @classmethod
    def default_work_end(cls):
        return DEFAULT_WORK_END

    @classmethod
    def default_leave_hr_days(cls):
        return DEFAULT_LEAVE_HR_DAYS

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        if not field_names & {'work_start', 'work_end', 'leave_hr_days'}:
            return
        for record in records:
            if (record.work_start and record.work_end
                    and record.work_start >= record.work_end):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_configuration_working_time'))
            if record.leave_hr_days is not None and record.leave_hr_days < 1:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_configuration_leave_hr_days'))
