"""The finance service: one spending regulation, budgets no board can overspend, chargebacks."""

from __future__ import annotations

from buildingblocks.web import create_service_app

from .config import Config


def create_app(config: Config | None = None):
    """The finance web app (one per gunicorn worker, made after fork)."""
    from .adapters.orm import metadata
    from .adapters.repository import repositories
    from .api import BLUEPRINTS

    config = config or Config.from_env()
    return create_service_app(config, BLUEPRINTS, metadata, title="finance service", repositories=repositories)
