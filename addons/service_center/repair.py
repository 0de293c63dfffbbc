# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Products shipped in for testing and repair: unpacked and inspected on
arrival, transport damage told to the customer by phone, tested, diagnosed,
repaired within five working days and shipped back by express with the
tracking number told to the customer (R-SVC-4); repaired free or at cost
after the warranty rules (R-SVC-5)."""
import datetime as dt

from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .sla_calendar import BusinessClock
from .flow import FlowMixin, Recipients
from .ticket import format_local_time, send_notice

# R-SVC-4: factory repair takes at most 5 working days after arrival
REPAIR_WORKING_DAYS = 5
# The clock of the five working days runs in these states
RUNNING_STATES = ['received', 'inspected', 'diagnosed']
CAUSES = [
    (None, ""),
    ('component', "Component Defect"),
    ('workmanship', "Workmanship Defect"),
    ('misuse', "Misuse"),
    ('force_majeure', "Force Majeure"),
    ]
# Defects the warranty covers (R-SVC-5)
WARRANTY_CAUSES = {'component', 'workmanship'}
CHARGES = [
    (None, ""),
    ('free', "Free (Warranty)"),
    ('at_cost', "At Cost"),
    ]


def charge_for(cause, service_status):
    """Return how a repair is charged: component and workmanship defects
    are free during the warranty; misuse, force majeure and anything out of
    the warranty are at cost (R-SVC-5)"""
    if not cause:
        return None
    if cause in WARRANTY_CAUSES and service_status == 'in_service':
        return 'free'
    return 'at_cost'


def utc_now():
    "The current time, naive UTC as stored"
    return dt.datetime.now().replace(microsecond=0)


def add_working_days(clock, day, count):
    "Return the count-th working day after day, day itself not counted"
    for _ in range(3660):
        day += dt.timedelta(days=1)
        if clock.is_working_day(day):
            count -= 1
            if count <= 0:
                return day
    raise ValueError("no working day within 10 years")


def previous_working_day(clock, day):
    for _ in range(3660):
        day -= dt.timedelta(days=1)
        if clock.is_working_day(day):
            return day
    raise ValueError("no working day within 10 years")


class Repair(FlowMixin, Workflow, ModelSQL, ModelView):
    "A product shipped in by the customer for testing and repair"
    __name__ = 'service.repair'
    _delete_message = ('service_center.msg_repair_delete_state', 'repair')
    _number_sequence = 'repair_sequence'
    _notice_messages = 'service_center.msg_repair'
    _rec_name = 'number'

    _states = {
        'readonly': Eval('state') != 'draft',
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    customer = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Contact",
        states={'readonly': Eval('state').in_(['done', 'cancelled'])},
        domain=[('customer', '=', Eval('customer', -1))])
    installation = fields.Many2One(
        'service.installation', "Installation", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('customer', '=', Eval('customer', -1)),
            ],
        help="The installation the device belongs to: its service period "
        "on the arrival day decides the warranty (R-SVC-5).")
    ticket = fields.Many2One(
        'service.ticket', "Ticket", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ])
    product = fields.Char(
        "Device", required=True, states=_states,
        help="The description of the device shipped in.")
    serial_number = fields.Char(
        "Device Serial Number", strip=True, states=_states)
    problem = fields.Text(
        "Problem Reported", required=True, states=_states)
    engineer = fields.Many2One(
        'company.employee', "Responsible Engineer",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': ~Eval('state').in_(['draft'] + RUNNING_STATES),
            'required': Eval('state').in_(RUNNING_STATES),
            },
        help="Warned when the five working days run out (R-SVC-4).")

    received_at = fields.DateTime("Arrived At", readonly=True)
    received_by = employee_field("Received By", states=[])
    due_date = fields.Date(
        "Due Date", readonly=True,
        help="The 5th working day after the arrival day (R-SVC-4).")
    warn_date = fields.Date(
        "Warn On", readonly=True,
        help="The working day before the due date: the engineer is warned "
        "if the repair is not finished.")
    warned_at = fields.DateTime("Warned At", readonly=True)
    escalated_at = fields.DateTime("Escalated At", readonly=True)
    deadline = fields.Function(fields.Selection([
                (None, ""),
                ('on_track', "On Track"),
                ('at_risk', "At Risk"),
                ('breached', "Breached"),
                ('met', "Met"),
                ('late', "Finished Late"),
                ], "Deadline"), 'get_deadline')

    packaging = fields.Text(
        "Packaging and Appearance",
        states={'readonly': Eval('state') != 'received'},
        help="The condition of the packaging and the device when unpacked "
        "on arrival (R-SVC-4).")
    damaged = fields.Boolean(
        "Damaged", states={'readonly': Eval('state') != 'received'})
    damage = fields.Text(
        "Damage", states={
            'readonly': Eval('state') != 'received',
            'invisible': ~Eval('damaged'),
            })
    damage_told_to = fields.Char(
        "Damage Told To", states={
            'readonly': Eval('state') != 'inspected',
            'invisible': ~Eval('damaged'),
            },
        help="Who at the customer was told of the damage by phone "
        "(R-SVC-4).")
    damage_told_at = fields.DateTime(
        "Damage Told At", states={
            'readonly': Eval('state') != 'inspected',
            'invisible': ~Eval('damaged'),
            })
    inspected_at = fields.DateTime("Inspected At", readonly=True)
    inspected_by = employee_field("Inspected By", states=[])

    diagnosis = fields.Text(
        "Test and Diagnosis",
        states={'readonly': Eval('state') != 'inspected'})
    cause = fields.Selection(
        CAUSES, "Cause", sort=False,
        states={'readonly': Eval('state') != 'inspected'},
        help="Component and workmanship defects are repaired free during "
        "the warranty; misuse and force majeure are charged at cost "
        "(R-SVC-5).")
    service_status = fields.Selection(
        'get_service_statuses', "Service Status on Arrival", readonly=True,
        help="The installation's service status on the arrival day.")
    charge = fields.Selection(
        CHARGES, "Charge", readonly=True, sort=False,
        help="Decided by the cause and the service status on arrival "
        "(R-SVC-5).")
    estimated_cost = fields.Numeric(
        "Estimated Cost", digits=(16, 2),
        states={
            'readonly': Eval('state') != 'inspected',
            'invisible': Eval('charge') != 'at_cost',
            'required': ((Eval('charge') == 'at_cost')
                & (Eval('state') == 'inspected')),
            },
        domain=['OR',
            ('estimated_cost', '=', None),
            ('estimated_cost', '>=', 0),
            ])
    diagnosed_at = fields.DateTime("Diagnosed At", readonly=True)
    diagnosed_by = employee_field("Diagnosed By", states=[])

    repair_done = fields.Text(
        "Repair Done", states={'readonly': Eval('state') != 'diagnosed'})
    repaired_at = fields.DateTime("Finished At", readonly=True)
    repaired_by = employee_field("Repaired By", states=[])

    carrier = fields.Char(
        "Carrier", states={'readonly': Eval('state') != 'repaired'},
        help="The express company that ships the device back.")
    tracking_number = fields.Char(
        "Tracking Number", strip=True,
        states={'readonly': Eval('state') != 'repaired'})
    shipped_date = fields.Date(
        "Shipped On", states={'readonly': Eval('state') != 'repaired'})
    shipped_by = employee_field("Shipped By", states=[])

    notified_to = fields.Char(
        "Tracking Number Told To",
        states={'readonly': Eval('state') != 'shipped'},
        help="Who at the customer was told the tracking number (R-SVC-4); "
        "by default the contact.")
    notified_at = fields.DateTime("Told At", readonly=True)
    notified_by = employee_field("Told By", states=[])
    state = fields.Selection([
            ('draft', "Announced"),
            ('received', "Received"),
            ('inspected', "Inspected"),
            ('diagnosed', "Diagnosed"),
            ('repaired', "Repaired"),
            ('shipped', "Shipped"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.warn_date, Index.Range()),
                    where=t.state.in_(RUNNING_STATES)
                    & (t.warned_at == Null)),
                Index(t, (t.due_date, Index.Range()),
                    where=t.state.in_(RUNNING_STATES)
                    & (t.escalated_at == Null)),
                })
        cls._order = [('received_at', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'received'),
            ('received', 'inspected'),
            ('inspected', 'diagnosed'),
            ('diagnosed', 'repaired'),
            ('repaired', 'shipped'),
            ('shipped', 'done'),
            ('draft', 'cancelled'),
            ('received', 'cancelled'),
            ('inspected', 'cancelled'),
            ('diagnosed', 'cancelled'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'inspect': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'diagnose': {
                    'invisible': Eval('state') != 'inspected',
                    'depends': ['state'],
                    },
                'repair': {
                    'invisible': Eval('state') != 'diagnosed',
                    'depends': ['state'],
                    },
                'ship': {
                    'invisible': Eval('state') != 'repaired',
                    'depends': ['state'],
                    },
                'notify': {
                    'invisible': Eval('state') != 'shipped',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft'] + RUNNING_STATES),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_damaged(cls):
        return False

    @classmethod
    def get_service_statuses(cls):
        pool = Pool()
        Installation = pool.get('service.installation')
        return [(None, "")] + Installation.fields_get(
            ['service_status'])['service_status']['selection']

    @fields.depends('ticket', 'engineer', '_parent_ticket.kind',
        '_parent_ticket.customer', '_parent_ticket.contact',
        '_parent_ticket.installation', '_parent_ticket.engineer')
    def on_change_ticket(self):
        if self.ticket and self.ticket.kind == 'hardware':
            self.customer = self.ticket.customer
            self.contact = self.ticket.contact
            self.installation = self.ticket.installation
            if not self.engineer:
                self.engineer = self.ticket.engineer

    @fields.depends('installation', '_parent_installation.contact',
        '_parent_installation.serial_number', 'contact')
    def on_change_installation(self):
        if self.installation and not self.contact:
            self.contact = self.installation.contact

    @fields.depends('cause', 'service_status')
    def on_change_cause(self):
        self.charge = charge_for(self.cause, self.service_status)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('deadline').in_(['breached', 'late']), 'danger',
                    If(Eval('deadline') == 'at_risk', 'warning', ''))),
            ]

    @classmethod
    def get_deadline(cls, repairs, name, today=None):
        pool = Pool()
        Date = pool.get('ir.date')
        zones, todays, result = {}, {}, {}
        for repair in repairs:
            result[repair.id] = None
            if not repair.due_date or repair.state == 'cancelled':
                continue
            company_id = repair.company.id
            if repair.repaired_at:
                if company_id not in zones:
                    zones[company_id] = cls.working_day_clock(
                        company_id).zone
                finished = repair.repaired_at.replace(
                    tzinfo=dt.timezone.utc).astimezone(
                    zones[company_id]).date()
                result[repair.id] = (
                    'met' if finished <= repair.due_date else 'late')
                continue
            if today is not None:
                todays[company_id] = today
            elif company_id not in todays:
                with Transaction().set_context(company=company_id):
                    todays[company_id] = Date.today()
            day = todays[company_id]
            if day > repair.due_date:
                result[repair.id] = 'breached'
            elif repair.warn_date and day >= repair.warn_date:
                result[repair.id] = 'at_risk'
            else:
                result[repair.id] = 'on_track'
        return result

    @classmethod
    def working_day_clock(cls, company_id):
        """The working-day calendar of the repairs: the business calendar of
        the out-of-warranty service level, with its holidays and make-up
        workdays (调休)"""
        pool = Pool()
        Configuration = pool.get('service.configuration')
        with Transaction().set_context(company=company_id):
            policy = Configuration(1).out_of_warranty_sla_policy
        if policy and policy.clock == 'business':
            return policy.get_clock()
        return BusinessClock()

    def local_date(self, value):
        "The day of a stored UTC datetime in the calendar's timezone"
        clock = self.working_day_clock(self.company.id)
        return value.replace(tzinfo=dt.timezone.utc).astimezone(
            clock.zone).date()

    @classmethod
    def compute_due_dates(cls, company_id, received_at):
        """Return the due date, the 5th working day after the arrival day,
        and the working day before it (R-SVC-4)"""
        clock = cls.working_day_clock(company_id)
        arrival_day = received_at.replace(tzinfo=dt.timezone.utc).astimezone(
            clock.zone).date()
        due = add_working_days(clock, arrival_day, REPAIR_WORKING_DAYS)
        return due, previous_working_day(clock, due)

    @classmethod
    def copy(cls, repairs, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'number', 'received_at', 'received_by', 'due_date',
                'warn_date', 'warned_at', 'escalated_at', 'packaging',
                'damage', 'damage_told_to', 'damage_told_at',
                'inspected_at', 'inspected_by', 'diagnosis', 'cause',
                'service_status', 'charge', 'estimated_cost',
                'diagnosed_at', 'diagnosed_by', 'repair_done',
                'repaired_at', 'repaired_by', 'carrier', 'tracking_number',
                'shipped_date', 'shipped_by', 'notified_to', 'notified_at',
                'notified_by']:
            default.setdefault(name, None)
        default.setdefault('damaged', False)
        return super().copy(repairs, default=default)

    def _require(self, names):
        missing = self._missing(names)
        if missing:
            raise ValidationError(gettext(
                    'service_center.msg_repair_missing',
                    repair=self.rec_name, missing=', '.join(missing)))

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    @set_employee('received_by')
    def receive(cls, repairs):
        """The device arrived: the five working days start on the next
        working day (R-SVC-4)"""
        pool = Pool()
        Installation = pool.get('service.installation')
        for repair in repairs:
            repair._require(['engineer'])
        now = utc_now()
        for repair in repairs:
            repair.received_at = now
            repair.due_date, repair.warn_date = cls.compute_due_dates(
                repair.company.id, now)
            if repair.installation:
                installation = repair.installation
                repair.service_status = Installation.service_status_on(
                    repair.local_date(now), installation.service_start,
                    installation.service_end)
        cls.save(repairs)

    @classmethod
    @ModelView.button
    @Workflow.transition('inspected')
    @set_employee('inspected_by')
    def inspect(cls, repairs):
        "Unpacked and inspected on arrival (R-SVC-4)"
        for repair in repairs:
            repair._require(['packaging'] + (
                    ['damage'] if repair.damaged else []))
        cls.write(repairs, {'inspected_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('diagnosed')
    @set_employee('diagnosed_by')
    def diagnose(cls, repairs):
        """Tested and diagnosed, once the customer was told of any damage
        by phone (R-SVC-4); free or at cost after the warranty rules
        (R-SVC-5)"""
        for repair in repairs:
            if repair.damaged and (
                    not repair.damage_told_to or not repair.damage_told_at):
                raise ValidationError(gettext(
                        'service_center.msg_repair_damage_not_told',
                        repair=repair.rec_name))
            repair._require(['diagnosis', 'cause'])
            repair.charge = charge_for(repair.cause, repair.service_status)
            if repair.charge == 'at_cost' and repair.estimated_cost is None:
                raise ValidationError(gettext(
                        'service_center.msg_repair_no_estimate',
                        repair=repair.rec_name))
        for repair in repairs:
            repair.diagnosed_at = utc_now()
            if repair.charge == 'free':
                repair.estimated_cost = None
        cls.save(repairs)

    @classmethod
    @ModelView.button
    @Workflow.transition('repaired')
    @set_employee('repaired_by')
    def repair(cls, repairs):
        "The repair is finished: the five-working-day clock stops"
        for repair in repairs:
            repair._require(['repair_done'])
        cls.write(repairs, {'repaired_at': utc_now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('shipped')
    @set_employee('shipped_by')
    def ship(cls, repairs):
        "Shipped back by express with a tracking number (R-SVC-4)"
        for repair in repairs:
            repair._require(['carrier', 'tracking_number', 'shipped_date'])

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('notified_by')
    def notify(cls, repairs):
        """The customer was told the tracking number (R-SVC-4); the contact
        also gets it by email"""
        for repair in repairs:
            if not repair.notified_to and repair.contact:
                repair.notified_to = repair.contact.name
            repair._require(['notified_to'])
            repair.notified_at = utc_now()
        cls.save(repairs)
        for repair in repairs:
            if repair.contact and repair.contact.email:
                repair.send_shipped_notice()

    def send_shipped_notice(self):
        lang = self.customer.lang
        with Transaction().set_context(
                language=lang.code if lang else None):
            repair = self.__class__(self.id)
            send_notice(
                repair.contact.email,
                'service_center.msg_repair_shipped_subject',
                'service_center.msg_repair_shipped_body', {
                    'repair': repair.rec_name,
                    'device': repair.product,
                    'serial_number': repair.serial_number or '-',
                    'carrier': repair.carrier,
                    'tracking_number': repair.tracking_number,
                    'shipped_date': repair.shipped_date.isoformat(),
                    'company': repair.company.rec_name,
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, repairs):
        pass

    @classmethod
    def watch_deadlines(cls, today=None):
        """Warn the responsible engineer on the working day before the due
        date and tell the service managers once the due date has passed,
        each once, while the repair is not finished (R-SVC-4).  Reads only
        the repairs still to be told, through partial indexes."""
        pool = Pool()
        Date = pool.get('ir.date')
        company_id = Transaction().context.get('company')
        if today is None:
            today = Date.today()
        company_domain = (
            [('company', '=', company_id)] if company_id is not None else [])
        late = cls.search([
                ('state', 'in', RUNNING_STATES),
                ('escalated_at', '=', None),
                ('due_date', '<', today),
                ] + company_domain)
        at_risk = cls.search([
                ('state', 'in', RUNNING_STATES),
                ('warned_at', '=', None),
                ('warn_date', '<=', today),
                ('due_date', '>=', today),
                ] + company_domain)
        recipients = Recipients()
        for repair in late:
            for user in recipients.of_group(repair.company):
                repair.notify_staff(user, 'late')
        for repair in at_risk:
            for user in recipients.of_employee(repair.engineer):
                repair.notify_staff(user, 'at_risk')
        now = utc_now()
        if at_risk:
            cls.write(at_risk, {'warned_at': now})
        if late:
            cls.write(late, {'escalated_at': now})

    def notice_values(self):
        return {
            'repair': self.rec_name,
            'customer': self.customer.rec_name,
            'device': self.product,
            'received': format_local_time(self.company, self.received_at),
            'due_date': self.due_date.isoformat(),
            'engineer': self.engineer.rec_name if self.engineer else '-',
            }


class Ticket(metaclass=PoolMeta):
    __name__ = 'service.ticket'

    repairs = fields.One2Many(
        'service.repair', 'ticket', "Repairs", readonly=True)

    @classmethod
    def copy(cls, tickets, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('repairs', None)
        return super().copy(tickets, default=default)
