# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"The archive of forms (issue 5)"
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup, create_user)
from trytond.modules.service_center.tests.test_visit import (
    create_staff, create_visit)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction


class DocumentTestCase(unittest.TestCase):
    "Test the archive of forms"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_visit_forms_expected(self):
        "R-DOC-1, R-DOC-2, R-PEN-3: the visit's forms are due the next day"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Visit = pool.get('service.visit')
        Line = pool.get('service.visit.line')
        Feedback = pool.get('service.feedback')
        Document = pool.get('service.document')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            revisit_user = staff['revisit'][0]
            clerk_user = create_user('clerk', 'administration', company)
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'installation': installation.id,
                        'subject': "服务器无法启动", 'engineer': engineer.id}])
            visit = create_visit(ticket, engineer)
            Visit.request([visit])
            Visit.approve([visit])
            Visit.check_in([visit])
            Line.create([{'visit': visit.id, 'department': "财务部",
                        'work': "重装数据库服务"}])
            Visit.check_out([visit])
            today = Date.today()

            documents = Document.search([], order=[('kind', 'ASC')])
            self.assertEqual(
                sorted(d.kind for d in documents),
                ['feedback_form', 'service_application'])
            feedback, = Feedback.search([('visit', '=', visit.id)])
            by_kind = {d.kind: d for d in documents}
            self.assertEqual(by_kind['service_application'].origin, visit)
            self.assertEqual(by_kind['feedback_form'].origin, feedback)
            for document in documents:
                self.assertEqual(document.responsible, engineer)
                self.assertEqual(document.customer, customer)
                self.assertEqual(document.state, 'expected')
                self.assertEqual(document.service_date, today)
                self.assertEqual(
                    document.due_date, today + dt.timedelta(days=1))
                self.assertFalse(document.faxed)
                self.assertFalse(document.overdue)
            with Transaction().set_context(
                    date=today + dt.timedelta(days=2)):
                self.assertEqual(
                    len(Document.search([('overdue', '=', True)])), 2)
                self.assertEqual(Document(documents[0].id).days_late, 1)

            # R-DOC-2: customer relations receive the signed feedback form
            Feedback.write([feedback], {
                    'signer': contact.id, 'signature_kind': 'electronic',
                    'signature': b'PNG', 'signer_name': "张伟",
                    'opinion': "满意"})
            Feedback.sign([feedback])
            with as_user(revisit_user):
                Feedback.receive([feedback])
            document = Document(by_kind['feedback_form'].id)
            self.assertEqual(document.state, 'received')
            self.assertEqual(document.received_date, today)

            # R-DOC-1: administration files the application, and says where
            application = by_kind['service_application']
            with as_user(revisit_user):
                with self.assertRaises(AccessButtonError):
                    Document.archive([application])
            with as_user(clerk_user):
                Document.receive([application])
                with self.assertRaises(ValidationError) as cm:
                    Document.archive([application])
                self.assertIn("where the form", str(cm.exception))
                Document.write([application], {'location': "A柜-2026-11"})
                Document.archive([application])
            application = Document(application.id)
            self.assertEqual(application.state, 'archived')
            self.assertEqual(application.archived_date, today)
            with as_user(clerk_user):
                with self.assertRaises(AccessError):
                    Document.delete([application])

    @with_transaction()
    def test_customer_requests_archived(self):
        "R-DOC-5, R-PEN-4: the faxed data clean-up request is expected"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Attachment = pool.get('ir.attachment')
        Document = pool.get('service.document')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "黄磊")
            clerk_user = create_user('clerk', 'administration', company)
            clerk = create_employee(company, "孙芳")
            clerk_user.employees = [clerk]
            clerk_user.employee = clerk
            clerk_user.save()
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'kind': 'data_cleanup',
                        'subject': "清除测试数据", 'engineer': engineer.id}])
            Ticket.start([ticket])
            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'description': "清除 2025 年测试数据",
                        'tool': "SSMS",
                        'sql_statements': "DELETE FROM voucher WHERE test=1"}])
            Attachment.create([{
                        'resource': str(ticket), 'name': "清除数据申请.pdf",
                        'data': b'%PDF'}])
            Ticket.resolve([ticket])
            document, = Document.search([('origin', '=', str(ticket))])
            self.assertEqual(document.kind, 'data_cleanup_request')
            self.assertEqual(document.responsible, engineer)
            self.assertTrue(document.faxed)

            # A lost sheet is reported with how it was lost
            with as_user(clerk_user):
                with self.assertRaises(ValidationError):
                    Document.declare_lost([document])
                Document.write([document], {'note': "传真原件找不到"})
                Document.declare_lost([document])
            document = Document(document.id)
            self.assertEqual(document.state, 'lost')
            self.assertIsNotNone(document.lost_date)
            self.assertEqual(document.lost_by, clerk)

    @with_transaction()
    def test_overdue_forms_per_staff_member_on_any_day(self):
        "R-DOC-1..5, R-PEN-3, R-PEN-7: overdue forms per person on a day"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Document = pool.get('service.document')
        Overdue = pool.get('service.document.overdue')
        company = create_company()
        with set_company(company):
            liu = create_employee(company, "刘洋")
            huang = create_employee(company, "黄磊")
            customer, contact, installation = create_ticket_setup()
            tickets = Ticket.create([{
                        'customer': customer.id, 'subject': f"服务 {i}"}
                    for i in range(4)])
            day = dt.date(2026, 11, 2)

            def form(ticket, kind, responsible, service, received=None,
                    lost=None):
                values = Document.expect(
                    ticket, kind, responsible=responsible,
                    service_date=service, customer=customer)
                values.update(received_date=received, lost_date=lost)
                values['state'] = ('lost' if lost
                    else 'received' if received else 'expected')
                return values
            Document.create([
                    # due 11-03, still expected
                    form(tickets[0], 'feedback_form', liu, day),
                    # due 11-03, handed in on 11-05
                    form(tickets[0], 'service_application', liu, day,
                        received=dt.date(2026, 11, 5)),
                    # due 11-04, handed in on time
                    form(tickets[1], 'implementation_form', huang,
                        day + dt.timedelta(days=1),
                        received=dt.date(2026, 11, 4)),
                    # due 11-03, lost on 11-06
                    form(tickets[2], 'data_cleanup_request', huang, day,
                        lost=dt.date(2026, 11, 6)),
                    # due 11-05, still expected
                    form(tickets[3], 'acceptance_form', huang,
                        day + dt.timedelta(days=2)),
                    ])

            def overdue_on(date):
                with Transaction().set_context(
                        date=date, company=company.id):
                    return {(r.responsible.rec_name, r.kind): (
                                r.overdue, r.lost, r.oldest_due_date)
                        for r in Overdue.search([])}

            # On the due day itself nothing is late yet
            self.assertEqual(overdue_on(dt.date(2026, 11, 3)), {})
            self.assertEqual(overdue_on(dt.date(2026, 11, 4)), {
                    ("刘洋", 'feedback_form'): (1, 0, dt.date(2026, 11, 3)),
                    ("刘洋", 'service_application'): (
                        1, 0, dt.date(2026, 11, 3)),
                    ("黄磊", 'data_cleanup_request'): (
                        1, 0, dt.date(2026, 11, 3)),
                    })
            self.assertEqual(overdue_on(dt.date(2026, 11, 7)), {
                    ("刘洋", 'feedback_form'): (1, 0, dt.date(2026, 11, 3)),
                    ("黄磊", 'data_cleanup_request'): (0, 1, None),
                    ("黄磊", 'acceptance_form'): (1, 0, dt.date(2026, 11, 5)),
                    })
            with Transaction().set_context(date=dt.date(2026, 11, 7)):
                late = Document.search([('overdue', '=', True)])
                self.assertEqual(
                    sorted(d.kind for d in late),
                    ['acceptance_form', 'feedback_form'])
                self.assertEqual(
                    {d.kind: d.days_late for d in late},
                    {'acceptance_form': 2, 'feedback_form': 4})
                self.assertEqual(len(Document.search([
                                ('overdue', '=', False)])), 3)

            # Another company's forms are not counted
            with Transaction().set_context(
                    date=dt.date(2026, 11, 7), company=-1):
                self.assertEqual(Overdue.search([]), [])

            # The same form is expected once for a service
            self.assertEqual(Document.file([Document.expect(
                            tickets[0], 'feedback_form', responsible=liu,
                            service_date=day)]), [])
