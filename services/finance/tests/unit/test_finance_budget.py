"""Budget arithmetic: figures from ledger sums, reservation checks, settlement entries."""

import pytest

from finance.domain.budget import BudgetPosition, settlement
from finance.domain.errors import BudgetExhausted


def test_figures_are_sums_of_the_ledger_kinds():
    position = BudgetPosition.from_ledger({"allocated": 1_000, "reserved": 700, "released": 300, "spent": 250})
    assert position.figures() == {"allocated_vnd": 1_000, "reserved_vnd": 400, "spent_vnd": 250, "available_vnd": 350}
    assert position.used_share == pytest.approx(0.65)
    assert position.overrun_vnd == 0


def test_missing_kinds_count_as_zero():
    assert BudgetPosition.from_ledger({}).available_vnd == 0
    assert BudgetPosition.from_ledger({"allocated": None}).used_share is None


def test_a_reservation_that_fits_exactly_is_allowed_and_one_more_dong_is_not():
    position = BudgetPosition(allocated_vnd=1_000, reserved_vnd=400, spent_vnd=100)
    position.require_available(500)
    with pytest.raises(BudgetExhausted) as refused:
        position.require_available(501)
    assert refused.value.figures == {
        "asked_vnd": 501,
        "allocated_vnd": 1_000,
        "reserved_vnd": 400,
        "spent_vnd": 100,
        "available_vnd": 500,
    }


def test_an_overrun_budget_reports_the_overrun_and_refuses_everything():
    position = BudgetPosition(allocated_vnd=100, spent_vnd=150)
    assert position.available_vnd == -50
    assert position.overrun_vnd == 50
    with pytest.raises(BudgetExhausted):
        position.require_available(1)


@pytest.mark.parametrize(
    "kind, amount, expected",
    [
        ("allocated", 50, (150, 20, 10)),
        ("allocated", -30, (70, 20, 10)),
        ("reserved", 5, (100, 25, 10)),
        ("released", 20, (100, 0, 10)),
        ("spent", 40, (100, 20, 50)),
    ],
)
def test_each_kind_moves_one_figure(kind, amount, expected):
    after = BudgetPosition(100, 20, 10).after(kind, amount)
    assert (after.allocated_vnd, after.reserved_vnd, after.spent_vnd) == expected


def test_settlement_releases_the_whole_reservation_and_spends_the_actual():
    assert settlement(1_000, 800) == [("released", 1_000), ("spent", 800)]
    assert settlement(1_000, 1_200) == [("released", 1_000), ("spent", 1_200)]
    assert settlement(0, 500) == [("spent", 500)]
    position = BudgetPosition(5_000, 1_000, 0)
    for kind, amount in settlement(1_000, 800):
        position = position.after(kind, amount)
    assert position.figures() == {"allocated_vnd": 5_000, "reserved_vnd": 0, "spent_vnd": 800, "available_vnd": 4_200}
