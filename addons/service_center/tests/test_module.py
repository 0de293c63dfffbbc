# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
import datetime as dt
import unittest
from contextlib import contextmanager
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.model.exceptions import (
    AccessError, RequiredValidationError, SelectionValidationError,
    ValidationError)
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, create_employee, set_company)
from trytond.model.modelview import AccessButtonError
from trytond.modules.service_center.organisation import ROLES, role_group
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    ModuleTestCase, activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction


def create_customer(name="上海东方机械制造有限公司"):
    pool = Pool()
    Party = pool.get('party.party')
    customer, = Party.create([{
                'name': name,
                'service_customer': True,
                'addresses': [('create', [{'city': "上海"}])],
                }])
    return customer


def create_software(name="启擎ERP管理软件"):
    pool = Pool()
    Template = pool.get('product.template')
    ModelData = pool.get('ir.model.data')
    unit = ModelData.get_id('product', 'uom_unit')
    template, = Template.create([{
                'name': name,
                'type': 'service',
                'default_uom': unit,
                'products': [('create', [{}])],
                }])
    return template.products[0]


def create_user(login, role, company, employee=None):
    pool = Pool()
    User = pool.get('res.user')
    user, = User.create([{
                'login': login,
                'name': login,
                'groups': [('add', [role_group(role).id])],
                'companies': [('add', [company.id])],
                'company': company.id,
                }])
    return user


def create_ticket_setup():
    "A customer with a contact and an installation in its service period"
    pool = Pool()
    Installation = pool.get('service.installation')
    Contact = pool.get('service.customer.contact')
    customer = create_customer()
    software = create_software()
    contact, = Contact.create([{
                'customer': customer.id, 'name': "刘志刚",
                'phone': '021-58881234'}])
    Date = pool.get('ir.date')
    installation, = Installation.create([{
                'customer': customer.id, 'product': software.id,
                'serial_number': 'QQ-ERP-0001',
                'installation_date': dt.date(2026, 1, 1),
                'service_end': max(
                    dt.date(2026, 12, 31),
                    Date.today() + dt.timedelta(days=400)),
                }])
    return customer, contact, installation


def promise_change_request(ticket, contact, days=10):
    """File the ticket's program-modification request and take it, as the
    engineer and the service manager would, to a date told to the
    customer (R-CHG-1..4)"""
    pool = Pool()
    Ticket = pool.get('service.ticket')
    Request = pool.get('service.change_request')
    Date = pool.get('ir.date')
    Ticket.file_change_request([ticket])
    request, = Ticket(ticket.id).change_requests
    request.confirmed_requirement = "按客户确认的需求修改"
    request.customer_form = b'%PDF-1.4'
    request.customer_form_name = "程序修改申请单.pdf"
    request.stamped = True
    request.save()
    Request.confirm([request])
    request.review_opinion = "同意修改，由研发部安排"
    request.estimated_date = Date.today() + dt.timedelta(days=days)
    request.save()
    Request.review([request])
    request.told_to = contact
    request.save()
    Request.promise_([request])
    return request


@contextmanager
def as_user(user):
    "Run as the user does over RPC: access rights and rules apply"
    transaction = Transaction()
    with transaction.set_user(user.id), transaction.set_context(
            _check_access=True, company=user.company.id):
        yield


class ServiceCenterTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Center module"
    module = 'service_center'

    @with_transaction()
    def test_role_groups(self):
        "R-ORG-3: every role has its own group"
        groups = {role_group(role) for role, _ in ROLES if role}
        self.assertEqual(len(groups), len([r for r, _ in ROLES if r]))

    @with_transaction()
    def test_unknown_role(self):
        "R-ORG-3: an unknown role is refused"
        pool = Pool()
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            with self.assertRaises(ValidationError) as cm:
                role_group('boss')
            self.assertIn('boss', cm.exception.message)

            employee = create_employee(company, "王建国")
            with self.assertRaises(SelectionValidationError):
                Employee.write([employee], {'service_role': 'boss'})

    @with_transaction()
    def test_department_chart(self):
        "R-ORG-1: departments form the org chart of the center"
        pool = Pool()
        Department = pool.get('service.department')
        company = create_company()
        with set_company(company):
            center, = Department.create([{
                        'name': "客服中心", 'code': 'CS', 'kind': 'center'}])
            after_sales, = Department.create([{
                        'name': "售后服务部", 'code': 'AS',
                        'kind': 'after_sales', 'parent': center.id}])
            self.assertEqual(after_sales.rec_name, "客服中心 / 售后服务部")
            self.assertEqual(center.children, (after_sales,))

            with self.assertRaises(UserError):
                Department.write([center], {'parent': after_sales.id})
            # Last: on PostgreSQL the database itself refuses the duplicate
            with self.assertRaises(UserError):
                Department.create([{'name': "重复", 'code': 'CS'}])

    @with_transaction()
    def test_employee_grade(self):
        "R-ORG-2: a position needs a grade"
        pool = Pool()
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            employee = create_employee(company, "刘洋")
            with self.assertRaises(RequiredValidationError):
                Employee.write([employee], {'position': 'after_sales'})
            Employee.write([employee], {
                    'position': 'after_sales', 'grade': 'intermediate'})
            self.assertEqual(employee.grade, 'intermediate')

    @with_transaction()
    def test_employee_department_company(self):
        "R-ORG-1: an employee belongs to a department of its own company"
        pool = Pool()
        Department = pool.get('service.department')
        Employee = pool.get('company.employee')
        company = create_company()
        other = create_company("其他公司")
        with set_company(other):
            foreign, = Department.create([{'name': "销售部"}])
        with set_company(company):
            employee = create_employee(company, "何涛")
            with self.assertRaises(UserError):
                Employee.write([employee], {'department': foreign.id})

    @with_transaction()
    def test_installation_number_and_period(self):
        "R-CON-1: the service period starts on the installation date"
        pool = Pool()
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company):
            customer = create_customer()
            software = create_software()
            installation, = Installation.create([{
                        'customer': customer.id,
                        'product': software.id,
                        'version': 'V8.2',
                        'installation_date': dt.date(2026, 3, 15),
                        'serial_number': 'QQ-ERP-0001',
                        'service_end': dt.date(2027, 3, 14),
                        }])
            self.assertTrue(installation.number.startswith('INS'))
            self.assertEqual(installation.service_start, dt.date(2026, 3, 15))
            self.assertEqual(
                installation.get_service_status(None, dt.date(2026, 3, 14)),
                'not_started')
            self.assertEqual(
                installation.get_service_status(None, dt.date(2027, 3, 14)),
                'in_service')
            self.assertEqual(
                installation.get_service_status(None, dt.date(2027, 3, 15)),
                'expired')

            with self.assertRaises(UserError):
                Installation.write([installation], {
                        'service_end': dt.date(2026, 1, 1)})

    @with_transaction()
    def test_installation_service_status_search(self):
        "R-CON-1: installations are found by their service status"
        pool = Pool()
        Date = pool.get('ir.date')
        Installation = pool.get('service.installation')
        company = create_company()
        today = Date.today()
        with set_company(company):
            customer = create_customer()
            software = create_software()
            expired, in_service, future = Installation.create([{
                        'customer': customer.id,
                        'product': software.id,
                        'installation_date': start,
                        'serial_number': serial,
                        'service_end': end,
                        } for serial, start, end in [
                        ('S-1', today - dt.timedelta(days=400),
                            today - dt.timedelta(days=35)),
                        ('S-2', today - dt.timedelta(days=30), None),
                        ('S-3', today + dt.timedelta(days=3),
                            today + dt.timedelta(days=368)),
                        ]])
            for status, expected in [
                    ('expired', [expired]), ('in_service', [in_service]),
                    ('not_started', [future])]:
                self.assertEqual(
                    Installation.search([('service_status', '=', status)]),
                    expected)
                self.assertEqual(
                    [i.service_status for i in expected], [status])
            self.assertEqual(
                set(Installation.search(
                        [('service_status', '!=', 'expired')])),
                {in_service, future})

    @with_transaction()
    def test_installation_duplicate_serial(self):
        "R-CON-7: a second installation with the same serial is refused"
        pool = Pool()
        Installation = pool.get('service.installation')
        company = create_company()
        other_company = create_company("其他公司")
        with set_company(company):
            customer = create_customer()
            software = create_software()
            values = {
                'customer': customer.id,
                'product': software.id,
                'installation_date': dt.date(2026, 3, 15),
                'serial_number': 'QQ-ERP-0001',
                }
            first, = Installation.create([values])
            with self.assertRaises(ValidationError) as cm:
                Installation.create([values])
            self.assertIn('QQ-ERP-0001', cm.exception.message)
            self.assertIn(first.number, cm.exception.message)
            with self.assertRaises(ValidationError):
                Installation.create([
                        dict(values, serial_number='QQ-2'),
                        dict(values, serial_number='QQ-2')])
            self.assertEqual(Installation.search([], count=True), 1)
        with set_company(other_company):
            # Serials are issued per company
            other, = Installation.create([dict(
                        values, company=other_company.id)])
            self.assertEqual(other.serial_number, first.serial_number)

    @with_transaction()
    def test_contact_phone(self):
        "R-SVC-3: phone numbers are validated and stored in E.164"
        pool = Pool()
        Contact = pool.get('service.customer.contact')
        company = create_company()
        with set_company(company):
            customer = create_customer()
            contact, = Contact.create([{
                        'customer': customer.id,
                        'name': "刘志刚",
                        'phone': '021-5888 1234',
                        }])
            self.assertEqual(contact.phone, '+862158881234')
            Contact.write([contact], {'phone': '139 1688 1234'})
            self.assertEqual(contact.phone, '+8613916881234')
            with self.assertRaises(ValidationError) as cm:
                Contact.write([contact], {'phone': '12345'})
            self.assertIn('12345', cm.exception.message)

    @with_transaction()
    def test_site_specialist_on_installation(self):
        "R-CRM-5: an installation takes the specialist of its site"
        pool = Pool()
        Site = pool.get('service.site')
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company):
            customer = create_customer()
            specialist = create_employee(company, "张丽")
            site, = Site.create([{
                        'customer': customer.id, 'name': "总部",
                        'specialist': specialist.id}])
            installation = Installation(site=site)
            installation.on_change_site()
            self.assertEqual(installation.customer, customer)
            self.assertEqual(installation.specialist, specialist)
            self.assertEqual(site.rec_name, f"{customer.name} / 总部")

    @with_transaction()
    def test_role_access(self):
        "R-ORG-3, R-SVC-3: contacts are confidential to the serving roles"
        pool = Pool()
        Contact = pool.get('service.customer.contact')
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company):
            customer = create_customer()
            software = create_software()
            Contact.create([{'customer': customer.id, 'name': "王芳"}])
            Installation.create([{
                        'customer': customer.id, 'product': software.id,
                        'serial_number': 'QQ-1'}])
            engineer = create_user('engineer', 'engineer', company)
            developer = create_user('developer', 'developer', company)
            finance = create_user('finance', 'finance', company)

        with as_user(engineer):
            self.assertEqual(len(Contact.search([])), 1)
            self.assertEqual(len(Installation.search([])), 1)
            with self.assertRaises(AccessError):
                Contact.create([{'customer': customer.id, 'name': "新"}])
        with as_user(developer):
            self.assertEqual(len(Installation.search([])), 1)
            with self.assertRaises(AccessError):
                Contact.search([])
        with as_user(finance):
            with self.assertRaises(AccessError):
                Installation.create([{
                            'customer': customer.id,
                            'product': software.id,
                            'serial_number': 'QQ-2'}])

    @with_transaction()
    def test_company_rule(self):
        "Staff see only the installations of their own company"
        pool = Pool()
        Installation = pool.get('service.installation')
        company = create_company()
        other = create_company("其他公司")
        with set_company(company):
            customer = create_customer()
            software = create_software()
            Installation.create([{
                        'customer': customer.id, 'product': software.id,
                        'serial_number': 'QQ-1'}])
        with set_company(other):
            manager = create_user('manager', 'service_manager', other)
        with as_user(manager):
            self.assertEqual(Installation.search([]), [])

    @with_transaction()
    def test_ticket_workflow(self):
        "R-SVC-1: a ticket goes from registered to closed, stamped"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            supervisor = create_employee(company, "李明")
            engineer = create_employee(company, "刘洋")
            User.write([User(Transaction().user)], {
                    'employees': [('add', [supervisor.id])],
                    'employee': supervisor.id})
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'contact': contact.id,
                        'installation': installation.id,
                        'channel': 'phone',
                        'kind': 'howto',
                        'subject': "打印报表时提示错误",
                        }])
            self.assertEqual(ticket.state, 'registered')
            self.assertTrue(ticket.number.startswith('SR'))
            self.assertTrue(ticket.registered_at)
            self.assertEqual(ticket.registered_by, supervisor)

            # A transition out of order changes nothing
            Ticket.close([ticket])
            self.assertEqual(ticket.state, 'registered')

            with self.assertRaises(ValidationError):
                Ticket.assign([ticket])
            ticket.engineer = engineer
            ticket.save()
            Ticket.assign([ticket])
            self.assertEqual(ticket.state, 'assigned')
            self.assertEqual(ticket.assigned_by, supervisor)
            self.assertTrue(ticket.assigned_at)

            Ticket.start([ticket])
            self.assertEqual(ticket.state, 'in_progress')
            self.assertTrue(ticket.started_at)
            # A second agent taking it is told who has it
            with self.assertRaises(AccessError) as cm:
                Ticket.start([ticket])
            self.assertIn("刘洋", cm.exception.message)
            Ticket.wait([ticket])
            self.assertEqual(ticket.state, 'waiting')
            Ticket.resume([ticket])
            self.assertEqual(ticket.state, 'in_progress')

            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'description': "远程指导客户重新设置打印机"}])
            Ticket.resolve([ticket])
            self.assertEqual(ticket.state, 'resolved')
            self.assertEqual(ticket.resolved_by, supervisor)
            Ticket.reopen([ticket])
            self.assertEqual(ticket.state, 'in_progress')
            self.assertIsNone(ticket.resolved_at)
            Ticket.resolve([ticket])
            Ticket.close([ticket])
            self.assertEqual(ticket.state, 'closed')
            self.assertTrue(ticket.closed_at)

            with self.assertRaises(AccessError):
                Ticket.delete([ticket])

    @with_transaction()
    def test_ticket_intake(self):
        "R-SVC-2, R-SVC-3: channels, contact phone and warranty"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            ticket = Ticket(contact=contact)
            ticket.on_change_contact()
            self.assertEqual(ticket.customer, customer)
            self.assertEqual(ticket.phone, '+862158881234')
            ticket.installation = installation
            ticket.on_change_installation()
            self.assertEqual(ticket.product, installation.product)

            for channel in [
                    'phone', 'im', 'fax', 'mail', 'on_site', 'portal',
                    'email']:
                ticket, = Ticket.create([{
                            'customer': customer.id,
                            'installation': installation.id,
                            'channel': channel,
                            'subject': channel,
                            'phone': '139 1688 1234',
                            }])
                self.assertEqual(ticket.phone, '+8613916881234')
            with self.assertRaises(SelectionValidationError):
                Ticket.create([{
                            'customer': customer.id,
                            'channel': 'pigeon',
                            'subject': "?"}])

            self.assertEqual(ticket.warranty, 'in_warranty')
            Installation.write([installation], {
                    'service_end': dt.date(2026, 2, 1)})
            ticket = Ticket(ticket.id)
            registered = ticket.registered_at.date()
            expected = (
                'in_warranty' if registered <= dt.date(2026, 2, 1)
                else 'out_of_warranty')
            self.assertEqual(ticket.warranty, expected)

    @with_transaction()
    def test_ticket_resolve_needs_records(self):
        "R-REM-1: resolving asks for the mandatory record of each kind"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()

            def ticket_of(kind):
                ticket, = Ticket.create([{
                            'customer': customer.id,
                            'installation': installation.id,
                            'kind': kind, 'subject': kind,
                            'engineer': engineer.id}])
                Ticket.start([ticket])
                return ticket

            def record(ticket, **values):
                return Record.create([dict(
                            ticket=ticket.id, employee=engineer.id,
                            description="处理", **values)])[0]

            def missing(ticket):
                with self.assertRaises(ValidationError) as cm:
                    Ticket.resolve([ticket])
                self.assertEqual(ticket.state, 'in_progress')
                return cm.exception.message

            howto = ticket_of('howto')
            self.assertIn("service record", missing(howto))

            cleanup = ticket_of('data_cleanup')
            record(cleanup, tool="SQL Server Management Studio")
            message = missing(cleanup)
            self.assertIn("SQL Statements", message)
            self.assertIn("written request", message)
            self.assertNotIn("Tool", message)
            cleanup_record, = cleanup.records
            Record.write([cleanup_record], {
                    'sql_statements': "DELETE FROM voucher WHERE id = 7;"})
            self.assertIn("written request", missing(cleanup))
            Attachment.create([{
                        'resource': str(cleanup), 'name': "申请.pdf",
                        'data': b'%PDF'}])
            Ticket.resolve([cleanup])
            self.assertEqual(cleanup.state, 'resolved')

            report = ticket_of('report')
            record(report, report_name="销售日报", question="合计不对")
            message = missing(report)
            self.assertIn("Analysis", message)
            self.assertIn("Solution", message)
            record(report, report_name="销售日报", question="合计不对",
                analysis="作废单据被计入", solution="修正报表条件")
            Ticket.resolve([report])
            self.assertEqual(report.state, 'resolved')

            password = ticket_of('admin_password')
            record(password)
            message = missing(password)
            self.assertIn("Contact Told the Password", message)
            self.assertIn("formal application", message)
            pw_record, = password.records
            Record.write([pw_record], {'contact_told': contact.id})
            Attachment.create([{
                        'resource': str(pw_record), 'name': "申请.jpg",
                        'data': b'JPEG'}])
            Ticket.resolve([password])
            self.assertEqual(password.state, 'resolved')

            bug = ticket_of('bug')
            record(bug, steps_to_reproduce="1. 打开凭证 2. 保存")
            self.assertIn("Error Message", missing(bug))
            record(bug, steps_to_reproduce="1. 打开凭证 2. 保存",
                error_message="对象名 'voucher2' 无效")
            # Item 5: filed as a program-modification request with a
            # promised completion date
            self.assertIn("program-modification request", missing(bug))
            promise_change_request(bug, contact)
            Ticket.resolve([bug])
            self.assertEqual(bug.state, 'resolved')

    @with_transaction()
    def test_ticket_lines_read_with_ticket_rights(self):
        "R-ORG-3, R-SVC-3: a ticket's records need the rights on the ticket"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Milestone = pool.get('service.ticket.milestone')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'subject': "无法登录",
                        'installation': installation.id}])
            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'description': "远程检查"}])
            nobody, = User.create([{
                        'login': 'nobody', 'name': "外部用户",
                        'companies': [('add', [company.id])],
                        'company': company.id}])
            finance_user = create_user('finance', 'finance', company)
        with as_user(nobody):
            for Model in [Record, Milestone]:
                with self.assertRaises(AccessError):
                    Model.search([])
        with as_user(finance_user):
            self.assertEqual(len(Record.search([])), 1)
            with self.assertRaises(AccessError):
                Record.create([{
                            'ticket': ticket.id, 'employee': engineer.id,
                            'description': "x"}])

    @with_transaction()
    def test_ticket_buttons_by_role(self):
        "R-ORG-3: only supervisors and managers cancel or assign tickets"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            engineer_user = create_user('engineer', 'engineer', company)
            supervisor_user = create_user(
                'supervisor', 'after_sales_supervisor', company)
            finance_user = create_user('finance', 'finance', company)
            ticket, = Ticket.create([{
                        'customer': customer.id, 'subject': "无法登录"}])

        with as_user(finance_user):
            self.assertEqual(len(Ticket.search([])), 1)
            with self.assertRaises(AccessError):
                Ticket.create([{'customer': customer.id, 'subject': "x"}])
        with as_user(engineer_user):
            with self.assertRaises(AccessButtonError):
                Ticket.cancel([ticket])
        with as_user(supervisor_user):
            Ticket.cancel([ticket])
        self.assertEqual(Ticket(ticket.id).state, 'cancelled')

    @with_transaction()
    def test_sla_milestones(self):
        "R-SLA-1, R-SLA-2: 2/8/24/48 hours on calendar time in warranty"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        ModelData = pool.get('ir.model.data')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            registered = dt.datetime(2026, 10, 1, 15, 0)  # National Day
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "服务器无法启动",
                        'registered_at': registered,
                        'engineer': engineer.id,
                        }])
            self.assertEqual(ticket.sla_policy.id, ModelData.get_id(
                    'service_center', 'sla_policy_warranty'))
            deadlines = {m.kind: m.deadline for m in ticket.milestones}
            self.assertEqual(deadlines, {
                    'response': registered + dt.timedelta(hours=2),
                    'dispatch': registered + dt.timedelta(hours=8),
                    'resolution': registered + dt.timedelta(hours=48),
                    })
            Ticket.write([ticket], {'visit_needed': True})
            arrival, = [m for m in ticket.milestones if m.kind == 'arrival']
            self.assertEqual(
                arrival.deadline, registered + dt.timedelta(hours=24))

            response, = [m for m in ticket.milestones
                if m.kind == 'response']
            self.assertEqual(
                response.at_risk_at,
                registered + dt.timedelta(minutes=90))
            for minutes, status in [
                    (60, 'on_track'), (90, 'at_risk'), (121, 'breached')]:
                self.assertEqual(response.get_status(
                        None, now=registered + dt.timedelta(
                            minutes=minutes)), status)

            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'date': registered + dt.timedelta(minutes=30),
                        'description': "电话回复客户"}])
            response, = [m for m in ticket.milestones
                if m.kind == 'response']
            self.assertEqual(
                response.reached_at, registered + dt.timedelta(minutes=30))
            self.assertEqual(response.status, 'met')
            dispatch, = [m for m in ticket.milestones
                if m.kind == 'dispatch']
            self.assertIsNone(dispatch.reached_at)
            Ticket.assign([ticket])
            dispatch, = [m for m in ticket.milestones
                if m.kind == 'dispatch']
            # Assigned now, long after the 8 hours of 1 October
            self.assertEqual(dispatch.status, 'missed')

    @with_transaction()
    def test_sla_ticket_answered_during_the_call(self):
        "R-SLA-1, R-REM-1: a ticket registered with its record is answered"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            registered = dt.datetime(2026, 11, 20, 1, 0)
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "如何打印凭证",
                        'registered_at': registered,
                        'records': [('create', [{
                                        'employee': engineer.id,
                                        'date': registered
                                        + dt.timedelta(minutes=5),
                                        'description': "电话中已指导客户操作",
                                        }])],
                        }])
            milestones = {m.kind: m for m in ticket.milestones}
            self.assertEqual(
                set(milestones), {'response', 'dispatch', 'resolution'})
            self.assertEqual(
                milestones['response'].reached_at,
                registered + dt.timedelta(minutes=5))
            self.assertEqual(milestones['response'].status, 'met')
            self.assertEqual(
                milestones['response'].elapsed, dt.timedelta(minutes=5))
            self.assertFalse(milestones['response'].watched)
            self.assertTrue(milestones['dispatch'].watched)

    @with_transaction()
    def test_sla_pause_when_waiting(self):
        "R-SLA-1: waiting for the customer stops the clock"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Pause = pool.get('service.ticket.pause')
        Policy = pool.get('service.sla.policy')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            registered = dt.datetime(2026, 11, 20, 1, 0)
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "等待客户提供数据",
                        'registered_at': registered}])
            Pause.create([{
                        'ticket': ticket.id,
                        'start': registered + dt.timedelta(hours=1),
                        'end': registered + dt.timedelta(hours=4)}])
            Ticket.update_milestones([ticket])
            deadlines = {m.kind: m.deadline for m in ticket.milestones}
            self.assertEqual(
                deadlines['response'], registered + dt.timedelta(hours=5))
            self.assertEqual(
                deadlines['resolution'], registered + dt.timedelta(hours=51))

            Policy.write([ticket.sla_policy], {'pause_when_waiting': False})
            Ticket.update_milestones([ticket])
            deadlines = {m.kind: m.deadline for m in ticket.milestones}
            self.assertEqual(
                deadlines['response'], registered + dt.timedelta(hours=2))

    @with_transaction()
    def test_sla_out_of_warranty_business_hours(self):
        "R-SLA-1: out of warranty, the clock runs in business hours"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Installation = pool.get('service.installation')
        ModelData = pool.get('ir.model.data')
        Policy = pool.get('service.sla.policy')
        company = create_company()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            Installation.write([installation], {
                    'service_end': dt.date(2026, 6, 30)})
            # Friday 27 November 2026, 17:00 in Shanghai
            registered = dt.datetime(2026, 11, 27, 9, 0)
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "过保修期的咨询",
                        'registered_at': registered}])
            self.assertEqual(ticket.warranty, 'out_of_warranty')
            self.assertEqual(ticket.sla_policy.id, ModelData.get_id(
                    'service_center', 'sla_policy_out_of_warranty'))
            response, = [m for m in ticket.milestones
                if m.kind == 'response']
            # 30 minutes on Friday, 3.5 hours on Monday from 8:30 Shanghai
            self.assertEqual(
                response.deadline, dt.datetime(2026, 11, 30, 4, 0))

            # Changing the policy recomputes the deadlines
            warranty = Policy(ModelData.get_id(
                    'service_center', 'sla_policy_warranty'))
            Ticket.write([ticket], {'sla_policy': warranty.id})
            response, = [m for m in ticket.milestones
                if m.kind == 'response']
            self.assertEqual(
                response.deadline, registered + dt.timedelta(hours=2))

    @with_transaction()
    def test_sla_chinese_holidays(self):
        "Business hours know China's holidays and make-up workdays"
        pool = Pool()
        Policy = pool.get('service.sla.policy')
        ModelData = pool.get('ir.model.data')
        policy = Policy(ModelData.get_id(
                'service_center', 'sla_policy_out_of_warranty'))
        Policy.load_china_holidays([policy], years=[2026])
        kinds = {d.date: d.kind for d in policy.days}
        self.assertEqual(kinds[dt.date(2026, 10, 1)], 'holiday')
        self.assertEqual(kinds[dt.date(2026, 10, 10)], 'workday')
        self.assertEqual(kinds[dt.date(2026, 1, 4)], 'workday')
        Policy.load_china_holidays([policy], years=[2026])
        self.assertEqual(len(Policy(policy.id).days), len(kinds))

        clock = policy.get_clock()
        self.assertFalse(clock.is_working_day(dt.date(2026, 10, 1)))
        self.assertTrue(clock.is_working_day(dt.date(2026, 10, 10)))

        with self.assertRaises(ValidationError):
            Policy.write([policy], {'work_end': dt.time(8, 30)})

    @with_transaction()
    def test_sla_escalation(self):
        "R-SLA-1: warn at risk, tell the supervisor at breach, then the manager"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Milestone = pool.get('service.ticket.milestone')
        User = pool.get('res.user')
        Lang = pool.get('ir.lang')
        Cron = pool.get('ir.cron')
        company = create_company()
        other_company = create_company("其他公司")
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            engineer_user = create_user('engineer', 'engineer', company)
            supervisor = create_user(
                'supervisor', 'after_sales_supervisor', company)
            manager = create_user('manager', 'service_manager', company)
            User.write([engineer_user], {
                    'email': 'engineer@example.cn',
                    'employees': [('add', [engineer.id])],
                    'employee': engineer.id})
            User.write([supervisor], {'email': 'supervisor@example.cn'})
            User.write([manager], {'email': 'manager@example.cn'})
            english, = Lang.search([('code', '=', 'en')])
            User.write([engineer_user, supervisor, manager], {
                    'language': english.id})
            now = dt.datetime(2026, 11, 26, 10, 0)
            ticket, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "系统无法登录",
                        'engineer': engineer.id,
                        'registered_at': now - dt.timedelta(hours=10),
                        }])
            waiting, = Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "等待客户",
                        'registered_at': now - dt.timedelta(hours=10),
                        }])
            Ticket.write([waiting], {'state': 'waiting'})
        with set_company(other_company):
            customer2 = create_customer("外地客户")
            Ticket.create([{
                        'customer': customer2.id, 'subject': "外地",
                        'registered_at': now - dt.timedelta(hours=10)}])

        def run(at):
            with patch('trytond.modules.service_center.ticket'
                    '.send_message_transactional') as send, \
                    Transaction().set_context(company=company.id):
                Milestone.escalate(now=at)
            return [(m['To'], m['Subject']) for (m,), _ in
                send.call_args_list]

        sent = run(now)
        # Response (due 2 h) and dispatch (due 8 h) are breached; the
        # response breach is older than the 4 hours before escalation.
        self.assertEqual(sorted(to for to, _ in sent), [
                'manager@example.cn', 'supervisor@example.cn',
                'supervisor@example.cn'])
        self.assertTrue(all(ticket.number in s for _, s in sent))
        self.assertTrue(any('First Response' in s for _, s in sent))
        self.assertEqual(run(now), [])

        later = now + dt.timedelta(hours=30)
        sent = dict(run(later))
        # Resolution (48 h) is at risk from 36 h; the dispatch breach is
        # now old enough for the manager.
        self.assertEqual(
            set(sent), {'engineer@example.cn', 'manager@example.cn'})
        self.assertIn('Resolution', sent['engineer@example.cn'])
        self.assertIn('Dispatch', sent['manager@example.cn'])
        warned, = [m for m in Ticket(ticket.id).milestones
            if m.kind == 'resolution']
        self.assertEqual(warned.warned_at, later)
        self.assertEqual(run(later), [])

        # The scheduled job runs it for every company: the other company's
        # breach, long past by the real clock, is stamped
        with set_company(other_company):
            other_response, = Milestone.search([
                    ('ticket.company', '=', other_company.id),
                    ('kind', '=', 'response')])
        self.assertIsNone(other_response.breach_notified_at)
        cron, = Cron.search([
                ('method', '=', 'service.ticket.milestone|escalate')])
        with patch('trytond.modules.service_center.ticket'
                '.send_message_transactional'):
            Cron.run_once([cron])
        self.assertIsNotNone(
            Milestone(other_response.id).breach_notified_at)

    @with_transaction()
    def test_sla_analysis(self):
        "R-SLA-1: met, missed, median and 90th percentile per month"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Pause = pool.get('service.ticket.pause')
        Analysis = pool.get('service.sla.analysis')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            liu = create_employee(company, "刘洋")
            wang = create_employee(company, "王磊")
            customer, contact, installation = create_ticket_setup()
            start = dt.datetime(2026, 9, 10, 2, 0)

            def ticket(engineer, registered, **values):
                ticket, = Ticket.create([{
                            'customer': customer.id,
                            'installation': installation.id,
                            'subject': "查询报表",
                            'kind': 'howto',
                            'engineer': engineer.id,
                            'registered_at': registered,
                            **values}])
                return ticket

            # Liu answers after 30, 60, 90 and 150 minutes: the last one
            # misses the 2 hours
            for minutes in [90, 30, 150, 60]:
                Ticket.write([ticket(liu, start)], {
                        'started_at': start + dt.timedelta(minutes=minutes)})
            # Waiting for the customer does not count
            paused = ticket(wang, start)
            Pause.create([{
                        'ticket': paused.id,
                        'start': start + dt.timedelta(minutes=10),
                        'end': start + dt.timedelta(minutes=70)}])
            Ticket.write([paused], {
                    'started_at': start + dt.timedelta(minutes=90)})
            response, = [m for m in paused.milestones
                if m.kind == 'response']
            self.assertEqual(response.elapsed, dt.timedelta(minutes=30))
            # 30 September 18:00 UTC is 1 October in Shanghai
            ticket(wang, dt.datetime(2026, 9, 30, 18, 0))
            cancelled = ticket(wang, start)
            Ticket.write([cancelled], {'state': 'cancelled'})

            def rows(**context):
                with Transaction().set_context(company=company.id,
                        from_date=dt.date(2026, 1, 1), **context):
                    return {(r.month, r.engineer.rec_name): r
                        for r in Analysis.search([])}

            result = rows()
            self.assertEqual(set(result), {
                    (dt.date(2026, 9, 1), "刘洋"),
                    (dt.date(2026, 9, 1), "王磊"),
                    (dt.date(2026, 10, 1), "王磊"),
                    })
            liu_row = result[dt.date(2026, 9, 1), "刘洋"]
            self.assertEqual(liu_row.kind, 'howto')
            self.assertEqual(liu_row.tickets, 4)
            self.assertEqual(
                (liu_row.response_met, liu_row.response_missed), (3, 1))
            self.assertEqual(liu_row.response_median, dt.timedelta(hours=1))
            self.assertEqual(
                liu_row.response_p90, dt.timedelta(minutes=150))
            # Never assigned, and the 8 hours are long past
            self.assertEqual(
                (liu_row.dispatch_met, liu_row.dispatch_missed), (0, 4))
            self.assertIsNone(liu_row.dispatch_median)
            self.assertEqual(
                (liu_row.arrival_met, liu_row.arrival_missed), (0, 0))
            wang_row = result[dt.date(2026, 9, 1), "王磊"]
            self.assertEqual(wang_row.tickets, 1)  # not the cancelled one
            self.assertEqual(
                wang_row.response_median, dt.timedelta(minutes=30))

            self.assertEqual(
                set(rows(to_date=dt.date(2026, 9, 30))),
                {(dt.date(2026, 9, 1), "刘洋"), (dt.date(2026, 9, 1), "王磊")})

            engineer_user = create_user('engineer', 'engineer', company)
            manager = create_user('manager', 'service_manager', company)
            with as_user(manager), Transaction().set_context(
                    from_date=dt.date(2026, 1, 1)):
                self.assertEqual(len(Analysis.search([])), 3)
            with as_user(engineer_user), self.assertRaises(AccessError):
                Analysis.search([])

    @with_transaction()
    def test_ticket_customer_notices(self):
        "R-SVC-1: the customer is told the promised times, then the result"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Contact = pool.get('service.customer.contact')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            Contact.write([contact], {'email': 'liu@dongfang.example.cn'})
            registered = dt.datetime(2026, 11, 26, 1, 0)
            with patch('trytond.modules.service_center.ticket'
                    '.send_message_transactional') as send:
                ticket, = Ticket.create([{
                            'customer': customer.id, 'contact': contact.id,
                            'installation': installation.id,
                            'subject': "报表打印错误",
                            'registered_at': registered,
                            'engineer': engineer.id}])
            (message,), _ = send.call_args
            self.assertEqual(message['To'], 'liu@dongfang.example.cn')
            self.assertIn(ticket.number, message['Subject'])
            body = message.get_content()
            self.assertIn("2026-11-26 03:00", body)  # response, 2 h
            self.assertIn("2026-11-28 01:00", body)  # resolution, 48 h

            Ticket.start([ticket])
            Record.create([{
                        'ticket': ticket.id, 'employee': engineer.id,
                        'description': "远程处理"}])
            with patch('trytond.modules.service_center.ticket'
                    '.send_message_transactional') as send:
                Ticket.resolve([ticket])
            (message,), _ = send.call_args
            self.assertIn("resolved", message['Subject'])

            # No address, no message
            Contact.write([contact], {'email': None})
            with patch('trytond.modules.service_center.ticket'
                    '.send_message_transactional') as send:
                Ticket.create([{
                            'customer': customer.id, 'contact': contact.id,
                            'subject': "无邮箱"}])
            send.assert_not_called()


class ServiceCenterChineseTestCase(unittest.TestCase):
    "Test the errors a Chinese user reads"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module(['service_center'], lang='zh_CN')

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    @with_transaction()
    def test_required_field_in_chinese(self):
        "A missing required field is reported in Chinese"
        pool = Pool()
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company), Transaction().set_context(
                language='zh_CN'):
            customer = create_customer()
            with self.assertRaises(RequiredValidationError) as cm:
                Installation.create([{
                            'customer': customer.id,
                            'serial_number': 'QQ-1'}])
            self.assertIn("缺少必填字段", cm.exception.message)
            self.assertIn("软件", cm.exception.message)

    @with_transaction()
    def test_visit_not_approved_in_chinese(self):
        "R-VIS-2: the engineer reads in Chinese why nobody may leave"
        pool = Pool()
        Visit = pool.get('service.visit')
        company = create_company()
        with set_company(company), Transaction().set_context(
                language='zh_CN'):
            engineer = create_employee(company, "刘洋")
            customer = create_customer()
            start = dt.datetime(2026, 12, 1, 1, 0)
            visit, = Visit.create([{
                        'customer': customer.id, 'purpose': "现场培训",
                        'window_start': start,
                        'window_end': start + dt.timedelta(hours=1),
                        'engineers': [('add', [engineer.id])]}])
            Visit.request([visit])
            with self.assertRaises(AccessError) as cm:
                Visit.check_in([visit])
            self.assertIn("未经批准不得前往", cm.exception.message)
            self.assertIn(visit.number, cm.exception.message)

    @with_transaction()
    def test_monthly_report_in_chinese(self):
        "R-CRM-4: the manager's Excel report reads in Chinese"
        import io
        import random

        import openpyxl

        from trytond.modules.service_center.tests.test_crm_report import (
            generate_month)
        pool = Pool()
        Report = pool.get('service.return_visit.monthly.xlsx', type='report')
        company = create_company()
        month = dt.date(2026, 10, 1)
        with set_company(company), Transaction().set_context(
                language='zh_CN', from_date=month,
                to_date=dt.date(2026, 10, 31)):
            generate_month(company, month, random.Random(1))
            _, content, _, name = Report.execute([], {})
        self.assertEqual(name, "月度回访报表")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.title, "回访")
        header = [c.value for c in sheet[1]]
        self.assertEqual(header[:3], ["月份", "回访专员", "回访次数"])
        self.assertEqual(sheet.cell(sheet.max_row, 1).value, "合计")

    @with_transaction()
    def test_duplicate_serial_in_chinese(self):
        "R-CON-7: the duplicate serial error is translated"
        pool = Pool()
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company), Transaction().set_context(
                language='zh_CN'):
            customer = create_customer()
            software = create_software()
            values = {
                'customer': customer.id, 'product': software.id,
                'serial_number': 'QQ-ERP-0001'}
            Installation.create([values])
            with self.assertRaises(ValidationError) as cm:
                Installation.create([values])
            self.assertIn("序列号“QQ-ERP-0001”已被客户", cm.exception.message)

    @with_transaction()
    def test_unknown_role_in_chinese(self):
        "R-ORG-3: an unknown role is reported in Chinese"
        pool = Pool()
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company), Transaction().set_context(
                language='zh_CN'):
            employee = create_employee(company, "王建国")
            with self.assertRaises(SelectionValidationError) as cm:
                Employee.write([employee], {'service_role': 'boss'})
            self.assertIn("不是允许的选项", cm.exception.message)
            self.assertIn("服务角色", cm.exception.message)
    @with_transaction()
    def test_sla_escalation_in_chinese(self):
        "R-SLA-1: a Chinese engineer is warned in Chinese"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Milestone = pool.get('service.ticket.milestone')
        User = pool.get('res.user')
        Lang = pool.get('ir.lang')
        company = create_company()
        with set_company(company):
            engineer = create_employee(company, "刘洋")
            customer, contact, installation = create_ticket_setup()
            user = create_user('engineer', 'engineer', company)
            chinese, = Lang.search([('code', '=', 'zh_CN')])
            User.write([user], {
                    'language': chinese.id,
                    'email': 'liuyang@example.cn',
                    'employees': [('add', [engineer.id])],
                    'employee': engineer.id})
            now = dt.datetime(2026, 11, 26, 10, 0)
            Ticket.create([{
                        'customer': customer.id,
                        'installation': installation.id,
                        'subject': "打印错误",
                        'engineer': engineer.id,
                        'registered_at': now - dt.timedelta(minutes=100),
                        }])
            with patch('trytond.modules.service_center.ticket'
                    '.send_message_transactional') as send:
                Milestone.escalate(now=now)
        (message,), _ = send.call_args
        self.assertEqual(message['To'], 'liuyang@example.cn')
        self.assertIn("即将超时", message['Subject'])
        self.assertIn("首次响应", message['Subject'])
        self.assertIn("您是负责工程师", message.get_content())


del ModuleTestCase
