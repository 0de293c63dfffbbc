# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Before a trip: the travel request approved by the department manager
(R-EXP-4), the advance approved by the general manager and paid by finance
(R-EXP-5, R-EXP-7), and the tickets administration buys against the
approved request (R-EXP-6)"""
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Workflow, fields)
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.service_center.flow import FlowMixin, company_today
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If

from .standard import TRANSPORTS, EmployeeMixin, check_department_manager

PAYMENT_METHODS = [
    (None, ""),
    ('cash', "Cash"),
    ('transfer', "Bank Transfer"),
    ('cheque', "Company Cheque"),
    ('card', "Company Card"),
    ]


def next_number(xml_id):
    pool = Pool()
    Sequence = pool.get('ir.sequence')
    ModelData = pool.get('ir.model.data')
    return Sequence(ModelData.get_id('service_expense', xml_id)).get()


class NumberedMixin(FlowMixin):
    "Numbered from the addon's sequence on creation"
    __slots__ = ()
    _sequence_xml_id = None

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = next_number(cls._sequence_xml_id)
        return values

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number', None)
        return super().copy(records, default=default)


class TravelRequest(
        NumberedMixin, EmployeeMixin, Workflow, ModelSQL, ModelView):
    "Travel request (出差申请单): approved before the trip (R-EXP-4)"
    __name__ = 'expense.travel.request'
    _rec_name = 'number'
    _sequence_xml_id = 'sequence_travel_request'
    _deletable_states = {'draft', 'cancelled'}
    _delete_message = (
        'service_expense.msg_travel_request_delete', 'request')

    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    place = fields.Char("Place", required=True, states=_states)
    purpose = fields.Text("Purpose", required=True, states=_states)
    itinerary = fields.Text(
        "Itinerary", states=_states,
        help="The stops and the dates of the trip.")
    transport = fields.Selection(
        TRANSPORTS, "Transport", required=True, sort=False, states=_states)
    departure_date = fields.Date(
        "Departure", required=True, states=_states)
    return_date = fields.Date(
        "Return", required=True, states=_states,
        domain=[If(Bool(Eval('departure_date')),
                ('return_date', '>=', Eval('departure_date')), ())])
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"), 'get_currency')
    estimated_transport = fields.Numeric(
        "Estimated Transport", digits=(16, 2), states=_states)
    estimated_lodging = fields.Numeric(
        "Estimated Lodging", digits=(16, 2), states=_states)
    estimated_meals = fields.Numeric(
        "Estimated Meals", digits=(16, 2), states=_states)
    estimated_other = fields.Numeric(
        "Estimated Other", digits=(16, 2), states=_states)
    estimated_total = fields.Function(
        fields.Numeric("Estimated Total", digits=(16, 2)),
        'on_change_with_estimated_total')
    service_tickets = fields.Many2Many(
        'expense.travel.request-service.ticket', 'request', 'ticket',
        "Service Tickets", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    visits = fields.Many2Many(
        'expense.travel.request-service.visit', 'request', 'visit',
        "On-Site Visits", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    travel_tickets = fields.One2Many(
        'expense.travel.ticket', 'request', "Travel Tickets",
        readonly=True)
    advances = fields.One2Many(
        'expense.advance', 'request', "Advances", readonly=True)
    requested_at = fields.DateTime("Requested At", readonly=True)
    approved_by = employee_field(
        "Approved By", states=['approved', 'rejected', 'cancelled'])
    approved_at = fields.DateTime("Approved At", readonly=True)
    rejection_reason = fields.Text(
        "Rejection Reason",
        states={'readonly': Eval('state') != 'requested'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('rejected', "Rejected"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('departure_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'requested'),
            ('requested', 'approved'),
            ('requested', 'rejected'),
            ('rejected', 'draft'),
            ('draft', 'cancelled'),
            ('requested', 'cancelled'),
            ('approved', 'cancelled'),
            }
        cls._buttons.update({
                'request': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'rejected',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'requested', 'approved']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_transport():
        return 'train_hard_sleeper'

    @fields.depends(
        'estimated_transport', 'estimated_lodging', 'estimated_meals',
        'estimated_other')
    def on_change_with_estimated_total(self, name=None):
        return sum((v or 0 for v in [
                    self.estimated_transport, self.estimated_lodging,
                    self.estimated_meals, self.estimated_other]),
            Decimal(0)).quantize(Decimal('0.01'))

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    def request(cls, requests):
        cls.write(requests, {'requested_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, requests):
        """The department manager approves (R-EXP-4); the signed form then
        goes to the archive (R-DOC-1)"""
        Document = Pool().get('service.document')
        for request in requests:
            check_department_manager(
                request, 'service_expense.msg_travel_request_manager')
        cls.write(requests, {'approved_at': dt.datetime.now()})
        Document.file([Document.expect(
                    r, 'travel_request', responsible=r.employee,
                    service_date=company_today(r.company))
                for r in requests])

    @classmethod
    @ModelView.button
    @Workflow.transition('rejected')
    @set_employee('approved_by')
    def reject(cls, requests):
        for request in requests:
            check_department_manager(
                request, 'service_expense.msg_travel_request_manager')
            if not request.rejection_reason:
                raise ValidationError(gettext(
                        'service_expense.msg_travel_request_reject_reason',
                        request=request.rec_name))
        cls.write(requests, {'approved_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, requests):
        cls.write(requests, {
                'approved_by': None, 'approved_at': None,
                'requested_at': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, requests):
        for request in requests:
            if any(t.state == 'bought' for t in request.travel_tickets) or any(
                    a.state in {'paid', 'settled'} for a in request.advances):
                raise AccessError(gettext(
                        'service_expense.msg_travel_request_cancel_used',
                        request=request.rec_name))


class TravelRequestTicket(ModelSQL):
    "Travel Request - Service Ticket"
    __name__ = 'expense.travel.request-service.ticket'
    request = fields.Many2One(
        'expense.travel.request', "Travel Request", required=True,
        ondelete='CASCADE')
    ticket = fields.Many2One(
        'service.ticket', "Ticket", required=True, ondelete='CASCADE')


class TravelRequestVisit(ModelSQL):
    "Travel Request - On-Site Visit"
    __name__ = 'expense.travel.request-service.visit'
    request = fields.Many2One(
        'expense.travel.request', "Travel Request", required=True,
        ondelete='CASCADE')
    visit = fields.Many2One(
        'service.visit', "Visit", required=True, ondelete='CASCADE')


class Advance(NumberedMixin, EmployeeMixin, Workflow, ModelSQL, ModelView):
    """Advance on travel expenses (借支): approved by the general manager,
    paid by finance (R-EXP-5), settled by the reimbursement; no new one
    while another is open (R-EXP-7)"""
    __name__ = 'expense.advance'
    _rec_name = 'number'
    _sequence_xml_id = 'sequence_advance'
    _deletable_states = {'draft', 'cancelled'}
    _delete_message = ('service_expense.msg_advance_delete', 'advance')
    # An advance in these states blocks a new one (R-EXP-7)
    _open_states = ['requested', 'approved', 'paid']

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
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True, states=_states,
        domain=[('amount', '>', 0)])
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"), 'get_currency')
    reason = fields.Text("Reason", states=_states)
    approved_by = employee_field(
        "Approved By", states=['approved', 'paid', 'settled', 'cancelled'])
    paid_date = fields.Date(
        "Paid On", states={
            'readonly': Eval('state') != 'approved',
            'required': Eval('state').in_(['paid', 'settled']),
            })
    payment_method = fields.Selection(
        PAYMENT_METHODS, "Payment Method", sort=False, states={
            'readonly': Eval('state') != 'approved',
            'required': Eval('state').in_(['paid', 'settled']),
            })
    amount_paid = fields.Numeric(
        "Amount Paid", digits=(16, 2), states={
            'readonly': Eval('state') != 'approved',
            'required': Eval('state').in_(['paid', 'settled']),
            })
    paid_by = employee_field("Paid By", states=['paid', 'settled'])
    reimbursement = fields.Many2One(
        'expense.reimbursement', "Settled By", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('paid', "Paid"),
            ('settled', "Settled"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.employee, Index.Equality()),
                (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'requested'),
            ('requested', 'approved'),
            ('approved', 'paid'),
            ('paid', 'settled'),
            ('draft', 'cancelled'),
            ('requested', 'cancelled'),
            ('approved', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                'pay': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'requested', 'approved']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('amount', 'amount_paid')
    def on_change_amount(self):
        self.amount_paid = self.amount

    @classmethod
    def check_open(cls, advances):
        "Refuse an advance while the employee has another open (R-EXP-7)"
        for advance in advances:
            others = cls.search([
                    ('employee', '=', advance.employee.id),
                    ('state', 'in', cls._open_states),
                    ('id', '!=', advance.id),
                    ], limit=1)
            if others:
                other, = others
                raise ValidationError(gettext(
                        'service_expense.msg_advance_open',
                        employee=advance.employee.rec_name,
                        advance=other.rec_name,
                        state=other.state_string))

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    def submit(cls, advances):
        cls.check_open(advances)

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, advances):
        "The general manager approves the payment request (R-EXP-5)"
        cls.check_open(advances)
        for advance in advances:
            if advance.amount_paid is None:
                advance.amount_paid = advance.amount
        cls.save(advances)

    @classmethod
    @ModelView.button
    @Workflow.transition('paid')
    @set_employee('paid_by')
    def pay(cls, advances):
        "Finance pays the advance (R-EXP-5)"
        for advance in advances:
            missing = advance._missing(
                ['paid_date', 'payment_method', 'amount_paid'])
            if missing:
                raise ValidationError(gettext(
                        'service_expense.msg_advance_pay_missing',
                        advance=advance.rec_name,
                        missing=', '.join(missing)))
            if advance.amount_paid <= 0:
                raise ValidationError(gettext(
                        'service_expense.msg_advance_pay_missing',
                        advance=advance.rec_name,
                        missing=advance.fields_get(
                            ['amount_paid'])['amount_paid']['string']))

    @classmethod
    @Workflow.transition('settled')
    def settle(cls, advances, reimbursement):
        "The reimbursement settles the advance (R-EXP-7)"
        cls.write(advances, {'reimbursement': reimbursement.id})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, advances):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, advances):
        cls.write(advances, {'approved_by': None})

    @classmethod
    def copy(cls, advances, default=None):
        default = default.copy() if default is not None else {}
        for name in ['paid_date', 'payment_method', 'amount_paid',
                'paid_by', 'approved_by', 'reimbursement']:
            default.setdefault(name, None)
        return super().copy(advances, default=default)


class TravelTicket(Workflow, ModelSQL, ModelView):
    """Ticket bought by administration against a copy of the approved
    request; air tickets by company cheque, any exception explained in
    writing, approved and filed with finance (R-EXP-6)"""
    __name__ = 'expense.travel.ticket'

    _states = {'readonly': Eval('state') != 'draft'}

    request = fields.Many2One(
        'expense.travel.request', "Travel Request", required=True,
        ondelete='RESTRICT', states=_states,
        domain=[If(Eval('state') == 'draft',
                ('state', '=', 'approved'), ())])
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    passenger = fields.Function(
        fields.Many2One('company.employee', "Passenger"),
        'on_change_with_passenger')
    kind = fields.Selection([
            ('train', "Train"),
            ('plane', "Plane"),
            ('bus', "Coach"),
            ('ship', "Ship"),
            ], "Kind", required=True, states=_states)
    route = fields.Char("Route", required=True, states=_states)
    travel_date = fields.Date("Travel Date", required=True, states=_states)
    price = fields.Numeric(
        "Price", digits=(16, 2), required=True, states=_states,
        domain=[('price', '>=', 0)])
    payment_method = fields.Selection(
        PAYMENT_METHODS, "Payment Method", required=True, sort=False,
        states=_states)
    cheque_exception = fields.Function(
        fields.Boolean("Not by Cheque"), 'on_change_with_cheque_exception',
        searcher='search_cheque_exception')
    exception_reason = fields.Text(
        "Why Not by Cheque",
        states={
            'invisible': ~Eval('cheque_exception'),
            'readonly': Eval('state') != 'draft',
            },
        help="Written before buying an air ticket without the company "
        "cheque (R-EXP-6).")
    exception_approved_by = employee_field(
        "Exception Approved By", states=['bought', 'cancelled'])
    exception_filed = fields.Date(
        "Exception Filed with Finance", readonly=True)
    bought_by = employee_field("Bought By", states=['bought', 'cancelled'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('approved', "Exception Approved"),
            ('bought', "Bought"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('travel_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'approved'),
            ('draft', 'bought'),
            ('approved', 'bought'),
            ('draft', 'cancelled'),
            ('approved', 'cancelled'),
            ('bought', 'cancelled'),
            }
        cls._buttons.update({
                'approve_exception': {
                    'invisible': (Eval('state') != 'draft')
                    | ~Eval('cheque_exception'),
                    'depends': ['state', 'cheque_exception'],
                    },
                'buy': {
                    'invisible': ~Eval('state').in_(['draft', 'approved']),
                    'depends': ['state'],
                    },
                'file_exception': {
                    'invisible': ~Eval('cheque_exception')
                    | (Eval('state') != 'bought')
                    | Bool(Eval('exception_filed')),
                    'depends': ['state', 'cheque_exception',
                        'exception_filed'],
                    },
                'cancel': {
                    'invisible': Eval('state') == 'cancelled',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_payment_method():
        return 'cheque'

    @fields.depends('request', '_parent_request.company')
    def on_change_with_company(self, name=None):
        if self.request and self.request.company:
            return self.request.company.id

    @classmethod
    def search_company(cls, name, clause):
        return [('request.' + clause[0], *clause[1:])]

    @fields.depends('request', '_parent_request.employee')
    def on_change_with_passenger(self, name=None):
        if self.request and self.request.employee:
            return self.request.employee.id

    @fields.depends('kind', 'payment_method')
    def on_change_with_cheque_exception(self, name=None):
        return self.kind == 'plane' and self.payment_method != 'cheque'

    @classmethod
    def search_cheque_exception(cls, name, clause):
        _, operator, value = clause[:3]
        exception = [('kind', '=', 'plane'), ('payment_method', '!=', 'cheque')]
        if (operator == '=') == bool(value):
            return exception
        return ['OR', ('kind', '!=', 'plane'),
            ('payment_method', '=', 'cheque')]

    def get_rec_name(self, name):
        return f'{self.route} {self.travel_date or ""}'.strip()

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('exception_approved_by')
    def approve_exception(cls, tickets):
        "The approver signs the written reason (R-EXP-6)"
        for ticket in tickets:
            if not ticket.exception_reason:
                raise ValidationError(gettext(
                        'service_expense.msg_ticket_exception_reason',
                        ticket=ticket.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('bought')
    @set_employee('bought_by')
    def buy(cls, tickets):
        "Administration buys against the approved request (R-EXP-6)"
        for ticket in tickets:
            if ticket.request.state != 'approved':
                raise AccessError(gettext(
                        'service_expense.msg_ticket_request_not_approved',
                        ticket=ticket.rec_name,
                        request=ticket.request.rec_name))
            if ticket.cheque_exception and ticket.state != 'approved':
                raise AccessError(gettext(
                        'service_expense.msg_ticket_exception_unapproved',
                        ticket=ticket.rec_name))

    @classmethod
    @ModelView.button
    def file_exception(cls, tickets):
        "Finance files the signed exception (R-EXP-6)"
        for ticket in tickets:
            if ticket.state == 'bought' and ticket.cheque_exception:
                ticket.exception_filed = company_today(ticket.company)
        cls.save(tickets)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, tickets):
        pass


class Document(metaclass=PoolMeta):
    __name__ = 'service.document'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['expense.travel.request']
