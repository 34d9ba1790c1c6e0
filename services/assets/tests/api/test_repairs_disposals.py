"""Repairs (estimate, actual cost charged back) and disposals (decided by the leadership)."""
import datetime as dt

from conftest import AUDITOR, BNC_STAFF, BTC_HEAD, BTC_STAFF, LEADER, LEADER2, OFFICE
from helpers import events, register, vehicle


def test_a_repair_from_estimate_to_actual_cost(client, database):
    item = register(client)
    resp = client.post(f"/items/{item['id']}/repairs", BTC_STAFF, {"description": "Thay ổ cứng",
                                                                    "estimated_cost_vnd": 1_500_000,
                                                                    "vendor": "Cửa hàng A"})
    assert resp.status_code == 201
    repair = resp.get_json()
    assert (repair["status"], repair["unit"], repair["tag"]) == ("open", "BTC", item["tag"])
    assert client.get(f"/items/{item['id']}", BTC_STAFF).get_json()["status"] == "in_repair"
    again = client.post(f"/items/{item['id']}/repairs", BTC_STAFF, {"description": "x", "estimated_cost_vnd": 1})
    assert again.status_code == 409
    assert client.post(f"/repairs/{repair['id']}/complete", BTC_HEAD, {"actual_cost_vnd": 1}).status_code == 403
    resp = client.post(f"/repairs/{repair['id']}/complete", OFFICE, {"actual_cost_vnd": 1_350_000})
    assert resp.status_code == 200
    done = resp.get_json()
    assert done["status"] == "completed" and done["actual_cost_vnd"] == 1_350_000
    assert done["completed_on"] == dt.date.today().isoformat() or done["completed_on"]
    assert client.get(f"/items/{item['id']}", BTC_STAFF).get_json()["status"] == "in_use"
    published = events(database, "assets.repair.completed")
    assert published == [{"type": "assets.repair.completed", "unit": "BTC", "data": {
        "repair_id": repair["id"], "asset_id": item["id"], "tag": item["tag"], "unit": "BTC",
        "cost_vnd": 1_350_000, "completed_on": done["completed_on"]}}]
    assert client.post(f"/repairs/{repair['id']}/complete", OFFICE, {"actual_cost_vnd": 1}).status_code == 409
    listed = client.get(f"/items/{item['id']}/repairs", BTC_STAFF).get_json()["items"]
    assert [r["id"] for r in listed] == [repair["id"]]
    kinds = [(h["from_status"], h["to_status"]) for h in
             client.get(f"/items/{item['id']}/history", BTC_STAFF).get_json()["items"][1:]]
    assert kinds == [("in_use", "in_repair"), ("in_repair", "in_use")]


def test_a_cancelled_repair_gives_the_asset_back_as_it_was(client, database):
    item = register(client, status="idle")
    repair = client.post(f"/items/{item['id']}/repairs", OFFICE, {"description": "x",
                                                                  "estimated_cost_vnd": 10}).get_json()
    resp = client.post(f"/repairs/{repair['id']}/cancel", OFFICE, {"note": "không sửa nữa"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    assert client.get(f"/items/{item['id']}", OFFICE).get_json()["status"] == "idle"
    assert events(database, "assets.repair.completed") == []


def test_an_expensive_car_repair_advises_replacement(client):
    car = vehicle(client)
    resp = client.post(f"/items/{car['id']}/repairs", OFFICE, {"description": "Đại tu máy",
                                                               "estimated_cost_vnd": 300_000_000})
    assert resp.get_json()["replacement_advised"] is True


def test_repairs_are_scoped_and_checked(client):
    theirs = register(client, unit="BNC")
    mine = register(client)
    assert client.post(f"/items/{theirs['id']}/repairs", BTC_STAFF,
                       {"description": "x", "estimated_cost_vnd": 1}).status_code == 404
    assert client.post(f"/items/{mine['id']}/repairs", AUDITOR,
                       {"description": "x", "estimated_cost_vnd": 1}).status_code == 403
    for body in ({}, {"description": "", "estimated_cost_vnd": 1}, {"description": "x", "estimated_cost_vnd": -1},
                 {"description": "x", "estimated_cost_vnd": "1"}):
        assert client.post(f"/items/{mine['id']}/repairs", BTC_STAFF, body).status_code == 422
    repair = client.post(f"/items/{theirs['id']}/repairs", BNC_STAFF,
                         {"description": "x", "estimated_cost_vnd": 1}).get_json()
    assert client.get(f"/repairs/{repair['id']}", BTC_STAFF).status_code == 404
    assert client.get(f"/repairs/{repair['id']}", BNC_STAFF).status_code == 200
    assert [r["unit"] for r in client.get("/repairs", BTC_STAFF).get_json()["items"]] == []
    assert client.get("/repairs?unit=BNC", BTC_STAFF).status_code == 403
    assert len(client.get("/repairs?status=open", OFFICE).get_json()["items"]) == 1
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    path = f"/repairs/{repair['id']}/complete"
    assert client.post(path, OFFICE, {"actual_cost_vnd": 1, "completed_on": future}).status_code == 422
    assert client.post(path, OFFICE, {"actual_cost_vnd": 1, "completed_on": "2001-01-01"}).status_code == 422
    assert client.post(path, OFFICE, {}).status_code == 422
    assert client.post("/repairs/777/complete", OFFICE, {"actual_cost_vnd": 1}).status_code == 404


def test_disposal_is_proposed_then_decided_by_the_leadership(client, database):
    car = vehicle(client)
    resp = client.post(f"/items/{car['id']}/dispose", OFFICE, {"reason": "Quá 250.000 km", "method": "sale"})
    assert resp.status_code == 201
    disposal = resp.get_json()
    assert disposal["status"] == "requested" and disposal["tag"] == car["tag"]
    assert client.get(f"/items/{car['id']}", OFFICE).get_json()["status"] == "in_use"
    assert client.post(f"/items/{car['id']}/dispose", OFFICE, {"reason": "again"}).status_code == 409
    for who in (OFFICE, BTC_HEAD, AUDITOR):
        assert client.post(f"/disposals/{disposal['id']}/approve", who).status_code in (403, 404)
    resp = client.post(f"/disposals/{disposal['id']}/approve", LEADER, {"note": "đồng ý thanh lý"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "approved"
    item = client.get(f"/items/{car['id']}", OFFICE).get_json()
    assert item["status"] == "disposed" and item["disposed_on"] == resp.get_json()["disposed_on"]
    assert events(database, "assets.asset.disposed")[-1]["data"] == {
        "asset_id": car["id"], "tag": car["tag"], "unit": "VP", "is_vehicle": True,
        "disposed_on": item["disposed_on"], "plate": "30A-123.45"}
    assert client.post(f"/disposals/{disposal['id']}/approve", LEADER).status_code == 409
    # a disposed asset is final; its plate may be registered again for a new car
    assert client.patch(f"/items/{car['id']}", OFFICE, {"status": "in_use"}).status_code == 409
    assert client.post(f"/items/{car['id']}/transfer", OFFICE, {"to_unit": "BTC"}).status_code == 409
    assert client.post(f"/items/{car['id']}/repairs", OFFICE, {"description": "x",
                                                               "estimated_cost_vnd": 1}).status_code == 409
    assert vehicle(client)["attributes"]["plate"] == "30A-123.45"


def test_a_board_head_proposes_and_the_leadership_may_refuse(client, database):
    item = register(client)
    assert client.post(f"/items/{item['id']}/dispose", BTC_STAFF, {"reason": "hỏng"}).status_code == 403
    disposal = client.post(f"/items/{item['id']}/dispose", BTC_HEAD, {"reason": "hỏng"}).get_json()
    assert [d["id"] for d in client.get("/disposals", BTC_STAFF).get_json()["items"]] == [disposal["id"]]
    assert client.get(f"/disposals/{disposal['id']}", BNC_STAFF).status_code == 404
    resp = client.post(f"/disposals/{disposal['id']}/reject", LEADER2, {"note": "còn dùng được"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "rejected"
    assert client.get(f"/items/{item['id']}", OFFICE).get_json()["status"] == "in_use"
    assert events(database, "assets.asset.disposed") == []
    assert client.post(f"/items/{item['id']}/dispose", OFFICE, {}).status_code == 422
    assert client.post(f"/items/{item['id']}/dispose", OFFICE, {"reason": "x", "method": "burn"}).status_code == 422
    assert client.get("/disposals?status=rejected", LEADER).get_json()["items"][0]["decision_note"] == "còn dùng được"


def test_the_leadership_does_not_approve_its_own_proposal(client):
    item = register(client)
    # a leader who also holds office_assets proposes; another leader decides
    from buildingblocks.testing import make_principal

    both = make_principal("phobithu", "TU", ["leadership", "office_assets"], staff_id=2)
    disposal = client.post(f"/items/{item['id']}/dispose", both, {"reason": "x"}).get_json()
    assert client.post(f"/disposals/{disposal['id']}/approve", both).status_code == 403
    assert client.post(f"/disposals/{disposal['id']}/approve", LEADER).status_code == 200


def test_a_vehicles_repair_estimate_is_told_to_fleet(client, database):
    """Issue 13: fleet keeps the estimate on the car (the replacement flag of Art 3.4.c); other
    assets' repairs are nobody else's business."""
    pc = register(client)
    assert client.post(f"/items/{pc['id']}/repairs", BTC_STAFF, {"description": "Thay ổ cứng",
                                                                  "estimated_cost_vnd": 1_500_000}).status_code == 201
    car = vehicle(client)
    resp = client.post(f"/items/{car['id']}/repairs", OFFICE, {"description": "Đại tu động cơ",
                                                               "estimated_cost_vnd": 300_000_000})
    assert resp.status_code == 201
    assert events(database, "assets.repair.opened") == [{"type": "assets.repair.opened", "unit": "VP", "data": {
        "repair_id": resp.get_json()["id"], "asset_id": car["id"], "tag": car["tag"], "unit": "VP",
        "plate": "30A-123.45", "estimated_cost_vnd": 300_000_000, "original_cost_vnd": 900_000_000}}]
