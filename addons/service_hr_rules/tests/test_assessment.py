# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Assessments: probation, professional skill and periodic evaluation that
adjusts the base salary, all filed with administration (R-HR-12, R-HR-13)"""
import datetime as dt
import io
import unittest
import zipfile
from decimal import Decimal

from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.organisation import role_group
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_hr_rules.tests.test_attendance import (
    as_employee, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

D = Decimal


def add_user(company, login, role, name, department=None):
    "A user of role with his employee; return (user, employee)"
    User = Pool().get('res.user')
    employee = create_employee(company, name)
    if department:
        employee.department = department
        employee.save()
    user, = User.create([{
                'login': login,
                'name': name,
                'groups': [('add', [role_group(role).id])],
                'companies': [('add', [company.id])],
                'company': company.id,
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                }])
    return user, employee


def create_assessment(employee, kind='periodic', scores=None, **values):
    "An assessment of kind with its default criteria scored in order"
    Assessment = Pool().get('staff.assessment')
    assessment = Assessment(
        company=employee.company, employee=employee, kind=kind,
        date=dt.date(2026, 10, 9), **values)
    assessment.on_change_kind()
    if kind == 'probation':
        Line = Pool().get('staff.assessment.line')
        assessment.lines = [
            Line(criterion="工作表现", weight=D(2)),
            Line(criterion="产品知识", weight=D(1)),
            ]
    for line, score in zip(assessment.lines, scores or []):
        line.score = D(score)
    assessment.save()
    return assessment


class AssessmentTestCase(unittest.TestCase):
    "Test assessments"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_periodic_criteria_and_total(self):
        """R-HR-13: the periodic evaluation scores technical level, attitude
        and proficiency; the total is their weighted average"""
        Line = Pool().get('staff.assessment.line')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            assessment = create_assessment(
                staff['engineer'][1], scores=[90, 80, 70])
            self.assertEqual(
                [l.criterion for l in assessment.lines],
                ["Technical level", "Service attitude",
                    "Business proficiency"])
            self.assertEqual(assessment.total_score, D('80.0'))
            Line.write([assessment.lines[0]], {'weight': D(2)})
            self.assertEqual(
                type(assessment)(assessment.id).total_score, D('82.5'))

            skill = create_assessment(
                staff['engineer'][1], kind='skill', subject="SQL Server 维护")
            self.assertEqual(
                [l.criterion for l in skill.lines], ["Professional skill"])

    @with_transaction()
    def test_supervisor_assesses_and_salary_follows(self):
        """R-HR-12: the department manager signs the periodic evaluation;
        its new base salary is recorded from its date"""
        pool = Pool()
        Assessment = pool.get('staff.assessment')
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer = staff['engineer'][1]
            Salary.create([{
                        'company': company.id, 'employee': engineer.id,
                        'start_date': dt.date(2026, 1, 1),
                        'amount': D(8000)}])
            assessment = create_assessment(
                engineer, scores=[95, 90, 92], period="2026 年第三季度",
                new_base_salary=D(9000), salary_from=dt.date(2026, 11, 1))

            with as_user(supervisor_user):
                Assessment.assess([Assessment(assessment.id)])

            assessment = Assessment(assessment.id)
            self.assertEqual(assessment.state, 'done')
            self.assertEqual(assessment.assessed_by, supervisor)
            self.assertEqual(assessment.assessor, supervisor)
            self.assertEqual(assessment.result, 'excellent')
            salary = Salary.get_base_salary(engineer, dt.date(2026, 11, 1))
            self.assertEqual(salary.amount, D(9000))
            self.assertEqual(salary.origin, assessment)
            self.assertEqual(assessment.salary, salary)
            self.assertEqual(
                Salary.get_base_salary(engineer, dt.date(2026, 10, 31)).amount,
                D(8000))

    @with_transaction()
    def test_new_salary_needs_date(self):
        """R-HR-12: without a new salary the old one stays; a new one
        without its date is refused"""
        pool = Pool()
        Assessment = pool.get('staff.assessment')
        Salary = pool.get('staff.salary')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, _ = staff['supervisor']
            engineer = staff['engineer'][1]
            assessment = create_assessment(
                engineer, scores=[70, 70, 70])
            with as_employee(supervisor_user):
                Assessment.assess([assessment])
            self.assertEqual(Assessment(assessment.id).state, 'done')
            self.assertEqual(Salary.search([]), [])

            other = create_assessment(
                staff['engineer2'][1], scores=[70, 70, 70])
            # Last: the refused write is undone with the transaction
            with self.assertRaises(ValidationError):
                Assessment.write([other], {'new_base_salary': D(7000)})

    @with_transaction()
    def test_scores_needed(self):
        "R-HR-12: every criterion is scored before the assessment is signed"
        Assessment = Pool().get('staff.assessment')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            assessment = create_assessment(
                staff['engineer'][1], scores=[80, 80])
            with as_employee(staff['supervisor'][0]):
                with self.assertRaises(ValidationError):
                    Assessment.assess([assessment])
            self.assertEqual(assessment.state, 'draft')

    @with_transaction()
    def test_who_assesses(self):
        """R-HR-12: only the service manager or a manager of the employee's
        department assesses, and nobody himself"""
        pool = Pool()
        Assessment = pool.get('staff.assessment')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            manager_user, _ = add_user(
                company, 'manager', 'service_manager', "张经理")
            own = create_assessment(supervisor, scores=[80, 80, 80])
            colleague = create_assessment(
                staff['engineer2'][1], scores=[80, 80, 80])
            hr_staff = create_assessment(staff['hr'][1], scores=[80, 80, 80])

            for user, assessment in [
                    (supervisor_user, own),
                    (engineer_user, colleague),
                    (supervisor_user, hr_staff)]:
                with as_employee(user):
                    with self.assertRaises(AccessError):
                        Assessment.assess([assessment])
                self.assertEqual(Assessment(assessment.id).state, 'draft')

            with as_employee(manager_user):
                Assessment.assess([own, hr_staff])
            self.assertEqual(Assessment(own.id).state, 'done')
            self.assertEqual(Assessment(hr_staff.id).state, 'done')

    @with_transaction()
    def test_filed_with_administration(self):
        """R-HR-12: administration files the signed assessment; then it is
        kept as it is"""
        pool = Pool()
        Assessment = pool.get('staff.assessment')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            admin_user, admin = add_user(
                company, 'office', 'administration', "赵文员")
            engineer_user, engineer = staff['engineer']
            assessment = create_assessment(
                engineer, kind='probation', scores=[80, 70],
                subject="产品安装与培训")
            with as_employee(staff['supervisor'][0]):
                Assessment.assess([assessment])
            self.assertEqual(assessment.total_score, D('76.7'))
            self.assertEqual(assessment.result, 'good')

            with as_employee(engineer_user):
                with self.assertRaises(AccessError):
                    Assessment.file([assessment])
            self.assertEqual(Assessment(assessment.id).state, 'done')

            with as_user(admin_user):
                Assessment.file([Assessment(assessment.id)])
            assessment = Assessment(assessment.id)
            self.assertEqual(assessment.state, 'filed')
            self.assertEqual(assessment.filed_by, admin)

            with as_user(staff['hr'][0]):
                with self.assertRaises(AccessError):
                    Assessment.write(
                        [Assessment(assessment.id)], {'comments': "改"})
            self.assertIsNone(Assessment(assessment.id).comments)

    @with_transaction()
    def test_who_reads(self):
        """R-HR-12: the employee reads his own assessments, the department
        manager his department's but not the salary in them"""
        pool = Pool()
        Assessment = pool.get('staff.assessment')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            supervisor_user, _ = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            own = create_assessment(
                engineer, scores=[80, 80, 80], new_base_salary=D(9000),
                salary_from=dt.date(2026, 11, 1))
            colleague = create_assessment(staff['engineer2'][1])
            hr_staff = create_assessment(staff['hr'][1])

            with as_user(engineer_user):
                self.assertEqual(Assessment.search([]), [own])
                with self.assertRaises(AccessError):
                    Assessment.read([colleague.id], ['kind'])
                with self.assertRaises(AccessError):
                    Assessment.write([Assessment(own.id)], {'comments': "好"})
            with as_user(supervisor_user):
                self.assertEqual(
                    set(Assessment.search([])), {own, colleague})
                with self.assertRaises(AccessError):
                    Assessment.read([hr_staff.id], ['kind'])
                with self.assertRaises(AccessError):
                    Assessment.read([own.id], ['new_base_salary'])
            with as_user(staff['hr'][0]):
                self.assertEqual(
                    set(Assessment.search([])), {own, colleague, hr_staff})
                salary, = Assessment.read([own.id], ['new_base_salary'])
                self.assertEqual(salary['new_base_salary'], D(9000))

    @with_transaction()
    def test_printed_form(self):
        "R-HR-12: the form printed by kind: 员工考核评估表"
        pool = Pool()
        Form = pool.get('staff.assessment.form', type='report')
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            assessment = create_assessment(
                staff['engineer'][1], scores=[90, 85, 80],
                period="2026 年第三季度")
            zh, = Lang.search([('code', '=', 'zh_CN')])
            zh.translatable = True
            zh.save()
            with as_employee(staff['hr'][0]):
                User.write([User(staff['hr'][0].id)], {'language': zh.id})
                ext, content, _, _ = Form.execute([assessment.id], {})
        self.assertIn(ext, {'odt', 'pdf'})
        if ext == 'odt':
            with zipfile.ZipFile(io.BytesIO(content)) as odt:
                text = odt.read('content.xml').decode()
            self.assertIn("员工考核评估表", text)
            self.assertNotIn("试用员工考核表", text)
            self.assertIn("刘洋", text)
            self.assertIn("2026 年第三季度", text)
            self.assertIn("85", text)
