"""Use cases on units: list and read (now or as of a date), create, change (a new dated version), dissolve."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import UnitVersion
from ..domain import operations as ops
from ..domain.access import require_writer
from .common import change_structure, effective
from .writer import Stamp


def list_units(uow, principal: Principal, *, as_of: dt.date | None = None, kind: str | None = None,
               parent_code: str | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None):
    """Units in force now or on `as_of`, by code. The structure is no secret inside the Committee:
    every reader sees every unit. `q`: every word in the code or name, regardless of case and diacritics."""
    return uow.units.page(as_of=as_of, kind=kind, parent_code=parent_code, q=q, limit=limit, cursor=cursor)


def get_unit(uow, principal: Principal, code: str, as_of: dt.date | None = None) -> UnitVersion:
    """The unit's version in force now (or on `as_of`); a dissolved unit answers its last version."""
    if as_of is None:
        version = uow.units.current(code) or uow.units.last(code)
    else:
        version = uow.units.at(code, as_of)
    if version is None:
        raise NotFound(f"unit {code} not found" + (f" on {as_of}" if as_of else ""))
    return version


def unit_history(uow, principal: Principal, code: str) -> list[UnitVersion]:
    """Every dated version of the unit, oldest first."""
    versions = uow.units.history(code)
    if not versions:
        raise NotFound(f"unit {code} not found")
    return versions


def create_unit(uow, principal: Principal, data: dict) -> UnitVersion:
    """A new unit from `valid_from` (today by default); its code is never reused."""
    require_writer(principal)
    day, code = effective(data.get("valid_from"), "valid_from"), data["code"]
    uow.structure.lock()
    if uow.units.exists(code):
        raise RuleBroken(f"unit code {code} is already used (codes are stable and never reused)",
                         rule="unit_code_used", code=code)
    change_structure(uow, principal, lambda s: ops.create_unit(s, code, data["name"], data["kind"],
                                                               data.get("parent_code")),
                     Stamp(day, principal.username, "unit_created"))
    version = uow.units.current(code)
    uow.commit()
    return version


def _require_current(uow, code: str) -> UnitVersion:
    version = uow.units.current(code)
    if version is None:
        if not uow.units.exists(code):
            raise NotFound(f"unit {code} not found")
        raise RuleBroken(f"unit {code} is dissolved", rule="unit_dissolved", code=code)
    return version


def change_unit(uow, principal: Principal, code: str, data: dict) -> UnitVersion:
    """Rename, change the kind or the parent: a new version from `effective_date` (today by default)."""
    require_writer(principal)
    changes = {k: data[k] for k in ("name", "kind", "parent_code") if k in data}
    if not changes:
        raise Invalid("nothing to change", errors={"_schema": ["give name, kind or parent_code"]})
    day = effective(data.get("effective_date"))
    _require_current(uow, code)
    change_structure(uow, principal, lambda s: ops.change_unit(s, code, **changes),
                     Stamp(day, principal.username, "unit_changed"))
    version = uow.units.current(code)
    uow.commit()
    return version


def dissolve_unit(uow, principal: Principal, code: str, data: dict) -> UnitVersion:
    """Dissolve a unit from `effective_date`; with a successor it is a merge (what it has moves there)."""
    require_writer(principal)
    day, successor = effective(data.get("effective_date")), data.get("successor_code")
    _require_current(uow, code)
    change_structure(uow, principal, lambda s: ops.dissolve_unit(s, code, successor),
                     Stamp(day, principal.username, "unit_dissolved"))
    version = uow.units.last(code)
    uow.commit()
    return version
