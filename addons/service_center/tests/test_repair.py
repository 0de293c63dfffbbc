# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Products shipped in for testing and repair (R-SVC-4, R-SVC-5)"
import datetime as dt
import unittest
from decimal import Decimal
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.service_center.tests.test_module import (
    as_user, create_software, create_ticket_setup, create_user)
from trytond.modules.service_center.tests.test_visit import (
    SEND, create_staff)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

NOW = 'trytond.modules.service_center.repair.utc_now'


def local(*args):
    "A wall-clock time in Shanghai as the naive UTC Tryton stores"
    return dt.datetime(*args) - dt.timedelta(hours=8)


def load_holidays():
    "China's 2026 holidays and make-up workdays on the repair calendar"
    pool = Pool()
    Configuration = pool.get('service.configuration')
    Policy = pool.get('service.sla.policy')
    policy = Configuration(1).out_of_warranty_sla_policy
    Policy.load_china_holidays([policy], years=[2026])


def create_repair(customer, engineer, **values):
    pool = Pool()
    Repair = pool.get('service.repair')
    repair, = Repair.create([{
                'customer': customer.id,
                'product': "启擎POS收银一体机 T2",
                'serial_number': 'T2-2026-0815',
                'problem': "开机后屏幕不亮，电源指示灯闪烁",
                'engineer': engineer.id,
                **values}])
    return repair


def receive(repair, at):
    Repair = Pool().get('service.repair')
    with patch(NOW, return_value=at):
        Repair.receive([repair])
    return Repair(repair.id)


def to_diagnosis(repair, **values):
    "Inspect a received repair and fill its diagnosis"
    Repair = Pool().get('service.repair')
    Repair.write([repair], {'packaging': "纸箱完好，机身无划痕"})
    Repair.inspect([repair])
    Repair.write([repair], {'diagnosis': "主板电源模块电容鼓包", **values})


class RepairTestCase(unittest.TestCase):
    "Test factory repairs"

    @classmethod
    def setUpClass(cls):
        activate_module('service_center')

    @with_transaction()
    def test_due_date_friday_before_national_day(self):
        """R-SVC-4: a repair arriving on a Friday before a holiday is due on
        the 5th working day after arrival, holidays skipped"""
        company = create_company()
        with set_company(company):
            load_holidays()
            staff = create_staff(company)
            customer, _, _ = create_ticket_setup()
            repair = create_repair(customer, staff['engineer'][1])
            self.assertTrue(repair.number.startswith('RP'))
            # Friday 2026-09-25 at 01:00 in Shanghai is still Thursday in
            # UTC: the arrival day is the local Friday.  Then Mon, Tue, Wed
            # work, 10-01..07 is the National Day holiday, and Thu 10-08,
            # Fri 10-09 work.
            repair = receive(repair, local(2026, 9, 25, 1, 0))
            self.assertEqual(repair.state, 'received')
            self.assertEqual(repair.received_at, local(2026, 9, 25, 1, 0))
            self.assertEqual(repair.due_date, dt.date(2026, 10, 9))
            self.assertEqual(repair.warn_date, dt.date(2026, 10, 8))

    @with_transaction()
    def test_due_date_plain_week(self):
        "R-SVC-4: five working days after a Monday arrival, over a weekend"
        company = create_company()
        with set_company(company):
            load_holidays()
            staff = create_staff(company)
            customer, _, _ = create_ticket_setup()
            repair = create_repair(customer, staff['engineer'][1])
            repair = receive(repair, local(2026, 11, 2, 16, 30))
            self.assertEqual(repair.due_date, dt.date(2026, 11, 9))
            self.assertEqual(repair.warn_date, dt.date(2026, 11, 6))

    @with_transaction()
    def test_due_date_make_up_workdays(self):
        """R-SVC-4: the make-up Saturday and Sunday (调休) count as working
        days"""
        company = create_company()
        with set_company(company):
            load_holidays()
            staff = create_staff(company)
            customer, _, _ = create_ticket_setup()
            engineer = staff['engineer'][1]
            # Thu 10-08: Fri 10-09, Sat 10-10 (make-up), Mon, Tue, Wed 10-14
            saturday = receive(
                create_repair(customer, engineer), local(2026, 10, 8, 9, 0))
            self.assertEqual(saturday.due_date, dt.date(2026, 10, 14))
            self.assertEqual(saturday.warn_date, dt.date(2026, 10, 13))
            # Wed 09-16: Thu, Fri, Sun 09-20 (make-up), Mon, Tue 09-22
            sunday = receive(
                create_repair(customer, engineer), local(2026, 9, 16, 9, 0))
            self.assertEqual(sunday.due_date, dt.date(2026, 9, 22))
            self.assertEqual(sunday.warn_date, dt.date(2026, 9, 21))

    @with_transaction()
    def test_hardware_ticket_prefills(self):
        "R-SVC-4: a repair opened from a hardware ticket knows the customer"
        pool = Pool()
        Ticket = pool.get('service.ticket')
        Repair = pool.get('service.repair')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            customer, contact, installation = create_ticket_setup()
            ticket, = Ticket.create([{
                        'customer': customer.id, 'contact': contact.id,
                        'installation': installation.id, 'kind': 'hardware',
                        'subject': "收银机无法开机", 'engineer': engineer.id}])
            repair = Repair(ticket=ticket)
            repair.on_change_ticket()
            self.assertEqual(repair.customer, customer)
            self.assertEqual(repair.contact, contact)
            self.assertEqual(repair.installation, installation)
            self.assertEqual(repair.engineer, engineer)
            repair.product = "启擎POS收银一体机 T2"
            repair.problem = "无法开机"
            repair.save()
            self.assertEqual(Ticket(ticket.id).repairs, (repair,))
            with patch(SEND):
                copy, = Ticket.copy([ticket])
            self.assertEqual(copy.repairs, ())
            self.assertEqual(Repair.search([]), [repair])

            other = Repair(ticket=Ticket.create([{
                            'customer': customer.id, 'kind': 'howto',
                            'subject': "如何导出报表"}])[0])
            other.on_change_ticket()
            self.assertIsNone(getattr(other, 'customer', None))

    @with_transaction()
    def test_warranty_decision(self):
        """R-SVC-5: defects are free in the warranty, misuse and force
        majeure and anything out of the warranty are at cost with an
        estimate"""
        pool = Pool()
        Repair = pool.get('service.repair')
        Installation = pool.get('service.installation')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            customer, _, installation = create_ticket_setup()
            expired, = Installation.create([{
                        'customer': customer.id,
                        'product': create_software("启擎POS收银系统").id,
                        'serial_number': 'QQ-POS-0002',
                        'installation_date': dt.date(2023, 1, 1),
                        'service_end': dt.date(2025, 12, 31)}])
            arrival = local(2026, 11, 3, 10, 0)
            cases = [
                (installation, 'component', 'in_service', 'free'),
                (installation, 'workmanship', 'in_service', 'free'),
                (installation, 'misuse', 'in_service', 'at_cost'),
                (installation, 'force_majeure', 'in_service', 'at_cost'),
                (expired, 'component', 'expired', 'at_cost'),
                (expired, 'workmanship', 'expired', 'at_cost'),
                (None, 'component', None, 'at_cost'),
                ]
            for inst, cause, status, charge in cases:
                with self.subTest(cause=cause, status=status):
                    repair = receive(create_repair(
                            customer, engineer,
                            installation=inst.id if inst else None),
                        arrival)
                    self.assertEqual(repair.service_status, status)
                    to_diagnosis(repair, cause=cause)
                    if charge == 'at_cost':
                        with self.assertRaises(ValidationError) as cm:
                            Repair.diagnose([repair])
                        self.assertIn("estimated cost", str(cm.exception))
                        self.assertEqual(
                            Repair(repair.id).state, 'inspected')
                        Repair.write([repair], {
                                'estimated_cost': Decimal('380.00')})
                    Repair.diagnose([repair])
                    repair = Repair(repair.id)
                    self.assertEqual(repair.state, 'diagnosed')
                    self.assertEqual(repair.charge, charge)

            # Without a cause there is no decision
            repair = receive(create_repair(customer, engineer), arrival)
            to_diagnosis(repair)
            with self.assertRaises(ValidationError) as cm:
                Repair.diagnose([repair])
            self.assertIn("Cause", str(cm.exception))

    @with_transaction()
    def test_damage_told_before_diagnosis(self):
        """R-SVC-4: a device damaged in transport is described and the
        customer told by phone before the diagnosis"""
        pool = Pool()
        Repair = pool.get('service.repair')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            customer, contact, installation = create_ticket_setup()
            repair = receive(create_repair(
                    customer, engineer, installation=installation.id),
                local(2026, 11, 3, 10, 0))
            Repair.write([repair], {
                    'packaging': "外箱一角压扁", 'damaged': True})
            with as_user(engineer_user):
                with self.assertRaises(ValidationError) as cm:
                    Repair.inspect([repair])
                self.assertIn("Damage", str(cm.exception))
                self.assertEqual(Repair(repair.id).state, 'received')
                Repair.write([repair], {'damage': "屏幕右下角碎裂"})
                Repair.inspect([repair])
                repair = Repair(repair.id)
                self.assertEqual(repair.state, 'inspected')
                self.assertEqual(repair.inspected_by, engineer)
                Repair.write([repair], {
                        'diagnosis': "屏幕运输损坏，主板正常",
                        'cause': 'force_majeure',
                        'estimated_cost': Decimal('650.00')})
                with self.assertRaises(ValidationError) as cm:
                    Repair.diagnose([repair])
                self.assertIn("told", str(cm.exception))
                self.assertEqual(Repair(repair.id).state, 'inspected')
                Repair.write([repair], {'damage_told_to': "刘志刚"})
                with self.assertRaises(ValidationError):
                    Repair.diagnose([repair])
                Repair.write([repair], {
                        'damage_told_at': local(2026, 11, 3, 11, 0)})
                Repair.diagnose([repair])
            repair = Repair(repair.id)
            self.assertEqual(repair.state, 'diagnosed')
            self.assertEqual(repair.charge, 'at_cost')

    @with_transaction()
    def test_ship_and_tell_tracking_number(self):
        """R-SVC-4: shipped back by express with carrier, tracking number
        and date; the customer is told the tracking number and the contact
        gets it by email"""
        pool = Pool()
        Repair = pool.get('service.repair')
        Contact = pool.get('service.customer.contact')
        company = create_company()
        with set_company(company):
            load_holidays()
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            customer, contact, installation = create_ticket_setup()
            Contact.write([contact], {'email': 'liuzg@dongfang.example.cn'})
            repair = receive(create_repair(
                    customer, engineer, contact=contact.id,
                    installation=installation.id),
                local(2026, 11, 3, 10, 0))
            to_diagnosis(repair, cause='component')
            with as_user(engineer_user):
                Repair.diagnose([repair])
                with self.assertRaises(ValidationError):
                    Repair.repair([repair])
                Repair.write([repair], {'repair_done': "更换电源模块电容，烤机24小时正常"})
                Repair.repair([repair])
                repair = Repair(repair.id)
                self.assertEqual(repair.state, 'repaired')
                self.assertEqual(repair.repaired_by, engineer)
                self.assertEqual(repair.deadline, 'late')

                Repair.write([repair], {'carrier': "顺丰速运"})
                with self.assertRaises(ValidationError) as cm:
                    Repair.ship([repair])
                message = str(cm.exception)
                self.assertIn("Tracking Number", message)
                self.assertIn("Shipped On", message)
                self.assertEqual(Repair(repair.id).state, 'repaired')
                Repair.write([repair], {
                        'tracking_number': 'SF1234567890123',
                        'shipped_date': dt.date(2026, 11, 6)})
                Repair.ship([repair])
                self.assertEqual(Repair(repair.id).state, 'shipped')
                with patch(SEND) as send:
                    Repair.notify([repair])
            repair = Repair(repair.id)
            self.assertEqual(repair.state, 'done')
            self.assertEqual(repair.notified_to, "刘志刚")
            self.assertEqual(repair.notified_by, engineer)
            self.assertIsNotNone(repair.notified_at)
            (msg,), _ = send.call_args
            self.assertEqual(msg['To'], 'liuzg@dongfang.example.cn')
            self.assertIn('SF1234567890123', msg['Subject'])
            self.assertIn('SF1234567890123', msg.get_content())
            self.assertIn("顺丰速运", msg.get_content())

    @with_transaction()
    def test_notify_without_contact(self):
        "R-SVC-4: without a contact, who was told must be written down"
        pool = Pool()
        Repair = pool.get('service.repair')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            customer, _, _ = create_ticket_setup()
            repair = receive(create_repair(customer, staff['engineer'][1]),
                local(2026, 11, 3, 10, 0))
            to_diagnosis(repair, cause='misuse',
                estimated_cost=Decimal('200'))
            Repair.diagnose([repair])
            Repair.write([repair], {'repair_done': "重新刷写固件"})
            Repair.repair([repair])
            Repair.write([repair], {
                    'carrier': "中通快递", 'tracking_number': 'ZT778899',
                    'shipped_date': dt.date(2026, 11, 6)})
            Repair.ship([repair])
            with patch(SEND) as send:
                with self.assertRaises(ValidationError):
                    Repair.notify([repair])
                Repair.write([repair], {'notified_to': "前台王小姐"})
                Repair.notify([repair])
            send.assert_not_called()
            self.assertEqual(Repair(repair.id).state, 'done')

    @with_transaction()
    def test_watch_deadlines(self):
        """R-SVC-4: the engineer is warned on the working day before the due
        date and the service managers are told once it passed, each once;
        never for a cancelled or finished repair"""
        pool = Pool()
        Repair = pool.get('service.repair')
        company = create_company()
        with set_company(company):
            load_holidays()
            staff = create_staff(company)
            engineer = staff['engineer'][1]
            customer, _, installation = create_ticket_setup()
            arrival = local(2026, 11, 2, 10, 0)
            repair = receive(create_repair(customer, engineer), arrival)
            cancelled = receive(create_repair(customer, engineer), arrival)
            Repair.cancel([cancelled])
            finished = receive(create_repair(
                    customer, engineer, installation=installation.id),
                arrival)
            to_diagnosis(finished, cause='component')
            Repair.diagnose([finished])
            Repair.write([finished], {'repair_done': "更换电容"})
            Repair.repair([finished])

            def deadline(repair, today):
                repair = Repair(repair.id)
                return Repair.get_deadline(
                    [repair], 'deadline', today=today)[repair.id]

            def watch(today):
                with patch(SEND) as send:
                    Repair.watch_deadlines(today=today)
                return [(m['To'], m['Subject'])
                    for (m,), _ in send.call_args_list]

            self.assertEqual(
                deadline(repair, dt.date(2026, 11, 5)), 'on_track')
            self.assertEqual(watch(dt.date(2026, 11, 5)), [])
            sent = watch(dt.date(2026, 11, 6))
            self.assertEqual(sent, [('engineer@example.cn', sent[0][1])])
            self.assertIn(repair.number, sent[0][1])
            self.assertIn('2026-11-09', sent[0][1])
            self.assertEqual(watch(dt.date(2026, 11, 6)), [])
            self.assertEqual(
                deadline(repair, dt.date(2026, 11, 6)), 'at_risk')

            # Due on 11-09: on the due day still only at risk
            self.assertEqual(watch(dt.date(2026, 11, 9)), [])
            sent = watch(dt.date(2026, 11, 10))
            self.assertEqual(sent, [('manager@example.cn', sent[0][1])])
            self.assertIn("late", sent[0][1])
            self.assertEqual(watch(dt.date(2026, 11, 10)), [])
            self.assertEqual(watch(dt.date(2026, 11, 20)), [])
            repair = Repair(repair.id)
            self.assertIsNotNone(repair.warned_at)
            self.assertIsNotNone(repair.escalated_at)
            self.assertEqual(
                deadline(repair, dt.date(2026, 11, 10)), 'breached')
            for other in [Repair(cancelled.id), Repair(finished.id)]:
                self.assertIsNone(other.warned_at)
                self.assertIsNone(other.escalated_at)
            self.assertIsNone(Repair(cancelled.id).deadline)

    @with_transaction()
    def test_rights(self):
        """R-SVC-4: specialists register repairs, engineers work them, only
        supervisors and managers cancel; a repair under way is not
        deleted"""
        pool = Pool()
        Repair = pool.get('service.repair')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            engineer_user, engineer = staff['engineer']
            specialist = create_user('specialist', 'service_specialist',
                company)
            clerk = create_user('clerk', 'administration', company)
            customer, _, _ = create_ticket_setup()
            with as_user(specialist):
                repair = create_repair(customer, engineer)
                with self.assertRaises(AccessButtonError):
                    Repair.receive([repair])
            with as_user(engineer_user):
                Repair.receive([repair])
                with self.assertRaises(AccessButtonError):
                    Repair.cancel([repair])
                with self.assertRaises(AccessError):
                    Repair.delete([repair])
            with as_user(clerk):
                self.assertEqual(Repair.search([]), [repair])
                with self.assertRaises(AccessError):
                    create_repair(customer, engineer)
            with as_user(staff['manager'][0]):
                Repair.cancel([repair])
            self.assertEqual(Repair(repair.id).state, 'cancelled')
            Repair.delete([repair])
            self.assertEqual(Repair.search([]), [])
