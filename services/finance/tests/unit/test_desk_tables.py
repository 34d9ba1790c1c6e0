"""The ledger's and the expenses' exports on FakeUnitOfWork (issue 12): every row the list's filters
ask for, the period's days in office time, a board's own rows only, moments shown in office time."""

import datetime as dt

import pytest
from buildingblocks.clock import OFFICE_TZ
from buildingblocks.errors import NotAllowed
from buildingblocks.testing import make_principal

from finance.service_layer import expenses, ledger_entries
from finance.service_layer.common import recorded_within

from fakes import fake_uow
from test_use_cases import ACCOUNTANT, REGULATION, STAFF, ask, with_budget

OTHER_BOARD = make_principal("chuyenvien.bnc", "BNC", ["staff"], 51)


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, second, tzinfo=OFFICE_TZ).astimezone(dt.timezone.utc)


def test_a_period_is_its_days_in_office_time_both_included():
    bounds = recorded_within({"date_from": dt.date(2026, 3, 1), "date_to": dt.date(2026, 3, 31)})
    assert (bounds["recorded_since"], bounds["recorded_before"]) == (
        dt.datetime(2026, 3, 1, tzinfo=OFFICE_TZ), dt.datetime(2026, 4, 1, tzinfo=OFFICE_TZ))
    assert recorded_within({})["recorded_since"] is None and recorded_within({})["recorded_before"] is None


def test_the_ledger_table_takes_every_entry_of_the_period_newest_first_in_office_time():
    uow = fake_uow(REGULATION)
    budget = with_budget(uow)
    for entry, moment in zip(uow.ledger.rows.values(), [at(1, 23, 59, 59)]):
        entry.recorded_at = moment
    late = uow.ledger.book(budget, "allocated", 5, source="test", source_id=1, by="test")
    late.recorded_at = at(2, 0)
    header, rows = ledger_entries.entries_table(uow, ACCOUNTANT, {"date_to": dt.date(2026, 3, 1)})
    rows = list(rows)
    assert header[:2] == ["Số bút toán", "Thời điểm ghi"] and len(rows) == 1
    assert rows[0][1] == dt.datetime(2026, 3, 1, 23, 59, 59) and rows[0][header.index("Số tiền (VND)")] == 10_000_000
    _, rows = ledger_entries.entries_table(uow, ACCOUNTANT, {"date_from": dt.date(2026, 3, 1)})
    assert [r[0] for r in rows] == [late.id, late.id - 1]


def test_a_board_exports_its_own_expenses_only_and_never_another_boards():
    uow = fake_uow(REGULATION)
    with_budget(uow)
    first = expenses.submit(uow, STAFF, ask(date=dt.date(2026, 3, 1)))
    expenses.submit(uow, STAFF, ask(date=dt.date(2026, 3, 11)))
    header, rows = expenses.expenses_table(uow, ACCOUNTANT, {"date_to": dt.date(2026, 3, 10)})
    assert [r[0] for r in rows] == [first.id]
    assert list(expenses.expenses_table(uow, OTHER_BOARD, {})[1]) == []
    with pytest.raises(NotAllowed):
        expenses.expenses_table(uow, OTHER_BOARD, {"unit": "BTC"})
    _, rows = expenses.expenses_table(uow, STAFF, {"category": "stationery"})
    assert [r[header.index("Ngày chi")] for r in rows] == [dt.date(2026, 3, 11), dt.date(2026, 3, 1)]
