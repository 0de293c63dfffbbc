# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Service contracts, payments, renewals and serial numbers (issue 6)"
import datetime as dt
import io
import shutil
import zipfile
import tempfile
import unittest
from decimal import Decimal
from unittest.mock import patch

from trytond import config
from trytond.exceptions import UserError
from trytond.model.exceptions import (
    AccessError, ValidationError)
from trytond.model.modelsql import SQLConstraintError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup, create_user)
from trytond.modules.service_center.tests.test_visit import (
    SEND, create_staff)
from trytond.modules.service_contract import serial_key
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class ContractTestCase(unittest.TestCase):
    "Test service contracts"

    @classmethod
    def setUpClass(cls):
        activate_module('service_contract')

    def setUp(self):
        self.keys = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.keys)
        serial_key.generate_key(self.keys)
        if not config.has_section('service_contract'):
            config.add_section('service_contract')
        self.addCleanup(
            config.set, 'service_contract', 'serial_keys',
            config.get('service_contract', 'serial_keys') or '')
        config.set('service_contract', 'serial_keys', self.keys)

    def contract(self, installation, contact, representative, **values):
        Contract = Pool().get('service.contract')
        contract = Contract(
            customer=installation.customer, contact=contact,
            representative=representative, amount=Decimal('12000'),
            installations=[installation], sales_contract="XS-2025-118")
        contract.on_change_installations()
        for name, value in values.items():
            setattr(contract, name, value)
        contract.save()
        return contract

    def signed(self, contract, signed_on, contact):
        Contract = Pool().get('service.contract')
        if contract.state == 'draft':
            Contract.send([contract])
        Contract.write([contract], {
                'signed_copy': b'%PDF fax', 'signed_copy_name': "回传.pdf",
                'signed_on': signed_on,
                'invoice_address': "上海市浦东新区张江路 88 号 财务部",
                'invoice_contact': contact.id,
                'copy_return_date': signed_on,
                'payment_date_agreed': signed_on + dt.timedelta(days=2)})
        Contract.sign([contract])
        return Contract(contract.id)

    @with_transaction()
    def test_contract_signed_paid_period_and_serial(self):
        "R-CON-1, R-CON-3..7: signed, paid in three days, period and serial"
        pool = Pool()
        Contract = pool.get('service.contract')
        Installation = pool.get('service.installation')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            manager = create_user('manager', 'service_manager', company)
            finance = create_user('finance', 'finance', company)
            specialist = create_user(
                'specialist', 'service_specialist', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, None, representative,
                end=today + dt.timedelta(days=365))
            # R-CON-1: the period starts on the installation date
            self.assertEqual(contract.start, dt.date(2026, 1, 1))
            self.assertTrue(contract.number.startswith('SC'))

            # R-CON-3: sent with our representative, to a contact
            with self.assertRaises(ValidationError) as cm:
                Contract.send([contract])
            self.assertIn("Contact", str(cm.exception))
            Contract.write([contract], {'contact': contact.id})
            Contract.send([contract])
            # R-CON-4: the countersigned copy and the invoice details
            with self.assertRaises(ValidationError) as cm:
                Contract.sign([contract])
            for name in ["Countersigned Copy", "Signed On",
                    "Invoice Mailing Address", "Invoice Contact"]:
                self.assertIn(name, str(cm.exception))
            self.assertEqual(Contract(contract.id).state, 'sent')
            contract = self.signed(Contract(contract.id), today, contact)
            # R-CON-5: paid within three days of signing
            self.assertEqual(
                contract.payment_due, today + dt.timedelta(days=3))
            self.assertFalse(contract.payment_late)

            with as_user(specialist):
                with self.assertRaises(AccessButtonError):
                    Contract.pay([contract])
            with as_user(finance):
                with self.assertRaises(AccessButtonError):
                    Contract.cancel([contract])
                with self.assertRaises(ValidationError):
                    Contract.pay([contract])
                Contract.write([contract], {'paid_on': today})
                Contract.pay([contract])
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'running')
            self.assertFalse(contract.payment_late)

            # R-CON-6: the installation's period follows the contract
            installation = Installation(installation.id)
            self.assertEqual(installation.service_start, contract.start)
            self.assertEqual(installation.service_end, contract.end)
            # R-CON-7: a signed serial for the installation, verifiable
            serial, = contract.serials
            self.assertEqual(serial.issue, 1)
            self.assertEqual(serial.state, 'valid')
            self.assertEqual(installation.serial_number, serial.serial)
            result = serial.verify(today=today)
            self.assertTrue(result.valid, result.reason)
            self.assertEqual(result.serial.installation, installation.id)
            self.assertEqual(result.serial.customer, customer.id)
            self.assertEqual(result.serial.period_end, contract.end)
            del manager

    @with_transaction()
    def test_payment_on_day_four_flagged(self):
        "R-CON-5: a payment on the fourth day is late, told to managers once"
        pool = Pool()
        Contract = pool.get('service.contract')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            create_staff(company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            signed_on = today - dt.timedelta(days=4)
            contract = self.signed(contract, signed_on, contact)
            self.assertTrue(contract.payment_late)
            with patch(SEND) as send:
                Contract.run_daily(today=today)
                Contract.run_daily(today=today)
                self.assertEqual(send.call_count, 1)
                message = send.call_args[0][0]
                self.assertEqual(message['To'], 'manager@example.cn')
                self.assertIn(contract.number, message['Subject'])
                self.assertIn("three days after signing",
                    message.get_content())
            Contract.write([contract], {'paid_on': today})
            Contract.pay([contract])
            contract = Contract(contract.id)
            # Paid, but late: the list still shows it
            self.assertEqual(contract.state, 'running')
            self.assertTrue(contract.payment_late)

            # Paid on the third day is in time
            other = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            other = self.signed(other, signed_on, contact)
            Contract.write([other], {
                    'paid_on': signed_on + dt.timedelta(days=3)})
            Contract.pay([other])
            self.assertFalse(Contract(other.id).payment_late)

    @with_transaction()
    def test_expiry_reminder_renewal_new_serial(self):
        "R-CON-2, R-CON-3, R-CON-6, R-CON-7: reminded once, renewed, reissued"
        pool = Pool()
        Contract = pool.get('service.contract')
        ReturnVisit = pool.get('service.return_visit')
        Installation = pool.get('service.installation')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            staff = create_staff(company)
            specialist = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            Installation.write([installation], {
                    'specialist': specialist.id})
            today = Date.today()
            end = today + dt.timedelta(days=20)
            contract = self.contract(
                installation, contact, specialist, end=end)
            contract = self.signed(contract, today, contact)
            Contract.write([contract], {'paid_on': today})
            Contract.pay([contract])
            old_serial, = Contract(contract.id).serials

            # R-CON-2: reminded one month before, once whatever the reruns
            Contract.run_daily(today=today - dt.timedelta(days=15))
            self.assertEqual(ReturnVisit.search([]), [])
            for _ in range(3):
                Contract.run_daily(today=today)
            reminder, = ReturnVisit.search([])
            self.assertEqual(reminder.contract, contract)
            self.assertEqual(reminder.specialist, specialist)
            self.assertEqual(reminder.customer, customer)
            self.assertIn(end.isoformat(), reminder.notes)

            # R-CON-3: the renewal is prefilled from the expiring contract
            Contract.renew([contract])
            Contract.renew([contract])
            renewal, = Contract(contract.id).renewals
            self.assertEqual(renewal.start, end + dt.timedelta(days=1))
            self.assertEqual(renewal.end, end.replace(year=end.year + 1))
            self.assertEqual(list(renewal.installations), [installation])
            self.assertEqual(renewal.amount, Decimal('12000'))
            self.assertEqual(renewal.state, 'draft')
            renewal = self.signed(renewal, today, contact)
            Contract.write([renewal], {'paid_on': today})
            Contract.pay([renewal])
            # The new period has not started yet
            self.assertEqual(Contract(renewal.id).state, 'paid')
            self.assertEqual(Contract(renewal.id).serials, ())

            # R-CON-6, R-CON-7: on its first day the new period runs with a
            # new serial; the old one has expired
            first_day = end + dt.timedelta(days=1)
            Contract.run_daily(today=first_day)
            contract, renewal = Contract.browse([contract.id, renewal.id])
            self.assertEqual(contract.state, 'expired')
            self.assertEqual(renewal.state, 'running')
            new_serial, = renewal.serials
            self.assertEqual(new_serial.issue, 2)
            self.assertEqual(
                pool.get('service.contract.serial')(old_serial.id).state,
                'superseded')
            self.assertTrue(new_serial.verify(today=first_day).valid)
            result = old_serial.verify(today=first_day)
            self.assertFalse(result.valid)
            self.assertIn("expired", result.reason)
            installation = Installation(installation.id)
            self.assertEqual(installation.service_end, renewal.end)
            self.assertEqual(installation.serial_number, new_serial.serial)
            # The renewal is reminded in its own time, not now
            self.assertEqual(len(ReturnVisit.search([])), 1)
            del staff

    @with_transaction()
    def test_expiry_letter_in_chinese(self):
        "R-CON-2: the expiry notice letter is emailed once, in Chinese"
        pool = Pool()
        Contract = pool.get('service.contract')
        Contact = pool.get('service.customer.contact')
        Party = pool.get('party.party')
        Lang = pool.get('ir.lang')
        Date = pool.get('ir.date')
        Letter = pool.get('service.contract.expiry_letter', type='report')
        company = create_company()
        with set_company(company):
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            chinese, = Lang.search([('code', '=', 'zh_CN')])
            Lang.write([chinese], {'translatable': True})
            Party.write([customer], {'lang': chinese.id})
            Contact.write([contact], {'email': 'liuzg@dongfang.example.cn'})
            today = Date.today()
            end = today + dt.timedelta(days=25)
            contract = self.contract(
                installation, contact, representative, end=end)
            contract = self.signed(contract, today, contact)
            Contract.write([contract], {'paid_on': today})
            Contract.pay([contract])

            ext, content, _, name = Letter.execute([contract.id], {})
            self.assertIn(ext, {'odt', 'pdf'})
            if ext == 'odt':
                with zipfile.ZipFile(io.BytesIO(content)) as odt:
                    text = odt.read('content.xml').decode('utf-8')
                self.assertIn("售后服务到期通知函", text)
                self.assertIn("上海东方机械制造有限公司", text)
                self.assertIn(contract.number, text)
                self.assertIn("续签售后服务合同", text)
                self.assertIn("张丽", text)
                self.assertNotIn("Notice of Expiry", text)

            with patch(SEND) as send:
                for _ in range(2):
                    Contract.run_daily(today=today)
                self.assertEqual(send.call_count, 1)
                message = send.call_args[0][0]
            self.assertEqual(message['To'], 'liuzg@dongfang.example.cn')
            attachment, = message.iter_attachments()
            self.assertTrue(attachment.get_filename().endswith(
                    ('.odt', '.pdf')))
            self.assertIsNotNone(Contract(contract.id).letter_sent_at)

            # A customer reading English gets the English letter
            english, = Lang.search([('code', '=', 'en')])
            Party.write([customer], {'lang': english.id})
            ext, content, _, name = Letter.execute([contract.id], {})
            if ext == 'odt':
                with zipfile.ZipFile(io.BytesIO(content)) as odt:
                    text = odt.read('content.xml').decode('utf-8')
                self.assertIn("Notice of Expiry of After-Sales Service", text)
                self.assertNotIn("售后服务到期通知函", text)

    @with_transaction()
    def test_contract_fax_in_chinese(self):
        "R-CON-3, R-CON-4: the fax version with our representative and date"
        pool = Pool()
        Fax = pool.get('service.contract.fax', type='report')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=dt.date(2027, 12, 31), amount=Decimal('12800'),
                copy_return_date=today + dt.timedelta(days=2),
                invoice_address="上海市浦东新区张江路 88 号 财务部")
            ext, content, _, name = Fax.execute([contract.id], {})
            self.assertIn(ext, {'odt', 'pdf'})
            if ext == 'odt':
                with zipfile.ZipFile(io.BytesIO(content)) as odt:
                    text = odt.read('content.xml').decode('utf-8')
                for words in ["售后服务合同", "上海东方机械制造有限公司",
                        contract.number, "张丽", "12,800.00",
                        "传真回乙方", "三日内支付", "张江路 88 号",
                        installation.number, "2027"]:
                    self.assertIn(words, text)

    @with_transaction()
    def test_cancel_revokes_serials(self):
        "R-CON-7: a cancelled contract's serial is revoked and listed"
        pool = Pool()
        Contract = pool.get('service.contract')
        Serial = pool.get('service.contract.serial')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            manager = create_user('manager', 'service_manager', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(contract, today, contact)
            Contract.write([contract], {'paid_on': today})
            Contract.pay([contract])
            with as_user(manager):
                Contract.cancel([contract])
            serial, = Serial.search([('state', '=', 'revoked')])
            self.assertEqual(serial.contract, contract)
            self.assertIsNotNone(serial.revoked_at)
            self.assertEqual(
                serial.revoked_reason, "The contract was cancelled.")

    @with_transaction()
    def test_no_key_changes_nothing(self):
        "R-CON-7: without the company's key the payment is refused"
        pool = Pool()
        Contract = pool.get('service.contract')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(contract, today, contact)
            Contract.write([contract], {'paid_on': today})
            config.set('service_contract', 'serial_keys', self.keys + '-x')
            with self.assertRaises(UserError) as cm:
                Contract.pay([contract])
            self.assertIn("service-serial keygen", str(cm.exception))
            self.assertIn(self.keys + '-x', str(cm.exception))
            self.assertEqual(Contract(contract.id).state, 'signed')
            self.assertEqual(
                pool.get('service.installation')(installation.id)
                .serial_number, 'QQ-ERP-0001')

    @with_transaction()
    def test_monthly_targets(self):
        "R-CRM-6: monthly targets per specialist, totalled at month end"
        pool = Pool()
        Contract = pool.get('service.contract')
        Target = pool.get('service.contract.target')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            manager = create_user('manager', 'service_manager', company)
            specialist_user = create_user(
                'specialist', 'service_specialist', company)
            zhang = create_employee(company, "张丽")
            ma = create_employee(company, "马超")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            month = (today.replace(day=1) - dt.timedelta(days=1)).replace(
                day=1)
            paid_on = month + dt.timedelta(days=9)

            def paid_contract(representative, amount):
                contract = self.contract(
                    installation, contact, representative,
                    end=today + dt.timedelta(days=365), amount=amount)
                contract = self.signed(contract, paid_on, contact)
                Contract.write([contract], {'paid_on': paid_on})
                Contract.pay([contract])
                return contract
            paid_contract(zhang, Decimal('12000'))
            paid_contract(zhang, Decimal('8000'))
            cancelled = paid_contract(zhang, Decimal('5000'))
            Contract.cancel([cancelled])
            paid_contract(ma, Decimal('6000'))

            with as_user(specialist_user):
                with self.assertRaises(AccessError):
                    Target.create([{
                                'month': month, 'specialist': zhang.id,
                                'contract_target': Decimal('30000'),
                                'secondary_target': Decimal('10000')}])
            with as_user(manager):
                target, other = Target.create([{
                            'month': month + dt.timedelta(days=14),
                            'specialist': zhang.id,
                            'contract_target': Decimal('30000'),
                            'secondary_target': Decimal('10000'),
                            'secondary_achieved': Decimal('4000')}, {
                            'month': month, 'specialist': ma.id,
                            'contract_target': Decimal('10000'),
                            'secondary_target': Decimal('0')}])
            self.assertEqual(target.month, month)
            self.assertEqual(target.contract_achieved, Decimal('20000'))
            self.assertAlmostEqual(target.contract_rate, 2 / 3, places=4)
            self.assertAlmostEqual(target.secondary_rate, 0.4)
            self.assertEqual(other.contract_achieved, Decimal('6000'))
            self.assertIsNone(other.secondary_rate)

            # The month is over: totalled, the totals stay
            with as_user(specialist_user):
                with self.assertRaises(AccessButtonError):
                    Target.total([target])
            with as_user(manager):
                Target.total([target, other])
            paid_contract(zhang, Decimal('1000'))
            self.assertEqual(
                Target(target.id).contract_achieved, Decimal('20000'))
            self.assertIsNotNone(Target(target.id).closed_at)

            # The current month is not over yet
            with as_user(manager):
                current, = Target.create([{
                            'month': today, 'specialist': zhang.id,
                            'contract_target': Decimal('30000'),
                            'secondary_target': Decimal('10000')}])
                with self.assertRaises(ValidationError) as cm:
                    Target.total([current])
            self.assertIn("not over", str(cm.exception))
            # One target per specialist and month (last: the failed insert
            # ends the transaction)
            with self.assertRaises(SQLConstraintError):
                Target.create([{
                            'month': month, 'specialist': zhang.id,
                            'contract_target': Decimal('1'),
                            'secondary_target': Decimal('1')}])
