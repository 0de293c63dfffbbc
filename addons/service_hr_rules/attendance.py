# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Attendance (R-HR-1): the morning sign-in, going straight to a site with
the manager phoned before work, and each working day of each employee
classified present, late, absent or on leave."""
import datetime as dt
from collections import defaultdict

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.service_center.repair import previous_working_day
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Date, Eval, If, PYSONEncoder
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .staff import (
    EmployeeDepartmentMixin, company_zone, current_employee, is_hr,
    is_scheduler, manages, to_local, to_utc, utc_now)

STATUSES = [
    ('present', "Present"),
    ('late', "Late"),
    ('absent', "Absent"),
    ('leave', "On Leave"),
    ]
# The leaves that excuse a day: approved before it started (R-HR-2)
LEAVE_EXCUSING_STATES = {'approved', 'taken', 'closed'}
# The days the scheduler catches up at most, after an outage
CATCH_UP_DAYS = 31
MAX_CLASSIFY_DAYS = 366


def minutes_after(moment, start):
    """Return the whole minutes by which the wall-clock moment is after
    start: a sign-in at 09:00:59 is on time for 09:00, at 09:01 one minute
    late"""
    delta = moment.replace(second=0, microsecond=0) - start
    return max(int(delta.total_seconds() // 60), 0)


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    signs_in = fields.Boolean(
        "Signs In",
        help="The employee signs in at the office every working morning "
        "and the attendance of each working day is classified (R-HR-1).")

    @classmethod
    def default_signs_in(cls):
        return True


class SiteNotice(ModelSQL, ModelView):
    """Going straight to a customer's site in the morning, phoned to the
    department manager: before the start of work it is a working day, after
    it a late one (R-HR-1)"""
    __name__ = 'staff.site_notice'

    company = fields.Many2One(
        'company.company', "Company", required=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date(
        "Date", required=True,
        help="The working day spent at the site.")
    customer = fields.Many2One(
        'party.party', "Customer", required=True,
        domain=[('service_customer', '=', True)],
        context={'company': Eval('company', -1)}, depends={'company'})
    site = fields.Many2One(
        'service.site', "Site",
        domain=[
            ('customer', '=', Eval('customer', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    visit = fields.Many2One(
        'service.visit', "On-Site Visit",
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('customer'),
                ('customer', '=', Eval('customer', -1)), ()),
            ],
        help="The approved on-site service the employee went to (R-VIS-2).")
    phoned_at = fields.DateTime(
        "Phoned At", required=True,
        help="When the employee phoned the department manager.")
    told_to = fields.Many2One(
        'company.employee', "Told To",
        domain=[('company', '=', Eval('company', -1))],
        help="The manager who took the call.")
    in_time = fields.Function(fields.Boolean(
            "Before Work",
            help="Phoned before the start of work of the day."),
        'get_in_time')
    notes = fields.Text("Notes")
    recorded_by = fields.Many2One(
        'company.employee', "Recorded By", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.employee, Index.Range()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('phoned_at', 'ASC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_employee(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_phoned_at(cls):
        return utc_now()

    @fields.depends('employee', 'told_to')
    def on_change_employee(self):
        department = self.employee.department if self.employee else None
        if department and department.manager and not self.told_to:
            self.told_to = department.manager

    @fields.depends('visit', 'customer', 'site')
    def on_change_visit(self):
        if self.visit:
            self.customer = self.visit.customer
            self.site = self.visit.site

    def get_rec_name(self, name):
        return '%s @ %s' % (self.employee.rec_name, self.customer.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('employee.rec_name', operator, operand, *extra),
            ('customer.rec_name', operator, operand, *extra),
            ]

    def local_phoned_at(self):
        return to_local(self.phoned_at, company_zone(self.company))

    def get_in_time(self, name):
        Configuration = Pool().get('staff.configuration')
        if not self.phoned_at or not self.date:
            return None
        start = dt.datetime.combine(
            self.date, Configuration(1).get_multivalue(
                'work_start', company=self.company.id))
        return minutes_after(self.local_phoned_at(), start) == 0

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('recorded_by'):
            employee = current_employee()
            if employee:
                values['recorded_by'] = employee.id
        return values

    @classmethod
    def validate_fields(cls, notices, field_names):
        super().validate_fields(notices, field_names)
        if field_names and not field_names & {'phoned_at', 'date'}:
            return
        for notice in notices:
            if notice.local_phoned_at().date() > notice.date:
                raise ValidationError(gettext(
                        'service_hr_rules.msg_site_notice_after_day',
                        notice=notice.rec_name))

    def attendance_key(self):
        return (self.employee.id, self.date, self.date)

    @classmethod
    def on_modification(cls, mode, notices, field_names=None):
        super().on_modification(mode, notices, field_names=field_names)
        if mode in {'create', 'write'}:
            Pool().get('staff.attendance.day').reclassify(
                {n.attendance_key() for n in notices})

    @classmethod
    def on_write(cls, notices, values):
        keys = {n.attendance_key() for n in notices}
        Day = Pool().get('staff.attendance.day')
        return super().on_write(notices, values) + [
            lambda: Day.reclassify(keys)]

    @classmethod
    def on_delete(cls, notices):
        keys = {n.attendance_key() for n in notices}
        Day = Pool().get('staff.attendance.day')
        return super().on_delete(notices) + [lambda: Day.reclassify(keys)]


class Line(metaclass=PoolMeta):
    "A sign-in entered or changed afterwards classifies its day again"
    __name__ = 'attendance.line'

    def attendance_key(self):
        return (self.employee.id, self.date, self.date)

    @classmethod
    def on_modification(cls, mode, lines, field_names=None):
        super().on_modification(mode, lines, field_names=field_names)
        if mode in {'create', 'write'}:
            Pool().get('staff.attendance.day').reclassify(
                {l.attendance_key() for l in lines})

    @classmethod
    def on_write(cls, lines, values):
        keys = {l.attendance_key() for l in lines}
        Day = Pool().get('staff.attendance.day')
        return super().on_write(lines, values) + [
            lambda: Day.reclassify(keys)]

    @classmethod
    def on_delete(cls, lines):
        keys = {l.attendance_key() for l in lines}
        Day = Pool().get('staff.attendance.day')
        return super().on_delete(lines) + [lambda: Day.reclassify(keys)]


class AttendanceDay(EmployeeDepartmentMixin, ModelSQL, ModelView):
    """The attendance of an employee on a working day, classified from the
    sign-ins, the site notices and the leaves (R-HR-1, R-HR-2); a manager's
    correction wins over the computation and is kept with its reason"""
    __name__ = 'staff.attendance.day'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, readonly=True,
        ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True, readonly=True)
    status = fields.Selection(
        STATUSES, "Status", required=True, readonly=True, sort=False)
    computed_status = fields.Selection(
        STATUSES, "Computed Status", required=True, readonly=True,
        sort=False,
        help="What the sign-ins, site notices and leaves give; the status "
        "differs when a manager corrected it.")
    sign_in = fields.DateTime(
        "Signed In", readonly=True,
        help="The first attendance of the day at the office, whatever its "
        "type: a sign-out forgotten the evening before makes the next "
        "morning's entry an \"out\".")
    site_notice = fields.Many2One(
        'staff.site_notice', "Site Notice", readonly=True,
        ondelete='SET NULL')
    leave = fields.Many2One(
        'staff.leave', "Leave", readonly=True, ondelete='SET NULL',
        help="The leave that excuses the day, or the leave taken without "
        "approval that makes it an absence.")
    minutes_late = fields.Integer("Minutes Late", readonly=True)
    corrections = fields.One2Many(
        'staff.attendance.day.correction', 'day', "Corrections",
        readonly=True)
    corrected = fields.Function(
        fields.Boolean("Corrected"), 'get_corrected')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_date_unique', Unique(t, t.employee, t.date),
                'service_hr_rules.msg_attendance_day_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.company, Index.Equality()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('employee', 'ASC'), ('id', 'DESC')]
        cls._buttons.update({
                'correct': {},
                })

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        return '%s @ %s' % (
            self.employee.rec_name, Lang.get().strftime(self.date))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    def get_corrected(self, name):
        return bool(self.corrections)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('status') == 'absent', 'danger',
                    If(Eval('status') == 'late', 'warning', ''))),
            ]

    @classmethod
    def check_modification(cls, mode, days, values=None, external=False):
        super().check_modification(
            mode, days, values=values, external=external)
        if external and mode in {'create', 'write'}:
            # Computed by the server; corrected only with a reason
            raise AccessError(gettext(
                    'service_hr_rules.msg_attendance_day_computed'))

    @classmethod
    @ModelView.button_action(
        'service_hr_rules.wizard_attendance_day_correct')
    def correct(cls, days):
        pass

    @classmethod
    def correct_status(cls, days, status, reason):
        """Correct the status of the days with the reason, kept in their
        corrections; only a manager of the employee's department or HR"""
        pool = Pool()
        Correction = pool.get('staff.attendance.day.correction')
        if not (reason or '').strip():
            raise ValidationError(gettext(
                    'service_hr_rules.msg_attendance_correct_reason'))
        if not is_scheduler():
            hr = is_hr()
            for day in days:
                if not hr and not manages(day.employee):
                    raise AccessError(gettext(
                            'service_hr_rules.msg_attendance_correct_right',
                            day=day.rec_name))
        employee = current_employee()
        now = utc_now()
        Correction.create([{
                    'day': d.id,
                    'previous_status': d.status,
                    'status': status,
                    'reason': reason,
                    'corrected_by': employee.id if employee else None,
                    'corrected_at': now,
                    } for d in days])
        cls.write(list(days), {'status': status})

    @classmethod
    def classify(cls, company, dates, employees=None):
        """Classify the working days among dates of the employees who sign
        in (all of the company by default); idempotent: a day classified
        again is updated, and a corrected day keeps its corrected status.
        Return the days."""
        pool = Pool()
        Configuration = pool.get('staff.configuration')
        Employee = pool.get('company.employee')
        dates = sorted(set(dates))
        if not dates:
            return []
        calendar = Configuration.working_calendar(
            company, {d.year for d in dates})
        dates = [d for d in dates if calendar.is_working_day(d)]
        if not dates:
            return []
        first, last = dates[0], dates[-1]
        domain = [
            ('company', '=', company.id),
            ('signs_in', '=', True),
            ['OR', ('start_date', '=', None), ('start_date', '<=', last)],
            ['OR', ('end_date', '=', None), ('end_date', '>=', first)],
            ]
        if employees is not None:
            domain.append(('id', 'in', [e.id for e in employees]))
        with without_check_access(), \
                Transaction().set_context(active_test=False):
            employees = Employee.search(domain)
        pairs = [(e, d) for e in employees for d in dates
            if (not e.start_date or e.start_date <= d)
            and (not e.end_date or d <= e.end_date)]
        return cls._classify(company, calendar, pairs)

    @classmethod
    def reclassify(cls, keys):
        """Classify again the days already classified among keys:
        (employee id, first date, last date)"""
        pool = Pool()
        Configuration = pool.get('staff.configuration')
        keys = [k for k in keys if k[0] is not None and k[1] is not None]
        if not keys:
            return
        with without_check_access():
            days = []
            for sub_keys in grouped_slice(keys, 100):
                days += cls.search(['OR'] + [[
                            ('employee', '=', e),
                            ('date', '>=', f),
                            ('date', '<=', t),
                            ] for e, f, t in sub_keys])
        by_company = defaultdict(list)
        for day in days:
            by_company[day.company].append((day.employee, day.date))
        for company, pairs in by_company.items():
            calendar = Configuration.working_calendar(
                company, {d.year for _, d in pairs})
            cls._classify(company, calendar, pairs)

    @classmethod
    def _classify(cls, company, calendar, pairs):
        pool = Pool()
        Line = pool.get('attendance.line')
        Notice = pool.get('staff.site_notice')
        Leave = pool.get('staff.leave')
        if not pairs:
            return []
        zone = calendar.zone
        in_max = backend.MAX_QUERY_PARAMS // 2
        employee_ids = sorted({e.id for e, _ in pairs})
        first = min(d for _, d in pairs)
        last = max(d for _, d in pairs)
        sign_ins, notices, leaves = {}, {}, defaultdict(list)
        with without_check_access():
            for sub_ids in grouped_slice(employee_ids, in_max):
                sub_ids = list(sub_ids)
                for line in Line.search([
                            ('company', '=', company.id),
                            ('employee', 'in', sub_ids),
                            ('at', '>=', to_utc(
                                    dt.datetime.combine(first, dt.time()),
                                    zone)),
                            ('at', '<', to_utc(
                                    dt.datetime.combine(
                                        last + dt.timedelta(days=1),
                                        dt.time()),
                                    zone)),
                            ], order=[('at', 'DESC')]):
                    key = (line.employee.id, to_local(line.at, zone).date())
                    sign_ins[key] = line.at
                for notice in Notice.search([
                            ('company', '=', company.id),
                            ('employee', 'in', sub_ids),
                            ('date', '>=', first),
                            ('date', '<=', last),
                            ], order=[('phoned_at', 'DESC')]):
                    notices[notice.employee.id, notice.date] = notice
                for leave in Leave.search([
                            ('company', '=', company.id),
                            ('employee', 'in', sub_ids),
                            ('from_date', '<=', last),
                            ('to_date', '>=', first),
                            ('state', '!=', 'cancelled'),
                            ], order=[('from_date', 'ASC')]):
                    leaves[leave.employee.id].append(leave)
            existing = {}
            for sub_ids in grouped_slice(employee_ids, in_max):
                for day in cls.search([
                            ('employee', 'in', list(sub_ids)),
                            ('date', '>=', first),
                            ('date', '<=', last),
                            ]):
                    existing[day.employee.id, day.date] = day

        to_create, to_write, days = [], [], []
        for employee, date in pairs:
            start = dt.datetime.combine(date, calendar.start)
            values = cls._evaluate(
                date, start, zone,
                sign_ins.get((employee.id, date)),
                notices.get((employee.id, date)),
                [l for l in leaves[employee.id]
                    if l.from_date <= date <= l.to_date])
            day = existing.get((employee.id, date))
            if day is None:
                to_create.append({
                        'company': company.id,
                        'employee': employee.id,
                        'date': date,
                        'status': values['computed_status'],
                        **values,
                        })
                continue
            days.append(day)
            if not day.corrections:
                values['status'] = values['computed_status']
            changes = {}
            for name, value in values.items():
                current = getattr(day, name)
                if isinstance(current, ModelSQL):
                    current = current.id
                if current != value:
                    changes[name] = value
            if changes:
                to_write.extend([[day], changes])
        with without_check_access():
            if to_write:
                cls.write(*to_write)
            created = cls.create(to_create) if to_create else []
        return days + created

    @classmethod
    def _evaluate(cls, date, start, zone, sign_in, notice, leaves):
        """Return the values of the day: a leave approved before the day
        started excuses it; otherwise the earlier of the sign-in and the
        call to the manager decides present or late; without either, or
        with a leave not approved in advance, the day is an absence"""
        values = {
            'computed_status': 'absent',
            'sign_in': sign_in,
            'site_notice': notice.id if notice else None,
            'leave': None,
            'minutes_late': None,
            }
        start_utc = to_utc(start, zone)
        for leave in leaves:
            if (leave.state in LEAVE_EXCUSING_STATES
                    and leave.asked_at
                    and leave.asked_at <= start_utc):
                values['computed_status'] = 'leave'
                values['leave'] = leave.id
                return values
        minutes = []
        if sign_in:
            minutes.append(minutes_after(to_local(sign_in, zone), start))
        if notice:
            phoned = to_local(notice.phoned_at, zone)
            minutes.append(
                0 if phoned.date() < date else minutes_after(phoned, start))
        if minutes:
            late = min(minutes)
            values['computed_status'] = 'late' if late else 'present'
            values['minutes_late'] = late
        elif leaves:
            # Taken without approval in advance: an absence (R-HR-2)
            values['leave'] = leaves[0].id
        return values

    @classmethod
    def classify_previous_day(cls, today=None):
        """Classify the previous working day of each company, and the
        working days since the last one classified, a month at most"""
        pool = Pool()
        Company = pool.get('company.company')
        Configuration = pool.get('staff.configuration')
        Date = pool.get('ir.date')
        company_id = Transaction().context.get('company')
        companies = (
            [Company(company_id)] if company_id is not None
            else Company.search([]))
        for company in companies:
            with Transaction().set_context(company=company.id):
                day = today or Date.today()
                calendar = Configuration.working_calendar(
                    company, {day.year - 1, day.year})
                previous = previous_working_day(calendar, day)
                first = previous
                last_days = cls.search([
                        ('company', '=', company.id),
                        ('date', '<', previous),
                        ], order=[('date', 'DESC')], limit=1)
                if last_days:
                    first = min(previous, max(
                            last_days[0].date + dt.timedelta(days=1),
                            day - dt.timedelta(days=CATCH_UP_DAYS)))
                cls.classify(company, [
                        first + dt.timedelta(days=i)
                        for i in range((previous - first).days + 1)])


class AttendanceDayCorrection(ModelSQL, ModelView):
    "A manager's correction of an attendance day, with its reason"
    __name__ = 'staff.attendance.day.correction'

    day = fields.Many2One(
        'staff.attendance.day', "Day", required=True, ondelete='CASCADE',
        readonly=True)
    previous_status = fields.Selection(
        STATUSES, "Previous Status", readonly=True, sort=False)
    status = fields.Selection(
        STATUSES, "Status", required=True, readonly=True, sort=False)
    reason = fields.Text("Reason", required=True, readonly=True)
    corrected_by = fields.Many2One(
        'company.employee', "Corrected By", readonly=True)
    corrected_at = fields.DateTime("Corrected At", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('day')
        cls._order = [('corrected_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def check_modification(
            cls, mode, corrections, values=None, external=False):
        super().check_modification(
            mode, corrections, values=values, external=external)
        if mode in {'write', 'delete'} or (mode == 'create' and external):
            # The history of the day: kept as written
            raise AccessError(gettext(
                    'service_hr_rules.msg_attendance_day_correction_kept'))


class AttendanceDayCorrectStart(ModelView):
    "Correct Attendance Day"
    __name__ = 'staff.attendance.day.correct.start'

    status = fields.Selection(
        STATUSES, "Status", required=True, sort=False)
    reason = fields.Text(
        "Reason", required=True,
        help="Why the day is corrected; kept with the day.")


class AttendanceDayCorrect(Wizard):
    "Correct Attendance Day"
    __name__ = 'staff.attendance.day.correct'

    start = StateView(
        'staff.attendance.day.correct.start',
        'service_hr_rules.attendance_day_correct_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Correct", 'correct', 'tryton-ok', default=True),
            ])
    correct = StateTransition()

    def default_start(self, fields):
        statuses = {r.status for r in self.records}
        return {'status': statuses.pop()} if len(statuses) == 1 else {}

    def transition_correct(self):
        self.model.correct_status(
            self.records, self.start.status, self.start.reason)
        return 'end'


class AttendanceDayClassifyStart(ModelView):
    "Classify Attendance"
    __name__ = 'staff.attendance.day.classify.start'

    company = fields.Many2One('company.company', "Company", required=True)
    from_date = fields.Date(
        "From Date", required=True,
        domain=[('from_date', '<=', Eval('to_date', None))])
    to_date = fields.Date(
        "To Date", required=True,
        domain=[('to_date', '<', Date())],
        help="The days up to yesterday can be classified.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_to_date(cls):
        return Pool().get('ir.date').today() - dt.timedelta(days=1)

    @classmethod
    def default_from_date(cls):
        today = Pool().get('ir.date').today()
        return (today - dt.timedelta(days=1)).replace(day=1)


class AttendanceDayClassify(Wizard):
    "Classify Attendance"
    __name__ = 'staff.attendance.day.classify'

    start = StateView(
        'staff.attendance.day.classify.start',
        'service_hr_rules.attendance_day_classify_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Classify", 'classify', 'tryton-ok', default=True),
            ])
    classify = StateAction('service_hr_rules.act_attendance_day_form')

    def do_classify(self, action):
        pool = Pool()
        Day = pool.get('staff.attendance.day')
        Date = pool.get('ir.date')
        start = self.start
        with Transaction().set_context(company=start.company.id):
            today = Date.today()
        if (start.to_date >= today or start.from_date > start.to_date
                or (start.to_date - start.from_date).days
                >= MAX_CLASSIFY_DAYS):
            raise ValidationError(gettext(
                    'service_hr_rules.msg_attendance_classify_dates',
                    days=MAX_CLASSIFY_DAYS))
        Day.classify(start.company, [
                start.from_date + dt.timedelta(days=i)
                for i in range((start.to_date - start.from_date).days + 1)])
        action['pyson_domain'] = PYSONEncoder().encode([
                ('company', '=', start.company.id),
                ('date', '>=', start.from_date),
                ('date', '<=', start.to_date),
                ])
        return action, {}
