# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""The real trytond server, started from config/trytond.conf on a fresh
database that tools/setup_db.py creates with the demo data."""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, 'config', 'trytond.conf')
BIN = os.path.dirname(sys.executable)
DEMO_PASSWORD = 'Qiqing-2026'
# One demo user per role of R-ORG-3
ROLE_LOGINS = [
    'manager', 'supervisor', 'specialist', 'revisit', 'engineer',
    'developer', 'clerk', 'finance', 'hr', 'gm']


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class RPCError(Exception):
    pass


class LoginError(Exception):
    pass


class Session:
    def __init__(self, server, login, user_id, key):
        self.server = server
        self.auth = base64.b64encode(
            f'{login}:{user_id}:{key}'.encode()).decode()
        self.context = self._call('model.res.user.get_preferences', True, {})

    def _call(self, method, *params):
        response = self.server.rpc(method, list(params), auth=self.auth)
        if 'error' in response:
            raise RPCError(response['error'])
        return response['result']

    def call(self, method, *params):
        "Call a model method with the user's context"
        return self._call(method, *params, self.context)

    def call_error(self, method, *params):
        "Call a method that must fail and return the message the user reads"
        try:
            self.call(method, *params)
        except RPCError as exception:
            kind, (message, description, *_) = exception.args[0]
            assert kind in {'UserError', 'UserWarning'}, exception
            return f'{message}\n{description}'
        raise AssertionError(f"{method} did not fail")


class SuiteServer:
    LoginError = LoginError

    def __init__(self):
        self.uri = os.environ.get('TRYTOND_DATABASE_URI', '')
        self.postgresql = self.uri.startswith('postgresql')
        self.tmp = tempfile.mkdtemp(prefix='service-center-e2e-')
        self.database = f'sc_e2e_{os.getpid()}'
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.process = None
        env = {k: v for k, v in os.environ.items()
            if not k.startswith('TRYTOND_') and k != 'DB_NAME'}
        env.update({
                'TRYTOND_DATABASE__PATH': self.tmp,
                'TRYTOND_WEB__LISTEN': f'127.0.0.1:{self.port}',
                'TRYTOND_SERVICE_CONTRACT__SERIAL_KEYS': os.path.join(
                    self.tmp, 'keys'),
                'TRYTOND_WEB__ROOT': os.environ.get(
                    'TRYTOND_WEB__ROOT',
                    os.path.join(ROOT, 'var', 'sao', 'package')),
                })
        if self.postgresql:
            env['TRYTOND_DATABASE_URI'] = self.uri
        self.env = env

    def start(self):
        subprocess.run(
            [sys.executable, os.path.join(ROOT, 'tools', 'setup_db.py'),
                '-c', CONFIG, '-d', self.database],
            env=self.env, check=True, cwd=ROOT,
            stdout=subprocess.DEVNULL)
        self.log = open(os.path.join(self.tmp, 'trytond.log'), 'w')
        self.process = subprocess.Popen(
            [os.path.join(BIN, 'trytond'), '-c', CONFIG,
                '-d', self.database],
            env=self.env, cwd=ROOT, stdout=self.log,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("trytond stopped, see " + self.log.name)
            try:
                self.get('/')
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("trytond did not answer within 60 s")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.close()
        if self.postgresql:
            import psycopg
            with psycopg.connect(self.uri.rstrip('/') + '/postgres',
                    autocommit=True) as conn:
                conn.execute(
                    f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.status, response.read().decode('utf-8')

    def rpc(self, method, params, auth=None):
        request = urllib.request.Request(
            f'{self.url}/{self.database}/rpc/',
            json.dumps({'id': 1, 'method': method, 'params': params}
                ).encode('utf-8'),
            {'Content-Type': 'application/json'})
        if auth:
            request.add_header('Authorization', f'Session {auth}')
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def login(self, login, password=DEMO_PASSWORD):
        try:
            response = self.rpc(
                'common.db.login', [login, {'password': password}, 'zh_CN'])
        except urllib.error.HTTPError as error:
            raise LoginError(error.code) from error
        if 'error' in response or not response.get('result'):
            raise LoginError(response)
        user_id, key = response['result'][:2]
        return Session(self, login, user_id, key)
