"""Who reads the whole pool and who manages it: the fleet office manages; the fleet office, the
leadership and the auditors read every plan, schedule, maintenance record and report; a driver
reads their own schedule and record. The refusals are named here, once."""
from __future__ import annotations

from typing import Protocol

from buildingblocks.errors import NotAllowed, NotFound

from .booking import FLEET_OFFICE, LEADERSHIP, SERVICE, Caller

# who reads the whole pool's plans and reports
POOL_READERS = (FLEET_OFFICE, LEADERSHIP, "auditor")
READERS_ONLY = "is for the fleet office, the leadership and the auditors"


class ScopedCaller(Caller, Protocol):
    def has_scope(self, service: str) -> bool: ...


def is_pool_reader(caller: Caller) -> bool:
    return caller.has_role(*POOL_READERS)


def ensure_pool_reader(caller: Caller, what: str = "this view") -> None:
    """NotAllowed unless the caller reads the whole pool (by role)."""
    if not is_pool_reader(caller):
        raise NotAllowed(f"{what} {READERS_ONLY}")


def ensure_fleet_scope(caller: ScopedCaller, what: str) -> None:
    """NotAllowed unless the caller reads every board's fleet records (by scope)."""
    if not caller.has_scope(SERVICE):
        raise NotAllowed(f"{what} {READERS_ONLY}")


def ensure_sees_driver(caller: ScopedCaller, staff_id: int, by_scope: bool = False) -> None:
    """NotFound unless the caller reads the pool, or is that driver."""
    reader = caller.has_scope(SERVICE) if by_scope else is_pool_reader(caller)
    if not (reader or caller.staff_id == staff_id):
        raise NotFound(f"driver {staff_id} not found")


def ensure_manager(caller: Caller) -> None:
    """NotAllowed unless the caller is the fleet office (who manages vehicles, drivers, maintenance)."""
    if not caller.has_role(FLEET_OFFICE):
        raise NotAllowed(f"requires one of the roles: {FLEET_OFFICE}")
