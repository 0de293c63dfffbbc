# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Time arithmetic of service levels.

Two clocks: calendar time, 7x24 (R-SLA-2), and business hours, which run
only inside the working window of working days: weekdays less holidays, plus
the make-up workdays (调休) that fall on a weekend.

Datetimes in and out are naive UTC, as Tryton stores them; the working
window is wall-clock time in the calendar's timezone.
"""
import datetime as dt
from zoneinfo import ZoneInfo

MAX_DAYS = 3660


class CalendarClock:
    "7x24: every hour counts"

    def add(self, start, duration):
        return start + duration

    def elapsed(self, start, end):
        return max(end - start, dt.timedelta(0))


class BusinessClock:
    "Only the working window of working days counts"

    def __init__(
            self, timezone='Asia/Shanghai', start=dt.time(8, 30),
            end=dt.time(17, 30), weekdays=frozenset(range(5)),
            holidays=frozenset(), workdays=frozenset()):
        if start >= end:
            raise ValueError("the working window must not be empty")
        if not weekdays and not workdays:
            raise ValueError("a business calendar needs working days")
        self.zone = ZoneInfo(timezone)
        self.start = start
        self.end = end
        self.weekdays = frozenset(weekdays)
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)

    def is_working_day(self, day):
        if day in self.workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def _local(self, value):
        return value.replace(tzinfo=dt.timezone.utc).astimezone(
            self.zone).replace(tzinfo=None)

    def _utc(self, value):
        return value.replace(tzinfo=self.zone).astimezone(
            dt.timezone.utc).replace(tzinfo=None)

    def _windows(self, local_start):
        "Yield the working windows from the day of local_start on"
        day = local_start.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                yield (dt.datetime.combine(day, self.start),
                    dt.datetime.combine(day, self.end))
            day += dt.timedelta(days=1)
        raise ValueError("no working time within %s days" % MAX_DAYS)

    def add(self, start, duration):
        "Return the moment when duration of business time has passed"
        if duration <= dt.timedelta(0):
            return start
        cursor = self._local(start)
        remaining = duration
        for window_start, window_end in self._windows(cursor):
            if cursor >= window_end:
                continue
            cursor = max(cursor, window_start)
            available = window_end - cursor
            if remaining <= available:
                return self._utc(cursor + remaining)
            remaining -= available
            cursor = window_end

    def elapsed(self, start, end):
        "Return the business time between two moments"
        if end <= start:
            return dt.timedelta(0)
        local_start, local_end = self._local(start), self._local(end)
        total = dt.timedelta(0)
        for window_start, window_end in self._windows(local_start):
            if window_start >= local_end:
                break
            low = max(window_start, local_start)
            high = min(window_end, local_end)
            if high > low:
                total += high - low
        return total
