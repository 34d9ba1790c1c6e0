"""Use cases on positions: list and read with their filled and vacant posts, create, change."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal
from buildingblocks.pagination import encode_cursor, read_cursor

from ..adapters.orm import PositionVersion
from ..domain import operations as ops
from ..domain.model import Position, Structure
from ..domain.access import require_writer
from .common import change_structure, effective
from .writer import Stamp

FIELDS = ("unit", "title", "rank", "family", "quota", "is_driver")


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


def _chosen(structure: Structure, *, unit, family, rank, is_driver, after: int | None) -> list[Position]:
    codes = set(structure.subtree(unit)) if unit is not None and unit in structure.units else (
        set() if unit is not None else None)
    return [p for p in sorted(structure.positions.values(), key=lambda p: p.id)
            if (after is None or p.id > after) and (codes is None or p.unit in codes)
            and not (family and p.family != family or rank and p.rank != rank)
            and (is_driver is None or p.is_driver == is_driver)]


def list_positions(uow, principal: Principal, *, as_of: dt.date | None = None, unit: str | None = None,
                   family: str | None = None, rank: str | None = None, is_driver: bool | None = None,
                   limit: int = 50, cursor: str | None = None) -> tuple[list[dict], str | None]:
    """Positions in force now (or on `as_of`), of `unit` and the units below it when given."""
    structure = uow.structure.load(as_of)
    after = read_cursor(cursor, int)[0] if cursor else None
    chosen = _chosen(structure, unit=unit, family=family, rank=rank, is_driver=is_driver, after=after)
    next_cursor = encode_cursor([chosen[limit - 1].id]) if len(chosen) > limit else None
    counts = structure.holder_counts()
    return [position_view(p, structure, counts) for p in chosen[:limit]], next_cursor


def get_position(uow, principal: Principal, position_id: int, as_of: dt.date | None = None) -> dict:
    structure = uow.structure.load(as_of)
    position = structure.positions.get(position_id)
    if position is not None:
        return {**position_view(position, structure, version=uow.positions.at(position_id, as_of)), "removed": False}
    if as_of is None and uow.positions.exists(position_id):
        last = uow.positions.last(position_id)
        removed = Position(last.position_id, last.unit, last.title, last.rank, last.family, last.quota, last.is_driver)
        return {**position_view(removed, structure, version=last), "removed": True}
    raise NotFound(f"position {position_id} not found" + (f" on {as_of}" if as_of else ""))


def create_position(uow, principal: Principal, data: dict) -> dict:
    """A new position with its quota; the id may be given (demo data) or is the next free one."""
    require_writer(principal)
    day = effective(data.get("valid_from"), "valid_from")
    uow.structure.lock()
    position_id = data.get("id")
    if position_id is not None and uow.positions.exists(position_id):
        raise RuleBroken(f"position id {position_id} is already used", rule="position_id_used", id=position_id)
    position_id = position_id if position_id is not None else uow.positions.next_id()
    position = Position(position_id, *(data[k] for k in FIELDS[:5]), data.get("is_driver", False))
    after = change_structure(uow, principal, lambda s: ops.add_position(s, position),
                             Stamp(day, principal.username, "position_created")).after
    view = {**position_view(position, after, version=uow.positions.current(position_id)), "removed": False}
    uow.commit()
    return view


def change_position(uow, principal: Principal, position_id: int, data: dict) -> dict:
    """Change a position from `effective_date`. Moved to another unit, its holders go with it
    (`with_holder`, default true) or stay in their board without a position."""
    require_writer(principal)
    fields = {k: data[k] for k in FIELDS if k in data}
    if not fields:
        raise Invalid("nothing to change", errors={"_schema": ["give unit, title, rank, family, quota or is_driver"]})
    day = effective(data.get("effective_date"))
    if uow.positions.current(position_id) is None:
        if not uow.positions.exists(position_id):
            raise NotFound(f"position {position_id} not found")
        raise RuleBroken(f"position {position_id} was removed", rule="position_removed", id=position_id)
    with_holder = data.get("with_holder", True)
    after = change_structure(uow, principal,
                             lambda s: ops.change_position(s, position_id, with_holder=with_holder, **fields),
                             Stamp(day, principal.username, "position_changed")).after
    view = {**position_view(after.positions[position_id], after, version=uow.positions.current(position_id)),
            "removed": False}
    uow.commit()
    return view
