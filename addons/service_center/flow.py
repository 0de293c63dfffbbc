# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"What the service flows (visits, complaints, requests, repairs...) share"
import shutil
from types import SimpleNamespace

from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction

from .ticket import send_notice


def company_today(company):
    "Return today's date in the company's timezone"
    with Transaction().set_context(company=company.id):
        return Pool().get('ir.date').today()


class OfficeReport(Report):
    """A document printed from an OpenDocument template: a PDF where
    LibreOffice is installed, the OpenDocument text otherwise"""

    @classmethod
    def convert(cls, report, data, **kwargs):
        if not report.extension and shutil.which('soffice'):
            report = SimpleNamespace(
                template_extension=report.template_extension,
                extension='pdf', report_name=report.report_name)
        return super().convert(report, data, **kwargs)


class FlowMixin:
    """A record that follows a workflow: numbered by its sequence when it is
    created, deleted only in the states before anything was done, and able
    to name the fields a step still needs"""
    __slots__ = ()
    # The states in which a record may be deleted, and the message with its
    # placeholder that refuses the others
    _deletable_states = {'draft', 'cancelled'}
    _delete_message = None
    # The sequence of the service configuration that numbers new records
    _number_sequence = None

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if (mode == 'create' and cls._number_sequence
                and not values.get('number')):
            values['number'] = Pool().get(
                'service.configuration').next_number(
                cls._number_sequence,
                values.get('company', cls.default_company()))
        return values

    @classmethod
    def check_modification(
            cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'delete' and cls._delete_message:
            message, placeholder = cls._delete_message
            for record in records:
                if record.state not in cls._deletable_states:
                    raise AccessError(gettext(
                            message, **{placeholder: record.rec_name}))

    def _today(self):
        return company_today(self.company)

    # The prefix of the messages of the staff notices: <prefix>_<event>_
    # subject and _body, filled with notice_values()
    _notice_messages = None

    def notice_values(self):
        "The values of the staff notices' messages"
        raise NotImplementedError

    def notify_staff(self, user, event):
        "Email user of event, in the user's language"
        language = user.language.code if user.language else None
        with Transaction().set_context(language=language):
            record = self.__class__(self.id)
            send_notice(
                user.email,
                f'{self._notice_messages}_{event}_subject',
                f'{self._notice_messages}_{event}_body',
                record.notice_values())

    def _missing(self, names):
        """Return the labels of the fields among names that are still
        empty: no value, no text, no line (a zero or a False is a value)"""
        def empty(value):
            if isinstance(value, (list, tuple)):
                return not value
            return value is None or value in ('', b'')
        strings = self.fields_get(names)
        return [strings[n]['string'] for n in names
            if empty(getattr(self, n))]


class Recipients:
    """The users a notice goes to, each list looked up once: the users of a
    group in a company (the service managers by default), or the users of
    an employee; only those with an email"""

    def __init__(self):
        self._users = {}

    def _search(self, key, domain):
        if key not in self._users:
            User = Pool().get('res.user')
            self._users[key] = User.search(domain + [('email', '!=', None)])
        return self._users[key]

    def of_group(self, company, group='group_service_manager'):
        ModelData = Pool().get('ir.model.data')
        return self._search(('group', group, company.id), [
                ('groups', '=', ModelData.get_id('service_center', group)),
                ('companies', '=', company.id),
                ])

    def of_employee(self, employee):
        if not employee:
            return []
        return self._search(('employee', employee.id), [
                ('employees', '=', employee.id),
                ])
