# gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py`.
# trytond's built-in server answers every request with Connection: close;
# gunicorn keeps connections alive and runs several processes.
import os

os.environ.setdefault(
    'TRYTOND_CONFIG',
    os.path.join(os.path.dirname(__file__), 'postgresql.conf'))
wsgi_app = 'trytond.application:app'
bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:8000')
workers = int(os.environ.get('GUNICORN_WORKERS', 2 * os.cpu_count() + 1))
threads = 1
timeout = 120
keepalive = 5
