# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"The software a customer runs, with its serial number and service period."
from sql import Null

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

SERVICE_STATUSES = [
    ('not_started', "Not Started"),
    ('in_service', "In Service"),
    ('expired', "Expired"),
    ]


class Installation(DeactivableMixin, ModelSQL, ModelView):
    """Software installed at a customer (R-CON-1, R-CON-7, R-CRM-5).

    The service period starts on the installation date unless the contract
    says otherwise; the serial number is the usage serial the company issued
    after the installation and is unique within the company."""
    __name__ = 'service.installation'
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    customer = fields.Many2One(
        'party.party', "Customer", required=True, ondelete='RESTRICT',
        context={'company': Eval('company', -1)}, depends={'company'})
    site = fields.Many2One(
        'service.site', "Site", ondelete='RESTRICT',
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    product = fields.Many2One(
        'product.product', "Software", required=True, ondelete='RESTRICT',
        context={'company': Eval('company', -1)}, depends={'company'})
    version = fields.Char("Version")
    installation_date = fields.Date("Installation Date", required=True)
    serial_number = fields.Char(
        "Serial Number", required=True, strip=True,
        help="The usage serial number issued after installation (R-CON-7).")
    service_start = fields.Date(
        "Service Start", required=True,
        help="By default the installation date (R-CON-1).")
    service_end = fields.Date(
        "Service End",
        domain=[
            ('service_end', '>=', Eval('service_start', None)),
            ],
        help="The last day of the service period; empty while undecided.")
    service_status = fields.Function(fields.Selection(
            SERVICE_STATUSES, "Service Status"),
        'get_service_status', searcher='search_service_status')
    specialist = fields.Many2One(
        'company.employee', "Service Specialist",
        domain=[('company', '=', Eval('company', -1))],
        help="The service specialist in charge of this installation.")
    contact = fields.Many2One(
        'service.customer.contact', "Responsible Contact",
        domain=[('customer', '=', Eval('customer', -1))])
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('serial_number_unique', Unique(t, t.company, t.serial_number),
                'service_center.msg_installation_serial_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.customer, Index.Range())),
                Index(t, (t.service_end, Index.Range()),
                    where=t.service_end != Null),
                })
        cls._order.insert(0, ('installation_date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_installation_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_service_start(cls):
        return cls.default_installation_date()

    @fields.depends('installation_date', 'service_start')
    def on_change_installation_date(self):
        self.service_start = self.installation_date

    @fields.depends(
        'site', '_parent_site.customer', '_parent_site.specialist',
        'customer', '_parent_customer.id', 'specialist')
    def on_change_site(self):
        if self.site:
            self.customer = self.site.customer
            if self.site.specialist and not self.specialist:
                self.specialist = self.site.specialist

    def get_service_status(self, name, date=None):
        if date is None:
            date = Pool().get('ir.date').today()
        return self.service_status_on(
            date, self.service_start, self.service_end)

    @staticmethod
    def service_status_on(date, start, end):
        "Return the service status on date of a period from start to end"
        if start and date < start:
            return 'not_started'
        if end and date > end:
            return 'expired'
        return 'in_service'

    @classmethod
    def search_service_status(cls, name, clause):
        today = Pool().get('ir.date').today()
        _, operator, value = clause
        domains = {
            'not_started': [('service_start', '>', today)],
            'in_service': [
                ('service_start', '<=', today),
                ['OR',
                    ('service_end', '=', None),
                    ('service_end', '>=', today),
                    ],
                ],
            'expired': [('service_end', '<', today)],
            }
        values = value if isinstance(value, (list, tuple)) else [value]
        domain = ['OR'] + [domains[v] for v in values if v in domains]
        if operator in {'!=', 'not in'}:
            # Negate by listing the other statuses
            others = [k for k in domains if k not in values]
            domain = ['OR'] + [domains[v] for v in others]
        return [domain]

    def get_rec_name(self, name):
        return ' - '.join(filter(None, [
                    self.number, self.product.rec_name,
                    self.serial_number]))

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('number', operator, operand, *extra),
            ('serial_number', operator, operand, *extra),
            ('product.rec_name', operator, operand, *extra),
            ('customer.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('service.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            if (not values.get('service_start')
                    and values.get('installation_date')):
                values['service_start'] = values['installation_date']
            if not values.get('number'):
                values['number'] = Configuration.next_number(
                    'installation_sequence',
                    values.get('company', cls.default_company()))
        return values

    @classmethod
    def copy(cls, installations, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number', None)
        return super().copy(installations, default=default)

    @classmethod
    def create(cls, vlist):
        default_company = cls.default_company()
        cls.check_serial_numbers([
                (v.get('company', default_company), v.get('serial_number'))
                for v in vlist])
        return super().create(vlist)

    @classmethod
    def check_modification(
            cls, mode, installations, values=None, external=False):
        super().check_modification(
            mode, installations, values=values, external=external)
        if mode == 'write' and {'serial_number', 'company'} & values.keys():
            cls.check_serial_numbers([
                    (values.get('company', i.company.id),
                        values.get('serial_number', i.serial_number))
                    for i in installations], exclude=installations)

    @classmethod
    def check_serial_numbers(cls, serials, exclude=()):
        """Refuse serial numbers already held in the company (R-CON-7),
        before anything is written; the unique constraint stays the last
        guard against concurrent transactions."""
        serials = [(c, s) for c, s in serials if c is not None and s]
        if len(set(serials)) != len(serials):
            raise ValidationError(gettext(
                    'service_center.msg_installation_serial_number_unique'))
        wanted = set(serials)
        with Transaction().set_context(_check_access=False):
            for sub_serials in grouped_slice(
                    sorted({s for _, s in wanted}),
                    backend.MAX_QUERY_PARAMS // 2):
                for other in cls.search([
                            ('serial_number', 'in', list(sub_serials)),
                            ('id', 'not in', [i.id for i in exclude]),
                            ('active', 'in', [True, False]),
                            ], order=[]):
                    if (other.company.id, other.serial_number) in wanted:
                        raise ValidationError(gettext(
                                'service_center'
                                '.msg_installation_serial_number_duplicate',
                                serial_number=other.serial_number,
                                other=other.rec_name,
                                customer=other.customer.rec_name))
