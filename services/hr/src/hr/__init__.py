"""The HR service: units, positions, staff, appointments, the staffing table and restructuring plans.

HR is the source of truth for who is where; the other services follow its events.
"""
from __future__ import annotations

from flask import Flask

from buildingblocks.web import create_service_app

from .config import Config


def create_app(config: Config | None = None) -> Flask:
    """The HR web app (gunicorn runs one per worker process)."""
    from .adapters.orm import metadata
    from .adapters.repository import repositories
    from .api import BLUEPRINTS

    config = config or Config.from_env()
    return create_service_app(config, BLUEPRINTS, metadata, title="HR service", repositories=repositories)
