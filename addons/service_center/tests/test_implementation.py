# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Software implementation projects (R-IMP-1..6)"
import datetime as dt
import unittest
from decimal import Decimal

from trytond.model.exceptions import (
    AccessError, DomainValidationError, ValidationError)
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_customer, create_software, create_user)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

# A 1x1 PNG: the drawn signature
SIGNATURE = bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf000000030101005a4d1d8b'
    '0000000049454e44ae426082')
SCAN = b'%PDF-1.4 implementation form'


def create_staff(company):
    "The roles of an implementation, each a user with an employee"
    pool = Pool()
    User = pool.get('res.user')
    staff = {}
    for login, role, name in [
            ('engineer', 'engineer', "刘洋"),
            ('manager', 'service_manager', "王建国"),
            ('supervisor', 'after_sales_supervisor', "李明"),
            ('clerk', 'administration', "孙芳"),
            ('finance', 'finance', "周敏"),
            ('gm', 'general_manager', "郑伟")]:
        employee = create_employee(company, name)
        user = create_user(login, role, company)
        User.write([user], {
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                })
        staff[login] = (user, employee)
    return staff


def create_project(engineer, **values):
    """A project for a customer with a site, a responsible contact and the
    ERP to install"""
    pool = Pool()
    Implementation = pool.get('service.implementation')
    Site = pool.get('service.site')
    Contact = pool.get('service.customer.contact')
    customer = values.pop('customer', None) or create_customer()
    software = values.pop('software', None) or create_software()
    site, = Site.create([{
                'customer': customer.id, 'name': "总部",
                'address': customer.addresses[0].id}])
    contact, = Contact.create([{
                'customer': customer.id, 'site': site.id, 'name': "刘志刚",
                'department': "信息部", 'responsible': True}])
    project = Implementation(
        customer=customer, site=site, address=site.address,
        contact=contact, engineer=engineer, sales_contract="XS-2026-018")
    project.lines = [{
            'product': software.id, 'version': "V8.2",
            'serial_number': values.pop('serial_number', 'QQ-ERP-1001'),
            }]
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    return project


PLAN = {
    'installation_date': dt.date(2026, 3, 2),
    'training_date': dt.date(2026, 3, 4),
    'training_end': dt.date(2026, 3, 5),
    'training_content': "采购、销售、库存模块的日常操作",
    'training_goal': "各部门操作员能独立完成日常单据录入",
    }
GOLIVE = {
    'data_import_plan': "导入期初库存、客户和供应商资料",
    'familiarisation_start': dt.date(2026, 3, 6),
    'familiarisation_end': dt.date(2026, 3, 20),
    'golive_date': dt.date(2026, 4, 1),
    }


def sign_form(project):
    "The customer signs and seals the implementation form on paper"
    project.form_signature_kind = 'paper'
    project.form_scan = SCAN
    project.form_scan_filename = "工程实施单.pdf"
    project.form_signer = project.contact
    project.form_sealed = True
    project.save()


def advance(project, state):
    "Take the project through every step up to state, as root"
    pool = Pool()
    Implementation = pool.get('service.implementation')
    Trainee = pool.get('service.implementation.trainee')
    steps = ['draft', 'planned', 'installed', 'trained', 'live', 'done']
    for step in steps[steps.index(project.state) + 1:steps.index(state) + 1]:
        if step == 'planned':
            Implementation.write([project], PLAN)
            Implementation.plan([project])
        elif step == 'installed':
            sign_form(project)
            Implementation.install([project])
        elif step == 'trained':
            Trainee.create([{
                        'implementation': project.id, 'name': "王芳",
                        'department': "财务部", 'signed': True}])
            Implementation.write(
                [project], {'acceptance_signer': project.contact.id})
            Implementation.sign_acceptance([project])
            Implementation.train([project])
        elif step == 'live':
            Implementation.write([project], GOLIVE)
            Implementation.go_live([project])
        elif step == 'done':
            Implementation.receive_implementation_form([project])
            Implementation.receive_acceptance_form([project])
            Implementation.receive_golive_plan([project])
            Implementation.complete([project])
    project = Implementation(project.id)
    assert project.state == state, project.state
    return project


class ImplementationTestCase(unittest.TestCase):
    "Test software implementation projects"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_customer_data(self):
        "R-IMP-1: numbered per company; customer, site, contact, software"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Ticket = pool.get('service.ticket')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = create_project(engineer)
            with as_user(engineer_user):
                own, = Implementation.create([{
                            'customer': project.customer.id,
                            'engineer': engineer.id,
                            'lines': [('create', [{
                                            'product': (
                                                project.lines[0].product.id),
                                            }])],
                            }])
            self.assertNotEqual(own.number, project.number)
            self.assertTrue(project.number.startswith('IM'))
            self.assertEqual(project.state, 'draft')
            line, = project.lines
            self.assertEqual(line.product.rec_name, "启擎ERP管理软件")

            # The site brings its customer and address
            other = Implementation()
            other.site = project.site
            other.on_change_site()
            self.assertEqual(other.customer, project.customer)
            self.assertEqual(other.address, project.site.address)
            # The ticket brings the customer, site and contact
            ticket, = Ticket.create([{
                        'customer': project.customer.id,
                        'site': project.site.id,
                        'contact': project.contact.id,
                        'subject': "安装启擎ERP"}])
            other = Implementation()
            other.ticket = ticket
            other.on_change_ticket()
            self.assertEqual(other.customer, project.customer)
            self.assertEqual(other.site, project.site)
            self.assertEqual(other.contact, project.contact)
            self.assertEqual(other.address, project.site.address)
            # The responsible contact signs the forms by default
            other.on_change_contact()
            self.assertEqual(other.form_signer, project.contact)
            self.assertEqual(other.acceptance_signer, project.contact)

    @with_transaction()
    def test_plan_needs_dates_and_training_plan(self):
        "R-IMP-1, R-IMP-2: dates and training plan agreed before planning"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = create_project(engineer)
            Implementation.write([project], {
                    'installation_date': PLAN['installation_date'],
                    'training_date': PLAN['training_date'],
                    'training_content': PLAN['training_content'],
                    })
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Implementation.plan([project])
            self.assertIn("Intended Result", str(cm.exception))
            self.assertNotIn("Training Content", str(cm.exception))
            self.assertEqual(Implementation(project.id).state, 'draft')

            Implementation.write([project], {'lines': [
                        ('delete', [l.id for l in project.lines])]})
            Implementation.write(
                [project], {'training_goal': PLAN['training_goal']})
            with self.assertRaises(ValidationError) as cm:
                Implementation.plan([project])
            self.assertIn("Software", str(cm.exception))

            project = create_project(
                engineer, customer=project.customer,
                software=create_software("启擎进销存软件"),
                serial_number='QQ-JXC-1')
            Implementation.write([project], PLAN)
            with as_user(engineer_user):
                Implementation.plan([project])
            project = Implementation(project.id)
            self.assertEqual(project.state, 'planned')
            self.assertEqual(project.planned_by, engineer)
            self.assertIsNotNone(project.planned_at)
            # The training end cannot come before its start
            with self.assertRaises(DomainValidationError):
                Implementation.write([project], {
                        'training_end': dt.date(2026, 3, 1)})

    @with_transaction()
    def test_order_enforced(self):
        "R-IMP-2..R-IMP-6: no step is taken before the one it follows"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            clerk, _ = staff['clerk']
            project = create_project(engineer)
            Implementation.write([project], dict(PLAN, **GOLIVE))
            sign_form(project)
            with as_user(engineer_user):
                # The buttons of later steps are refused to users
                for step in ['install', 'train', 'go_live', 'complete']:
                    with self.assertRaises(AccessButtonError):
                        getattr(Implementation, step)([project])
                with self.assertRaises(AccessButtonError):
                    Implementation.sign_acceptance([project])
            # and do nothing when called by the server
            for step in ['install', 'train', 'go_live', 'complete']:
                getattr(Implementation, step)([project])
                self.assertEqual(
                    Implementation(project.id).state, 'draft', step)
            with self.assertRaises(AccessError):
                Implementation.sign_acceptance([project])
            with as_user(engineer_user):
                Implementation.plan([project])
            for step in ['train', 'go_live', 'complete']:
                getattr(Implementation, step)([project])
                self.assertEqual(
                    Implementation(project.id).state, 'planned', step)
            # Nothing to hand in before the form exists
            with as_user(clerk):
                with self.assertRaises(AccessButtonError):
                    Implementation.receive_implementation_form([project])
            with self.assertRaises(AccessError):
                Implementation.receive_implementation_form([project])
            self.assertIsNone(
                Implementation(project.id).implementation_form_received)
            with as_user(engineer_user):
                Implementation.install([project])
                self.assertEqual(project.state, 'installed')
            Implementation.go_live([project])
            self.assertEqual(Implementation(project.id).state, 'installed')
            with as_user(clerk):
                Implementation.receive_implementation_form([project])
            with self.assertRaises(AccessError) as cm:
                Implementation.receive_acceptance_form([project])
            self.assertIn("Acceptance Form Handed In", str(cm.exception))
            project = Implementation(project.id)
            self.assertIsNotNone(project.implementation_form_received)
            self.assertIsNone(project.acceptance_form_received)

    @with_transaction()
    def test_implementation_form_scan_or_signature(self):
        "R-IMP-3: installed only with the form signed (scan or e-sign), sealed"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = advance(create_project(engineer), 'planned')
            with as_user(engineer_user):
                # Neither a scan nor a signature
                with self.assertRaises(ValidationError) as cm:
                    Implementation.install([project])
                self.assertIn("Signature", str(cm.exception))
                Implementation.write([project], {
                        'form_signature_kind': 'paper',
                        'form_signer': project.contact.id,
                        'form_sealed': True})
                with self.assertRaises(ValidationError) as cm:
                    Implementation.install([project])
                self.assertIn("Scan", str(cm.exception))
                Implementation.write([project], {
                        'form_signature_kind': 'electronic'})
                with self.assertRaises(ValidationError) as cm:
                    Implementation.install([project])
                self.assertIn("Signature Image", str(cm.exception))
                self.assertIn("Name Written", str(cm.exception))
                # Signed but not sealed
                Implementation.write([project], {
                        'form_signature': SIGNATURE,
                        'form_signer_name': "刘志刚",
                        'form_sealed': False})
                with self.assertRaises(ValidationError) as cm:
                    Implementation.install([project])
                self.assertIn("seal", str(cm.exception))
                self.assertEqual(
                    Implementation(project.id).state, 'planned')
                Implementation.write([project], {'form_sealed': True})
                Implementation.install([project])
            project = Implementation(project.id)
            self.assertEqual(project.state, 'installed')
            self.assertEqual(project.installed_by, engineer)
            self.assertIsNotNone(project.form_signed_at)
            self.assertEqual(len(project.form_content_hash), 64)
            self.assertFalse(project.form_altered)
            # What was signed cannot change unnoticed
            line, = project.lines
            pool.get('service.implementation.line').write(
                [line], {'serial_number': 'QQ-ERP-9999'})
            self.assertTrue(Implementation(project.id).form_altered)

            # A scanned paper form is enough, without a fingerprint
            paper = advance(create_project(
                    engineer, customer=project.customer,
                    serial_number='QQ-ERP-1002'), 'installed')
            self.assertEqual(paper.form_scan, SCAN)
            self.assertIsNone(paper.form_content_hash)
            self.assertFalse(paper.form_altered)

    @with_transaction()
    def test_acceptance_form_cannot_be_closed_before_every_trainee_signed(
            self):
        "R-IMP-4: an acceptance form cannot be closed before every trainee signed"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Trainee = pool.get('service.implementation.trainee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = advance(create_project(engineer), 'installed')
            with as_user(engineer_user):
                Implementation.write(
                    [project], {'acceptance_signer': project.contact.id})
                # Nobody trained yet
                with self.assertRaises(ValidationError) as cm:
                    Implementation.sign_acceptance([project])
                self.assertIn("no trainee", str(cm.exception))
                wang, li, zhao = Trainee.create([{
                            'implementation': project.id, 'name': name,
                            'department': department}
                        for name, department in [
                            ("王芳", "财务部"), ("李强", "仓储部"),
                            ("赵敏", "采购部")]])
                Trainee.write([wang, li], {'signed': True})
                self.assertIsNotNone(Trainee(wang.id).signed_at)
                # The responsible person signs last
                with self.assertRaises(ValidationError) as cm:
                    Implementation.sign_acceptance([project])
                self.assertIn("赵敏", str(cm.exception))
                self.assertNotIn("王芳", str(cm.exception))
                self.assertIsNone(
                    Implementation(project.id).acceptance_signed_at)
                # Nor can the acceptance be completed
                with self.assertRaises(ValidationError):
                    Implementation.train([project])
                self.assertEqual(
                    Implementation(project.id).state, 'installed')

                Trainee.write([zhao], {'signed': True})
                Implementation.sign_acceptance([project])
                project = Implementation(project.id)
                self.assertIsNotNone(project.acceptance_signed_at)
                self.assertTrue(all(
                        t.signed_at <= project.acceptance_signed_at
                        for t in project.trainees))
                # Then the acceptance form is closed to changes
                with self.assertRaises(AccessError):
                    Trainee.write([li], {'signed': False})
                Implementation.train([project])
            project = Implementation(project.id)
            self.assertEqual(project.state, 'trained')
            self.assertEqual(project.trained_by, engineer)
            with as_user(engineer_user):
                with self.assertRaises(AccessError):
                    Trainee.create([{
                                'implementation': project.id,
                                'name': "迟到者"}])

    @with_transaction()
    def test_acceptance_needs_responsible_person(self):
        "R-IMP-4: the responsible person is named and signs"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Trainee = pool.get('service.implementation.trainee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            _, engineer = staff['engineer']
            project = advance(create_project(engineer), 'installed')
            Trainee.create([{'implementation': project.id, 'name': "王芳",
                        'signed': True}])
            with self.assertRaises(ValidationError) as cm:
                Implementation.sign_acceptance([project])
            self.assertIn("responsible person", str(cm.exception))
            with self.assertRaises(ValidationError):
                Implementation.train([project])
            self.assertEqual(Implementation(project.id).state, 'installed')

    @with_transaction()
    def test_trainees_sign_after_installation(self):
        "R-IMP-4: trainees are listed early but sign once trained"
        pool = Pool()
        Trainee = pool.get('service.implementation.trainee')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = advance(create_project(engineer), 'planned')
            with as_user(engineer_user):
                trainee, = Trainee.create([{
                            'implementation': project.id, 'name': "王芳",
                            'department': "财务部"}])
                with self.assertRaises(AccessError) as cm:
                    Trainee.write([trainee], {'signed': True})
                self.assertIn("after the installation", str(cm.exception))
            self.assertFalse(Trainee(trainee.id).signed)
            advance(project, 'installed')
            with as_user(engineer_user):
                Trainee.write([trainee], {'signed': True})
            self.assertTrue(Trainee(trainee.id).signed)

    @with_transaction()
    def test_golive_plan_in_service_records(self):
        "R-IMP-5: the go-live plan is required, goes into the service records"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Ticket = pool.get('service.ticket')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = advance(create_project(engineer), 'trained')
            ticket, = Ticket.create([{
                        'customer': project.customer.id,
                        'subject': "启擎ERP实施", 'engineer': engineer.id}])
            Implementation.write([project], {
                    'ticket': ticket.id,
                    'data_import_plan': GOLIVE['data_import_plan'],
                    'familiarisation_start': GOLIVE['familiarisation_start'],
                    })
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Implementation.go_live([project])
                self.assertIn("Go-Live Date", str(cm.exception))
                self.assertIn("Familiarisation Until", str(cm.exception))
                self.assertEqual(Implementation(project.id).state, 'trained')
                self.assertEqual(Ticket(ticket.id).records, ())
                Implementation.write([project], GOLIVE)
                Implementation.go_live([project])
            project = Implementation(project.id)
            self.assertEqual(project.state, 'live')
            self.assertEqual(project.golive_by, engineer)
            record, = Ticket(ticket.id).records
            self.assertEqual(project.golive_record, record)
            self.assertEqual(record.employee, engineer)
            self.assertIn("导入期初库存", record.description)
            self.assertIn("2026-04-01", record.description)
            self.assertEqual(project.service_record, record.description)

            # Without a ticket the plan stays in the project's record
            alone = advance(create_project(
                    engineer, customer=project.customer,
                    serial_number='QQ-ERP-1002'), 'live')
            self.assertIsNone(alone.golive_record)
            self.assertIn("2026-03-20", alone.service_record)
            self.assertIn(alone.number, alone.service_record)

    @with_transaction()
    def test_forms_handed_in_to_administration(self):
        "R-IMP-6, R-DOC-3: administration records the forms; done with all"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Document = pool.get('service.document')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            clerk, _ = staff['clerk']
            project = advance(create_project(engineer), 'live')
            # R-DOC-3, R-PEN-3: the three forms are due the day after
            documents = Document.search([('origin', '=', str(project))])
            self.assertEqual(
                sorted(d.kind for d in documents),
                ['acceptance_form', 'golive_plan', 'implementation_form'])
            for document in documents:
                self.assertEqual(document.responsible, engineer)
                self.assertEqual(document.state, 'expected')
                self.assertEqual(document.due_date,
                    document.service_date + dt.timedelta(days=1))
            with as_user(engineer_user):
                with self.assertRaises(AccessButtonError):
                    Implementation.receive_implementation_form([project])
                with self.assertRaises(ValidationError) as cm:
                    Implementation.complete([project])
                self.assertIn("Go-Live Plan Handed In", str(cm.exception))
            with as_user(clerk):
                # Administration records the forms, nothing else
                with self.assertRaises(AccessError):
                    Implementation.write([project], {'notes': "已归档"})
                Implementation.receive_implementation_form([project])
                Implementation.receive_acceptance_form([project])
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Implementation.complete([project])
                message = str(cm.exception)
                self.assertIn("Go-Live Plan Handed In", message)
                self.assertNotIn("Acceptance Form Handed In", message)
            with as_user(clerk):
                Implementation.receive_golive_plan([project])
            project = Implementation(project.id)
            today = Date.today()
            # Handed in on the project or in the archive, it is both
            self.assertEqual(
                {d.kind: (d.state, d.received_date)
                    for d in Document.search([
                            ('origin', '=', str(project))])},
                {k: ('received', today) for k in [
                        'acceptance_form', 'golive_plan',
                        'implementation_form']})
            self.assertEqual(project.implementation_form_received, today)
            self.assertEqual(project.acceptance_form_received, today)
            self.assertEqual(project.golive_plan_received, today)
            with as_user(engineer_user):
                Implementation.complete([project])
            project = Implementation(project.id)
            self.assertEqual(project.state, 'done')
            self.assertEqual(project.completed_by, engineer)

    @with_transaction()
    def test_form_received_in_archive(self):
        "R-DOC-3, R-IMP-6: received in the archive, received for the project"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Document = pool.get('service.document')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            clerk = staff['clerk'][0]
            project = advance(create_project(engineer), 'installed')
            document, = Document.search([('origin', '=', str(project))])
            self.assertEqual(document.kind, 'implementation_form')
            with as_user(clerk):
                Document.receive([document])
            project = Implementation(project.id)
            self.assertEqual(
                project.implementation_form_received, Date.today())
            self.assertIsNone(project.acceptance_form_received)

    @with_transaction()
    def test_done_creates_installations_once(self):
        "R-IMP-6: done creates or updates the installations, never twice"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Installation = pool.get('service.installation')
        Line = pool.get('service.implementation.line')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            project = advance(create_project(engineer), 'live')
            line, = project.lines
            Line.write([line], {'serial_number': None})
            for method in ['receive_implementation_form',
                    'receive_acceptance_form', 'receive_golive_plan']:
                getattr(Implementation, method)([project])
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Implementation.complete([project])
                self.assertIn("serial number", str(cm.exception))
                self.assertEqual(Installation.search([]), [])
                Line.write([line], {
                        'serial_number': 'QQ-ERP-1001',
                        'service_end': dt.date(2029, 3, 1)})
                Implementation.complete([project])
                # Done twice: refused to the user, nothing happens
                with self.assertRaises(AccessButtonError):
                    Implementation.complete([project])
            Implementation.complete([project])
            installation, = Installation.search([])
            self.assertEqual(Line(line.id).installation, installation)
            self.assertEqual(installation.customer, project.customer)
            self.assertEqual(installation.site, project.site)
            self.assertEqual(installation.product, line.product)
            self.assertEqual(installation.version, "V8.2")
            self.assertEqual(installation.serial_number, 'QQ-ERP-1001')
            self.assertEqual(
                installation.installation_date, PLAN['installation_date'])
            self.assertEqual(
                installation.service_start, PLAN['installation_date'])
            self.assertEqual(installation.service_end, dt.date(2029, 3, 1))
            self.assertEqual(installation.contact, project.contact)
            # Tickets find the warranty
            self.assertEqual(
                installation.get_service_status(
                    None, date=dt.date(2027, 1, 1)), 'in_service')
            # Running the update again does not duplicate
            Implementation.update_installations([project])
            self.assertEqual(Installation.search([]), [installation])

            # A later project on the same software updates the installation
            upgrade = create_project(
                engineer, customer=project.customer,
                software=line.product, serial_number='QQ-ERP-1001')
            Line.write(list(upgrade.lines), {'version': "V9.0"})
            upgrade = advance(upgrade, 'planned')
            Implementation.write(
                [upgrade], {'installation_date': dt.date(2026, 9, 1)})
            advance(Implementation(upgrade.id), 'done')
            self.assertEqual(Installation.search([]), [installation])
            installation = Installation(installation.id)
            self.assertEqual(installation.version, "V9.0")
            self.assertEqual(
                installation.installation_date, dt.date(2026, 9, 1))
            # The service period of the contract is kept
            self.assertEqual(
                installation.service_start, PLAN['installation_date'])
            self.assertEqual(
                Line(upgrade.lines[0].id).installation, installation)

    @with_transaction()
    def test_payment_milestones(self):
        "R-IMP-6: payment milestones per contract; finance records collection"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        Payment = pool.get('service.implementation.payment')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            finance, _ = staff['finance']
            gm, _ = staff['gm']
            project = create_project(engineer)
            with as_user(engineer_user):
                Implementation.write([project], {'payments': [('create', [{
                                    'description': "合同签订预付款",
                                    'share': Decimal(30),
                                    'due_condition': "合同签订后7日内",
                                    }, {
                                    'description': "验收合格后付款",
                                    'share': Decimal(60),
                                    'due_condition': "验收合格后30日内",
                                    }])]})
                Payment.create([{
                            'implementation': project.id,
                            'description': "质保金", 'share': Decimal(10),
                            'due_date': dt.date(2027, 4, 1)}])
            with as_user(finance):
                payments = Payment.search(
                    [('collected_date', '=', None)],
                    order=[('id', 'ASC')])
                self.assertEqual(len(payments), 3)
                self.assertEqual(payments[0].customer, project.customer)
                Payment.write(payments[:1], {
                        'collected_date': dt.date(2026, 2, 20)})
                # Finance reads the project but does not change it
                self.assertEqual(
                    Implementation.search([]), [project])
                with self.assertRaises(AccessError):
                    Implementation.write([project], {'notes': "已收款"})
                with self.assertRaises(AccessButtonError):
                    Implementation.plan([project])
            self.assertEqual(
                Payment(payments[0].id).collected_date, dt.date(2026, 2, 20))
            with as_user(gm):
                self.assertEqual(len(Payment.search([])), 3)
                with self.assertRaises(AccessError):
                    Payment.write(payments[1:2], {
                            'collected_date': dt.date(2026, 3, 1)})
            self.assertIsNone(Payment(payments[1].id).collected_date)

            # Errors last: the failed changes are not rolled back here
            with as_user(engineer_user):
                # The shares cannot pass the whole contract
                with self.assertRaises(ValidationError) as cm:
                    Payment.create([{
                                'implementation': project.id,
                                'description': "尾款", 'share': Decimal(20)}])
                self.assertIn("120%", str(cm.exception))
                # A milestone without share nor amount means nothing
                with self.assertRaises(ValidationError) as cm:
                    Payment.write(payments[2:], {'share': None})
                self.assertIn("share or an amount", str(cm.exception))

    @with_transaction()
    def test_cancel_and_delete(self):
        "R-IMP-1..R-IMP-6: the manager or supervisor cancels early projects"
        pool = Pool()
        Implementation = pool.get('service.implementation')
        company = create_company()
        other_company = create_company("其他公司")
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            supervisor, _ = staff['supervisor']
            project = advance(create_project(engineer), 'planned')
            with as_user(engineer_user):
                with self.assertRaises(AccessButtonError):
                    Implementation.cancel([project])
                with self.assertRaises(AccessError):
                    Implementation.delete([project])
            with as_user(supervisor):
                Implementation.cancel([project])
            self.assertEqual(project.state, 'cancelled')
            Implementation.delete([project])

            installed = advance(create_project(
                    engineer, serial_number='QQ-ERP-1002'), 'installed')
            with as_user(supervisor):
                with self.assertRaises(AccessButtonError):
                    Implementation.cancel([installed])
            Implementation.cancel([installed])
            self.assertEqual(
                Implementation(installed.id).state, 'installed')
        # Staff see only the projects of their own company
        with set_company(other_company):
            manager = create_user('other', 'service_manager', other_company)
        with as_user(manager):
            self.assertEqual(Implementation.search([]), [])

