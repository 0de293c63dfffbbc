# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.service_center.tests.tools import ExtraViewsMixin
from trytond.tests.test_tryton import ModuleTestCase


class ServiceExpenseTestCase(
        ExtraViewsMixin, CompanyTestMixin, ModuleTestCase):
    "Test Service Expense module"
    module = 'service_expense'
    extra_views = ['account']


del ModuleTestCase
