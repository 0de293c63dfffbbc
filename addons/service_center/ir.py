# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
from trytond.pool import Pool, PoolMeta


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


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_cache_key(cls, model_names):
        User = Pool().get('res.user')
        return (*super()._get_cache_key(model_names), User.get_employees())

    @classmethod
    def _get_context(cls, model_name):
        "The user's employees, for the rules on the staff's own records"
        User = Pool().get('res.user')
        context = super()._get_context(model_name)
        context['employees'] = User.get_employees()
        return context
