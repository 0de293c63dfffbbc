# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('service.ticket.milestone|escalate',
                    "Escalate Service Levels"),
                ('service.return_visit|remind_overdue',
                    "Remind of Return Visits to Assign"),
                ('service.complaint|watch_promises',
                    "Watch the Promises Made to Complaining Customers"),
                ('service.change_request|watch_promises',
                    "Watch the Dates Promised for Program Modifications"),
                ('service.repair|watch_deadlines',
                    "Watch the Deadlines of Factory Repairs"),
                ])
