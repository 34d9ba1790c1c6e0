"""The shared ideas every service uses: folding for search, safe spreadsheet cells, the inbox,
the fake unit of work, secrets that fail closed, per-service token audiences, the clock."""
import datetime as dt

import pytest

from buildingblocks import clock
from buildingblocks.config import InsecureSecret, check_secret
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.export import csv_bytes, csv_text, safe_cell
from buildingblocks.identity import Principal, issue_internal_token, verify_internal_token
from buildingblocks.inbox import INBOX_LIMIT, InboxItem, InboxOut, inbox_answer
from buildingblocks.problems import problem_document
from buildingblocks.search import fold, words
from buildingblocks.testing import FakeUnitOfWork

SECRET = "x" * 40


@pytest.mark.parametrize("text, folded", [
    ("NGUYỄN VĂN HÙNG", "nguyen van hung"),
    ("Đà Nẵng", "da nang"),
    ("  Ban   Tổ chức ", "ban to chuc"),
    (None, ""),
    ("Ủy ban Kiểm tra", "uy ban kiem tra"),
])
def test_fold_removes_case_and_vietnamese_diacritics(text, folded):
    assert fold(text) == folded


def test_words_of_a_query_are_folded_and_bounded():
    assert words("Nguyễn  HÙNG") == ["nguyen", "hung"]
    assert len(words(" ".join(["a"] * 50))) == 8


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Ban Tổ chức", "Ban Tổ chức"), (-5, -5), (None, None),
])
def test_safe_cell_makes_formulas_inert(value, cell):
    assert safe_cell(value) == cell


def test_csv_has_a_bom_and_escaped_cells():
    body = csv_bytes(["Đơn vị", "Số tiền"], [["=cmd|' /C calc'!A0", 1500000]])
    assert body.startswith("\ufeff".encode())
    assert "'=cmd" in body.decode("utf-8-sig")
    assert csv_text([], [[None, "a"]]) == ",a\r\n"


def test_inbox_answer_is_oldest_first_and_counted():
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    items = [InboxItem("booking", 2, "BTC", "b", "u", t0 + dt.timedelta(hours=1), ("approve",)),
             InboxItem("booking", 1, "BTC", "a", "u", t0, ("approve", "reject")),
             InboxItem("dispatch", 3, "BTC", "c", "u", None, ("dispatch",))]
    answer = inbox_answer("fleet", items)
    assert [i["id"] for i in answer["items"]] == [1, 2, 3]
    assert answer["counts"] == {"fleet.booking": 2, "fleet.dispatch": 1}
    assert answer["items"][0]["service"] == "fleet" and answer["items"][0]["actions"] == ["approve", "reject"]
    assert InboxOut().validate(InboxOut().dump(answer)) == {}


def test_inbox_answer_lists_the_oldest_few_and_counts_them_all():
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    items = [InboxItem("expense", n, "VP", f"chi {n}", "u", t0 + dt.timedelta(minutes=n), ("pay",))
             for n in range(INBOX_LIMIT + 50, 0, -1)]
    answer = inbox_answer("finance", items)
    assert [i["id"] for i in answer["items"]] == list(range(1, INBOX_LIMIT + 1))
    assert answer["counts"] == {"finance.expense": INBOX_LIMIT + 50}


def test_fake_unit_of_work_keeps_events_only_when_committed():
    uow = FakeUnitOfWork(None, notes=[])
    with uow:
        uow.publish("unknown.kind.happened", {"x": 1})
    assert uow.published == [] and not uow.committed
    with uow:
        uow.publish("unknown.kind.happened", {"x": 1})
        uow.commit()
    assert uow.committed and uow.published[0]["type"] == "unknown.kind.happened"
    assert uow.notes == []


def test_fake_unit_of_work_checks_contracts_like_the_real_one():
    with pytest.raises(ValueError):
        FakeUnitOfWork().publish("fleet.trip.completed", {"booking_id": "not a number"})


@pytest.mark.parametrize("value", ["", None, "short", "dev-internal-secret-change-me-0123456789"])
def test_secrets_fail_closed(value, monkeypatch):
    monkeypatch.delenv("OFFICE_ENV", raising=False)
    with pytest.raises(InsecureSecret):
        check_secret("JWT_SECRET", value)


def test_a_local_run_may_use_a_short_secret_but_never_none(monkeypatch):
    monkeypatch.setenv("OFFICE_ENV", "local")
    assert check_secret("JWT_SECRET", "short") == "short"
    with pytest.raises(InsecureSecret):
        check_secret("JWT_SECRET", "")


def test_internal_tokens_have_one_audience_per_service():
    who = Principal("a", 1, "BTC", frozenset({"staff"}))
    token = issue_internal_token(SECRET, who, audience="fleet")
    assert verify_internal_token(SECRET, token, audience="fleet") == who
    with pytest.raises(Exception):
        verify_internal_token(SECRET, token, audience="finance")


@pytest.mark.parametrize("error, status", [
    (NotFound("x"), 404), (NotAllowed("x"), 403), (RuleBroken("x", rule="r", status=200), 409), (Invalid("x"), 422),
])
def test_domain_errors_map_to_one_status_each(error, status):
    code, doc = problem_document(error)
    assert code == status and doc["status"] == status and doc["detail"] == "x"


def test_a_subclass_keeps_its_parents_status():
    class DispatchRuleBroken(RuleBroken):
        pass
    assert problem_document(DispatchRuleBroken("busy", rule="vehicle_busy"))[1]["rule"] == "vehicle_busy"
    assert problem_document(DispatchRuleBroken("busy"))[0] == 409


def test_local_dates_are_the_offices():
    late = dt.datetime(2026, 12, 3, 18, 30, tzinfo=dt.timezone.utc)  # 01:30 on the 4th in Hanoi
    assert clock.local_date(late) == dt.date(2026, 12, 4)
    assert clock.local_date(late.replace(tzinfo=None)) == dt.date(2026, 12, 4)


def test_xlsx_keeps_types_formats_a_frozen_header_and_formulas_as_text():
    import io

    from openpyxl import load_workbook

    from buildingblocks.export import xlsx_bytes

    body = xlsx_bytes(["Đơn vị", "Ngày", "Số tiền (₫)"],
                      [["=HYPERLINK(\"http://x\",\"bấm\")", dt.date(2026, 12, 4), 1_500_000],
                       ["Ban Tổ chức", dt.date(2026, 1, 2), 0]])
    ws = load_workbook(io.BytesIO(body)).active
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "Đơn vị" and ws["A3"].value == "Ban Tổ chức"
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=HYPERLINK")
    assert ws["B2"].is_date and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].value == 1_500_000 and ws["C2"].data_type == "n" and "₫" in ws["C2"].number_format
