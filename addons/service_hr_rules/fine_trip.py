# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Where the travel expenses are activated (service_expense), a trip for
service tickets must be written into their service records too (R-PEN-5:
上门服务及出差后未将本次外勤情况填写至服务记录中)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access

from .fine import LOOKBACK_DAYS
from .staff import company_zone, to_utc


class Fine(metaclass=PoolMeta):
    __name__ = 'staff.fine'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['expense.travel.request']

    @classmethod
    def _detectors(cls):
        return super()._detectors() + [
            ('visit_not_recorded', cls._detect_trip_not_recorded)]

    @classmethod
    def _detect_trip_not_recorded(cls, company, today):
        """R-PEN-5: back from an approved trip for service tickets, the
        traveller wrote none of them a record dated from the departure to
        the end of the day after the return"""
        pool = Pool()
        Request = pool.get('expense.travel.request')
        Record = pool.get('service.ticket.record')
        zone = company_zone(company)
        with without_check_access():
            requests = Request.search([
                    ('company', '=', company.id),
                    ('state', '=', 'approved'),
                    ('return_date', '<', today - dt.timedelta(days=1)),
                    ('return_date', '>=', today - dt.timedelta(
                            days=LOOKBACK_DAYS)),
                    ])
            for request in requests:
                tickets = request.service_tickets
                if not tickets:
                    continue
                start = to_utc(dt.datetime.combine(
                        request.departure_date, dt.time()), zone)
                end = to_utc(dt.datetime.combine(
                        request.return_date + dt.timedelta(days=2),
                        dt.time()), zone)
                if Record.search([
                            ('ticket', 'in', [t.id for t in tickets]),
                            ('employee', '=', request.employee.id),
                            ('date', '>=', start),
                            ('date', '<', end),
                            ], limit=1):
                    continue
                yield {
                    'employee': request.employee.id,
                    'origin': str(request),
                    'date': request.return_date + dt.timedelta(days=1),
                    'description': gettext(
                        'service_hr_rules.msg_fine_trip_not_recorded',
                        request=request.rec_name,
                        return_date=request.return_date,
                        tickets=', '.join(t.rec_name for t in tickets)),
                    }
