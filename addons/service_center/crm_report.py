# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The monthly return-visit report for the service manager (R-CRM-4): per
month and return-visit specialist, the visits made, the satisfaction scores
and the open issues with their state; in the client, and as an Excel
workbook (xlsxwriter) in the reader's language."""
import io

from sql import Cast, Literal, Null
from sql.aggregate import Avg, Count, Min, Sum
from sql.conditionals import Case
from sql.functions import DateTrunc

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction

from .sla_analysis import PeriodContextMixin

MADE = ['done', 'escalated', 'assigned']


class MonthlyContext(PeriodContextMixin, ModelView):
    "Monthly Return-Visit Report Context"
    __name__ = 'service.return_visit.monthly.context'


class Monthly(ModelSQL, ModelView):
    "Monthly Return-Visit Report"
    __name__ = 'service.return_visit.monthly'

    company = fields.Many2One('company.company', "Company")
    month = fields.Date("Month")
    specialist = fields.Many2One(
        'company.employee', "Return-Visit Specialist")
    visits = fields.Integer("Return Visits Made")
    attitude = fields.Float(
        "Service Attitude", digits=(3, 2),
        help="The average score, from 1 (very dissatisfied) to 5 (very "
        "satisfied).")
    skill = fields.Float("Technical Level", digits=(3, 2))
    result = fields.Float("Result of the Service", digits=(3, 2))
    open_issues = fields.Integer(
        "Open Issues",
        help="Calls that found open questions or unsolved history.")
    to_assign = fields.Integer(
        "To Assign", help="Open issues the service manager has not "
        "assigned yet.")
    assigned = fields.Integer("Assigned")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('month', 'DESC'), ('specialist', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        ReturnVisit = pool.get('service.return_visit')
        visit = ReturnVisit.__table__()
        context = Transaction().context
        where = visit.company == context.get('company')
        where &= visit.state.in_(MADE)
        if context.get('from_date'):
            where &= visit.planned_date >= context['from_date']
        if context.get('to_date'):
            where &= visit.planned_date <= context['to_date']
        month = cls.month.sql_cast(DateTrunc('month', visit.planned_date))
        open_issue = (
            ((visit.open_questions != Null) & (visit.open_questions != ''))
            | (visit.unsolved_history == Literal(True)))

        # The month is computed in a subquery: PostgreSQL does not group by
        # an expression whose parameters are bound twice
        rows = visit.select(
            visit.id.as_('id'),
            visit.company.as_('company'),
            month.as_('month'),
            visit.specialist.as_('specialist'),
            visit.state.as_('state'),
            visit.rating_attitude.as_('attitude'),
            visit.rating_skill.as_('skill'),
            visit.rating_result.as_('result'),
            Case((open_issue, Literal(1)), else_=Literal(0)).as_('open_issue'),
            where=where)

        def score(column):
            return Avg(Cast(column, cls.visits.sql_type().base) * 1.0)

        def count(condition):
            return Sum(Case((condition, Literal(1)), else_=Literal(0)))

        return rows.select(
            Min(rows.id).as_('id'),
            rows.company.as_('company'),
            rows.month.as_('month'),
            rows.specialist.as_('specialist'),
            Count(rows.id).as_('visits'),
            score(rows.attitude).as_('attitude'),
            score(rows.skill).as_('skill'),
            score(rows.result).as_('result'),
            Sum(rows.open_issue).as_('open_issues'),
            count(rows.state == 'escalated').as_('to_assign'),
            count(rows.state == 'assigned').as_('assigned'),
            group_by=[rows.company, rows.month, rows.specialist])


class MonthlyReport(Report):
    "The monthly return-visit report as an Excel workbook (R-CRM-4)"
    __name__ = 'service.return_visit.monthly.xlsx'

    COLUMNS = [
        'month', 'specialist', 'visits', 'attitude', 'skill', 'result',
        'open_issues', 'to_assign', 'assigned']

    @classmethod
    def execute(cls, ids, data):
        """Every line of the report for the period of the context, or the
        lines selected"""
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Monthly = pool.get('service.return_visit.monthly')
        data = data or {}
        if data.get('action_id') is not None:
            action = ActionReport(data['action_id'])
        else:
            action, = ActionReport.search([
                    ('report_name', '=', cls.__name__)])
        ids = list(map(int, ids or []))
        cls.check_access(action, Monthly.__name__, ids)
        rows = Monthly.browse(ids) if ids else Monthly.search([])
        content = cls.render_xlsx(rows)
        name = gettext('service_center.msg_return_visit_report_name')
        return ('xlsx', content, action.direct_print, name)

    @classmethod
    def render_xlsx(cls, rows):
        import xlsxwriter
        pool = Pool()
        Monthly = pool.get('service.return_visit.monthly')
        strings = Monthly.fields_get(cls.COLUMNS)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        sheet = workbook.add_worksheet(
            gettext('service_center.msg_return_visit_report_sheet'))
        bold = workbook.add_format({'bold': True})
        score = workbook.add_format({'num_format': '0.00'})
        month_format = workbook.add_format({'num_format': 'yyyy-mm'})
        sheet.write_row(0, 0, [strings[c]['string'] for c in cls.COLUMNS],
            bold)
        rows = sorted(rows, key=lambda r: (
                r.month, r.specialist.rec_name if r.specialist else ''))
        for i, row in enumerate(rows, 1):
            if row.month:
                sheet.write_datetime(i, 0, row.month, month_format)
            sheet.write(i, 1, row.specialist.rec_name
                if row.specialist else '')
            sheet.write_number(i, 2, row.visits)
            for j, name in enumerate(['attitude', 'skill', 'result'], 3):
                value = getattr(row, name)
                if value is None:
                    sheet.write_blank(i, j, None)
                else:
                    sheet.write_number(i, j, value, score)
            for j, name in enumerate(
                    ['open_issues', 'to_assign', 'assigned'], 6):
                sheet.write_number(i, j, getattr(row, name))
        total = len(rows) + 1
        sheet.write(total, 0, gettext(
                'service_center.msg_return_visit_report_total'), bold)
        if rows:
            visits = sum(r.visits for r in rows)
            sheet.write_number(total, 2, visits, bold)
            for j, name in enumerate(['attitude', 'skill', 'result'], 3):
                # Weighted by the visits each row counts
                scored = [(getattr(r, name), r.visits) for r in rows
                    if getattr(r, name) is not None]
                weight = sum(w for _, w in scored)
                if weight:
                    sheet.write_number(total, j, round(
                            sum(v * w for v, w in scored) / weight, 2),
                        score)
            for j, name in enumerate(
                    ['open_issues', 'to_assign', 'assigned'], 6):
                sheet.write_number(
                    total, j, sum(getattr(r, name) for r in rows), bold)
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 18)
        sheet.set_column(2, 8, 12)
        workbook.close()
        return output.getvalue()
