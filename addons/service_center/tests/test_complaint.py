# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Complaints with a promised deadline (issue 4)"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.model.exceptions import ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup)
from trytond.modules.service_center.tests.test_visit import (
    SEND, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class ComplaintTestCase(unittest.TestCase):
    "Test complaints"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_complaint_promise(self):
        "R-CPL-1, R-CPL-2, R-CPL-3, R-SLA-4, R-CRM-2: a promise kept watch"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Complaint = pool.get('service.complaint')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            revisit_user, specialist = staff['revisit']
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'installation': installation.id,
                        'subject': "报表错误", 'engineer': engineer.id}])

            complaint = Complaint(ticket=ticket)
            complaint.on_change_ticket()
            self.assertEqual(complaint.customer, customer)
            self.assertEqual(complaint.employee, engineer)
            complaint.kind = 'attitude'
            complaint.description = "工程师电话里态度生硬，问题两天未解决"
            complaint.save()
            self.assertTrue(complaint.number)
            self.assertIsNotNone(complaint.registered_at)

            with as_user(revisit_user):
                with self.assertRaises(ValidationError) as cm:
                    Complaint.accept([complaint])
            message = str(cm.exception)
            for name in ["Handling Explained", "Promised By",
                    "Expected Result", "Handled By"]:
                self.assertIn(name, message)
            self.assertEqual(Complaint(complaint.id).state, 'registered')

            Complaint.write([complaint], {
                    'handling_process': "主管当天回电了解情况，次日安排工程师上门",
                    'expected_result': "明天下班前解决报表问题并致歉",
                    'handler': staff['manager'][1].id,
                    'promised_at': dt.datetime.now() - dt.timedelta(
                        minutes=1),
                    })
            with self.assertRaises(ValidationError):
                Complaint.accept([complaint])
            promised = (dt.datetime.now() + dt.timedelta(hours=8)).replace(
                microsecond=0)
            Complaint.write([complaint], {'promised_at': promised})
            with as_user(revisit_user):
                Complaint.accept([complaint])
            complaint = Complaint(complaint.id)
            self.assertEqual(complaint.state, 'accepted')
            self.assertEqual(complaint.accepted_by, specialist)
            self.assertAlmostEqual(
                complaint.at_risk_at, complaint.accepted_at + (
                    promised - complaint.accepted_at) * 0.75,
                delta=dt.timedelta(seconds=1))
            self.assertEqual(complaint.promise, 'on_track')

            def watch(now):
                with patch(SEND) as send:
                    Complaint.watch_promises(now=now)
                return [(m['To'], m['Subject'])
                    for (m,), _ in send.call_args_list]

            self.assertEqual(watch(complaint.at_risk_at
                    - dt.timedelta(minutes=1)), [])
            sent = watch(complaint.at_risk_at)
            self.assertEqual([to for to, _ in sent], ['manager@example.cn'])
            self.assertIn(complaint.number, sent[0][1])
            self.assertEqual(watch(complaint.at_risk_at), [])

            # Past the promise: flagged, the managers are told, once
            after = promised + dt.timedelta(minutes=1)
            self.assertEqual(
                Complaint(complaint.id).get_promise(None, now=after),
                'broken')
            sent = watch(after)
            self.assertEqual(len(sent), 1)
            self.assertIn("broken", sent[0][1])
            self.assertEqual(watch(after), [])
            self.assertEqual(Complaint(complaint.id).escalated_at, after)

            with self.assertRaises(ValidationError):
                Complaint.handle([complaint])
            Complaint.write([complaint], {
                    'result': "已上门解决并当面致歉"})
            Complaint.handle([complaint])
            complaint = Complaint(complaint.id)
            self.assertEqual(complaint.promise, 'kept')
            # The customer is called back about the complaint (R-CRM-2)
            call, = complaint.return_visits
            self.assertEqual(
                call.planned_date, Date.today() + dt.timedelta(days=1))
            self.assertEqual(call.specialist, specialist)

    @with_transaction()
    def test_complaint_finding(self):
        "R-CPL-4: closed by the service manager with the finding"
        pool = Pool()
        Complaint = pool.get('service.complaint')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            manager = staff['manager'][0]
            customer, contact, installation = create_ticket_setup()
            complaint, = Complaint.create([{
                        'customer': customer.id, 'kind': 'attitude',
                        'description': "接电话的人很不耐烦",
                        'handling_process': "调查后回复",
                        'expected_result': "三天内给出调查结论",
                        'handler': staff['manager'][1].id,
                        'promised_at': dt.datetime.now()
                        + dt.timedelta(days=3)}])
            Complaint.accept([complaint])
            Complaint.write([complaint], {'result': "已调查并回复客户"})
            Complaint.handle([complaint])
            with as_user(staff['revisit'][0]), \
                    self.assertRaises(AccessButtonError):
                Complaint.close([complaint])
            with as_user(manager):
                with self.assertRaises(ValidationError):
                    Complaint.close([complaint])
                Complaint.write([complaint], {
                        'confirmed': True, 'about_attitude': True,
                        'finding': "录音证实接线人员语气不耐烦"})
                with self.assertRaises(ValidationError):
                    Complaint.close([complaint])
                Complaint.write([complaint], {
                        'employee': staff['engineer'][1].id})
                Complaint.close([complaint])
            complaint = Complaint(complaint.id)
            self.assertEqual(complaint.state, 'closed')
            self.assertEqual(complaint.closed_by, staff['manager'][1])
            self.assertTrue(complaint.confirmed and complaint.about_attitude)
