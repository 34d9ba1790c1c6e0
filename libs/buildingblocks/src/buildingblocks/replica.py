"""The replica of HR's units and staff that finance, assets and fleet keep from HR events.

Requests that name a unit or a staff member are validated against it (unknown -> 422). The
handlers upsert, so an event that arrives twice or out of order leaves the same rows.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, select
from sqlalchemy.orm import Session

from .db import NAMING_CONVENTION, UTCDateTime, upsert, utcnow
from .errors import Invalid

_md = MetaData(naming_convention=NAMING_CONVENTION)


def _unit_columns():
    return [
        Column("code", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("kind", String(20), nullable=False),
        Column("parent_code", String(40)),
        Column("valid_from", Date),
        Column("valid_to", Date),
        Column("successor_code", String(40)),
        Column("updated_at", UTCDateTime, nullable=False),
    ]


def _staff_columns():
    return [
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("full_name", String(200), nullable=False),
        Column("unit", String(40), nullable=False, index=True),
        Column("position_id", Integer),
        Column("position_title", String(200)),
        Column("position_rank", String(20)),
        Column("position_family", String(40)),
        Column("is_driver", Boolean, nullable=False, default=False),
        Column("title_rank", String(40)),
        Column("licence_class", String(10)),
        Column("licence_expiry", Date),
        Column("status", String(20), nullable=False, default="active"),
        Column("updated_at", UTCDateTime, nullable=False),
    ]


UNITS = Table("replica_units", _md, *_unit_columns())
STAFF = Table("replica_staff", _md, *_staff_columns())


def replica_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add `replica_units` and `replica_staff` to a service's metadata (for its migrations)."""
    return (Table("replica_units", metadata, *_unit_columns()), Table("replica_staff", metadata, *_staff_columns()))


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def upsert_unit(session: Session, data: dict) -> None:
    upsert(session, UNITS, "code", {
        "code": data["code"], "name": data.get("name") or data["code"], "kind": data.get("kind") or "board",
        "parent_code": data.get("parent_code"), "valid_from": _date(data.get("valid_from")),
        "valid_to": _date(data.get("valid_to")), "updated_at": utcnow()})


def upsert_staff(session: Session, data: dict) -> None:
    upsert(session, STAFF, "id", {
        "id": int(data["id"]), "full_name": data.get("full_name") or "", "unit": data["unit"],
        "position_id": data.get("position_id"), "position_title": data.get("position_title"),
        "position_rank": data.get("position_rank"), "position_family": data.get("position_family"),
        "is_driver": bool(data.get("is_driver")), "title_rank": data.get("title_rank"),
        "licence_class": data.get("licence_class"), "licence_expiry": _date(data.get("licence_expiry")),
        "status": data.get("status") or "active", "updated_at": utcnow()})


def _on_unit(uow, event) -> None:
    upsert_unit(uow.session, event.data)


def _on_unit_dissolved(uow, event) -> None:
    data = event.data
    row = uow.session.execute(select(UNITS).where(UNITS.c.code == data["code"])).first()
    values = {"valid_to": _date(data.get("effective_date")) or dt.date.today(),
              "successor_code": data.get("successor_code"), "updated_at": utcnow()}
    if row is None:
        uow.session.execute(UNITS.insert().values(code=data["code"], name=data["code"], kind="board", **values))
    else:
        uow.session.execute(UNITS.update().where(UNITS.c.code == data["code"]).values(**values))


def _on_staff(uow, event) -> None:
    upsert_staff(uow.session, event.data)


def _on_staff_left(uow, event) -> None:
    upsert_staff(uow.session, {**event.data, "status": "left"})


REPLICA_HANDLERS = {
    "hr.unit.created": _on_unit,
    "hr.unit.changed": _on_unit,
    "hr.unit.dissolved": _on_unit_dissolved,
    "hr.staff.hired": _on_staff,
    "hr.staff.changed": _on_staff,
    "hr.staff.transferred": _on_staff,
    "hr.staff.left": _on_staff_left,
}


def get_unit(session: Session, code: str | None):
    """The replica row of unit `code`, or None."""
    if not code:
        return None
    return session.execute(select(UNITS).where(UNITS.c.code == code)).first()


def get_staff(session: Session, staff_id: int | None):
    """The replica row of staff member `staff_id`, or None."""
    if staff_id is None:
        return None
    return session.execute(select(STAFF).where(STAFF.c.id == int(staff_id))).first()


def is_active_unit(row, on: dt.date | None = None) -> bool:
    on = on or dt.date.today()
    return row is not None and (row.valid_to is None or row.valid_to > on)


def require_unit(session: Session, code: str | None, field: str = "unit", active: bool = True):
    """The unit's replica row; 422 naming `field` when HR does not know it (or it is dissolved)."""
    row = get_unit(session, code)
    if row is None:
        raise Invalid(f"unknown unit {code!r}", errors={field: [f"unknown unit {code!r}"]})
    if active and not is_active_unit(row):
        raise Invalid(f"unit {code!r} is dissolved", errors={field: [f"unit {code!r} is dissolved"]})
    return row


def require_staff(session: Session, staff_id: int | None, field: str = "staff_id", active: bool = True):
    """The staff member's replica row; 422 naming `field` when HR does not know them (or they left)."""
    row = get_staff(session, staff_id)
    if row is None:
        raise Invalid(f"unknown staff member {staff_id!r}", errors={field: [f"unknown staff member {staff_id!r}"]})
    if active and row.status == "left":
        raise Invalid(f"staff member {staff_id} has left", errors={field: [f"staff member {staff_id} has left"]})
    return row


def office_unit(session: Session):
    """The unit of kind `office` (the provincial Office), or None."""
    return session.execute(select(UNITS).where(UNITS.c.kind == "office", UNITS.c.valid_to.is_(None))).first()


def seed_demo(session: Session, only_missing: bool = True) -> None:
    """Load the demo organisation into the replica (a service's seed); with `only_missing`, rows
    HR's events already brought are left as they are."""
    from . import demo

    units, staff = demo.replica_records()
    for unit in units:
        if not only_missing or get_unit(session, unit["code"]) is None:
            upsert_unit(session, unit)
    for member in staff:
        if not only_missing or get_staff(session, member["id"]) is None:
            upsert_staff(session, member)
