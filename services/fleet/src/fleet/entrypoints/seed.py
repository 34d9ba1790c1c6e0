"""Demo data of the fleet: the demo organisation in the HR replica (so the fleet works before
HR's events arrive), its drivers, the cars the boards used to keep on their own, now one pool,
and their maintenance plans. Idempotent: run it again and nothing doubles.

    DATABASE_URL=... python -m fleet.entrypoints.seed      (after `alembic upgrade head`)
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.replica import seed_demo

from ..adapters.orm import MaintenancePlan, Vehicle
from ..adapters.repository import repositories
from ..config import SERVICE, Config

log = logging.getLogger(__name__)

# plate, model, seats (driver's included), fuel, norm l/100 km, odometer km, dedicated holder
# The boards' own cars before the reform (Decree 72/2023 Art 11.2: one per board; the Office
# two), plus the Secretary's title car (Art 6.2) and the Office's minibus for delegations.
VEHICLES = [
    ("36A-001.01", "Toyota Camry 2.5Q", 5, "petrol", 8.5, 84_300, 1),
    ("36A-002.02", "Toyota Fortuner 2.4", 7, "diesel", 9.0, 121_500, None),
    ("36A-003.03", "Toyota Innova 2.0E", 8, "petrol", 10.0, 98_200, None),
    ("36A-004.04", "Mitsubishi Pajero Sport", 7, "diesel", 9.5, 143_900, None),
    ("36A-005.05", "Kia Carnival 2.2D", 7, "diesel", 9.5, 56_700, None),
    ("36A-006.06", "Toyota Corolla Cross 1.8V", 5, "petrol", 7.5, 38_400, None),
    ("36A-007.07", "Mazda CX-5 2.0", 5, "petrol", 8.0, 67_100, None),
    ("36B-016.16", "Ford Transit 16 chỗ", 16, "diesel", 12.0, 201_800, None),
]
# title, every km, every days
PLANS = [("Bảo dưỡng định kỳ (thay dầu, lọc)", 5_000, 180), ("Đăng kiểm", None, 365)]


def seed_vehicles(session, today: dt.date) -> int:
    """The demo cars and their plans; returns how many cars were added."""
    added = 0
    for plate, model, seats, fuel, norm, km, holder in VEHICLES:
        vehicle = session.scalars(select(Vehicle).where(Vehicle.plate == plate)).first()
        if vehicle is None:
            vehicle = Vehicle(plate=plate, model=model, seats=seats, fuel_type=fuel, fuel_norm_l_per_100km=norm,
                              odometer_km=km, status="available", holder_staff_id=holder)
            session.add(vehicle)
            session.flush()
            added += 1
        has_plans = session.scalars(select(MaintenancePlan.id).where(MaintenancePlan.vehicle_id == vehicle.id)).first()
        if has_plans is None:
            for i, (title, every_km, every_days) in enumerate(PLANS):
                # stagger the last services so that the due list shows something on day one
                session.add(MaintenancePlan(
                    vehicle_id=vehicle.id, title=title, interval_km=every_km, interval_days=every_days,
                    last_done_km=max(vehicle.odometer_km - (km % 5_000) - i, 0),
                    last_done_on=today - dt.timedelta(days=(vehicle.id * 37 + i * 90) % 300), created_by="seed"))
    return added


def seed(database: Database) -> int:
    """Seed the demo data in one transaction; returns how many cars were added."""
    with database.unit_of_work() as uow:
        seed_demo(uow.session)
        uow.drivers.ensure_profiles(uow.drivers.staff_ids())
        added = seed_vehicles(uow.session, local_today())
        uow.commit()
    return added


def main() -> None:
    """Seed the database of DATABASE_URL."""
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config, repositories=repositories)
    try:
        added = seed(database)
        log.info("fleet demo data seeded: %s vehicles added", added)
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
