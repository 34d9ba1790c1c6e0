"""Use cases on positions: list and read with their filled and vacant posts, create, change."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from buildingblocks.errors import BadRequest, Conflict, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import decode_cursor, encode_cursor

from ..adapters import repository as repo
from ..adapters.orm import PositionRecord, PositionVersion
from ..domain import operations as ops
from ..domain.model import Position, Structure
from .common import change_structure, effective_or_today, require_writer
from .writer import Stamp


def position_view(position: Position, structure: Structure, counts=None, version: PositionVersion | None = None) -> dict:
    counts = structure.holder_counts() if counts is None else counts
    filled = counts.get(position.id, 0)
    view = {"id": position.id, "unit": position.unit, "agency": structure.agency_of(position.unit)
            if position.unit in structure.units else position.unit,
            "title": position.title, "rank": position.rank, "family": position.family, "quota": position.quota,
            "is_driver": position.is_driver, "filled": filled, "vacant": max(position.quota - filled, 0)}
    if version is not None:
        view.update(valid_from=version.valid_from, valid_to=version.valid_to)
    return view


def list_positions(uow, principal: Principal, *, as_of: dt.date | None = None, unit: str | None = None,
                   family: str | None = None, rank: str | None = None, is_driver: bool | None = None,
                   limit: int = 50, cursor: str | None = None) -> tuple[list[dict], str | None]:
    """Positions in force now (or on `as_of`), of `unit` and the units below it when given."""
    structure = repo.load_structure(uow.session, as_of)
    codes = set(structure.subtree(unit)) if unit is not None and unit in structure.units else (
        set() if unit is not None else None)
    after = decode_cursor(cursor) if cursor else None
    if after is not None and not isinstance(after, int):
        raise BadRequest("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    counts = structure.holder_counts()
    chosen = []
    for position in sorted(structure.positions.values(), key=lambda p: p.id):
        if after is not None and position.id <= after:
            continue
        if codes is not None and position.unit not in codes:
            continue
        if family and position.family != family or rank and position.rank != rank:
            continue
        if is_driver is not None and position.is_driver != is_driver:
            continue
        chosen.append(position)
        if len(chosen) > limit:
            break
    next_cursor = encode_cursor(chosen[limit - 1].id) if len(chosen) > limit else None
    return [position_view(p, structure, counts) for p in chosen[:limit]], next_cursor


def _version_at(session, position_id: int, as_of: dt.date | None) -> PositionVersion | None:
    if as_of is None:
        return repo.current_position_version(session, position_id)
    return session.scalar(select(PositionVersion).where(
        PositionVersion.position_id == position_id, PositionVersion.valid_from <= as_of,
        or_(PositionVersion.valid_to.is_(None), PositionVersion.valid_to > as_of)))


def get_position(uow, principal: Principal, position_id: int, as_of: dt.date | None = None) -> dict:
    session = uow.session
    structure = repo.load_structure(session, as_of)
    position = structure.positions.get(position_id)
    if position is None:
        if as_of is None and session.get(PositionRecord, position_id) is not None:
            last = session.scalar(select(PositionVersion).where(PositionVersion.position_id == position_id)
                                  .order_by(PositionVersion.valid_from.desc()).limit(1))
            removed = Position(last.position_id, last.unit, last.title, last.rank, last.family, last.quota,
                               last.is_driver)
            return {**position_view(removed, structure, version=last), "removed": True}
        raise NotFound(f"position {position_id} not found" + (f" on {as_of}" if as_of else ""))
    version = _version_at(session, position_id, as_of)
    return {**position_view(position, structure, version=version), "removed": False}


def create_position(uow, principal: Principal, data: dict) -> dict:
    """A new position with its quota; the id may be given (demo data) or is the next free one."""
    require_writer(principal)
    effective = effective_or_today(data.get("valid_from"), "valid_from")
    session = uow.session
    repo.lock_structure(session)
    position_id = data.get("id")
    if position_id is not None and session.get(PositionRecord, position_id) is not None:
        raise Conflict(f"position id {position_id} is already used", rule="position_id_used", id=position_id)
    position_id = position_id if position_id is not None else repo.next_position_id(session)
    position = Position(position_id, data["unit"], data["title"], data["rank"], data["family"], data["quota"],
                        data.get("is_driver", False))
    after = change_structure(uow, principal, lambda s: ops.add_position(s, position),
                             Stamp(effective, principal.username, "position_created")).after
    view = {**position_view(position, after, version=repo.current_position_version(session, position_id)),
            "removed": False}
    uow.commit()
    return view


def change_position(uow, principal: Principal, position_id: int, data: dict) -> dict:
    """Change a position from `effective_date`. Moved to another unit, its holders go with it
    (`with_holder`, default true) or stay in their board without a position."""
    require_writer(principal)
    fields = {k: data[k] for k in ("unit", "title", "rank", "family", "quota", "is_driver") if k in data}
    if not fields:
        raise Unprocessable("nothing to change",
                            errors={"_schema": ["give unit, title, rank, family, quota or is_driver"]})
    effective = effective_or_today(data.get("effective_date"))
    session = uow.session
    if repo.current_position_version(session, position_id) is None:
        if session.get(PositionRecord, position_id) is None:
            raise NotFound(f"position {position_id} not found")
        raise Conflict(f"position {position_id} was removed", rule="position_removed", id=position_id)
    after = change_structure(
        uow, principal,
        lambda s: ops.change_position(s, position_id, with_holder=data.get("with_holder", True), **fields),
        Stamp(effective, principal.username, "position_changed")).after
    view = {**position_view(after.positions[position_id], after,
                            version=repo.current_position_version(session, position_id)), "removed": False}
    uow.commit()
    return view
