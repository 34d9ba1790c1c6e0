"""Demo data of the finance service: `python -m finance.entrypoints.seed` (idempotent).

- the replica of HR's units and staff from buildingblocks.demo, so that requests can be checked
  before the HR worker has published anything (HR's events later upsert the same rows);
- the spending regulation's seed versions (already put there by migration 0002);
- a budget per board and category for the current fiscal year. The amounts are demo figures
  chosen to make the demo tell a story, not figures from any regulation.
"""

from __future__ import annotations

import logging

from buildingblocks import demo
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.replica import seed_demo

from ..adapters.repository import repositories
from ..config import DEFAULT_REGULATION_VERSIONS, Config
from ..service_layer.budgets import ALLOCATION
from ..service_layer.regulations import seed_versions

log = logging.getLogger(__name__)

# Demo allocations per board (VND). Transport, repair and maintenance are charged back by fleet
# and assets; the Office alone carries maintenance of the shared pool.
DEMO_BOARD_BUDGETS = {
    "travel_per_diem": 120_000_000,
    "lodging": 150_000_000,
    "travel_lump_sum": 30_000_000,
    "conference_meal": 80_000_000,
    "stationery": 40_000_000,
    "transport": 250_000_000,
    "procurement": 600_000_000,
    "repair": 150_000_000,
}
DEMO_OFFICE_EXTRA = {"maintenance": 400_000_000}


def seed_budgets(uow, fiscal_year: int) -> int:
    """Allocate the demo budgets of `fiscal_year` that are not allocated yet; returns how many."""
    added = 0
    for board in demo.BOARDS:
        wanted = dict(DEMO_BOARD_BUDGETS, **(DEMO_OFFICE_EXTRA if board == "VP" else {}))
        for category, amount in wanted.items():
            budget = uow.budgets.open(fiscal_year, board, category, by="seed")
            if uow.ledger.has_allocation(budget.id):
                continue
            uow.ledger.book(budget, "allocated", amount, source=ALLOCATION, source_id=budget.id, by="seed",
                            note="demo allocation")
            added += 1
    return added


def main() -> None:
    """Seed the demo data into DATABASE_URL."""
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=config.service, config=config,
                        repositories=repositories)
    year = local_today().year
    with database.unit_of_work() as uow:
        seed_demo(uow.session)
        versions = seed_versions(uow, DEFAULT_REGULATION_VERSIONS)
        budgets = seed_budgets(uow, year)
        uow.commit()
    log.info("finance seed: replica of %d units and %d staff, %d regulation versions added, %d budgets of %d allocated",
             len(demo.UNITS), len(demo.STAFF), versions, budgets, year)
    database.dispose()


if __name__ == "__main__":
    main()
