"""A small real service for the gateway's tests: built with the building blocks (internal token
required), it answers what it received, so a test can see exactly what the gateway forwarded.

Run: gunicorn --chdir gateway/tests 'echo_service:create()'  (INTERNAL_TOKEN_SECRET in the env).
"""

from __future__ import annotations

import base64
import atexit
import hashlib
import os
import shutil
import tempfile
import time

from buildingblocks.config import ServiceConfig, Settings
from buildingblocks.db import service_metadata
from buildingblocks.web import create_service_app, current_principal
from flask import Response, request
from flask_smorest import Blueprint

blp = Blueprint("echo", __name__, description="Answers what it received")


def _echo():
    principal = current_principal()
    return {
        "method": request.method,
        "path": request.path,
        "query": request.query_string.decode(),
        "args": {key: request.args.getlist(key) for key in request.args},
        "headers": {key: value for key, value in request.headers.items()},
        "body_b64": base64.b64encode(request.get_data()).decode(),
        "principal": {
            "username": principal.username,
            "unit": principal.unit,
            "staff_id": principal.staff_id,
            "roles": sorted(principal.roles),
        },
    }


@blp.route("/things", methods=["GET", "POST"])
def things():
    """Echo."""
    return _echo()


@blp.route("/things/<thing_id>", methods=["GET", "PATCH", "DELETE"])
def thing(thing_id):
    """Echo."""
    return _echo()


@blp.route("/things/<thing_id>/approve", methods=["POST"])
def approve(thing_id):
    """Echo."""
    return _echo()


@blp.get("/inbox")
def inbox():
    """Two items for the caller's unit, as a service's `GET /inbox` answers."""
    unit = current_principal().unit
    item = {"unit": unit, "requested_by": "chuyenvien.btc", "actions": ["approve", "reject"]}
    return {"items": [
        {**item, "service": "finance", "kind": "expense", "id": 1, "title": "Chi tiếp khách",
         "amount_vnd": 1_500_000, "requested_at": "2026-01-02T08:00:00+07:00"},
        {**item, "service": "finance", "kind": "budget_change", "id": 2, "title": "Điều chỉnh dự toán",
         "amount_vnd": None, "requested_at": "2026-01-05T08:00:00+07:00"},
    ], "counts": {"finance.expense": 1, "finance.budget_change": 1}}


@blp.get("/slow")
def slow():
    """Answers after `?seconds=` (to test the gateway's timeout)."""
    time.sleep(float(request.args.get("seconds", "5")))
    return {"slept": True}


@blp.get("/teapot")
def teapot():
    """A non-JSON answer with an odd status and a custom header, passed through untouched."""
    return Response(b"\x00\x01binary", status=418, headers={"X-Echo": "kept", "Content-Type": "application/octet-stream"})


@blp.get("/stream")
def stream():
    """A streamed answer (gunicorn sends it chunked)."""
    return Response((f"part {i}\n".encode() for i in range(50)), mimetype="text/plain")


PIECE = 64 * 1024


def pattern(size: int) -> bytes:
    """The `size` bytes every download of that size answers (the tests rebuild them)."""
    block = bytes(range(256)) * (PIECE // 256)
    return (block * (size // PIECE + 1))[:size]


@blp.post("/things/<thing_id>/attachments")
def upload(thing_id):
    """Reads the body in pieces and answers its size and sha256 (and how it came)."""
    digest, size = hashlib.sha256(), 0
    while piece := request.stream.read(PIECE):
        digest.update(piece)
        size += len(piece)
    return {"size": size, "sha256": digest.hexdigest(), "content_type": request.content_type,
            "content_length": request.headers.get("Content-Length"),
            "transfer_encoding": request.headers.get("Transfer-Encoding"),
            "principal": current_principal().username}, 201


@blp.get("/things/<thing_id>/attachments/<int:size>")
def download(thing_id, size):
    """`size` bytes of `pattern`, sent in pieces: with a Content-Length, or chunked (`?chunked=1`),
    or cut off half-way (`?broken=1`: the connection drops after half the declared length)."""
    data, broken = pattern(size), bool(request.args.get("broken"))

    def pieces():  # runs after the view returned: no request context here
        end = size // 2 if broken else size
        for start in range(0, end, PIECE):
            yield data[start:min(start + PIECE, end)]
        if broken:
            raise ConnectionAbortedError("cut off on purpose")

    headers = {"Content-Disposition": 'attachment; filename="scan.pdf"'}
    if not request.args.get("chunked"):
        headers["Content-Length"] = str(size)
    return Response(pieces(), mimetype="application/pdf", headers=headers)


def create():
    """The echo app (gunicorn factory); its database only holds the idempotency keys."""
    folder = tempfile.mkdtemp(prefix="gateway-echo-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "echo.db")
    # Routed as `finance`: internal tokens are made for that audience.
    settings = Settings.from_env("finance", database_url=f"sqlite:///{path}", MAX_CONTENT_LENGTH=64 * 1024 * 1024)
    metadata = service_metadata()
    app = create_service_app(ServiceConfig(settings=settings), [blp], metadata, broker_check=False)
    metadata.create_all(app.extensions["office"].database.engine)
    return app
