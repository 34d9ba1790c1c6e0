"""Gunicorn settings of the finance web process (PORT defaults to 8002 in the image)."""
from buildingblocks.gunicorn_conf import *  # noqa: F401,F403
