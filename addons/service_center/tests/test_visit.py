# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"On-site visits, feedback forms and return visits (issue 4)"
import datetime as dt
import io
import unittest
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup, create_user)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

SEND = 'trytond.modules.service_center.ticket.send_message_transactional'
# A 1x1 PNG: the drawn signature
SIGNATURE = bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf000000030101005a4d1d8b'
    '0000000049454e44ae426082')


def create_staff(company):
    "The engineer, the service manager and the return-visit specialist"
    pool = Pool()
    User = pool.get('res.user')
    staff = {}
    for login, role, name in [
            ('engineer', 'engineer', "刘洋"),
            ('manager', 'service_manager', "王建国"),
            ('revisit', 'return_visit_specialist', "陈静")]:
        employee = create_employee(company, name)
        user = create_user(login, role, company)
        User.write([user], {
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                'email': f'{login}@example.cn',
                })
        staff[login] = (user, employee)
    return staff


def create_visit(ticket, engineer):
    pool = Pool()
    Visit = pool.get('service.visit')
    start = dt.datetime.now() + dt.timedelta(hours=2)
    visit, = Visit.create([{
                'ticket': ticket.id,
                'customer': ticket.customer.id,
                'contact': ticket.contact.id if ticket.contact else None,
                'purpose': "现场检查服务器",
                'window_start': start,
                'window_end': start + dt.timedelta(hours=2),
                'engineers': [('add', [engineer.id])],
                }])
    return visit


class VisitTestCase(unittest.TestCase):
    "Test visits, feedback forms and return visits"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_visit_needs_approval(self):
        "R-VIS-1, R-VIS-2, R-VIS-3, R-VIS-4: approved before leaving"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Visit = pool.get('service.visit')
        Line = pool.get('service.visit.line')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            manager, _ = staff['manager']
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'installation': installation.id,
                        'subject': "服务器无法启动",
                        'engineer': engineer.id}])
            visit = create_visit(ticket, engineer)
            self.assertTrue(visit.number)
            with as_user(engineer_user):
                Visit.request([visit])
                self.assertEqual(visit.state, 'requested')
                self.assertEqual(visit.requested_by, engineer)
                # Nobody leaves without the manager's signature
                with self.assertRaises(AccessError) as cm:
                    Visit.check_in([visit])
                self.assertIn("not approved", str(cm.exception))
                with self.assertRaises(AccessButtonError):
                    Visit.approve([visit])
            self.assertEqual(Visit(visit.id).state, 'requested')
            with as_user(manager):
                Visit.approve([visit])
            self.assertEqual(visit.approved_by, staff['manager'][1])

            with as_user(engineer_user):
                Visit.check_in([visit])
            visit = Visit(visit.id)
            self.assertEqual(visit.state, 'on_site')
            ticket = Ticket(ticket.id)
            # The arrival counts for the ticket's service level
            self.assertEqual(ticket.arrived_at, visit.checked_in_at)
            arrival, = [m for m in ticket.milestones
                if m.kind == 'arrival']
            self.assertEqual(arrival.status, 'met')

            with as_user(engineer_user):
                with self.assertRaises(ValidationError):
                    Visit.check_out([visit])
                Line.create([{
                            'visit': visit.id, 'department': "财务部",
                            'person': "王芳",
                            'work': "重装数据库服务并恢复备份"},
                        {'visit': visit.id, 'department': "仓储部",
                            'work': "检查条码打印机", 'result': 'partly'}])
                Visit.check_out([visit])
            visit = Visit(visit.id)
            self.assertEqual(visit.state, 'done')
            # The visit is in the service records, its form is expected
            record, = Ticket(ticket.id).records
            self.assertIn("财务部", record.description)
            self.assertIn("仓储部", record.description)
            self.assertEqual(record.employee, engineer)
            form, = visit.feedback_forms
            self.assertEqual(form.state, 'draft')
            self.assertEqual(form.customer, customer)
            self.assertIn("重装数据库服务", form.result)

    @with_transaction()
    def test_feedback_signature(self):
        "R-VIS-4, R-DOC-2: signed on paper or electronically; edits show"
        pool = Pool()
        Feedback = pool.get('service.feedback')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            form, paper = Feedback.create([{
                        'customer': customer.id,
                        'result': "问题已解决",
                        'rating_attitude': '5', 'rating_skill': '4',
                        'rating_result': '5',
                        }, {
                        'customer': customer.id,
                        'signer': contact.id,
                        'result': "已完成培训",
                        'signature_kind': 'paper',
                        }])
            form.signature_kind = 'electronic'
            form.save()
            with self.assertRaises(ValidationError) as cm:
                Feedback.sign([form])
            message = str(cm.exception)
            for missing in ["Responsible Person", "Signature Image",
                    "Signed By"]:
                self.assertIn(missing, message)
            self.assertEqual(Feedback(form.id).state, 'draft')

            form.signer = contact
            form.signer_name = "刘志刚"
            form.signature = SIGNATURE
            form.opinion = "服务及时，态度很好。"
            form.save()
            Feedback.sign([form])
            form = Feedback(form.id)
            self.assertEqual(form.state, 'signed')
            self.assertIsNotNone(form.signed_at)
            self.assertEqual(len(form.content_hash), 64)
            self.assertFalse(form.altered)

            # Changed after signing: shown as altered
            Feedback.write([form], {'opinion': "服务一般。"})
            self.assertTrue(Feedback(form.id).altered)
            Feedback.write([form], {'opinion': "服务及时，态度很好。"})
            self.assertFalse(Feedback(form.id).altered)
            Feedback.write([form], {'rating_skill': '1'})
            self.assertTrue(Feedback(form.id).altered)

            # A paper form needs its scan
            with self.assertRaises(ValidationError) as cm:
                Feedback.sign([paper])
            self.assertIn("scan", str(cm.exception))
            Attachment.create([{
                        'resource': str(paper), 'name': "反馈表.pdf",
                        'data': b'%PDF-1.4'}])
            Feedback.sign([paper])
            self.assertEqual(paper.state, 'signed')
            self.assertFalse(paper.altered)
            with self.assertRaises(AccessError):
                Feedback.delete([paper])

    @with_transaction()
    def test_return_visit_next_day_and_escalation(self):
        "R-CRM-1, R-CRM-2, R-CRM-3: called back the next day; escalated"
        pool = Pool()
        Feedback = pool.get('service.feedback')
        ReturnVisit = pool.get('service.return_visit')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            revisit_user, specialist = staff['revisit']
            manager, _ = staff['manager']
            engineer = staff['engineer'][1]
            customer, contact, installation = create_ticket_setup()
            form, = Feedback.create([{
                        'customer': customer.id, 'signer': contact.id,
                        'result': "问题已解决", 'signature_kind': 'paper',
                        }])
            pool.get('ir.attachment').create([{
                        'resource': str(form), 'name': "scan.pdf",
                        'data': b'%PDF'}])
            Feedback.sign([form])
            with as_user(revisit_user):
                Feedback.receive([form])
            form = Feedback(form.id)
            self.assertEqual(form.received_by, specialist)
            visit, = form.return_visits
            self.assertEqual(
                visit.planned_date, Date.today() + dt.timedelta(days=1))
            self.assertEqual(visit.specialist, specialist)
            self.assertEqual(visit.contact, contact)

            with as_user(revisit_user):
                with self.assertRaises(ValidationError):
                    ReturnVisit.record_call([visit])
                ReturnVisit.write([visit], {
                        'rating_attitude': '5', 'rating_skill': '4',
                        'rating_result': '3',
                        'open_questions': "月末报表仍然偶尔不平",
                        })
                with patch(SEND) as send:
                    ReturnVisit.record_call([visit])
            visit = ReturnVisit(visit.id)
            self.assertEqual(visit.state, 'escalated')
            self.assertEqual(
                visit.assignment_deadline - visit.escalated_at,
                dt.timedelta(hours=2))
            (message,), _ = send.call_args
            self.assertEqual(message['To'], 'manager@example.cn')
            self.assertIn(customer.rec_name, message['Subject'])

            # Only the service manager assigns
            with as_user(revisit_user), \
                    self.assertRaises(AccessButtonError):
                ReturnVisit.assign([visit])
            with as_user(manager):
                with self.assertRaises(ValidationError):
                    ReturnVisit.assign([visit])
                ReturnVisit.write([visit], {'assignee': engineer.id})
                ReturnVisit.assign([visit])
            visit = ReturnVisit(visit.id)
            self.assertEqual(visit.state, 'assigned')
            self.assertEqual(visit.assigned_by, staff['manager'][1])

            # Without open questions the call is done
            other, = ReturnVisit.create([{
                        'customer': customer.id,
                        'planned_date': Date.today(),
                        'rating_attitude': '5', 'rating_skill': '5',
                        'rating_result': '5'}])
            with patch(SEND) as send:
                ReturnVisit.record_call([other])
            self.assertEqual(other.state, 'done')
            send.assert_not_called()

    @with_transaction()
    def test_return_visit_reminder_once(self):
        "R-CRM-3: a return visit nobody was assigned to is reminded once"
        pool = Pool()
        ReturnVisit = pool.get('service.return_visit')
        Date = pool.get('ir.date')
        Cron = pool.get('ir.cron')
        company = create_company()
        with set_company(company):
            create_staff(company)
            customer, contact, installation = create_ticket_setup()
            visit, = ReturnVisit.create([{
                        'customer': customer.id,
                        'planned_date': Date.today(),
                        'rating_attitude': '3', 'rating_skill': '3',
                        'rating_result': '2', 'unsolved_history': True}])
            with patch(SEND):
                ReturnVisit.record_call([visit])
            deadline = ReturnVisit(visit.id).assignment_deadline
            with patch(SEND) as send:
                ReturnVisit.remind_overdue(
                    now=deadline - dt.timedelta(minutes=1))
            send.assert_not_called()
            with patch(SEND) as send:
                ReturnVisit.remind_overdue(now=deadline)
                ReturnVisit.remind_overdue(now=deadline)
            self.assertEqual(send.call_count, 1)
            (message,), _ = send.call_args
            self.assertIn("not assigned", message['Subject'])
            self.assertEqual(ReturnVisit(visit.id).reminded_at, deadline)
            cron, = Cron.search([
                    ('method', '=', 'service.return_visit|remind_overdue')])
            self.assertTrue(cron.active)

    @with_transaction()
    def test_feedback_form_printed(self):
        "R-VIS-4: the signed form prints in Chinese with its fingerprint"
        import zipfile
        pool = Pool()
        Feedback = pool.get('service.feedback')
        Report = pool.get('service.feedback.form', type='report')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            form, = Feedback.create([{
                        'customer': customer.id, 'signer': contact.id,
                        'result': "更换电源\n服务器恢复运行",
                        'opinion': "满意",
                        'rating_attitude': '5', 'rating_skill': '4',
                        'signature_kind': 'electronic',
                        'signer_name': "刘志刚", 'signature': SIGNATURE}])
            Feedback.sign([form])
            ext, content, _, name = Report.execute([form.id], {})
            self.assertIn(ext, {'odt', 'pdf'})
            if ext == 'odt':
                with zipfile.ZipFile(io.BytesIO(content)) as odt:
                    text = odt.read('content.xml').decode('utf-8')
                self.assertIn("服务反馈表", text)
                self.assertIn(customer.rec_name, text)
                self.assertIn("服务器恢复运行", text)
                self.assertIn("刘志刚", text)
                self.assertIn(Feedback(form.id).content_hash, text)
                self.assertIn("★★★★★", text)
                self.assertNotIn("ALTERED", text)
                Feedback.write([form], {'opinion': "不满意"})
                _, content, _, _ = Report.execute([form.id], {})
                with zipfile.ZipFile(io.BytesIO(content)) as odt:
                    text = odt.read('content.xml').decode('utf-8')
                self.assertIn("签字后已被修改", text)
            else:
                self.assertTrue(content.startswith(b'%PDF'))
