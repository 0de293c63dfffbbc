# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.service_center.tests.tools import ExtraViewsMixin
from trytond.tests.test_tryton import ModuleTestCase


class ServiceContractTestCase(
        ExtraViewsMixin, CompanyTestMixin, ModuleTestCase):
    "Test Service Contract module"
    module = 'service_contract'
    extra_views = ['account_invoice']


class ServiceContractInvoiceTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Contract module with account_invoice (R-CON-4, R-CON-5)"
    module = 'service_contract'
    extras = ['account_invoice']


del ModuleTestCase
