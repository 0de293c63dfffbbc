# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ServiceHrRulesTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Hr Rules module"
    module = 'service_hr_rules'

    @property
    def _skip_company_rule(self):
        # The catalogue's lines without a company apply to every company
        return super()._skip_company_rule | {('staff.penalty', 'company')}


class ServiceHrRulesExpenseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Hr Rules module with the travel expenses (R-PEN-5)"
    module = 'service_hr_rules'
    extras = ['service_expense']

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | {('staff.penalty', 'company')}


del ModuleTestCase
