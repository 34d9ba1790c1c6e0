"""Events the fleet listens to: HR's units and staff (the replica, restructurings, drivers who
leave) and assets' vehicles (registered -> joins the pool, disposed -> retired, a repair opened ->
its estimate kept on the car).

Handlers change rows through the unit of work's repositories and never commit: the consumer
does, then acks.
"""
from __future__ import annotations

import logging

from buildingblocks.messaging import Event, Handler
from buildingblocks.replica import REPLICA_HANDLERS

from ..service_layer.drivers import release_driver
from ..service_layer.vehicles import estimate_from_asset, register_from_asset, retire_from_asset

log = logging.getLogger(__name__)


def on_unit_dissolved(uow, event: Event) -> None:
    """A board dissolved into a successor hands over its open bookings (requested, approved,
    dispatched, running); without a successor they stay, visible to the fleet office."""
    REPLICA_HANDLERS["hr.unit.dissolved"](uow, event)
    code, successor = event.data.get("code"), event.data.get("successor_code")
    if code and successor:
        moved = uow.bookings.hand_over(code, successor)
        log.info("moved %s open bookings of dissolved unit %s to %s", moved, code, successor)


def _is_active_driver(staff) -> bool:
    return staff is not None and staff.is_driver and staff.status != "left"


def _on_staff(kind: str) -> Handler:
    replica = REPLICA_HANDLERS[kind]

    def handle(uow, event: Event) -> None:
        staff_id = int(event.data["id"])
        before = uow.replica.staff(staff_id)
        replica(uow, event)
        after = uow.replica.staff(staff_id)
        if _is_active_driver(after):
            uow.drivers.ensure_profiles([staff_id])
        elif _is_active_driver(before):
            why = f"driver {after.full_name if after else staff_id} is no longer available; dispatch again"
            released = release_driver(uow, staff_id, why)
            if released:
                log.info("released %s upcoming trips of staff %s", released, staff_id)

    handle.__name__ = f"on_{kind.replace('.', '_')}"
    return handle


def on_asset_registered(uow, event: Event) -> None:
    """A vehicle asset joins the pool."""
    register_from_asset(uow, event.data)


def on_asset_disposed(uow, event: Event) -> None:
    """A disposed vehicle is retired."""
    retire_from_asset(uow, event.data)


def on_repair_opened(uow, event: Event) -> None:
    """A car's repair estimate is kept on it (replacement flag, NĐ 72/2023 Art 3.4.c)."""
    estimate_from_asset(uow, event.data)


HANDLERS: dict[str, Handler] = {
    **REPLICA_HANDLERS,
    "hr.unit.dissolved": on_unit_dissolved,
    "hr.staff.hired": _on_staff("hr.staff.hired"),
    "hr.staff.changed": _on_staff("hr.staff.changed"),
    "hr.staff.transferred": _on_staff("hr.staff.transferred"),
    "hr.staff.left": _on_staff("hr.staff.left"),
    "assets.asset.registered": on_asset_registered,
    "assets.asset.disposed": on_asset_disposed,
    "assets.repair.opened": on_repair_opened,
}
