"""/items: the register, board scoping, history, transfers, residual values, bad input."""
import datetime as dt

from buildingblocks.testing import make_principal

from conftest import ADMIN, AUDITOR, BTC_HEAD, BTC_STAFF, LEADER, OFFICE
from helpers import events, problem, register, vehicle


def test_the_office_registers_an_asset_with_a_new_tag_and_history(client, database):
    item = register(client, holder_staff_id=22, location="P.201")
    year = dt.date.today().year
    assert item["tag"] == f"TS{year}-00001" and item["status"] == "in_use"
    assert item["unit"] == "BTC" and item["holder_staff_id"] == 22 and item["residual_vnd"] == 14_000_000
    second = register(client)
    assert second["tag"] == f"TS{year}-00002"
    history = client.get(f"/items/{item['id']}/history", BTC_STAFF).get_json()["items"]
    assert [(h["kind"], h["to_unit"], h["to_holder"], h["effective_on"]) for h in history] == [
        ("registered", "BTC", 22, "2024-03-01")]
    published = events(database, "assets.asset.registered")
    assert published[0]["unit"] == "BTC"
    assert published[0]["data"] == {
        "asset_id": item["id"], "tag": item["tag"], "category": "computer", "is_vehicle": False,
        "name": "Máy tính để bàn", "unit": "BTC", "acquired_on": "2024-03-01", "original_cost_vnd": 14_000_000,
        "attributes": {}, "holder_staff_id": 22, "useful_life_years": 7}


def test_a_given_tag_is_kept_and_must_be_unique(client):
    item = register(client, tag=" btc-pc-01 ")
    assert item["tag"] == "BTC-PC-01"
    resp = client.post("/items", OFFICE, {"tag": "BTC-PC-01", "category": "computer", "name": "x", "unit": "BTC",
                                          "acquired_on": "2024-01-01", "original_cost_vnd": 1})
    assert resp.status_code == 409 and problem(resp)["rule"] == "unique_tag"


def test_a_vehicle_is_registered_for_the_fleet(client, database):
    car = vehicle(client)
    assert car["is_vehicle"] is True and car["attributes"]["plate"] == "30A-123.45"
    data = events(database, "assets.asset.registered")[-1]["data"]
    assert data["is_vehicle"] is True and data["attributes"]["seats"] == 7 and data["unit"] == "VP"
    # the same car (plates compare without dots, spaces and case) cannot be registered twice
    resp = client.post("/items", OFFICE, {"category": "car", "name": "x", "unit": "VP", "acquired_on": "2024-01-01",
                                          "original_cost_vnd": 1, "attributes": {"plate": "30a-12345", "seats": 4}})
    assert resp.status_code == 409 and problem(resp)["rule"] == "unique_plate"


def test_a_vehicle_needs_plate_and_seats(client):
    base = {"category": "car", "name": "x", "unit": "VP", "acquired_on": "2024-01-01", "original_cost_vnd": 1}
    resp = client.post("/items", OFFICE, {**base, "attributes": {"seats": 7}})
    assert resp.status_code == 422 and "attributes.plate" in problem(resp)["errors"]
    resp = client.post("/items", OFFICE, {**base, "attributes": {"plate": "30A-1", "seats": "seven"}})
    assert resp.status_code == 422 and "attributes.seats" in problem(resp)["errors"]


def test_bad_register_input_is_4xx(client):
    good = {"category": "computer", "name": "PC", "unit": "BTC", "acquired_on": "2024-01-01",
            "original_cost_vnd": 10}
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    cases = [
        ({"unit": "XYZ"}, "unit"), ({"unit": "BTC-VP"}, "unit"), ({"category": "rocket"}, "category"),
        ({"holder_staff_id": 51}, "holder_staff_id"), ({"holder_staff_id": 9999}, "holder_staff_id"),
        ({"acquired_on": tomorrow}, "acquired_on"), ({"acquired_on": "2024-02-30"}, "acquired_on"),
        ({"original_cost_vnd": -1}, "original_cost_vnd"), ({"original_cost_vnd": 1.5}, "original_cost_vnd"),
        ({"original_cost_vnd": "10"}, "original_cost_vnd"), ({"original_cost_vnd": 10**20}, "original_cost_vnd"),
        ({"name": ""}, "name"), ({"name": "a\u0000b"}, "name"), ({"status": "disposed"}, "status"),
        ({"status": "missing"}, "status"), ({"tag": "bad tag!"}, "tag"), ({"wheels": 4}, "wheels"),
        ({"attributes": {"nested": {"a": 1}}}, "attributes"), ({"attributes": [1, 2]}, "attributes"),
        ({"holder_staff_id": 2**40}, "holder_staff_id"),
    ]
    for change, field in cases:
        resp = client.post("/items", OFFICE, {**good, **change})
        assert resp.status_code == 422, (change, resp.get_json())
        assert field in problem(resp)["errors"], (change, resp.get_json())
    resp = client.post("/items", OFFICE, None, data='{"original_cost_vnd": NaN}', content_type="application/json")
    assert resp.status_code in (400, 422)
    resp = client.post("/items", OFFICE, None, data="[]", content_type="application/json")
    assert resp.status_code in (400, 422)
    assert client.post("/items", OFFICE, None, data="x", content_type="text/plain").status_code in (400, 415, 422)


def test_only_the_office_registers(client):
    body = {"category": "computer", "name": "PC", "unit": "BTC", "acquired_on": "2024-01-01", "original_cost_vnd": 1}
    for who in (BTC_STAFF, BTC_HEAD, LEADER, AUDITOR, ADMIN):
        assert client.post("/items", who, body).status_code == 403


def test_requests_without_the_gateways_token_are_refused(client):
    assert client.get("/items", None).status_code == 401
    resp = client.get("/items", None, headers={"X-Internal-Token": "forged"})
    assert resp.status_code == 401 and problem(resp)["status"] == 401
    assert client.get("/health/live", None).status_code == 200


def test_a_board_sees_its_own_assets_only(client):
    mine = register(client, unit="BTC")
    theirs = register(client, unit="BNC")
    listed = client.get("/items", BTC_STAFF).get_json()["items"]
    assert [i["id"] for i in listed] == [mine["id"]]
    assert client.get("/items?unit=BTC", BTC_STAFF).status_code == 200
    assert client.get("/items?unit=BNC", BTC_STAFF).status_code == 403
    resp = client.get(f"/items/{theirs['id']}", BTC_STAFF)
    assert resp.status_code == 404 and problem(resp)["title"] == "Not Found"
    for path in ("history", "residual", "repairs"):
        assert client.get(f"/items/{theirs['id']}/{path}", BTC_STAFF).status_code == 404
    for who in (OFFICE, LEADER, AUDITOR):
        assert len(client.get("/items", who).get_json()["items"]) == 2
        assert client.get(f"/items/{theirs['id']}", who).status_code == 200
    assert [i["unit"] for i in client.get("/items?unit=BNC", LEADER).get_json()["items"]] == ["BNC"]
    # a specialist of another service has no cross-board scope here
    other_office = make_principal("ketoan.vp", "VP", ["office_finance", "staff"], staff_id=5)
    assert client.get("/items", other_office).get_json()["items"] == []
    assert client.get(f"/items/{mine['id']}", other_office).status_code == 404
    # a caller of no board (a machine client, say) without the assets scope sees no list at all
    nobody = make_principal("robot", None, ["staff"])
    for path in ("/items", "/procurements", "/repairs", "/disposals", "/stocktakes", "/reports/register",
                 "/wear-runs", "/items/export.csv"):
        assert client.get(path, nobody).status_code == 403, path
    assert client.get(f"/items/{mine['id']}", nobody).status_code == 404
    # another board's head cannot send this board's asset for repair or propose its disposal
    assert client.post(f"/items/{theirs['id']}/dispose", BTC_HEAD, {"reason": "x"}).status_code == 404


def test_search_filter_and_pages(client):
    pc = register(client, name="Máy tính Dell", holder_staff_id=22)
    register(client, category="printer", name="Máy in HP", original_cost_vnd=8_000_000)
    car = vehicle(client, plate="29B-555.66", unit="BTC")
    ids = lambda q: [i["id"] for i in client.get(f"/items?{q}", OFFICE).get_json()["items"]]  # noqa: E731
    assert ids("q=dell") == [pc["id"]]
    assert ids(f"q={pc['tag'].lower()}") == [pc["id"]]
    assert ids("q=29b") == [car["id"]]
    assert ids("category=printer") and ids("is_vehicle=true") == [car["id"]]
    assert ids("holder_staff_id=22") == [pc["id"]]
    assert ids("status=idle") == []
    assert ids("acquired_from=2024-03-01&acquired_to=2024-03-01") == ids("")
    page = client.get("/items?limit=2", OFFICE).get_json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(f"/items?limit=2&cursor={page['next_cursor']}", OFFICE).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert client.get("/items?cursor=garbage", OFFICE).status_code == 400
    assert client.get("/items?limit=500", OFFICE).status_code == 422
    assert client.get("/items?limit=0", OFFICE).status_code == 422
    assert client.get("/items?status=lost", OFFICE).status_code == 422
    assert client.get("/items?holder_staff_id=abc", OFFICE).status_code == 422
    assert client.get("/items?acquired_from=yesterday", OFFICE).status_code == 422
    assert client.get("/items?q=%00", OFFICE).status_code in (400, 422)  # the web layer refuses NUL in a query string (400)


def test_the_office_changes_holder_location_and_status_with_history(client, database):
    item = register(client)
    resp = client.patch(f"/items/{item['id']}", OFFICE, {"holder_staff_id": 22, "location": "P.201",
                                                         "status": "idle", "reason": "bàn giao"})
    assert resp.status_code == 200
    assert (resp.get_json()["holder_staff_id"], resp.get_json()["status"]) == (22, "idle")
    kinds = [h["kind"] for h in client.get(f"/items/{item['id']}/history", OFFICE).get_json()["items"]]
    assert kinds == ["registered", "holder_changed", "status_changed", "relocated"]
    assert client.patch(f"/items/{item['id']}", OFFICE, {"holder_staff_id": 51}).status_code == 422
    assert client.patch(f"/items/{item['id']}", OFFICE, {"status": "disposed"}).status_code == 422
    assert client.patch(f"/items/{item['id']}", BTC_HEAD, {"location": "x"}).status_code == 403
    assert client.patch("/items/424242", OFFICE, {"location": "x"}).status_code == 404
    resp = client.patch(f"/items/{item['id']}", OFFICE, {"holder_staff_id": None})
    assert resp.status_code == 200 and resp.get_json()["holder_staff_id"] is None


def test_transfer_between_boards_keeps_the_history_and_tells_fleet(client, database):
    car = vehicle(client, unit="BTC")
    resp = client.post(f"/items/{car['id']}/transfer", OFFICE, {"to_unit": "VP", "reason": "về đội xe chung",
                                                                "holder_staff_id": 10})
    assert resp.status_code == 200
    assert resp.get_json()["unit"] == "VP" and resp.get_json()["holder_staff_id"] == 10
    history = client.get(f"/items/{car['id']}/history", OFFICE).get_json()["items"]
    assert (history[-1]["kind"], history[-1]["from_unit"], history[-1]["to_unit"]) == ("transferred", "BTC", "VP")
    moved = events(database, "assets.asset.transferred")[-1]
    assert moved["unit"] == "VP" and moved["data"]["from_unit"] == "BTC" and moved["data"]["to_unit"] == "VP"
    assert moved["data"]["is_vehicle"] is True and moved["data"]["plate"] == "30A-123.45"
    # the board it left no longer sees it
    assert client.get(f"/items/{car['id']}", BTC_STAFF).status_code == 404


def test_bad_transfers_are_refused(client):
    item = register(client)
    path = f"/items/{item['id']}/transfer"
    assert client.post(path, BTC_HEAD, {"to_unit": "BNC"}).status_code == 403
    assert client.post(path, LEADER, {"to_unit": "BNC"}).status_code == 403
    assert client.post(path, OFFICE, {"to_unit": "BTC"}).status_code == 422
    assert client.post(path, OFFICE, {"to_unit": "NOPE"}).status_code == 422
    assert client.post(path, OFFICE, {"to_unit": "BNC", "holder_staff_id": 22}).status_code == 422
    assert client.post(path, OFFICE, {}).status_code == 422
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert client.post(path, OFFICE, {"to_unit": "BNC", "effective_on": future}).status_code == 422
    assert client.post(path, OFFICE, {"to_unit": "BNC", "effective_on": "2020-01-01"}).status_code == 422
    assert client.post("/items/999999/transfer", OFFICE, {"to_unit": "BNC"}).status_code == 404


def test_residual_of_an_asset_as_of_a_date(client):
    item = register(client, acquired_on="2022-06-01", original_cost_vnd=10_000_000, category="other_machinery")
    for year in (2022, 2023, 2024):
        assert client.post("/wear-runs", OFFICE, {"fiscal_year": year}).status_code == 201
    residual = lambda d: client.get(f"/items/{item['id']}/residual?as_of={d}", BTC_STAFF).get_json()  # noqa: E731
    assert residual("2022-12-30")["residual_vnd"] == 10_000_000
    assert residual("2022-12-31")["residual_vnd"] == 8_000_000
    assert residual("2024-06-30")["residual_vnd"] == 6_000_000
    assert residual("2025-01-01")["accumulated_wear_vnd"] == 6_000_000
    assert residual("2025-01-01")["last_worn_fiscal_year"] == 2024
    assert client.get(f"/items/{item['id']}", BTC_STAFF).get_json()["residual_vnd"] == 4_000_000
    assert client.get(f"/items/{item['id']}/residual?as_of=2021-01-01", BTC_STAFF).status_code == 422
    assert client.get(f"/items/{item['id']}/residual?as_of=soon", BTC_STAFF).status_code == 422


def test_unknown_paths_and_methods_are_problem_documents(client):
    assert problem(client.get("/nothing", OFFICE))["status"] == 404
    assert client.get("/items/99999999999999999999999", OFFICE).status_code == 404
    resp = client._call("DELETE", "/items", OFFICE)
    assert resp.status_code == 405 and problem(resp)["status"] == 405
