# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"The weekend and holiday duty roster (R-HR-11)"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup)
from trytond.modules.service_hr_rules.tests.test_attendance import (
    FRIDAY, MAKE_UP_SATURDAY, NATIONAL_DAY, as_employee, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def create_duty(employee, date, phone="13900139000"):
    Duty = Pool().get('staff.duty')
    duty, = Duty.create([{
                'employee': employee.id,
                'date': date,
                'phone': phone,
                'notes': "值班电话已转接到手机",
                }])
    return duty


class DutyTestCase(unittest.TestCase):
    "Test the duty roster"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_duty_on_weekends_and_holidays(self):
        """R-HR-11: duty falls on a weekend or public holiday, not on a
        working day such as the make-up Saturday"""
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer = staff['engineer'][1]
            with as_employee(supervisor_user):
                duty = create_duty(engineer, NATIONAL_DAY)
            self.assertEqual(duty.phone, '+8613900139000')
            self.assertEqual(duty.scheduled_by, supervisor)
            create_duty(engineer, dt.date(2026, 10, 11))
            with self.assertRaises(ValidationError):
                create_duty(engineer, MAKE_UP_SATURDAY)

    @with_transaction()
    def test_duty_phone_valid(self):
        "R-HR-11: the phone the service line is forwarded to is valid"
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            with self.assertRaises(ValidationError):
                create_duty(staff['engineer'][1], NATIONAL_DAY, "12345")

    @with_transaction()
    def test_on_duty_today_on_ticket(self):
        "R-HR-11: the dispatcher sees today's duty from the ticket"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Date = pool.get('ir.date')
        Duty = pool.get('staff.duty')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'contact': contact.id,
                        'installation': installation.id,
                        'subject': "节假日无法登录系统",
                        }])
            create_duty(engineer, NATIONAL_DAY)
            create_duty(staff['engineer2'][1], NATIONAL_DAY, "13700137000")
            with patch.object(Date, 'today', return_value=FRIDAY):
                self.assertIsNone(Ticket(ticket.id).on_duty)
            with patch.object(Date, 'today', return_value=NATIONAL_DAY):
                self.assertEqual(
                    Ticket(ticket.id).on_duty,
                    "刘洋 (+8613900139000), 黄磊 (+8613700137000)")
                self.assertEqual(
                    set(Duty.on_duty(company)), set(Duty.search([])))

    @with_transaction()
    def test_supervisor_schedules_engineer_reads(self):
        """R-HR-11, R-ORG-3: the after-sales supervisor schedules the duty;
        the engineer reads the roster but cannot change it"""
        pool = Pool()
        Duty = pool.get('staff.duty')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            with as_user(staff['supervisor'][0]):
                duty = create_duty(engineer, NATIONAL_DAY)
            with as_user(engineer_user):
                self.assertEqual(Duty.search([]), [duty])
                with self.assertRaises(AccessError):
                    Duty.write([Duty(duty.id)], {'notes': "换班"})
                with self.assertRaises(AccessError):
                    create_duty(engineer, dt.date(2026, 10, 2))

    @with_transaction()
    def test_duty_unique(self):
        "R-HR-11: an employee is on duty once a day"
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            create_duty(staff['engineer'][1], NATIONAL_DAY)
            # Last: on PostgreSQL the failed statement ends the transaction
            with self.assertRaises(Exception):
                create_duty(staff['engineer'][1], NATIONAL_DAY)
