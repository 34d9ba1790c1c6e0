"""Gunicorn settings of the HR web process (PORT defaults to 8001 in the image)."""
from buildingblocks.gunicorn_conf import *  # noqa: F401,F403
