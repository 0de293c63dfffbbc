# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The after-sales department's fund: every confirmed fine goes into it
(R-PEN-9); a withdrawn fine leaves it by a counter-movement; what is spent
from it is entered by hand.  Its balance is the sum of its movements."""
from decimal import Decimal

from sql.aggregate import Sum

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.service_center.flow import company_today
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

MOVE_KINDS = [
    ('fine', "Fine"),
    ('fine_cancelled', "Fine Withdrawn"),
    ('spending', "Spending"),
    ('other', "Other"),
    ]


class Fund(ModelSQL, ModelView):
    "The department fund of a company, fed by the fines (R-PEN-9)"
    __name__ = 'staff.fund'
    __string__ = "Department Fund"

    company = fields.Many2One('company.company', "Company", required=True)
    name = fields.Char("Name", required=True)
    department = fields.Many2One(
        'service.department', "Department",
        domain=[('company', '=', Eval('company', -1))],
        help="The department the fund belongs to: after-sales.")
    moves = fields.One2Many('staff.fund.move', 'fund', "Movements")
    balance = fields.Function(
        fields.Numeric("Balance", digits=(16, 2)), 'get_balance')
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_unique', Unique(t, t.company),
                'service_hr_rules.msg_fund_company_unique'),
            ]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def get_balance(cls, funds, name):
        pool = Pool()
        Move = pool.get('staff.fund.move')
        move = Move.__table__()
        cursor = Transaction().connection.cursor()
        balances = dict.fromkeys([f.id for f in funds], Decimal(0))
        cursor.execute(*move.select(
                move.fund, Sum(move.amount),
                where=move.fund.in_(list(balances)),
                group_by=[move.fund]))
        for fund_id, amount in cursor:
            balances[fund_id] = Decimal(str(amount or 0)).quantize(
                Decimal('0.01'))
        return balances

    @classmethod
    def of_company(cls, company):
        "Return the fund of company, or refuse while there is none"
        with without_check_access():
            funds = cls.search([('company', '=', company.id)], limit=1)
        if not funds:
            raise ValidationError(gettext(
                    'service_hr_rules.msg_fund_missing',
                    company=company.rec_name))
        return funds[0]

    @classmethod
    def receive(cls, fines):
        "The confirmed fines go into their company's fund (R-PEN-9)"
        cls._move(fines, 'fine', 1)

    @classmethod
    def give_back(cls, fines):
        "Withdrawn confirmed fines leave the fund by a counter-movement"
        cls._move(fines, 'fine_cancelled', -1)

    @classmethod
    def _move(cls, fines, kind, sign):
        pool = Pool()
        Move = pool.get('staff.fund.move')
        vlist, funds, days = [], {}, {}
        for fine in fines:
            if not fine.amount:
                continue
            company = fine.company
            if company not in funds:
                funds[company] = cls.of_company(company)
                days[company] = company_today(company)
            vlist.append({
                    'fund': funds[company].id,
                    'date': days[company],
                    'kind': kind,
                    'amount': sign * fine.amount,
                    'fine': fine.id,
                    'description': fine.rec_name,
                    })
        if vlist:
            with without_check_access(), \
                    Transaction().set_context(_fund_from_fine=True):
                Move.create(vlist)


class FundMove(ModelSQL, ModelView):
    "A movement of the department fund"
    __name__ = 'staff.fund.move'
    __string__ = "Fund Movement"

    fund = fields.Many2One(
        'staff.fund', "Fund", required=True, ondelete='RESTRICT')
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    date = fields.Date("Date", required=True)
    kind = fields.Selection(MOVE_KINDS, "Kind", required=True, sort=False)
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        help="Positive into the fund, negative out of it.")
    fine = fields.Many2One('staff.fine', "Fine", readonly=True)
    description = fields.Char("Description", required=True)
    entered_by = fields.Many2One(
        'company.employee', "Entered By", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('fund')
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.fund, Index.Range()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        pool = Pool()
        Company = pool.get('company.company')
        company = Transaction().context.get('company')
        if company:
            return company_today(Company(company))

    @classmethod
    def default_kind(cls):
        return 'spending'

    @fields.depends('fund', '_parent_fund.company')
    def on_change_with_company(self, name=None):
        return self.fund.company if self.fund else None

    @classmethod
    def search_company(cls, name, clause):
        return [('fund.company' + clause[0][len(name):], *clause[1:])]

    @classmethod
    def check_modification(cls, mode, moves, values=None, external=False):
        super().check_modification(
            mode, moves, values=values, external=external)
        from_fine = Transaction().context.get('_fund_from_fine')
        for move in moves:
            if mode == 'create' and not from_fine and (
                    move.fine or move.kind in {'fine', 'fine_cancelled'}):
                raise AccessError(gettext(
                        'service_hr_rules.msg_fund_move_fine',
                        move=move.description))
            if mode in {'write', 'delete'} and (
                    move.fine or move.kind in {'fine', 'fine_cancelled'}):
                raise AccessError(gettext(
                        'service_hr_rules.msg_fund_move_fine',
                        move=move.description))

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        User = pool.get('res.user')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('entered_by'):
            employee = User(Transaction().user).employee
            if employee:
                values['entered_by'] = employee.id
        return values
