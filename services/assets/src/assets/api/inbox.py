"""/inbox: what the caller may decide now in the assets service (the gateway merges the four)."""
from __future__ import annotations

from buildingblocks.inbox import InboxOut
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import inbox as use_cases

blp = Blueprint("inbox", __name__, description="What the caller may decide now")


@blp.get("/inbox")
@blp.response(200, InboxOut)
def inbox():
    """Procurements, disposals and stock-take reconciliations the caller may approve or reject
    now, oldest first, with the actions the API has for each."""
    with unit_of_work() as uow:
        return use_cases.inbox(uow, current_principal())
