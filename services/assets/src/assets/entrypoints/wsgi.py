"""gunicorn assets.entrypoints.wsgi:app (the app is made per worker, after fork)."""
from assets import create_app

app = create_app()
