"""/inbox: what the caller may decide now in the fleet (the gateway merges it with the other services')."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.inbox import InboxOut
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import bookings

blp = Blueprint("inbox", __name__, description="What the caller may decide now")


@blp.get("/inbox")
@blp.response(200, InboxOut)
def inbox():
    """Bookings waiting for the caller's decision (the board's head or another leader; never their own)
    and, for the fleet office, approved bookings waiting for dispatch; oldest first."""
    with unit_of_work() as uow:
        return bookings.inbox(uow, current_principal())
