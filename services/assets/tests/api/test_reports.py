"""/reports/register (JSON and CSV) and /items/export.csv."""
import csv
import io

from conftest import AUDITOR, BNC_STAFF, BTC_STAFF, LEADER, OFFICE
from helpers import register


def rows_of(resp):
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff"), "UTF-8 with a byte-order mark, so spreadsheets read Vietnamese right"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def setup_register(client):
    register(client, acquired_on="2023-01-10", original_cost_vnd=14_000_000)
    register(client, acquired_on="2023-01-10", original_cost_vnd=10_000_000)
    register(client, category="printer", name="Máy in", acquired_on="2024-07-01", original_cost_vnd=7_000_000)
    moved = register(client, unit="BNC", acquired_on="2022-01-01", original_cost_vnd=20_000_000,
                     category="other_machinery", name="Máy chiếu")
    for year in (2023, 2024):
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    client.post(f"/items/{moved['id']}/transfer", OFFICE, {"to_unit": "BTC", "effective_on": "2025-02-01"})
    return moved


def test_register_and_residual_values_per_board_and_category(client):
    setup_register(client)
    report = client.get("/reports/register?as_of=2024-12-31", LEADER).get_json()
    rows = {(r["unit"], r["category"]): r for r in report["rows"]}
    computers = rows[("BTC", "computer")]
    assert computers["asset_count"] == 2 and computers["original_cost_vnd"] == 24_000_000
    assert computers["accumulated_wear_vnd"] == 2 * (2_000_600 + 1_429_000)
    assert computers["residual_vnd"] == 24_000_000 - 2 * (2_000_600 + 1_429_000)
    assert computers["by_status"] == {"in_use": 2}
    # on 2024-12-31 the projector was still BNC's: the board is taken from the history of moves
    assert rows[("BNC", "other_machinery")]["residual_vnd"] == 20_000_000 - 2 * 4_000_000
    assert report["totals"]["asset_count"] == 4
    assert {u["unit"] for u in report["units"]} == {"BTC", "BNC"}
    later = client.get("/reports/register?as_of=2025-03-01", LEADER).get_json()
    assert ("BTC", "other_machinery") in {(r["unit"], r["category"]) for r in later["rows"]}
    earlier = client.get("/reports/register?as_of=2023-06-30", LEADER).get_json()
    assert earlier["totals"] == {"asset_count": 3, "original_cost_vnd": 44_000_000, "accumulated_wear_vnd": 0,
                                 "residual_vnd": 44_000_000}


def test_reports_are_scoped_to_the_board(client):
    setup_register(client)
    mine = client.get("/reports/register?as_of=2024-12-31", BTC_STAFF).get_json()
    assert {r["unit"] for r in mine["rows"]} == {"BTC"} and mine["unit"] == "BTC"
    assert client.get("/reports/register?unit=BNC", BTC_STAFF).status_code == 403
    assert client.get("/reports/register.csv?unit=BNC", BTC_STAFF).status_code == 403
    assert client.get("/items/export.csv?unit=BNC", BTC_STAFF).status_code == 403
    theirs = client.get("/reports/register?as_of=2024-12-31", BNC_STAFF).get_json()
    assert {r["unit"] for r in theirs["rows"]} == {"BNC"}
    assert client.get("/reports/register?as_of=2024-12-31&category=printer", AUDITOR).get_json()["totals"][
        "asset_count"] == 1


def test_csv_exports(client):
    setup_register(client)
    rows = rows_of(client.get("/reports/register.csv?as_of=2024-12-31", OFFICE))
    assert {(r["unit"], r["category"], r["asset_count"]) for r in rows} == {
        ("BTC", "computer", "2"), ("BTC", "printer", "1"), ("BNC", "other_machinery", "1")}
    assert next(r for r in rows if r["category"] == "printer")["residual_vnd"] == str(7_000_000 - 1_000_300)
    items = rows_of(client.get("/items/export.csv?as_of=2024-12-31", BTC_STAFF))
    assert len(items) == 4 and {i["unit"] for i in items} == {"BTC"}
    assert items[0]["tag"] and items[0]["residual_vnd"]
    assert "attachment" in client.get("/items/export.csv", OFFICE).headers["Content-Disposition"]


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(client):
    register(client, name="=HYPERLINK(\"http://x\")")
    items = rows_of(client.get("/items/export.csv", OFFICE))
    assert items[0]["name"].startswith("'=")


def test_issue_10_finding_6_every_csv_cell_is_formula_safe(client, database):
    """Any text a user can set (a category's name, an asset's tag, name and location) comes out of
    both CSVs as text, never as a live formula (the cells go through buildingblocks.export)."""
    formula = '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")'
    assert client.post("/categories", OFFICE, {"code": "trap", "name": formula, "useful_life_years": 5,
                                               "wear_rate_pct": 20}).status_code == 201
    register(client, category="trap", name="+cmd|' /C calc'!A0", location="@SUM(1+1)")
    exported = [client.get("/reports/register.csv", OFFICE), client.get("/items/export.csv", OFFICE)]
    cells = [cell for resp in exported for row in rows_of(resp) for cell in row.values()]
    assert f"'{formula}" in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert exported[0].headers["Content-Type"] == "text/csv; charset=utf-8"


def test_bad_report_input_is_4xx(client):
    assert client.get("/reports/register?as_of=31/12/2024", OFFICE).status_code == 422
    assert client.get("/reports/register.csv?as_of=0000-01-01", OFFICE).status_code == 422
    assert client.get("/items/export.csv?status=lost", OFFICE).status_code == 422
    assert client.get("/reports/register?unit=" + "X" * 41, OFFICE).status_code == 422
