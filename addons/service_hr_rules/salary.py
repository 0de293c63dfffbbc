# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Base salaries (R-HR-12): the history of an employee's base salary, each
amount valid from a date until the next; the periodic assessment adjusts
it.  Nobody but HR, finance and the general manager sees another's."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access


class Salary(ModelSQL, ModelView):
    """A base salary valid from a date until the next one of the employee
    (R-HR-12: the periodic assessment adjusts it)"""
    __name__ = 'staff.salary'
    __string__ = "Base Salary"

    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))])
    start_date = fields.Date(
        "Valid From", required=True,
        help="The salary applies from this date until the next one of the "
        "employee.")
    amount = fields.Numeric(
        "Base Salary", digits='currency', required=True,
        domain=[('amount', '>=', 0)],
        help="The monthly base salary of the position.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    origin = fields.Reference(
        "Origin", selection='get_origins', readonly=True,
        help="The assessment that set the salary.")
    note = fields.Text("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_start_date_unique', Unique(t, t.employee, t.start_date),
                'service_hr_rules.msg_salary_unique'),
            ]
        cls._sql_indexes.add(
            Index(t,
                (t.employee, Index.Range()),
                (t.start_date, Index.Range(order='DESC'))))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def _get_origins(cls):
        return ['staff.assessment']

    @classmethod
    def get_origins(cls):
        pool = Pool()
        IrModel = pool.get('ir.model')
        models = []
        for model in cls._get_origins():
            try:
                pool.get(model)
            except KeyError:
                continue
            models.append(model)
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in models]

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        return '%s: %s (%s)' % (
            self.employee.rec_name,
            lang.currency(self.amount, self.currency)
            if self.currency else self.amount,
            lang.strftime(self.start_date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @classmethod
    def validate_fields(cls, salaries, field_names):
        super().validate_fields(salaries, field_names)
        if field_names and not field_names & {'company', 'employee'}:
            return
        for salary in salaries:
            if salary.employee.company != salary.company:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_salary_company',
                        salary=salary.rec_name))

    @classmethod
    def get_base_salary(cls, employee, date):
        """Return the salary of the employee in force on date: the one with
        the latest start on or before date, or None.

        Read without access rights: the server's own computations (the
        monthly pay sheet) need it whoever runs them; never return it to a
        user who may not read it."""
        Employee = Pool().get('company.employee')
        if isinstance(employee, int):
            employee = Employee(employee)
        with without_check_access():
            salaries = cls.search([
                    ('company', '=', employee.company.id),
                    ('employee', '=', employee.id),
                    ('start_date', '<=', date),
                    ], order=[('start_date', 'DESC'), ('id', 'DESC')],
                limit=1)
        return salaries[0] if salaries else None
