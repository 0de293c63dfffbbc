# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""End to end: the real server from config/, on a fresh database made by
the same script as `make run`, used over JSON-RPC and in Chromium.

Runs on SQLite, or on PostgreSQL when TRYTOND_DATABASE_URI names a server.
"""
import os
import shutil
import threading
import unittest

from server import DEMO_PASSWORD, ROLE_LOGINS, RPCError, SuiteServer

SERVER = None


def setUpModule():
    global SERVER
    SERVER = SuiteServer()
    SERVER.start()


def tearDownModule():
    if SERVER:
        SERVER.stop()


class JSONRPCTestCase(unittest.TestCase):
    "R-ORG-3: each role logs in and sees what its role allows"

    def test_login_every_role(self):
        "R-ORG-3: a demo user of each role logs in, in Chinese"
        for login in ROLE_LOGINS:
            with self.subTest(login=login):
                session = SERVER.login(login)
                self.assertEqual(session.context['language'], 'zh_CN')
                self.assertTrue(session.context['company'])
                installations = session.call(
                    'model.service.installation.search_read',
                    [], 0, 5, None, ['number', 'serial_number'])
                self.assertEqual(len(installations), 5)
                self.assertTrue(
                    installations[0]['number'].startswith('INS'))
                menus = session.call(
                    'model.ir.ui.menu.search_read',
                    [('parent', '=', None)], 0, None, None, ['name'])
                self.assertIn("售后服务中心", [m['name'] for m in menus])
                self.assertGreaterEqual(session.call(
                        'model.service.ticket.search_count', []), 8)

    def test_wrong_password(self):
        "A wrong password does not open a session"
        with self.assertRaises(SERVER.LoginError):
            SERVER.login('gm', password='wrong-password')

    def test_confidential_contacts(self):
        "R-SVC-3: developer and HR cannot read customer contacts"
        for login in ['developer', 'hr']:
            with self.subTest(login=login):
                session = SERVER.login(login)
                error = session.call_error(
                    'model.service.customer.contact.search_read',
                    [], 0, 1, None, ['name', 'phone'])
                self.assertIn("客户联系人", error)
                self.assertIn("权限", error)
        for login in ['specialist', 'engineer', 'revisit', 'finance']:
            with self.subTest(login=login):
                session = SERVER.login(login)
                contacts = session.call(
                    'model.service.customer.contact.search_read',
                    [], 0, 1, None, ['name', 'phone'])
                self.assertTrue(contacts[0]['phone'].startswith('+86'))

    def test_engineer_cannot_configure(self):
        "R-ORG-3: only the service manager changes the configuration"
        engineer = SERVER.login('engineer')
        error = engineer.call_error(
            'model.service.configuration.write', [1], {})
        self.assertIn("权限", error)

    def test_duplicate_serial_changes_nothing(self):
        "R-CON-7: a duplicate serial is refused in Chinese, nothing changes"
        engineer = SERVER.login('engineer')
        existing, = engineer.call(
            'model.service.installation.search_read',
            [], 0, 1, None, ['serial_number', 'customer', 'product'])
        count = engineer.call(
            'model.service.installation.search_count', [])
        error = engineer.call_error(
            'model.service.installation.create', [{
                    'customer': existing['customer'],
                    'product': existing['product'],
                    'serial_number': existing['serial_number'],
                    }])
        self.assertIn(f"序列号“{existing['serial_number']}”已被", error)
        self.assertEqual(
            engineer.call('model.service.installation.search_count', []),
            count)

    def test_missing_required_field_changes_nothing(self):
        "A missing required field is refused in Chinese, nothing changes"
        engineer = SERVER.login('engineer')
        existing, = engineer.call(
            'model.service.installation.search_read',
            [], 0, 1, None, ['customer'])
        count = engineer.call(
            'model.service.installation.search_count', [])
        error = engineer.call_error(
            'model.service.installation.create', [{
                    'customer': existing['customer'],
                    'serial_number': 'QQ-NEW-0001',
                    }])
        self.assertIn("缺少必填字段“软件”", error)
        self.assertEqual(
            engineer.call('model.service.installation.search_count', []),
            count)

    def test_unknown_role_changes_nothing(self):
        "R-ORG-3: HR giving an unknown role is refused, nothing changes"
        hr = SERVER.login('hr')
        employee, = hr.call(
            'model.company.employee.search_read',
            [('service_role', '=', 'engineer')], 0, 1, None,
            ['service_role'])
        error = hr.call_error(
            'model.company.employee.write', [employee['id']],
            {'service_role': 'boss'})
        self.assertIn("不是允许的选项", error)
        again, = hr.call(
            'model.company.employee.read', [employee['id']],
            ['service_role'])
        self.assertEqual(again['service_role'], 'engineer')

    def test_ticket_buttons_by_role(self):
        "R-ORG-3: an engineer cannot cancel a ticket, the supervisor can"
        engineer = SERVER.login('engineer')
        ticket, = engineer.call(
            'model.service.ticket.search_read',
            [('state', '=', 'registered')], 0, 1, None, ['number'])
        error = engineer.call_error(
            'model.service.ticket.cancel', [ticket['id']])
        self.assertIn("不允许", error)
        self.assertIn("服务单", error)
        supervisor = SERVER.login('supervisor')
        supervisor.call('model.service.ticket.cancel', [ticket['id']])
        again, = supervisor.call(
            'model.service.ticket.read', [ticket['id']], ['state'])
        self.assertEqual(again['state'], 'cancelled')

    def test_resolve_without_record_changes_nothing(self):
        "R-REM-1: resolving without the service record is refused in Chinese"
        engineer = SERVER.login('engineer')
        ticket, = engineer.call(
            'model.service.ticket.search_read',
            [('state', '=', 'in_progress'), ('kind', '=', 'report')],
            0, 1, None, ['number'])
        error = engineer.call_error(
            'model.service.ticket.resolve', [ticket['id']])
        self.assertIn("不能解决", error)
        self.assertIn("问题分析", error)
        again, = engineer.call(
            'model.service.ticket.read', [ticket['id']],
            ['state', 'resolved_at'])
        self.assertEqual(again['state'], 'in_progress')
        self.assertIsNone(again['resolved_at'])

    def test_sla_milestones_in_demo(self):
        "R-SLA-1: the demo shows milestones on track, at risk and breached"
        engineer = SERVER.login('engineer')
        milestones = engineer.call(
            'model.service.ticket.milestone.search_read',
            [('ticket.state', 'in',
                    ['registered', 'assigned', 'in_progress'])],
            0, None, None, ['kind', 'status', 'deadline'])
        statuses = {m['status'] for m in milestones}
        self.assertLessEqual({'at_risk', 'breached', 'met'}, statuses)

    def test_sla_analysis_for_managers(self):
        "R-SLA-1: the manager's analysis counts the demo's tickets"
        from_date = {'from_date': {'__class__': 'date', 'year': 2000,
                'month': 1, 'day': 1}}
        manager = SERVER.login('manager')
        manager.context.update(from_date)
        rows = manager.call(
            'model.service.sla.analysis.search_read', [], 0, None, None,
            ['month', 'engineer', 'tickets', 'response_met',
                'response_missed', 'resolution_median'])
        tickets = manager.call(
            'model.service.ticket.search_count',
            [('state', '!=', 'cancelled')])
        self.assertEqual(sum(r['tickets'] for r in rows), tickets)
        self.assertTrue(any(r['response_met'] or r['response_missed']
                for r in rows))
        engineer = SERVER.login('engineer')
        engineer.context.update(from_date)
        error = engineer.call_error(
            'model.service.sla.analysis.search_read', [], 0, None, None,
            ['tickets'])
        self.assertIn("服务时限分析", error)

    def test_visit_needs_approval(self):
        "R-VIS-2: the engineer cannot leave before the manager approved"
        engineer = SERVER.login('engineer')
        visit, = engineer.call(
            'model.service.visit.search_read',
            [('state', '=', 'requested')], 0, None, None, ['number'])
        error = engineer.call_error(
            'model.service.visit.check_in', [visit['id']])
        self.assertIn("未经批准不得前往", error)
        self.assertIn(visit['number'], error)
        visit, = engineer.call(
            'model.service.visit.read', [visit['id']],
            ['state', 'checked_in_at'])
        self.assertEqual(visit['state'], 'requested')
        self.assertIsNone(visit['checked_in_at'])

    def test_return_visits_in_demo(self):
        "R-CRM-1, R-CRM-3: the manager's queue holds a question to assign"
        manager = SERVER.login('manager')
        states = {v['state'] for v in manager.call(
                'model.service.return_visit.search_read', [], 0, None,
                None, ['state'])}
        self.assertLessEqual({'planned', 'escalated', 'assigned'}, states)
        forms = manager.call(
            'model.service.feedback.search_read', [], 0, None, None,
            ['altered', 'signature_kind', 'state'])
        self.assertTrue(any(f['signature_kind'] == 'electronic'
                and f['state'] == 'received' and not f['altered']
                for f in forms))

    def test_broken_promise_in_demo(self):
        "R-CPL-3, R-SLA-4: the manager sees the complaint past its promise"
        manager = SERVER.login('manager')
        complaints = manager.call(
            'model.service.complaint.search_read',
            [('state', '=', 'accepted')], 0, None, None,
            ['number', 'promise'])
        self.assertIn('broken', {c['promise'] for c in complaints})
        engineer = SERVER.login('engineer')
        error = engineer.call_error(
            'model.service.complaint.search_read', [], 0, None, None,
            ['number'])
        self.assertIn("投诉", error)

    def test_change_request_needs_review(self):
        "R-CHG-3: no date is promised before the manager's review"
        engineer = SERVER.login('engineer')
        request, = engineer.call(
            'model.service.change_request.search_read',
            [('state', '=', 'confirmed')], 0, None, None,
            ['number', 'customer'])
        error = engineer.call_error(
            'model.service.change_request.review', [request['id']])
        self.assertIn("程序修改申请", error)
        self.assertIn("review", error)
        error = engineer.call_error(
            'model.service.change_request.promise_', [request['id']])
        self.assertIn("尚未经服务经理审核", error)
        self.assertIn(request['number'], error)
        request, = engineer.call(
            'model.service.change_request.read', [request['id']],
            ['state', 'promised_date'])
        self.assertEqual(request['state'], 'confirmed')
        self.assertIsNone(request['promised_date'])

    def test_overdue_forms_in_demo(self):
        "R-DOC-1..5: administration lists the overdue forms per person"
        clerk = SERVER.login('clerk')
        rows = clerk.call(
            'model.service.document.overdue.search_read', [], 0, None,
            None, ['responsible.rec_name', 'kind', 'overdue', 'lost'])
        by_person = {}
        for row in rows:
            name = row['responsible.']['rec_name']
            by_person.setdefault(name, [0, 0])
            by_person[name][0] += row['overdue']
            by_person[name][1] += row['lost']
        self.assertGreater(by_person["刘洋"][0], 0)
        self.assertGreater(sum(lost for _, lost in by_person.values()), 0)
        engineer = SERVER.login('engineer')
        error = engineer.call_error(
            'model.service.document.archive',
            [clerk.call('model.service.document.search',
                    [('state', '=', 'received')], 0, 1, None)[0]])
        self.assertIn("服务表单", error)
        self.assertIn("archive", error)

    def test_contracts_in_demo(self):
        "R-CON-5, R-CON-7: a late payment shows; a demo serial verifies"
        from trytond.modules.service_contract import serial_key
        finance = SERVER.login('finance')
        contracts = finance.call(
            'model.service.contract.search_read', [], 0, None, None,
            ['state', 'payment_late', 'number'])
        late, = [c for c in contracts if c['payment_late']
            and c['state'] == 'signed']
        serials = finance.call(
            'model.service.contract.serial.search_read',
            [('state', '=', 'valid')], 0, None, None, ['serial'])
        keys = serial_key.load_public_keys(os.path.join(SERVER.tmp, 'keys'))
        for serial in serials:
            self.assertTrue(serial_key.verify(serial['serial'], keys).valid)
        revoked = finance.call(
            'model.service.contract.serial.search_read',
            [('state', '=', 'revoked')], 0, None, None, ['revoked_reason'])
        self.assertEqual([r['revoked_reason'] for r in revoked], ["合同已取消。"])
        error = finance.call_error(
            'model.service.contract.sign', [late['id']])
        self.assertIn("售后服务合同", error)

    def test_expenses_in_demo(self):
        """R-EXP-4..8: the engineer sees only his own expenses; a new
        advance while one is open is refused and changes nothing"""
        engineer = SERVER.login('engineer')
        mine = engineer.call(
            'model.expense.reimbursement.search_read', [], 0, None, None,
            ['employee.rec_name', 'state', 'days', 'late'])
        self.assertTrue(mine)
        self.assertEqual({r['employee.']['rec_name'] for r in mine}, {"刘洋"})
        finance = SERVER.login('finance')
        everyone = finance.call(
            'model.expense.reimbursement.search_read', [], 0, None, None,
            ['employee.rec_name', 'state', 'late'])
        self.assertIn("黄磊", {r['employee.']['rec_name'] for r in everyone})
        self.assertTrue(any(r['late'] for r in everyone))
        self.assertEqual(
            {r['state'] for r in everyone},
            {'draft', 'checked', 'verified', 'settled'})
        advance, = engineer.call(
            'model.expense.advance.create',
            [{'amount': '600', 'reason': "再次借支"}])
        error = engineer.call_error(
            'model.expense.advance.submit', [advance])
        self.assertIn("前款未清不予办理新的借支", error)
        state, = engineer.call(
            'model.expense.advance.read', [advance], ['state'])
        self.assertEqual(state['state'], 'draft')
        error = engineer.call_error(
            'model.expense.reimbursement.approve',
            [r['id'] for r in mine if r['state'] == 'verified'])
        self.assertIn("approve", error)
        rows = finance.call(
            'model.expense.summary.search_read', [], 0, None, None,
            ['employee.rec_name', 'travel', 'phone'])
        def amount(value):
            "A Decimal as JSON-RPC sends it"
            return float(value['decimal'] if isinstance(value, dict)
                else value or 0)
        self.assertTrue(any(amount(r['travel']) > 0 for r in rows))
        self.assertTrue(any(amount(r['phone']) > 0 for r in rows))

    def test_two_agents_take_the_same_ticket(self):
        "R-SVC-1: two agents take one ticket at once: one wins, one is told"
        engineer = SERVER.login('engineer')
        supervisor = SERVER.login('supervisor')
        installation, = supervisor.call(
            'model.service.installation.search_read',
            [], 0, 1, None, ['customer'])
        ticket_id, = supervisor.call('model.service.ticket.create', [{
                    'customer': installation['customer'],
                    'installation': installation['id'],
                    'subject': "两位同事同时接单",
                    }])
        ticket = {'id': ticket_id}
        barrier = threading.Barrier(2)
        results = {}

        def take(name, session):
            barrier.wait()
            try:
                session.call('model.service.ticket.start', [ticket['id']])
                results[name] = 'won'
            except RPCError as error:
                results[name] = str(error)

        threads = [threading.Thread(target=take, args=args) for args in [
                ('engineer', engineer), ('supervisor', supervisor)]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(
            sorted(r == 'won' for r in results.values()), [False, True],
            results)
        loser, = [r for r in results.values() if r != 'won']
        # Who lost the race reads, in Chinese, either that the ticket was
        # taken (it waited for the lock) or, after the retry of its
        # transaction, that the ticket is no longer in a state to start.
        self.assertTrue("已被" in loser or "状态已经改变" in loser, loser)
        winner, = [n for n, r in results.items() if r == 'won']
        again, = supervisor.call(
            'model.service.ticket.read', [ticket['id']],
            ['state', 'engineer.rec_name', 'started_at'])
        self.assertEqual(again['state'], 'in_progress')
        self.assertEqual(again['engineer.']['rec_name'],
            {'engineer': "刘洋", 'supervisor': "李明"}[winner])

    def test_web_client_index(self):
        "The web client is served at the root"
        status, body = SERVER.get('/')
        self.assertEqual(status, 200)
        self.assertIn('sao', body)
        self.assertIn('<html', body)

    def test_fines_and_pay_in_demo(self):
        """R-PEN-1..10, R-HR-12, R-ORG-3: the demo's fines from service
        events, a closed pay month; the engineer reads his own fines and pay
        slip only, and a fine for the closed month changes nothing"""
        engineer = SERVER.login('engineer')
        hr = SERVER.login('hr')
        fines = hr.call(
            'model.staff.fine.search_read', [], 0, None, None,
            ['employee.rec_name', 'penalty.code', 'state', 'origin'])
        detected = {f['penalty.']['code'] for f in fines if f['origin']}
        self.assertGreaterEqual(detected, {'R-PEN-1', 'R-PEN-3', 'R-PEN-4'})
        self.assertGreaterEqual(
            {f['state'] for f in fines}, {'proposed', 'confirmed'})
        mine = engineer.call(
            'model.staff.fine.search_read', [], 0, None, None,
            ['employee.rec_name'])
        self.assertTrue(mine)
        self.assertEqual({f['employee.']['rec_name'] for f in mine}, {"刘洋"})
        error = engineer.call_error(
            'model.staff.fine.confirm', [f['id'] for f in mine])
        self.assertIn("confirm", error.lower())

        months = hr.call(
            'model.staff.pay.month.search_read',
            [('state', '=', 'closed')], 0, None, None, ['month'])
        self.assertEqual(len(months), 1)
        lines = hr.call(
            'model.staff.pay.line.search_read',
            [('pay_month', '=', months[0]['id'])], 0, None, None,
            ['employee.rec_name', 'fines', 'net'])
        others = [l['id'] for l in lines
            if l['employee.']['rec_name'] != "刘洋"]
        self.assertTrue(others)
        own = engineer.call(
            'model.staff.pay.line.search_read', [], 0, None, None,
            ['employee.rec_name'])
        self.assertEqual({l['employee.']['rec_name'] for l in own}, {"刘洋"})
        error = engineer.call_error(
            'model.staff.pay.line.read', [others[0]], ['net'])
        self.assertTrue(error)
        salaries = engineer.call(
            'model.staff.salary.search_read', [], 0, None, None,
            ['employee.rec_name'])
        self.assertEqual(
            {s['employee.']['rec_name'] for s in salaries}, {"刘洋"})

        supervisor = SERVER.login('supervisor')
        penalty, = supervisor.call(
            'model.staff.penalty.search', [
                ('code', '=', 'R-HR-5'), ('open_amount', '=', False)])
        employee, = supervisor.call(
            'model.company.employee.search', [('party.name', '=', "黄磊")])
        count = hr.call('model.staff.fine.search_count', [])
        error = supervisor.call_error(
            'model.staff.fine.create', [{
                    'employee': employee, 'penalty': penalty,
                    'date': months[0]['month'],
                    'description': "最后离开未关电脑"}])
        self.assertIn("R-PEN-8", error)
        self.assertEqual(hr.call('model.staff.fine.search_count', []), count)
        funds = hr.call(
            'model.staff.fund.search_read', [], 0, None, None, ['balance'])
        self.assertEqual(len(funds), 1)


@unittest.skipUnless(
    shutil.which('chromium') or os.environ.get('CI'),
    "Debian's chromium is not installed")
class BrowserTestCase(unittest.TestCase):
    "The web client in Debian's Chromium"

    def test_login_chinese_ui(self):
        "A Chinese engineer logs in and opens the installations"
        from browser import login_and_screenshot
        path = os.path.join(SERVER.tmp, 'engineer.png')
        text = login_and_screenshot(
            SERVER.url, SERVER.database, 'engineer', DEMO_PASSWORD, path,
            menu=["售后服务中心", "客户", "安装记录"])
        self.assertIn("售后服务中心 / 客户 / 安装记录", text)
        self.assertIn("服务期内", text)
        self.assertIn("INS000", text)
        self.assertIn("刘洋", text)
        self.assertGreater(os.path.getsize(path), 10_000)

    def test_developer_has_no_contacts_menu(self):
        "R-SVC-3: the developer's menu offers no customer contacts"
        from browser import login_and_screenshot
        text = login_and_screenshot(
            SERVER.url, SERVER.database, 'developer', DEMO_PASSWORD,
            os.path.join(SERVER.tmp, 'developer.png'),
            menu=["售后服务中心", "客户"])
        self.assertIn("安装记录", text)
        self.assertNotIn("客户联系人", text)

    def test_manager_opens_sla_analysis(self):
        "R-SLA-1: the manager reads the service level analysis in Chinese"
        from browser import login_and_screenshot
        path = os.path.join(SERVER.tmp, 'analysis.png')
        text = login_and_screenshot(
            SERVER.url, SERVER.database, 'manager', DEMO_PASSWORD, path,
            menu=["售后服务中心", "服务时限分析"])
        self.assertIn("服务时限分析", text)
        self.assertIn("首次响应达标", text)
        self.assertIn("刘洋", text)

    def test_manager_opens_change_requests(self):
        "R-CHG-3: the service manager's queue of requests to review"
        from browser import login_and_screenshot
        text = login_and_screenshot(
            SERVER.url, SERVER.database, 'manager', DEMO_PASSWORD,
            os.path.join(SERVER.tmp, 'change_requests.png'),
            menu=["售后服务中心", "程序修改申请"])
        self.assertIn("待审核 1", text)
        self.assertIn("开发中", text)
        self.assertIn("承诺完工日期", text)
        # The first tab holds the drafts
        self.assertIn("北京华信商贸有限公司", text)

    def test_engineer_reads_own_pay_slips(self):
        "R-PEN-8, R-ORG-3: the engineer's pay slips are his own, in Chinese"
        from browser import login_and_screenshot
        text = login_and_screenshot(
            SERVER.url, SERVER.database, 'engineer', DEMO_PASSWORD,
            os.path.join(SERVER.tmp, 'pay_slips.png'),
            menu=["售后服务中心", "员工管理", "工资条"])
        self.assertIn("实发", text)
        self.assertIn("罚款扣除", text)
        self.assertIn("刘洋", text)
        self.assertNotIn("黄磊", text)
