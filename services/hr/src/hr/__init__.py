"""The HR service: units, positions, staff, appointments, the staffing table and restructuring plans.

HR is the source of truth for who is where; the other services follow its events.
"""
from __future__ import annotations

from flask import Flask, request

from buildingblocks.config import Settings
from buildingblocks.errors import BadRequest
from buildingblocks.web import create_service_app

from .config import SERVICE


def create_app(settings: Settings | None = None, **kwargs) -> Flask:
    """The HR web app (gunicorn runs one per worker process)."""
    from .adapters.orm import metadata
    from .api import BLUEPRINTS

    settings = settings or Settings.from_env(SERVICE)
    app = create_service_app(SERVICE, settings, BLUEPRINTS, metadata, title="HR service", **kwargs)

    @app.before_request
    def _refuse_nul():
        # PostgreSQL cannot compare or store NUL characters: a path or query carrying one would
        # fail in the database instead of being refused as bad input.
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
            raise BadRequest("the request contains a NUL character")

    return app
