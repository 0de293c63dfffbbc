# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Base salaries: the history and who sees it (R-HR-12, R-ORG-3)"
import datetime as dt
import unittest
from decimal import Decimal

from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_hr_rules.tests.test_attendance import (
    create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def create_salary(employee, start_date, amount, **values):
    Salary = Pool().get('staff.salary')
    salary, = Salary.create([{
                'company': employee.company.id,
                'employee': employee.id,
                'start_date': start_date,
                'amount': Decimal(amount),
                **values,
                }])
    return salary


class SalaryTestCase(unittest.TestCase):
    "Test base salaries"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_history(self):
        "R-HR-12: the salary in force is the latest started on the date"
        pool = Pool()
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            first = create_salary(engineer, dt.date(2026, 1, 1), '8000')
            raised = create_salary(engineer, dt.date(2026, 7, 1), '9000')

            self.assertIsNone(
                Salary.get_base_salary(engineer, dt.date(2025, 12, 31)))
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 1, 1)), first)
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 6, 30)), first)
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 7, 1)), raised)
            self.assertEqual(
                Salary.get_base_salary(engineer.id, dt.date(2027, 1, 1)),
                raised)
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 7, 1)).amount,
                Decimal('9000'))
            self.assertIsNone(Salary.get_base_salary(
                    staff['engineer2'][1], dt.date(2027, 1, 1)))
            self.assertEqual(
                Salary.search([('employee', '=', engineer.id)]),
                [raised, first])
            self.assertEqual(first.currency, company.currency)

    @with_transaction()
    def test_base_salary_for_any_user(self):
        """The server's computations (the pay sheet) read the salary whoever
        runs them"""
        pool = Pool()
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, _ = staff['engineer']
            colleague = staff['engineer2'][1]
            salary = create_salary(colleague, dt.date(2026, 1, 1), '7000')

            with as_user(engineer_user):
                self.assertEqual(
                    Salary.get_base_salary(
                        colleague, dt.date(2026, 3, 1)).id, salary.id)

    @with_transaction()
    def test_negative_amount(self):
        "A base salary is not negative"
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            with self.assertRaises(ValidationError):
                create_salary(
                    staff['engineer'][1], dt.date(2026, 1, 1), '-1')

    @with_transaction()
    def test_engineer_sees_own_salary_only(self):
        "R-ORG-3: an engineer reads his own salary, not a colleague's"
        pool = Pool()
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            colleague = staff['engineer2'][1]
            own = create_salary(engineer, dt.date(2026, 1, 1), '8000')
            other = create_salary(colleague, dt.date(2026, 1, 1), '9000')

            with as_user(engineer_user):
                self.assertEqual(Salary.search([]), [own])
                self.assertEqual(Salary(own.id).amount, Decimal('8000'))
                with self.assertRaises(AccessError):
                    Salary.read([other.id], ['amount'])
                with self.assertRaises(AccessError):
                    Salary.write([Salary(own.id)], {'amount': Decimal(1)})
                with self.assertRaises(AccessError):
                    create_salary(engineer, dt.date(2026, 6, 1), '20000')
            self.assertEqual(own.amount, Decimal('8000'))
            self.assertEqual(
                Salary.search([('employee', '=', engineer.id)]), [own])

    @with_transaction()
    def test_department_manager_no_staff_salary(self):
        """R-ORG-3: the department manager does not read his staff's
        salaries"""
        pool = Pool()
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer = staff['engineer'][1]
            own = create_salary(supervisor, dt.date(2026, 1, 1), '12000')
            other = create_salary(engineer, dt.date(2026, 1, 1), '8000')

            with as_user(supervisor_user):
                self.assertEqual(Salary.search([]), [own])
                with self.assertRaises(AccessError):
                    Salary.read([other.id], ['amount'])

    @with_transaction()
    def test_hr_manages_salaries(self):
        "R-ORG-3: HR reads and records everyone's salary"
        pool = Pool()
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            hr_user, _ = staff['hr']
            engineer = staff['engineer'][1]
            other = create_salary(engineer, dt.date(2026, 1, 1), '8000')

            with as_user(hr_user):
                self.assertEqual(Salary.search([]), [other])
                self.assertEqual(Salary(other.id).amount, Decimal('8000'))
                raised = create_salary(engineer, dt.date(2026, 7, 1), '8800')
                Salary.write([raised], {'note': "岗位调整"})
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 8, 1)),
                raised)

    @with_transaction()
    def test_one_salary_per_start(self):
        "An employee has one base salary per start date"
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            create_salary(engineer, dt.date(2026, 1, 1), '8000')
            # Last: a failed SQL constraint aborts the transaction
            with self.assertRaises(ValidationError):
                create_salary(engineer, dt.date(2026, 1, 1), '9000')
