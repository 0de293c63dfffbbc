# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Fines from service events and by hand, confirmed by the service manager,
objected to in writing, into the department fund (R-PEN-1..10, R-HR-5,
R-HR-9, R-HR-10)"""
import datetime as dt
import unittest
from decimal import Decimal
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_employee, set_company
from trytond.modules.company.tests import create_company
from trytond.modules.service_center.organisation import role_group
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup)
from trytond.modules.service_center.tests.test_visit import SEND
from trytond.modules.service_hr_rules.tests.test_attendance import (
    create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def create_fine_setup(company):
    """The staff of create_staff with the service manager, the department
    fund, and a customer with an installation.  Return (staff, customer,
    contact, installation)"""
    pool = Pool()
    User = pool.get('res.user')
    Fund = pool.get('staff.fund')
    staff = create_staff(company)
    employee = create_employee(company, "王建国")
    user, = User.create([{
                'login': 'manager',
                'name': "王建国",
                'groups': [('add', [role_group('service_manager').id])],
                'companies': [('add', [company.id])],
                'company': company.id,
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                }])
    staff['manager'] = (user, employee)
    after_sales = staff['supervisor'][1].department
    Fund.create([{
                'company': company.id,
                'name': "售后服务部基金",
                'department': after_sales.id,
                }])
    return (staff, *create_ticket_setup())


def today():
    return Pool().get('ir.date').today()


def create_ticket(customer, contact, installation, engineer, **values):
    Ticket = Pool().get('service.ticket')
    ticket, = Ticket.create([{
                'customer': customer.id,
                'contact': contact.id,
                'installation': installation.id,
                'subject': "报表打印不出来",
                'engineer': engineer.id,
                **values,
                }])
    return ticket


def expect_form(origin, kind, engineer, service_date, received_date=None):
    "A form of kind expected from engineer, handed in on received_date"
    Document = Pool().get('service.document')
    document, = Document.file([Document.expect(
                origin, kind, responsible=engineer,
                service_date=service_date, customer=origin.customer)])
    if received_date:
        Document.write([document], {
                'state': 'received', 'received_date': received_date})
    return document


def fines_of(employee, **clauses):
    Fine = Pool().get('staff.fine')
    domain = [('employee', '=', employee.id)]
    domain += [(k, '=', v) for k, v in clauses.items()]
    return Fine.search(domain, order=[('id', 'ASC')])


def read_as_client(Model, ids, view_type='form'):
    """Read what the web client reads for a view: its fields, and the
    names of the records they link to"""
    view = Model.fields_view_get(view_type=view_type)
    names = []
    for name, field in view['fields'].items():
        names.append(name)
        if field['type'] in {'many2one', 'reference'}:
            names.append(f'{name}.rec_name')
    return view['fields'], Model.read(ids, names)


def close_complaint(customer, employee, registered_at, closed_at,
        about_attitude=True, kind='attitude'):
    "A complaint found true by its investigation"
    Complaint = Pool().get('service.complaint')
    complaint, = Complaint.create([{
                'customer': customer.id,
                'employee': employee.id,
                'kind': kind,
                'description': "客户投诉工程师电话里态度生硬",
                }])
    Complaint.write([complaint], {
            'state': 'closed',
            'registered_at': registered_at,
            'closed_at': closed_at,
            'confirmed': True,
            'about_attitude': about_attitude,
            'finding': "经调查属实",
            })
    return complaint


class FineTestCase(unittest.TestCase):
    "Test the fines"

    @classmethod
    def setUpClass(cls):
        activate_module('service_hr_rules')

    @with_transaction()
    def test_catalogue(self):
        """R-PEN-1..7, R-HR-5, R-HR-9, R-HR-10: the rulebook's lines, and a
        company's own line takes precedence"""
        pool = Pool()
        Penalty = pool.get('staff.penalty')
        company = create_company()
        with set_company(company):
            amounts = {(p.code, p.event): (p.amount, p.amount_max)
                for p in Penalty.search([])}
            self.assertEqual(amounts[('R-PEN-1', 'attitude_complaint')],
                (Decimal(200), None))
            self.assertEqual(amounts[('R-PEN-3', 'form_late')],
                (Decimal(30), None))
            self.assertEqual(amounts[('R-PEN-4', 'faxed_form_lost')],
                (Decimal(50), None))
            self.assertEqual(amounts[('R-PEN-5', 'visit_not_recorded')],
                (Decimal(30), None))
            self.assertEqual(amounts[('R-PEN-6', 'remote_record_missing')],
                (Decimal(50), None))
            self.assertEqual(
                amounts[('R-PEN-7', 'implementation_form_late')],
                (Decimal(500), None))
            last_out, = Penalty.search([
                    ('code', '=', 'R-HR-5'), ('open_amount', '=', False)])
            self.assertEqual(last_out.amount, Decimal(20))
            self.assertIn((Decimal(20), Decimal(50)), [
                    v for k, v in amounts.items() if k[0] == 'R-HR-9'])
            self.assertEqual(sorted(p.amount for p in Penalty.search([
                            ('code', '=', 'R-HR-10')])),
                [Decimal(20), Decimal(100)])
            again, = Penalty.search([
                    ('event', '=', 'attitude_complaint_again')])
            self.assertEqual(again.consequence, 'dismissal')
            complaints, = Penalty.search([('event', '=', 'complaints')])
            self.assertEqual(
                (complaints.count, complaints.months,
                    complaints.consequence),
                (3, 6, 'demotion_or_dismissal'))

            self.assertEqual(
                Penalty.for_event(company, 'form_late').amount, Decimal(30))
            own, = Penalty.create([{
                        'company': company.id, 'code': 'R-PEN-3',
                        'name': "服务表格隔日未交", 'event': 'form_late',
                        'amount': Decimal(40)}])
            self.assertEqual(Penalty.for_event(company, 'form_late'), own)
            own.active = False
            own.save()
            self.assertEqual(
                Penalty.for_event(company, 'form_late').amount, Decimal(30))

    @with_transaction()
    def test_form_late(self):
        """R-PEN-3: a service form not handed in the day after the service
        is fined 30 yuan, once, with its evidence"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer, engineer2 = staff['engineer'][1], staff['engineer2'][1]
            ticket = create_ticket(customer, contact, installation, engineer)
            day = today() - dt.timedelta(days=5)
            late = expect_form(ticket, 'feedback_form', engineer, day)
            handed_late = expect_form(
                ticket, 'acceptance_form', engineer2, day,
                received_date=day + dt.timedelta(days=2))
            expect_form(ticket, 'golive_plan', engineer, day,
                received_date=day + dt.timedelta(days=1))
            # Not a service form of R-PEN-3, and not due yet
            expect_form(ticket, 'travel_request', engineer, day)
            expect_form(ticket, 'implementation_form', engineer, today())

            fines = Fine.detect()
            self.assertEqual(
                sorted((f.employee, f.origin, f.amount, f.date)
                    for f in fines),
                sorted([
                        (engineer, late, Decimal(30),
                            day + dt.timedelta(days=2)),
                        (engineer2, handed_late, Decimal(30),
                            day + dt.timedelta(days=2)),
                        ]))
            self.assertTrue(all(f.state == 'proposed' for f in fines))
            self.assertTrue(all('R-PEN-3' in f.description for f in fines))

            # Running it again proposes nothing new, a cancelled one neither
            self.assertEqual(Fine.detect(), [])
            fine = fines[0]
            fine.cancel_reason = "表格已补交"
            fine.save()
            Fine.cancel([fine])
            self.assertEqual(Fine.detect(), [])
            self.assertEqual(len(Fine.search([])), 2)

    @with_transaction()
    def test_implementation_form(self):
        """R-PEN-7: the implementation form not retrieved within three days
        after the implementation is fined 500 yuan; R-PEN-3 fines it late
        as well"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            engineer2 = staff['engineer2'][1]
            ticket = create_ticket(customer, contact, installation, engineer)
            ticket2 = create_ticket(
                customer, contact, installation, engineer2)
            day = today() - dt.timedelta(days=10)
            missing = expect_form(ticket, 'implementation_form', engineer, day)
            in_time = expect_form(
                ticket2, 'implementation_form', engineer2, day,
                received_date=day + dt.timedelta(days=3))

            Fine.detect()
            self.assertEqual(
                sorted((f.penalty.code, f.amount, f.date)
                    for f in fines_of(engineer)),
                [('R-PEN-3', Decimal(30), day + dt.timedelta(days=2)),
                    ('R-PEN-7', Decimal(500), day + dt.timedelta(days=4))])
            self.assertTrue(all(
                    f.origin == missing for f in fines_of(engineer)))
            # Handed in on the third day: late by R-PEN-3, in time by R-PEN-7
            self.assertEqual(
                [(f.penalty.code, f.origin) for f in fines_of(engineer2)],
                [('R-PEN-3', in_time)])

    @with_transaction()
    def test_faxed_form_lost(self):
        "R-PEN-4: a faxed request of the customer lost: 50 yuan per sheet"
        pool = Pool()
        Fine = pool.get('staff.fine')
        Document = pool.get('service.document')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            ticket = create_ticket(customer, contact, installation, engineer,
                kind='data_cleanup')
            day = today() - dt.timedelta(days=3)
            fax = expect_form(ticket, 'data_cleanup_request', engineer, day,
                received_date=day)
            Document.write([fax], {
                    'state': 'lost', 'lost_date': day + dt.timedelta(days=1),
                    'note': "传真件找不到了"})

            fine, = [f for f in Fine.detect()
                if f.penalty.code == 'R-PEN-4']
            self.assertEqual(
                (fine.employee, fine.origin, fine.amount, fine.date),
                (engineer, fax, Decimal(50), day + dt.timedelta(days=1)))
            self.assertIn("传真件找不到了", fine.description)

    @with_transaction()
    def test_visit_not_recorded(self):
        """R-PEN-5: a visit never checked out is not in the service records:
        30 yuan each time, from the end of the day after"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Visit = pool.get('service.visit')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            ticket = create_ticket(customer, contact, installation, engineer,
                visit_needed=True)
            visits = []
            for days in [3, 0]:
                at = dt.datetime.now() - dt.timedelta(days=days)
                visit, = Visit.create([{
                            'ticket': ticket.id,
                            'customer': customer.id,
                            'purpose': "现场检查服务器",
                            'window_start': at,
                            'window_end': at + dt.timedelta(hours=2),
                            'engineers': [('add', [engineer.id])],
                            }])
                Visit.write([visit], {
                        'state': 'on_site', 'checked_in_at': at})
                visits.append(visit)

            fine, = Fine.detect()
            self.assertEqual(
                (fine.employee, fine.origin, fine.amount, fine.penalty.code),
                (engineer, visits[0], Decimal(30), 'R-PEN-5'))
            self.assertEqual(Fine.detect(), [])

    @with_transaction()
    def test_remote_record_missing(self):
        """R-PEN-6, R-REM-1: a remote service started before yesterday
        without the record its kind needs: 50 yuan"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            started = dt.datetime.now() - dt.timedelta(days=3)
            no_record, recorded, incomplete, recent = [
                create_ticket(customer, contact, installation, engineer,
                    kind=kind)
                for kind in ['howto', 'howto', 'report', 'howto']]
            Ticket.write([no_record, recorded, incomplete], {
                    'state': 'in_progress', 'started_at': started})
            Ticket.write([recent], {
                    'state': 'in_progress',
                    'started_at': dt.datetime.now()})
            Record.create([{
                        'ticket': recorded.id, 'employee': engineer.id,
                        'date': started,
                        'description': "远程指导客户打印报表"}, {
                        'ticket': incomplete.id, 'employee': engineer.id,
                        'date': started,
                        'description': "远程查看了报表",
                        'report_name': "月度销售报表"}])

            fines = Fine.detect()
            self.assertEqual(
                sorted(f.origin.id for f in fines),
                sorted([no_record.id, incomplete.id]))
            self.assertTrue(all(
                    f.amount == Decimal(50) and f.penalty.code == 'R-PEN-6'
                    for f in fines))
            fine, = [f for f in fines if f.origin == incomplete]
            # The description names what the record lacks
            self.assertIn("Solution", fine.description)

    @with_transaction()
    def test_complaints(self):
        """R-PEN-1: a confirmed complaint about attitude is fined 200 yuan,
        the second proposes dismissal; R-PEN-2: three confirmed complaints
        within six months propose demotion or dismissal, once"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            now = dt.datetime.now()
            first = close_complaint(customer, engineer,
                now - dt.timedelta(days=40), now - dt.timedelta(days=38))
            Fine.detect()
            fine, = fines_of(engineer)
            self.assertEqual(
                (fine.origin, fine.amount, fine.consequence),
                (first, Decimal(200), None))

            second = close_complaint(customer, engineer,
                now - dt.timedelta(days=20), now - dt.timedelta(days=18))
            Fine.detect()
            fine, = fines_of(engineer, origin=str(second))
            self.assertEqual(
                (fine.penalty.event, fine.amount, fine.consequence),
                ('attitude_complaint_again', Decimal(0), 'dismissal'))

            third = close_complaint(customer, engineer,
                now - dt.timedelta(days=10), now - dt.timedelta(days=8),
                about_attitude=False, kind='quality')
            fourth = close_complaint(customer, engineer,
                now - dt.timedelta(days=5), now - dt.timedelta(days=3),
                about_attitude=False, kind='quality')
            new = Fine.detect()
            fine, = new
            self.assertEqual(
                (fine.penalty.code, fine.origin, fine.consequence),
                ('R-PEN-2', third, 'demotion_or_dismissal'))
            self.assertNotIn(fourth, [f.origin for f in fines_of(engineer)])
            self.assertEqual(Fine.detect(), [])

    @with_transaction()
    def test_confirm_into_fund(self):
        """R-PEN-8, R-PEN-9: the service manager confirms; the fine goes
        into the department fund; withdrawn, it leaves by a counter-
        movement"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Fund = pool.get('staff.fund')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer_user, engineer = staff['engineer']
            manager_user, manager = staff['manager']
            ticket = create_ticket(customer, contact, installation, engineer)
            expect_form(ticket, 'feedback_form', engineer,
                today() - dt.timedelta(days=4))
            fine, = Fine.detect()

            with as_user(engineer_user):
                with self.assertRaises(AccessButtonError):
                    Fine.confirm([Fine(fine.id)])
            self.assertEqual(Fine(fine.id).state, 'proposed')

            engineer_user.email = 'liuyang@example.cn'
            engineer_user.save()
            with as_user(manager_user), patch(SEND) as send:
                Fine.confirm([Fine(fine.id)])
            # The employee is told, and how to object (R-PEN-10)
            (message,), _ = send.call_args
            self.assertEqual(message['To'], 'liuyang@example.cn')
            self.assertIn('R-PEN-3', message['Subject'])
            self.assertIn('30', message['Subject'])
            self.assertIn('R-PEN-10', message.get_content())
            fine = Fine(fine.id)
            self.assertEqual(fine.state, 'confirmed')
            self.assertEqual(fine.confirmed_by, manager)
            fund, = Fund.search([])
            self.assertEqual(fund.balance, Decimal(30))
            move, = fund.moves
            self.assertEqual((move.fine, move.kind), (fine, 'fine'))

            # The movement of a fine is the fine's own
            with as_user(manager_user):
                with self.assertRaises(AccessError):
                    pool.get('staff.fund.move').delete([move])

            with as_user(manager_user):
                with self.assertRaises(ValidationError):
                    Fine.cancel([Fine(fine.id)])
                Fine.write([Fine(fine.id)], {'cancel_reason': "误判"})
                Fine.cancel([Fine(fine.id)])
            self.assertEqual(Fine(fine.id).state, 'cancelled')
            fund = Fund(fund.id)
            self.assertEqual(fund.balance, Decimal(0))
            self.assertEqual(sorted(m.kind for m in fund.moves),
                ['fine', 'fine_cancelled'])

    @with_transaction()
    def test_confirm_needs_fund(self):
        "R-PEN-9: no fine is confirmed while the company has no fund"
        pool = Pool()
        Fine = pool.get('staff.fine')
        Fund = pool.get('staff.fund')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            Fund.delete(Fund.search([]))
            engineer = staff['engineer'][1]
            ticket = create_ticket(customer, contact, installation, engineer)
            expect_form(ticket, 'feedback_form', engineer,
                today() - dt.timedelta(days=4))
            fine, = Fine.detect()
            with self.assertRaises(ValidationError) as cm:
                Fine.confirm([fine])
            self.assertIn("Department Fund", str(cm.exception))
            self.assertEqual(Fine(fine.id).state, 'proposed')

    @with_transaction()
    def test_manual_fines(self):
        """R-HR-5, R-HR-9, R-HR-10: fines of conduct entered by hand by the
        department's manager or HR, within the catalogue's range"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Penalty = pool.get('staff.penalty')
        company = create_company()
        with set_company(company):
            staff, *_ = create_fine_setup(company)
            supervisor_user, supervisor = staff['supervisor']
            engineer_user, engineer = staff['engineer']
            hr_user, hr = staff['hr']
            unreachable, = Penalty.search([
                    ('code', '=', 'R-HR-9'), ('amount_max', '!=', None)])
            absent, = Penalty.search([
                    ('code', '=', 'R-HR-10'), ('amount', '=', 100)])
            values = {
                'company': company.id, 'employee': engineer.id,
                'penalty': unreachable.id, 'date': today(),
                'description': "本周三次电话联系不上"}

            with as_user(supervisor_user):
                with self.assertRaises(ValidationError) as cm:
                    Fine.create([{**values, 'amount': Decimal(60)}])
                self.assertIn("50", str(cm.exception))
                fine, = Fine.create([{**values, 'amount': Decimal(40)}])
                self.assertEqual(fine.proposed_by, supervisor)
                # Not his own
                with self.assertRaises(AccessError):
                    Fine.create([{**values, 'employee': supervisor.id,
                                'amount': Decimal(20)}])
                # An evidence-less fine of an event is not entered by hand
                with self.assertRaises(ValidationError):
                    Fine.create([{**values, 'penalty': Penalty.for_event(
                                    company, 'form_late').id}])
            with as_user(engineer_user):
                with self.assertRaises(AccessError):
                    Fine.create([{**values, 'employee': staff[
                                    'engineer2'][1].id}])
            with as_user(hr_user):
                meeting, = Fine.create([{**values, 'penalty': absent.id,
                            'description': "缺席周六服务质量会议"}])
            self.assertEqual(
                (meeting.amount, meeting.consequence),
                (Decimal(100), 'written_warning'))
            # HR cannot fine the supervisor's department from another
            # department's manager role: the engineer2 was not touched
            self.assertEqual(fines_of(staff['engineer2'][1]), [])

    @with_transaction()
    def test_conduct_case_by_case(self):
        """R-HR-4, R-HR-5, R-HR-6, R-HR-7, R-HR-8: breaches of conduct give
        a written warning; a loss or damage is borne at its amount, set
        case by case"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Penalty = pool.get('staff.penalty')
        company = create_company()
        with set_company(company):
            staff, *_ = create_fine_setup(company)
            supervisor_user, _ = staff['supervisor']
            engineer = staff['engineer'][1]
            lines = {p.code: p for p in Penalty.search([
                        ('code', 'in', ['R-HR-4', 'R-HR-6', 'R-HR-7',
                                'R-HR-8'])])}
            self.assertEqual(
                (lines['R-HR-4'].consequence, lines['R-HR-7'].consequence),
                ('written_warning', 'written_warning'))
            self.assertTrue(
                lines['R-HR-6'].open_amount and lines['R-HR-8'].open_amount)
            damage, = Penalty.search([
                    ('code', '=', 'R-HR-5'), ('open_amount', '=', True)])
            with as_user(supervisor_user):
                fines = Fine.create([{
                            'company': company.id, 'employee': engineer.id,
                            'penalty': penalty.id, 'date': today(),
                            'amount': amount, 'description': description}
                        for penalty, amount, description in [
                            (lines['R-HR-6'], Decimal('356.50'),
                                "借用的演示笔记本电脑屏幕摔坏"),
                            (lines['R-HR-8'], Decimal('1200'),
                                "未提前说明延误，客户月结推迟产生损失"),
                            (damage, Decimal('80'), "空调未关导致电费损失"),
                            (lines['R-HR-4'], Decimal(0),
                                "上班时间穿拖鞋"),
                            ]])
            self.assertEqual(
                [(f.amount, f.consequence) for f in fines],
                [(Decimal('356.50'), None), (Decimal('1200.00'), None),
                    (Decimal('80.00'), None),
                    (Decimal(0), 'written_warning')])
            # A fixed line keeps its amount
            with as_user(supervisor_user):
                with self.assertRaises(ValidationError):
                    Fine.create([{
                                'company': company.id,
                                'employee': engineer.id,
                                'penalty': lines['R-HR-7'].id,
                                'date': today(), 'amount': Decimal(50)}])

    @with_transaction()
    def test_objection(self):
        """R-PEN-10: the fined employee objects in writing; the service
        manager decides; the objection is kept, upheld it withdraws the
        fine"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Objection = pool.get('staff.fine.objection')
        Fund = pool.get('staff.fund')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer_user, engineer = staff['engineer']
            engineer2_user, _ = staff['engineer2']
            manager_user, _ = staff['manager']
            ticket = create_ticket(customer, contact, installation, engineer)
            expect_form(ticket, 'feedback_form', engineer,
                today() - dt.timedelta(days=4))
            fine, = Fine.detect()
            Fine.confirm([fine])

            text = "客户当天未签字，次日才拿到反馈单，并非本人拖延"
            with as_user(engineer_user):
                objection, = Objection.create([{
                            'fine': fine.id, 'text': text}])
                with self.assertRaises(AccessButtonError):
                    Objection.uphold([objection])
                with self.assertRaises(ValidationError):
                    Objection.create([{'fine': fine.id, 'text': text}])
            with as_user(engineer2_user):
                with self.assertRaises(AccessError):
                    Objection.create([{'fine': fine.id, 'text': text}])

            with as_user(manager_user):
                with self.assertRaises(ValidationError):
                    Objection.reject([Objection(objection.id)])
                Objection.write([Objection(objection.id)], {
                        'decision': "核实客户原因，撤销罚款"})
                Objection.uphold([Objection(objection.id)])
            objection = Objection(objection.id)
            self.assertEqual(objection.state, 'upheld')
            self.assertEqual(objection.text, text)
            fine = Fine(fine.id)
            self.assertEqual(fine.state, 'cancelled')
            self.assertEqual(fine.cancel_reason, "核实客户原因，撤销罚款")
            self.assertEqual(Fund.search([])[0].balance, Decimal(0))

            with as_user(engineer_user):
                with self.assertRaises(AccessError):
                    Objection.write([objection], {'text': "改"})
                with self.assertRaises(AccessError):
                    Objection.delete([objection])
            self.assertEqual(Objection(objection.id).text, text)

    @with_transaction()
    def test_access(self):
        """R-ORG-3: an engineer sees his own fines, the department's manager
        those of the department; the fund is the managers'"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Fund = pool.get('staff.fund')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer_user, engineer = staff['engineer']
            engineer2 = staff['engineer2'][1]
            supervisor_user, _ = staff['supervisor']
            hr_user, hr = staff['hr']
            for employee in [engineer, engineer2]:
                ticket = create_ticket(
                    customer, contact, installation, employee)
                expect_form(ticket, 'feedback_form', employee,
                    today() - dt.timedelta(days=4))
            # The engineer may not read complaints
            close_complaint(customer, engineer,
                dt.datetime.now() - dt.timedelta(days=3),
                dt.datetime.now() - dt.timedelta(days=2))
            Fine.detect()

            with as_user(engineer_user):
                fines = Fine.search([])
                self.assertEqual({f.employee for f in fines}, {engineer})
                self.assertEqual(len(fines), 2)
                # His fines open, evidence named, without the records he
                # may not read
                for view_type in ['tree', 'form']:
                    fields, values = read_as_client(
                        Fine, [f.id for f in fines], view_type)
                    self.assertNotIn('origin', fields)
                    self.assertTrue(all(v['evidence'] for v in values))
                with self.assertRaises(AccessError):
                    Fund.search([])
            with as_user(supervisor_user):
                fines = Fine.search([])
                self.assertEqual(
                    {f.employee for f in fines}, {engineer, engineer2})
                fields, _ = read_as_client(Fine, [f.id for f in fines])
                self.assertIn('origin', fields)
                self.assertEqual(len(Fund.search([])), 1)
                fields = pool.get('staff.fund.move').fields_view_get(
                    view_type='tree')['fields']
                self.assertNotIn('fine', fields)
            with as_user(hr_user):
                self.assertEqual(len(Fine.search([])), 3)

    @with_transaction()
    def test_delete(self):
        "A detected fine is kept: cancelled with a reason, never deleted"
        pool = Pool()
        Fine = pool.get('staff.fine')
        company = create_company()
        with set_company(company):
            staff, customer, contact, installation = create_fine_setup(
                company)
            engineer = staff['engineer'][1]
            manager_user, _ = staff['manager']
            ticket = create_ticket(customer, contact, installation, engineer)
            expect_form(ticket, 'feedback_form', engineer,
                today() - dt.timedelta(days=4))
            fine, = Fine.detect()
            with as_user(manager_user):
                with self.assertRaises(AccessError):
                    Fine.delete([Fine(fine.id)])
            self.assertEqual(len(Fine.search([])), 1)
