"""gunicorn -c gunicorn.conf.py assets.entrypoints.wsgi:app"""
from buildingblocks.gunicorn_conf import *  # noqa: F401,F403
