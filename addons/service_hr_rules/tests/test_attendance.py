# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Attendance: sign-ins, site notices and classified days (R-HR-1)"
import datetime as dt
import unittest
from contextlib import contextmanager

from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.organisation import role_group
from trytond.modules.service_center.tests.test_module import (
    as_user, create_customer)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

# 2026-10-09 is a Friday; 2026-10-10 a Saturday worked in exchange for the
# National Day holiday (2026-10-01..07); 2026-10-12 a Monday
FRIDAY = dt.date(2026, 10, 9)
MAKE_UP_SATURDAY = dt.date(2026, 10, 10)
NATIONAL_DAY = dt.date(2026, 10, 1)
MONDAY = dt.date(2026, 10, 12)


def local(*args):
    "A wall-clock time in Shanghai as the naive UTC Tryton stores"
    return dt.datetime(*args) - dt.timedelta(hours=8)


def create_staff(company):
    """The after-sales department managed by the supervisor, with two
    engineers; HR in its own department.  Return {login: (user,
    employee)}"""
    pool = Pool()
    Company = pool.get('company.company')
    Department = pool.get('service.department')
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Company.write([company], {'timezone': 'Asia/Shanghai'})
    manager_group = ModelData.get_id(
        'service_hr_rules', 'group_department_manager')
    after_sales, hr = Department.create([
            {'name': "售后服务部", 'kind': 'after_sales'},
            {'name': "行政人事部", 'kind': 'hr'},
            ])
    staff = {}
    for login, role, name, department, manager in [
            ('supervisor', 'after_sales_supervisor', "李明", after_sales,
                True),
            ('engineer', 'engineer', "刘洋", after_sales, False),
            ('engineer2', 'engineer', "黄磊", after_sales, False),
            ('hr', 'hr', "吴霞", hr, True)]:
        employee = create_employee(company, name)
        employee.department = department
        employee.save()
        groups = [role_group(role).id]
        if manager:
            groups.append(manager_group)
            department.manager = employee
            department.save()
        user, = User.create([{
                    'login': login,
                    'name': name,
                    'groups': [('add', groups)],
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'employees': [('add', [employee.id])],
                    'employee': employee.id,
                    }])
        staff[login] = (user, employee)
    return staff


def sign_in(employee, at):
    Line = Pool().get('attendance.line')
    line, = Line.create([{
                'company': employee.company.id,
                'employee': employee.id,
                'at': at,
                'date': (at + dt.timedelta(hours=8)).date(),
                'type': 'in',
                }])
    return line


def site_notice(employee, date, phoned_at, customer=None):
    Notice = Pool().get('staff.site_notice')
    notice, = Notice.create([{
                'employee': employee.id,
                'date': date,
                'customer': (customer or create_customer()).id,
                'phoned_at': phoned_at,
                'told_to': employee.department.manager.id,
                }])
    return notice


def day_of(employee, date):
    Day = Pool().get('staff.attendance.day')
    day, = Day.search([('employee', '=', employee.id), ('date', '=', date)])
    return day


@contextmanager
def as_employee(user):
    "As the user, without the access checks of RPC (server-side rules only)"
    with Transaction().set_user(user.id), Transaction().set_context(
            company=user.company.id):
        yield


class AttendanceTestCase(unittest.TestCase):
    "Test attendance"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_late_after_start_of_work(self):
        "R-HR-1: a sign-in at 09:00 is on time, at 09:01 late"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            on_time, late = staff['engineer'][1], staff['engineer2'][1]
            sign_in(on_time, local(2026, 10, 9, 9, 0, 59))
            sign_in(late, local(2026, 10, 9, 9, 1))
            Day.classify(company, [FRIDAY], [on_time, late])

            self.assertEqual(day_of(on_time, FRIDAY).status, 'present')
            self.assertEqual(day_of(on_time, FRIDAY).minutes_late, 0)
            self.assertEqual(day_of(late, FRIDAY).status, 'late')
            self.assertEqual(day_of(late, FRIDAY).minutes_late, 1)

    @with_transaction()
    def test_start_of_work_configured(self):
        "R-HR-1: the start of work is the company's, in its timezone"
        pool = Pool()
        Configuration = pool.get('staff.configuration')
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            configuration = Configuration(1)
            configuration.work_start = dt.time(8, 30)
            configuration.save()
            sign_in(engineer, local(2026, 10, 9, 8, 45))
            Day.classify(company, [FRIDAY], [engineer])

            day = day_of(engineer, FRIDAY)
            self.assertEqual(day.status, 'late')
            self.assertEqual(day.minutes_late, 15)
            self.assertEqual(day.sign_in, local(2026, 10, 9, 8, 45))

    @with_transaction()
    def test_absent_without_sign_in_or_notice(self):
        "R-HR-1: no sign-in and no call to the manager is an absence (旷工)"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            # A sign-in on the evening before does not count for the day
            sign_in(engineer, local(2026, 10, 8, 21, 0))
            Day.classify(company, [FRIDAY], [engineer])

            day = day_of(engineer, FRIDAY)
            self.assertEqual(day.status, 'absent')
            self.assertIsNone(day.sign_in)

    @with_transaction()
    def test_site_notice_before_and_after_start(self):
        """R-HR-1: going straight to a site, phoned before the start of
        work is a working day; phoned after it, late"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            before, after = staff['engineer'][1], staff['engineer2'][1]
            customer = create_customer()
            with as_employee(staff['supervisor'][0]):
                in_time = site_notice(
                    before, FRIDAY, local(2026, 10, 9, 8, 40), customer)
                too_late = site_notice(
                    after, FRIDAY, local(2026, 10, 9, 9, 20), customer)
            self.assertTrue(in_time.in_time)
            self.assertFalse(too_late.in_time)
            self.assertEqual(in_time.recorded_by, staff['supervisor'][1])
            Day.classify(company, [FRIDAY], [before, after])

            day = day_of(before, FRIDAY)
            self.assertEqual(day.status, 'present')
            self.assertEqual(day.site_notice, in_time)
            day = day_of(after, FRIDAY)
            self.assertEqual(day.status, 'late')
            self.assertEqual(day.minutes_late, 20)
            self.assertEqual(day.site_notice, too_late)

    @with_transaction()
    def test_site_notice_phoned_the_evening_before(self):
        "R-HR-1: a call the evening before is in advance"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Notice = pool.get('staff.site_notice')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            site_notice(engineer, FRIDAY, local(2026, 10, 8, 20, 0))
            Day.classify(company, [FRIDAY], [engineer])
            self.assertEqual(day_of(engineer, FRIDAY).status, 'present')

            # A call after the day is no notice at all
            with self.assertRaises(ValidationError):
                Notice.create([{
                            'employee': engineer.id,
                            'date': FRIDAY,
                            'customer': create_customer("北京华信").id,
                            'phoned_at': local(2026, 10, 10, 9, 0),
                            }])

    @with_transaction()
    def test_make_up_saturday_and_holiday(self):
        """R-HR-1: the Saturday worked in exchange for the National Day
        (2026-10-10) is a working day; the National Day (2026-10-01) and an
        ordinary Sunday are not"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            sign_in(engineer, local(2026, 10, 10, 9, 30))
            days = Day.classify(company, [
                    NATIONAL_DAY, MAKE_UP_SATURDAY, dt.date(2026, 10, 11)],
                [engineer])

            self.assertEqual([d.date for d in days], [MAKE_UP_SATURDAY])
            self.assertEqual(days[0].status, 'late')

    @with_transaction()
    def test_classify_idempotent(self):
        "R-HR-1: the daily job run twice keeps one day per employee"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            sign_in(engineer, local(2026, 10, 12, 8, 50))
            # Tuesday: the previous working day is Monday
            Day.classify_previous_day(today=dt.date(2026, 10, 13))
            first = Day.search([], order=[('id', 'ASC')])
            Day.classify_previous_day(today=dt.date(2026, 10, 13))
            second = Day.search([], order=[('id', 'ASC')])

            self.assertEqual(first, second)
            self.assertEqual(len(second), len(staff))
            self.assertEqual({d.date for d in second}, {MONDAY})
            self.assertEqual(day_of(engineer, MONDAY).status, 'present')
            self.assertEqual(
                day_of(staff['engineer2'][1], MONDAY).status, 'absent')

    @with_transaction()
    def test_classify_previous_working_day_across_weekend(self):
        """R-HR-1: on a Monday the job classifies the Friday before; on
        the Sunday after the make-up Saturday, that Saturday"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            create_staff(company)
            Day.classify_previous_day(today=dt.date(2026, 10, 19))
            self.assertEqual(
                {d.date for d in Day.search([])}, {dt.date(2026, 10, 16)})

        other = create_company("其他公司")
        with set_company(other):
            create_employee(other, "赵强")
            Day.classify_previous_day(today=dt.date(2026, 10, 11))
            self.assertEqual(
                {d.date for d in Day.search([('company', '=', other.id)])},
                {MAKE_UP_SATURDAY})

    @with_transaction()
    def test_late_sign_in_entered_afterwards(self):
        "R-HR-1: a sign-in entered after the classification updates the day"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            Day.classify(company, [FRIDAY], [engineer])
            self.assertEqual(day_of(engineer, FRIDAY).status, 'absent')

            line = sign_in(engineer, local(2026, 10, 9, 8, 55))
            self.assertEqual(day_of(engineer, FRIDAY).status, 'present')

            line.delete([line])
            self.assertEqual(day_of(engineer, FRIDAY).status, 'absent')

    @with_transaction()
    def test_manager_correction_kept_with_reason(self):
        """R-HR-1: the manager corrects a day with a reason; the correction
        is kept and wins over a later classification"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Correction = pool.get('staff.attendance.day.correction')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer = staff['engineer'][1]
            day, = Day.classify(company, [FRIDAY], [engineer])
            self.assertEqual(day.status, 'absent')

            with as_employee(supervisor_user):
                with self.assertRaises(ValidationError):
                    Day.correct_status([day], 'present', " ")
                Day.correct_status(
                    [day], 'present', "客户现场电话会议，已电话报备")
            day = Day(day.id)
            self.assertEqual(day.status, 'present')
            self.assertEqual(day.computed_status, 'absent')
            self.assertTrue(day.corrected)
            correction, = day.corrections
            self.assertEqual(correction.previous_status, 'absent')
            self.assertEqual(correction.status, 'present')
            self.assertEqual(correction.reason, "客户现场电话会议，已电话报备")
            self.assertEqual(correction.corrected_by, supervisor)

            Day.classify(company, [FRIDAY], [engineer])
            self.assertEqual(Day(day.id).status, 'present')

            # The engineer cannot correct his own day, nor a colleague's
            with as_employee(staff['engineer2'][0]):
                with self.assertRaises(AccessError):
                    Day.correct_status([day], 'absent', "不对")
            with self.assertRaises(AccessError):
                Correction.write(list(day.corrections), {'reason': "改"})
            with self.assertRaises(AccessError):
                Correction.delete(list(day.corrections))

    @with_transaction()
    def test_correct_wizard(self):
        "R-HR-1: HR corrects a day through the wizard"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Correct = pool.get('staff.attendance.day.correct', type='wizard')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            day, = Day.classify(company, [FRIDAY], [engineer])
            with as_employee(staff['hr'][0]), Transaction().set_context(
                    active_model='staff.attendance.day', active_id=day.id,
                    active_ids=[day.id]):
                session_id, _, _ = Correct.create()
                correct = Correct(session_id)
                self.assertEqual(
                    correct.default_start(None), {'status': 'absent'})
                correct.start.status = 'late'
                correct.start.reason = "交通管制，9:30 到岗"
                correct.transition_correct()
            self.assertEqual(Day(day.id).status, 'late')
            self.assertEqual(
                Day(day.id).corrections[0].corrected_by, staff['hr'][1])

    @with_transaction()
    def test_engineer_reads_own_day_only(self):
        """R-HR-1, R-ORG-3: an engineer reads his own attendance days only;
        the department manager reads his department's; nobody writes them"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            colleague = staff['engineer2'][1]
            Day.classify(company, [FRIDAY])
            own, other = day_of(engineer, FRIDAY), day_of(colleague, FRIDAY)
            hr_day = day_of(staff['hr'][1], FRIDAY)

            with as_user(engineer_user):
                self.assertEqual(Day.search([]), [own])
                Day.read([own.id], ['status'])
                with self.assertRaises(AccessError):
                    Day.read([other.id], ['status'])
                with self.assertRaises(AccessError):
                    Day.write([Day(own.id)], {'status': 'present'})
            with as_user(staff['supervisor'][0]):
                self.assertEqual(
                    set(Day.search([])),
                    {own, other, day_of(staff['supervisor'][1], FRIDAY)})
                with self.assertRaises(AccessError):
                    Day.read([hr_day.id], ['status'])
            with as_user(staff['hr'][0]):
                self.assertEqual(len(Day.search([])), 4)

    @with_transaction()
    def test_classify_wizard_past_days_only(self):
        "R-HR-1: HR classifies a range of past days"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Classify = pool.get(
            'staff.attendance.day.classify', type='wizard')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            create_staff(company)
            session_id, _, _ = Classify.create()
            classify = Classify(session_id)
            classify.start.company = company
            classify.start.from_date = dt.date(2026, 10, 5)
            classify.start.to_date = dt.date(2026, 10, 11)
            action, _ = classify.do_classify({})
            # 8, 9 October and the make-up Saturday, for four employees
            self.assertEqual(len(Day.search([])), 3 * 4)

            classify.start.to_date = Date.today()
            with self.assertRaises(ValidationError):
                classify.do_classify({})

    @with_transaction()
    def test_employee_not_signing_in(self):
        "R-HR-1: who does not sign in, or has left, is not classified"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            Employee.write([staff['hr'][1]], {'signs_in': False})
            Employee.write([staff['engineer2'][1]], {
                    'end_date': dt.date(2026, 10, 8)})
            days = Day.classify(company, [FRIDAY])
            self.assertEqual(
                {d.employee for d in days},
                {staff['engineer'][1], staff['supervisor'][1]})

    @with_transaction()
    def test_attendance_day_unique(self):
        "R-HR-1: one attendance day per employee and date"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            Day.classify(company, [FRIDAY], [engineer])
            # Last: on PostgreSQL the failed statement ends the transaction
            with self.assertRaises(Exception):
                Day.create([{
                            'company': company.id,
                            'employee': engineer.id,
                            'date': FRIDAY,
                            'status': 'present',
                            'computed_status': 'present',
                            }])
