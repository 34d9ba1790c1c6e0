"""Incoming events: HR's units and staff, assets' procurements and repairs, fleet's trips and maintenance.

Each handler runs in the consumer's transaction (claim in the inbox, handle, commit, ack), so a
redelivered event changes nothing; the bookings are also keyed by their source, so a second event
about the same procurement or trip books nothing either. Malformed data is a PermanentError: it
is parked at once instead of being retried to no purpose.
"""

from __future__ import annotations

import datetime as dt

import buildingblocks.contracts.finance  # noqa: F401  (registers finance's event shapes: publishes are validated)
from buildingblocks import contracts
from buildingblocks.messaging import PermanentError
from buildingblocks.clock import local_date, local_today
from buildingblocks.replica import REPLICA_HANDLERS
from marshmallow import EXCLUDE, ValidationError

from ..config import MAINTENANCE_CATEGORY, PROCUREMENT_CATEGORY, REPAIR_CATEGORY, TRANSPORT_CATEGORY
from ..service_layer import bookings, budgets

PROCUREMENT = "assets.procurement"


def _data(event, *required: str) -> dict:
    """The event's data, checked against its contract when one is declared, else for `required` keys."""
    spec = contracts.REGISTRY.get(event.type)
    missing = [name for name in required if event.data.get(name) is None]
    if missing:
        raise PermanentError(f"{event.type} {event.id} lacks {', '.join(missing)}")
    if spec is not None:
        try:
            spec.schema(unknown=EXCLUDE).load(event.data)
        except ValidationError as invalid:
            raise PermanentError(f"{event.type} {event.id} does not match its contract: {invalid.messages}") from None
    return event.data


def _int(data: dict, name: str) -> int:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PermanentError(f"{name} is not an integer: {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise PermanentError(f"{name} is not an integer: {value!r}") from None
    if not -(2**62) < number < 2**62:
        raise PermanentError(f"{name} is out of range: {value!r}")
    return number


def _amount(data: dict, name: str) -> int:
    """A VND amount of an event: an integer, never negative (a cost is never a credit)."""
    amount = _int(data, name)
    if amount < 0:
        raise PermanentError(f"{name} is negative: {amount}")
    return amount


def _year(data: dict) -> int:
    year = _int(data, "fiscal_year")
    if not 2000 <= year <= 2100:
        raise PermanentError(f"fiscal_year out of range: {year}")
    return year


def _unit(data: dict) -> str:
    unit = data["unit"]
    if not isinstance(unit, str) or not 0 < len(unit) <= 40:
        raise PermanentError(f"not a unit code: {unit!r}")
    return unit


def _date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PermanentError(f"not a date: {value!r}") from None


def _moment(value) -> dt.date:
    """The local (Asia/Ho_Chi_Minh) date of an ISO datetime, which decides its fiscal year."""
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise PermanentError(f"not a datetime: {value!r}") from None
    return local_date(moment)


def on_procurement_submitted(uow, event) -> None:
    """Reserve the procurement's estimate in the board's budget, or refuse; answer either way."""
    data = _data(event, "procurement_id", "unit", "fiscal_year", "amount_vnd")
    bookings.reserve_for(
        uow, source=PROCUREMENT, source_id=data["procurement_id"], unit=_unit(data),
        fiscal_year=_year(data), category=data.get("category") or PROCUREMENT_CATEGORY,
        amount_vnd=_amount(data, "amount_vnd"), event_id=event.id,
    )


def on_procurement_received(uow, event) -> None:
    """Spend the actual cost of the goods received and release the reservation."""
    data = _data(event, "procurement_id", "unit", "fiscal_year", "amount_vnd")
    bookings.settle(
        uow, source=PROCUREMENT, source_id=data["procurement_id"], unit=_unit(data),
        fiscal_year=_year(data), category=data.get("category") or PROCUREMENT_CATEGORY,
        actual_vnd=_amount(data, "amount_vnd"), event_id=event.id,
    )


def on_procurement_cancelled(uow, event) -> None:
    """Release what the procurement held (nothing, if it was refused or already released)."""
    data = _data(event, "procurement_id")
    bookings.release(uow, source=PROCUREMENT, source_id=data["procurement_id"], event_id=event.id)


def on_trip_completed(uow, event) -> None:
    """Charge the trip's fuel to the transport budget of the board that booked it."""
    data = _data(event, "booking_id", "unit", "fuel_cost_vnd", "completed_at")
    bookings.charge(
        uow, source="fleet.trip", source_id=data["booking_id"], unit=_unit(data), category=TRANSPORT_CATEGORY,
        amount_vnd=_amount(data, "fuel_cost_vnd"), occurred_on=_moment(data["completed_at"]), event_id=event.id,
    )


def on_repair_completed(uow, event) -> None:
    """Charge the repair to the repair budget of the board that holds the asset."""
    data = _data(event, "repair_id", "unit", "cost_vnd", "completed_on")
    bookings.charge(
        uow, source="assets.repair", source_id=data["repair_id"], unit=_unit(data), category=REPAIR_CATEGORY,
        amount_vnd=_amount(data, "cost_vnd"), occurred_on=_date(data["completed_on"]), event_id=event.id,
    )


def on_maintenance_completed(uow, event) -> None:
    """Charge fleet maintenance to the Office (the replica's unit of kind `office`)."""
    data = _data(event, "record_id", "cost_vnd", "done_on")
    office = uow.replica.office_unit()
    bookings.charge(
        uow, source="fleet.maintenance", source_id=data["record_id"],
        unit=office.code if office is not None else uow.config.office_unit_fallback,
        category=MAINTENANCE_CATEGORY, amount_vnd=_amount(data, "cost_vnd"), occurred_on=_date(data["done_on"]),
        event_id=event.id,
    )


def on_unit_dissolved(uow, event) -> None:
    """Update the replica, then move the dissolved unit's available money to its successor."""
    REPLICA_HANDLERS["hr.unit.dissolved"](uow, event)
    data = _data(event, "code")
    successor = data.get("successor_code")
    if successor:
        effective = _date(data["effective_date"]) if data.get("effective_date") else local_today()
        budgets.move_to_successor(uow, data["code"], successor, effective, event.id)


HANDLERS = {
    **REPLICA_HANDLERS,
    "hr.unit.dissolved": on_unit_dissolved,
    "assets.procurement.submitted": on_procurement_submitted,
    "assets.procurement.received": on_procurement_received,
    "assets.procurement.cancelled": on_procurement_cancelled,
    "assets.repair.completed": on_repair_completed,
    "fleet.trip.completed": on_trip_completed,
    "fleet.maintenance.completed": on_maintenance_completed,
}
