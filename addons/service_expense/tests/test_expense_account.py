# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"The expense documents in the books, where accounting is activated (issue 7)"
import datetime as dt
import unittest
from decimal import Decimal

from trytond.model.exceptions import ValidationError
from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.company.tests import CompanyTestMixin, set_company
from trytond.modules.service_expense.tests.test_expense import (
    acting, create_setup, utc)
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    ModuleTestCase, activate_module, with_transaction)

D = Decimal


class ServiceExpenseAccountModuleTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Expense module with accounting"
    module = 'service_expense'
    extras = ['account']


def setup_books(company):
    """The chart of accounts, the fiscal year and the expense accounting
    configuration of company"""
    pool = Pool()
    Account = pool.get('account.account')
    Journal = pool.get('account.journal')
    Configuration = pool.get('expense.configuration')
    create_chart(company)
    fiscalyear = get_fiscalyear(company, today=dt.date(2026, 11, 1))
    fiscalyear.save()
    fiscalyear.create_period([fiscalyear])

    def account(**domain):
        accounts = Account.search([
                ('company', '=', company.id),
                *[(k, '=', v) for k, v in domain.items()]])
        return accounts[0]
    receivable = account(**{'type.receivable': True, 'party_required': True})
    payable = account(**{'type.payable': True, 'party_required': True})
    expense = account(**{'type.expense': True})
    cash = account(code='1.1.1')
    journal, = Journal.create([{'name': "费用", 'type': 'general'}])
    config = Configuration(1)
    config.journal = journal
    config.travel_account = expense
    config.phone_account = expense
    config.advance_account = receivable
    config.staff_payable_account = payable
    config.payment_account = cash
    config.save()
    return receivable, payable, expense, cash


def balance(account, party=None):
    Line = Pool().get('account.move.line')
    domain = [('account', '=', account.id)]
    if party:
        domain.append(('party', '=', party.id))
    return sum((l.debit - l.credit for l in Line.search(domain)), D(0))


class ExpenseAccountTestCase(unittest.TestCase):
    "Test the expense moves"

    @classmethod
    def setUpClass(cls):
        activate_module(['service_expense', 'account'])

    @with_transaction()
    def test_advance_reimbursement_settlement_moves(self):
        """R-EXP-5, R-EXP-7: the advance owed by the employee, the expense
        owed to the employee, the settlement clears both"""
        pool = Pool()
        Advance = pool.get('expense.advance')
        Reimbursement = pool.get('expense.reimbursement')
        company, _, manager, engineer, _, standard, users = create_setup()
        with set_company(company):
            receivable, payable, expense, cash = setup_books(company)
            advance, = Advance.create([{
                        'company': company.id, 'employee': engineer.id,
                        'amount': D('1000'), 'amount_paid': D('1000'),
                        'paid_date': dt.date(2026, 11, 9),
                        'payment_method': 'cash'}])
            Advance.submit([advance])
            Advance.approve([advance])
            Advance.pay([advance])
            self.assertEqual(advance.move.state, 'posted')
            self.assertEqual(advance.move.origin, advance)
            party = engineer.party
            self.assertEqual(balance(receivable, party), D('1000'))
            self.assertEqual(balance(cash), D('-1000'))

            reimbursement, = Reimbursement.create([{
                        'company': company.id, 'employee': engineer.id,
                        'standard': standard.id,
                        'departure': utc(2026, 11, 10, 8, 30),
                        'arrival': utc(2026, 11, 12, 15, 0),
                        'lines': [('create', [{
                                        'kind': 'lodging', 'nights': 2,
                                        'amount': D('360'),
                                        'receipt': b'invoice'}])],
                        }])
            Reimbursement.submit([reimbursement])
            with acting(users['manager'], manager):
                Reimbursement.check([reimbursement])
            Reimbursement.verify([reimbursement])
            Reimbursement.approve([reimbursement])
            # 240 lodging + 3 days of 30 meals owed to the employee
            self.assertEqual(reimbursement.move.state, 'posted')
            self.assertEqual(balance(expense), D('330'))
            self.assertEqual(balance(payable, party), D('-330'))
            reimbursement.settlement_method = 'cash'
            reimbursement.save()
            Reimbursement.settle([reimbursement])
            # The employee returns the 670 not spent
            self.assertEqual(balance(payable, party), 0)
            self.assertEqual(balance(receivable, party), 0)
            self.assertEqual(balance(cash), D('-330'))
            # Posted once, whatever reruns
            Reimbursement._post(
                [reimbursement], 'move', 'approved_date', None)
            self.assertEqual(balance(expense), D('330'))

    @with_transaction()
    def test_phone_bill_moves(self):
        "R-EXP-8: the phone bill up to the standard in the books"
        pool = Pool()
        PhoneBill = pool.get('expense.phone_bill')
        company, _, manager, engineer, _, _, users = create_setup()
        with set_company(company):
            _, payable, expense, cash = setup_books(company)
            bill, = PhoneBill.create([{
                        'company': company.id, 'employee': engineer.id,
                        'month': dt.date(2026, 11, 1),
                        'amount': D('168.80')}])
            PhoneBill.submit([bill])
            with acting(users['manager'], manager):
                PhoneBill.approve([bill])
            PhoneBill.pay([bill])
            self.assertEqual(balance(expense), D('100'))
            self.assertEqual(balance(payable, engineer.party), 0)
            self.assertEqual(balance(cash), D('-100'))

    @with_transaction()
    def test_missing_account_refused(self):
        "R-EXP-5: without the accounts configured the payment is refused"
        pool = Pool()
        Advance = pool.get('expense.advance')
        company, _, _, engineer, _, _, _ = create_setup()
        with set_company(company):
            advance, = Advance.create([{
                        'company': company.id, 'employee': engineer.id,
                        'amount': D('500'), 'amount_paid': D('500'),
                        'paid_date': dt.date(2026, 11, 9),
                        'payment_method': 'cash'}])
            Advance.submit([advance])
            Advance.approve([advance])
            with self.assertRaises(ValidationError) as cm:
                Advance.pay([advance])
            self.assertIn(advance.rec_name, str(cm.exception))


del ModuleTestCase
