#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The SLA benchmark on PostgreSQL (issue 3, R-SLA-1).

    generate  build a database: the service center, Tryton's project and
              sale_complaint modules, a company with teams, engineers,
              customers and installations (through the ORM), then tickets
              and their milestones over three years, about 1 % open (bulk
              history, loaded with COPY).  --scale 1 is 1,000,000 tickets.
    run       print, side by side:
              (a) tickets created per second through the ORM, one per
                  transaction, against project.work and sale.complaint
                  created the same way and a raw psycopg INSERT of as many
                  ticket rows;
              (b) one escalation pass with 100 milestones due, in the small
                  and in the large database, and a pass with nothing due;
              (c) the SLA analysis of one month.

    python benchmarks/sla/bench.py generate --scale 0.01 -d sla_10k
    python benchmarks/sla/bench.py generate --scale 1 -d sla_1m
    python benchmarks/sla/bench.py run --small sla_10k --large sla_1m

The server is TRYTOND_DATABASE_URI (default postgresql://postgres@127.0.0.1:
5432/).  What is measured goes through the ORM in this process, as a request
of the server would, with the mail sender replaced by a no-op.
"""
import argparse
import datetime as dt
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from unittest.mock import patch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
CONFIG = os.path.join(ROOT, 'config', 'trytond.conf')
os.environ.setdefault(
    'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
MODULES = ['service_center', 'project', 'sale_complaint']
TIMEZONE = 'Asia/Shanghai'
YEARS = 3
OPEN_SHARE = 0.01
MIN_OPEN = 250
CANCELLED_SHARE = 0.02
VISIT_SHARE = 0.1
# The warranty policy of R-SLA-1, calendar time: hours to each milestone
HOURS = {'response': 2, 'dispatch': 8, 'arrival': 24, 'resolution': 48}
AT_RISK = 0.75
ESCALATION_DELAY = dt.timedelta(hours=4)
KINDS = ['howto', 'data_cleanup', 'report', 'admin_password',
    'program_change', 'bug', 'hardware']
KIND_WEIGHTS = [40, 8, 20, 4, 8, 15, 5]
CHANNELS = ['phone', 'im', 'fax', 'mail', 'on_site', 'portal', 'email']
CHANNEL_WEIGHTS = [50, 25, 2, 1, 2, 10, 10]
PRIORITIES = ['low', 'normal', 'high', 'urgent']
PRIORITY_WEIGHTS = [10, 70, 15, 5]
OPEN_STATES = ['registered', 'assigned', 'in_progress', 'waiting']
OPEN_WEIGHTS = [10, 20, 55, 15]
ESCALATING = {'registered', 'assigned', 'in_progress'}


def server_uri():
    return os.environ['TRYTOND_DATABASE_URI']


def connect(database, autocommit=False):
    import psycopg
    uri = server_uri().rstrip('/') + '/' + database
    return psycopg.connect(uri, autocommit=autocommit)


@contextmanager
def tryton(database, user=0, context=None):
    from trytond import config
    config.update_etc(CONFIG)
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool.start()
    pool = Pool(database)
    pool.init()
    with Transaction().start(
            database, user, context=context or {}) as transaction:
        yield pool, transaction


# Generation

def create_database(database):
    with connect('postgres', autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}" ENCODING \'UTF8\'')
    env = dict(os.environ, TRYTONPASSFILE=_passfile())
    subprocess.run([
            os.path.join(os.path.dirname(sys.executable), 'trytond-admin'),
            '-c', CONFIG, '-d', database, '--all',
            '-u', *MODULES, '--activate-dependencies',
            '--email', 'admin@example.cn'],
        check=True, env=env)


def _passfile():
    path = os.path.join(ROOT, 'var', 'bench-admin-password')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as fp:
        fp.write('bench-2026\n')
    return path


def setup_master_data(database, scale, rng):
    "Company, teams, engineers with users, customers, installations"
    from trytond.modules.company.tests import create_company, create_employee
    n_engineers = max(10, int(60 * scale ** 0.5))
    n_customers = max(50, int(3000 * scale))
    with tryton(database) as (pool, transaction):
        User = pool.get('res.user')
        Department = pool.get('service.department')
        Party = pool.get('party.party')
        Template = pool.get('product.template')
        Installation = pool.get('service.installation')
        ModelData = pool.get('ir.model.data')
        company = create_company("启擎软件")
        company.timezone = TIMEZONE
        company.save()
        with transaction.set_context(company=company.id):
            teams = Department.create([{
                        'name': name, 'code': code, 'kind': 'after_sales',
                        'company': company.id}
                    for code, name in [
                        ('AS1', '售后一组'), ('AS2', '售后二组'),
                        ('AS3', '远程支持组')]])
            engineers = []
            users = []
            for i in range(n_engineers):
                employee = create_employee(company, f"工程师{i + 1:03d}")
                employee.department = teams[i % len(teams)]
                employee.save()
                engineers.append(employee)
                users.append({
                        'login': f'eng{i + 1:03d}',
                        'name': employee.rec_name,
                        'email': f'eng{i + 1:03d}@example.cn',
                        'employees': [('add', [employee.id])],
                        'employee': employee.id,
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'groups': [('add', [ModelData.get_id(
                                        'service_center', 'group_engineer')])],
                        })
            for login, group in [
                    ('supervisor', 'group_after_sales_supervisor'),
                    ('manager', 'group_service_manager')]:
                users.append({
                        'login': login, 'name': login,
                        'email': f'{login}@example.cn',
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'groups': [('add', [ModelData.get_id(
                                        'service_center', group)])],
                        })
            User.create(users)
            unit = ModelData.get_id('product', 'uom_unit')
            templates = Template.create([{
                        'name': name, 'type': 'service',
                        'default_uom': unit,
                        'products': [('create', [{}])]}
                    for name in ['启擎ERP管理软件', '启擎进销存软件',
                        '启擎财务软件', '启擎人事工资软件', '启擎POS收银系统']])
            products = [t.products[0] for t in templates]
            customers = Party.create([{
                        'name': f"客户{i + 1:05d}有限公司",
                        'service_customer': True,
                        'addresses': [('create', [{'city': "上海"}])],
                        } for i in range(n_customers)])
            today = dt.date.today()
            values = []
            for i, customer in enumerate(customers):
                installed = today - dt.timedelta(days=rng.randrange(30, 1500))
                values.append({
                        'customer': customer.id,
                        'product': rng.choice(products).id,
                        'serial_number': f'BENCH-{i + 1:06d}',
                        'installation_date': installed,
                        'service_end': installed + dt.timedelta(
                            days=rng.randrange(365, 2200)),
                        })
            installations = Installation.create(values)
        transaction.commit()
        return {
            'company': company.id,
            'teams': [t.id for t in teams],
            'engineers': [(e.id, e.department.id) for e in engineers],
            'installations': [
                (i.id, i.customer.id, i.product.id) for i in installations],
            'policy': ModelData.get_id(
                'service_center', 'sla_policy_warranty'),
            }


def _ts(value):
    return value.isoformat(sep=' ') if value else r'\N'


def _interval(value):
    return f'{value.total_seconds()} seconds' if value is not None else r'\N'


def bulk_history(database, scale, master, rng, chunk=50000):
    """Write the tickets and milestones of three years with COPY, stamped as
    if the escalation job had always run: nothing is due afterwards."""
    n_tickets = int(1_000_000 * scale)
    now = dt.datetime.utcnow().replace(microsecond=0)
    start = now - dt.timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    recent = now - dt.timedelta(days=2)
    # Tickets of the last two days are open; older ones are open at a rate
    # that makes about OPEN_SHARE of all open: the backlog.
    recent_share = (now - recent).total_seconds() / span
    # About 1 % open, and never fewer than MIN_OPEN so that a small scale
    # still has 100 milestones to make due
    open_share = max(OPEN_SHARE, MIN_OPEN / n_tickets)
    old_open = max(open_share - recent_share, 0) / (1 - recent_share)
    offset = dt.timedelta(hours=8)  # Asia/Shanghai, no daylight saving
    ticket_cols = [
        'id', 'number', 'company', 'customer', 'installation', 'product',
        'channel', 'kind', 'priority', 'subject', 'team', 'engineer',
        'sla_policy', 'visit_needed', 'arrived_at', 'registered_at',
        'registered_on', 'assigned_at', 'started_at', 'resolved_at',
        'closed_at', 'state', 'create_uid', 'create_date']
    milestone_cols = [
        'id', 'ticket', 'company', 'kind', 'deadline', 'at_risk_at',
        'reached_at', 'elapsed', 'watched', 'warned_at',
        'breach_notified_at', 'escalated_at', 'create_uid', 'create_date']
    company = master['company']
    times = sorted(start + dt.timedelta(seconds=rng.random() * span)
        for _ in range(n_tickets))
    milestone_id = 0
    counts = {'open': 0, 'cancelled': 0, 'milestones': 0}
    with connect(database) as conn:
        with conn.cursor() as cursor:
            tickets_buf, milestones_buf = io.StringIO(), io.StringIO()

            def flush():
                for table, cols, buf in [
                        ('service_ticket', ticket_cols, tickets_buf),
                        ('service_ticket_milestone', milestone_cols,
                            milestones_buf)]:
                    with cursor.copy(
                            f'COPY {table} ({", ".join(cols)}) FROM STDIN'
                            ) as copy:
                        copy.write(buf.getvalue())
                    buf.seek(0)
                    buf.truncate()

            for number, registered in enumerate(times, 1):
                registered = registered.replace(microsecond=0)
                installation, customer, product = rng.choice(
                    master['installations'])
                engineer, team = rng.choice(master['engineers'])
                visit = rng.random() < VISIT_SHARE
                if registered >= recent or rng.random() < old_open:
                    state = rng.choices(OPEN_STATES, OPEN_WEIGHTS)[0]
                    counts['open'] += 1
                elif rng.random() < CANCELLED_SHARE:
                    state = 'cancelled'
                    counts['cancelled'] += 1
                else:
                    state = 'closed'
                # Actual times: mostly within the promise, some late
                response = dt.timedelta(minutes=rng.lognormvariate(3.5, 0.8))
                dispatch = response + dt.timedelta(
                    minutes=rng.lognormvariate(4.5, 1.0))
                arrival = dispatch + dt.timedelta(
                    hours=rng.lognormvariate(2.3, 0.6))
                resolution = max(dispatch, arrival if visit else dispatch
                    ) + dt.timedelta(hours=rng.lognormvariate(2.5, 1.0))
                reached = {}
                if state == 'closed':
                    reached = {'response': response, 'dispatch': dispatch,
                        'arrival': arrival, 'resolution': resolution}
                elif state in {'assigned', 'in_progress', 'waiting'}:
                    reached = {'dispatch': dispatch}
                    if state != 'assigned':
                        reached['response'] = response
                    if visit and state != 'assigned':
                        reached['arrival'] = arrival
                reached = {k: registered + v for k, v in reached.items()
                    if registered + v <= now}
                if state in {'in_progress', 'waiting'} and (
                        'response' not in reached):
                    state = 'assigned'
                if state == 'assigned' and 'dispatch' not in reached:
                    state = 'registered'
                started = reached.get('response')
                assigned = reached.get('dispatch')
                resolved = reached.get('resolution')
                closed = (resolved + dt.timedelta(hours=rng.randrange(1, 72))
                    if resolved else None)
                tickets_buf.write('\t'.join(map(str, [
                                number, f'BENCH{number:08d}', company,
                                customer, installation, product,
                                rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                                rng.choices(KINDS, KIND_WEIGHTS)[0],
                                rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0],
                                f'问题{number}',
                                team if state != 'registered' else r'\N',
                                engineer if state != 'registered' else r'\N',
                                master['policy'], 't' if visit else 'f',
                                _ts(reached.get('arrival')),
                                _ts(registered),
                                (registered + offset).date().isoformat(),
                                _ts(assigned), _ts(started), _ts(resolved),
                                _ts(closed), state, 0, _ts(registered),
                                ])) + '\n')
                kinds = ['response', 'dispatch', 'resolution']
                if visit:
                    kinds.insert(2, 'arrival')
                for kind in kinds:
                    milestone_id += 1
                    promise = dt.timedelta(hours=HOURS[kind])
                    deadline = registered + promise
                    at_risk = registered + promise * AT_RISK
                    reached_at = reached.get(kind)
                    watched = state in ESCALATING and not reached_at
                    open_ = state in ESCALATING and not reached_at
                    milestones_buf.write('\t'.join(map(str, [
                                    milestone_id, number, company, kind,
                                    _ts(deadline), _ts(at_risk),
                                    _ts(reached_at),
                                    _interval(reached_at - registered
                                        if reached_at else None),
                                    't' if watched else 'f',
                                    _ts(at_risk if open_ and at_risk <= now
                                        else None),
                                    _ts(deadline if open_ and deadline <= now
                                        else None),
                                    _ts(deadline if open_
                                        and deadline <= now - ESCALATION_DELAY
                                        else None),
                                    0, _ts(registered),
                                    ])) + '\n')
                if number % chunk == 0:
                    flush()
                    print(f'  {number:,} tickets', flush=True)
            flush()
            counts['milestones'] = milestone_id
            for table in ['service_ticket', 'service_ticket_milestone']:
                cursor.execute(
                    f"SELECT setval('{table}_id_seq', "
                    f"(SELECT MAX(id) FROM {table}))")
        conn.commit()
    with connect(database, autocommit=True) as conn:
        conn.execute('VACUUM ANALYZE')
    counts['tickets'] = n_tickets
    return counts


def generate(args):
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    print(f'creating {args.database} and activating {", ".join(MODULES)}')
    create_database(args.database)
    print('company, engineers, customers and installations (ORM)')
    master = setup_master_data(args.database, args.scale, rng)
    print(f'{len(master["engineers"])} engineers, '
        f'{len(master["installations"])} installations; bulk history (COPY)')
    counts = bulk_history(args.database, args.scale, master, rng)
    print(f'{counts["tickets"]:,} tickets ({counts["open"]:,} open, '
        f'{counts["cancelled"]:,} cancelled), {counts["milestones"]:,} '
        f'milestones in {time.perf_counter() - t0:.0f} s')


# Measures

def _company(pool):
    Company = pool.get('company.company')
    company, = Company.search([], limit=1)
    return company


def measure_creates(database, n):
    "(a) creation per second, one record per transaction"
    from trytond.transaction import Transaction
    results = {}
    with tryton(database) as (pool, transaction):
        company = _company(pool)
        Installation = pool.get('service.installation')
        Type = pool.get('sale.complaint.type')
        Model = pool.get('ir.model')
        installations = [(i.id, i.customer.id)
            for i in Installation.search([], limit=n)]
        customers = [c for _, c in installations]
        types = Type.search([], limit=1)
        if not types:
            sale_model, = Model.search([('name', '=', 'sale.sale')])
            types = Type.create([{'name': "服务投诉",
                        'origin': sale_model.id}])
        complaint_type = types[0].id
        # As many records as asked, on the customers there are
        installations = [installations[i % len(installations)]
            for i in range(n)]
        customers = [c for _, c in installations]
        admin_id = pool.get('res.user').search(
            [('login', '=', 'admin')])[0].id
        cursor = transaction.connection.cursor()
        cursor.execute('SELECT MAX(id) FROM service_ticket')
        last_ticket, = cursor.fetchone()
        cursor.execute('SELECT MAX(id) FROM project_work')
        last_work = cursor.fetchone()[0] or 0
        cursor.execute('SELECT MAX(id) FROM sale_complaint')
        last_complaint = cursor.fetchone()[0] or 0
        company_id = company.id
    # The context the web client sends: admin has no employee
    context = {
        'company': company_id, 'companies': [company_id], 'employee': None}

    def orm_rate(model, values_of):
        from trytond.pool import Pool
        pool = Pool(database)
        Model = pool.get(model)
        # Warm the caches as a running server would have them
        for i in range(min(20, n)):
            with Transaction().start(database, admin_id, context=context):
                Model.create([values_of(i)])
        t0 = time.perf_counter()
        for i in range(n):
            with Transaction().start(database, admin_id, context=context):
                Model.create([values_of(i)])
        return n / (time.perf_counter() - t0)

    with patch('trytond.modules.service_center.ticket'
            '.send_message_transactional'):
        results['service.ticket'] = orm_rate(
            'service.ticket', lambda i: {
                'company': company_id,
                'customer': installations[i][1],
                'installation': installations[i][0],
                'channel': 'phone', 'kind': 'howto', 'priority': 'normal',
                'subject': f"电话报修{i}",
                'description': "客户来电：月末结账报表数据不一致。",
                })
    results['project.work'] = orm_rate(
        'project.work', lambda i: {
            'company': company_id, 'name': f"电话报修{i}",
            'type': 'task', 'party': customers[i],
            'comment': "客户来电：月末结账报表数据不一致。",
            })
    results['sale.complaint'] = orm_rate(
        'sale.complaint', lambda i: {
            'company': company_id, 'customer': customers[i],
            'type': complaint_type,
            'description': "客户来电：月末结账报表数据不一致。",
            })

    # Raw psycopg: as many ticket rows, one INSERT and commit each
    now = dt.datetime.utcnow()
    with connect(database) as conn:
        t0 = time.perf_counter()
        for i in range(n):
            conn.execute(
                'INSERT INTO service_ticket (number, company, customer, '
                'installation, product, channel, kind, priority, subject, '
                'description, sla_policy, registered_at, registered_on, '
                'state, create_uid, create_date) '
                'SELECT %s, %s, %s, %s, product, %s, %s, %s, %s, %s, '
                '(SELECT MIN(id) FROM service_sla_policy), %s, %s, %s, %s, %s '
                'FROM service_installation WHERE id = %s',
                (f'RAW{i:08d}', company_id, installations[i][1],
                    installations[i][0], 'phone', 'howto', 'normal',
                    f"电话报修{i}", "客户来电：月末结账报表数据不一致。", now,
                    now.date(), 'registered', admin_id, now,
                    installations[i][0]))
            conn.commit()
        results['raw INSERT'] = n / (time.perf_counter() - t0)
        # Leave the database as it was for the next run
        conn.execute('DELETE FROM service_ticket WHERE id > %s',
            (last_ticket,))
        conn.execute('DELETE FROM project_work WHERE id > %s', (last_work,))
        conn.execute('DELETE FROM sale_complaint WHERE id > %s',
            (last_complaint,))
        conn.commit()
    return results


def measure_escalation(database, due=100, repeat=5):
    """(b) one pass of the job with `due` milestones at risk, and one with
    nothing due; every pass rolls back, so the database stays as it was"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with tryton(database) as (pool, transaction):
        company_id = _company(pool).id
        cursor = transaction.connection.cursor()
        cursor.execute('SELECT COUNT(*) FROM service_ticket')
        tickets, = cursor.fetchone()
        cursor.execute('SELECT COUNT(*) FROM service_ticket_milestone '
            'WHERE watched')
        watched, = cursor.fetchone()
    pool = Pool(database)
    Milestone = pool.get('service.ticket.milestone')
    # Catch up first, as the job running every 5 minutes would have: what
    # fell due since the history was generated is told and stamped
    with Transaction().start(database, 0, context={'company': company_id}):
        with patch('trytond.modules.service_center.ticket'
                '.send_message_transactional') as send:
            Milestone.escalate()
        caught_up = send.call_count
    timings = {'due': [], 'nothing due': []}
    sent_counts = []
    for run in range(repeat + 1):
        for label in ['due', 'nothing due']:
            with Transaction().start(
                    database, 0, context={'company': company_id}
                    ) as transaction:
                now = dt.datetime.utcnow()
                if label == 'due':
                    cursor = transaction.connection.cursor()
                    cursor.execute(
                        'UPDATE service_ticket_milestone SET '
                        'at_risk_at = %s, deadline = %s, warned_at = NULL, '
                        'breach_notified_at = NULL, escalated_at = NULL '
                        'WHERE id IN (SELECT m.id FROM '
                        'service_ticket_milestone m JOIN service_ticket t '
                        'ON t.id = m.ticket WHERE m.watched '
                        'AND t.engineer IS NOT NULL '
                        'ORDER BY m.id DESC LIMIT %s)',
                        (now - dt.timedelta(minutes=1),
                            now + dt.timedelta(hours=1), due))
                    if cursor.rowcount != due:
                        raise SystemExit(
                            f'{database}: only {cursor.rowcount} watched '
                            'milestones to make due; generate a larger scale')
                with patch('trytond.modules.service_center.ticket'
                        '.send_message_transactional') as send:
                    t0 = time.perf_counter()
                    Milestone.escalate(now=now)
                    elapsed = time.perf_counter() - t0
                transaction.rollback()
            if run:  # the first round warms the caches
                timings[label].append(elapsed)
                if label == 'due':
                    sent_counts.append(send.call_count)
    return {
        'tickets': tickets,
        'watched': watched,
        'sent': sent_counts[0],
        'caught up': caught_up,
        'due': statistics.median(timings['due']),
        'nothing due': statistics.median(timings['nothing due']),
        }


def measure_analysis(database, repeat=3):
    "(c) the SLA analysis of the last full month, every row and column"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with tryton(database) as (pool, transaction):
        company_id = _company(pool).id
    pool = Pool(database)
    Analysis = pool.get('service.sla.analysis')
    first = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(
        day=1)
    last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    names = [n for n in Analysis._fields if n not in {
            'create_uid', 'create_date', 'write_uid', 'write_date',
            'rec_name'}]
    timings = []
    for run in range(repeat + 1):
        with Transaction().start(database, 0, context={
                    'company': company_id, 'from_date': first,
                    'to_date': last}):
            t0 = time.perf_counter()
            rows = Analysis.search_read([], fields_names=names)
            elapsed = time.perf_counter() - t0
        if run:
            timings.append(elapsed)
    return {
        'month': first.strftime('%Y-%m'),
        'rows': len(rows),
        'tickets': sum(r['tickets'] for r in rows),
        'seconds': statistics.median(timings),
        }


def machine():
    import psycopg
    with connect('postgres') as conn:
        server, = conn.execute('SHOW server_version').fetchone()
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as fp:
            for line in fp:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    memory = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
    return (f'{cpu}, {os.cpu_count()} cores, {memory / 2 ** 30:.0f} GiB; '
        f'Python {platform.python_version()}, PostgreSQL {server}, '
        f'psycopg {psycopg.__version__}')


def run(args):
    print(f'machine: {machine()}')
    print(f'date: {dt.date.today().isoformat()}')
    print()
    print(f'(a) records created per second through the ORM, one per '
        f'transaction, {args.creates} each, in {args.large}')
    creates = measure_creates(args.large, args.creates)
    ticket_rate = creates['service.ticket']
    print(f'    {"model":<16} {"per s":>8} {"ms each":>8} {"vs ticket":>10}')
    for model, rate in creates.items():
        print(f'    {model:<16} {rate:8.1f} {1000 / rate:8.2f} '
            f'{rate / ticket_rate:9.2f}x')
    print(f'    ticket cost / project.work cost: '
        f'{creates["project.work"] / ticket_rate:.2f}; '
        f'/ sale.complaint cost: '
        f'{creates["sale.complaint"] / ticket_rate:.2f}')
    print()
    print('(b) one escalation pass (median of 5, rolled back)')
    small = measure_escalation(args.small)
    large = measure_escalation(args.large)
    print(f'    {"tickets":>10} {"watched":>8} {"caught up":>9} '
        f'{"sent":>5} {"100 due ms":>11} {"none due ms":>12}')
    for result in [small, large]:
        print(f'    {result["tickets"]:>10,} {result["watched"]:>8,} '
            f'{result["caught up"]:>9} '
            f'{result["sent"]:>5} {result["due"] * 1000:>11.1f} '
            f'{result["nothing due"] * 1000:>12.2f}')
    print(f'    large / small: {large["due"] / small["due"]:.2f}x with 100 '
        f'due, {large["nothing due"] / small["nothing due"]:.2f}x with none')
    print()
    print('(c) SLA analysis of one month (median of 3)')
    for database in [args.small, args.large]:
        result = measure_analysis(database)
        print(f'    {database}: {result["month"]}, {result["tickets"]:,} '
            f'tickets in {result["rows"]:,} rows, '
            f'{result["seconds"] * 1000:.0f} ms')


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    gen = sub.add_parser('generate', help="build a benchmark database")
    gen.add_argument('-d', '--database', required=True)
    gen.add_argument('--scale', type=float, default=1.0,
        help="1 is 1,000,000 tickets (default); 0.01 is 10,000")
    gen.add_argument('--seed', type=int, default=2026)
    gen.set_defaults(func=generate)
    bench = sub.add_parser('run', help="measure")
    bench.add_argument('--small', required=True,
        help="database of the small scale (10,000 tickets)")
    bench.add_argument('--large', required=True,
        help="database of the large scale (1,000,000 tickets)")
    bench.add_argument('--creates', type=int, default=300)
    bench.set_defaults(func=run)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == '__main__':
    main()
