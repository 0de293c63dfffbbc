# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The managers' view of the service levels (R-SLA-1): per month, team,
engineer and kind of ticket, how many tickets, how many promises were met or
missed, and the median and 90th-percentile time each milestone took."""
import datetime as dt

from sql import Literal, Null, Window
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case
from sql.functions import DateTrunc, RowNumber

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .sla import MILESTONES
from .ticket import KINDS

# Percentiles by nearest rank: the value at rank ceil(n * p / 100), computed
# with window functions, which PostgreSQL and SQLite both have.
PERCENTILES = [('median', 50), ('p90', 90)]


class PeriodContextMixin:
    """The company and the period a report reads, from the first of January
    by default"""
    __slots__ = ()

    company = fields.Many2One('company.company', "Company", required=True)
    from_date = fields.Date(
        "From Date",
        domain=[
            If(Eval('to_date') & Eval('from_date'),
                ('from_date', '<=', Eval('to_date')),
                ()),
            ])
    to_date = fields.Date(
        "To Date",
        domain=[
            If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')),
                ()),
            ])

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_from_date(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        context = Transaction().context
        if 'from_date' in context:
            return context['from_date']
        today = Date.today()
        return today.replace(month=1, day=1)

    @classmethod
    def default_to_date(cls):
        return Transaction().context.get('to_date')


class AnalysisContext(PeriodContextMixin, ModelView):
    "Service Level Analysis Context"
    __name__ = 'service.sla.analysis.context'


class Analysis(ModelSQL, ModelView):
    "Service Level Analysis"
    __name__ = 'service.sla.analysis'

    company = fields.Many2One('company.company', "Company")
    month = fields.Date("Month")
    team = fields.Many2One('service.department', "Team")
    engineer = fields.Many2One('company.employee', "Engineer")
    kind = fields.Selection(KINDS, "Kind", sort=False)
    tickets = fields.Integer("Tickets")
    for _milestone, _string in MILESTONES:
        locals()[f'{_milestone}_met'] = fields.Integer(
            f"{_string} Met",
            help="Reached before its deadline.")
        locals()[f'{_milestone}_missed'] = fields.Integer(
            f"{_string} Missed",
            help="Reached after its deadline, or still open past it.")
        locals()[f'{_milestone}_median'] = fields.TimeDelta(
            f"{_string} Median",
            help="Half the milestones reached took at most this long "
            "(service-level time).")
        locals()[f'{_milestone}_p90'] = fields.TimeDelta(
            f"{_string} 90th Percentile",
            help="Nine in ten of the milestones reached took at most this "
            "long (service-level time).")
    del _milestone, _string

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('month', 'DESC'),
            ('team', 'ASC'),
            ('engineer', 'ASC'),
            ('kind', 'ASC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Milestone = pool.get('service.ticket.milestone')
        ticket = Ticket.__table__()
        milestone = Milestone.__table__()
        context = Transaction().context

        where = ticket.company == context.get('company')
        where &= ticket.state != 'cancelled'
        if context.get('from_date'):
            where &= ticket.registered_on >= context['from_date']
        if context.get('to_date'):
            where &= ticket.registered_on <= context['to_date']

        month = cls.month.sql_cast(DateTrunc('month', ticket.registered_on))
        keys = [month, ticket.team, ticket.engineer, ticket.kind]
        partition = keys + [milestone.kind]
        by_time = Window(partition, order_by=[
                Case((milestone.elapsed == Null, 1), else_=0),
                milestone.elapsed])
        rows = milestone.join(
            ticket, condition=milestone.ticket == ticket.id
            ).select(
                ticket.id.as_('ticket'),
                ticket.company.as_('company'),
                month.as_('month'),
                ticket.team.as_('team'),
                ticket.engineer.as_('engineer'),
                ticket.kind.as_('ticket_kind'),
                milestone.kind.as_('milestone'),
                milestone.deadline.as_('deadline'),
                milestone.reached_at.as_('reached_at'),
                milestone.elapsed.as_('elapsed'),
                RowNumber(window=by_time).as_('rank'),
                Count(milestone.elapsed, window=Window(partition)).as_(
                    'reached'),
                where=where)

        now = dt.datetime.now()
        columns = [
            Min(rows.ticket).as_('id'),
            rows.company.as_('company'),
            rows.month.as_('month'),
            rows.team.as_('team'),
            rows.engineer.as_('engineer'),
            rows.ticket_kind.as_('kind'),
            Count(rows.ticket, distinct=True).as_('tickets'),
            ]
        for kind, _ in MILESTONES:
            is_kind = rows.milestone == kind
            reached = rows.reached_at != Null
            met = is_kind & reached & (rows.reached_at <= rows.deadline)
            missed = is_kind & (
                (reached & (rows.reached_at > rows.deadline))
                | ((rows.reached_at == Null) & (rows.deadline < now)))
            columns.append(
                Sum(Case((met, Literal(1)), else_=Literal(0))).as_(
                    f'{kind}_met'))
            columns.append(
                Sum(Case((missed, Literal(1)), else_=Literal(0))).as_(
                    f'{kind}_missed'))
            for name, share in PERCENTILES:
                rank = (rows.reached * share + (100 - 1)) / 100
                columns.append(Max(Case(
                            (is_kind & (rows.rank == rank), rows.elapsed),
                            else_=Null)).as_(f'{kind}_{name}'))
        return rows.select(
            *columns,
            group_by=[
                rows.company, rows.month, rows.team, rows.engineer,
                rows.ticket_kind])
