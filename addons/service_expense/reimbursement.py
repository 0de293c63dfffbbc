# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""After a trip: the travel reimbursement (差旅费报销单) paid by the
standards of the employee's grade (R-EXP-1..3), handed in within the week
after return and checked by the department manager, finance and the
general manager, which settles the advance (R-EXP-7); and the monthly
phone bills paid up to the position's standard (R-EXP-8)"""
import datetime as dt
from decimal import Decimal

import zoneinfo

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.service_center.flow import OfficeReport, company_today
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If

from .standard import (
    TRANSPORT_RANK, TRANSPORTS, EmployeeMixin, check_department_manager,
    trip_days)
from .travel import NumberedMixin

# R-EXP-7: the reimbursement is handed in within the week after return
DUE_DAYS = 7
LINE_KINDS = [
    ('transport', "Transport"),
    ('lodging', "Lodging"),
    ('local_transport', "Local Transport"),
    ('other', "Other"),
    ]
ZERO = Decimal(0)
CENT = Decimal('0.01')


def money(value):
    return Decimal(value).quantize(CENT)


def local_datetime(value, company):
    "The naive UTC datetime value in the company's timezone, naive"
    if value is None:
        return None
    timezone = company.timezone if company else None
    if not timezone:
        return value
    return value.replace(tzinfo=dt.timezone.utc).astimezone(
        zoneinfo.ZoneInfo(timezone)).replace(tzinfo=None)


class Reimbursement(
        NumberedMixin, EmployeeMixin, Workflow, ModelSQL, ModelView):
    "Travel expense reimbursement (R-EXP-2, R-EXP-3, R-EXP-7)"
    __name__ = 'expense.reimbursement'
    _rec_name = 'number'
    _sequence_xml_id = 'sequence_reimbursement'
    _deletable_states = {'draft', 'cancelled'}
    _delete_message = (
        'service_expense.msg_reimbursement_delete', 'reimbursement')

    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    request = fields.Many2One(
        'expense.travel.request', "Travel Request", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('employee', '=', Eval('employee', -1)),
            ('state', '=', 'approved'),
            ])
    place = fields.Char("Place", states=_states)
    standard = fields.Many2One(
        'expense.standard', "Standard", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))],
        help="The standard of the employee's grade (R-EXP-1).")
    departure = fields.DateTime(
        "Departure", required=True, states=_states,
        help="When the transport left (R-EXP-3).")
    arrival = fields.DateTime(
        "Return", required=True, states=_states,
        domain=[If(Bool(Eval('departure')),
                ('arrival', '>', Eval('departure')), ())],
        help="When the transport of the return arrived (R-EXP-3).")
    days = fields.Function(fields.Numeric(
            "Days", digits=(16, 1),
            help="Leaving at or after 12:00 or arriving at or before 12:00 "
            "counts half a day (R-EXP-3)."),
        'on_change_with_days')
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"), 'get_currency')
    lines = fields.One2Many(
        'expense.reimbursement.line', 'reimbursement', "Lines",
        states=_states)
    meal_allowance = fields.Function(fields.Numeric(
            "Meals per Day", digits=(16, 2)),
        'on_change_with_meal_allowance')
    meals = fields.Function(fields.Numeric(
            "Meals", digits=(16, 2),
            help="The meal allowance for every day the trip counts."),
        'on_change_with_meals')
    claimed = fields.Function(fields.Numeric(
            "Claimed", digits=(16, 2)), 'on_change_with_claimed')
    allowed = fields.Function(fields.Numeric(
            "Reimbursed", digits=(16, 2),
            help="The lines up to the standard, and the meals."),
        'on_change_with_allowed')
    employee_share = fields.Function(fields.Numeric(
            "Borne by the Employee", digits=(16, 2),
            help="Lodging above the standard (R-EXP-2)."),
        'on_change_with_employee_share')
    advance = fields.Many2One(
        'expense.advance', "Advance", states={
            'readonly': ~Eval('state').in_(['draft', 'submitted']),
            },
        domain=[
            ('employee', '=', Eval('employee', -1)),
            ('state', 'in', ['paid', 'settled']),
            ],
        help="The advance paid for the trip, settled by this "
        "reimbursement (R-EXP-7).")
    advance_amount = fields.Function(fields.Numeric(
            "Advance Paid", digits=(16, 2)), 'on_change_with_advance_amount')
    balance = fields.Function(fields.Numeric(
            "Balance", digits=(16, 2),
            help="Positive: paid to the employee; negative: returned by "
            "the employee."),
        'on_change_with_balance')
    amount_approved = fields.Numeric(
        "Amount Approved", digits=(16, 2), readonly=True,
        help="What the general manager approved, kept for the summaries.")
    due_date = fields.Function(fields.Date(
            "Due Date",
            help="Within the week after the return (R-EXP-7)."),
        'on_change_with_due_date')
    submitted_date = fields.Date("Handed In On", readonly=True)
    late = fields.Function(fields.Boolean(
            "Late", help="Handed in after the week following the return."),
        'get_late')
    checked_by = employee_field(
        "Checked By (Department)",
        states=['checked', 'verified', 'approved', 'settled'])
    verified_by = employee_field(
        "Checked By (Finance)", states=['verified', 'approved', 'settled'])
    approved_by = employee_field(
        "Approved By", states=['approved', 'settled'])
    approved_date = fields.Date("Approved On", readonly=True)
    settled_by = employee_field("Settled By", states=['settled'])
    settled_date = fields.Date("Settled On", readonly=True)
    settlement_method = fields.Selection([
            (None, ""),
            ('cash', "Cash"),
            ('transfer', "Bank Transfer"),
            ], "Settlement Method", sort=False,
        states={
            'readonly': Eval('state') != 'approved',
            'invisible': ~Eval('state').in_(['approved', 'settled']),
            })
    refusal_reason = fields.Text(
        "Refusal Reason",
        states={'readonly': ~Eval('state').in_(
                ['submitted', 'checked', 'verified'])},
        help="Why a checker sent the form back to the employee.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Handed In"),
            ('checked', "Checked by the Department"),
            ('verified', "Checked by Finance"),
            ('approved', "Approved"),
            ('settled', "Settled"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.approved_date, Index.Range())),
                })
        cls._order = [('departure', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'checked'),
            ('checked', 'verified'),
            ('verified', 'approved'),
            ('approved', 'settled'),
            ('submitted', 'draft'),
            ('checked', 'draft'),
            ('verified', 'draft'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'check': {
                    'invisible': Eval('state') != 'submitted',
                    'depends': ['state'],
                    },
                'verify': {
                    'invisible': Eval('state') != 'checked',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'verified',
                    'depends': ['state'],
                    },
                'settle': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(
                        ['submitted', 'checked', 'verified']),
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-clear',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('late', False), 'danger', '')),
            ]

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('employee', 'company', 'standard', 'advance')
    def on_change_employee(self):
        pool = Pool()
        Standard = pool.get('expense.standard')
        Advance = pool.get('expense.advance')
        if not self.employee:
            return
        self.standard = Standard.find(self.employee)
        advances = Advance.search([
                ('employee', '=', self.employee.id),
                ('state', '=', 'paid'),
                ], limit=1)
        self.advance = advances[0] if advances else None

    @fields.depends('request', 'place', 'employee',
        methods=['on_change_employee'])
    def on_change_request(self):
        if self.request:
            self.place = self.request.place
            if not self.employee:
                self.employee = self.request.employee
                self.on_change_employee()
            for advance in self.request.advances:
                if advance.state == 'paid':
                    self.advance = advance

    @fields.depends('departure', 'arrival', 'company')
    def on_change_with_days(self, name=None):
        if self.departure and self.arrival and self.arrival > self.departure:
            return trip_days(
                local_datetime(self.departure, self.company),
                local_datetime(self.arrival, self.company))

    @fields.depends('standard')
    def on_change_with_meal_allowance(self, name=None):
        if self.standard:
            return self.standard.meal_allowance

    @fields.depends(methods=['on_change_with_days',
            'on_change_with_meal_allowance'])
    def on_change_with_meals(self, name=None):
        days = self.on_change_with_days()
        allowance = self.on_change_with_meal_allowance()
        if days is not None and allowance is not None:
            return (days * allowance).quantize(CENT)
        return ZERO

    @fields.depends('lines')
    def on_change_with_claimed(self, name=None):
        return money(sum((l.amount or ZERO for l in self.lines), ZERO))

    @fields.depends('lines', 'standard', methods=['on_change_with_meals'])
    def on_change_with_allowed(self, name=None):
        lines = sum((l.on_change_with_allowed() or ZERO
                for l in self.lines), ZERO)
        return money(lines + self.on_change_with_meals())

    @fields.depends('lines', 'standard')
    def on_change_with_employee_share(self, name=None):
        return money(sum((l.on_change_with_excess() or ZERO
                    for l in self.lines), ZERO))

    @fields.depends('advance')
    def on_change_with_advance_amount(self, name=None):
        if self.advance:
            return self.advance.amount_paid or ZERO
        return ZERO

    @fields.depends(methods=['on_change_with_allowed',
            'on_change_with_advance_amount'])
    def on_change_with_balance(self, name=None):
        return money(self.on_change_with_allowed()
            - self.on_change_with_advance_amount())

    @fields.depends('arrival', 'company')
    def on_change_with_due_date(self, name=None):
        if self.arrival:
            return (local_datetime(self.arrival, self.company).date()
                + dt.timedelta(days=DUE_DAYS))

    def get_late(self, name):
        if not self.due_date:
            return False
        handed_in = self.submitted_date
        if handed_in is None:
            if self.state != 'draft':
                return False
            handed_in = company_today(self.company)
        return handed_in > self.due_date

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, reimbursements):
        pool = Pool()
        Advance = pool.get('expense.advance')
        for reimbursement in reimbursements:
            if not reimbursement.lines and not reimbursement.meals:
                raise ValidationError(gettext(
                        'service_expense.msg_reimbursement_empty',
                        reimbursement=reimbursement.rec_name))
            reimbursement.submitted_date = company_today(
                reimbursement.company)
            reimbursement.refusal_reason = None
            if not reimbursement.advance:
                # The open advance is settled against the trip (R-EXP-7)
                advances = Advance.search([
                        ('employee', '=', reimbursement.employee.id),
                        ('state', '=', 'paid'),
                        ], limit=1)
                if advances:
                    reimbursement.advance, = advances
        cls.save(reimbursements)

    @classmethod
    @ModelView.button
    @Workflow.transition('checked')
    @set_employee('checked_by')
    def check(cls, reimbursements):
        "The department manager checks the form (R-EXP-7)"
        for reimbursement in reimbursements:
            check_department_manager(
                reimbursement, 'service_expense.msg_reimbursement_manager')

    @classmethod
    @ModelView.button
    @Workflow.transition('verified')
    @set_employee('verified_by')
    def verify(cls, reimbursements):
        """Finance checks the receipts: lodging only against a hotel
        invoice (R-EXP-2), every other expense against its receipt"""
        for reimbursement in reimbursements:
            for line in reimbursement.lines:
                if line.receipt:
                    continue
                if line.kind == 'lodging':
                    message = 'service_expense.msg_reimbursement_hotel_invoice'
                else:
                    message = 'service_expense.msg_reimbursement_receipt'
                raise ValidationError(gettext(
                        message, reimbursement=reimbursement.rec_name,
                        line=line.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, reimbursements):
        "The general manager approves (R-EXP-7)"
        for reimbursement in reimbursements:
            reimbursement.amount_approved = reimbursement.allowed
            reimbursement.approved_date = company_today(
                reimbursement.company)
        cls.save(reimbursements)

    @classmethod
    @ModelView.button
    @Workflow.transition('settled')
    @set_employee('settled_by')
    def settle(cls, reimbursements):
        """Finance pays the balance to the employee or receives it back,
        and the advance is settled (R-EXP-7)"""
        Advance = Pool().get('expense.advance')
        for reimbursement in reimbursements:
            if reimbursement.balance and not reimbursement.settlement_method:
                raise ValidationError(gettext(
                        'service_expense.msg_reimbursement_settlement_method',
                        reimbursement=reimbursement.rec_name))
            reimbursement.settled_date = company_today(reimbursement.company)
            advance = reimbursement.advance
            if advance:
                if advance.state != 'paid':
                    raise AccessError(gettext(
                            'service_expense.msg_reimbursement_advance_state',
                            reimbursement=reimbursement.rec_name,
                            advance=advance.rec_name))
                Advance.settle([advance], reimbursement)
        cls.save(reimbursements)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def refuse(cls, reimbursements):
        "A checker sends the form back with the reason"
        for reimbursement in reimbursements:
            if reimbursement.state == 'submitted':
                check_department_manager(
                    reimbursement,
                    'service_expense.msg_reimbursement_manager')
            if not reimbursement.refusal_reason:
                raise ValidationError(gettext(
                        'service_expense.msg_reimbursement_refusal_reason',
                        reimbursement=reimbursement.rec_name))
        cls.write(reimbursements, {
                'checked_by': None, 'verified_by': None,
                'submitted_date': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, reimbursements):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, reimbursements):
        pass

    @classmethod
    def copy(cls, reimbursements, default=None):
        default = default.copy() if default is not None else {}
        for name in ['submitted_date', 'checked_by', 'verified_by',
                'approved_by', 'approved_date', 'settled_by', 'settled_date',
                'settlement_method', 'amount_approved', 'advance',
                'refusal_reason']:
            default.setdefault(name, None)
        return super().copy(reimbursements, default=default)


class ReimbursementLine(ModelSQL, ModelView):
    "Reimbursement line: one expense with its receipt"
    __name__ = 'expense.reimbursement.line'

    reimbursement = fields.Many2One(
        'expense.reimbursement', "Reimbursement", required=True,
        ondelete='CASCADE')
    kind = fields.Selection(LINE_KINDS, "Kind", required=True)
    description = fields.Char("Description")
    date = fields.Date("Date")
    transport = fields.Selection(
        TRANSPORTS, "Class", sort=False,
        states={'invisible': Eval('kind') != 'transport'})
    above_standard = fields.Function(fields.Boolean(
            "Above the Standard",
            help="A class of transport above the employee's standard."),
        'on_change_with_above_standard')
    nights = fields.Integer(
        "Nights",
        states={
            'invisible': Eval('kind') != 'lodging',
            'required': Eval('kind') == 'lodging',
            },
        domain=[If(Eval('kind') == 'lodging', ('nights', '>', 0), ())])
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        domain=[('amount', '>=', 0)],
        help="The amount of the receipt.")
    receipt = fields.Binary(
        "Receipt", filename='receipt_name',
        help="The hotel invoice for lodging (R-EXP-2), the ticket or "
        "receipt otherwise.")
    receipt_name = fields.Char("Receipt Name")
    cap = fields.Function(fields.Numeric(
            "Cap", digits=(16, 2),
            help="The lodging standard times the nights."),
        'on_change_with_cap')
    allowed = fields.Function(fields.Numeric(
            "Reimbursed", digits=(16, 2)), 'on_change_with_allowed')
    excess = fields.Function(fields.Numeric(
            "Borne by the Employee", digits=(16, 2)),
        'on_change_with_excess')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('reimbursement')
        cls._order = [('date', 'ASC NULLS FIRST'), ('id', 'ASC')]

    def get_rec_name(self, name):
        kinds = dict(self.fields_get(['kind'])['kind']['selection'])
        return ' '.join(filter(None, [
                    kinds.get(self.kind, ''), self.description,
                    str(self.date) if self.date else None]))

    @fields.depends('kind', 'transport', 'reimbursement',
        '_parent_reimbursement.standard')
    def on_change_with_above_standard(self, name=None):
        standard = self.reimbursement.standard if self.reimbursement else None
        if self.kind == 'transport' and self.transport and standard:
            return (TRANSPORT_RANK.get(self.transport, 0)
                > TRANSPORT_RANK.get(standard.transport, 0))
        return False

    @fields.depends('kind', 'nights', 'reimbursement',
        '_parent_reimbursement.standard')
    def on_change_with_cap(self, name=None):
        standard = self.reimbursement.standard if self.reimbursement else None
        if self.kind == 'lodging' and standard and self.nights:
            return money(standard.lodging_cap * self.nights)

    @fields.depends('kind', 'amount', 'reimbursement',
        '_parent_reimbursement.standard', methods=['on_change_with_cap'])
    def on_change_with_allowed(self, name=None):
        """Lodging up to the cap, never the unspent rest (R-EXP-2); local
        transport at actual cost where the standard pays it (R-EXP-1)"""
        amount = money(self.amount or ZERO)
        standard = self.reimbursement.standard if self.reimbursement else None
        if self.kind == 'lodging':
            cap = self.on_change_with_cap()
            return min(amount, cap) if cap is not None else ZERO
        if (self.kind == 'local_transport' and standard
                and standard.local_transport == 'none'):
            return ZERO
        return amount

    @fields.depends('amount', methods=['on_change_with_allowed'])
    def on_change_with_excess(self, name=None):
        return money(
            (self.amount or ZERO) - (self.on_change_with_allowed() or ZERO))


class PhoneBill(EmployeeMixin, Workflow, ModelSQL, ModelView):
    """Monthly mobile phone bill, paid up to the standard of the
    employee's position (R-EXP-8)"""
    __name__ = 'expense.phone_bill'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    month = fields.Date(
        "Month", required=True, states=_states,
        help="Any day of the month of the bill.")
    amount = fields.Numeric(
        "Bill", digits=(16, 2), required=True, states=_states,
        domain=[('amount', '>=', 0)])
    receipt = fields.Binary(
        "Bill Copy", filename='receipt_name', states=_states)
    receipt_name = fields.Char("Bill Copy Name", states=_states)
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"), 'get_currency')
    standard = fields.Function(fields.Numeric(
            "Standard", digits=(16, 2),
            help="The monthly phone standard of the employee's position."),
        'on_change_with_standard')
    allowed = fields.Function(fields.Numeric(
            "Reimbursed", digits=(16, 2)), 'on_change_with_allowed')
    amount_approved = fields.Numeric(
        "Amount Approved", digits=(16, 2), readonly=True)
    approved_by = employee_field("Approved By", states=['approved', 'paid'])
    paid_by = employee_field("Paid By", states=['paid'])
    paid_date = fields.Date("Paid On", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Handed In"),
            ('approved', "Approved"),
            ('paid', "Paid"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_month_unique', Unique(t, t.employee, t.month),
                'service_expense.msg_phone_bill_unique'),
            ]
        cls._order = [('month', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'approved'),
            ('approved', 'paid'),
            ('submitted', 'draft'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'submitted',
                    'depends': ['state'],
                    },
                'pay': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(
                        ['submitted', 'cancelled']),
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('month'):
            values['month'] = values['month'].replace(day=1)
        return values

    def get_rec_name(self, name):
        month = self.month.strftime('%Y-%m') if self.month else ''
        return f'{self.employee.rec_name} {month}'

    @fields.depends('employee')
    def on_change_with_standard(self, name=None):
        Standard = Pool().get('expense.standard')
        if self.employee and self.employee.company:
            standard = Standard.find(self.employee)
            if standard:
                return standard.phone_monthly

    @fields.depends('amount', methods=['on_change_with_standard'])
    def on_change_with_allowed(self, name=None):
        standard = self.on_change_with_standard()
        if standard is None:
            return ZERO
        return money(min(self.amount or ZERO, standard))

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, bills):
        for bill in bills:
            if bill.standard is None:
                raise ValidationError(gettext(
                        'service_expense.msg_phone_bill_no_standard',
                        bill=bill.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, bills):
        "The department manager approves the bill (R-EXP-8)"
        for bill in bills:
            check_department_manager(
                bill, 'service_expense.msg_phone_bill_manager')
            bill.amount_approved = bill.allowed
        cls.save(bills)

    @classmethod
    @ModelView.button
    @Workflow.transition('paid')
    @set_employee('paid_by')
    def pay(cls, bills):
        for bill in bills:
            bill.paid_date = company_today(bill.company)
        cls.save(bills)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, bills):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, bills):
        pass


class ReimbursementForm(OfficeReport):
    "The travel expense reimbursement form (差旅费报销单), to sign"
    __name__ = 'expense.reimbursement.form'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['local'] = local_datetime
        return context
