"""gunicorn settings of the fleet web process: the platform's, on port 8004 unless PORT says otherwise."""
import os

os.environ.setdefault("PORT", "8004")

from buildingblocks.gunicorn_conf import *  # noqa: E402,F401,F403
