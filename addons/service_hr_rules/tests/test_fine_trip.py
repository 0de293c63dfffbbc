# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Trips not written into the service records, where the travel expenses
are activated (R-PEN-5)"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.service_center.tests.test_module import (
    create_ticket_setup)
from trytond.modules.service_expense.tests.test_expense import create_setup
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class FineTripTestCase(unittest.TestCase):
    "Test the trips not recorded"

    @classmethod
    def setUpClass(cls):
        activate_module(['service_hr_rules', 'service_expense'])

    @with_transaction()
    def test_trip_not_recorded(self):
        """R-PEN-5: back from a trip for a ticket without a service record
        of it by the end of the day after: 30 yuan, once"""
        pool = Pool()
        Fine = pool.get('staff.fine')
        Ticket = pool.get('service.ticket')
        Record = pool.get('service.ticket.record')
        Request = pool.get('expense.travel.request')
        Date = pool.get('ir.date')
        company, _, _, engineer, other, _, _ = create_setup()
        with set_company(company):
            customer, contact, installation = create_ticket_setup()
            today = Date.today()
            departure = today - dt.timedelta(days=6)
            trips = []
            for employee in [engineer, other]:
                ticket, = Ticket.create([{
                            'customer': customer.id,
                            'contact': contact.id,
                            'installation': installation.id,
                            'subject': "ERP服务器迁移",
                            'engineer': employee.id,
                            'visit_needed': True,
                            }])
                trip, = Request.create([{
                            'company': company.id,
                            'employee': employee.id,
                            'place': "苏州",
                            'purpose': "服务器迁移",
                            'transport': 'train_hard_sleeper',
                            'departure_date': departure,
                            'return_date': departure + dt.timedelta(days=2),
                            'service_tickets': [('add', [ticket.id])],
                            }])
                trips.append((trip, ticket))
            Request.write([t for t, _ in trips], {'state': 'approved'})
            # The other engineer wrote what he did on site
            Record.create([{
                        'ticket': trips[1][1].id,
                        'employee': other.id,
                        'date': dt.datetime.combine(
                            departure + dt.timedelta(days=1),
                            dt.time(3, 0)),
                        'description': "迁移数据库并验证报表"}])

            fine, = Fine.detect()
            self.assertEqual(
                (fine.employee, fine.origin, fine.amount, fine.penalty.code,
                    fine.date),
                (engineer, trips[0][0], Decimal(30), 'R-PEN-5',
                    departure + dt.timedelta(days=3)))
            self.assertIn(trips[0][1].rec_name, fine.description)
            self.assertEqual(Fine.detect(), [])
