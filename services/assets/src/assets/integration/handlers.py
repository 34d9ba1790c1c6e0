"""Handlers of the events assets consumes. Each changes rows through the unit of work and never
commits: the consumer commits (with the inbox row) and then acks."""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today
from buildingblocks.messaging import Event
from buildingblocks.replica import REPLICA_HANDLERS

from ..service_layer import cars, procurements
from ..service_layer.common import board_of
from ..service_layer.register import release_holder, transfer_board_assets


def _date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return local_today()


def reservation_accepted(uow, event: Event) -> None:
    procurements.on_reservation_accepted(uow, event.data)


def reservation_rejected(uow, event: Event) -> None:
    procurements.on_reservation_rejected(uow, event.data)


def unit_dissolved(uow, event: Event) -> None:
    """A board merged into another (dissolved with a successor) hands it all its assets."""
    REPLICA_HANDLERS["hr.unit.dissolved"](uow, event)
    code, successor = event.data.get("code"), event.data.get("successor_code")
    if not code or not successor:
        return
    to_board = board_of(uow, successor)
    if to_board and to_board != code:
        transfer_board_assets(uow, code, to_board, effective_on=_date(event.data.get("effective_date")),
                              reason=f"{code} dissolved into {successor}", reference=f"hr:{event.id}")


def staff_left(uow, event: Event) -> None:
    """What a person held stays with the board when they leave."""
    REPLICA_HANDLERS["hr.staff.left"](uow, event)
    release_holder(uow, int(event.data["id"]), None, "holder left", f"hr:{event.id}")


def staff_transferred(uow, event: Event) -> None:
    """A person moving to another board leaves the old board's equipment behind."""
    REPLICA_HANDLERS["hr.staff.transferred"](uow, event)
    new_board = board_of(uow, event.data.get("unit"))
    release_holder(uow, int(event.data["id"]), new_board, f"holder moved to {new_board}", f"hr:{event.id}")


def vehicle_registered(uow, event: Event) -> None:
    """A car the fleet office added joins the register (one register for cars)."""
    cars.register_from_fleet(uow, event.data)


def vehicle_retired(uow, event: Event) -> None:
    """A car the fleet office retired is disposed of."""
    cars.dispose_from_fleet(uow, event.data)


def car_limit_exception(uow, event: Event) -> None:
    """The leadership's exception to the car entitlement counts here too."""
    cars.keep_exception(uow, event.data)


def car_limit_exception_withdrawn(uow, event: Event) -> None:
    """A withdrawn exception no longer counts here either."""
    cars.drop_exception(uow, event.data)


HANDLERS = {
    **REPLICA_HANDLERS,
    "hr.unit.dissolved": unit_dissolved,
    "hr.staff.left": staff_left,
    "hr.staff.transferred": staff_transferred,
    "finance.reservation.accepted": reservation_accepted,
    "finance.reservation.rejected": reservation_rejected,
    "fleet.vehicle.registered": vehicle_registered,
    "fleet.vehicle.retired": vehicle_retired,
    "fleet.car_limit.exception_recorded": car_limit_exception,
    "fleet.car_limit.exception_withdrawn": car_limit_exception_withdrawn,
}
