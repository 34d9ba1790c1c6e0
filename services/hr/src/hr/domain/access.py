"""Who may read and write HR's records, and the date a change takes effect."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, NotAllowed
from buildingblocks.identity import Principal

from ..config import SERVICE
from .errors import OutOfOrder
from .model import Structure


def require_writer(principal: Principal) -> None:
    """Units, positions, staff and appointments are kept by the Office's HR specialists; the
    platform `admin` may also set up the structure and records (the platform issue has the admin
    create a unit and a driver); approvals and plans stay with office_hr and leadership."""
    principal.require_role("office_hr", "admin")


def require_plan_reader(principal: Principal) -> None:
    """Plans reshape every board: the Office's HR, the leadership and the auditors read them."""
    if not principal.has_scope(SERVICE):
        raise NotAllowed("restructuring plans are read by office_hr, leadership and auditors")


def require_plan_actor(principal: Principal) -> None:
    """Who acts on plans: the Office's HR drafts them, the leadership decides them; both add
    their papers (a signed decision, a scan) to a plan."""
    principal.require_role("office_hr", "leadership")


def scoped_unit(principal: Principal, requested: str | None, structure: Structure | None = None) -> str | None:
    """The unit a list is narrowed to (None = all). A caller without HR scope sees their own board:
    a unit inside it may be asked for, another board is refused."""
    if principal.has_scope(SERVICE):
        return requested
    if principal.unit is None:
        raise NotAllowed("your account has no unit: you may not list HR records")
    if requested is None or requested == principal.unit:
        return principal.unit
    if structure is not None and requested in structure.units and structure.agency_of(requested) == principal.unit:
        return requested
    raise NotAllowed("you may only list your own unit's records")


def effective_or_today(value: dt.date | None, today: dt.date, field: str = "effective_date") -> dt.date:
    """A change's date: today by default, never in the future (future changes are restructuring plans)."""
    if value is None:
        return today
    if value > today:
        raise Invalid(f"{field} {value} is in the future; plan future changes in a restructuring plan",
                      errors={field: ["must not be in the future"]})
    return value


def ensure_in_order(current_from: dt.date, effective: dt.date, detail: str) -> None:
    """History is not rewritten: a change dated before what is in force is refused."""
    if effective < current_from:
        raise OutOfOrder(detail, current_from)
