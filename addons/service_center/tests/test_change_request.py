# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Program-modification requests (issue 5)"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.model.exceptions import ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup, create_user, promise_change_request)
from trytond.modules.service_center.tests.test_visit import (
    SEND, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def add_user(company, login, role, name):
    pool = Pool()
    User = pool.get('res.user')
    employee = create_employee(company, name)
    user = create_user(login, role, company)
    User.write([user], {
            'employees': [('add', [employee.id])],
            'employee': employee.id,
            'email': f'{login}@example.cn',
            })
    return user, employee


class ChangeRequestTestCase(unittest.TestCase):
    "Test program-modification requests"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_change_request_from_bug_ticket(self):
        "R-CHG-1..5, R-REM-1, R-DOC-4: a bug from its ticket to the update"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Request = pool.get('service.change_request')
        Document = pool.get('service.document')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            manager_user, manager = staff['manager']
            developer_user, developer = add_user(
                company, 'developer', 'developer', "赵强")
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'installation': installation.id, 'kind': 'bug',
                        'subject': "月末结账报错", 'engineer': engineer.id}])
            Ticket.start([ticket])
            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'description': "远程查看",
                        'steps_to_reproduce': "1. 打开月末结账 2. 点击结账",
                        'error_message': "对象名 voucher_tmp 无效"}])

            # R-REM-1 item 5: the bug keeps its steps and error message
            with as_user(engineer_user):
                Ticket.file_change_request([ticket])
                Ticket.file_change_request([ticket])
            request, = Ticket(ticket.id).change_requests
            self.assertEqual(request.kind, 'bug')
            self.assertEqual(request.customer, customer)
            self.assertEqual(request.engineer, engineer)
            self.assertEqual(
                request.steps_to_reproduce, "1. 打开月末结账 2. 点击结账")
            self.assertEqual(request.error_message, "对象名 voucher_tmp 无效")
            self.assertTrue(request.number.startswith('CR'))

            # R-CHG-1, R-CHG-2: the stamped form and the confirmed
            # requirement
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Request.confirm([request])
            for name in ["Confirmed Requirement", "Customer's Request Form",
                    "Stamped with the Customer's Seal"]:
                self.assertIn(name, str(cm.exception))
            self.assertEqual(Request(request.id).state, 'draft')
            Request.write([request], {
                    'confirmed_requirement': "结账前清理临时凭证表",
                    'customer_form': b'%PDF-1.4 fax',
                    'customer_form_name': "程序修改申请单.pdf",
                    'stamped': True})
            with as_user(engineer_user):
                Request.confirm([request])
            # R-CHG-2, R-DOC-4: the customer's original goes to the archive
            document, = Document.search([
                    ('origin', '=', str(request)),
                    ])
            self.assertEqual(document.kind, 'change_request_form')
            self.assertEqual(document.responsible, engineer)
            self.assertTrue(document.faxed)
            self.assertEqual(
                document.due_date, Date.today() + dt.timedelta(days=1))

            # R-CHG-3: without the manager's review nothing is promised
            Request.write([request], {'told_to': contact.id})
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Request.promise_([request])
            self.assertIn("no review by the service manager",
                str(cm.exception))
            request = Request(request.id)
            self.assertEqual(request.state, 'confirmed')
            self.assertIsNone(request.promised_date)
            # Only the service manager reviews
            estimate = Date.today() + dt.timedelta(days=7)
            Request.write([request], {
                    'review_opinion': "同意修改，由研发部安排",
                    'estimated_date': estimate})
            with as_user(engineer_user):
                with self.assertRaises(AccessButtonError):
                    Request.review([request])
            with as_user(manager_user):
                Request.review([request])
            request = Request(request.id)
            self.assertEqual(request.reviewed_by, manager)

            # R-CHG-4: the estimated date is told to the customer
            with as_user(engineer_user):
                Request.promise_([request])
            request = Request(request.id)
            self.assertEqual(request.state, 'promised')
            self.assertEqual(request.promised_date, estimate)
            self.assertEqual(request.promise, 'on_track')

            # R-CHG-5: the developer finishes, the requester tests
            with as_user(developer_user):
                with self.assertRaises(ValidationError):
                    Request.develop([request])
                Request.write([request], {
                        'development_notes': "结账前删除 voucher_tmp"})
                Request.develop([request])
            request = Request(request.id)
            self.assertEqual(request.developer, developer)
            self.assertEqual(request.promise, 'kept')
            with as_user(developer_user):
                with self.assertRaises(AccessButtonError):
                    Request.pass_test([request])
            Request.write([request], {'test_notes': "二月结账仍报错"})
            with as_user(engineer_user):
                Request.fail_test([request])
            request = Request(request.id)
            self.assertEqual(request.state, 'promised')
            self.assertEqual(request.test_failures, 1)
            self.assertIn("二月结账仍报错", request.development_notes)
            self.assertIsNone(request.developed_at)
            with as_user(developer_user):
                Request.develop([request])
            Request.write([request], {'test_notes': "一月、二月结账通过"})
            with as_user(engineer_user):
                Request.pass_test([request])
                Request.update([request])
            request = Request(request.id)
            self.assertEqual(request.tested_by, engineer)
            self.assertEqual(request.updated_by, engineer)
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Request.close([request])
            self.assertIn("customer's opinion", str(cm.exception))
            Request.write([request], {'customer_opinion': "问题已解决，满意"})
            with as_user(engineer_user):
                Request.close([request])
            self.assertEqual(Request(request.id).state, 'closed')

            # R-REM-1 item 5: the ticket resolves once the date was told
            Ticket.resolve([ticket])
            self.assertEqual(Ticket(ticket.id).state, 'resolved')

    @with_transaction()
    def test_change_request_rejected(self):
        "R-CHG-3: the service manager may reject with an opinion"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Request = pool.get('service.change_request')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            manager_user = staff['manager'][0]
            engineer = staff['engineer'][1]
            customer, contact, installation = create_ticket_setup()
            request, = Request.create([{
                        'customer': customer.id, 'engineer': engineer.id,
                        'requirement': "报表增加一列",
                        'confirmed_requirement': "销售日报增加毛利列",
                        'customer_form': b'%PDF', 'stamped': True}])
            Request.confirm([request])
            with as_user(manager_user):
                with self.assertRaises(ValidationError):
                    Request.reject([request])
                Request.write([request], {
                        'review_opinion': "标准报表不做修改，建议二次开发"})
                Request.reject([request])
            self.assertEqual(Request(request.id).state, 'rejected')
            del Ticket

    @with_transaction()
    def test_change_request_missed_date_escalated_once(self):
        "R-CHG-4: reminded before the date, a missed date escalated once"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Request = pool.get('service.change_request')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'kind': 'program_change', 'subject': "增加审批流程",
                        'engineer': engineer.id}])
            Ticket.start([ticket])
            request = promise_change_request(ticket, contact, days=5)
            promised = request.promised_date
            today = Date.today()

            with patch(SEND) as send:
                Request.watch_promises(today=today)
                send.assert_not_called()
                # The day before: the engineer is reminded, once
                Request.watch_promises(today=promised - dt.timedelta(days=1))
                Request.watch_promises(today=promised - dt.timedelta(days=1))
                self.assertEqual(send.call_count, 1)
                message = send.call_args[0][0]
                self.assertEqual(message['To'], 'engineer@example.cn')
                self.assertIn(request.number, message['Subject'])
                self.assertEqual(Request(request.id).get_promise(
                        'promise', today=promised - dt.timedelta(days=1)),
                    'due')
                # The date passes with no delay told: the managers, once
                send.reset_mock()
                later = promised + dt.timedelta(days=1)
                Request.watch_promises(today=later)
                Request.watch_promises(today=later + dt.timedelta(days=3))
                self.assertEqual(send.call_count, 1)
                message = send.call_args[0][0]
                self.assertEqual(message['To'], 'manager@example.cn')
                self.assertIn("no delay was told", message.get_content())
            request = Request(request.id)
            self.assertIsNotNone(request.escalated_at)
            self.assertEqual(request.get_promise(
                    'promise', today=promised + dt.timedelta(days=1)),
                'missed')

            # A delay told too late is kept as such; the new date is
            # watched again
            Request.write([request], {
                    'delay_date': promised,
                    'delay_reason': "测试环境未就绪"})
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Request.announce_delay([request])
            self.assertIn("must be after the promised date",
                str(cm.exception))
            new_date = today + dt.timedelta(days=20)
            Request.write([request], {'delay_date': new_date})
            with as_user(engineer_user):
                Request.announce_delay([request])
            request = Request(request.id)
            delay, = request.delays
            self.assertEqual(delay.previous_date, promised)
            self.assertEqual(delay.new_date, new_date)
            self.assertEqual(delay.reason, "测试环境未就绪")
            self.assertEqual(delay.announced_by, engineer)
            self.assertTrue(delay.in_time)  # told before the date passed
            self.assertEqual(request.promised_date, new_date)
            self.assertIsNone(request.escalated_at)
            self.assertIsNone(request.delay_date)
            with patch(SEND) as send:
                Request.watch_promises(today=promised + dt.timedelta(days=1))
                send.assert_not_called()
                for days in [-1, 1, 2]:
                    Request.watch_promises(
                        today=new_date + dt.timedelta(days=days))
                # the reminder and the escalation of the new date, once
                self.assertEqual(send.call_count, 2)

    @with_transaction()
    def test_change_request_finished_not_escalated(self):
        "R-CHG-4, R-CHG-5: work done in time is never escalated"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Request = pool.get('service.change_request')
        company = create_company()
        with set_company(company):
            create_staff(company)
            engineer = create_employee(company, "黄磊")
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'kind': 'program_change', 'subject': "打印格式",
                        'engineer': engineer.id}])
            Ticket.start([ticket])
            request = promise_change_request(ticket, contact, days=2)
            Request.write([request], {'development_notes': "已修改"})
            Request.develop([request])
            with patch(SEND) as send:
                Request.watch_promises(
                    today=request.promised_date + dt.timedelta(days=5))
                send.assert_not_called()
            self.assertEqual(Request(request.id).promise, 'kept')
