#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Create (first time) or update the database of the suite.

First time: initialise, activate the four addons, load English and
Simplified Chinese, load the demo data.  A database that an earlier run
completed is only updated: its data is kept.  A database whose creation was
interrupted is created again from scratch.

    python tools/setup_db.py -c config/trytond.conf -d service_center

The same works on PostgreSQL (TRYTOND_DATABASE_URI or the config's uri).
"""
import argparse
import os
import subprocess
import sys
import tempfile

MODULES = [
    'service_center', 'service_contract', 'service_expense',
    'service_hr_rules']
ADMIN_EMAIL = 'admin@qiqing.example.cn'
ADMIN_PASSWORD = os.environ.get('ADMIN_PASSWORD', 'admin-2026')
HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


def admin(config_file, database, *args, env=None):
    subprocess.run(
        [os.path.join(BIN, 'trytond-admin'), '-c', config_file,
            '-d', database, *args],
        check=True, env=env)


def is_ready(database, demo=True):
    """Return whether an earlier run completed the database: the addons
    are activated and, with the demo, its last records exist."""
    from trytond import backend
    try:
        server = backend.Database().connect()
        exists = database in server.list()
        server.close()
        if not exists:
            return False
        db = backend.Database(database).connect()
    except Exception:
        return False
    try:
        with db.get_connection() as conn:
            cursor = conn.cursor()
            cursor.execute(
                "SELECT COUNT(*) FROM ir_module "
                "WHERE name = 'service_hr_rules' AND state = 'activated'")
            if not cursor.fetchone()[0]:
                return False
            if demo:
                # The demo's last step closes a month of pay
                cursor.execute(
                    "SELECT COUNT(*) FROM staff_pay_month "
                    "WHERE state = 'closed'")
                return bool(cursor.fetchone()[0])
            return True
    except Exception:
        return False
    finally:
        db.close()


def recreate(database, sqlite):
    "Start again from an empty database"
    from trytond import backend, config
    if sqlite:
        path = os.path.join(
            config.get('database', 'path'), database + '.sqlite')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            os.remove(path)
        open(path, 'w').close()
    else:
        db = backend.Database('postgres').connect()
        with db.get_connection(autocommit=True) as conn:
            conn.cursor().execute(f'DROP DATABASE IF EXISTS "{database}"')
            db.create(conn, database)
        db.close()


def ensure_serial_key():
    """Create the company's first serial key where the configuration says
    (R-CON-7); keys are never made again once one exists"""
    from trytond import config
    from trytond.modules.service_contract import serial_key
    directory = config.get('service_contract', 'serial_keys')
    if directory and not serial_key.key_numbers(directory):
        number = serial_key.generate_key(directory)
        print(f"serial key {number} created in {directory}", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--no-demo', action='store_true')
    args = parser.parse_args(argv)

    from trytond import config
    config.update_etc(args.config)
    sqlite = config.get('database', 'uri').startswith('sqlite')
    ensure_serial_key()

    if is_ready(args.database, demo=not args.no_demo):
        print(f"updating {args.database}", file=sys.stderr)
        admin(args.config, args.database, '--all')
        return

    print(f"creating {args.database}", file=sys.stderr)
    recreate(args.database, sqlite)
    with tempfile.NamedTemporaryFile('w') as passfile:
        passfile.write(ADMIN_PASSWORD)
        passfile.flush()
        admin(args.config, args.database, '--all', '-u', *MODULES,
            '--activate-dependencies', '-l', 'zh_CN', '--email', ADMIN_EMAIL,
            env=dict(os.environ, TRYTONPASSFILE=passfile.name))
    if not args.no_demo:
        subprocess.run(
            [sys.executable, os.path.join(HERE, 'demo.py'),
                '-c', args.config, '-d', args.database],
            check=True)


if __name__ == '__main__':
    main()
