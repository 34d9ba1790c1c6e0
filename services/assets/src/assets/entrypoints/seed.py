"""Demo data of the assets service: `python -m assets.entrypoints.seed` (idempotent).

- the replica of HR's units and staff from buildingblocks.demo, so that requests can be checked
  before the HR worker has published anything (HR's events later upsert the same rows);
- the categories and standards (already put there by migration 0002);
- a demo register telling the reform's story: each board still holds its own cars (buildingblocks
  demo.CARS, each car once), computers and furniture, bought before the Office served everyone. The boards' specialists and support staff
  have no computer yet, and UBKT, BTGDV and BNC no printer: room for the demo's procurements
  within the standards. Registering publishes
  `assets.asset.registered`, so the cars join fleet's pool once the worker relays them (fleet links
  a car of the same plate it already knows);
- with DEMO_HISTORY=1 (`make run`), last year's history (buildingblocks.demo_history): what each
  board bought on its own, and the repairs of its own cars;
- the wear of every past fiscal year, so residual values mean something.

Costs and dates are demo figures within the seeded standards, not figures from any regulation.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select

from buildingblocks import demo, demo_history
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.identity import Principal
from buildingblocks.replica import seed_demo
from ..adapters.orm import Asset, Repair
from ..adapters.repository import repositories
from ..config import Config
from ..service_layer.register import register_asset
from ..service_layer.repairs import COMPLETED
from ..service_layer.wear_runs import run_wear

log = logging.getLogger(__name__)
SEED_ACTOR = "seed"
HISTORY_ACTOR = "seed-history"

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
        cars = [car for car in demo.CARS if car[0] == board]
        for n, (_b, plate, model, seats, fuel, norm, odometer, acquired, cost, holder) in enumerate(cars, 1):
            items.append(dict(tag=f"DEMO-CAR-{board}-{n}", unit=board, category="car", name=f"Xe ô tô {model}",
                              holder=holder, acquired_on=acquired, cost=cost, attributes={
                                  "plate": plate, "seats": seats, "model": model, "fuel_type": fuel,
                                  "fuel_norm_l_per_100km": norm, "odometer_km": odometer}))
    return items


def history_items(year: int) -> list[dict]:
    """What each board bought on its own last year (demo_history.purchases), as register items."""
    return [dict(tag=f"DEMO-{year}-MUA-{p.key:03d}", unit=p.board, category=p.category, name=p.name, holder=None,
                 acquired_on=p.on.isoformat(), cost=p.cost_vnd) for p in demo_history.purchases(year)]


def seed_register(uow, items: list[dict] | None = None) -> int:
    """Register the demo items not registered yet; returns how many were added."""
    categories = {c.code: c for c in uow.categories.list()}
    added = 0
    for item in demo_items() if items is None else items:
        if uow.assets.tag_taken(item["tag"]):
            continue
        register_asset(uow, category=categories[item["category"]], name=item["name"], unit=item["unit"],
                       acquired_on=dt.date.fromisoformat(item["acquired_on"]), original_cost_vnd=item["cost"],
                       actor=SEED_ACTOR, source="register", holder_staff_id=item["holder"],
                       attributes=item.get("attributes"), tag=item["tag"], reason="demo register")
        added += 1
    return added


def seed_repairs(uow, year: int) -> int:
    """Last year's repairs of the boards' own cars (demo_history.repairs), completed; finance's seed
    charges the same repairs to each board. Returns how many were added (none if already there)."""
    if uow.session.scalar(select(func.count(Repair.id)).where(Repair.requested_by == HISTORY_ACTOR)):
        return 0
    tags = {item["attributes"]["plate"]: item["tag"] for item in demo_items() if item["category"] == "car"}
    cars = {asset.tag: asset for asset in uow.assets.by_tags(tags.values())}
    added = 0
    for repair in demo_history.repairs(year):
        asset = cars[tags[repair.plate]]
        uow.session.add(Repair(
            asset_id=asset.id, unit=repair.board, description=repair.description, vendor=repair.vendor,
            status=COMPLETED, estimated_cost_vnd=repair.cost_vnd, actual_cost_vnd=repair.cost_vnd,
            status_before=asset.status, requested_by=HISTORY_ACTOR,
            opened_at=dt.datetime.combine(repair.opened_on, dt.time(8), demo_history.LOCAL),
            completed_on=repair.completed_on, closed_by=HISTORY_ACTOR,
            closed_at=dt.datetime.combine(repair.completed_on, dt.time(16), demo_history.LOCAL),
            note="Sửa chữa do ban tự thuê trước khi tập trung về Văn phòng (dữ liệu minh họa)"))
        added += 1
    return added


def story(database: Database) -> dict:
    """What the demo's first look shows of the register: the cars each board holds."""
    with database.unit_of_work() as uow:
        cars = uow.session.execute(select(Asset.unit, func.count(Asset.id)).where(
            Asset.category == "car", Asset.status != "disposed").group_by(Asset.unit)).all()
    return {"cars_held_by_board": dict(sorted(cars))}


def main() -> None:
    """Seed the demo data into DATABASE_URL."""
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=config.service, config=config,
                        repositories=repositories)
    history = demo_history.wanted()
    last_year = demo_history.history_year(local_today())
    with database.unit_of_work() as uow:
        seed_demo(uow.session)
        added = seed_register(uow)
        if history:
            added += seed_register(uow, history_items(last_year))
            seed_repairs(uow, last_year)
        uow.commit()
    office = Principal(SEED_ACTOR, None, "VP", frozenset({"office_assets"}))
    years = range(2018, local_today().year)
    for year in years:
        with database.unit_of_work() as uow:
            run_wear(uow, office, year)
    log.info("assets seed: replica of %d units and %d staff, %d demo assets added, wear recorded for %d-%d",
             len(demo.UNITS), len(demo.STAFF), added, years.start, years.stop - 1)
    log.info("assets: %s", story(database))
    database.dispose()


if __name__ == "__main__":
    main()
