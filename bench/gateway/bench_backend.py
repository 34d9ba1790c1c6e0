"""The backend of the gateway benchmark: a minimal service built with the building blocks
(internal token verified on every request, JSON logs, metrics, problem+json), answering one
list read from memory so that the benchmark measures the proxies, not a database.

Run: gunicorn --chdir bench/gateway 'bench_backend:create()'
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile

from buildingblocks.config import ServiceConfig, Settings
from buildingblocks.db import service_metadata
from buildingblocks.web import create_service_app, current_principal
from flask import Response, request
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


PIECE = 64 * 1024
_BLOCK = bytes(range(256)) * (PIECE // 256)


@blp.post("/records/<int:record_id>/attachments")
def upload(record_id):
    """Reads an upload in pieces (as a service stores it) and answers its size and sha256."""
    digest, size = hashlib.sha256(), 0
    while piece := request.stream.read(PIECE):
        digest.update(piece)
        size += len(piece)
    return {"size": size, "sha256": digest.hexdigest()}, 201


@blp.get("/records/<int:record_id>/attachments/<int:size>")
def download(record_id, size):
    """`size` bytes sent in pieces with their Content-Length (a stored file's download)."""
    def pieces():
        for start in range(0, size, PIECE):
            yield _BLOCK[: min(PIECE, size - start)]
    return Response(pieces(), mimetype="application/pdf", headers={"Content-Length": str(size)})


def create():
    """The backend app (gunicorn factory)."""
    folder = tempfile.mkdtemp(prefix="bench-backend-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "backend.db")
    # routed as `finance`: the gateway's internal tokens are made for that audience
    settings = Settings.from_env("finance", database_url=f"sqlite:///{path}", MAX_CONTENT_LENGTH=64 * 1024 * 1024)
    metadata = service_metadata()
    app = create_service_app(ServiceConfig(settings=settings), [blp], metadata, broker_check=False)
    metadata.create_all(app.extensions["office"].database.engine)
    return app
