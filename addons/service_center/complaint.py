# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Customer complaints: listened to and recorded (R-CPL-1), the handling and
the waiting explained (R-CPL-2), a deadline and an expected result promised
and kept (R-CPL-3, R-SLA-4), closed with the investigation's finding
(R-CPL-4)."""
import datetime as dt

from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .flow import FlowMixin, Recipients, company_today
from .ticket import CHANNELS, format_local_time

KINDS = [
    ('attitude', "Staff Attitude"),
    ('response', "Response Time"),
    ('quality', "Quality of the Service"),
    ('software', "Software"),
    ('other', "Other"),
    ]
# Share of the promised time after which the handler is warned
AT_RISK_SHARE = 0.75


class Complaint(FlowMixin, Workflow, ModelSQL, ModelView):
    "A customer's complaint, from its registration to the finding"
    __name__ = 'service.complaint'
    _deletable_states = {'registered', 'cancelled'}
    _delete_message = (
        'service_center.msg_complaint_delete_state', 'complaint')
    _number_sequence = 'complaint_sequence'
    _notice_messages = 'service_center.msg_complaint'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'registered',
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact", states=_states,
        domain=[('customer', '=', Eval('customer', -1))])
    channel = fields.Selection(
        CHANNELS, "Channel", required=True, states=_states, sort=False)
    kind = fields.Selection(
        KINDS, "Kind", required=True, states=_states, sort=False)
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ])
    employee = fields.Many2One(
        'company.employee', "Staff Member Concerned", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    description = fields.Text(
        "Complaint", required=True, states=_states,
        help="The customer's words: listen and record, never argue "
        "(R-CPL-1).")
    registered_at = fields.DateTime("Registered At", readonly=True)
    registered_by = employee_field("Registered By", states=[])

    handling_process = fields.Text(
        "Handling Explained", states={
            'readonly': Eval('state') != 'registered',
            },
        help="The handling process and the customer's part in it, as "
        "explained to the customer (R-CPL-2).")
    promised_at = fields.DateTime(
        "Promised By", states={
            'readonly': Eval('state') != 'registered',
            },
        help="The deadline promised to the customer (R-CPL-3, R-SLA-4).")
    expected_result = fields.Text(
        "Expected Result", states={
            'readonly': Eval('state') != 'registered',
            },
        help="The result promised to the customer (R-CPL-3).")
    handler = fields.Many2One(
        'company.employee', "Handled By",
        domain=[('company', '=', Eval('company', -1))],
        states={'readonly': ~Eval('state').in_(['registered', 'accepted'])})
    accepted_at = fields.DateTime("Accepted At", readonly=True)
    accepted_by = employee_field("Accepted By", states=[])
    at_risk_at = fields.DateTime("At Risk From", readonly=True)
    warned_at = fields.DateTime("Warned At", readonly=True)
    escalated_at = fields.DateTime("Escalated At", readonly=True)
    result = fields.Text(
        "Result", states={'readonly': Eval('state') != 'accepted'},
        help="What was done and told to the customer.")
    handled_at = fields.DateTime("Handled At", readonly=True)
    promise = fields.Function(fields.Selection([
                (None, ""),
                ('on_track', "On Track"),
                ('at_risk', "At Risk"),
                ('broken', "Broken"),
                ('kept', "Kept"),
                ('late', "Kept Late"),
                ], "Promise"), 'get_promise')

    confirmed = fields.Boolean(
        "Confirmed", states={'readonly': Eval('state') != 'handled'},
        help="The investigation confirmed the complaint.")
    about_attitude = fields.Boolean(
        "About a Staff Member's Attitude",
        states={'readonly': Eval('state') != 'handled'},
        help="A confirmed complaint about a staff member's attitude leads "
        "to the fines of the staff rules (R-CPL-4, R-PEN-1).")
    finding = fields.Text(
        "Finding", states={'readonly': Eval('state') != 'handled'},
        help="What the investigation found.")
    closed_at = fields.DateTime("Closed At", readonly=True)
    closed_by = employee_field("Closed By", states=[])
    return_visits = fields.One2Many(
        'service.return_visit', 'complaint', "Return Visits", readonly=True)
    state = fields.Selection([
            ('registered', "Registered"),
            ('accepted', "Accepted"),
            ('handled', "Handled"),
            ('closed', "Closed"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.at_risk_at, Index.Range()),
                    where=(t.state == 'accepted') & (t.warned_at == Null)),
                Index(t, (t.promised_at, Index.Range()),
                    where=(t.state == 'accepted')
                    & (t.escalated_at == Null)),
                })
        cls._order = [('registered_at', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('registered', 'accepted'),
            ('accepted', 'handled'),
            ('handled', 'accepted'),
            ('handled', 'closed'),
            ('registered', 'cancelled'),
            ('accepted', 'cancelled'),
            }
        cls._buttons.update({
                'accept': {
                    'invisible': Eval('state') != 'registered',
                    'depends': ['state'],
                    },
                'handle': {
                    'invisible': Eval('state') != 'accepted',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'handled',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'handled',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['registered', 'accepted']),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'registered'

    @classmethod
    def default_channel(cls):
        return 'phone'

    @classmethod
    def default_kind(cls):
        return 'quality'

    @fields.depends('ticket', 'employee', '_parent_ticket.customer',
        '_parent_ticket.contact', '_parent_ticket.engineer')
    def on_change_ticket(self):
        if self.ticket:
            self.customer = self.ticket.customer
            self.contact = self.ticket.contact
            if not self.employee:
                self.employee = self.ticket.engineer

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('promise') == 'broken', 'danger',
                    If(Eval('promise') == 'at_risk', 'warning', ''))),
            ]

    def get_promise(self, name, now=None):
        if not self.promised_at:
            return None
        if self.handled_at:
            return 'kept' if self.handled_at <= self.promised_at else 'late'
        if self.state != 'accepted':
            return None
        if now is None:
            now = dt.datetime.now()
        if now > self.promised_at:
            return 'broken'
        if self.at_risk_at and now >= self.at_risk_at:
            return 'at_risk'
        return 'on_track'

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Ticket = pool.get('service.ticket')
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            company_id = values.get('company', cls.default_company())
            values.setdefault('registered_at', dt.datetime.now())
            if 'registered_by' not in values:
                values['registered_by'] = Ticket.current_employee(
                    company_id)
        return values

    @classmethod
    def copy(cls, complaints, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'registered_at', 'registered_by', 'accepted_at',
                'accepted_by', 'at_risk_at', 'warned_at', 'escalated_at',
                'handled_at', 'closed_at', 'closed_by', 'return_visits',
                'result', 'confirmed', 'about_attitude', 'finding']:
            default.setdefault(name, None)
        return super().copy(complaints, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('accepted')
    @set_employee('accepted_by')
    def accept(cls, complaints):
        """Accept the complaint with what was told to the customer: the
        handling, the deadline and the expected result (R-CPL-2, R-CPL-3,
        R-SLA-4)"""
        now = dt.datetime.now().replace(microsecond=0)
        for complaint in complaints:
            missing = complaint._missing(
                ['handling_process', 'promised_at', 'expected_result',
                    'handler'])
            if missing:
                raise ValidationError(gettext(
                        'service_center.msg_complaint_accept_missing',
                        complaint=complaint.rec_name,
                        missing=', '.join(missing)))
            if complaint.promised_at <= now:
                raise ValidationError(gettext(
                        'service_center.msg_complaint_promise_past',
                        complaint=complaint.rec_name))
        for complaint in complaints:
            complaint.accepted_at = now
            complaint.at_risk_at = (now + (
                    complaint.promised_at - now) * AT_RISK_SHARE
                ).replace(microsecond=0)
        cls.save(complaints)

    @classmethod
    @ModelView.button
    @Workflow.transition('handled')
    def handle(cls, complaints):
        """The complaint is handled: the customer is called back about it
        (R-CRM-2)"""
        pool = Pool()
        ReturnVisit = pool.get('service.return_visit')
        for complaint in complaints:
            if not complaint.result:
                raise ValidationError(gettext(
                        'service_center.msg_complaint_no_result',
                        complaint=complaint.rec_name))
        cls.write(complaints, {'handled_at': dt.datetime.now()})
        vlist = []
        for complaint in complaints:
            if complaint.return_visits:
                continue
            tomorrow = company_today(complaint.company) + dt.timedelta(days=1)
            vlist.append({
                    'company': complaint.company.id,
                    'customer': complaint.customer.id,
                    'contact': (complaint.contact.id
                        if complaint.contact else None),
                    'complaint': complaint.id,
                    'planned_date': tomorrow,
                    'specialist': ReturnVisit.specialist_for(
                        complaint.company.id),
                    })
        if vlist:
            ReturnVisit.create(vlist)

    @classmethod
    @ModelView.button
    @Workflow.transition('accepted')
    def reopen(cls, complaints):
        cls.write(complaints, {'handled_at': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    @set_employee('closed_by')
    def close(cls, complaints):
        "Close with the investigation's finding (R-CPL-4)"
        for complaint in complaints:
            if not complaint.finding:
                raise ValidationError(gettext(
                        'service_center.msg_complaint_no_finding',
                        complaint=complaint.rec_name))
            if complaint.about_attitude and not complaint.employee:
                raise ValidationError(gettext(
                        'service_center.msg_complaint_attitude_employee',
                        complaint=complaint.rec_name))
        cls.write(complaints, {'closed_at': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, complaints):
        pass

    @classmethod
    def watch_promises(cls, now=None):
        """Warn the handler when a promise is at risk and tell the service
        managers when it is broken, once each (R-CPL-3, R-SLA-4).  Reads
        only accepted complaints still to be told, through partial
        indexes."""
        if now is None:
            now = dt.datetime.now()
        at_risk = cls.search([
                ('state', '=', 'accepted'),
                ('warned_at', '=', None),
                ('at_risk_at', '<=', now),
                ('promised_at', '>', now),
                ])
        broken = cls.search([
                ('state', '=', 'accepted'),
                ('escalated_at', '=', None),
                ('promised_at', '<=', now),
                ])
        recipients = Recipients()
        for complaint in broken:
            for user in recipients.of_group(complaint.company):
                complaint.notify_staff(user, 'broken')
        for complaint in at_risk:
            for user in recipients.of_employee(complaint.handler):
                complaint.notify_staff(user, 'at_risk')
        if at_risk:
            cls.write(at_risk, {'warned_at': now})
        if broken:
            cls.write(broken, {'escalated_at': now})

    def notice_values(self):
        return {
            'complaint': self.rec_name,
            'customer': self.customer.rec_name,
            'promised': format_local_time(self.company, self.promised_at),
            'expected': self.expected_result or '-',
            'handler': self.handler.rec_name if self.handler else '-',
            }
