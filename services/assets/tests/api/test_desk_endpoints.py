"""The asset specialists' desk (issue 12) on PostgreSQL: GET /procurements/<id>/check,
GET /wear-runs/preview, and an open stock-take's results_so_far."""
import datetime as dt

from conftest import AUDITOR, BNC_STAFF, BTC_STAFF, LEADER, OFFICE
from helpers import draft, problem, register
from test_procurements import COMPUTER

TODAY = dt.date.today().isoformat()


def test_the_check_holds_each_line_to_its_standard_with_its_legal_basis(client, database):
    register(client, holder_staff_id=22)  # already holds the one computer a specialist may have
    p = draft(client, BTC_STAFF, [
        COMPUTER,
        {"category": "printer", "description": "Máy in phòng", "quantity": 1, "unit_price_vnd": 9_000_000},
    ])
    resp = client.get(f"/procurements/{p['id']}/check", BTC_STAFF)
    assert resp.status_code == 200
    check = resp.get_json()
    assert (check["procurement_id"], check["unit"], check["status"], check["within"]) == (p["id"], "BTC", "draft", False)
    computer, printer = check["lines"]
    assert (computer["held"], computer["asked"], computer["within"], computer["title_rank"]) == (1, 1, False, "specialist")
    assert computer["standard"]["scope"] == "person" and computer["standard"]["max_quantity"] == 1
    assert computer["standard"]["legal_basis"].startswith("QĐ 50/2017")
    assert [b["rule"] for b in computer["breaches"]] == ["quantity_above_standard"]
    # the same breaches the submit refuses with
    submit = problem(client.post(f"/procurements/{p['id']}/submit", BTC_STAFF))
    assert [(b["line"], b["rule"]) for b in submit["breaches"]] == [(0, "quantity_above_standard")]
    assert (printer["within"], printer["breaches"], printer["standard"]["scope"]) == (True, [], "unit")
    assert printer["amount_vnd"] == 9_000_000 and printer["description"] == "Máy in phòng"
    for reader in (OFFICE, LEADER, AUDITOR):
        assert client.get(f"/procurements/{p['id']}/check", reader).get_json() == check
    assert client.get(f"/procurements/{p['id']}/check", BNC_STAFF).status_code == 404
    assert client.get("/procurements/999999/check", OFFICE).status_code == 404


def test_the_wear_preview_is_what_the_run_then_books(client, database):
    pc = register(client, original_cost_vnd=15_000_000, acquired_on="2023-05-10")
    register(client, unit="BNC", original_cost_vnd=10_000_000, acquired_on="2024-03-01")
    register(client, acquired_on=f"{dt.date.today().year}-01-02")  # not on the books at the end of last year
    year = dt.date.today().year - 1
    resp = client.get("/wear-runs/preview", OFFICE, query_string={"fiscal_year": year})
    assert resp.status_code == 200
    preview = resp.get_json()
    assert (preview["fiscal_year"], preview["already_run"], preview["asset_count"]) == (year, False, 2)
    item = next(i for i in preview["items"] if i["asset_id"] == pc["id"])
    assert (item["tag"], item["unit"], item["wear_rate_pct"], item["accumulated_wear_vnd"]) == (
        pc["tag"], "BTC", 14.29, 0)
    assert item["residual_after_vnd"] == 15_000_000 - item["wear_vnd"]
    assert client.get("/wear-runs", OFFICE).get_json()["items"] == []  # nothing booked
    run = client.post("/wear-runs", OFFICE, {"fiscal_year": year}).get_json()
    assert (run["recorded_now"], run["recorded_now_vnd"]) == (preview["asset_count"], preview["total_wear_vnd"])
    assert run["by_unit"] == preview["by_unit"]
    booked = {i["id"]: i["accumulated_wear_vnd"] for i in client.get("/items", OFFICE).get_json()["items"]}
    assert all(booked[i["asset_id"]] == i["wear_vnd"] for i in preview["items"])
    again = client.get("/wear-runs/preview", OFFICE, query_string={"fiscal_year": year}).get_json()
    assert (again["already_run"], again["asset_count"], again["total_wear_vnd"]) == (True, 0, 0)


def test_the_wear_preview_of_a_board_and_its_refusals(client, database):
    register(client, acquired_on="2024-03-01")
    register(client, unit="BNC", acquired_on="2024-03-01")
    own = client.get("/wear-runs/preview", BNC_STAFF, query_string={"fiscal_year": 2024}).get_json()
    assert own["unit"] == "BNC" and [u["unit"] for u in own["by_unit"]] == ["BNC"]
    assert client.get("/wear-runs/preview", BNC_STAFF, query_string={"fiscal_year": 2024, "unit": "BTC"}).status_code == 403
    assert client.get("/wear-runs/preview", AUDITOR, query_string={"fiscal_year": 2024}).get_json()["asset_count"] == 2
    assert client.get("/wear-runs/preview", OFFICE).status_code == 422
    future = client.get("/wear-runs/preview", OFFICE, query_string={"fiscal_year": dt.date.today().year + 1})
    assert future.status_code == 422


def test_the_wear_preview_pages_its_assets_totals_them_all_in_sql_and_the_run_books_the_same(client, database):
    """Issue 16: the items come a page at a time (keyset by id), the totals over every asset due
    come from one grouped query; the SQL amount (rounded half up, capped at what is left) is the
    domain's, to the dong, on awkward costs and rates."""
    old = register(client, category="other_machinery", original_cost_vnd=999, acquired_on="2019-01-01")
    for year in range(2019, 2023):  # 4 x 200: 199 left for 2023, less than a year's 200
        assert client.post("/wear-runs", OFFICE, {"fiscal_year": year}).status_code == 201
    awkward = [("filing_cabinet", 4, "BTC"), ("filing_cabinet", 12, "BNC"), ("filing_cabinet", 3, "BTC"),
               ("building_grade_4", 150, "BNC"), ("building_grade_4", 1_000_000_007, "BTC"),
               ("computer", 15_000_001, "BTC"), ("air_conditioner", 20, "BNC")]
    ids = {register(client, category=c, original_cost_vnd=cost, unit=u, acquired_on="2023-06-01")["id"]: cost
           for c, cost, u in awkward}
    items, cursor, pages = [], None, 0
    while True:
        query = {"fiscal_year": 2023, "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/wear-runs/preview", OFFICE, query_string=query).get_json()
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 4 and [i["asset_id"] for i in items] == sorted(i["asset_id"] for i in items)
    wear = {i["asset_id"]: i["wear_vnd"] for i in items}
    # 12.5 % of 4 = 0.5 -> 1; of 12 = 1.5 -> 2; of 3 = 0.375 -> nothing due; 6.67 % of 150 = 10.005 -> 10
    assert [wear.get(i) for i in ids] == [1, 2, None, 10, 66_700_000, 2_143_500, 3]
    assert wear[old["id"]] == 199
    assert (page["asset_count"], page["total_wear_vnd"]) == (len(items), sum(wear.values()))
    by_unit = {}
    for i in items:
        by_unit.setdefault(i["unit"], []).append(i["wear_vnd"])
    assert page["by_unit"] == [{"unit": u, "asset_count": len(v), "wear_vnd": sum(v)} for u, v in sorted(by_unit.items())]

    run = client.post("/wear-runs", OFFICE, {"fiscal_year": 2023}).get_json()
    assert (run["recorded_now"], run["recorded_now_vnd"], run["by_unit"]) == (
        page["asset_count"], page["total_wear_vnd"], page["by_unit"])
    booked = {i["id"]: i["accumulated_wear_vnd"] for i in client.get("/items", OFFICE).get_json()["items"]}
    assert all(booked[a] == w for a, w in wear.items() if a != old["id"]) and booked[old["id"]] == 999

    for cursor in ("x", "WyJhIl0"):  # not base64 JSON; a string where an id belongs
        bad = client.get("/wear-runs/preview", OFFICE, query_string={"fiscal_year": 2023, "cursor": cursor})
        assert bad.status_code == 400 and "cursor" in problem(bad)["errors"]
    for limit in (0, 201, "many"):
        assert client.get("/wear-runs/preview", OFFICE,
                          query_string={"fiscal_year": 2023, "limit": limit}).status_code == 422


def test_an_open_stocktake_shows_missing_surplus_and_misplaced_as_they_are_counted(client, database):
    here = register(client, location="P.201")
    lost = register(client, location="P.202")
    elsewhere = register(client, unit="BNC")
    st = client.post("/stocktakes", OFFICE, {"units": ["BTC"], "as_of": TODAY}).get_json()
    assert st["results"] is None
    assert sorted(r["tag"] for r in st["results_so_far"]["missing"]) == sorted([here["tag"], lost["tag"]])
    client.post(f"/stocktakes/{st['id']}/counts", BTC_STAFF,
                {"unit": "BTC", "location": "P.201", "tags": [here["tag"], elsewhere["tag"], "LA-001"]})
    so_far = client.get(f"/stocktakes/{st['id']}", BTC_STAFF).get_json()["results_so_far"]
    assert {kind: [r["tag"] for r in rows] for kind, rows in so_far.items()} == {
        "missing": [lost["tag"]], "surplus": ["LA-001"], "misplaced": [elsewhere["tag"]]}
    assert (so_far["misplaced"][0]["register_unit"], so_far["surplus"][0]["id"]) == ("BNC", None)
    closed = client.post(f"/stocktakes/{st['id']}/close", OFFICE).get_json()
    assert closed["results_so_far"] is None
    assert {kind: [r["tag"] for r in rows] for kind, rows in closed["results"].items()} == {
        kind: [r["tag"] for r in rows] for kind, rows in so_far.items()}
