# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Where Tryton's accounting is activated (extras_depend: account), the
advances paid, the reimbursements and phone bills approved and their
settlements post to the company's accounts; otherwise they stand alone"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.modules.service_center.flow import company_today
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

ACCOUNTS = {
    'journal': ('account.journal', "Journal",
        [('type', '=', 'general')],
        "The journal of the expense moves."),
    'travel_account': ('account.account', "Travel Expense Account",
        [('type.expense', '=', True)],
        "Debited with the reimbursements approved (差旅费)."),
    'phone_account': ('account.account', "Phone Expense Account",
        [('type.expense', '=', True)],
        "Debited with the phone bills approved (通讯费)."),
    'advance_account': ('account.account', "Advance Account",
        [('party_required', '=', True)],
        "What the staff owe for the advances paid (其他应收款)."),
    'staff_payable_account': ('account.account', "Staff Payable Account",
        [('party_required', '=', True)],
        "What the company owes the staff for approved expenses "
        "(其他应付款)."),
    'payment_account': ('account.account', "Payment Account",
        [('party_required', '=', False)],
        "The cash or bank account finance pays from."),
    }


def _account_field(name, multivalue=True):
    model, string, domain, help_ = ACCOUNTS[name]
    field = fields.Many2One(
        model, string,
        domain=[('company', '=', Eval('context', {}).get('company', -1)),
            *domain] if model == 'account.account' else domain,
        help=help_)
    return fields.MultiValue(field) if multivalue else field


class Configuration(ModelSingleton, ModelSQL, ModelView,
        CompanyMultiValueMixin):
    "Expense Accounting Configuration"
    __name__ = 'expense.configuration'
    journal = _account_field('journal')
    travel_account = _account_field('travel_account')
    phone_account = _account_field('phone_account')
    advance_account = _account_field('advance_account')
    staff_payable_account = _account_field('staff_payable_account')
    payment_account = _account_field('payment_account')

    @classmethod
    def multivalue_model(cls, field):
        if field in ACCOUNTS:
            return Pool().get('expense.configuration.account')
        return super().multivalue_model(field)


class ConfigurationAccount(ModelSQL, CompanyValueMixin):
    "Expense Accounting Configuration per Company"
    __name__ = 'expense.configuration.account'
    journal = _account_field('journal', False)
    travel_account = _account_field('travel_account', False)
    phone_account = _account_field('phone_account', False)
    advance_account = _account_field('advance_account', False)
    staff_payable_account = _account_field('staff_payable_account', False)
    payment_account = _account_field('payment_account', False)


def post_move(record, date, lines, description):
    """Post the move of record on date; lines are (account field of the
    configuration, amount: positive debit, negative credit, party)"""
    pool = Pool()
    Configuration = pool.get('expense.configuration')
    Move = pool.get('account.move')
    Line = pool.get('account.move.line')
    Period = pool.get('account.period')
    company = record.company
    config = Configuration(1)
    accounts = {}
    for name in {'journal'} | {n for n, _, _ in lines}:
        accounts[name] = config.get_multivalue(name, company=company.id)
        if not accounts[name]:
            raise ValidationError(gettext(
                    'service_expense.msg_account_missing',
                    record=record.rec_name,
                    account=config.fields_get([name])[name]['string']))
    move_lines = []
    for name, amount, party in lines:
        if not amount:
            continue
        amount = Decimal(amount)
        move_lines.append(Line(
                account=accounts[name],
                debit=amount if amount > 0 else 0,
                credit=-amount if amount < 0 else 0,
                party=party if accounts[name].party_required else None,
                description=description))
    if not move_lines:
        return None
    move = Move(
        company=company, journal=accounts['journal'],
        period=Period.find(company, date=date), date=date,
        origin=record, description=description, lines=move_lines)
    move.save()
    Move.post([move])
    return move


class AccountMixin:
    "An expense document that posts its moves"
    __slots__ = ()

    @classmethod
    def _post(cls, records, field, date_field, build):
        """Post the move of each record built by build(record) into field:
        the books follow the approval, whoever approved"""
        with without_check_access():
            for record in records:
                if getattr(record, field):
                    continue
                lines, description = build(record)
                move = post_move(
                    record, getattr(record, date_field), lines, description)
                setattr(record, field, move)
            cls.save(records)

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        for name in cls._move_fields:
            default.setdefault(name, None)
        return super().copy(records, default=default)


def move_field(string):
    return fields.Many2One('account.move', string, readonly=True)


class Advance(AccountMixin, metaclass=PoolMeta):
    __name__ = 'expense.advance'
    _move_fields = ['move']
    move = move_field("Payment Move")

    @classmethod
    def pay(cls, advances):
        "Debit what the employee owes, credit the cash or bank account"
        super().pay(advances)
        cls._post(advances, 'move', 'paid_date', lambda a: ([
                    ('advance_account', a.amount_paid, a.employee.party),
                    ('payment_account', -a.amount_paid, None),
                    ], f'{a.rec_name} {a.employee.rec_name}'))


class Reimbursement(AccountMixin, metaclass=PoolMeta):
    __name__ = 'expense.reimbursement'
    _move_fields = ['move', 'settlement_move']
    move = move_field("Expense Move")
    settlement_move = move_field("Settlement Move")

    @classmethod
    def approve(cls, reimbursements):
        "The travel expense is owed to the employee"
        super().approve(reimbursements)
        cls._post(reimbursements, 'move', 'approved_date', lambda r: ([
                    ('travel_account', r.amount_approved, None),
                    ('staff_payable_account', -r.amount_approved,
                        r.employee.party),
                    ], f'{r.rec_name} {r.employee.rec_name}'))

    @classmethod
    def settle(cls, reimbursements):
        """The debt to the employee is paid: the advance is deducted, the
        balance paid out or received back"""
        super().settle(reimbursements)

        def build(r):
            advance = r.advance.amount_paid if r.advance else 0
            return ([
                    ('staff_payable_account', r.amount_approved,
                        r.employee.party),
                    ('advance_account', -advance, r.employee.party),
                    ('payment_account', advance - r.amount_approved, None),
                    ], f'{r.rec_name} {r.employee.rec_name}')
        cls._post(reimbursements, 'settlement_move', 'settled_date', build)


class PhoneBill(AccountMixin, metaclass=PoolMeta):
    __name__ = 'expense.phone_bill'
    _move_fields = ['move', 'payment_move']
    move = move_field("Expense Move")
    payment_move = move_field("Payment Move")
    approved_date = fields.Date("Approved On", readonly=True)

    @classmethod
    def approve(cls, bills):
        super().approve(bills)
        for bill in bills:
            bill.approved_date = company_today(bill.company)
        cls._post(bills, 'move', 'approved_date', lambda b: ([
                    ('phone_account', b.amount_approved, None),
                    ('staff_payable_account', -b.amount_approved,
                        b.employee.party),
                    ], f'{b.rec_name}'))

    @classmethod
    def pay(cls, bills):
        super().pay(bills)
        cls._post(bills, 'payment_move', 'paid_date', lambda b: ([
                    ('staff_payable_account', b.amount_approved,
                        b.employee.party),
                    ('payment_account', -b.amount_approved, None),
                    ], f'{b.rec_name}'))


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + [
            'expense.advance', 'expense.reimbursement', 'expense.phone_bill']
