"""`GET /api/v1/inbox`: everything the caller may decide now, from every service."""

from __future__ import annotations

from buildingblocks.web import current_principal
from flask import g
from flask_smorest import Blueprint

from gateway.api.context import gateway
from gateway.api.schemas import InboxOut

blp = Blueprint("inbox", __name__, url_prefix="/api/v1", description="What awaits the caller's decision")


@blp.get("/inbox")
@blp.response(200, InboxOut)
def inbox():
    """Items awaiting the caller's decision in every service: the oldest 100, oldest first, and
    the counts of them all by `<service>.<kind>`; a service that did not answer in time is named
    in `unavailable`."""
    return gateway().inbox.merged(current_principal(), g.get("request_id") or "")
