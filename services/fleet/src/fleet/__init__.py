"""The fleet service: one pool of cars and drivers that every board books."""
from __future__ import annotations

from flask import Flask

from buildingblocks.warmup import register_warm_up
from buildingblocks.web import create_service_app

from .config import Config


def create_app(config: Config | None = None) -> Flask:
    """The fleet's web app (gunicorn runs one per worker process, and its warm-up once in each
    before it serves); the worker refreshes the gauges."""
    from .adapters.orm import metadata
    from .adapters.repository import repositories
    from .api import BLUEPRINTS
    from .service_layer.warm_up import warm_up

    config = config or Config.from_env()
    app = create_service_app(config, BLUEPRINTS, metadata, title="Fleet service", repositories=repositories)
    database = app.extensions["office"].database
    register_warm_up(app, "fleet reads", lambda: warm_up(database))
    return app
