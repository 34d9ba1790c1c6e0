"""The finance service: one spending regulation, budgets no board can overspend, chargebacks."""

from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.web import create_service_app

from .config import SERVICE, FinanceConfig


def create_app(settings: Settings | None = None, database=None):
    """The finance web app (one per gunicorn worker, made after fork)."""
    from .adapters.orm import metadata
    from .api import BLUEPRINTS

    settings = settings or Settings.from_env(SERVICE)
    app = create_service_app(SERVICE, settings, BLUEPRINTS, metadata, database=database,
                             title="finance service")
    app.extensions["finance"] = FinanceConfig.from_settings(settings)
    return app
