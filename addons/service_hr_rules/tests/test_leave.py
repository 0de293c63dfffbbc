# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Leave: approvals in advance, HR for long leave, closing with HR (R-HR-2)"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_hr_rules.tests.test_attendance import (
    FRIDAY, as_employee, create_staff, day_of, local)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

REQUESTED_AT = 'trytond.modules.service_hr_rules.leave.utc_now'


def create_leave(employee, substitute, from_date, to_date, type='annual',
        **values):
    Leave = Pool().get('staff.leave')
    leave, = Leave.create([{
                'employee': employee.id,
                'type': type,
                'from_date': from_date,
                'to_date': to_date,
                'reason': "回老家探亲",
                'handover': "客户回访交给同事，远程维护单已交接",
                'substitute': substitute.id,
                'contact_phone': "13800138000",
                **values,
                }])
    return leave


def request(leave, at=None):
    "The employee asks the manager, at a given time"
    Leave = Pool().get('staff.leave')
    Leave.request([leave])
    if at:
        Leave.write([leave], {'requested_at': at})
    return Leave(leave.id)


class LeaveTestCase(unittest.TestCase):
    "Test leave"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_working_days(self):
        """R-HR-2: a leave counts working days, the holidays off and the
        make-up Saturday on (2026-09-28..10-10)"""
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            leave = create_leave(
                engineer, colleague, dt.date(2026, 9, 28),
                dt.date(2026, 10, 10))
            # 28-30 September, 8-9 October, the Saturday 10 October
            self.assertEqual(leave.days, 6)
            self.assertTrue(leave.hr_needed)
            self.assertEqual(leave.contact_phone, '+8613800138000')

    @with_transaction()
    def test_short_leave_manager_approves(self):
        "R-HR-2: the department manager alone approves two days"
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            leave = create_leave(
                engineer, staff['engineer2'][1], dt.date(2026, 10, 8),
                FRIDAY)
            self.assertEqual(leave.days, 2)
            self.assertFalse(leave.hr_needed)
            with as_employee(engineer_user):
                leave = request(leave)
                self.assertEqual(leave.state, 'requested')
                self.assertEqual(leave.requested_by, engineer)
                # Not by oneself
                with self.assertRaises(AccessError):
                    Leave.approve([leave])
            # Nor by a colleague
            with as_employee(staff['engineer2'][0]):
                with self.assertRaises(AccessError):
                    Leave.approve([leave])
            with as_employee(supervisor_user):
                Leave.approve([leave])
            leave = Leave(leave.id)
            self.assertEqual(leave.state, 'approved')
            self.assertEqual(leave.approved_by, supervisor)

    @with_transaction()
    def test_long_leave_needs_hr(self):
        """R-HR-2: a leave of more than three days waits for HR after the
        department manager; the manager cannot approve it for HR"""
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user = staff['supervisor'][0]
            hr_user, hr = staff['hr']
            engineer = staff['engineer'][1]
            leave = create_leave(
                engineer, staff['engineer2'][1], dt.date(2026, 10, 12),
                dt.date(2026, 10, 15), type='marriage')
            self.assertEqual(leave.days, 4)
            request(leave)
            # HR does not approve before the department manager
            with as_employee(hr_user):
                Leave.hr_approve([leave])
            self.assertEqual(Leave(leave.id).state, 'requested')
            with as_employee(supervisor_user):
                Leave.approve([leave])
                self.assertEqual(Leave(leave.id).state, 'waiting_hr')
                with self.assertRaises(AccessError):
                    Leave.hr_approve([leave])
            self.assertEqual(Leave(leave.id).state, 'waiting_hr')
            with as_employee(hr_user):
                Leave.hr_approve([leave])
            leave = Leave(leave.id)
            self.assertEqual(leave.state, 'approved')
            self.assertEqual(leave.hr_approved_by, hr)

    @with_transaction()
    def test_three_days_needs_hr(self):
        """R-HR-2: "请假3天以上" counts three days in (以上 includes the
        number); the threshold is the company's to set"""
        pool = Pool()
        Leave = pool.get('staff.leave')
        Configuration = pool.get('staff.configuration')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            leave = create_leave(
                engineer, colleague, dt.date(2026, 10, 12),
                dt.date(2026, 10, 14))
            self.assertEqual(leave.days, 3)
            self.assertTrue(leave.hr_needed)
            request(leave)
            with as_employee(staff['supervisor'][0]):
                Leave.approve([leave])
            self.assertEqual(Leave(leave.id).state, 'waiting_hr')

            configuration = Configuration(1)
            configuration.leave_hr_days = 4
            configuration.save()
            self.assertFalse(Leave(leave.id).hr_needed)

    @with_transaction()
    def test_request_needs_handover(self):
        "R-HR-2: the work is handed over to a colleague before leaving"
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            leave = create_leave(
                engineer, colleague, FRIDAY, FRIDAY, handover=None)
            with self.assertRaises(ValidationError) as cm:
                Leave.request([leave])
            self.assertIn("Handover", cm.exception.message)
            # A weekend has no working day to take off
            Leave.write([leave], {
                    'handover': "交接完毕",
                    'from_date': dt.date(2026, 10, 17),
                    'to_date': dt.date(2026, 10, 18),
                    })
            with self.assertRaises(ValidationError):
                Leave.request([leave])
            # Last: a refused value stays in the transaction
            with self.assertRaises(ValidationError):
                Leave.write([leave], {'substitute': engineer.id})

    @with_transaction()
    def test_leave_phone_invalid(self):
        "R-HR-2: the employee stays reachable on a valid phone"
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            with self.assertRaises(ValidationError):
                create_leave(
                    engineer, colleague, FRIDAY, FRIDAY,
                    contact_phone="12345")

    @with_transaction()
    def test_sick_leave_needs_certificate(self):
        """R-HR-2: a sick leave is closed with HR after the return, and
        only with the hospital's certificate"""
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user = staff['supervisor'][0]
            hr_user, hr = staff['hr']
            engineer = staff['engineer'][1]
            leave = create_leave(
                engineer, staff['engineer2'][1], FRIDAY, FRIDAY, type='sick')
            request(leave)
            with as_employee(supervisor_user):
                Leave.approve([leave])
            Leave.take([leave])
            self.assertEqual(Leave(leave.id).state, 'taken')

            # Not by the manager: with HR (销假)
            with as_employee(supervisor_user):
                with self.assertRaises(AccessError):
                    Leave.close([leave])
            with as_employee(hr_user):
                with self.assertRaises(ValidationError):
                    Leave.close([leave])
                self.assertEqual(Leave(leave.id).state, 'taken')
                Leave.write([leave], {
                        'certificate': b'%PDF-1.4 hospital',
                        'certificate_name': "诊断证明书.pdf",
                        })
                Leave.close([leave])
            leave = Leave(leave.id)
            self.assertEqual(leave.state, 'closed')
            self.assertEqual(leave.closed_by, hr)
            self.assertTrue(leave.closed_at)

    @with_transaction()
    def test_leave_days_classified(self):
        """R-HR-2: a day of a leave approved in advance is leave; without
        approval, or asked only after the day started, it is an absence"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user = staff['supervisor'][0]
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            approved = create_leave(engineer, colleague, FRIDAY, FRIDAY)
            request(approved, at=local(2026, 10, 8, 17, 0))
            unapproved = create_leave(colleague, engineer, FRIDAY, FRIDAY)
            request(unapproved, at=local(2026, 10, 8, 17, 0))
            with as_employee(supervisor_user):
                Leave.approve([approved])
            Day.classify(company, [FRIDAY], [engineer, colleague])

            day = day_of(engineer, FRIDAY)
            self.assertEqual(day.status, 'leave')
            self.assertEqual(day.leave, approved)
            day = day_of(colleague, FRIDAY)
            self.assertEqual(day.status, 'absent')
            self.assertEqual(day.leave, unapproved)

            # Approved afterwards: it was asked in advance, the day follows
            with as_employee(supervisor_user):
                Leave.approve([unapproved])
            self.assertEqual(day_of(colleague, FRIDAY).status, 'leave')

            # Cancelled: the day is an absence again
            Leave.cancel([approved])
            self.assertEqual(day_of(engineer, FRIDAY).status, 'absent')

    @with_transaction()
    def test_leave_asked_after_start_is_absence(self):
        "R-HR-2: a leave asked after the start of work is not in advance"
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            leave = create_leave(
                engineer, colleague, FRIDAY, dt.date(2026, 10, 10))
            request(leave, at=local(2026, 10, 9, 10, 0))
            with as_employee(staff['supervisor'][0]):
                Leave.approve([leave])
            days = Day.classify(
                company, [FRIDAY, dt.date(2026, 10, 10)], [engineer])
            self.assertEqual(
                [(d.date, d.status) for d in days],
                [(FRIDAY, 'absent'), (dt.date(2026, 10, 10), 'leave')])

    @with_transaction()
    def test_sick_leave_phoned_before_work(self):
        """R-HR-2: a sick employee phones the manager before work; the leave
        entered later counts from the call, vouched for by the approval"""
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user = staff['supervisor'][0]
            engineer_user, engineer = staff['engineer']
            colleague = staff['engineer2'][1]
            leave = create_leave(
                engineer, colleague, FRIDAY, FRIDAY, type='sick',
                reported_at=local(2026, 10, 9, 7, 50))
            with patch(REQUESTED_AT, return_value=local(2026, 10, 9, 10, 0)):
                Leave.request([leave])
            with as_employee(supervisor_user):
                Leave.approve([leave])
            day, = Day.classify(company, [FRIDAY], [engineer])
            self.assertEqual(day.status, 'leave')

            # Once approved, the time of the call is the manager's
            with as_user(engineer_user):
                with self.assertRaises(AccessError):
                    Leave.write([Leave(leave.id)], {
                            'reported_at': local(2026, 10, 8, 7, 50)})

    @with_transaction()
    def test_refuse_and_cancel(self):
        "R-HR-2: the manager refuses; a refused leave goes back to draft"
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            leave = create_leave(
                engineer, staff['engineer2'][1], FRIDAY, FRIDAY)
            request(leave)
            with as_employee(engineer_user):
                with self.assertRaises(AccessError):
                    Leave.refuse([leave])
            with as_employee(staff['supervisor'][0]):
                Leave.refuse([leave])
            leave = Leave(leave.id)
            self.assertEqual(leave.state, 'refused')
            self.assertEqual(leave.refused_by, staff['supervisor'][1])
            Leave.draft([leave])
            leave = Leave(leave.id)
            self.assertEqual(leave.state, 'draft')
            self.assertIsNone(leave.requested_at)
            Leave.cancel([leave])
            Leave.delete([leave])

    @with_transaction()
    def test_take_due(self):
        "R-HR-2: the daily job puts the approved leaves that started on"
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            started = create_leave(engineer, colleague, FRIDAY, FRIDAY)
            later = create_leave(
                colleague, engineer, dt.date(2026, 10, 12),
                dt.date(2026, 10, 12))
            for leave in [started, later]:
                request(leave)
            with as_employee(staff['supervisor'][0]):
                Leave.approve([started, later])
            Leave.take_due(today=FRIDAY)
            self.assertEqual(Leave(started.id).state, 'taken')
            self.assertEqual(Leave(later.id).state, 'approved')

    @with_transaction()
    def test_overlap_and_draft_only_changes(self):
        "R-HR-2: one leave at a time; dates fixed once requested"
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer, colleague = staff['engineer'][1], staff['engineer2'][1]
            leave = create_leave(engineer, colleague, FRIDAY, FRIDAY)
            request(leave)
            with self.assertRaises(AccessError):
                Leave.write([leave], {'to_date': dt.date(2026, 10, 12)})
            with self.assertRaises(AccessError):
                Leave.delete([leave])
            # Last: the refused record stays in the transaction
            with self.assertRaises(ValidationError):
                create_leave(
                    engineer, colleague, dt.date(2026, 10, 8), FRIDAY)

    @with_transaction()
    def test_engineer_own_leave_only(self):
        """R-HR-2, R-ORG-3: an engineer asks leave for himself and reads
        his own; he cannot approve it by writing its state"""
        pool = Pool()
        Leave = pool.get('staff.leave')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            colleague = staff['engineer2'][1]
            other = create_leave(colleague, engineer, FRIDAY, FRIDAY)
            with as_user(engineer_user):
                leave = create_leave(engineer, colleague, FRIDAY, FRIDAY)
                self.assertEqual(Leave.search([]), [leave])
                with self.assertRaises(AccessError):
                    Leave.read([other.id], ['state'])
                with self.assertRaises(AccessError):
                    Leave.write([leave], {'state': 'approved'})
                Leave.request([leave])
                with self.assertRaises(AccessButtonError):
                    Leave.approve([leave])
            self.assertEqual(Leave(leave.id).state, 'requested')
            with as_user(staff['supervisor'][0]):
                self.assertEqual(
                    set(Leave.search([])), {leave, other})
                Leave.approve([leave])
            with as_user(staff['hr'][0]):
                self.assertEqual(set(Leave.search([])), {leave, other})
            self.assertEqual(Leave(leave.id).state, 'approved')
            # Last: the refused record stays in the transaction
            with as_user(engineer_user):
                with self.assertRaises(AccessError):
                    create_leave(
                        colleague, engineer, dt.date(2026, 10, 12),
                        dt.date(2026, 10, 12))
