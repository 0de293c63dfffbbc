# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Property tests of the service-level clocks (R-SLA-1, R-SLA-2)"
import datetime as dt
import unittest

from hypothesis import given, settings
from hypothesis import strategies as st

from trytond.modules.service_center.sla_calendar import (
    BusinessClock, CalendarClock)

# 2026 in China: National Day week, and the Saturday worked in exchange.
HOLIDAYS = {dt.date(2026, 10, d) for d in range(1, 8)} | {
    dt.date(2026, 1, 1), dt.date(2026, 5, 1)}
WORKDAYS = {dt.date(2026, 10, 10), dt.date(2026, 1, 4)}

moments = st.datetimes(
    min_value=dt.datetime(2025, 12, 1), max_value=dt.datetime(2027, 2, 1))
durations = st.timedeltas(
    min_value=dt.timedelta(0), max_value=dt.timedelta(hours=200))
clocks = st.sampled_from([
        BusinessClock(holidays=HOLIDAYS, workdays=WORKDAYS),
        BusinessClock(
            timezone='Europe/Paris', start=dt.time(9), end=dt.time(18),
            weekdays={0, 1, 2, 3, 4, 5}),
        BusinessClock(start=dt.time(0), end=dt.time(23, 59)),
        ])


def utc(*args):
    "A moment given in Shanghai wall time, as naive UTC"
    return dt.datetime(*args) - dt.timedelta(hours=8)


class CalendarClockTestCase(unittest.TestCase):
    "R-SLA-2: service is 7x24, the clock runs on calendar time"

    @given(moments, durations)
    def test_add_is_plain_time(self, start, duration):
        clock = CalendarClock()
        self.assertEqual(clock.add(start, duration), start + duration)
        self.assertEqual(clock.elapsed(start, start + duration), duration)

    def test_across_midnight_and_holidays(self):
        "R-SLA-1: a call at 23:00 on National Day is answered by 01:00"
        clock = CalendarClock()
        start = utc(2026, 10, 1, 23, 0)
        self.assertEqual(
            clock.add(start, dt.timedelta(hours=2)), utc(2026, 10, 2, 1, 0))
        self.assertEqual(
            clock.add(start, dt.timedelta(hours=48)), utc(2026, 10, 3, 23))


class BusinessClockTestCase(unittest.TestCase):
    "Business hours with holidays and make-up workdays"

    def setUp(self):
        self.clock = BusinessClock(holidays=HOLIDAYS, workdays=WORKDAYS)

    @settings(max_examples=300)
    @given(clocks, moments, durations)
    def test_elapsed_inverts_add(self, clock, start, duration):
        deadline = clock.add(start, duration)
        self.assertGreaterEqual(deadline, start)
        self.assertEqual(clock.elapsed(start, deadline), duration)

    @settings(max_examples=300)
    @given(clocks, moments, durations, durations)
    def test_add_composes(self, clock, start, first, second):
        self.assertEqual(
            clock.add(clock.add(start, first), second),
            clock.add(start, first + second))

    @given(clocks, moments, durations, durations)
    def test_add_is_monotonic(self, clock, start, first, second):
        shorter, longer = sorted([first, second])
        self.assertLessEqual(
            clock.add(start, shorter), clock.add(start, longer))

    @given(moments, durations.filter(bool))
    def test_deadline_in_working_window(self, start, duration):
        deadline = self.clock._local(self.clock.add(start, duration))
        self.assertTrue(self.clock.is_working_day(deadline.date()))
        self.assertGreater(deadline.time(), self.clock.start)
        self.assertLessEqual(deadline.time(), self.clock.end)

    @given(moments, moments)
    def test_elapsed_never_exceeds_calendar(self, first, second):
        start, end = sorted([first, second])
        self.assertLessEqual(self.clock.elapsed(start, end), end - start)

    def test_friday_evening_to_monday(self):
        "A call after hours on Friday waits for Monday morning"
        start = utc(2026, 11, 27, 18, 0)
        self.assertEqual(
            self.clock.add(start, dt.timedelta(hours=2)),
            utc(2026, 11, 30, 10, 30))

    def test_national_day_and_make_up_saturday(self):
        "Holidays do not count; the Saturday worked in exchange does"
        start = utc(2026, 9, 30, 16, 30)
        # 1 h on 30 Sep, nothing from 1 to 9 Oct (holidays, then the
        # weekend of 3-4 Oct is inside the holiday), 8 Oct is Thursday:
        # a workday again.
        self.assertEqual(
            self.clock.add(start, dt.timedelta(hours=2)),
            utc(2026, 10, 8, 9, 30))
        # Saturday 10 Oct is a make-up workday
        start = utc(2026, 10, 9, 17, 0)
        self.assertEqual(
            self.clock.add(start, dt.timedelta(hours=1)),
            utc(2026, 10, 10, 9, 0))

    def test_elapsed_over_weekend(self):
        self.assertEqual(
            self.clock.elapsed(
                utc(2026, 11, 27, 17, 0), utc(2026, 11, 30, 9, 0)),
            dt.timedelta(minutes=60))

    def test_empty_calendar_refused(self):
        with self.assertRaises(ValueError):
            BusinessClock(start=dt.time(9), end=dt.time(9))
        with self.assertRaises(ValueError):
            BusinessClock(weekdays=set())
