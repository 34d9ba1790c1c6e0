"""Use cases on units: list and read (now or as of a date), create, change (a new dated version), dissolve."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buildingblocks.errors import Conflict, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from buildingblocks.search import matches

from ..adapters import repository as repo
from ..adapters.orm import UnitRecord, UnitVersion
from ..domain import operations as ops
from .common import change_structure, effective_or_today, require_writer
from .writer import Stamp


def list_units(uow, principal: Principal, *, as_of: dt.date | None = None, kind: str | None = None,
               parent_code: str | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None):
    """Units in force now or on `as_of`, by code. The structure is no secret inside the Committee:
    every reader sees every unit. `q`: every word in the code or name, regardless of case and diacritics."""
    stmt = select(UnitVersion)
    if as_of is None:
        stmt = stmt.where(UnitVersion.valid_to.is_(None))
    else:
        stmt = stmt.where(UnitVersion.valid_from <= as_of,
                          (UnitVersion.valid_to.is_(None)) | (UnitVersion.valid_to > as_of))
    if kind:
        stmt = stmt.where(UnitVersion.kind == kind)
    if parent_code:
        stmt = stmt.where(UnitVersion.parent_code == parent_code)
    if q:
        stmt = stmt.where(matches(UnitVersion.search_text, q))
    return paginate(uow.session, stmt, UnitVersion.code, limit, cursor)


def last_version(session, code: str) -> UnitVersion | None:
    return session.scalar(select(UnitVersion).where(UnitVersion.code == code)
                          .order_by(UnitVersion.valid_from.desc(), UnitVersion.id.desc()).limit(1))


def get_unit(uow, principal: Principal, code: str, as_of: dt.date | None = None) -> UnitVersion:
    """The unit's version in force now (or on `as_of`); a dissolved unit answers its last version."""
    session = uow.session
    if as_of is None:
        version = repo.current_unit_version(session, code) or last_version(session, code)
    else:
        version = session.scalar(select(UnitVersion).where(
            UnitVersion.code == code, UnitVersion.valid_from <= as_of,
            (UnitVersion.valid_to.is_(None)) | (UnitVersion.valid_to > as_of)))
    if version is None:
        raise NotFound(f"unit {code} not found" + (f" on {as_of}" if as_of else ""))
    return version


def unit_history(uow, principal: Principal, code: str) -> list[UnitVersion]:
    """Every dated version of the unit, oldest first."""
    versions = list(uow.session.scalars(select(UnitVersion).where(UnitVersion.code == code)
                                        .order_by(UnitVersion.valid_from, UnitVersion.id)))
    if not versions:
        raise NotFound(f"unit {code} not found")
    return versions


def create_unit(uow, principal: Principal, data: dict) -> UnitVersion:
    """A new unit from `valid_from` (today by default); its code is never reused."""
    require_writer(principal)
    effective = effective_or_today(data.get("valid_from"), "valid_from")
    code = data["code"]
    repo.lock_structure(uow.session)
    if uow.session.get(UnitRecord, code) is not None:
        raise Conflict(f"unit code {code} is already used (codes are stable and never reused)",
                       rule="unit_code_used", code=code)
    change_structure(
        uow, principal,
        lambda s: ops.create_unit(s, code, data["name"], data["kind"], data.get("parent_code")),
        Stamp(effective, principal.username, "unit_created"))
    version = repo.current_unit_version(uow.session, code)
    uow.commit()
    return version


def _require_current(session, code: str) -> UnitVersion:
    version = repo.current_unit_version(session, code)
    if version is None:
        if session.get(UnitRecord, code) is None:
            raise NotFound(f"unit {code} not found")
        raise Conflict(f"unit {code} is dissolved", rule="unit_dissolved", code=code)
    return version


def change_unit(uow, principal: Principal, code: str, data: dict) -> UnitVersion:
    """Rename, change the kind or the parent: a new version from `effective_date` (today by default)."""
    require_writer(principal)
    changes = {k: data[k] for k in ("name", "kind", "parent_code") if k in data}
    if not changes:
        raise Unprocessable("nothing to change", errors={"_schema": ["give name, kind or parent_code"]})
    effective = effective_or_today(data.get("effective_date"))
    _require_current(uow.session, code)
    change_structure(uow, principal, lambda s: ops.change_unit(s, code, **changes),
                     Stamp(effective, principal.username, "unit_changed"))
    version = repo.current_unit_version(uow.session, code)
    uow.commit()
    return version


def dissolve_unit(uow, principal: Principal, code: str, data: dict) -> UnitVersion:
    """Dissolve a unit from `effective_date`; with a successor it is a merge (what it has moves there)."""
    require_writer(principal)
    effective = effective_or_today(data.get("effective_date"))
    successor = data.get("successor_code")
    _require_current(uow.session, code)
    change_structure(uow, principal, lambda s: ops.dissolve_unit(s, code, successor),
                     Stamp(effective, principal.username, "unit_dissolved"))
    version = last_version(uow.session, code)
    uow.commit()
    return version
