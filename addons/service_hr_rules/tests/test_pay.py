# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The monthly pay sheet: the base salary less the month's confirmed fines;
closing the month locks them (R-PEN-8, R-HR-12)"""
import datetime as dt
import io
import unittest
import zipfile
from decimal import Decimal

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_hr_rules.tests.test_fine import (
    create_fine_setup, create_ticket, expect_form, read_as_client)
from trytond.modules.service_hr_rules.tests.test_salary import (
    create_salary)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def last_month():
    "The first day of the month before this one"
    today = Pool().get('ir.date').today()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def manual_fine(employee, code, date, amount=None, **values):
    "A fine by hand, of the lowest of the catalogue's lines of code"
    pool = Pool()
    Fine = pool.get('staff.fine')
    Penalty = pool.get('staff.penalty')
    penalty = Penalty.search([
            ('code', '=', code), ('event', '=', 'manual'),
            ('open_amount', '=', False)],
        order=[('amount', 'ASC')], limit=1)[0]
    fine, = Fine.create([{
                'company': employee.company.id,
                'employee': employee.id,
                'penalty': penalty.id,
                'date': date,
                'amount': amount if amount is not None else penalty.amount,
                'description': "会议迟到",
                **values,
                }])
    return fine


def create_pay_setup(company):
    """The staff with their base salaries, and last month's fines of the
    engineer: one from the archive and one by hand, both confirmed, one
    withdrawn, and one of this month"""
    pool = Pool()
    Fine = pool.get('staff.fine')
    staff, customer, contact, installation = create_fine_setup(company)
    month = last_month()
    engineer, engineer2 = staff['engineer'][1], staff['engineer2'][1]
    create_salary(engineer, month - dt.timedelta(days=200), '8000')
    create_salary(engineer, month + dt.timedelta(days=10), '9000')
    create_salary(engineer2, month - dt.timedelta(days=200), '7000')
    create_salary(staff['supervisor'][1], month - dt.timedelta(days=200),
        '12000')
    ticket = create_ticket(customer, contact, installation, engineer)
    form = expect_form(ticket, 'feedback_form', engineer,
        month + dt.timedelta(days=3))
    late, = [f for f in Fine.detect() if f.origin == form]
    meeting = manual_fine(engineer, 'R-HR-10', month + dt.timedelta(days=5),
        amount=Decimal(20))
    withdrawn = manual_fine(
        engineer, 'R-HR-5', month + dt.timedelta(days=6),
        cancel_reason="不是最后离开的人")
    this_month = manual_fine(
        engineer, 'R-HR-5', month + dt.timedelta(days=40))
    Fine.confirm([late, meeting, withdrawn, this_month])
    Fine.cancel([withdrawn])
    return staff, month, {
        'late': late, 'meeting': meeting, 'withdrawn': withdrawn,
        'this_month': this_month}


def create_pay_month(company, month):
    PayMonth = Pool().get('staff.pay.month')
    pay_month, = PayMonth.create([{
                'company': company.id,
                'month': month + dt.timedelta(days=14)}])
    return pay_month


class PayTestCase(unittest.TestCase):
    "Test the monthly pay sheet"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_pay_sheet(self):
        """R-PEN-8, R-HR-12: the base salary in force at the end of the
        month, less the month's confirmed fines, gives the net"""
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        company = create_company()
        with set_company(company):
            staff, month, fines = create_pay_setup(company)
            engineer, engineer2 = staff['engineer'][1], staff['engineer2'][1]
            pay_month = create_pay_month(company, month)
            self.assertEqual(pay_month.month, month)
            PayMonth.compute([pay_month])
            lines = {l.employee: l for l in PayMonth(pay_month.id).lines}
            self.assertEqual(
                (lines[engineer].base_salary, lines[engineer].fines,
                    lines[engineer].net),
                (Decimal(9000), Decimal(50), Decimal(8950)))
            self.assertEqual(
                set(lines[engineer].fine_details),
                {fines['late'], fines['meeting']})
            self.assertEqual(
                (lines[engineer2].fines, lines[engineer2].net),
                (Decimal(0), Decimal(7000)))
            # No salary, no fine: no slip
            self.assertNotIn(staff['hr'][1], lines)

            # Computed again after a change, never doubled
            more = manual_fine(engineer2, 'R-HR-5', month)
            pool.get('staff.fine').confirm([more])
            PayMonth.compute([pay_month])
            lines = {l.employee: l for l in PayMonth(pay_month.id).lines}
            self.assertEqual(len(lines), 3)
            self.assertEqual(lines[engineer2].net, Decimal(6980))

    @with_transaction()
    def test_close_locks_fines(self):
        """R-PEN-8: closing the month locks its fines: a closed month takes
        no new fine, by hand or detected, and its fines are neither
        confirmed nor withdrawn"""
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        Fine = pool.get('staff.fine')
        Objection = pool.get('staff.fine.objection')
        company = create_company()
        with set_company(company):
            staff, month, fines = create_pay_setup(company)
            engineer_user, engineer = staff['engineer']
            engineer2 = staff['engineer2'][1]
            hr_user, _ = staff['hr']
            pay_month = create_pay_month(company, month)

            # A proposed fine is decided first
            proposed = manual_fine(engineer2, 'R-HR-5', month)
            with as_user(hr_user):
                with self.assertRaises(ValidationError) as cm:
                    PayMonth.close([PayMonth(pay_month.id)])
            self.assertIn(proposed.rec_name, str(cm.exception))
            Fine.confirm([proposed])
            with as_user(hr_user):
                PayMonth.close([PayMonth(pay_month.id)])
            pay_month = PayMonth(pay_month.id)
            self.assertEqual(pay_month.state, 'closed')
            line, = [l for l in pay_month.lines if l.employee == engineer]
            self.assertEqual(Fine(fines['late'].id).pay_month, pay_month)
            self.assertIsNone(Fine(fines['this_month'].id).pay_month)
            self.assertEqual(
                set(line.fine_details), {fines['late'], fines['meeting']})

            # No new fine for the closed month
            with self.assertRaises(ValidationError) as cm:
                manual_fine(engineer, 'R-HR-5', month + dt.timedelta(days=7))
            self.assertIn(pay_month.rec_name, str(cm.exception))
            # Nor detected: a form of the closed month handed in late
            ticket = fines['late'].origin.origin
            expect_form(ticket, 'acceptance_form', engineer,
                month + dt.timedelta(days=8))
            self.assertEqual(Fine.detect(), [])
            # Its fines stay as they are
            late = Fine(fines['late'].id)
            late.cancel_reason = "撤销"
            with self.assertRaises(ValidationError):
                late.save()
            with self.assertRaises(ValidationError):
                Fine.cancel([Fine(fines['late'].id)])
            self.assertEqual(Fine(fines['late'].id).state, 'confirmed')
            with as_user(engineer_user):
                with self.assertRaises(ValidationError):
                    Objection.create([{
                                'fine': fines['late'].id, 'text': "异议"}])
            # A fine of an open month is still taken
            manual_fine(engineer, 'R-HR-5', month + dt.timedelta(days=45))

            # The closed sheet is kept
            with as_user(hr_user):
                with self.assertRaises(AccessError):
                    PayMonth.delete([pay_month])

    @with_transaction()
    def test_pay_access(self):
        """R-ORG-3: an engineer reads his own pay slip and nobody else's;
        the department manager neither; HR and finance read them all"""
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        Line = pool.get('staff.pay.line')
        company = create_company()
        with set_company(company):
            staff, month, _ = create_pay_setup(company)
            engineer_user, engineer = staff['engineer']
            engineer2 = staff['engineer2'][1]
            supervisor_user, supervisor = staff['supervisor']
            pay_month = create_pay_month(company, month)
            with as_user(engineer_user):
                with self.assertRaises(AccessButtonError):
                    PayMonth.compute([PayMonth(pay_month.id)])
            PayMonth.compute([pay_month])
            lines = {l.employee: l for l in PayMonth(pay_month.id).lines}

            with as_user(engineer_user):
                self.assertEqual(
                    [l.employee for l in Line.search([])], [engineer])
                with self.assertRaises(AccessError):
                    Line.read([lines[engineer2].id], ['net'])
                with self.assertRaises(AccessError):
                    Line.write([Line(lines[engineer].id)], {
                            'net': Decimal(99999)})
            with as_user(supervisor_user):
                self.assertEqual(
                    [l.employee for l in Line.search([])], [supervisor])
            PayMonth.close([pay_month])
            # The department's fines open for its manager, without the pay
            # slips they were deducted on
            with as_user(supervisor_user):
                fines = pool.get('staff.fine').search([
                        ('employee', '=', engineer.id)])
                self.assertTrue(fines)
                fields, values = read_as_client(
                    pool.get('staff.fine'), [f.id for f in fines])
                self.assertEqual(
                    {v['pay_month.']['rec_name'] for v in values
                        if v['pay_month']},
                    {pay_month.rec_name})
            for login in ['hr', 'manager']:
                user, _ = staff[login]
                with as_user(user):
                    found = Line.search([])
                    if login == 'hr':
                        self.assertEqual(len(found), 3)
                    else:
                        self.assertEqual(found, [])
            line, = Line.search([('employee', '=', engineer.id)])
            self.assertEqual(line.net, Decimal(8950))

    @with_transaction()
    def test_pay_reports(self):
        """R-PEN-8: the pay slip prints per employee, the month as an
        Excel workbook with the fines deducted"""
        pool = Pool()
        PayMonth = pool.get('staff.pay.month')
        PaySlip = pool.get('staff.pay.slip', type='report')
        PaySheet = pool.get('staff.pay.sheet.xlsx', type='report')
        company = create_company()
        with set_company(company):
            staff, month, fines = create_pay_setup(company)
            engineer = staff['engineer'][1]
            pay_month = create_pay_month(company, month)
            PayMonth.compute([pay_month])
            line, = [l for l in PayMonth(pay_month.id).lines
                if l.employee == engineer]

            ext, content, _, name = PaySlip.execute([line.id], {})
            self.assertEqual(ext, 'odt')
            with zipfile.ZipFile(io.BytesIO(content)) as odt:
                text = odt.read('content.xml').decode()
            self.assertIn(engineer.rec_name, text)
            self.assertIn("8,950.00", text)
            self.assertIn(fines['late'].penalty.rec_name, text)

            import openpyxl
            ext, content, _, name = PaySheet.execute([pay_month.id], {})
            self.assertEqual(ext, 'xlsx')
            self.assertIn(pay_month.rec_name, name)
            workbook = openpyxl.load_workbook(io.BytesIO(content))
            sheet = workbook[pay_month.rec_name]
            rows = [r for r in sheet.iter_rows(values_only=True)]
            engineer_row, = [r for r in rows
                if r[1] == engineer.rec_name and r[4] is not None]
            self.assertEqual(engineer_row[2:5], (9000, 50, 8950))
            fine_rows = [r for r in rows
                if r[0] == engineer.rec_name and r[2]]
            self.assertEqual(
                sorted(r[3] for r in fine_rows), [20, 30])
