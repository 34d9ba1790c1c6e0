"""What a change to a staff record is: personal fields, a status, a move or a departure."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from buildingblocks.errors import Invalid, RuleBroken

PERSONAL_FIELDS = ("full_name", "title_rank", "licence_class", "licence_expiry")
CHANGEABLE = frozenset(PERSONAL_FIELDS) | {"unit", "position_id", "status"}


@dataclass(frozen=True)
class StaffChange:
    """A PATCH of a staff record, sorted out: which personal fields really change, whether the
    status changes, whether they leave, and where they move (`position_id`, `unit`) if they do."""

    personal: dict[str, Any] = field(default_factory=dict)
    new_status: str | None = None
    leaving: bool = False
    moving: bool = False
    position_id: int | None = None
    unit: str | None = None
    position_follows: bool = False  # a new board without a new position: the post goes along if it can


def ensure_hireable(data: dict) -> None:
    if data.get("status") == "left":
        raise Invalid("a new staff member cannot have left", errors={"status": ["active or on_leave"]})


def ensure_open(record) -> None:
    """A record of someone who left is closed."""
    if record.status == "left":
        raise RuleBroken(f"staff member {record.id} has left; their record is closed", rule="staff_left",
                         id=record.id)


def ensure_new_appointment(record, position_id: int | None, unit: str | None) -> None:
    if record.status != "left" and record.position_id == position_id and unit in (None, record.unit):
        raise RuleBroken(f"staff member {record.id} already holds position {record.position_id}",
                         rule="already_appointed", id=record.id, position_id=record.position_id)


def sort_out(record, data: dict) -> StaffChange:
    """The change `data` makes to `record` (an object with the staff record's fields)."""
    if not CHANGEABLE & set(data):
        raise Invalid("nothing to change", errors={"_schema": [f"give one of {', '.join(sorted(CHANGEABLE))}"]})
    personal = {k: data[k] for k in PERSONAL_FIELDS if k in data and data[k] != getattr(record, k)}
    leaving = data.get("status") == "left"
    new_status = data["status"] if "status" in data and data["status"] != record.status and not leaving else None
    moving = not leaving and (("position_id" in data and data["position_id"] != record.position_id)
                              or ("unit" in data and data["unit"] != record.unit))
    if not moving:
        return StaffChange(personal, new_status, leaving)
    unit = data.get("unit")
    if "position_id" not in data:
        return StaffChange(personal, new_status, False, True, record.position_id, unit, position_follows=True)
    position_id = data["position_id"]
    if position_id is None and unit is None:
        unit = record.unit  # relieved of the post, they stay in their board
    return StaffChange(personal, new_status, False, True, position_id, unit)
