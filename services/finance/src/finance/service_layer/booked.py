"""Reading what other services' events booked: reservations and chargebacks."""

from __future__ import annotations

from buildingblocks.errors import NotFound
from sqlalchemy import select

from ..adapters.orm import Chargeback, Reservation
from ..adapters.pages import page
from ..config import SERVICE

MODELS = {"reservation": Reservation, "chargeback": Chargeback}


def get(uow, principal, what: str, record_id: int):
    """One reservation or chargeback (404 for another board's unless the caller holds the scope)."""
    record = uow.session.get(MODELS[what], record_id)
    if record is None:
        raise NotFound(f"{what} {record_id} not found")
    principal.ensure_can_see(record.unit, SERVICE, what)
    return record


def list_records(uow, principal, what: str, args: dict):
    """A page of reservations or chargebacks, newest first, narrowed to the caller's board."""
    model = MODELS[what]
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(model)
    if unit is not None:
        stmt = stmt.where(model.unit == unit)
    for name in ("fiscal_year", "category", "source", "source_id"):
        if args.get(name) is not None:
            stmt = stmt.where(getattr(model, name) == args[name])
    return page(uow.session, stmt, model.id, args, descending=True)
