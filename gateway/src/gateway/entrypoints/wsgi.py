"""The gateway's WSGI app, made in each web worker: `office-gateway-web` serves it (entrypoints/web.py)."""

from gateway import create_app

app = create_app()
