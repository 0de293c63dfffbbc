# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.pool import PoolMeta

from .ir import clear_managed_departments


class Department(metaclass=PoolMeta):
    __name__ = 'service.department'

    @classmethod
    def on_modification(cls, mode, departments, field_names=None):
        "The departments a manager sees follow the org chart"
        super().on_modification(mode, departments, field_names=field_names)
        if mode != 'write' or field_names & {'manager', 'parent', 'active'}:
            clear_managed_departments()
