# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The monthly pay sheet: per employee the base salary of the assessments,
the month's confirmed fines deducted (R-PEN-8) and the net.  Closing the
month freezes the sheet and locks its fines: no fine is added, confirmed or
withdrawn for a closed month.  The pay slip prints per employee, the month
as an Excel workbook."""
import calendar
import datetime as dt
import io
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import set_employee
from trytond.modules.service_center.flow import OfficeReport
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import Transaction, without_check_access

from .fine import month_start
from .staff import utc_now


def month_end(date):
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


class PayMonth(Workflow, ModelSQL, ModelView):
    "The pay sheet of a company's month (R-PEN-8)"
    __name__ = 'staff.pay.month'
    __string__ = "Pay Sheet"

    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': Eval('state') != 'draft'})
    month = fields.Date(
        "Month", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="Any day of the month: the first is kept.")
    lines = fields.One2Many(
        'staff.pay.line', 'pay_month', "Pay Slips", readonly=True)
    closed_by = fields.Many2One(
        'company.employee', "Closed By", readonly=True)
    closed_at = fields.DateTime("Closed At", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('closed', "Closed"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('month_unique', Unique(t, t.company, t.month),
                'service_hr_rules.msg_pay_month_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.company, Index.Range()), (t.month, Index.Range())))
        cls._order = [('month', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'closed')}
        cls._buttons.update({
                'compute': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return self.month.strftime('%Y-%m') if self.month else ''

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('company.rec_name', *clause[1:])]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('month'):
            values['month'] = month_start(values['month'])
        return values

    @classmethod
    def check_modification(cls, mode, months, values=None, external=False):
        super().check_modification(
            mode, months, values=values, external=external)
        if mode == 'delete':
            for month in months:
                if month.state != 'draft':
                    raise AccessError(gettext(
                            'service_hr_rules.msg_pay_month_delete',
                            month=month.rec_name))

    @classmethod
    def on_delete(cls, months):
        pool = Pool()
        Line = pool.get('staff.pay.line')
        callback = super().on_delete(months)
        lines = [l for m in months for l in m.lines]
        if lines:
            with without_check_access():
                Line.delete(lines)
        return callback

    @classmethod
    def closed_months(cls, company):
        "Return the first days of the closed months of company"
        with without_check_access():
            return {m.month for m in cls.search([
                        ('company', '=', company.id),
                        ('state', '=', 'closed'),
                        ])}

    @classmethod
    def check_open(cls, fines):
        """Refuse a change to the fines of a closed month (R-PEN-8): one
        query per company"""
        closed = {}
        for fine in fines:
            if fine.company not in closed:
                closed[fine.company] = cls.closed_months(fine.company)
            month = month_start(fine.date)
            if month in closed[fine.company]:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_pay_month_closed',
                        month=month.strftime('%Y-%m'), date=fine.date))

    def month_fines(self, states=('confirmed',)):
        "The fines of the month's employees dated in the month"
        Fine = Pool().get('staff.fine')
        with without_check_access():
            return Fine.search([
                    ('company', '=', self.company.id),
                    ('date', '>=', self.month),
                    ('date', '<=', month_end(self.month)),
                    ('state', 'in', list(states)),
                    ], order=[('employee', 'ASC'), ('date', 'ASC')])

    def month_employees(self):
        "The employees of the company during the month"
        Employee = Pool().get('company.employee')
        with without_check_access(), \
                Transaction().set_context(active_test=False):
            return Employee.search([
                    ('company', '=', self.company.id),
                    ['OR',
                        ('start_date', '=', None),
                        ('start_date', '<=', month_end(self.month)),
                        ],
                    ['OR',
                        ('end_date', '=', None),
                        ('end_date', '>=', self.month),
                        ],
                    ])

    @classmethod
    @ModelView.button
    def compute(cls, months):
        """Fill the pay slips: the base salary in force at the end of the
        month, less the month's confirmed fines"""
        pool = Pool()
        Line = pool.get('staff.pay.line')
        if not months:
            return
        Salary = pool.get('staff.salary')
        to_delete, to_create = [], []
        for month in months:
            if month.state != 'draft':
                continue
            to_delete.extend(month.lines)
            fines = {}
            for fine in month.month_fines():
                fines.setdefault(fine.employee, []).append(fine)
            end = month_end(month.month)
            for employee in month.month_employees():
                salary = Salary.get_base_salary(employee, end)
                deducted = sum(
                    (f.amount for f in fines.pop(employee, [])), Decimal(0))
                if not salary and not deducted:
                    continue
                to_create.append(month._line(
                        employee, salary.amount if salary else Decimal(0),
                        deducted))
            # Fines of employees who left before the month still count
            for employee, employee_fines in fines.items():
                to_create.append(month._line(
                        employee, Decimal(0),
                        sum((f.amount for f in employee_fines), Decimal(0))))
        with without_check_access():
            Line.delete(to_delete)
            Line.create(to_create)

    def _line(self, employee, base_salary, fines):
        round_ = self.company.currency.round
        base_salary, fines = round_(base_salary), round_(fines)
        return {
            'pay_month': self.id,
            'employee': employee.id,
            'department': (
                employee.department.id if employee.department else None),
            'base_salary': base_salary,
            'fines': fines,
            'net': base_salary - fines,
            }

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    @set_employee('closed_by')
    def close(cls, months):
        """Close the month: the sheet is computed a last time and its fines
        are locked; a fine still proposed must be decided first"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        for month in months:
            proposed = month.month_fines(states=('proposed',))
            if proposed:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_pay_month_proposed',
                        month=month.rec_name, count=len(proposed),
                        fines=', '.join(f.rec_name for f in proposed[:5])))
        cls.compute(months)
        for month in months:
            fines = month.month_fines()
            if fines:
                with without_check_access():
                    Fine.write(fines, {'pay_month': month.id})
        cls.write(months, {'closed_at': utc_now()})


class PayLine(ModelSQL, ModelView):
    "The pay slip of an employee for a month"
    __name__ = 'staff.pay.line'
    __string__ = "Pay Slip"

    pay_month = fields.Many2One(
        'staff.pay.month', "Month", required=True, readonly=True,
        ondelete='CASCADE')
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, readonly=True)
    department = fields.Many2One(
        'service.department', "Department", readonly=True)
    base_salary = fields.Numeric(
        "Base Salary", digits=(16, 2), readonly=True,
        help="The base salary in force at the end of the month, from the "
        "assessments (R-HR-12).")
    fines = fields.Numeric(
        "Fines Deducted", digits=(16, 2), readonly=True,
        help="The month's confirmed fines (R-PEN-8).")
    net = fields.Numeric("Net", digits=(16, 2), readonly=True)
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    fine_details = fields.Function(
        fields.Many2Many('staff.fine', None, None, "Fines"),
        'get_fine_details')
    state = fields.Function(
        fields.Selection([
                ('draft', "Draft"),
                ('closed', "Closed"),
                ], "State"), 'on_change_with_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_unique', Unique(t, t.pay_month, t.employee),
                'service_hr_rules.msg_pay_line_unique'),
            ]
        cls._order = [('pay_month', 'DESC'), ('department', 'ASC'),
            ('employee', 'ASC'), ('id', 'ASC')]

    @fields.depends('pay_month', '_parent_pay_month.company')
    def on_change_with_company(self, name=None):
        return self.pay_month.company if self.pay_month else None

    @classmethod
    def search_company(cls, name, clause):
        return [('pay_month.company' + clause[0][len(name):], *clause[1:])]

    @fields.depends('pay_month', '_parent_pay_month.company')
    def on_change_with_currency(self, name=None):
        if self.pay_month and self.pay_month.company:
            return self.pay_month.company.currency

    @fields.depends('pay_month', '_parent_pay_month.state')
    def on_change_with_state(self, name=None):
        return self.pay_month.state if self.pay_month else None

    def get_rec_name(self, name):
        return f'{self.pay_month.rec_name} {self.employee.rec_name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    def get_fine_details(self, name):
        "The fines deducted: locked to the slip once the month is closed"
        Fine = Pool().get('staff.fine')
        month = self.pay_month
        if month.state == 'closed':
            domain = [
                ('pay_month', '=', month.id),
                ('employee', '=', self.employee.id),
                ]
        else:
            domain = [
                ('employee', '=', self.employee.id),
                ('date', '>=', month.month),
                ('date', '<=', month_end(month.month)),
                ('state', '=', 'confirmed'),
                ]
        with without_check_access():
            return [f.id for f in Fine.search(domain)]

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            raise AccessError(gettext(
                    'service_hr_rules.msg_pay_line_computed'))


class PaySlip(OfficeReport):
    "The pay slip (工资条) of an employee for a month"
    __name__ = 'staff.pay.slip'


class PaySheetReport(Report):
    "The month's pay sheet as an Excel workbook"
    __name__ = 'staff.pay.sheet.xlsx'

    COLUMNS = ['department', 'employee', 'base_salary', 'fines', 'net']

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        PayMonth = pool.get('staff.pay.month')
        data = data or {}
        if data.get('action_id') is not None:
            action = ActionReport(data['action_id'])
        else:
            action, = ActionReport.search([
                    ('report_name', '=', cls.__name__)])
        ids = list(map(int, ids or []))
        cls.check_access(action, PayMonth.__name__, ids)
        months = PayMonth.browse(ids)
        content = cls.render_xlsx(months)
        name = gettext(
            'service_hr_rules.msg_pay_sheet_report_name',
            month=', '.join(m.rec_name for m in months))
        return ('xlsx', content, action.direct_print, name)

    @classmethod
    def render_xlsx(cls, months):
        """A sheet per month: a row per pay slip, the fines of each, and
        the totals"""
        import xlsxwriter
        pool = Pool()
        Line = pool.get('staff.pay.line')
        Fine = pool.get('staff.fine')
        strings = Line.fields_get(cls.COLUMNS)
        fine_strings = Fine.fields_get(['date', 'penalty', 'amount'])
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        bold = workbook.add_format({'bold': True})
        money = workbook.add_format({'num_format': '#,##0.00'})
        money_bold = workbook.add_format(
            {'num_format': '#,##0.00', 'bold': True})
        date_format = workbook.add_format({'num_format': 'yyyy-mm-dd'})
        for month in months:
            sheet = workbook.add_worksheet(month.rec_name)
            sheet.write(0, 0, gettext(
                    'service_hr_rules.msg_pay_sheet_title',
                    company=month.company.rec_name, month=month.rec_name),
                bold)
            header = [strings[c]['string'] for c in cls.COLUMNS]
            sheet.write_row(2, 0, header, bold)
            row = 3
            totals = dict.fromkeys(['base_salary', 'fines', 'net'],
                Decimal(0))
            for line in month.lines:
                sheet.write(row, 0, line.department.rec_name
                    if line.department else '')
                sheet.write(row, 1, line.employee.rec_name)
                for j, name in enumerate(['base_salary', 'fines', 'net'], 2):
                    value = getattr(line, name) or Decimal(0)
                    totals[name] += value
                    sheet.write_number(row, j, value, money)
                row += 1
            sheet.write(row, 0, gettext(
                    'service_hr_rules.msg_pay_sheet_total'), bold)
            for j, name in enumerate(['base_salary', 'fines', 'net'], 2):
                sheet.write_number(row, j, totals[name], money_bold)
            row += 2
            # The fines deducted, each with its rule
            sheet.write(row, 0, gettext(
                    'service_hr_rules.msg_pay_sheet_fines'), bold)
            row += 1
            sheet.write_row(row, 0, [
                    strings['employee']['string'],
                    fine_strings['date']['string'],
                    fine_strings['penalty']['string'],
                    fine_strings['amount']['string'],
                    ], bold)
            row += 1
            for line in month.lines:
                for fine in line.fine_details:
                    sheet.write(row, 0, line.employee.rec_name)
                    sheet.write_datetime(
                        row, 1, dt.datetime.combine(fine.date, dt.time()),
                        date_format)
                    sheet.write(row, 2, fine.penalty.rec_name)
                    sheet.write_number(row, 3, fine.amount, money)
                    row += 1
            sheet.set_column(0, 1, 20)
            sheet.set_column(2, 2, 36)
            sheet.set_column(3, 4, 14)
        workbook.close()
        return output.getvalue()
