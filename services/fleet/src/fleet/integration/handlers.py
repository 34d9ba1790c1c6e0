"""Events the fleet listens to: HR's units and staff (the replica, restructurings, drivers who
leave) and assets' vehicles (registered -> joins the pool, disposed -> retired).

Handlers change rows through `uow.session` and never commit: the consumer does, then acks.
"""
from __future__ import annotations

import logging

from sqlalchemy import update

from buildingblocks.db import UnitOfWork
from buildingblocks.messaging import Event
from buildingblocks.replica import REPLICA_HANDLERS, get_staff

from ..adapters.orm import Booking
from ..adapters import queries
from ..domain import booking as rules
from ..service_layer.drivers import release_driver
from ..service_layer.vehicles import register_from_asset, retire_from_asset

log = logging.getLogger(__name__)


def on_unit_dissolved(uow: UnitOfWork, event: Event) -> None:
    """A board dissolved into a successor hands over its open bookings (requested, approved,
    dispatched, running); without a successor they stay, visible to the fleet office."""
    REPLICA_HANDLERS["hr.unit.dissolved"](uow, event)
    code, successor = event.data.get("code"), event.data.get("successor_code")
    if not code or not successor:
        return
    moved = uow.session.execute(
        update(Booking).where(Booking.unit == code, Booking.status.in_(rules.OPEN))
        .values(unit=successor, moved_from_unit=code)).rowcount
    log.info("moved %s open bookings of dissolved unit %s to %s", moved, code, successor)


def _on_staff(kind: str):
    replica = REPLICA_HANDLERS[kind]

    def handle(uow: UnitOfWork, event: Event) -> None:
        staff_id = int(event.data["id"])
        before = get_staff(uow.session, staff_id)
        replica(uow, event)
        after = get_staff(uow.session, staff_id)
        was_driver = before is not None and before.is_driver and before.status != queries.STAFF_LEFT
        still_driver = after is not None and after.is_driver and after.status != queries.STAFF_LEFT
        if still_driver:
            queries.ensure_profiles(uow.session, [staff_id])
        elif was_driver:
            why = f"driver {after.full_name if after else staff_id} is no longer available; dispatch again"
            released = release_driver(uow, staff_id, why)
            if released:
                log.info("released %s upcoming trips of staff %s", released, staff_id)

    handle.__name__ = f"on_{kind.replace('.', '_')}"
    return handle


def on_asset_registered(uow: UnitOfWork, event: Event) -> None:
    """A vehicle asset joins the pool."""
    register_from_asset(uow, event.data)


def on_asset_disposed(uow: UnitOfWork, event: Event) -> None:
    """A disposed vehicle is retired."""
    retire_from_asset(uow, event.data)


HANDLERS = {
    **REPLICA_HANDLERS,
    "hr.unit.dissolved": on_unit_dissolved,
    "hr.staff.hired": _on_staff("hr.staff.hired"),
    "hr.staff.changed": _on_staff("hr.staff.changed"),
    "hr.staff.transferred": _on_staff("hr.staff.transferred"),
    "hr.staff.left": _on_staff("hr.staff.left"),
    "assets.asset.registered": on_asset_registered,
    "assets.asset.disposed": on_asset_disposed,
}
