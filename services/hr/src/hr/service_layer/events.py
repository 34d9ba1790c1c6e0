"""The data of the events HR publishes (shapes in buildingblocks.contracts.hr)."""
from __future__ import annotations

import datetime as dt

from ..adapters.orm import StaffRecord, UnitVersion
from ..domain.model import Position, Structure


def unit_data(version: UnitVersion) -> dict:
    return {"code": version.code, "name": version.name, "kind": version.kind, "parent_code": version.parent_code,
            "valid_from": version.valid_from, "valid_to": version.valid_to}


def dissolved_data(code: str, successor: str | None, effective: dt.date) -> dict:
    return {"code": code, "successor_code": successor, "effective_date": effective}


def position_data(position: Position) -> dict:
    return {"id": position.id, "unit": position.unit, "title": position.title, "rank": position.rank,
            "family": position.family, "quota": position.quota, "is_driver": position.is_driver}


def staff_data(row: StaffRecord, structure: Structure, previous_unit: str | None = None) -> dict:
    """The staff member as the replicas keep them, with the position they hold in `structure`."""
    position = structure.positions.get(row.position_id) if row.position_id is not None else None
    return {
        "id": row.id,
        "full_name": row.full_name,
        "unit": row.unit,
        "previous_unit": previous_unit,
        "position_id": position.id if position else None,
        "position_title": position.title if position else None,
        "position_rank": position.rank if position else None,
        "position_family": position.family if position else None,
        "is_driver": bool(position and position.is_driver),
        "title_rank": row.title_rank,
        "licence_class": row.licence_class,
        "licence_expiry": row.licence_expiry,
        "status": row.status,
    }
