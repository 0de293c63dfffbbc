# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Customer satisfaction surveys: the customer's own form, an inspection
(巡检) or a visit of the general manager, for a period (R-CRM-7)."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .visit import RATINGS

RATED = ['rating_attitude', 'rating_skill', 'rating_result',
    'rating_response', 'rating_software']


class Survey(ModelSQL, ModelView):
    "Customer Satisfaction Survey"
    __name__ = 'service.satisfaction.survey'

    company = fields.Many2One('company.company', "Company", required=True)
    customer = fields.Many2One(
        'party.party', "Customer", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact = fields.Many2One(
        'service.customer.contact', "Filled In By",
        domain=[('customer', '=', Eval('customer', -1))])
    kind = fields.Selection([
            ('form', "Survey Form"),
            ('inspection', "Inspection"),
            ('gm_visit', "General Manager's Visit"),
            ], "Kind", required=True, sort=False)
    date = fields.Date("Date", required=True)
    period_start = fields.Date(
        "Period Start", required=True,
        domain=[
            If(Eval('period_start') & Eval('period_end'),
                ('period_start', '<=', Eval('period_end')), ()),
            ])
    period_end = fields.Date(
        "Period End", required=True,
        domain=[
            If(Eval('period_start') & Eval('period_end'),
                ('period_end', '>=', Eval('period_start')), ()),
            ])
    conducted_by = fields.Many2One(
        'company.employee', "Conducted By",
        domain=[('company', '=', Eval('company', -1))])
    rating_attitude = fields.Selection(RATINGS, "Service Attitude", sort=False)
    rating_skill = fields.Selection(RATINGS, "Technical Level", sort=False)
    rating_result = fields.Selection(
        RATINGS, "Result of the Service", sort=False)
    rating_response = fields.Selection(RATINGS, "Response Time", sort=False)
    rating_software = fields.Selection(RATINGS, "Software", sort=False)
    score = fields.Function(fields.Float(
            "Average Score", digits=(3, 2),
            help="The average of the scores given, from 1 to 5."),
        'get_score')
    comments = fields.Text("Comments and Suggestions")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_kind(cls):
        return 'form'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return f"{self.customer.rec_name} {self.period_start}~{self.period_end}"

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('customer.rec_name',) + tuple(clause[1:])]

    def get_score(self, name):
        scores = [int(getattr(self, f)) for f in RATED if getattr(self, f)]
        if scores:
            return round(sum(scores) / len(scores), 2)
