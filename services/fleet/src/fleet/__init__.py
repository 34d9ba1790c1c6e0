"""The fleet service: one pool of cars and drivers that every board books."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the domain must stay importable without Flask
    from flask import Flask

    from buildingblocks.config import Settings
    from buildingblocks.db import Database


def create_app(settings: "Settings | None" = None, database: "Database | None" = None) -> "Flask":
    """The fleet's Flask app: the blueprints on the platform's service defaults."""
    from flask import request

    from buildingblocks.config import Settings
    from buildingblocks.web import create_service_app

    from .adapters.metrics import refresh_gauges
    from .adapters.orm import metadata
    from .api import bookings, drivers, inbox, maintenance, planning, vehicles
    from .config import SERVICE, FleetConfig

    settings = settings or Settings.from_env(SERVICE)
    config = FleetConfig.from_settings(settings)
    app = create_service_app(
        SERVICE, settings, [vehicles.blp, drivers.blp, bookings.blp, planning.blp, maintenance.blp, inbox.blp], metadata,
        database=database, title="Fleet service")
    app.extensions["fleet_config"] = config
    office = app.extensions["office"]

    @app.before_request
    def _fresh_gauges():
        # the gauges are state in the database: read it just before Prometheus scrapes
        if request.path == "/metrics":
            try:
                refresh_gauges(office.database, config)
            except Exception:  # a scrape must not fail because the database is away
                app.logger.warning("could not refresh the fleet gauges", exc_info=True)

    return app
