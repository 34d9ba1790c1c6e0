"""Demo data of the HR service: `python -m hr.entrypoints.seed` (idempotent).

The old structure of buildingblocks.demo (each board with its own small office holding an
accountant, a clerk and drivers), written through the use cases so that the events go out and
every other service's replica follows; and a draft restructuring plan that centralizes those
offices into the Office, ready to preview, approve and apply.

Position ids are fixed: the n-th position of demo.POSITIONS has id n, so the plan and the other
teams' demo data can name them.
"""
from __future__ import annotations

import datetime as dt
import logging

from buildingblocks import demo
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.identity import Principal

from ..adapters.repository import repositories
from ..config import Config
from ..service_layer import positions, restructurings, staff, staffing, units

log = logging.getLogger(__name__)

# The day the demo's old structure starts: after the 2025 merger of the propaganda and mass
# mobilisation boards (Quy định 329-QĐ/TW, in force 13/6/2025; mergers from 1/3/2025).
STRUCTURE_SINCE = dt.date(2025, 3, 1)
SEEDER = Principal(username="seed", staff_id=None, unit="VP", roles=frozenset({"office_hr"}))
DEMO_PLAN_TITLE = "Đề án tập trung văn phòng các ban về Văn phòng Tỉnh ủy"
OFFICE_DEPARTMENT_FOR = {"accountant": "VP-TC", "clerk": "VP-TH", "driver": "VP-QT"}


def position_ids() -> dict[str, int]:
    """demo position key -> its fixed id."""
    return {key: index for index, (key, *_rest) in enumerate(demo.POSITIONS, start=1)}


def demo_plan_steps() -> list[dict]:
    """Move each board's accountant, clerk and drivers (with their holders) into the Office's
    departments, dissolve the boards' own offices, cut the pooled drivers' posts to one per board
    and each board's deputy posts from 3 to 2."""
    ids = position_ids()
    steps: list[dict] = []
    for board in ("BTC", "UBKT", "BTGDV", "BNC"):
        prefix = board.lower()
        for role, department in OFFICE_DEPARTMENT_FOR.items():
            steps.append({"op": "move_position", "position_id": ids[f"{prefix}-{role}"], "to_unit": department,
                          "with_holder": True})
        steps.append({"op": "set_quota", "position_id": ids[f"{prefix}-driver"], "quota": 1})
        steps.append({"op": "dissolve_unit", "code": f"{board}-VP", "successor_code": "VP"})
        steps.append({"op": "set_quota", "position_id": ids[f"{prefix}-deputy"], "quota": 2})
    return steps


def seed(database: Database) -> dict[str, int]:
    """Write whatever of the demo organisation is missing; returns what was added."""
    return {"units": _seed_units(database), "positions": _seed_positions(database), "staff": _seed_staff(database),
            "plans": _seed_plan(database)}


def _seed_units(database: Database) -> int:
    added = 0
    for code, name, kind, parent in demo.UNITS:
        with database.unit_of_work() as uow:
            if not uow.units.exists(code):
                units.create_unit(uow, SEEDER, {"code": code, "name": name, "kind": kind, "parent_code": parent,
                                                "valid_from": STRUCTURE_SINCE})
                added += 1
    return added


def _seed_positions(database: Database) -> int:
    added, ids = 0, position_ids()
    for key, unit, title, rank, family, quota, is_driver in demo.POSITIONS:
        with database.unit_of_work() as uow:
            if not uow.positions.exists(ids[key]):
                positions.create_position(uow, SEEDER, {
                    "id": ids[key], "unit": unit, "title": title, "rank": rank, "family": family, "quota": quota,
                    "is_driver": is_driver, "valid_from": STRUCTURE_SINCE})
                added += 1
    return added


def _seed_staff(database: Database) -> int:
    added, ids = 0, position_ids()
    for staff_id, full_name, key, title_rank, licence_class, licence_expiry in demo.STAFF:
        with database.unit_of_work() as uow:
            if uow.staff.get(staff_id) is None:
                staff.hire(uow, SEEDER, {
                    "id": staff_id, "full_name": full_name, "position_id": ids[key], "title_rank": title_rank,
                    "licence_class": licence_class,
                    "licence_expiry": dt.date.fromisoformat(licence_expiry) if licence_expiry else None,
                    "hired_on": STRUCTURE_SINCE})
                added += 1
    return added


def _seed_plan(database: Database) -> int:
    with database.unit_of_work() as uow:
        if uow.plans.titled(DEMO_PLAN_TITLE) is not None:
            return 0
        restructurings.create_plan(uow, SEEDER, {
            "title": DEMO_PLAN_TITLE,
            "description": "Mỗi ban đang tự duy trì văn phòng riêng (kế toán, văn thư, lái xe). Đề án chuyển "
                           "các vị trí này cùng người đảm nhiệm về các phòng của Văn phòng Tỉnh ủy, giải thể "
                           "văn phòng các ban, dùng chung đội xe và giảm một phó trưởng ban mỗi ban.",
            "effective_date": local_today(),
            "steps": demo_plan_steps(),
        })
        return 1


def story(database: Database) -> dict:
    """What the demo's first look shows of HR: each board's headcount and deputies against their
    limits (the staffing table of today, judged by the rules in force)."""
    with database.unit_of_work() as uow:
        table = staffing.staffing(uow, SEEDER)
    return {row["code"]: {k: row[k] for k in ("quota", "filled", "deputies", "deputy_limit")}
            | {"violations": len(row["violations"])}
            for row in table["items"] if row["kind"] in ("office", "board")}


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=config.service, config=config,
                        repositories=repositories)
    try:
        added = seed(database)
        log.info("hr seed: added %s", added)
        log.info("hr: headcount and deputies against their limits: %s", story(database))
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
