# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Travel requests, advances, tickets, reimbursements and phone bills (issue 7)"
import datetime as dt
import io
import unittest
import zipfile
from contextlib import contextmanager
from decimal import Decimal

from hypothesis import given, strategies as st

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelsql import SQLConstraintError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.organisation import role_group
from trytond.modules.service_center.tests.test_module import as_user
from trytond.modules.service_expense.standard import trip_days
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

D = Decimal


def local(*args):
    return dt.datetime(*args)


class TripDaysTestCase(unittest.TestCase):
    "R-EXP-3: the days a trip counts, at every boundary of 12:00"

    def days(self, departure, arrival):
        return trip_days(departure, arrival)

    def test_departure_boundaries(self):
        "R-EXP-3: leaving before 12:00 counts the day, at or after half"
        back = local(2026, 11, 12, 18, 0)
        self.assertEqual(self.days(local(2026, 11, 10, 11, 59), back), 3)
        self.assertEqual(self.days(local(2026, 11, 10, 12, 0), back), D('2.5'))
        self.assertEqual(self.days(local(2026, 11, 10, 12, 1), back), D('2.5'))

    def test_arrival_boundaries(self):
        "R-EXP-3: arriving before or at 12:00 counts half, after it the day"
        leave = local(2026, 11, 10, 8, 0)
        self.assertEqual(self.days(leave, local(2026, 11, 12, 11, 59)),
            D('2.5'))
        self.assertEqual(self.days(leave, local(2026, 11, 12, 12, 0)),
            D('2.5'))
        self.assertEqual(self.days(leave, local(2026, 11, 12, 12, 1)), 3)

    def test_same_day(self):
        "R-EXP-3: a trip within one day counts the halves it covers"
        day = (2026, 11, 10)
        self.assertEqual(self.days(local(*day, 8), local(*day, 18)), 1)
        self.assertEqual(self.days(local(*day, 8), local(*day, 11, 59)),
            D('0.5'))
        self.assertEqual(self.days(local(*day, 8), local(*day, 12)),
            D('0.5'))
        self.assertEqual(self.days(local(*day, 11, 59), local(*day, 12, 1)),
            1)
        self.assertEqual(self.days(local(*day, 12), local(*day, 17)),
            D('0.5'))
        self.assertEqual(self.days(local(*day, 12, 1), local(*day, 23)),
            D('0.5'))

    def test_overnight_train(self):
        "R-EXP-3: an overnight train out and back counts its halves"
        # Out at 20:30, in at 07:10 the next morning: half and half
        self.assertEqual(self.days(
                local(2026, 11, 10, 20, 30), local(2026, 11, 11, 7, 10)), 1)
        # Out at 21:00, three days on site, back overnight arriving 06:40
        self.assertEqual(self.days(
                local(2026, 11, 10, 21, 0), local(2026, 11, 15, 6, 40)), 5)

    def test_arrival_before_departure(self):
        "R-EXP-3: a return before the departure is refused"
        with self.assertRaises(ValueError):
            self.days(local(2026, 11, 10, 12), local(2026, 11, 10, 12))

    @given(st.datetimes(min_value=dt.datetime(2020, 1, 1),
            max_value=dt.datetime(2030, 1, 1)),
        st.timedeltas(min_value=dt.timedelta(minutes=1),
            max_value=dt.timedelta(days=40)))
    def test_days_bounds(self, departure, duration):
        "R-EXP-3: never more than the calendar days, never less by a day"
        arrival = departure + duration
        days = self.days(departure, arrival)
        calendar = (arrival.date() - departure.date()).days + 1
        self.assertEqual(days % D('0.5'), 0)
        self.assertLessEqual(days, calendar)
        self.assertGreaterEqual(days, max(calendar - 1, D('0.5')))


def create_setup():
    """A company in Shanghai with an after-sales department and its
    manager, an engineer, and the standard of ordinary staff"""
    pool = Pool()
    Department = pool.get('service.department')
    Standard = pool.get('expense.standard')
    User = pool.get('res.user')
    company = create_company()
    company.timezone = 'Asia/Shanghai'
    company.save()
    manager = create_employee(company, "王经理")
    engineer = create_employee(company, "李工程师")
    other = create_employee(company, "张工程师")
    department, = Department.create([{
                'name': "售后服务部", 'company': company.id,
                'kind': 'after_sales', 'manager': manager.id}])
    for employee in [manager, engineer, other]:
        employee.department = department
        employee.position = 'after_sales'
        employee.grade = 'junior'
        employee.save()
    manager.grade = 'senior'
    manager.save()
    standard, = Standard.create([{
                'name': "一般员工", 'company': company.id,
                'transport': 'train_hard_sleeper',
                'lodging_cap': D('120'), 'meal_allowance': D('30'),
                'local_transport': 'actual', 'phone_monthly': D('100'),
                }])

    def user(login, role, employee=None):
        values = {
            'login': login, 'name': login,
            'groups': [('add', [role_group(role).id])],
            'companies': [('add', [company.id])],
            'company': company.id,
            }
        if employee:
            values['employees'] = [('add', [employee.id])]
            values['employee'] = employee.id
        user, = User.create([values])
        return user

    users = {
        'manager': user('manager', 'service_manager', manager),
        'engineer': user('engineer', 'engineer', engineer),
        'other': user('other', 'engineer', other),
        'gm': user('gm', 'general_manager'),
        'finance': user('finance', 'finance'),
        'admin_office': user('office', 'administration'),
        }
    return company, department, manager, engineer, other, standard, users


@contextmanager
def acting(user, employee=None):
    "Act as user, stamping employee (the server-side checks apply)"
    with Transaction().set_user(user.id), Transaction().set_context(
            employee=employee.id if employee else None):
        yield


def utc(*args):
    "A Shanghai wall-clock time as stored (UTC)"
    return dt.datetime(*args) - dt.timedelta(hours=8)


class ExpenseTestCase(unittest.TestCase):
    "Test the travel and phone expense flows"

    @classmethod
    def setUpClass(cls):
        activate_module('service_expense')

    def request(self, company, employee, **values):
        TravelRequest = Pool().get('expense.travel.request')
        values.setdefault('place', "上海")
        values.setdefault('purpose', "上海东方机械 ERP 上线支持")
        values.setdefault('departure_date', dt.date(2026, 11, 10))
        values.setdefault('return_date', dt.date(2026, 11, 12))
        request, = TravelRequest.create([{
                    'company': company.id, 'employee': employee.id,
                    'transport': 'train_hard_sleeper', **values}])
        return request

    @with_transaction()
    def test_standard_by_grade(self):
        "R-EXP-1: the most precise standard of the grade applies"
        pool = Pool()
        Standard = pool.get('expense.standard')
        company, _, manager, engineer, _, standard, _ = create_setup()
        with set_company(company):
            senior, = Standard.create([{
                        'name': "高级工程师", 'company': company.id,
                        'position': 'after_sales', 'grade': 'senior',
                        'transport': 'train_soft_sleeper',
                        'lodging_cap': D('200'), 'meal_allowance': D('50'),
                        'local_transport': 'actual'}])
            self.assertEqual(Standard.find(engineer), standard)
            self.assertEqual(Standard.find(manager), senior)
            self.assertEqual(standard.lodging_cap, D('120'))
            self.assertEqual(standard.meal_allowance, D('30'))
            self.assertEqual(standard.transport, 'train_hard_sleeper')

    @with_transaction()
    def test_travel_request_approved_by_department_manager(self):
        "R-EXP-4, R-DOC-1: the department manager approves, the form archived"
        pool = Pool()
        TravelRequest = pool.get('expense.travel.request')
        Document = pool.get('service.document')
        company, _, manager, engineer, _, _, users = create_setup()
        with set_company(company):
            request = self.request(company, engineer,
                estimated_transport=D('560'), estimated_lodging=D('240'),
                estimated_meals=D('90'))
            self.assertEqual(request.estimated_total, D('890'))
            self.assertEqual(request.department.name, "售后服务部")
            TravelRequest.request([request])
            # Another service manager, not the engineer's, is refused
            other_manager = create_employee(company, "赵经理")
            user = users['finance']
            user.employees = [other_manager]
            user.employee = other_manager
            user.save()
            with acting(user, other_manager):
                with self.assertRaises(AccessError) as cm:
                    TravelRequest.approve([request])
                self.assertIn("王经理", str(cm.exception))
            self.assertEqual(request.state, 'requested')
            with acting(users['manager'], manager):
                TravelRequest.approve([request])
            self.assertEqual(request.state, 'approved')
            self.assertEqual(request.approved_by, manager)
            document, = Document.search([('origin', '=', str(request))])
            self.assertEqual(document.kind, 'travel_request')
            self.assertEqual(document.responsible, engineer)

    @with_transaction()
    def test_travel_request_reject_needs_reason(self):
        "R-EXP-4: a rejection says why"
        TravelRequest = Pool().get('expense.travel.request')
        company, _, manager, engineer, _, _, users = create_setup()
        with set_company(company):
            request = self.request(company, engineer)
            TravelRequest.request([request])
            with acting(users['manager'], manager):
                with self.assertRaises(ValidationError):
                    TravelRequest.reject([request])
                request.rejection_reason = "可远程处理"
                request.save()
                TravelRequest.reject([request])
            self.assertEqual(request.state, 'rejected')

    @with_transaction()
    def test_second_advance_refused(self):
        "R-EXP-5, R-EXP-7: approved by the GM, paid; no second one while open"
        pool = Pool()
        Advance = pool.get('expense.advance')
        company, _, _, engineer, other, _, _ = create_setup()
        with set_company(company):
            first, second, colleague = Advance.create([
                    {'company': company.id, 'employee': engineer.id,
                        'amount': D('2000')},
                    {'company': company.id, 'employee': engineer.id,
                        'amount': D('500')},
                    {'company': company.id, 'employee': other.id,
                        'amount': D('800')},
                    ])
            Advance.submit([first])
            Advance.approve([first])
            with self.assertRaises(ValidationError):
                Advance.pay([first])
            first.paid_date = dt.date(2026, 11, 9)
            first.payment_method = 'cash'
            first.save()
            Advance.pay([first])
            self.assertEqual(first.state, 'paid')
            self.assertEqual(first.amount_paid, D('2000'))
            with self.assertRaises(ValidationError) as cm:
                Advance.submit([second])
            self.assertIn(first.number, str(cm.exception))
            self.assertEqual(second.state, 'draft')
            # A colleague's advance is not blocked
            Advance.submit([colleague])
            self.assertEqual(colleague.state, 'requested')

    @with_transaction()
    def test_air_ticket_by_cheque_or_approved_exception(self):
        "R-EXP-6: bought against the approved request; exceptions approved"
        pool = Pool()
        TravelRequest = pool.get('expense.travel.request')
        Ticket = pool.get('expense.travel.ticket')
        company, _, manager, engineer, _, _, users = create_setup()
        with set_company(company):
            request = self.request(company, engineer)
            ticket = {
                'request': request.id, 'kind': 'train', 'route': "北京—上海",
                'payment_method': 'cash', 'travel_date': request.departure_date,
                'price': D('305')}
            # Only against the approved request
            with self.assertRaises(ValidationError):
                Ticket.create([ticket])
            TravelRequest.request([request])
            with acting(users['manager'], manager):
                TravelRequest.approve([request])
            train, plane = Ticket.create([
                    {'request': request.id, 'kind': 'train',
                        'route': "北京—上海 Z21", 'payment_method': 'cash',
                        'travel_date': dt.date(2026, 11, 10),
                        'price': D('305')},
                    {'request': request.id, 'kind': 'plane',
                        'route': "上海—北京 MU5101", 'payment_method': 'card',
                        'travel_date': dt.date(2026, 11, 12),
                        'price': D('1240')},
                    ])
            Ticket.buy([train])
            self.assertEqual(train.state, 'bought')
            self.assertFalse(train.cheque_exception)
            self.assertTrue(plane.cheque_exception)
            with self.assertRaises(AccessError):
                Ticket.buy([plane])
            with self.assertRaises(ValidationError):
                Ticket.approve_exception([plane])
            plane.exception_reason = "航空公司官网购票不收支票，周末紧急出发"
            plane.save()
            Ticket.approve_exception([plane])
            Ticket.buy([plane])
            Ticket.file_exception([plane])
            self.assertEqual(plane.state, 'bought')
            self.assertTrue(plane.exception_filed)
            self.assertEqual(
                Ticket.search([('cheque_exception', '=', True)]), [plane])

    def reimbursement(self, company, engineer, standard, lines, **values):
        Reimbursement = Pool().get('expense.reimbursement')
        reimbursement, = Reimbursement.create([{
                    'company': company.id, 'employee': engineer.id,
                    'standard': standard.id, 'place': "上海",
                    'departure': utc(2026, 11, 10, 8, 30),
                    'arrival': utc(2026, 11, 12, 15, 0),
                    'lines': [('create', lines)], **values}])
        return reimbursement

    @with_transaction()
    def test_lodging_capped_and_meals_per_day(self):
        "R-EXP-1..3: lodging up to the cap, never the rest; meals per day"
        company, _, _, engineer, _, standard, _ = create_setup()
        with set_company(company):
            reimbursement = self.reimbursement(company, engineer, standard, [
                    {'kind': 'lodging', 'nights': 2, 'amount': D('360'),
                        'description': "锦江之星"},
                    {'kind': 'transport', 'transport': 'train_hard_sleeper',
                        'amount': D('305')},
                    {'kind': 'local_transport', 'amount': D('46.50')},
                    ])
            hotel, train, taxi = reimbursement.lines
            # 08:30 on the 10th to 15:00 on the 12th (Shanghai): 3 days
            self.assertEqual(reimbursement.days, 3)
            self.assertEqual(reimbursement.meals, D('90'))
            self.assertEqual(hotel.cap, D('240'))
            self.assertEqual(hotel.allowed, D('240'))
            self.assertEqual(hotel.excess, D('120'))
            self.assertEqual(taxi.allowed, D('46.50'))
            self.assertFalse(train.above_standard)
            self.assertEqual(reimbursement.allowed,
                D('240') + D('305') + D('46.50') + D('90'))
            self.assertEqual(reimbursement.employee_share, D('120'))

            cheap = self.reimbursement(company, engineer, standard, [
                    {'kind': 'lodging', 'nights': 2, 'amount': D('200')},
                    {'kind': 'transport', 'transport': 'plane_economy',
                        'amount': D('980')},
                    ], departure=utc(2026, 11, 10, 13, 0),
                arrival=utc(2026, 11, 12, 10, 0))
            hotel, plane = cheap.lines
            # Below the cap only the invoice is paid, not the rest
            self.assertEqual(hotel.allowed, D('200'))
            self.assertEqual(hotel.excess, 0)
            self.assertTrue(plane.above_standard)
            # 13:00 out, 10:00 back: half + 1 + half
            self.assertEqual(cheap.days, 2)
            self.assertEqual(cheap.meals, D('60'))

    @with_transaction()
    def test_days_in_company_timezone(self):
        "R-EXP-3: the 12:00 rule reads the times in the company's timezone"
        company, _, _, engineer, _, standard, _ = create_setup()
        with set_company(company):
            # 11:30 in Shanghai is 03:30 UTC; 12:30 is 04:30 UTC
            morning = self.reimbursement(company, engineer, standard, [],
                departure=utc(2026, 11, 10, 11, 30),
                arrival=utc(2026, 11, 11, 12, 30))
            afternoon = self.reimbursement(company, engineer, standard, [],
                departure=utc(2026, 11, 10, 12, 30),
                arrival=utc(2026, 11, 11, 11, 30))
            self.assertEqual(morning.days, 2)
            self.assertEqual(afternoon.days, 1)

    @with_transaction()
    def test_three_approvals_and_settlement(self):
        """R-EXP-2, R-EXP-7: department, finance, general manager; no hotel
        invoice, no finance; the advance settled with the balance"""
        pool = Pool()
        Reimbursement = pool.get('expense.reimbursement')
        Advance = pool.get('expense.advance')
        company, _, manager, engineer, _, standard, users = create_setup()
        with set_company(company):
            advance, = Advance.create([{
                        'company': company.id, 'employee': engineer.id,
                        'amount': D('1000'), 'amount_paid': D('1000'),
                        'paid_date': dt.date(2026, 11, 9),
                        'payment_method': 'cash'}])
            Advance.submit([advance])
            Advance.approve([advance])
            Advance.pay([advance])
            reimbursement = self.reimbursement(company, engineer, standard, [
                    {'kind': 'lodging', 'nights': 2, 'amount': D('360')},
                    {'kind': 'transport', 'amount': D('305'),
                        'receipt': b'ticket', 'receipt_name': "车票.jpg"},
                    ])
            Reimbursement.submit([reimbursement])
            self.assertEqual(reimbursement.advance, advance)
            self.assertTrue(reimbursement.submitted_date)
            # Only the engineer's department manager checks
            with Transaction().set_user(users['other'].id):
                with self.assertRaises(AccessError):
                    Reimbursement.check([reimbursement])
            with acting(users['manager'], manager):
                Reimbursement.check([reimbursement])
            self.assertEqual(reimbursement.state, 'checked')
            self.assertEqual(reimbursement.checked_by, manager)
            with self.assertRaises(ValidationError) as cm:
                Reimbursement.verify([reimbursement])
            self.assertIn("R-EXP-2", str(cm.exception))
            self.assertEqual(reimbursement.state, 'checked')
            hotel = [l for l in reimbursement.lines if l.kind == 'lodging'][0]
            hotel.receipt = b'%PDF hotel invoice'
            hotel.receipt_name = "住宿发票.pdf"
            hotel.save()
            Reimbursement.verify([reimbursement])
            Reimbursement.approve([reimbursement])
            allowed = D('240') + D('305') + D('90')
            self.assertEqual(reimbursement.amount_approved, allowed)
            self.assertEqual(reimbursement.balance, allowed - D('1000'))
            with self.assertRaises(ValidationError):
                Reimbursement.settle([reimbursement])
            reimbursement.settlement_method = 'cash'
            reimbursement.save()
            Reimbursement.settle([reimbursement])
            self.assertEqual(reimbursement.state, 'settled')
            advance = Advance(advance.id)
            self.assertEqual(advance.state, 'settled')
            self.assertEqual(advance.reimbursement, reimbursement)
            # Settled, a new advance may be asked for (R-EXP-7)
            new, = Advance.copy([advance])
            Advance.submit([new])
            self.assertEqual(new.state, 'requested')

    @with_transaction()
    def test_refused_back_with_reason(self):
        "R-EXP-7: a checker sends the form back with the reason"
        Reimbursement = Pool().get('expense.reimbursement')
        company, _, manager, engineer, _, standard, users = create_setup()
        with set_company(company):
            reimbursement = self.reimbursement(company, engineer, standard, [
                    {'kind': 'other', 'amount': D('20')}])
            Reimbursement.submit([reimbursement])
            with acting(users['manager'], manager):
                with self.assertRaises(ValidationError):
                    Reimbursement.refuse([reimbursement])
                reimbursement.refusal_reason = "缺少出差申请单"
                reimbursement.save()
                Reimbursement.refuse([reimbursement])
            self.assertEqual(reimbursement.state, 'draft')
            self.assertEqual(reimbursement.refusal_reason, "缺少出差申请单")

    @with_transaction()
    def test_late_reimbursement_flagged(self):
        "R-EXP-7: handed in later than the week after return is flagged"
        pool = Pool()
        Reimbursement = pool.get('expense.reimbursement')
        Date = pool.get('ir.date')
        company, _, _, engineer, _, standard, _ = create_setup()
        with set_company(company):
            today = Date.today()
            on_time = self.reimbursement(company, engineer, standard, [
                    {'kind': 'other', 'amount': D('20')}],
                departure=utc(today.year, today.month, today.day, 1)
                - dt.timedelta(days=8),
                arrival=utc(today.year, today.month, today.day, 10)
                - dt.timedelta(days=7))
            late = self.reimbursement(company, engineer, standard, [
                    {'kind': 'other', 'amount': D('20')}],
                departure=utc(today.year, today.month, today.day, 1)
                - dt.timedelta(days=9),
                arrival=utc(today.year, today.month, today.day, 10)
                - dt.timedelta(days=8))
            self.assertFalse(on_time.late)
            self.assertTrue(late.late)
            Reimbursement.submit([on_time, late])
            self.assertFalse(Reimbursement(on_time.id).late)
            self.assertTrue(Reimbursement(late.id).late)

    @with_transaction()
    def test_phone_bill_up_to_standard(self):
        "R-EXP-8: the monthly bill is paid up to the position's standard"
        pool = Pool()
        PhoneBill = pool.get('expense.phone_bill')
        company, _, manager, engineer, _, _, users = create_setup()
        with set_company(company):
            high, low = PhoneBill.create([
                    {'company': company.id, 'employee': engineer.id,
                        'month': dt.date(2026, 10, 31), 'amount': D('168.80')},
                    {'company': company.id, 'employee': engineer.id,
                        'month': dt.date(2026, 11, 5), 'amount': D('62')},
                    ])
            self.assertEqual(high.month, dt.date(2026, 10, 1))
            self.assertEqual(high.standard, D('100'))
            self.assertEqual(high.allowed, D('100'))
            self.assertEqual(low.allowed, D('62'))
            PhoneBill.submit([high])
            with acting(users['manager'], manager):
                PhoneBill.approve([high])
            self.assertEqual(high.amount_approved, D('100'))
            PhoneBill.pay([high])
            self.assertEqual(high.state, 'paid')
            # One bill per employee and month
            with self.assertRaises(SQLConstraintError):
                PhoneBill.create([{
                            'company': company.id, 'employee': engineer.id,
                            'month': dt.date(2026, 10, 15),
                            'amount': D('10')}])

    @with_transaction()
    def test_engineer_sees_own_expenses(self):
        "R-ORG-3: an engineer reads their own expenses, not a colleague's"
        pool = Pool()
        Reimbursement = pool.get('expense.reimbursement')
        company, _, _, engineer, other, standard, users = create_setup()
        with set_company(company):
            mine = self.reimbursement(company, engineer, standard, [
                    {'kind': 'other', 'amount': D('20')}])
            theirs = self.reimbursement(company, other, standard, [
                    {'kind': 'other', 'amount': D('30')}])
            with as_user(users['engineer']):
                self.assertEqual(Reimbursement.search([]), [mine])
                with self.assertRaises(AccessError):
                    Reimbursement.read([theirs.id], ['lines'])
            with as_user(users['finance']):
                self.assertEqual(
                    set(Reimbursement.search([])), {mine, theirs})

    @with_transaction()
    def test_summary_and_workbook(self):
        "R-EXP-1..8: the month's travel, phone and advances per department"
        pool = Pool()
        Reimbursement = pool.get('expense.reimbursement')
        PhoneBill = pool.get('expense.phone_bill')
        Summary = pool.get('expense.summary')
        SummaryReport = pool.get('expense.summary.xlsx', type='report')
        Date = pool.get('ir.date')
        company, _, manager, engineer, other, standard, users = create_setup()
        with set_company(company):
            today = Date.today()
            reimbursement = self.reimbursement(company, engineer, standard, [
                    {'kind': 'transport', 'amount': D('305'),
                        'receipt': b'x'}])
            bill, = PhoneBill.create([{
                        'company': company.id, 'employee': other.id,
                        'month': today, 'amount': D('150')}])
            Reimbursement.submit([reimbursement])
            PhoneBill.submit([bill])
            with acting(users['manager'], manager):
                Reimbursement.check([reimbursement])
                PhoneBill.approve([bill])
            Reimbursement.verify([reimbursement])
            Reimbursement.approve([reimbursement])
            rows = Summary.search([])
            by_employee = {r.employee: r for r in rows}
            self.assertEqual(by_employee[engineer].travel, D('305') + D('90'))
            self.assertEqual(by_employee[other].phone, D('100'))
            self.assertEqual(by_employee[other].total, D('100'))
            self.assertEqual(by_employee[engineer].department.name,
                "售后服务部")
            with Transaction().set_context(language='zh_CN'):
                ext, content, _, name = SummaryReport.execute(
                    [r.id for r in rows], {})
            self.assertEqual(ext, 'xlsx')
            import openpyxl
            workbook = openpyxl.load_workbook(io.BytesIO(content))
            department, employees = workbook.worksheets
            self.assertEqual(department.cell(2, 2).value, "售后服务部")
            total = [row for row in department.iter_rows(values_only=True)
                if row[2] is not None][-1]
            self.assertEqual(total[2:4], (395, 100))
            self.assertEqual(employees.max_row, 4)

    @with_transaction()
    def test_reimbursement_form_in_chinese(self):
        "R-EXP-7: the printed reimbursement form, in Chinese"
        pool = Pool()
        Form = pool.get('expense.reimbursement.form', type='report')
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        company, _, _, engineer, _, standard, _ = create_setup()
        with set_company(company):
            reimbursement = self.reimbursement(company, engineer, standard, [
                    {'kind': 'lodging', 'nights': 2, 'amount': D('360'),
                        'description': "锦江之星"}])
            zh, = Lang.search([('code', '=', 'zh_CN')])
            zh.translatable = True
            zh.save()
            User.write([User(Transaction().user)], {'language': zh.id})
            ext, content, _, _ = Form.execute([reimbursement.id], {})
        self.assertIn(ext, {'odt', 'pdf'})
        if ext == 'odt':
            with zipfile.ZipFile(io.BytesIO(content)) as odt:
                text = odt.read('content.xml').decode()
            self.assertIn("差旅费报销单", text)
            self.assertIn("李工程师", text)
            self.assertIn("锦江之星", text)
            self.assertIn("总经理审批", text)
