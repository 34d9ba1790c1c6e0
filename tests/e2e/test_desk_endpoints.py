"""The desks' endpoints of issue 12 end to end, through the gateway to the real processes: the ledger
and the expenses filtered by board, category, kind and period and downloaded as CSV and .xlsx; a
procurement's check line by line; the wear run's preview equal to what the run then books; an open
stock-take's results while counting. Each is refused to the roles the contract keeps out.

Budgets live in a category of this module's own (`e2e_<hex>`) on a demo board; the register and the
stock-take on a board of its own, so the figures asserted are exact whatever other modules did.

    flock /tmp/office-platform.lock .venv/bin/pytest -q -p no:cacheprovider tests/e2e/test_desk_endpoints.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from harness import eventually

OFFICE_TZ = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime.now(OFFICE_TZ).date()
YESTERDAY = TODAY - dt.timedelta(days=1)
# a fiscal year before anything else the e2e modules register (their wear starts in 2004)
WEAR_YEAR = 2002
WAIT = 30


def ok(resp, status: int = 200):
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    return resp


def csv_rows(resp) -> list[list[str]]:
    ok(resp)
    assert resp.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def board(platform) -> str:
    """A board of this module's own, known to assets."""
    code = f"E2EDK{uuid.uuid4().hex[:5].upper()}"
    ok(platform.client("tochuc.vp").post("/hr/units", {"code": code, "name": f"Ban thử bàn làm việc {code}",
                                                        "kind": "board"}), 201)
    engine = create_engine(platform.db_urls["assets"])
    try:
        def arrived():
            with engine.connect() as conn:
                return conn.execute(text("SELECT 1 FROM replica_units WHERE code = :c"), {"c": code}).scalar()
        eventually(arrived, timeout=WAIT, interval=0.3)
    finally:
        engine.dispose()
    return code


def test_the_ledger_and_expenses_by_board_category_kind_and_period_as_files(platform):
    category = f"e2e_{uuid.uuid4().hex[:10]}"
    accountant, staff = platform.client("ketoan.vp"), platform.client("chuyenvien.btc")
    budget = ok(accountant.post("/finance/budgets", {"fiscal_year": TODAY.year, "unit": "BTC", "category": category,
                                                     "allocated_vnd": 5_000_000}), 201).json()
    me = staff.get("/auth/me").json()
    expense = ok(staff.post("/finance/expenses", {
        "category": category, "amount_vnd": 1_250_000, "beneficiary_staff_id": me["staff_id"],
        "date": TODAY.isoformat(), "description": "=SUM(A1:A9) mua văn phòng phẩm"}), 201).json()

    today = {"unit": "BTC", "category": category, "date_from": TODAY.isoformat(), "date_to": TODAY.isoformat()}
    entries = ok(accountant.get("/finance/ledger", params=today)).json()["items"]
    assert sorted((e["kind"], e["amount_vnd"]) for e in entries) == [("allocated", 5_000_000), ("reserved", 1_250_000)]
    assert {e["budget_id"] for e in entries} == {budget["id"]}
    assert ok(accountant.get("/finance/ledger", params={**today, "kind": "reserved"})).json()["items"][0][
        "source_id"] == str(expense["id"])
    before = {"unit": "BTC", "category": category, "date_to": YESTERDAY.isoformat()}
    assert ok(accountant.get("/finance/ledger", params=before)).json()["items"] == []

    rows = csv_rows(accountant.get("/finance/ledger.csv", params=today))
    assert rows[0][0] == "Số bút toán" and sorted(int(r[0]) for r in rows[1:]) == sorted(e["id"] for e in entries)
    sheet = load_workbook(io.BytesIO(ok(accountant.get("/finance/ledger.xlsx", params=today)).content)).active
    amounts = sorted(row[6].value for row in sheet.iter_rows(min_row=2))
    assert amounts == [1_250_000, 5_000_000] and "₫" in sheet["G2"].number_format

    listed = ok(accountant.get("/finance/expenses", params=today)).json()["items"]
    assert [e["id"] for e in listed] == [expense["id"]]
    rows = csv_rows(accountant.get("/finance/expenses.csv", params=today))
    assert [int(r[0]) for r in rows[1:]] == [expense["id"]] and rows[1][5].startswith("'=SUM")
    book = load_workbook(io.BytesIO(ok(platform.client("kiemtra.ubkt").get("/finance/expenses.xlsx",
                                                                            params=today)).content)).active
    assert book["B2"].value == dt.datetime.combine(TODAY, dt.time()) and book["B2"].number_format == "dd/mm/yyyy"
    assert csv_rows(accountant.get("/finance/expenses.csv", params=before))[1:] == []

    # a board's staff get their own board's rows and are refused another's; the admin reads no business data
    other = platform.client("chuyenvien.btgdv")
    assert csv_rows(other.get("/finance/ledger.csv", params={"category": category}))[1:] == []
    assert ok(staff.get("/finance/expenses.csv", params={"category": category})).text.count("\n") == 2
    for path in ("/finance/ledger.csv", "/finance/ledger.xlsx", "/finance/expenses.csv", "/finance/expenses.xlsx"):
        assert other.get(path, params={"unit": "BTC"}).status_code == 403, path
        assert platform.client("admin").get(path).status_code == 403, path
        assert platform.client("bithu").get(path, params={"unit": "BTC"}).status_code == 200, path


def test_a_procurements_check_names_each_lines_standard_and_breach(platform):
    staff = platform.client("chuyenvien.btc")
    me = staff.get("/auth/me").json()
    draft = ok(staff.post("/assets/procurements", {"lines": [
        {"category": "computer", "description": "Máy tính để bàn", "quantity": 5, "unit_price_vnd": 14_000_000,
         "beneficiary_staff_id": me["staff_id"]}]}), 201).json()
    check = ok(platform.client("taisan.vp").get(f"/assets/procurements/{draft['id']}/check")).json()
    assert (check["procurement_id"], check["unit"], check["within"]) == (draft["id"], "BTC", False)
    line = check["lines"][0]
    assert line["standard"]["scope"] == "person" and line["standard"]["legal_basis"].startswith("QĐ 50/2017")
    assert line["asked"] == 5 and line["held"] + line["pending"] + 5 > line["standard"]["max_quantity"]
    assert "quantity_above_standard" in [b["rule"] for b in line["breaches"]]
    for reader in ("chuyenvien.btc", "bithu", "kiemtra.ubkt"):
        assert ok(platform.client(reader).get(f"/assets/procurements/{draft['id']}/check")).json() == check, reader
    for outsider in ("chuyenvien.btgdv", "ketoan.vp"):  # another board's staff: finance's office is no assets scope
        assert platform.client(outsider).get(f"/assets/procurements/{draft['id']}/check").status_code == 404, outsider
    assert platform.client("admin").get(f"/assets/procurements/{draft['id']}/check").status_code == 403
    ok(staff.post(f"/assets/procurements/{draft['id']}/cancel", {"note": "thử xong"}))


def test_the_wear_preview_is_what_the_run_then_books(platform, board):
    office = platform.client("taisan.vp")
    pc = ok(office.post("/assets/items", {
        "tag": f"E2E-DK-{uuid.uuid4().hex[:6].upper()}", "category": "computer", "name": "Máy tính 2002",
        "unit": board, "acquired_on": f"{WEAR_YEAR}-03-15", "original_cost_vnd": 10_000_000}), 201).json()
    preview = ok(office.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR})).json()
    of_board = ok(office.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR, "unit": board})).json()
    assert [(i["asset_id"], i["wear_vnd"], i["accumulated_wear_vnd"], i["residual_after_vnd"])
            for i in of_board["items"]] == [(pc["id"], 1_429_000, 0, 8_571_000)]
    assert of_board["by_unit"] == [{"unit": board, "asset_count": 1, "wear_vnd": 1_429_000}]
    assert ok(office.get(f"/assets/items/{pc['id']}")).json()["accumulated_wear_vnd"] == 0  # nothing booked
    # the totals cover every asset due, the items come a page at a time (issue 16)
    first = ok(office.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR, "limit": 1})).json()
    assert len(first["items"]) == 1 and (first["asset_count"], first["total_wear_vnd"]) == (
        preview["asset_count"], preview["total_wear_vnd"])
    assert (first["next_cursor"] is not None) == (preview["asset_count"] > 1)

    run = ok(office.post("/assets/wear-runs", {"fiscal_year": WEAR_YEAR}), 201).json()
    assert (run["recorded_now"], run["recorded_now_vnd"]) == (preview["asset_count"], preview["total_wear_vnd"])
    assert run["by_unit"] == preview["by_unit"]
    assert ok(office.get(f"/assets/items/{pc['id']}")).json()["accumulated_wear_vnd"] == 1_429_000
    after = ok(office.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR})).json()
    assert (after["already_run"], after["asset_count"]) == (True, 0)

    assert ok(platform.client("kiemtra.ubkt").get("/assets/wear-runs/preview",
                                                  params={"fiscal_year": WEAR_YEAR})).json()["already_run"]
    staff = platform.client("chuyenvien.btc")
    assert ok(staff.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR})).json()["unit"] == "BTC"
    assert staff.get("/assets/wear-runs/preview", params={"fiscal_year": WEAR_YEAR, "unit": board}).status_code == 403
    assert platform.client("admin").get("/assets/wear-runs/preview",
                                        params={"fiscal_year": WEAR_YEAR}).status_code == 403


def test_an_open_stocktake_shows_missing_surplus_and_misplaced_as_counted(platform, board):
    office = platform.client("taisan.vp")

    def register(unit: str) -> dict:
        return ok(office.post("/assets/items", {
            "tag": f"E2E-DK-{uuid.uuid4().hex[:6].upper()}", "category": "other_tangible", "name": "Tủ tài liệu",
            "unit": unit, "acquired_on": "2024-01-10", "original_cost_vnd": 2_000_000}), 201).json()

    here, lost, elsewhere = register(board), register(board), register("BTC")
    st = ok(office.post("/assets/stocktakes", {"units": [board], "as_of": TODAY.isoformat()}), 201).json()
    surplus = f"E2E-DK-X{uuid.uuid4().hex[:5].upper()}"
    # whatever else the board holds (the wear test's computer) is found where it should be
    on_board = [i["tag"] for i in ok(office.get("/assets/items", params={"unit": board, "limit": 200})).json()["items"]]
    found = [tag for tag in on_board if tag != lost["tag"]]
    ok(office.post(f"/assets/stocktakes/{st['id']}/counts", {"unit": board, "tags": [*found, elsewhere["tag"], surplus]}))
    for reader in ("taisan.vp", "bithu", "kiemtra.ubkt"):
        so_far = ok(platform.client(reader).get(f"/assets/stocktakes/{st['id']}")).json()["results_so_far"]
        assert {kind: [r["tag"] for r in rows] for kind, rows in so_far.items()} == {
            "missing": [lost["tag"]], "surplus": [surplus], "misplaced": [elsewhere["tag"]]}, reader
    assert platform.client("admin").get(f"/assets/stocktakes/{st['id']}").status_code == 403
    closed = ok(office.post(f"/assets/stocktakes/{st['id']}/close")).json()
    assert closed["results_so_far"] is None
    assert {kind: [r["tag"] for r in rows] for kind, rows in closed["results"].items()} == {
        kind: [r["tag"] for r in rows] for kind, rows in so_far.items()}
