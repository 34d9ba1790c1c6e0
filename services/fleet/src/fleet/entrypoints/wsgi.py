"""gunicorn entry: `gunicorn -c gunicorn.conf.py fleet.entrypoints.wsgi:app`."""
from fleet import create_app

app = create_app()
