"""The organisation on one date: units, positions, and who holds them.

Pure Python: the service layer loads a `Structure` from the database (as it stands now or as of a
past date), a change is made on a copy, the rules compare the two, and only then is the
difference written. The same path serves a single appointment and a whole restructuring plan.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from buildingblocks.vocabulary import POSITION_FAMILIES, POSITION_RANKS, TITLE_RANKS, UNIT_KINDS  # noqa: F401

from .errors import InvalidChange

KINDS = UNIT_KINDS
# Top-level units are listed leadership first, then the Office, then the boards.
ROOT_ORDER = ("leadership", "office", "board", "department")
# The advisory agencies [cơ quan tham mưu, giúp việc]: what 137-QĐ/TW's deputy and department
# limits count. The Standing Committee (kind `leadership`) is not one of them.
AGENCY_KINDS = ("board", "office")
RANKS = POSITION_RANKS
FAMILIES = POSITION_FAMILIES
STAFF_STATUSES = ("active", "on_leave", "left")
# Driving licence classes: those of the 2008 road traffic law (still valid on old licences) and
# those of the 2024 road traffic order and safety law.
LICENCE_CLASSES = (
    "A1", "A2", "A3", "A4", "A", "B1", "B2", "B", "C1", "C", "D1", "D2", "D", "E",
    "BE", "C1E", "CE", "D1E", "D2E", "DE", "FB2", "FC", "FD", "FE",
)


@dataclass(frozen=True)
class Unit:
    """A unit as it stands on one date (one dated version of it)."""

    code: str
    name: str
    kind: str
    parent_code: str | None = None


@dataclass(frozen=True)
class Position:
    """A job position [vị trí việc làm] of a unit with its quota [biên chế]."""

    id: int
    unit: str
    title: str
    rank: str
    family: str
    quota: int
    is_driver: bool = False


@dataclass(frozen=True)
class Placement:
    """Where an employed staff member works: their agency and the position they hold, if any."""

    staff_id: int
    unit: str
    position_id: int | None = None


@dataclass
class Structure:
    """Units, positions and placements on one date; `dissolved` records this change's dissolutions."""

    units: dict[str, Unit] = field(default_factory=dict)
    positions: dict[int, Position] = field(default_factory=dict)
    placements: dict[int, Placement] = field(default_factory=dict)
    dissolved: dict[str, str | None] = field(default_factory=dict)

    def copy(self) -> "Structure":
        """A copy to change; the values are immutable so a shallow copy of the maps suffices."""
        return Structure(dict(self.units), dict(self.positions), dict(self.placements), dict(self.dissolved))

    # -- looking things up ----------------------------------------------------------------

    def unit(self, code: str | None, field: str = "unit") -> Unit:
        """The unit `code`; InvalidChange naming `field` when it does not exist on this date."""
        found = self.units.get(code) if code is not None else None
        if found is None:
            raise InvalidChange(f"unit {code!r} does not exist", field=field)
        return found

    def position(self, position_id: int | None, field: str = "position_id") -> Position:
        """The position `position_id`; InvalidChange naming `field` when it does not exist."""
        found = self.positions.get(position_id) if position_id is not None else None
        if found is None:
            raise InvalidChange(f"position {position_id!r} does not exist", field=field)
        return found

    def agency_of(self, code: str) -> str:
        """The agency a unit belongs to: itself, or for a department the unit above it."""
        seen = set()
        unit = self.unit(code)
        while unit.kind == "department" and unit.parent_code in self.units and unit.code not in seen:
            seen.add(unit.code)
            unit = self.units[unit.parent_code]
        return unit.code

    def children(self, code: str) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.parent_code == code), key=lambda u: u.code)

    def subtree(self, code: str) -> list[str]:
        """`code` and every unit below it, parents before children."""
        out, todo = [], [code]
        while todo:
            current = todo.pop(0)
            if current in out:
                continue
            out.append(current)
            todo.extend(child.code for child in self.children(current))
        return out

    def roots(self) -> list[Unit]:
        """Top-level units: the leadership, then the Office, then the boards (each by code)."""
        return sorted((u for u in self.units.values() if u.parent_code not in self.units),
                      key=lambda u: (ROOT_ORDER.index(u.kind) if u.kind in ROOT_ORDER else len(ROOT_ORDER), u.code))

    def tree_order(self) -> list[str]:
        """Every unit, each top-level unit followed by the units below it."""
        out: list[str] = []
        for root in self.roots():
            out.extend(self.subtree(root.code))
        return out

    def positions_of(self, code: str) -> list[Position]:
        """The positions attached to the unit itself (not to units below it)."""
        return sorted((p for p in self.positions.values() if p.unit == code), key=lambda p: p.id)

    def holder_counts(self) -> Counter:
        """position id -> how many employed staff hold it (compute once per evaluation)."""
        return Counter(p.position_id for p in self.placements.values() if p.position_id is not None)

    def holders(self, position_id: int) -> list[int]:
        return sorted(p.staff_id for p in self.placements.values() if p.position_id == position_id)

    # -- consistency ------------------------------------------------------------------------

    def check_tree(self) -> None:
        """Raise InvalidChange when a parent is missing, a department has none, or parents loop."""
        for unit in self.units.values():
            if unit.parent_code is not None and unit.parent_code not in self.units:
                raise InvalidChange(f"unit {unit.code}: parent {unit.parent_code!r} does not exist", field="parent_code")
            if unit.kind == "department" and unit.parent_code is None:
                raise InvalidChange(f"department {unit.code} needs a parent unit", field="parent_code")
            seen = {unit.code}
            current = unit
            while current.parent_code is not None and current.parent_code in self.units:
                if current.parent_code in seen:
                    raise InvalidChange(f"unit {unit.code}: its parents form a loop", field="parent_code")
                seen.add(current.parent_code)
                current = self.units[current.parent_code]

    def refresh_placements(self) -> None:
        """Holders follow their positions: each holder's agency is the agency of their position."""
        for staff_id, placement in list(self.placements.items()):
            if placement.position_id is not None:
                agency = self.agency_of(self.positions[placement.position_id].unit)
                if agency != placement.unit:
                    self.placements[staff_id] = replace(placement, unit=agency)


@dataclass(frozen=True)
class Figures:
    """Quota, filled and vacant posts of a group of positions."""

    quota: int = 0
    filled: int = 0

    @property
    def vacant(self) -> int:
        return max(self.quota - self.filled, 0)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(self.quota + other.quota, self.filled + other.filled)

    def as_dict(self) -> dict:
        return {"quota": self.quota, "filled": self.filled, "vacant": self.vacant}
