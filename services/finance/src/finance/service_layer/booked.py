"""Reading what other services' events booked: reservations and chargebacks."""

from __future__ import annotations

from buildingblocks.errors import NotFound

from ..config import SERVICE

REPOSITORIES = {"reservation": "reservations", "chargeback": "chargebacks"}


def get(uow, principal, what: str, record_id: int):
    """One reservation or chargeback (404 for another board's unless the caller holds the scope)."""
    record = getattr(uow, REPOSITORIES[what]).get(record_id)
    if record is None:
        raise NotFound(f"{what} {record_id} not found")
    principal.ensure_can_see(record.unit, SERVICE, what)
    return record


def list_records(uow, principal, what: str, args: dict):
    """A page of reservations or chargebacks, newest first, narrowed to the caller's board."""
    return getattr(uow, REPOSITORIES[what]).page(principal.list_unit(args.get("unit"), SERVICE), args)
