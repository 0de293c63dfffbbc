# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"What the addons' tests share"
import glob
import os
from unittest.mock import patch


class ExtraViewsMixin:
    """A ModuleTestCase of a module whose extras (extras_depend) have their
    views in view/<extra>/: checked only when the extra is activated"""
    extra_views = []

    def test_view(self):
        "Test validity of all views of the module, but the extras'"
        glob_ = glob.glob
        skipped = [os.path.join('view', e, '') for e in self.extra_views]

        def without_extras(*args, **kwargs):
            return [p for p in glob_(*args, **kwargs)
                if not any(s in p for s in skipped)]
        with patch.object(glob, 'glob', without_extras):
            super().test_view()
