# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The monthly expense summary for finance: per month, department and
employee, the travel reimbursed, the phone bills and the advances paid; in
the client and as an Excel workbook (xlsxwriter)"""
import io
from decimal import Decimal

from sql import Cast, Literal, Union
from sql.aggregate import Min, Sum
from sql.functions import DateTrunc

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.service_center.sla_analysis import PeriodContextMixin
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction

AMOUNTS = ['travel', 'phone', 'total', 'advances']


class SummaryContext(PeriodContextMixin, ModelView):
    "Monthly Expense Summary Context"
    __name__ = 'expense.summary.context'


class Summary(ModelSQL, ModelView):
    "Monthly Expense Summary"
    __name__ = 'expense.summary'

    company = fields.Many2One('company.company', "Company")
    month = fields.Date("Month")
    department = fields.Many2One('service.department', "Department")
    employee = fields.Many2One('company.employee', "Employee")
    travel = fields.Numeric(
        "Travel", digits=(16, 2),
        help="The travel reimbursements approved in the month.")
    phone = fields.Numeric(
        "Phone", digits=(16, 2),
        help="The phone bills approved for the month.")
    total = fields.Numeric("Total", digits=(16, 2))
    advances = fields.Numeric(
        "Advances Paid", digits=(16, 2),
        help="The advances finance paid in the month.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('month', 'DESC'), ('department', 'ASC'), ('employee', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Reimbursement = pool.get('expense.reimbursement')
        PhoneBill = pool.get('expense.phone_bill')
        Advance = pool.get('expense.advance')
        Employee = pool.get('company.employee')
        reimbursement = Reimbursement.__table__()
        bill = PhoneBill.__table__()
        advance = Advance.__table__()
        employee = Employee.__table__()
        context = Transaction().context
        company = context.get('company')
        from_date, to_date = context.get('from_date'), context.get('to_date')

        def period(column):
            where = Literal(True)
            if from_date:
                where &= column >= from_date
            if to_date:
                where &= column <= to_date
            return where

        def month(column):
            return cls.month.sql_cast(DateTrunc('month', column))

        zero = Literal(0)
        # The amount columns are computed in subqueries: PostgreSQL does not
        # group by an expression whose parameters are bound twice
        travel = reimbursement.select(
            (reimbursement.id * 3).as_('id'),
            reimbursement.company.as_('company'),
            reimbursement.employee.as_('employee'),
            month(reimbursement.approved_date).as_('month'),
            reimbursement.amount_approved.as_('travel'),
            zero.as_('phone'), zero.as_('advances'),
            where=(reimbursement.company == company)
            & reimbursement.state.in_(['approved', 'settled'])
            & period(reimbursement.approved_date))
        phone = bill.select(
            (bill.id * 3 + 1).as_('id'),
            bill.company.as_('company'),
            bill.employee.as_('employee'),
            month(bill.month).as_('month'),
            zero.as_('travel'),
            bill.amount_approved.as_('phone'), zero.as_('advances'),
            where=(bill.company == company)
            & bill.state.in_(['approved', 'paid'])
            & period(bill.month))
        advances = advance.select(
            (advance.id * 3 + 2).as_('id'),
            advance.company.as_('company'),
            advance.employee.as_('employee'),
            month(advance.paid_date).as_('month'),
            zero.as_('travel'), zero.as_('phone'),
            advance.amount_paid.as_('advances'),
            where=(advance.company == company)
            & advance.state.in_(['paid', 'settled'])
            & period(advance.paid_date))
        rows = Union(travel, phone, advances, all_=True)
        numeric = cls.travel.sql_type().base
        amount = {n: Cast(Sum(getattr(rows, n)), numeric)
            for n in ['travel', 'phone', 'advances']}
        return rows.join(employee,
            condition=rows.employee == employee.id
            ).select(
            Min(rows.id).as_('id'),
            rows.company.as_('company'),
            rows.month.as_('month'),
            employee.department.as_('department'),
            rows.employee.as_('employee'),
            amount['travel'].as_('travel'),
            amount['phone'].as_('phone'),
            Cast(Sum(rows.travel + rows.phone), numeric).as_('total'),
            amount['advances'].as_('advances'),
            group_by=[rows.company, rows.month, employee.department,
                rows.employee])


class SummaryReport(Report):
    "The monthly expense summary as an Excel workbook"
    __name__ = 'expense.summary.xlsx'

    COLUMNS = ['month', 'department', 'employee'] + AMOUNTS

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Summary = pool.get('expense.summary')
        data = data or {}
        if data.get('action_id') is not None:
            action = ActionReport(data['action_id'])
        else:
            action, = ActionReport.search([
                    ('report_name', '=', cls.__name__)])
        ids = list(map(int, ids or []))
        cls.check_access(action, Summary.__name__, ids)
        rows = Summary.browse(ids) if ids else Summary.search([])
        content = cls.render_xlsx(rows)
        name = gettext('service_expense.msg_summary_report_name')
        return ('xlsx', content, action.direct_print, name)

    @classmethod
    def render_xlsx(cls, rows):
        """Two sheets: per department with its total, and per employee"""
        import xlsxwriter
        Summary = Pool().get('expense.summary')
        strings = Summary.fields_get(cls.COLUMNS)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        bold = workbook.add_format({'bold': True})
        money = workbook.add_format({'num_format': '#,##0.00'})
        money_bold = workbook.add_format(
            {'num_format': '#,##0.00', 'bold': True})
        month_format = workbook.add_format({'num_format': 'yyyy-mm'})

        def name(record):
            return record.rec_name if record else ''

        rows = sorted(rows, key=lambda r: (
                r.month, name(r.department), name(r.employee)))

        # Per department
        sheet = workbook.add_worksheet(
            gettext('service_expense.msg_summary_sheet_department'))
        columns = ['month', 'department'] + AMOUNTS
        sheet.write_row(0, 0, [strings[c]['string'] for c in columns], bold)
        totals = {}
        for row in rows:
            key = (row.month, name(row.department))
            sums = totals.setdefault(key, dict.fromkeys(AMOUNTS, Decimal(0)))
            for amount in AMOUNTS:
                sums[amount] += getattr(row, amount) or 0
        for i, ((month, department), sums) in enumerate(
                sorted(totals.items()), 1):
            if month:
                sheet.write_datetime(i, 0, month, month_format)
            sheet.write(i, 1, department)
            for j, amount in enumerate(AMOUNTS, 2):
                sheet.write_number(i, j, sums[amount], money)
        cls._write_total(
            sheet, len(totals) + 1, 2, rows, bold, money_bold)
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 20)
        sheet.set_column(2, 5, 14)

        # Per employee
        sheet = workbook.add_worksheet(
            gettext('service_expense.msg_summary_sheet_employee'))
        sheet.write_row(
            0, 0, [strings[c]['string'] for c in cls.COLUMNS], bold)
        for i, row in enumerate(rows, 1):
            if row.month:
                sheet.write_datetime(i, 0, row.month, month_format)
            sheet.write(i, 1, name(row.department))
            sheet.write(i, 2, name(row.employee))
            for j, amount in enumerate(AMOUNTS, 3):
                sheet.write_number(i, j, getattr(row, amount) or 0, money)
        cls._write_total(sheet, len(rows) + 1, 3, rows, bold, money_bold)
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 2, 20)
        sheet.set_column(3, 6, 14)
        workbook.close()
        return output.getvalue()

    @classmethod
    def _write_total(cls, sheet, row, first, rows, bold, money):
        sheet.write(row, 0, gettext('service_expense.msg_summary_total'), bold)
        for j, amount in enumerate(AMOUNTS, first):
            sheet.write_number(row, j, sum(
                    (getattr(r, amount) or 0 for r in rows), Decimal(0)),
                money)
