# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Customers of the service center, their sites and responsible contacts."
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

PHONE_REGION = 'CN'


def normalize_phone(value):
    """Return the E.164 form of a phone number typed by a user,
    or None when it is not a valid number."""
    if not value:
        return value
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    service_customer = fields.Boolean(
        "Service Customer",
        help="The party is a customer of the after-sales service center.")
    service_sites = fields.One2Many(
        'service.site', 'customer', "Service Sites",
        states={'invisible': ~Eval('service_customer', False)})
    service_contacts = fields.One2Many(
        'service.customer.contact', 'customer', "Service Contacts",
        states={'invisible': ~Eval('service_customer', False)})
    installations = fields.One2Many(
        'service.installation', 'customer', "Installations",
        states={'invisible': ~Eval('service_customer', False)})

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="service"]', 'states', {
                    'invisible': ~Eval('service_customer', False),
                    }),
            ]

    @classmethod
    def default_service_customer(cls):
        return bool(Transaction().context.get('service_customer'))


class Site(DeactivableMixin, ModelSQL, ModelView):
    "A place where a customer uses our software"
    __name__ = 'service.site'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    customer = fields.Many2One(
        'party.party', "Customer", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    name = fields.Char("Name", required=True)
    address = fields.Many2One(
        'party.address', "Address", ondelete='RESTRICT',
        domain=[('party', '=', Eval('customer', -1))])
    specialist = fields.Many2One(
        'company.employee', "Service Specialist",
        domain=[('company', '=', Eval('company', -1))],
        help="The service specialist who owns the site (R-ORG-3, R-CRM-5).")
    contacts = fields.One2Many(
        'service.customer.contact', 'site', "Contacts",
        domain=[('customer', '=', Eval('customer', -1))])
    installations = fields.One2Many(
        'service.installation', 'site', "Installations",
        domain=[('customer', '=', Eval('customer', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('customer', 'ASC'))
        cls._order.insert(1, ('name', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.customer.rec_name} / {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('customer.rec_name', operator, operand, *extra),
            ]


class CustomerContact(DeactivableMixin, ModelSQL, ModelView):
    """A person at the customer the center deals with (R-SVC-3).

    Customer contact data is confidential: only the roles that serve the
    customer may read it."""
    __name__ = 'service.customer.contact'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    customer = fields.Many2One(
        'party.party', "Customer", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    site = fields.Many2One(
        'service.site', "Site", ondelete='SET NULL',
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    name = fields.Char("Name", required=True)
    department = fields.Char("Department")
    job_title = fields.Char("Job Title")
    phone = fields.Char(
        "Phone", help="Stored in international form, e.g. +8613800138000.")
    email = fields.Char("Email")
    im_account = fields.Char(
        "IM Account",
        help="The QQ or other instant-messaging account (R-SVC-2).")
    responsible = fields.Boolean(
        "Responsible",
        help="The customer's responsible person: signs feedback and "
        "acceptance forms (R-VIS-4, R-IMP-4).")
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('customer', 'ASC'))
        cls._order.insert(1, ('responsible', 'DESC'))
        cls._order.insert(2, ('name', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_responsible(cls):
        return False

    @fields.depends(
        'site', '_parent_site.customer', 'customer', '_parent_customer.id')
    def on_change_site(self):
        if self.site and not self.customer:
            self.customer = self.site.customer

    @fields.depends('phone')
    def on_change_phone(self):
        self.phone = normalize_phone(self.phone) or self.phone

    def get_rec_name(self, name):
        return f'{self.name} ({self.customer.rec_name})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('phone', operator, operand, *extra),
            ('im_account', operator, operand, *extra),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('phone'):
            values['phone'] = normalize_phone(values['phone']) or values[
                'phone']
        return values

    @classmethod
    def validate_fields(cls, contacts, field_names):
        super().validate_fields(contacts, field_names)
        if field_names is None or 'phone' in field_names:
            for contact in contacts:
                if contact.phone and normalize_phone(
                        contact.phone) != contact.phone:
                    raise ValidationError(gettext(
                            'service_center.msg_contact_phone_invalid',
                            phone=contact.phone,
                            contact=contact.name))
