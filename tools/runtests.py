#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Run every test of every addon and of tests/, on SQLite and, when
TRYTOND_DATABASE_URI names a PostgreSQL server, on PostgreSQL too.

The unittest runner is used on purpose: it runs the .rst scenarios that
the addons collect with load_doc_tests (pytest skips them silently).
The last line printed is the total, `N passed, N failed`.

    python tools/runtests.py                 # what `make test` runs
    python tools/runtests.py -k duplicate    # only tests matching a pattern
"""
import argparse
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = [
    'service_center', 'service_contract', 'service_expense',
    'service_hr_rules']
# Variables of the caller's trytond setup that would leak into the tests
CLEARED = ['TRYTOND_DATABASE__URI', 'TRYTOND_CONFIG', 'DB_CACHE']


def load_suite(patterns):
    loader = unittest.TestLoader()
    if patterns:
        loader.testNamePatterns = [
            p if '*' in p else f'*{p}*' for p in patterns]
    suite = unittest.TestSuite()
    for addon in ADDONS:
        for path in sorted(glob.glob(
                    os.path.join(ROOT, 'addons', addon, 'tests',
                        'test_*.py'))):
            name = os.path.splitext(os.path.basename(path))[0]
            suite.addTests(loader.loadTestsFromName(
                    f'trytond.modules.{addon}.tests.{name}'))
    sys.path.insert(0, os.path.join(ROOT, 'tests'))
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests', 'test_*.py'))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        suite.addTests(loader.loadTestsFromModule(module))
    return suite


def child(result_file, patterns):
    "Run the suite in this process, on the backend of the environment"
    suite = load_suite(patterns)
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout)
    result = runner.run(suite)
    with open(result_file, 'w') as fp:
        json.dump({
                'run': result.testsRun,
                'failures': len(result.failures),
                'errors': len(result.errors),
                'skipped': len(result.skipped),
                'unexpected': len(result.unexpectedSuccesses),
                }, fp)


def drop_postgresql(uri, names):
    import psycopg
    with psycopg.connect(uri.rstrip('/') + '/postgres',
            autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_backend(backend, uri, patterns):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.pop('TRYTOND_DATABASE_URI', None)
    env['PYTHONUNBUFFERED'] = '1'
    db_name = None
    if backend == 'sqlite':
        env['DB_NAME'] = ':memory:'
    else:
        db_name = f'test_sc_{os.getpid()}_{int(time.time())}'
        env['TRYTOND_DATABASE_URI'] = uri
        env['DB_NAME'] = db_name
    with tempfile.NamedTemporaryFile('r', suffix='.json') as result_file:
        args = [sys.executable, __file__, '--child', result_file.name]
        for pattern in patterns:
            args += ['-k', pattern]
        print(f"=== {backend} ===", flush=True)
        process = subprocess.run(args, env=env, cwd=ROOT)
        try:
            result = json.load(result_file)
        except ValueError:
            result = None
    if db_name:
        drop_postgresql(uri, [db_name])
    if result is None:
        # The child died before it could count: one failure for the run
        return {'run': 1, 'failures': 0, 'errors': 1, 'skipped': 0,
            'unexpected': 0, 'crashed': process.returncode}
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-k', dest='patterns', action='append', default=[],
        help="only run tests whose name matches")
    parser.add_argument('--backend', choices=['sqlite', 'postgresql'],
        action='append', help="default: sqlite, and postgresql when "
        "TRYTOND_DATABASE_URI names a server")
    parser.add_argument('--child', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child(args.child, args.patterns)
        return

    uri = os.environ.get('TRYTOND_DATABASE_URI', '')
    backends = args.backend or (
        ['sqlite', 'postgresql'] if uri.startswith('postgresql')
        else ['sqlite'])
    if 'postgresql' in backends and not uri.startswith('postgresql'):
        parser.error("TRYTOND_DATABASE_URI must name the PostgreSQL server")

    totals = {'passed': 0, 'failed': 0, 'skipped': 0}
    for backend in backends:
        result = run_backend(backend, uri, args.patterns)
        failed = result['failures'] + result['errors'] + result['unexpected']
        skipped = result['skipped']
        passed = result['run'] - failed - skipped
        print(f"=== {backend} done: {result['run']} tests, "
            f"{failed} failing, {skipped} skipped ===", flush=True)
        totals['passed'] += passed
        totals['failed'] += failed
        totals['skipped'] += skipped
    print(f"{totals['passed']} passed, {totals['failed']} failed, "
        f"{totals['skipped']} skipped")
    sys.exit(1 if totals['failed'] or not totals['passed'] else 0)


if __name__ == '__main__':
    main()
