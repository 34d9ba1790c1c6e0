"""The WSGI entry of the finance web process: `gunicorn -c gunicorn.conf.py finance.entrypoints.wsgi:app`."""

from finance import create_app

app = create_app()
