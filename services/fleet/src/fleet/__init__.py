"""The fleet service: one pool of cars and drivers that every board books."""
from __future__ import annotations

from flask import Flask

from buildingblocks.web import create_service_app

from .config import Config


def create_app(config: Config | None = None) -> Flask:
    """The fleet's web app (gunicorn runs one per worker process); the worker refreshes the gauges."""
    from .adapters.orm import metadata
    from .adapters.repository import repositories
    from .api import BLUEPRINTS

    config = config or Config.from_env()
    return create_service_app(config, BLUEPRINTS, metadata, title="Fleet service", repositories=repositories)
