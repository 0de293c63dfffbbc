# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Service-level policies: the promised times and the clock they run on."
import datetime as dt

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.model.exceptions import ValidationError
from trytond.modules.company.company import TIMEZONES
from trytond.pool import Pool
from trytond.pyson import Eval

from .sla_calendar import BusinessClock, CalendarClock

MILESTONES = [
    ('response', "First Response"),
    ('dispatch', "Dispatch"),
    ('arrival', "Arrival On Site"),
    ('resolution', "Resolution"),
    ]
WEEKDAYS = [
    ('0', "Monday"),
    ('1', "Tuesday"),
    ('2', "Wednesday"),
    ('3', "Thursday"),
    ('4', "Friday"),
    ('5', "Saturday"),
    ('6', "Sunday"),
    ]


class Policy(DeactivableMixin, ModelSQL, ModelView):
    """The times promised to the customer for each milestone of a ticket
    (R-SLA-1) and the clock they run on: calendar time, 7x24 (R-SLA-2), or
    business hours with holidays."""
    __name__ = 'service.sla.policy'

    _business = {'invisible': Eval('clock') != 'business'}

    name = fields.Char("Name", required=True, translate=True)
    clock = fields.Selection([
            ('calendar', "Calendar Time (7x24)"),
            ('business', "Business Hours"),
            ], "Clock", required=True)
    response_time = fields.TimeDelta(
        "Response Time", required=True,
        help="From registration to the first answer to the customer.")
    dispatch_time = fields.TimeDelta(
        "Dispatch Time", required=True,
        help="From registration to an engineer sent to the ticket.")
    arrival_time = fields.TimeDelta(
        "Arrival Time", required=True,
        help="From registration to the engineer on site, "
        "when a visit is needed.")
    resolution_time = fields.TimeDelta(
        "Resolution Time", required=True,
        help="From registration to the problem solved.")
    at_risk_share = fields.Float(
        "At Risk Share", required=True, digits=(1, 2),
        domain=[
            ('at_risk_share', '>', 0),
            ('at_risk_share', '<', 1),
            ],
        help="The share of a milestone's time after which it is at risk "
        "and the engineer is warned.")
    pause_when_waiting = fields.Boolean(
        "Pause When Waiting",
        help="The clock stops while the ticket waits for the customer.")
    timezone = fields.Selection(
        TIMEZONES, "Timezone", translate=False, states=_business)
    work_start = fields.Time(
        "Work Start", states={
            'invisible': _business['invisible'],
            'required': Eval('clock') == 'business',
            })
    work_end = fields.Time(
        "Work End", states={
            'invisible': _business['invisible'],
            'required': Eval('clock') == 'business',
            })
    weekdays = fields.MultiSelection(
        WEEKDAYS, "Working Weekdays", sort=False, states=_business)
    days = fields.One2Many(
        'service.sla.day', 'policy', "Holidays and Workdays",
        states=_business)

    del _business

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'load_china_holidays': {
                    'invisible': Eval('clock') != 'business',
                    'depends': ['clock'],
                    },
                })

    @classmethod
    def default_clock(cls):
        return 'calendar'

    @classmethod
    def default_at_risk_share(cls):
        return 0.75

    @classmethod
    def default_pause_when_waiting(cls):
        return True

    @classmethod
    def default_timezone(cls):
        return 'Asia/Shanghai'

    @classmethod
    def default_work_start(cls):
        return dt.time(8, 30)

    @classmethod
    def default_work_end(cls):
        return dt.time(17, 30)

    @classmethod
    def default_weekdays(cls):
        return ('0', '1', '2', '3', '4')

    @classmethod
    def validate_fields(cls, policies, field_names):
        super().validate_fields(policies, field_names)
        for policy in policies:
            if policy.clock != 'business':
                continue
            try:
                policy.get_clock()
            except ValueError:
                raise ValidationError(gettext(
                        'service_center.msg_sla_policy_empty_calendar',
                        policy=policy.rec_name))

    def get_clock(self):
        if self.clock == 'calendar':
            return CalendarClock()
        holidays, workdays = set(), set()
        for day in self.days:
            (holidays if day.kind == 'holiday' else workdays).add(day.date)
        return BusinessClock(
            timezone=self.timezone or 'Asia/Shanghai',
            start=self.work_start, end=self.work_end,
            weekdays={int(d) for d in self.weekdays or ()},
            holidays=holidays, workdays=workdays)

    def milestone_time(self, kind):
        return getattr(self, f'{kind}_time')

    @classmethod
    @ModelView.button
    def load_china_holidays(cls, policies, years=None):
        """Load the public holidays of China and the weekend days worked in
        exchange (调休) from the holidays library."""
        pool = Pool()
        Date = pool.get('ir.date')
        Day = pool.get('service.sla.day')
        import holidays as holidays_lib
        if years is None:
            year = Date.today().year
            years = [year, year + 1]
        calendar = holidays_lib.China(years=years, language='zh_CN')
        workdays = {d for d in calendar.weekend_workdays if d.year in years}
        to_create = []
        for policy in policies:
            known = {d.date for d in policy.days}
            for date, name in sorted(calendar.items()):
                if date not in known:
                    to_create.append(Day(
                            policy=policy, date=date, name=name,
                            kind='holiday'))
            for date in sorted(workdays):
                if date not in known:
                    to_create.append(Day(
                            policy=policy, date=date,
                            name=gettext('service_center.msg_sla_make_up_day'),
                            kind='workday'))
        Day.save(to_create)


class Day(ModelSQL, ModelView):
    "A holiday, or a weekend day worked in exchange (调休)"
    __name__ = 'service.sla.day'

    policy = fields.Many2One(
        'service.sla.policy', "Policy", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    name = fields.Char("Name")
    kind = fields.Selection([
            ('holiday', "Holiday"),
            ('workday', "Workday"),
            ], "Kind", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('policy')
        t = cls.__table__()
        cls._sql_constraints += [
            ('date_unique', Unique(t, t.policy, t.date),
                'service_center.msg_sla_day_unique'),
            ]
        cls._order.insert(0, ('date', 'ASC'))

    @classmethod
    def default_kind(cls):
        return 'holiday'
