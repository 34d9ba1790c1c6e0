"""In-memory repositories of the fleet, for use-case tests on `buildingblocks.testing.FakeUnitOfWork`.

Each has the methods of its SQL twin in `fleet.adapters.repository` that the tested use cases
call; rows are the ORM classes themselves, never flushed anywhere. Locks and exclusion
constraints are the database's: their tests stay on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from buildingblocks.config import Settings
from buildingblocks.errors import Invalid
from buildingblocks.testing import FakeUnitOfWork

from fleet.adapters.orm import Booking, Vehicle
from fleet.config import Config
from fleet.domain.booking import APPROVED, REQUESTED
from fleet.domain.vehicles import plate_key


class _Rows:
    def __init__(self, *rows):
        self.rows: dict[int, object] = {}
        self._ids = itertools.count(1)
        for row in rows:
            self.add(row)

    def add(self, row):
        row.id = row.id or next(self._ids)
        now = dt.datetime.now(dt.timezone.utc)
        if hasattr(row, "created_at") and row.created_at is None:
            row.created_at = now
        self.rows[row.id] = row
        return row

    def flush(self) -> None:
        pass

    forget = flush


class FakeBookings(_Rows):
    def get(self, booking_id: int, lock: bool = False) -> Booking | None:
        return self.rows.get(booking_id)

    def requested(self, unit: str | None) -> list[Booking]:
        return [b for b in self.rows.values() if b.status == REQUESTED and unit in (None, b.unit)]

    def awaiting_dispatch(self, now: dt.datetime) -> list[Booking]:
        return [b for b in self.rows.values() if b.status == APPROVED and b.end_at > now]


class FakeVehicles(_Rows):
    def get(self, vehicle_id: int) -> Vehicle | None:
        return self.rows.get(vehicle_id)

    def lock(self, ids: list[int]) -> list[Vehicle]:
        return [self.rows[i] for i in sorted(ids) if i in self.rows]

    def by_plate(self, plate: str) -> Vehicle | None:
        return next((v for v in self.rows.values() if plate_key(v.plate) == plate_key(plate)), None)

    def by_asset(self, asset_id: int) -> Vehicle | None:
        return next((v for v in self.rows.values() if v.asset_id == asset_id), None)

    def general_use(self, max_seats: int) -> int:
        return sum(1 for v in self.rows.values()
                   if v.status != "retired" and v.holder_staff_id is None and v.seats <= max_seats)

    def in_service(self) -> list[Vehicle]:
        return [v for v in self.rows.values() if v.status != "retired"]

    def lock_count(self) -> None:
        pass


class FakeCarLimits(_Rows):
    """The leadership's exceptions to the car entitlement."""

    def in_force(self):
        return [e for e in self.rows.values() if e.withdrawn_at is None]

    def page(self, args):
        return sorted(self.rows.values(), key=lambda e: -e.id)[:args["limit"]], None

    def get(self, exception_id: int, lock: bool = False):
        return self.rows.get(exception_id)

    def extra(self) -> int:
        return sum(e.extra_cars for e in self.in_force())

    def by_decision(self, decision_no: str):
        return next((e for e in self.rows.values() if e.decision_no.upper() == decision_no.upper()), None)


class FakeReplica:
    """The HR replica: the demo boards and a few staff members."""

    def __init__(self, units=("TU", "VP", "BTC", "BTGDV", "BNC"), staff=None):
        self.units = set(units)
        self.people = staff if staff is not None else {
            1: SimpleNamespace(id=1, full_name="Nguyễn Văn Bình", unit="TU", is_driver=False, status="active"),
            10: SimpleNamespace(id=10, full_name="Phan Văn Hùng", unit="VP", is_driver=True, status="active"),
            20: SimpleNamespace(id=20, full_name="Trịnh Quang Dũng", unit="BTC", is_driver=False, status="active"),
            22: SimpleNamespace(id=22, full_name="Mai Văn Phúc", unit="BTC", is_driver=False, status="active"),
        }

    def staff(self, staff_id):
        return self.people.get(staff_id)

    def require_unit(self, code):
        if code not in self.units:
            raise Invalid(f"unknown unit {code!r}", errors={"unit": [f"unknown unit {code!r}"]})
        return SimpleNamespace(code=code)

    def office_code(self) -> str:
        return "VP"

    def unit_name(self, code):
        return {"BTC": "Ban Tổ chức Tỉnh ủy", "VP": "Văn phòng Tỉnh ủy"}.get(code, code)


def config(**overrides) -> Config:
    return Config.from_settings(Settings.from_env("fleet", **overrides))


def fake_uow(*, bookings=(), vehicles=(), **overrides) -> FakeUnitOfWork:
    """A unit of work on fresh in-memory repositories holding these rows."""
    return FakeUnitOfWork(config(**overrides), bookings=FakeBookings(*bookings), vehicles=FakeVehicles(*vehicles),
                          replica=FakeReplica(), car_limits=FakeCarLimits())
