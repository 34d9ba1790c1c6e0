"""Allocations, transfers, corrections, regulation versions and what other services' events book,
on FakeUnitOfWork (in-memory repositories): the stories and their rule refusals, in milliseconds."""

import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

from finance.domain.errors import BudgetExhausted, InvalidRegulation
from finance.service_layer import bookings, budgets, ledger_entries, regulations

from fakes import fake_uow

STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], 22)
LEADER = make_principal("bithu", "TU", ["leadership"], 1)
ACCOUNTANT = make_principal("ketoan.vp", "VP", ["office_finance", "staff"], 5)


def allocation(unit="BTC", category="stationery", amount=10_000_000, year=2026):
    return {"fiscal_year": year, "unit": unit, "category": category, "allocated_vnd": amount}


def test_a_budget_is_allocated_once_by_office_finance():
    uow = fake_uow()
    with pytest.raises(NotAllowed):
        budgets.allocate(uow, STAFF, allocation())
    with pytest.raises(Invalid):
        budgets.allocate(uow, ACCOUNTANT, allocation(unit="XYZ"))
    budget, position = budgets.allocate(uow, ACCOUNTANT, allocation())
    assert uow.committed and position.allocated_vnd == 10_000_000 and uow.budgets.locked == [budget.id]
    with pytest.raises(RuleBroken) as again:
        budgets.allocate(uow, ACCOUNTANT, allocation(amount=1))
    assert again.value.extra["rule"] == "budget_exists"


def test_another_boards_budget_is_not_found():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation(unit="BNC"))
    with pytest.raises(NotFound):
        budgets.get(uow, STAFF, budget.id)
    with pytest.raises(NotFound):
        budgets.get(uow, ACCOUNTANT, budget.id + 1)
    assert budgets.get(uow, ACCOUNTANT, budget.id)[1].available_vnd == 10_000_000


def test_a_transfer_is_asked_between_two_boards_within_what_is_available():
    uow = fake_uow()
    budgets.allocate(uow, ACCOUNTANT, allocation(amount=3_000_000))
    ask = {"fiscal_year": 2026, "category": "stationery", "from_unit": "BTC", "to_unit": "BNC",
           "amount_vnd": 2_000_000, "reason": "điều chuyển"}
    with pytest.raises(Invalid):
        budgets.request_transfer(uow, ACCOUNTANT, {**ask, "to_unit": "BTC"})
    with pytest.raises(BudgetExhausted):
        budgets.request_transfer(uow, ACCOUNTANT, {**ask, "amount_vnd": 3_000_001})
    change = budgets.request_transfer(uow, ACCOUNTANT, ask)
    assert change.status == "pending" and uow.ledger.position(1).allocated_vnd == 3_000_000  # nothing moved yet
    budgets.decide_change(uow, LEADER, "transfer", change.id, True, "")
    target = uow.budgets.find(2026, "BNC", "stationery")
    assert uow.ledger.position(1).allocated_vnd == 1_000_000 and uow.ledger.position(target.id).allocated_vnd == 2_000_000


def test_a_dissolved_boards_available_money_moves_to_its_successor():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation(amount=5_000_000))
    uow.ledger.book(budget, "reserved", 1_000_000, source="finance.expense", source_id=9, by="t")
    budgets.allocate(uow, ACCOUNTANT, allocation(category="travel", amount=0))  # nothing available: stays
    moved = budgets.move_to_successor(uow, "BTC", "BNC", dt.date(2026, 7, 1), "event-1")
    successor = uow.budgets.find(2026, "BNC", "stationery")
    assert moved == 1
    assert uow.ledger.position(budget.id).figures()["available_vnd"] == 0
    assert uow.ledger.position(budget.id).reserved_vnd == 1_000_000  # the reservation stays with its request
    assert uow.ledger.position(successor.id).allocated_vnd == 4_000_000
    [change] = uow.changes.rows.values()
    assert (change.kind, change.status, change.event_id) == ("transfer", "approved", "event-1")


def test_a_wrong_allocation_is_reversed_once_and_reservations_never():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation())
    [entry] = uow.ledger.entries(budget.id)
    held = uow.ledger.book(budget, "reserved", 1_000_000, source="finance.expense", source_id=9, by="t")
    with pytest.raises(NotAllowed):
        ledger_entries.reverse(uow, STAFF, entry.id, "nhầm")
    with pytest.raises(RuleBroken) as refused:
        ledger_entries.reverse(uow, ACCOUNTANT, entry.id, "nhầm")  # would strand the 1,000,000 reserved
    assert refused.value.extra["rule"] == "budget_exhausted"
    uow.ledger.book(budget, "released", 1_000_000, source="finance.expense", source_id=9, by="t")
    with pytest.raises(RuleBroken) as not_reversible:
        ledger_entries.reverse(uow, ACCOUNTANT, held.id, "nhầm")
    assert not_reversible.value.extra["rule"] == "not_reversible"
    reversal = ledger_entries.reverse(uow, ACCOUNTANT, entry.id, "nhầm")
    assert reversal.amount_vnd == -10_000_000 and reversal.reverses_entry_id == entry.id
    with pytest.raises(RuleBroken) as twice:
        ledger_entries.reverse(uow, ACCOUNTANT, entry.id, "nhầm")
    assert twice.value.extra["rule"] == "already_reversed"


def test_a_regulation_version_is_added_once_per_date_and_must_be_consistent():
    uow = fake_uow()
    norm = {"category": "lodging", "limit_vnd": 450_000, "per": "night", "locality_tier": "city"}
    data = {"effective_from": dt.date(2027, 1, 1), "norms": [norm]}
    with pytest.raises(NotAllowed):
        regulations.add_version(uow, STAFF, data)
    with pytest.raises(InvalidRegulation):
        regulations.add_version(uow, ACCOUNTANT, {**data, "norms": [norm, norm]})
    version = regulations.add_version(uow, ACCOUNTANT, data)
    assert uow.committed and version.title == "Quy chế chi tiêu nội bộ từ 2027-01-01"
    assert uow.regulations.in_force(dt.date(2027, 3, 1)).norms[0].limit_vnd == 450_000
    with pytest.raises(RuleBroken) as again:
        regulations.add_version(uow, ACCOUNTANT, data)
    assert again.value.extra["rule"] == "version_exists"


# -- what other services' events book (the consumer commits: the tests commit in its place) ----


def reserve(uow, source_id=12, amount=4_000_000):
    reservation = bookings.reserve_for(uow, source="assets.procurement", source_id=source_id, unit="BTC",
                                       fiscal_year=2026, category="procurement", amount_vnd=amount, event_id="e")
    uow.commit()
    return reservation


def test_a_procurement_is_reserved_or_refused_and_answered_the_same_when_asked_again():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation(category="procurement", amount=5_000_000))
    uow.published.clear()
    assert reserve(uow).status == "reserved" and uow.ledger.position(budget.id).reserved_vnd == 4_000_000
    assert reserve(uow).status == "reserved" and uow.ledger.position(budget.id).reserved_vnd == 4_000_000
    refused = reserve(uow, source_id=13, amount=2_000_000)
    assert refused.status == "rejected"
    assert [e["type"] for e in uow.published] == ["finance.reservation.accepted"] * 2 + ["finance.reservation.rejected"]
    assert uow.published[-1]["data"]["available_vnd"] == 1_000_000


def test_a_received_procurement_spends_its_actual_cost_and_flags_an_overrun():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation(category="procurement", amount=5_000_000))
    reserve(uow)
    uow.published.clear()
    bookings.settle(uow, source="assets.procurement", source_id=12, unit="BTC", fiscal_year=2026,
                    category="procurement", actual_vnd=6_000_000, event_id="e2")
    uow.commit()
    position = uow.ledger.position(budget.id)
    assert (position.reserved_vnd, position.spent_vnd, position.overrun_vnd) == (0, 6_000_000, 1_000_000)
    assert [e["type"] for e in uow.published] == ["finance.budget.overrun"]
    assert uow.reservations.by_source("assets.procurement", 12).status == "spent"


def test_a_cancelled_procurement_gives_its_reservation_back_once():
    uow = fake_uow()
    budget, _ = budgets.allocate(uow, ACCOUNTANT, allocation(category="procurement", amount=5_000_000))
    reserve(uow)
    for _ in range(2):
        bookings.release(uow, source="assets.procurement", source_id=12, event_id="e3")
    assert uow.ledger.position(budget.id).available_vnd == 5_000_000


def test_a_chargeback_is_never_refused_and_booked_once():
    uow = fake_uow()
    for _ in range(2):
        bookings.charge(uow, source="fleet.trip", source_id=42, unit="BTC", category="transport",
                        amount_vnd=300_000, occurred_on=dt.date(2026, 5, 2), event_id="e4")
    uow.commit()
    budget = uow.budgets.find(2026, "BTC", "transport")
    assert uow.ledger.position(budget.id).spent_vnd == 300_000
    assert uow.chargebacks.by_source("fleet.trip", 42).overrun is True
    assert [e["type"] for e in uow.published] == ["finance.budget.overrun"]
