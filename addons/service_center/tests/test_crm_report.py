# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"The monthly return-visit report (issue 4)"
import datetime as dt
import io
import random
import unittest

from trytond.model.exceptions import AccessError, DomainValidationError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_customer, create_user)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction


def generate_month(company, month, rng):
    """Return visits of a month for two specialists, with random scores and
    open issues; return what the report must total"""
    pool = Pool()
    ReturnVisit = pool.get('service.return_visit')
    customer = create_customer()
    specialists = [create_employee(company, "陈静"),
        create_employee(company, "周倩")]
    made = []
    for day in range(1, 29):
        specialist = specialists[day % 2]
        scores = [str(rng.randint(1, 5)) for _ in range(3)]
        state = rng.choice(
            ['done', 'done', 'done', 'escalated', 'assigned', 'planned',
                'cancelled'])
        visit, = ReturnVisit.create([{
                    'customer': customer.id,
                    'specialist': specialist.id,
                    'planned_date': month.replace(day=day),
                    'rating_attitude': scores[0],
                    'rating_skill': scores[1],
                    'rating_result': scores[2],
                    'open_questions': (
                        "仍有疑问" if state in {'escalated', 'assigned'}
                        else None),
                    }])
        ReturnVisit.write([visit], {'state': state})
        if state in {'done', 'escalated', 'assigned'}:
            made.append((specialist, [int(s) for s in scores], state))
    # The month after is not in the report
    other, = ReturnVisit.create([{
                'customer': customer.id, 'specialist': specialists[0].id,
                'planned_date': month.replace(month=month.month + 1, day=1),
                'rating_attitude': '1', 'rating_skill': '1',
                'rating_result': '1'}])
    ReturnVisit.write([other], {'state': 'done'})
    return specialists, made


class MonthlyReportTestCase(unittest.TestCase):
    "Test the monthly return-visit report"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_monthly_report(self):
        "R-CRM-4: per specialist, and totals the Excel file adds up"
        import openpyxl
        pool = Pool()
        Monthly = pool.get('service.return_visit.monthly')
        Report = pool.get('service.return_visit.monthly.xlsx', type='report')
        company = create_company()
        month = dt.date(2026, 10, 1)
        with set_company(company):
            specialists, made = generate_month(
                company, month, random.Random(4))
            context = {
                'company': company.id, 'from_date': month,
                'to_date': dt.date(2026, 10, 31)}
            with Transaction().set_context(**context):
                rows = {r.specialist: r for r in Monthly.search([])}
                self.assertEqual(set(rows), set(specialists))
                for specialist in specialists:
                    mine = [m for m in made if m[0] == specialist]
                    row = rows[specialist]
                    self.assertEqual(row.month, month)
                    self.assertEqual(row.visits, len(mine))
                    self.assertAlmostEqual(
                        row.attitude,
                        sum(s[0] for _, s, _ in mine) / len(mine))
                    self.assertEqual(row.open_issues, len(
                            [m for m in mine if m[2] != 'done']))
                    self.assertEqual(row.to_assign, len(
                            [m for m in mine if m[2] == 'escalated']))

                ext, content, _, name = Report.execute([], {})
            self.assertEqual(ext, 'xlsx')
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            values = list(sheet.iter_rows(values_only=True))
            header, lines, total = values[0], values[1:-1], values[-1]
            self.assertEqual(header[:3], (
                    "Month", "Return-Visit Specialist", "Return Visits Made"))
            self.assertEqual(len(lines), 2)
            self.assertEqual(
                {line[1] for line in lines}, {"陈静", "周倩"})
            self.assertEqual(total[0], "Total")
            self.assertEqual(total[2], len(made))
            for column, index in [(3, 0), (4, 1), (5, 2)]:
                self.assertAlmostEqual(total[column], round(
                        sum(s[index] for _, s, _ in made) / len(made), 2))
            self.assertEqual(total[6], len(
                    [m for m in made if m[2] != 'done']))
            self.assertEqual(total[8], len(
                    [m for m in made if m[2] == 'assigned']))
            self.assertEqual(lines[0][0].date(), month)

            engineer = create_user('engineer', 'engineer', company)
            manager = create_user('manager', 'service_manager', company)
            with as_user(manager), Transaction().set_context(**context):
                self.assertEqual(len(Monthly.search([])), 2)
            with as_user(engineer), Transaction().set_context(**context):
                with self.assertRaises(AccessError):
                    Monthly.search([])

    @with_transaction()
    def test_satisfaction_survey(self):
        "R-CRM-7: surveys of a customer and period on the same scale"
        pool = Pool()
        Survey = pool.get('service.satisfaction.survey')
        company = create_company()
        with set_company(company):
            customer = create_customer()
            gm = create_employee(company, "郑伟")
            with self.assertRaises(DomainValidationError):
                Survey.create([{
                            'customer': customer.id,
                            'period_start': dt.date(2026, 12, 31),
                            'period_end': dt.date(2026, 7, 1)}])
            survey, = Survey.create([{
                        'customer': customer.id, 'kind': 'gm_visit',
                        'conducted_by': gm.id,
                        'period_start': dt.date(2026, 7, 1),
                        'period_end': dt.date(2026, 12, 31),
                        'rating_attitude': '5', 'rating_skill': '4',
                        'rating_response': '3',
                        'comments': "希望增加移动端功能"}])
            self.assertEqual(survey.score, 4.0)
            self.assertEqual(
                dict(Survey.fields_get(['rating_attitude'])[
                        'rating_attitude']['selection'])['5'],
                "Very Satisfied")
            engineer = create_user('engineer', 'engineer', company)
            with as_user(engineer):
                self.assertIn(
                    survey, Survey.search([('customer', '=', customer.id)]))
                with self.assertRaises(AccessError):
                    Survey.create([{
                                'customer': customer.id,
                                'period_start': dt.date(2026, 1, 1),
                                'period_end': dt.date(2026, 6, 30)}])
