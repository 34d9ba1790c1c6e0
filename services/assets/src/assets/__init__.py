"""The assets service: one register for every board, procurement within the standards and the
budget, repairs, transfers, disposals, yearly wear and stock-takes."""
from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.db import Database
from flask import Flask

SERVICE = "assets"


def create_app(settings: Settings | None = None, database: Database | None = None) -> Flask:
    """The assets web app; settings and database default to the environment's."""
    from buildingblocks.web import create_service_app

    from .adapters.orm import metadata
    from .api import blueprints
    from .config import AssetsConfig

    settings = settings or Settings.from_env(SERVICE)
    app = create_service_app(SERVICE, settings, blueprints(), metadata, database=database,
                             title="Assets service")
    app.extensions["assets_config"] = AssetsConfig.from_settings(settings)
    return app
