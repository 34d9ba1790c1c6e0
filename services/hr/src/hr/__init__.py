"""The HR service: units, positions, staff, appointments, the staffing table and restructuring plans.

HR is the source of truth for who is where; the other services follow its events.
"""
from __future__ import annotations

from flask import Flask

from buildingblocks.config import Settings
from buildingblocks.web import create_service_app

from .config import SERVICE


def create_app(settings: Settings | None = None, **kwargs) -> Flask:
    """The HR web app (gunicorn runs one per worker process)."""
    from .adapters.orm import metadata
    from .api import BLUEPRINTS

    settings = settings or Settings.from_env(SERVICE)
    app = create_service_app(SERVICE, settings, BLUEPRINTS, metadata, title="HR service", **kwargs)
    return app
