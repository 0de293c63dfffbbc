# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The duty roster of weekends and public holidays, scheduled and watched
by the after-sales supervisor (R-HR-11), seen from the ticket queue."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.modules.service_center.party import normalize_phone
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .staff import current_employee


class Duty(ModelSQL, ModelView):
    """An employee on duty on a weekend or public holiday: answers the
    service phone forwarded to the mobile (R-HR-11, R-SVC-2)"""
    __name__ = 'staff.duty'

    company = fields.Many2One(
        'company.company', "Company", required=True)
    date = fields.Date("Date", required=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))])
    phone = fields.Char(
        "Phone", required=True,
        help="The mobile the service line is forwarded to.")
    notes = fields.Text(
        "Notes",
        help="What the supervisor asks, and how the duty went.")
    scheduled_by = fields.Many2One(
        'company.employee', "Scheduled By", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_date_unique', Unique(t, t.employee, t.date),
                'service_hr_rules.msg_duty_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.company, Index.Equality()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('employee', 'ASC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        return '%s @ %s' % (
            self.employee.rec_name, Lang.get().strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @fields.depends('employee', 'phone')
    def on_change_employee(self):
        if self.employee and not self.phone:
            phone = self.employee.party.phone or self.employee.party.mobile
            if phone:
                self.phone = normalize_phone(phone) or phone

    @fields.depends('phone')
    def on_change_phone(self):
        self.phone = normalize_phone(self.phone) or self.phone

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('phone'):
            values['phone'] = normalize_phone(values['phone']) or (
                values['phone'])
        if mode == 'create' and not values.get('scheduled_by'):
            employee = current_employee()
            if employee:
                values['scheduled_by'] = employee.id
        return values

    @classmethod
    def validate_fields(cls, duties, field_names):
        pool = Pool()
        Configuration = pool.get('staff.configuration')
        super().validate_fields(duties, field_names)
        if field_names and not field_names & {'date', 'phone', 'company'}:
            return
        for duty in duties:
            if not normalize_phone(duty.phone):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_duty_phone_invalid',
                        phone=duty.phone, duty=duty.rec_name))
            calendar = Configuration.working_calendar(
                duty.company, [duty.date.year])
            if calendar.is_working_day(duty.date):
                raise ValidationError(gettext(
                        'service_hr_rules.msg_duty_working_day',
                        duty=duty.rec_name))

    @classmethod
    def on_duty(cls, company, date=None):
        "Return the duties of the company on date, today by default"
        pool = Pool()
        Date = pool.get('ir.date')
        if date is None:
            with Transaction().set_context(company=company.id):
                date = Date.today()
        return cls.search([
                ('company', '=', company.id),
                ('date', '=', date),
                ], order=[('employee', 'ASC')])


class Ticket(metaclass=PoolMeta):
    "Who is on duty today, seen by the dispatcher from the ticket"
    __name__ = 'service.ticket'

    on_duty = fields.Function(fields.Char(
            "On Duty Today",
            help="The staff on weekend or holiday duty today and their "
            "phones (R-HR-11)."),
        'get_on_duty')

    @classmethod
    def get_on_duty(cls, tickets, name):
        pool = Pool()
        Duty = pool.get('staff.duty')
        texts = {}
        result = {}
        for ticket in tickets:
            company = ticket.company
            if company.id not in texts:
                texts[company.id] = ', '.join(
                    f'{d.employee.rec_name} ({d.phone})'
                    for d in Duty.on_duty(company)) or None
            result[ticket.id] = texts[company.id]
        return result
