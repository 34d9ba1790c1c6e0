"""gunicorn entrypoint: `gunicorn hr.entrypoints.wsgi:app`."""
from hr import create_app

app = create_app()
