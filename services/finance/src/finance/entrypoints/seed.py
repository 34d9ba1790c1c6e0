"""Demo data of the finance service: `python -m finance.entrypoints.seed` (idempotent).

- the replica of HR's units and staff from buildingblocks.demo, so that requests can be checked
  before the HR worker has published anything (HR's events later upsert the same rows);
- the spending regulation's seed versions (already put there by migration 0002);
- a budget per board and category for the current fiscal year. The amounts are demo figures
  chosen to make the demo tell a story, not figures from any regulation;
- with DEMO_HISTORY=1 (`make run`), last year as each board's own office ran it
  (buildingblocks.demo_history): the boards' budgets, their expenses asked, decided and paid through
  the use cases, and the chargebacks of the same trips, car servicing and repairs that fleet's and
  assets' seeds write (booked as their events would have been: a cost over the budget is flagged).
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from buildingblocks import demo, demo_history
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.identity import Principal
from buildingblocks.replica import seed_demo

from ..adapters.orm import Chargeback, Expense
from ..adapters.repository import repositories
from ..config import DEFAULT_REGULATION_VERSIONS, MAINTENANCE_CATEGORY, REPAIR_CATEGORY, TRANSPORT_CATEGORY, Config
from ..service_layer import bookings, expenses
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


def seed_budgets(uow, fiscal_year: int, budgets: dict[str, dict[str, int]] | None = None) -> int:
    """Allocate the demo budgets of `fiscal_year` that are not allocated yet; returns how many."""
    added = 0
    for board in demo.BOARDS:
        wanted = dict(DEMO_BOARD_BUDGETS, **(DEMO_OFFICE_EXTRA if board == "VP" else {})) if budgets is None \
            else budgets[board]
        for category, amount in wanted.items():
            budget = uow.budgets.open(fiscal_year, board, category, by="seed")
            if uow.ledger.has_allocation(budget.id):
                continue
            uow.ledger.book(budget, "allocated", amount, source=ALLOCATION, source_id=budget.id, by="seed",
                            note="demo allocation")
            added += 1
    return added


def _user(staff_id: int, roles: set[str]) -> Principal:
    """A demo person acting in last year's history (their demo login's name when they have one)."""
    usernames = {staff: username for username, staff, *_ in demo.USERS if staff is not None}
    board = next(demo.board_of(unit) for sid, _n, key, *_ in demo.STAFF if sid == staff_id
                 for k, unit, *_ in demo.POSITIONS if k == key)
    return Principal(usernames.get(staff_id, f"staff-{staff_id}"), staff_id, board, frozenset(roles))


def seed_chargebacks(uow, year: int) -> int:
    """Last year's trips, car servicing and repairs, charged as fleet's and assets' events would have
    charged them (the same records their seeds write); returns how many were booked."""
    costs = [("fleet.trip", t.key, t.board, TRANSPORT_CATEGORY, t.fuel_cost_vnd, t.end.date())
             for t in demo_history.trips(year) if t.status == "completed"]
    costs += [("fleet.maintenance", s.key, "VP", MAINTENANCE_CATEGORY, s.cost_vnd, s.done_on)
              for s in demo_history.servicings(year)]
    costs += [("assets.repair", r.key, r.board, REPAIR_CATEGORY, r.cost_vnd, r.completed_on)
              for r in demo_history.repairs(year)]
    booked = 0
    for source, key, unit, category, amount, on in sorted(costs, key=lambda c: (c[5], c[0], c[1])):
        booked += bookings.charge(uow, source=source, source_id=f"history-{key}", unit=unit, category=category,
                                  amount_vnd=amount, occurred_on=on,
                                  event_id=demo_history.event_id(source, key)) is not None
    return booked


def seed_expenses(database: Database, year: int) -> int:
    """Last year's expenses of every board, through the use cases (checked against the norms and the
    budget, reserved, decided by the board's head, paid by the Office's accountant); none twice."""
    with database.unit_of_work() as uow:
        if uow.session.scalar(select(func.count(Expense.id)).where(Expense.fiscal_year == year)):
            return 0
    payer = _user(demo_history.PAYER, {"office_finance", "staff"})
    added = 0
    for spending in demo_history.spendings(year):
        requester_id, head_id = demo_history.REQUESTERS[spending.board]
        requester, head = _user(requester_id, {"staff"}), _user(head_id, {"unit_head", "staff"})
        with database.unit_of_work() as uow:
            made = expenses.submit(uow, requester, {
                "unit": spending.board, "category": spending.category, "date": spending.on,
                **({"quantity": spending.quantity, "rate_vnd": spending.rate_vnd} if spending.rate_vnd
                   else {"amount_vnd": spending.amount_vnd}),
                "beneficiary_staff_id": spending.beneficiary_id,
                "description": spending.description})
            if spending.outcome == "rejected":
                expenses.reject(uow, head, made.id, "Không nằm trong kế hoạch của ban")
            elif spending.outcome == "withdrawn":
                expenses.withdraw(uow, requester, made.id, "Đã dùng nguồn khác")
            else:
                expenses.approve(uow, head, made.id)
                expenses.pay(uow, payer, made.id, None)
            uow.commit()
        added += 1
    return added


def seed_history(database: Database, year: int) -> dict[str, int]:
    """The history of `year` (demo_history): budgets, chargebacks, expenses."""
    with database.unit_of_work() as uow:
        budgets = seed_budgets(uow, year, demo_history.BUDGETS)
        charged = seed_chargebacks(uow, year)
        uow.commit()
    return {"budgets": budgets, "chargebacks": charged, "expenses": seed_expenses(database, year)}


def story(database: Database, year: int) -> dict:
    """What the demo's first look shows of finance in `year`: the budgets that costs overran, and
    the expenses as they ended."""
    with database.unit_of_work() as uow:
        overruns = uow.session.execute(
            select(Chargeback.unit, Chargeback.category, func.count(Chargeback.id), func.sum(Chargeback.amount_vnd))
            .where(Chargeback.fiscal_year == year, Chargeback.overrun.is_(True))
            .group_by(Chargeback.unit, Chargeback.category).order_by(Chargeback.unit, Chargeback.category)).all()
        ended = uow.session.execute(select(Expense.status, func.count(Expense.id)).where(Expense.fiscal_year == year)
                                    .group_by(Expense.status)).all()
    return {"overruns": {f"{unit}/{category}": {"chargebacks": n, "amount_vnd": int(total)}
                         for unit, category, n, total in overruns},
            "expenses": dict(sorted(ended))}


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
    if demo_history.wanted():
        last = demo_history.history_year(local_today())
        log.info("finance seed: history of %d: %s", last, seed_history(database, last))
        log.info("finance: %d as the boards ran it: %s", last, story(database, last))
    log.info("finance seed: replica of %d units and %d staff, %d regulation versions added, %d budgets of %d allocated",
             len(demo.UNITS), len(demo.STAFF), versions, budgets, year)
    database.dispose()


if __name__ == "__main__":
    main()
