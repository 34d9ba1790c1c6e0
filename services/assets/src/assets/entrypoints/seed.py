"""Demo data of the assets service: `python -m assets.entrypoints.seed` (idempotent).

- the replica of HR's units and staff from buildingblocks.demo, so that requests can be checked
  before the HR worker has published anything (HR's events later upsert the same rows);
- the categories and standards (already put there by migration 0002);
- a demo register telling the reform's story: each board still holds its own car, computers and
  furniture, bought before the Office served everyone. The boards' specialists and support staff
  have no computer yet, and UBKT, BTGDV and BNC no printer: room for the demo's procurements
  within the standards. Registering publishes
  `assets.asset.registered`, so the cars join fleet's pool once the worker relays them (fleet links
  a car of the same plate it already knows);
- the wear of every past fiscal year, so residual values mean something.

Costs and dates are demo figures within the seeded standards, not figures from any regulation.
"""
from __future__ import annotations

import datetime as dt
import logging

from buildingblocks import demo
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.identity import Principal
from buildingblocks.replica import seed_demo
from ..adapters.repository import repositories
from ..config import Config
from ..service_layer.register import register_asset
from ..service_layer.wear_runs import run_wear

log = logging.getLogger(__name__)
SEED_ACTOR = "seed"

# board -> (plate, model, seats, fuel type, fuel norm l/100 km, odometer km, acquired on, cost VND)
DEMO_CARS = {
    "VP": [("81A-000.11", "Toyota Innova 2.0E", 7, "petrol", 9.5, 152_300, "2018-05-10", 790_000_000),
           ("81A-000.12", "Ford Transit 16 chỗ", 16, "diesel", 12.0, 98_700, "2020-03-02", 1_050_000_000),
           ("81A-000.13", "Toyota Vios 1.5G", 5, "petrol", 7.0, 61_200, "2021-09-15", 560_000_000)],
    "BTC": [("81A-001.21", "Toyota Fortuner 2.4", 7, "diesel", 10.5, 120_400, "2019-06-20", 940_000_000)],
    "UBKT": [("81A-001.31", "Mitsubishi Xpander", 7, "petrol", 8.0, 45_900, "2022-02-11", 650_000_000)],
    "BTGDV": [("81A-001.41", "Kia Carnival 2.2D", 7, "diesel", 9.0, 33_100, "2023-04-05", 940_000_000)],
    "BNC": [("81A-001.51", "Toyota Innova 2.0G", 7, "petrol", 9.5, 171_800, "2018-11-30", 800_000_000)],
}


def demo_items() -> list[dict]:
    """The demo register: tag, board, category, name, holder, acquired on, cost, attributes."""
    items: list[dict] = []
    positions = {key: unit for key, unit, *_ in demo.POSITIONS}
    drivers = {staff_id for staff_id, _n, key, *_ in demo.STAFF if key.endswith("driver")}
    for staff_id, _name, key, title_rank, *_ in demo.STAFF:
        if staff_id in drivers:
            continue
        board = demo.board_of(positions[key])
        leader = title_rank not in ("specialist", "support")
        # the boards' own staff still wait for their computers: room for the demo's procurements
        if leader or board == "VP":
            items.append(dict(tag=f"DEMO-PC-{staff_id:03d}", unit=board, category="computer",
                              name="Máy tính xách tay" if leader else "Máy tính để bàn", holder=staff_id,
                              acquired_on="2022-08-15", cost=15_000_000 if leader else 13_500_000))
        items.append(dict(tag=f"DEMO-DESK-{staff_id:03d}", unit=board, category="desk_set",
                          name="Bộ bàn ghế làm việc", holder=staff_id, acquired_on="2019-03-01",
                          cost=12_000_000 if leader else 4_800_000))
    for board in demo.BOARDS:
        if board in ("VP", "BTC"):  # the other boards have room for a printer under the standard
            items.append(dict(tag=f"DEMO-PRN-{board}", unit=board, category="printer", name="Máy in laser A4",
                              holder=None, acquired_on="2021-01-20", cost=8_900_000))
        items.append(dict(tag=f"DEMO-MEET-{board}", unit=board, category="meeting_set", name="Bộ bàn ghế họp",
                          holder=None, acquired_on="2019-03-01", cost=9_500_000))
        for n, (plate, model, seats, fuel, norm, odometer, acquired, cost) in enumerate(DEMO_CARS.get(board, []), 1):
            items.append(dict(tag=f"DEMO-CAR-{board}-{n}", unit=board, category="car", name=f"Xe ô tô {model}",
                              holder=None, acquired_on=acquired, cost=cost, attributes={
                                  "plate": plate, "seats": seats, "model": model, "fuel_type": fuel,
                                  "fuel_norm_l_per_100km": norm, "odometer_km": odometer}))
    return items


def seed_register(uow) -> int:
    """Register the demo items not registered yet; returns how many were added."""
    categories = {c.code: c for c in uow.categories.list()}
    added = 0
    for item in demo_items():
        if uow.assets.tag_taken(item["tag"]):
            continue
        register_asset(uow, category=categories[item["category"]], name=item["name"], unit=item["unit"],
                       acquired_on=dt.date.fromisoformat(item["acquired_on"]), original_cost_vnd=item["cost"],
                       actor=SEED_ACTOR, source="register", holder_staff_id=item["holder"],
                       attributes=item.get("attributes"), tag=item["tag"], reason="demo register")
        added += 1
    return added


def main() -> None:
    """Seed the demo data into DATABASE_URL."""
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=config.service, config=config,
                        repositories=repositories)
    with database.unit_of_work() as uow:
        seed_demo(uow.session)
        added = seed_register(uow)
        uow.commit()
    office = Principal(SEED_ACTOR, None, "VP", frozenset({"office_assets"}))
    years = range(2018, local_today().year)
    for year in years:
        with database.unit_of_work() as uow:
            run_wear(uow, office, year)
    log.info("assets seed: replica of %d units and %d staff, %d demo assets added, wear recorded for %d-%d",
             len(demo.UNITS), len(demo.STAFF), added, years.start, years.stop - 1)
    database.dispose()


if __name__ == "__main__":
    main()
