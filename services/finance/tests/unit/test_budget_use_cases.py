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


# -- year-end closing ----------------------------------------------------------------------------

from buildingblocks.clock import local_today  # noqa: E402

from finance.domain.fiscal_year import YearClosed  # noqa: E402
from finance.service_layer import expenses, fiscal_years, inbox  # noqa: E402

LAST_YEAR = local_today().year - 1


def spend_ask(amount, day=None):
    return {"category": "stationery", "amount_vnd": amount, "beneficiary_staff_id": 22,
            "date": day or dt.date(LAST_YEAR, 11, 10), "description": "Giấy in", "quantity": 1}


def a_closing_year(uow):
    """Last year's stationery budget of BTC with two expenses held and one procurement reserved."""
    old, _ = budgets.allocate(uow, ACCOUNTANT, allocation(amount=10_000_000, year=LAST_YEAR))
    budgets.allocate(uow, ACCOUNTANT, allocation(category="procurement", amount=8_000_000, year=LAST_YEAR))
    carried, lapsing = expenses.submit(uow, STAFF, spend_ask(1_000_000)), expenses.submit(uow, STAFF, spend_ask(2_000_000))
    reservation = bookings.reserve_for(uow, source="assets.procurement", source_id=7, unit="BTC", fiscal_year=LAST_YEAR,
                                       category="procurement", amount_vnd=5_000_000, event_id="e")
    return old, carried, lapsing, reservation


def test_a_year_closes_with_a_carry_over_and_a_release_then_takes_no_new_entry():
    uow = fake_uow()
    old, carried, lapsing, reservation = a_closing_year(uow)
    carry = [{"source": "finance.expense", "source_id": str(carried.id)}, {"source": "assets.procurement", "source_id": "7"}]
    with pytest.raises(NotAllowed):
        fiscal_years.propose_close(uow, STAFF, LAST_YEAR, {"carry_over": carry})
    close = fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR, {"carry_over": carry})
    assert [(i.source, i.action) for i in close.items] == [
        ("finance.expense", "carry_over"), ("finance.expense", "release"), ("assets.procurement", "carry_over")]
    with pytest.raises(YearClosed) as frozen:  # from the proposal on, nothing new in the year
        expenses.submit(uow, STAFF, spend_ask(1))
    assert (frozen.value.extra["rule"], frozen.value.extra["fiscal_year"]) == ("fiscal_year_closed", LAST_YEAR)
    assert [(i.kind, i.id) for i in inbox.inbox(uow, LEADER)[0]] == [("year_close", close.id)]

    fiscal_years.decide_close(uow, LEADER, LAST_YEAR, True, "")
    assert close.status == "confirmed" and all(i.done for i in close.items)
    assert uow.ledger.position(old.id).figures() == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 0, "spent_vnd": 0, "available_vnd": 10_000_000}
    new = uow.budgets.find(LAST_YEAR + 1, "BTC", "stationery")
    assert uow.ledger.position(new.id).figures() == {
        "allocated_vnd": 1_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 0}
    assert carried.budget_id == new.id and lapsing.status == "lapsed" and lapsing.decisions[-1].action == "lapse"
    assert (reservation.fiscal_year, reservation.status) == (LAST_YEAR + 1, "reserved")
    assert {e.kind for e in uow.ledger.entries()} >= {"carry_out", "carry_in", "lapsed"}

    with pytest.raises(YearClosed):
        budgets.allocate(uow, ACCOUNTANT, allocation(category="travel", year=LAST_YEAR))
    expenses.approve(uow, make_principal("truongban.btc", "BTC", ["unit_head", "staff"], 20), carried.id)
    expenses.pay(uow, ACCOUNTANT, carried.id, None)  # the carried expense is paid from the new year's budget
    assert uow.ledger.position(new.id).spent_vnd == 1_000_000


def test_an_event_about_a_closed_year_is_booked_in_the_next_open_year_and_flagged():
    uow = fake_uow()
    a_closing_year(uow)
    fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR, {})
    fiscal_years.decide_close(uow, LEADER, LAST_YEAR, True, "")
    chargeback = bookings.charge(uow, source="fleet.trip", source_id=42, unit="BTC", category="transport",
                                 amount_vnd=300_000, occurred_on=dt.date(LAST_YEAR, 12, 30), event_id="late")
    assert (chargeback.fiscal_year, chargeback.moved_from_year) == (LAST_YEAR + 1, LAST_YEAR)
    assert uow.ledger.position(uow.budgets.find(LAST_YEAR + 1, "BTC", "transport").id).spent_vnd == 300_000
    bookings.settle(uow, source="assets.procurement", source_id=7, unit="BTC", fiscal_year=LAST_YEAR,
                    category="procurement", actual_vnd=4_000_000, event_id="received")  # released by the close
    settled = uow.reservations.by_source("assets.procurement", 7)
    assert (settled.status, settled.fiscal_year, settled.moved_from_year) == ("spent", LAST_YEAR + 1, LAST_YEAR)


def test_a_close_is_proposed_once_for_an_ended_year_and_decided_by_another():
    uow = fake_uow()
    a_closing_year(uow)
    with pytest.raises(RuleBroken) as early:
        fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR + 1, {})
    assert early.value.extra["rule"] == "fiscal_year_not_ended"
    with pytest.raises(Invalid):
        fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR, {"carry_over": [{"source": "finance.expense", "source_id": "99"}]})
    fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR, {})
    with pytest.raises(RuleBroken) as twice:
        fiscal_years.propose_close(uow, ACCOUNTANT, LAST_YEAR, {})
    assert twice.value.extra["rule"] == "fiscal_year_closed"
    with pytest.raises(NotAllowed):
        fiscal_years.decide_close(uow, ACCOUNTANT, LAST_YEAR, True, "")
    fiscal_years.decide_close(uow, LEADER, LAST_YEAR, False, "chưa đủ hồ sơ")
    budgets.allocate(uow, ACCOUNTANT, allocation(category="travel", year=LAST_YEAR))  # open again
