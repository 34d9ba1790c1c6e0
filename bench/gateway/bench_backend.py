"""The backend of the gateway benchmark: a minimal service built with the building blocks
(internal token verified on every request, JSON logs, metrics, problem+json), answering one
list read from memory so that the benchmark measures the proxies, not a database.

Run: gunicorn --chdir bench/gateway 'bench_backend:create()'
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from buildingblocks.config import Settings
from buildingblocks.db import service_metadata
from buildingblocks.web import create_service_app, current_principal
from flask_smorest import Blueprint

blp = Blueprint("items", __name__, description="A list read")

_ITEMS = [
    {"id": i, "unit": "BTC", "purpose": f"Công tác huyện {i}", "status": "approved", "amount_vnd": 1_500_000 + i}
    for i in range(20)
]


@blp.get("/items")
def list_items():
    """Twenty items of the caller's unit (about 2 KB of JSON)."""
    principal = current_principal()
    unit = principal.list_unit(None, "finance")
    return {"items": [dict(item, unit=unit or item["unit"]) for item in _ITEMS], "next_cursor": None}


def create():
    """The backend app (gunicorn factory)."""
    folder = tempfile.mkdtemp(prefix="bench-backend-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "backend.db")
    # routed as `finance`: the gateway's internal tokens are made for that audience
    settings = Settings.from_env("finance", database_url=f"sqlite:///{path}")
    metadata = service_metadata()
    app = create_service_app("benchbackend", settings, [blp], metadata, broker_check=False)
    metadata.create_all(app.extensions["office"].database.engine)
    return app
