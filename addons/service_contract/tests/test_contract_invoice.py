# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The customer invoice of a signed service contract, where account_invoice
is activated (issue 6, R-CON-4..7)"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond import config
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.modules.service_center.tests.test_module import (
    as_user, create_ticket_setup, create_user)
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)

from . import test_contract

ADDRESS = "上海市浦东新区张江路 88 号 财务部"


def setup_accounting(company):
    """The company's chart with a 20% tax, the fiscal year with its invoice
    sequences, and the service product invoiced for the contracts"""
    pool = Pool()
    Account = pool.get('account.account')
    Tax = pool.get('account.tax')
    FiscalYear = pool.get('account.fiscalyear')
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    Uom = pool.get('product.uom')
    Configuration = pool.get('service.configuration')
    create_chart(company, tax=True)
    fiscalyear = set_invoice_sequences(get_fiscalyear(company))
    fiscalyear.save()
    FiscalYear.create_period([fiscalyear])
    revenue, = Account.search([
            ('type.revenue', '=', True),
            ('closed', '!=', True),
            ('company', '=', company.id),
            ], limit=1)
    tax, = Tax.search([('company', '=', company.id)])
    category = Category(
        name="售后服务", accounting=True, account_revenue=revenue,
        customer_taxes=[tax])
    category.save()
    unit, = Uom.search([('name', '=', "Unit")])
    template = Template(
        name="售后服务费", type='service', default_uom=unit,
        list_price=Decimal(0), account_category=category,
        products=[Product()])
    template.save()
    product, = template.products
    configuration = Configuration(1)
    configuration.contract_product = product
    configuration.save()
    return product, revenue, tax


def pay_invoice(invoice, date):
    "Pay the invoice in cash on the date, reconciled, then processed"
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    Account = pool.get('account.account')
    MoveLine = pool.get('account.move.line')
    PaymentMethod = pool.get('account.invoice.payment.method')
    journal, = Journal.search([('type', '=', 'cash')], limit=1)
    cash, = Account.search([
            ('company', '=', invoice.company.id),
            ('code', '=', '1.1.1'),
            ])
    method = PaymentMethod(
        company=invoice.company, name="Cash", journal=journal,
        credit_account=cash, debit_account=cash)
    method.save()
    lines = invoice.pay_invoice(invoice.total_amount, method, date)
    MoveLine.reconcile(list(invoice.lines_to_pay) + list(lines))
    # The reconciliation queues the processing of the invoice
    Invoice.process([invoice])
    return Invoice(invoice.id)


class ContractInvoiceTestCase(unittest.TestCase):
    "Test the customer invoice of service contracts"

    @classmethod
    def setUpClass(cls):
        # The other test cases of the module run without account_invoice
        drop_db()
        activate_module(['service_contract', 'account_invoice'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    setUp = test_contract.ContractTestCase.setUp
    contract = test_contract.ContractTestCase.contract
    signed = test_contract.ContractTestCase.signed

    @with_transaction()
    def test_signed_contract_invoiced_once(self):
        "R-CON-4, R-CON-5: signing makes the customer invoice, only once"
        pool = Pool()
        Contract = pool.get('service.contract')
        Invoice = pool.get('account.invoice')
        Address = pool.get('party.address')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            product, revenue, tax = setup_accounting(company)
            specialist = create_user(
                'specialist', 'service_specialist', company)
            engineer = create_user('engineer', 'engineer', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            Contract.send([contract])
            Contract.write([contract], {
                    'signed_copy': b'%PDF fax', 'signed_on': today,
                    'invoice_address': ADDRESS,
                    'invoice_contact': contact.id})
            # The specialist signs; the invoice is made on the company's
            # behalf though the specialist cannot create invoices
            with as_user(specialist):
                Contract.sign([contract])
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'signed')

            invoice = contract.invoice
            self.assertEqual(invoice.type, 'out')
            self.assertEqual(invoice.state, 'draft')
            self.assertEqual(contract.invoice_state, 'draft')
            self.assertEqual(invoice.party, customer)
            self.assertEqual(invoice.company, company)
            # R-CON-4: mailed to the address and contact confirmed
            self.assertEqual(invoice.invoice_address.party, customer)
            self.assertEqual(
                invoice.invoice_address.street_unstructured, ADDRESS)
            self.assertEqual(invoice.invoice_address.attn, contact.name)
            # R-CON-5: due three days after signing
            self.assertEqual(invoice.payment_term_date, contract.payment_due)
            self.assertEqual(
                contract.payment_due, today + dt.timedelta(days=3))
            line, = invoice.lines
            self.assertEqual(line.origin, contract)
            self.assertEqual(line.product, product)
            self.assertEqual(line.quantity, 1)
            self.assertEqual(line.unit_price, contract.amount)
            self.assertEqual(line.account, revenue)
            self.assertEqual(list(line.taxes), [tax])
            for words in [contract.number, contract.start.isoformat(),
                    contract.end.isoformat(), installation.number]:
                self.assertIn(words, line.description)
            self.assertEqual(invoice.untaxed_amount, Decimal('12000'))
            self.assertEqual(invoice.tax_amount, Decimal('2400'))
            self.assertEqual(invoice.total_amount, Decimal('14400'))
            self.assertEqual(invoice.origins, contract.number)
            with as_user(specialist):
                self.assertEqual(
                    Contract.read([contract.id], ['invoice.rec_name'])[0][
                        'invoice.']['rec_name'], invoice.rec_name)
            # Who cannot read invoices opens the contract without it
            with as_user(engineer):
                form = Contract.fields_view_get(view_type='form')
                self.assertNotIn('invoice', form['fields'])
                self.assertEqual(Contract.read(
                        [contract.id], ['invoice_state'])[0]['invoice_state'],
                    'draft')

            # Signing again or creating the invoice again makes none
            Contract.sign([contract])
            Contract.create_invoice([contract])
            self.assertEqual(Invoice.search([]), [invoice])

            # The next contract mailed to the same address reuses it
            other = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            other = self.signed(other, today, contact)
            self.assertNotEqual(other.invoice, invoice)
            self.assertEqual(
                other.invoice.invoice_address, invoice.invoice_address)
            self.assertEqual(len(Address.search([
                            ('party', '=', customer.id),
                            ('street_unstructured', '=', ADDRESS),
                            ])), 1)

    @with_transaction()
    def test_invoice_paid_contract_paid(self):
        "R-CON-5..7: the invoice paid, the contract is paid and runs"
        pool = Pool()
        Contract = pool.get('service.contract')
        Invoice = pool.get('account.invoice')
        Installation = pool.get('service.installation')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            finance = create_user('finance', 'finance', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(
                contract, today - dt.timedelta(days=1), contact)
            invoice = contract.invoice

            # The payment is recorded on the invoice, not by hand
            Contract.write([contract], {'paid_on': today})
            with as_user(finance):
                with self.assertRaises(AccessError) as cm:
                    Contract.pay([contract])
            self.assertIn(invoice.rec_name, str(cm.exception))
            Contract.write([contract], {'paid_on': None})

            Invoice.post([invoice])
            self.assertEqual(Contract(contract.id).state, 'signed')
            invoice = pay_invoice(invoice, today)
            self.assertEqual(invoice.state, 'paid')
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'running')
            self.assertEqual(contract.invoice_state, 'paid')
            self.assertEqual(contract.paid_on, today)
            self.assertFalse(contract.payment_late)
            # R-CON-6, R-CON-7: the new period and a new serial
            installation = Installation(installation.id)
            self.assertEqual(installation.service_end, contract.end)
            serial, = contract.serials
            self.assertEqual(installation.serial_number, serial.serial)

            # Processed again, the invoice issues no second serial
            Invoice.process([invoice])
            Invoice.paid([invoice])
            self.assertEqual(len(Contract(contract.id).serials), 1)

    @with_transaction()
    def test_invoice_paid_without_key(self):
        "R-CON-7: without the key the invoice is paid, the daily job starts"
        pool = Pool()
        Contract = pool.get('service.contract')
        Invoice = pool.get('account.invoice')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(contract, today, contact)
            Invoice.post([contract.invoice])
            keys = config.get('service_contract', 'serial_keys')
            config.set('service_contract', 'serial_keys', keys + '-x')
            invoice = pay_invoice(contract.invoice, today)
            self.assertEqual(invoice.state, 'paid')
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'paid')
            self.assertEqual(contract.paid_on, today)
            self.assertFalse(contract.serials)

            config.set('service_contract', 'serial_keys', keys)
            Contract.run_daily(today=today)
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'running')
            self.assertEqual(len(contract.serials), 1)

    @with_transaction()
    def test_cancel_contract_with_invoice(self):
        "R-CON-4: cancelling cancels a draft invoice, not a posted one"
        pool = Pool()
        Contract = pool.get('service.contract')
        Invoice = pool.get('account.invoice')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            manager = create_user('manager', 'service_manager', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()

            def signed():
                contract = self.contract(
                    installation, contact, representative,
                    end=today + dt.timedelta(days=365))
                return self.signed(contract, today, contact)

            # A draft invoice is cancelled with the contract
            contract = signed()
            with as_user(manager):
                Contract.cancel([contract])
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'cancelled')
            self.assertEqual(contract.invoice.state, 'cancelled')
            # Kept with its cancelled invoice for the record
            with self.assertRaises(AccessError) as cm:
                Contract.delete([contract])
            self.assertIn(contract.invoice.rec_name, str(cm.exception))

            # A posted invoice must be cancelled or credited first
            contract = signed()
            Invoice.post([contract.invoice])
            with self.assertRaises(AccessError) as cm:
                with as_user(manager):
                    Contract.cancel([contract])
            self.assertIn(contract.invoice.rec_name, str(cm.exception))
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'signed')
            self.assertEqual(contract.invoice.state, 'posted')

            # A paid contract is cancelled, its paid invoice kept: a refund
            # is a credit note of finance's
            pay_invoice(contract.invoice, today)
            self.assertEqual(Contract(contract.id).state, 'running')
            with as_user(manager):
                Contract.cancel([contract])
            contract = Contract(contract.id)
            self.assertEqual(contract.state, 'cancelled')
            self.assertEqual(contract.invoice.state, 'paid')
            self.assertEqual(contract.serials[0].state, 'revoked')

    @with_transaction()
    def test_cancelled_invoice_remade_or_paid_by_hand(self):
        "R-CON-5: a cancelled invoice is remade, or the payment typed in"
        pool = Pool()
        Contract = pool.get('service.contract')
        Invoice = pool.get('account.invoice')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            finance = create_user('finance', 'finance', company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(contract, today, contact)
            first = contract.invoice
            Invoice.cancel([first])
            with as_user(finance):
                Contract.create_invoice([contract])
            contract = Contract(contract.id)
            self.assertNotEqual(contract.invoice, first)
            self.assertEqual(contract.invoice.state, 'draft')
            self.assertEqual(len(Invoice.search([])), 2)

            Invoice.cancel([contract.invoice])
            Contract.write([contract], {'paid_on': today})
            with as_user(finance):
                Contract.pay([contract])
            self.assertEqual(Contract(contract.id).state, 'running')

    @with_transaction()
    def test_invoice_in_chinese(self):
        "R-CON-4: the invoice line and the messages in the customer's Chinese"
        pool = Pool()
        Contract = pool.get('service.contract')
        Configuration = pool.get('service.configuration')
        Party = pool.get('party.party')
        Lang = pool.get('ir.lang')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            # As trytond-admin -l zh_CN: the locale files of the modules
            chinese, = Lang.search([('code', '=', 'zh_CN')])
            Lang.load_translations([chinese])
            Party.write([customer], {'lang': chinese.id})
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            contract = self.signed(contract, today, contact)
            line, = contract.invoice.lines
            self.assertIn(
                f"售后服务合同 {contract.number}，服务期 "
                f"{contract.start.isoformat()} 至 {contract.end.isoformat()}",
                line.description)
            self.assertIn(installation.number, line.description)

            with Transaction().set_context(language='zh_CN'):
                self.assertEqual(Contract.fields_get(['invoice'])[
                        'invoice']['string'], "发票")
                self.assertEqual(Configuration.fields_get(
                        ['contract_product'])['contract_product']['string'],
                    "售后服务合同产品")
                with self.assertRaises(AccessError) as cm:
                    Contract.pay([contract])
                self.assertIn("的付款在其发票", str(cm.exception))

    @with_transaction()
    def test_no_product_no_signature(self):
        "R-CON-4: without the service product configured nothing is signed"
        pool = Pool()
        Configuration = pool.get('service.configuration')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            setup_accounting(company)
            configuration = Configuration(1)
            configuration.contract_product = None
            configuration.save()
            representative = create_employee(company, "张丽")
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            contract = self.contract(
                installation, contact, representative,
                end=today + dt.timedelta(days=365))
            with self.assertRaises(UserError) as cm:
                self.signed(contract, today, contact)
            self.assertIn("service contract product", str(cm.exception))
            self.assertIn(contract.rec_name, str(cm.exception))
