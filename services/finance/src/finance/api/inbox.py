"""/inbox: what the caller may decide now in finance (the gateway merges every service's)."""

from __future__ import annotations

from buildingblocks.inbox import InboxOut, inbox_answer
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..config import SERVICE
from ..service_layer import inbox

blp = Blueprint("inbox", __name__, url_prefix="", description="What the caller may decide now")


@blp.get("/inbox")
@blp.response(200, InboxOut)
def get_inbox():
    """Expenses to approve, reject or pay and budget changes to decide, oldest first."""
    with unit_of_work() as uow:
        items, totals = inbox.inbox(uow, current_principal())
        return inbox_answer(SERVICE, items, totals)
