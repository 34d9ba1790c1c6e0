"""The staffing table [bảng biên chế] of one unit or the whole Committee, now or as of a date."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..domain.access import scoped_unit
from ..domain.errors import InvalidChange
from ..domain.staffing import csv_rows, staffing_table
from .rules import rulebook


def staffing(uow, principal: Principal, unit: str | None = None, as_of: dt.date | None = None) -> dict:
    """A board sees its own table; office_hr, leadership and auditors see every unit's. A past
    structure is judged by the rules in force on that date (their versions then)."""
    structure = uow.structure.load(as_of)
    unit = scoped_unit(principal, unit, structure)
    try:
        table = staffing_table(structure, rulebook(uow, as_of), unit)
    except InvalidChange:
        raise NotFound(f"unit {unit} not found" + (f" on {as_of}" if as_of else "")) from None
    return {"as_of": as_of, **table}


def staffing_csv(uow, principal: Principal, unit: str | None = None, as_of: dt.date | None = None) -> list[list]:
    """The same table as rows under CSV_COLUMNS, one line per unit."""
    return csv_rows(staffing(uow, principal, unit, as_of))
