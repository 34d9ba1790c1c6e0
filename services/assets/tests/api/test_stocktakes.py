"""/stocktakes: a campaign from opening to the approved reconciliation."""
import datetime as dt

from conftest import AUDITOR, BNC_STAFF, BTC_HEAD, BTC_STAFF, BTGDV_HEAD, LEADER, LEADER2, OFFICE
from helpers import events, problem, register

TODAY = dt.date.today().isoformat()


def campaign(client, units=("BTC", "BNC")):
    resp = client.post("/stocktakes", OFFICE, {"units": list(units), "as_of": TODAY, "title": "Kiểm kê cuối năm"})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_a_campaign_counts_closes_and_names_missing_surplus_misplaced(client, database):
    a = register(client, location="P.201")
    b = register(client, location="P.202")
    c = register(client, location="P.203")
    d = register(client, unit="BNC")
    outside = register(client, unit="BTGDV")
    st = campaign(client)
    assert st["status"] == "open" and st["units"] == ["BNC", "BTC"]
    assert st["progress"]["expected"] == 4 and st["progress"]["counted"] == 0

    resp = client.post(f"/stocktakes/{st['id']}/counts", BTC_STAFF, {
        "unit": "BTC", "location": "P.201",
        "entries": [{"tag": a["tag"].lower()}, {"tag": c["tag"], "condition": "needs_repair"},
                    {"tag": "LA-001", "condition": "good", "note": "máy in cũ không có trong sổ"}]})
    assert resp.status_code == 200
    sheet = resp.get_json()
    assert sheet["count"] == 3 and sheet["unknown_tags"] == ["LA-001"]
    client.post(f"/stocktakes/{st['id']}/counts", BNC_STAFF, {"unit": "BNC", "tags": [d["tag"], outside["tag"]]})
    # counting a tag again on the same sheet updates it
    again = client.post(f"/stocktakes/{st['id']}/counts", BTC_STAFF, {
        "unit": "BTC", "location": "P.201", "entries": [{"tag": a["tag"], "condition": "unusable"}]}).get_json()
    assert again["count"] == 3 and next(line for line in again["lines"] if line["tag"] == a["tag"])[
        "condition"] == "unusable"

    progress = client.get(f"/stocktakes/{st['id']}", OFFICE).get_json()["progress"]
    assert (progress["expected"], progress["counted"]) == (4, 3)
    assert {p["unit"]: p["counted"] for p in progress["by_unit"]} == {"BNC": 1, "BTC": 2}
    assert sorted((s["unit"], s["location"], s["count"]) for s in progress["sheets"]) == [
        ("BNC", None, 2), ("BTC", "P.201", 3)]

    assert client.post(f"/stocktakes/{st['id']}/close", BTC_HEAD).status_code == 403
    resp = client.post(f"/stocktakes/{st['id']}/close", OFFICE)
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["tag"] for r in results["missing"]] == [b["tag"]]
    assert sorted(r["tag"] for r in results["misplaced"]) == sorted([c["tag"], outside["tag"]])
    assert [(r["tag"], r["counted_unit"], r["asset_id"]) for r in results["surplus"]] == [("LA-001", "BTC", None)]
    wrong_room = next(r for r in results["misplaced"] if r["tag"] == c["tag"])
    assert (wrong_room["register_location"], wrong_room["counted_location"]) == ("P.203", "P.201")
    # no more counting once closed
    resp = client.post(f"/stocktakes/{st['id']}/counts", OFFICE, {"unit": "BTC", "tags": ["X"]})
    assert resp.status_code == 409 and problem(resp)["current_status"] == "closed"

    # a board sees what concerns it
    mine = client.get(f"/stocktakes/{st['id']}", BTC_STAFF).get_json()
    assert mine["units"] == ["BNC", "BTC"] and [p["unit"] for p in mine["progress"]["by_unit"]] == ["BTC"]
    assert [r["tag"] for r in mine["results"]["misplaced"]] == [c["tag"]]
    assert [r["tag"] for r in mine["results"]["missing"]] == [b["tag"]]
    assert client.get(f"/stocktakes/{st['id']}", BTGDV_HEAD).status_code == 404
    assert [s["id"] for s in client.get("/stocktakes", BTC_STAFF).get_json()["items"]] == [st["id"]]
    assert client.get("/stocktakes", BTGDV_HEAD).get_json()["items"] == []
    assert client.get("/stocktakes?unit=BNC", BTC_STAFF).status_code == 403


def test_reconciliation_is_approved_by_the_leadership_and_kept(client, database):
    a = register(client, location="P.201")
    missing = register(client, location="P.202")
    moved = register(client, unit="BNC")
    st = campaign(client)
    client.post(f"/stocktakes/{st['id']}/counts", BTC_STAFF,
                {"unit": "BTC", "tags": [a["tag"], moved["tag"], "LA-001", "LA-002"]})
    client.post(f"/stocktakes/{st['id']}/close", OFFICE)
    path = f"/stocktakes/{st['id']}"
    assert client.post(path + "/approve", LEADER).status_code == 409  # nothing proposed yet
    bad = client.post(path + "/reconcile", OFFICE, {"register_surplus": [
        {"tag": a["tag"], "category": "computer", "name": "x", "original_cost_vnd": 1}]})
    assert bad.status_code == 422
    bad = client.post(path + "/reconcile", OFFICE, {"register_surplus": [
        {"tag": "LA-001", "category": "rocket", "name": "x", "original_cost_vnd": 1}]})
    assert bad.status_code == 422
    assert client.post(path + "/reconcile", BTC_HEAD, {}).status_code == 403
    resp = client.post(path + "/reconcile", OFFICE, {
        "transfer_misplaced": True, "note": "theo biên bản kiểm kê",
        "register_surplus": [{"tag": "la-001", "category": "printer", "name": "Máy in cũ",
                              "original_cost_vnd": 2_000_000, "acquired_on": "2019-01-01"}]})
    assert resp.status_code == 200 and resp.get_json()["status"] == "reconciliation_proposed"
    assert client.post(path + "/approve", OFFICE).status_code == 403
    assert client.post(path + "/approve", AUDITOR).status_code == 403
    # the leadership may send it back, and approve a new proposal
    assert client.post(path + "/reject", LEADER, {"note": "bổ sung"}).get_json()["status"] == "closed"
    client.post(path + "/reconcile", OFFICE, {
        "transfer_misplaced": True,
        "register_surplus": [{"tag": "LA-001", "category": "printer", "name": "Máy in cũ",
                              "original_cost_vnd": 2_000_000, "acquired_on": "2019-01-01"}]})
    resp = client.post(path + "/approve", LEADER, {"note": "đồng ý"})
    assert resp.status_code == 200
    done = resp.get_json()
    assert done["status"] == "reconciled" and done["decided_by"] == "bithu"
    resolutions = {r["tag"]: r["resolution"] for kind in done["results"].values() for r in kind}
    assert resolutions == {missing["tag"]: "marked_missing", moved["tag"]: "transferred",
                           "LA-001": "registered", "LA-002": "left"}
    assert client.get(f"/items/{missing['id']}", OFFICE).get_json()["status"] == "missing"
    assert client.get(f"/items/{moved['id']}", OFFICE).get_json()["unit"] == "BTC"
    found = client.get("/items?q=LA-001", OFFICE).get_json()["items"][0]
    assert (found["unit"], found["source"], found["original_cost_vnd"]) == ("BTC", f"stocktake:{st['id']}", 2_000_000)
    history = client.get(f"/items/{missing['id']}/history", OFFICE).get_json()["items"]
    assert history[-1]["reference"] == f"stocktake:{st['id']}" and history[-1]["to_status"] == "missing"
    assert any(e["data"]["tag"] == "LA-001" for e in events(database, "assets.asset.registered"))
    assert events(database, "assets.asset.transferred")[-1]["data"]["asset_id"] == moved["id"]
    assert client.post(path + "/approve", LEADER2).status_code == 409


def test_campaign_input_and_rights(client):
    for body in ({"units": [], "as_of": TODAY}, {"units": ["NOPE"], "as_of": TODAY},
                 {"units": ["BTC-VP"], "as_of": TODAY}, {"units": ["BTC"]}, {"units": "BTC", "as_of": TODAY},
                 {"units": ["BTC"], "as_of": "tomorrow"}):
        assert client.post("/stocktakes", OFFICE, body).status_code == 422, body
    for who in (BTC_HEAD, LEADER, AUDITOR):
        assert client.post("/stocktakes", who, {"units": ["BTC"], "as_of": TODAY}).status_code == 403
    st = campaign(client)
    path = f"/stocktakes/{st['id']}/counts"
    assert client.post(path, BTC_STAFF, {"unit": "BNC", "tags": ["X"]}).status_code == 403
    assert client.post(path, OFFICE, {"unit": "BTGDV", "tags": ["X"]}).status_code == 422
    assert client.post(path, BTC_STAFF, {"unit": "BTC"}).status_code == 422
    assert client.post(path, BTC_STAFF, {"unit": "BTC", "tags": [""]}).status_code == 422
    assert client.post(path, BTC_STAFF, {"unit": "BTC", "entries": [{"tag": "X", "condition": "shiny"}]}).status_code == 422
    assert client.post(path, AUDITOR, {"unit": "BTC", "tags": ["X"]}).status_code in (403, 404)
    assert client.post("/stocktakes/9999/counts", OFFICE, {"unit": "BTC", "tags": ["X"]}).status_code == 404
    assert client.post(f"/stocktakes/{st['id']}/reconcile", OFFICE, {}).status_code == 409
    assert client.get(f"/stocktakes/{st['id']}/sheets", BTC_STAFF).get_json()["items"] == []
    client.post(path, OFFICE, {"unit": "BNC", "tags": ["BNC-1"]})
    assert client.get(f"/stocktakes/{st['id']}/sheets", BTC_STAFF).get_json()["items"] == []
    assert len(client.get(f"/stocktakes/{st['id']}/sheets", OFFICE).get_json()["items"]) == 1
    assert client.get("/stocktakes?status=done", OFFICE).status_code == 422
