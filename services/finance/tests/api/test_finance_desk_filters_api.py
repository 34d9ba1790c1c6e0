"""The accountant's desk (issue 12): the ledger and the expenses filtered by board, category, kind and
period (`date_from`..`date_to`, both days included), and each of those lists as CSV and .xlsx with the
same filters, through buildingblocks.export."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import text

YEAR = 2026
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def submit(client, as_user, day, amount=100_000, description="giấy in", category="stationery",
           user="chuyenvien.btc", beneficiary=22):
    answer = client.post("/expenses", json={"category": category, "amount_vnd": amount, "beneficiary_staff_id": beneficiary,
                                            "date": day, "description": description}, headers=as_user(user))
    assert answer.status_code == 201, answer.json
    return answer.json


def listed(client, as_user, path, user="ketoan.vp", **query):
    answer = client.get(path, query_string=query, headers=as_user(user))
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def rows_of_csv(answer):
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"), newline="")))


def test_expenses_by_period_take_both_days_and_the_exports_the_same_rows(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    allocate("BTC", "postage", 10_000_000)
    first = submit(client, as_user, f"{YEAR}-03-01")
    last = submit(client, as_user, f"{YEAR}-03-31", description="=HYPERLINK(\"http://x\")")
    submit(client, as_user, f"{YEAR}-04-01")
    submit(client, as_user, f"{YEAR}-03-15", category="postage")
    march = {"date_from": f"{YEAR}-03-01", "date_to": f"{YEAR}-03-31", "category": "stationery"}
    found = listed(client, as_user, "/expenses", **march)
    assert [e["id"] for e in found] == [last["id"], first["id"]]
    assert len(listed(client, as_user, "/expenses", date_from=f"{YEAR}-03-02")) == 3
    assert len(listed(client, as_user, "/expenses", date_to=f"{YEAR}-03-01")) == 1

    rows = rows_of_csv(client.get("/expenses.csv", query_string=march, headers=as_user("ketoan.vp")))
    assert rows[0][:3] == ["Số đề nghị", "Ngày chi", "Năm tài chính"]
    assert [int(r[0]) for r in rows[1:]] == [last["id"], first["id"]]
    assert rows[1][1] == f"{YEAR}-03-31" and rows[1][5] == "'=HYPERLINK(\"http://x\")"

    answer = client.get("/expenses.xlsx", query_string=march, headers=as_user("ketoan.vp"))
    assert answer.status_code == 200 and answer.mimetype == XLSX
    assert f'filename="expenses-{YEAR}-03-01-{YEAR}-03-31.xlsx"' in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["Số đề nghị"].value == last["id"] and sheet.max_row == 3
    assert row["Ngày chi"].value == dt.datetime(YEAR, 3, 31) and row["Ngày chi"].number_format == "dd/mm/yyyy"
    assert row["Số tiền đề nghị (VND)"].value == 100_000 and "₫" in row["Số tiền đề nghị (VND)"].number_format
    assert row["Nội dung"].data_type == "s" and row["Nội dung"].value.startswith("=HYPERLINK")


def test_a_period_ending_before_it_begins_is_refused(client, as_user):
    for path in ("/expenses", "/expenses.csv", "/ledger", "/ledger.xlsx"):
        answer = client.get(path, query_string={"date_from": f"{YEAR}-03-02", "date_to": f"{YEAR}-03-01"},
                            headers=as_user("ketoan.vp"))
        assert answer.status_code == 422 and "date_to" in str(answer.json), path


def test_the_ledger_by_board_category_kind_and_the_days_of_office_time(client, as_user, allocate, database):
    allocate("BTC", "stationery", 10_000_000)
    allocate("BTGDV", "stationery", 5_000_000)
    allocate("BTC", "postage", 1_000_000)
    submit(client, as_user, f"{YEAR}-03-01")
    entries = {(e["unit"], e["category"], e["kind"]): e for e in listed(client, as_user, "/ledger")}
    late, next_day = entries[("BTC", "stationery", "allocated")], entries[("BTC", "stationery", "reserved")]
    with database.engine.begin() as conn:  # 23:59:59 on 01/03 and 00:00 on 02/03, office time (+07:00)
        conn.execute(text("UPDATE ledger_entries SET recorded_at = '2026-03-01 16:59:59+00' WHERE id = :id"),
                     {"id": late["id"]})
        conn.execute(text("UPDATE ledger_entries SET recorded_at = '2026-03-01 17:00:00+00' WHERE id = :id"),
                     {"id": next_day["id"]})
    on_the_first = {"date_from": f"{YEAR}-03-01", "date_to": f"{YEAR}-03-01"}
    assert [e["id"] for e in listed(client, as_user, "/ledger", **on_the_first)] == [late["id"]]
    assert [e["id"] for e in listed(client, as_user, "/ledger", date_from=f"{YEAR}-03-02",
                                    date_to=f"{YEAR}-03-02")] == [next_day["id"]]
    by_board = listed(client, as_user, "/ledger", unit="BTC", category="stationery", kind="allocated")
    assert [e["id"] for e in by_board] == [late["id"]]
    assert {e["unit"] for e in listed(client, as_user, "/ledger", kind="allocated", category="stationery")} == {
        "BTC", "BTGDV"}

    rows = rows_of_csv(client.get("/ledger.csv", query_string={"unit": "BTC", "date_to": f"{YEAR}-03-02"},
                                  headers=as_user("ketoan.vp")))
    assert rows[0][:2] == ["Số bút toán", "Thời điểm ghi"]
    assert [(int(r[0]), r[1]) for r in rows[1:]] == [(next_day["id"], "2026-03-02 00:00:00"),
                                                     (late["id"], "2026-03-01 23:59:59")]
    answer = client.get("/ledger.xlsx", query_string={"unit": "BTC", "kind": "allocated"}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 200 and answer.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(answer.data)).active
    header = [c.value for c in sheet[1]]
    cells = [{h: c for h, c in zip(header, row)} for row in sheet.iter_rows(min_row=2)]
    assert [c["Khoản mục"].value for c in cells] == ["postage", "stationery"]
    assert cells[1]["Thời điểm ghi"].value == dt.datetime(2026, 3, 1, 23, 59, 59)
    assert cells[1]["Thời điểm ghi"].number_format == "dd/mm/yyyy hh:mm"
    assert cells[1]["Số tiền (VND)"].value == 10_000_000 and "₫" in cells[1]["Số tiền (VND)"].number_format


def test_a_board_exports_only_its_own_and_may_not_ask_for_another(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    allocate("BTGDV", "stationery", 5_000_000)
    submit(client, as_user, f"{YEAR}-03-01")
    rows = rows_of_csv(client.get("/ledger.csv", headers=as_user("chuyenvien.btgdv")))
    assert {r[3] for r in rows[1:]} == {"BTGDV"}
    assert rows_of_csv(client.get("/expenses.csv", headers=as_user("chuyenvien.btgdv")))[1:] == []
    assert len(rows_of_csv(client.get("/expenses.csv", headers=as_user("kiemtra.ubkt")))) == 2
    for path in ("/ledger.csv", "/expenses.xlsx"):
        answer = client.get(path, query_string={"unit": "BTC"}, headers=as_user("chuyenvien.btgdv"))
        assert answer.status_code == 403, path
