"""/inbox: what the caller may decide now in HR (the gateway merges it with the other services')."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.inbox import InboxOut, inbox_answer
from buildingblocks.web import current_principal, unit_of_work

from ..config import SERVICE
from ..service_layer import restructurings

blp = Blueprint("inbox", __name__, description="What the caller may decide now")


@blp.get("/inbox")
@blp.response(200, InboxOut)
def inbox():
    """Restructuring plans waiting for the caller's approval (leadership; never their own), oldest first."""
    with unit_of_work() as uow:
        return inbox_answer(SERVICE, restructurings.inbox(uow, current_principal()))
