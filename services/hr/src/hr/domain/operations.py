"""The changes a user makes to the structure, each on a `Structure` it mutates in place.

Callers pass a copy (`structure.copy()`), so the rules can compare before and after. Every
function leaves the structure consistent (parents exist, holders' agencies follow their
positions) or raises InvalidChange.
"""
from __future__ import annotations

from dataclasses import replace

from .errors import InvalidChange
from .model import KINDS, Placement, Position, Structure, Unit

_UNSET = object()


def create_unit(s: Structure, code: str, name: str, kind: str, parent_code: str | None = None) -> Unit:
    """A new unit; its code must not be in use on this date."""
    if code in s.units:
        raise InvalidChange(f"unit {code} already exists", field="code")
    if kind not in KINDS:
        raise InvalidChange(f"unknown kind {kind!r}", field="kind")
    unit = Unit(code, name, kind, parent_code)
    s.units[code] = unit
    s.check_tree()
    return unit


def change_unit(s: Structure, code: str, *, name=_UNSET, kind=_UNSET, parent_code=_UNSET) -> Unit:
    """Rename a unit, change its kind or move it under another parent; holders follow."""
    unit = s.unit(code, field="code")
    changes = {}
    if name is not _UNSET:
        changes["name"] = name
    if kind is not _UNSET:
        if kind not in KINDS:
            raise InvalidChange(f"unknown kind {kind!r}", field="kind")
        changes["kind"] = kind
    if parent_code is not _UNSET:
        if parent_code == code:
            raise InvalidChange(f"unit {code} cannot be its own parent", field="parent_code")
        if parent_code is not None:
            s.unit(parent_code, field="parent_code")
        changes["parent_code"] = parent_code
    unit = replace(unit, **changes)
    s.units[code] = unit
    s.check_tree()
    s.refresh_placements()
    return unit


def dissolve_unit(s: Structure, code: str, successor: str | None = None, field: str = "code") -> None:
    """Dissolve a unit. With a successor (a merge) everything it still has moves there: its
    positions with their holders, the units below it, its staff without a position. Without
    one it must hold no staff and no units below it; its vacant positions are removed."""
    s.unit(code, field=field)
    if successor is not None:
        s.unit(successor, field="successor_code")
        if successor in s.subtree(code):
            raise InvalidChange(f"the successor {successor} is {code} itself or a unit inside it", field="successor_code")
        for child in s.children(code):
            s.units[child.code] = replace(child, parent_code=successor)
        for position in s.positions_of(code):
            s.positions[position.id] = replace(position, unit=successor)
        agency = s.agency_of(successor)
        for placement in list(s.placements.values()):
            if placement.position_id is None and placement.unit == code:
                s.placements[placement.staff_id] = replace(placement, unit=agency)
    else:
        children = [child.code for child in s.children(code)]
        if children:
            raise InvalidChange(
                f"unit {code} still has units below it ({', '.join(children)}): dissolve or move them first, "
                "or name a successor", field=field)
        held = [p.id for p in s.positions_of(code) if s.holders(p.id)]
        if held:
            raise InvalidChange(
                f"unit {code} still has staff in positions {held}: move them first, or name a successor", field=field)
        unassigned = sorted(p.staff_id for p in s.placements.values() if p.position_id is None and p.unit == code)
        if unassigned:
            raise InvalidChange(
                f"unit {code} still has staff without a position ({unassigned}): move them first, or name a successor",
                field=field)
        for position in s.positions_of(code):
            del s.positions[position.id]
    del s.units[code]
    s.dissolved[code] = successor
    s.check_tree()
    s.refresh_placements()


def add_position(s: Structure, position: Position) -> Position:
    """A new position on an existing unit."""
    if position.id in s.positions:
        raise InvalidChange(f"position {position.id} already exists", field="id")
    s.unit(position.unit, field="unit")
    if position.quota < 0:
        raise InvalidChange("a quota cannot be negative", field="quota")
    s.positions[position.id] = position
    return position


def change_position(s: Structure, position_id: int, *, with_holder: bool = True, **changes) -> Position:
    """Change a position's fields. Moved to another unit, its holders follow it, or, with
    `with_holder=False`, stay in their agency without a position."""
    position = s.position(position_id)
    if "unit" in changes:
        s.unit(changes["unit"], field="unit")
    if changes.get("quota", 0) < 0:
        raise InvalidChange("a quota cannot be negative", field="quota")
    moved = "unit" in changes and changes["unit"] != position.unit
    if moved and not with_holder:
        for staff_id in s.holders(position_id):
            s.placements[staff_id] = replace(s.placements[staff_id], position_id=None)
    position = replace(position, **changes)
    s.positions[position_id] = position
    s.refresh_placements()
    return position


def place_staff(s: Structure, staff_id: int, position_id: int | None = None, unit: str | None = None) -> Placement:
    """Hire, appoint or transfer: the staff member holds `position_id` (their agency is the
    position's) or, without a position, works in the agency of `unit`."""
    if position_id is not None:
        position = s.position(position_id)
        agency = s.agency_of(position.unit)
        if unit is not None and s.agency_of(s.unit(unit).code) != agency:
            raise InvalidChange(
                f"position {position_id} belongs to {agency}, not to {unit}", field="unit")
    elif unit is not None:
        agency = s.agency_of(s.unit(unit).code)
    else:
        raise InvalidChange("give a position or a unit", field="position_id")
    placement = Placement(staff_id, agency, position_id)
    s.placements[staff_id] = placement
    return placement


def remove_staff(s: Structure, staff_id: int) -> None:
    """The staff member leaves: their post becomes vacant."""
    s.placements.pop(staff_id, None)
