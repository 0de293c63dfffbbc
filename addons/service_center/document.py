# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The archive of forms (R-DOC-1..5): every paper or electronic form the
rules name is expected from the staff member responsible by a due date,
handed in, archived by administration, or reported lost.  The staff rules
fine from the overdue and lost ones (R-PEN-3, R-PEN-4, R-PEN-7), so who was
responsible and when the form fell due are kept."""
import datetime as dt

from sql import Literal, Null
from sql.aggregate import Count, Min
from sql.conditionals import Case

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .flow import company_today
from .implementation import ARCHIVED_FORMS

KINDS = [
    ('travel_request', "Travel Request"),
    ('service_application', "On-Site Service Application"),
    ('feedback_form', "Service Feedback Form"),
    ('implementation_form', "Implementation Form"),
    ('acceptance_form', "Acceptance Form"),
    ('golive_plan', "Go-Live Plan"),
    ('change_request_form', "Program-Modification Request Form"),
    ('data_cleanup_request', "Data Clean-Up Request"),
    ('password_request', "Administrator-Password Request"),
    ]
# Days after the service by which each form is due: the day after the
# service (R-PEN-3: 隔日), and the customer's faxed requests once the
# service is done (R-DOC-4, R-DOC-5)
DUE_DAYS = {kind: 1 for kind, _ in KINDS}
# The faxed requests of the customer: a lost sheet is fined (R-PEN-4)
FAXED_KINDS = {
    'change_request_form', 'data_cleanup_request', 'password_request'}
ORIGINS = [
    'service.ticket', 'service.visit', 'service.feedback',
    'service.change_request', 'service.implementation']


class Document(Workflow, ModelSQL, ModelView):
    "A form expected in the archive, from the service to the shelf"
    __name__ = 'service.document'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    kind = fields.Selection(KINDS, "Form", required=True, readonly=True)
    origin = fields.Reference(
        "Origin", selection='get_origins', required=True, readonly=True,
        help="The service the form belongs to.")
    customer = fields.Many2One(
        'party.party', "Customer", readonly=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    responsible = fields.Many2One(
        'company.employee', "Responsible", readonly=True,
        help="The staff member who must hand the form in.")
    service_date = fields.Date("Service Date", readonly=True)
    due_date = fields.Date(
        "Due Date", required=True, readonly=True,
        help="The form must be handed in by the end of this day.")
    faxed = fields.Boolean(
        "Faxed by the Customer", readonly=True,
        help="A faxed request of the customer: a lost sheet is fined "
        "(R-PEN-4).")
    received_date = fields.Date("Handed In On", readonly=True)
    received_by = employee_field("Received By", states=[])
    archived_date = fields.Date("Archived On", readonly=True)
    archived_by = employee_field("Archived By", states=[])
    location = fields.Char(
        "Archive Location",
        states={'readonly': Eval('state').in_(['archived', 'lost'])},
        help="Where the paper is filed (cabinet, folder).")
    lost_date = fields.Date("Reported Lost On", readonly=True)
    lost_by = employee_field("Reported Lost By", states=[])
    note = fields.Text("Note")
    overdue = fields.Function(fields.Boolean(
            "Overdue",
            help="Not handed in after its due date, on the day of the "
            "context (today by default)."),
        'get_overdue', searcher='search_overdue')
    days_late = fields.Function(fields.Integer("Days Late"), 'get_days_late')
    state = fields.Selection([
            ('expected', "Expected"),
            ('received', "Handed In"),
            ('archived', "Archived"),
            ('lost', "Lost"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('origin_kind_unique', Unique(t, t.origin, t.kind),
                'service_center.msg_document_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.responsible, Index.Range()),
                    (t.due_date, Index.Range())),
                Index(t, (t.due_date, Index.Range()),
                    where=t.state == 'expected'),
                })
        cls._order = [('due_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('expected', 'received'),
            ('received', 'archived'),
            ('expected', 'lost'),
            ('received', 'lost'),
            ('lost', 'received'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': ~Eval('state').in_(['expected', 'lost']),
                    'depends': ['state'],
                    },
                'archive': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'declare_lost': {
                    'invisible': ~Eval('state').in_(
                        ['expected', 'received']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'expected'

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        get_name = IrModel.get_name
        return [(None, '')] + [(m, get_name(m)) for m in cls._get_origins()]

    @classmethod
    def _get_origins(cls):
        "The models whose forms the archive keeps (extended by other addons)"
        return list(ORIGINS)

    def get_rec_name(self, name):
        kinds = dict(self.fields_get(['kind'])['kind']['selection'])
        origin = self.origin.rec_name if self.origin else ''
        return f'{kinds.get(self.kind, self.kind)} {origin}'.strip()

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        return ['OR',
            ('customer.rec_name', operator, value),
            ('responsible.rec_name', operator, value),
            ]

    @classmethod
    def context_date(cls, company=None):
        "The day the overdue forms are counted on: the context's, or today"
        pool = Pool()
        Date = pool.get('ir.date')
        date = Transaction().context.get('date')
        if isinstance(date, dt.date):
            return date
        return Date.today()

    def get_overdue(self, name):
        day = self.context_date()
        return bool(
            self.due_date < day
            and (not self.received_date or self.received_date > day)
            and (not self.lost_date or self.lost_date > day))

    @classmethod
    def search_overdue(cls, name, clause):
        day = cls.context_date()
        _, operator, value = clause
        overdue = [
            ('due_date', '<', day),
            ['OR',
                ('received_date', '=', None),
                ('received_date', '>', day),
                ],
            ['OR',
                ('lost_date', '=', None),
                ('lost_date', '>', day),
                ],
            ]
        if (operator == '=') == bool(value):
            return overdue
        return ['OR',
            ('due_date', '>=', day),
            ('received_date', '<=', day),
            ('lost_date', '<=', day),
            ]

    def get_days_late(self, name):
        end = self.received_date or self.lost_date or self.context_date()
        return max((end - self.due_date).days, 0)

    @classmethod
    def expect(cls, origin, kind, responsible=None, service_date=None,
            customer=None):
        """Return the values of the form expected for origin, due by the
        rule of its kind (file them with file)"""
        company = origin.company
        if service_date is None:
            service_date = company_today(company)
        return {
            'company': company.id,
            'kind': kind,
            'origin': str(origin),
            'customer': customer.id if customer else None,
            'responsible': responsible.id if responsible else None,
            'service_date': service_date,
            'due_date': service_date + dt.timedelta(days=DUE_DAYS[kind]),
            'faxed': kind in FAXED_KINDS,
            }

    @classmethod
    def file(cls, vlist):
        """Create the expected forms of vlist (from expect), skipping those
        the archive already expects for the same origin"""
        vlist = [v for v in vlist if v]
        if not vlist:
            return []
        existing = {(d.kind, str(d.origin)) for d in cls.search([
                    ('origin', 'in', [v['origin'] for v in vlist]),
                    ])}
        to_create, seen = [], set()
        for values in vlist:
            key = (values['kind'], values['origin'])
            if key not in existing and key not in seen:
                seen.add(key)
                to_create.append(values)
        return cls.create(to_create)

    @classmethod
    def handed_in(cls, origins, kind):
        "The forms of kind for origins were handed in (by the flow itself)"
        documents = cls.search([
                ('origin', 'in', [str(o) for o in origins]),
                ('kind', '=', kind),
                ('state', 'in', ['expected', 'lost']),
                ])
        if documents:
            cls.receive(documents)
        return documents

    @classmethod
    def check_modification(
            cls, mode, documents, values=None, external=False):
        super().check_modification(
            mode, documents, values=values, external=external)
        if mode == 'delete' and external:
            for document in documents:
                raise AccessError(gettext(
                        'service_center.msg_document_delete',
                        document=document.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    @set_employee('received_by')
    def receive(cls, documents):
        "The form was handed in (R-DOC-1..5)"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        received_fields = {v: k for k, v in ARCHIVED_FORMS.items()}
        for document in documents:
            document.received_date = company_today(document.company)
            document.lost_date = None
            document.lost_by = None
        cls.save(documents)
        # The project knows its forms are in (R-IMP-6)
        for document in documents:
            field = received_fields.get(document.kind)
            if (isinstance(document.origin, Implementation) and field
                    and not getattr(document.origin, field)):
                Implementation.write([document.origin], {
                        field: document.received_date})

    @classmethod
    @ModelView.button
    @Workflow.transition('archived')
    @set_employee('archived_by')
    def archive(cls, documents):
        "Administration files the form (R-DOC-1, R-DOC-3..5)"
        for document in documents:
            if not document.location:
                raise ValidationError(gettext(
                        'service_center.msg_document_no_location',
                        document=document.rec_name))
            document.archived_date = company_today(document.company)
        cls.save(documents)

    @classmethod
    @ModelView.button
    @Workflow.transition('lost')
    @set_employee('lost_by')
    def declare_lost(cls, documents):
        "The form is lost: the staff rules fine it (R-PEN-3, R-PEN-4)"
        for document in documents:
            if not document.note:
                raise ValidationError(gettext(
                        'service_center.msg_document_lost_note',
                        document=document.rec_name))
            document.lost_date = company_today(document.company)
        cls.save(documents)


class OverdueContext(ModelView):
    "Overdue Forms Context"
    __name__ = 'service.document.overdue.context'

    company = fields.Many2One('company.company', "Company", required=True)
    date = fields.Date(
        "Date", required=True,
        help="The day on which the forms are counted.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Overdue(ModelSQL, ModelView):
    """Per staff member and form, how many forms were overdue and how many
    lost on a given day (R-DOC-1..5, for R-PEN-3, R-PEN-4, R-PEN-7)"""
    __name__ = 'service.document.overdue'

    company = fields.Many2One('company.company', "Company")
    responsible = fields.Many2One('company.employee', "Responsible")
    kind = fields.Selection(KINDS, "Form")
    overdue = fields.Integer(
        "Overdue", help="Not handed in after their due date on that day.")
    lost = fields.Integer("Lost", help="Reported lost by that day.")
    oldest_due_date = fields.Date(
        "Oldest Due Date", help="The due date of the oldest overdue form.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('overdue', 'DESC'), ('lost', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Document = pool.get('service.document')
        document = Document.__table__()
        context = Transaction().context
        day = context.get('date') or pool.get('ir.date').today()
        company = context.get('company') or -1
        not_lost = (document.lost_date == Null) | (document.lost_date > day)
        is_overdue = ((document.due_date < day)
            & ((document.received_date == Null)
                | (document.received_date > day))
            & not_lost)
        is_lost = (document.lost_date != Null) & (document.lost_date <= day)
        # Group by plain columns: PostgreSQL refuses to group by an
        # expression with bound parameters
        rows = document.select(
            document.id, document.company, document.responsible, document.kind,
            Case((is_overdue, Literal(1)), else_=Null).as_('overdue'),
            Case((is_lost, Literal(1)), else_=Null).as_('lost'),
            Case((is_overdue, document.due_date), else_=Null).as_('due'),
            where=(document.company == company)
            & (is_overdue | is_lost))
        return rows.select(
            Min(rows.id).as_('id'),
            rows.company, rows.responsible, rows.kind,
            Count(rows.overdue).as_('overdue'),
            Count(rows.lost).as_('lost'),
            Min(rows.due).as_('oldest_due_date'),
            group_by=[rows.company, rows.responsible, rows.kind])
