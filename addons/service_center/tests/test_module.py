# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ServiceCenterTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Center module"
    module = 'service_center'


del ModuleTestCase
