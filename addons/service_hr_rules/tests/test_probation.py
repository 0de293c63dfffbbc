# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Probation: the application to become permanent through the superior to
HR, early conversion with approvals, and the company's decisions during
probation (R-HR-3)"""
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_hr_rules.tests.test_assessment import (
    add_user, create_assessment)
from trytond.modules.service_hr_rules.tests.test_attendance import (
    as_employee, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

PROBATION_END = dt.date(2026, 10, 31)


def on_probation(employee, end=PROBATION_END):
    Employee = Pool().get('company.employee')
    Employee.write([employee], {
            'employment': 'temporary',
            'probation_end': end,
            })


def probation_assessment(employee, assessor_user):
    "The probation assessment signed by the assessor"
    Assessment = Pool().get('staff.assessment')
    assessment = create_assessment(
        employee, kind='probation', scores=[85, 80],
        subject="产品安装、培训与远程维护")
    with as_employee(assessor_user):
        Assessment.assess([assessment])
    return assessment


def create_application(employee, assessment=None, date=None):
    Application = Pool().get('staff.probation.application')
    application, = Application.create([{
                'company': employee.company.id,
                'employee': employee.id,
                'date': date or dt.date(2026, 11, 2),
                'application': "试用期内独立完成三家客户的软件实施，申请转正。",
                'assessment': assessment.id if assessment else None,
                }])
    return application


def reviewed(application, supervisor_user):
    "Submitted by the employee, reviewed by the superior"
    Application = Pool().get('staff.probation.application')
    Application.submit([application])
    with as_user(supervisor_user):
        Application.write([Application(application.id)], {
                'superior_opinion': "工作认真，技术扎实，同意转正。",
                })
        Application.review([Application(application.id)])
    return Application(application.id)


class ProbationTestCase(unittest.TestCase):
    "Test probation"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_conversion_through_superior_to_hr(self):
        """R-HR-3: the application with the probation assessment goes
        through the direct superior to HR, who makes the employee
        permanent"""
        pool = Pool()
        Application = pool.get('staff.probation.application')
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            hr_user, _ = staff['hr']
            on_probation(engineer)
            assessment = probation_assessment(engineer, supervisor_user)

            with as_user(engineer_user):
                application = create_application(engineer, assessment)
                self.assertFalse(application.early)
                Application.submit([application])
                with self.assertRaises(AccessError):
                    Application.write([Application(application.id)], {
                            'superior_opinion': "同意",
                            })
            self.assertEqual(application.state, 'submitted')
            self.assertIsNone(application.superior_opinion)

            # The superior's evaluation first
            with as_user(supervisor_user):
                with self.assertRaises(AccessButtonError):
                    Application.review([Application(application.id)])
            with as_employee(supervisor_user):
                with self.assertRaises(ValidationError):
                    Application.review([Application(application.id)])
            self.assertEqual(Application(application.id).state, 'submitted')
            application = reviewed(Application(application.id),
                supervisor_user)
            self.assertEqual(application.state, 'reviewed')
            self.assertEqual(application.reviewed_by, supervisor)

            with as_user(hr_user):
                Application.hr_approve([Application(application.id)])
            application = Application(application.id)
            self.assertEqual(application.state, 'approved')
            self.assertEqual(application.conversion_date, PROBATION_END)
            engineer = Employee(engineer.id)
            self.assertEqual(engineer.employment, 'permanent')
            self.assertEqual(engineer.permanent_date, PROBATION_END)

    @with_transaction()
    def test_early_conversion_approvals(self):
        """R-HR-3: an early conversion needs the manager's,
        administration's and the general manager's approval before HR"""
        pool = Pool()
        Application = pool.get('staff.probation.application')
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, _ = staff['supervisor']
            engineer = staff['engineer'][1]
            hr_user, _ = staff['hr']
            manager_user, manager = add_user(
                company, 'manager', 'service_manager', "张经理")
            office_user, office = add_user(
                company, 'office', 'administration', "赵文员")
            gm_user, gm = add_user(
                company, 'gm', 'general_manager', "王总")
            on_probation(engineer)
            assessment = probation_assessment(engineer, supervisor_user)
            application = create_application(
                engineer, assessment, date=dt.date(2026, 10, 9))
            self.assertTrue(application.early)
            application = reviewed(application, supervisor_user)

            # No skipping: HR and administration wait for their turn
            with as_user(hr_user):
                with self.assertRaises(AccessButtonError):
                    Application.hr_approve([Application(application.id)])
            for user, button in [
                    (hr_user, Application.hr_approve),
                    (office_user, Application.admin_approve),
                    (gm_user, Application.gm_approve)]:
                with as_employee(user):
                    with self.assertRaises(AccessError):
                        button([Application(application.id)])
                self.assertEqual(
                    Application(application.id).state, 'reviewed')
            self.assertEqual(Employee(engineer.id).employment, 'temporary')
            # Nor the wrong person
            with as_employee(office_user):
                with self.assertRaises(AccessError):
                    Application.manager_approve([application])

            for user, button, state in [
                    (manager_user, Application.manager_approve,
                        'manager_approved'),
                    (office_user, Application.admin_approve,
                        'admin_approved'),
                    (gm_user, Application.gm_approve, 'gm_approved'),
                    (hr_user, Application.hr_approve, 'approved')]:
                with as_user(user):
                    button([Application(application.id)])
                self.assertEqual(Application(application.id).state, state)
            application = Application(application.id)
            self.assertEqual(application.manager_approved_by, manager)
            self.assertEqual(application.admin_approved_by, office)
            self.assertEqual(application.gm_approved_by, gm)
            self.assertEqual(Employee(engineer.id).employment, 'permanent')
            self.assertEqual(application.conversion_date,
                Employee(engineer.id).permanent_date)

    @with_transaction()
    def test_refused_applications(self):
        """R-HR-3: no application when permanent, one open application at
        a time, with the probation assessment, never reviewed by oneself"""
        pool = Pool()
        Application = pool.get('staff.probation.application')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            colleague_user, colleague = staff['engineer2']
            on_probation(engineer)

            application = create_application(engineer)
            with as_user(engineer_user):
                with self.assertRaises(ValidationError):
                    Application.submit([Application(application.id)])
            self.assertEqual(application.state, 'draft')

            assessment = probation_assessment(engineer, supervisor_user)
            Application.write([application], {'assessment': assessment.id})
            Application.submit([application])
            for user in [engineer_user, colleague_user]:
                with as_employee(user):
                    with self.assertRaises(AccessError):
                        Application.review([application])
            self.assertEqual(application.state, 'submitted')

            with as_employee(supervisor_user):
                with self.assertRaises(ValidationError):
                    Application.refuse([Application(application.id)])
            with as_user(supervisor_user):
                Application.write([Application(application.id)], {
                        'refusal_reason': "试用期考核内容未完成",
                        })
                Application.refuse([Application(application.id)])
            application = Application(application.id)
            self.assertEqual(application.state, 'refused')
            self.assertEqual(application.refused_by, supervisor)

            # Last: a refused create is undone with the transaction
            # A colleague already permanent
            with self.assertRaises(ValidationError):
                create_application(colleague)
            create_application(engineer, assessment)
            with self.assertRaises(ValidationError):
                create_application(engineer, assessment)

    @with_transaction()
    def test_company_decisions(self):
        """R-HR-3: during probation HR or the manager extends it, transfers
        or dismisses the employee; kept as history"""
        pool = Pool()
        Event = pool.get('staff.probation.event')
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            hr_user, hr = staff['hr']
            on_probation(engineer)

            with as_user(supervisor_user):
                extend, = Event.create([{
                            'company': company.id,
                            'employee': engineer.id,
                            'date': dt.date(2026, 10, 20),
                            'kind': 'extend',
                            'new_end_date': dt.date(2026, 12, 31),
                            'reason': "远程维护技能尚需提高",
                            }])
            with as_employee(engineer_user):
                with self.assertRaises(AccessError):
                    Event.decide([extend])
            self.assertEqual(
                Employee(engineer.id).probation_end, PROBATION_END)

            with as_user(supervisor_user):
                Event.decide([Event(extend.id)])
            extend = Event(extend.id)
            self.assertEqual(extend.state, 'done')
            self.assertEqual(extend.previous_end_date, PROBATION_END)
            self.assertEqual(extend.decided_by, supervisor)
            self.assertEqual(
                Employee(engineer.id).probation_end, dt.date(2026, 12, 31))
            with as_user(supervisor_user):
                with self.assertRaises(AccessError):
                    Event.write([extend], {'reason': "改"})

            transfer, dismiss = Event.create([{
                        'company': company.id,
                        'employee': engineer.id,
                        'date': dt.date(2026, 11, 2),
                        'kind': 'transfer',
                        'new_department': hr.department.id,
                        'reason': "调往行政人事部",
                        }, {
                        'company': company.id,
                        'employee': engineer.id,
                        'date': dt.date(2026, 11, 20),
                        'kind': 'dismiss',
                        'end_date': dt.date(2026, 11, 30),
                        'reason': "明显违纪",
                        }])
            with as_user(hr_user):
                Event.decide([Event(transfer.id)])
                Event.decide([Event(dismiss.id)])
            engineer = Employee(engineer.id)
            self.assertEqual(engineer.department, hr.department)
            self.assertEqual(engineer.end_date, dt.date(2026, 11, 30))
            self.assertEqual(
                Event(transfer.id).previous_department, supervisor.department)
            self.assertEqual(
                Event.search([('employee', '=', engineer.id)]),
                [Event(dismiss.id), Event(transfer.id), extend])

            shorter, = Event.create([{
                        'company': company.id,
                        'employee': engineer.id,
                        'date': dt.date(2026, 11, 21),
                        'kind': 'extend',
                        'new_end_date': dt.date(2026, 12, 1),
                        'reason': "缩短",
                        }])
            with as_employee(hr_user):
                with self.assertRaises(ValidationError):
                    Event.decide([shorter])
            self.assertEqual(Event(shorter.id).state, 'draft')
