"""The assets service: one register for every board, procurement within the standards and the
budget, repairs, transfers, disposals, yearly wear and stock-takes."""
from __future__ import annotations

from buildingblocks.web import create_service_app
from flask import Flask

from .adapters.orm import metadata
from .adapters.repository import repositories
from .api import BLUEPRINTS
from .config import Config


def create_app(config: Config | None = None) -> Flask:
    """The assets web app; its configuration defaults to the environment's."""
    config = config or Config.from_env()
    return create_service_app(config, BLUEPRINTS, metadata, title="Assets service", repositories=repositories)
