# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
import glob
import os
from unittest.mock import patch

from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase

# The views of the account_invoice extra, loaded only with it
EXTRA_VIEWS = os.path.join('view', 'account_invoice', '')


class ServiceContractTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Contract module"
    module = 'service_contract'

    def test_view(self):
        "Test validity of all views of the module, but the extra's"
        glob_ = glob.glob

        def without_extra(*args, **kwargs):
            return [p for p in glob_(*args, **kwargs) if EXTRA_VIEWS not in p]
        with patch.object(glob, 'glob', without_extra):
            super().test_view()


class ServiceContractInvoiceTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Service Contract module with account_invoice (R-CON-4, R-CON-5)"
    module = 'service_contract'
    extras = ['account_invoice']


del ModuleTestCase
