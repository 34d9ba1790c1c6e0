"""Issue 13 on PostgreSQL through the fleet's API: the car entitlement refusing the car after the
last (409 car_limit with the figures), the leadership's exception, the entitlement's view, the
replacement flag, and the events that keep one register with assets."""
import pytest

from fleet_testkit import AUDITOR, FLEET, LEADER, STAFF_BTC, Api, fleet_app, outbox, vehicle_body

# a small province, no boards served: 5 general-use cars
SMALL = {"CAR_LIMIT_PROVINCE_AREA_KM2": 4000, "CAR_LIMIT_BOARD_HEADCOUNTS": ""}


@pytest.fixture()
def small(db):
    with fleet_app(db, **SMALL) as made:
        yield Api(made.test_client())


def test_the_car_after_the_last_is_refused_until_the_leadership_allows_it(small, db):
    for i in range(1, 6):
        assert small.post("/vehicles", FLEET, vehicle_body(f"81A-000.0{i}")).status_code == 201
    assert small.post("/vehicles", FLEET, vehicle_body("81B-045.01", seats=45)).status_code == 201  # a bus
    refused = small.post("/vehicles", FLEET, vehicle_body("81A-000.06"))
    assert refused.status_code == 409 and refused.json["rule"] == "car_limit"
    assert (refused.json["held"], refused.json["entitled"], refused.json["limit"]) == (5, 5, 5)

    view = small.get("/car-entitlement", LEADER).json
    assert (view["held"], view["entitled"], view["exception_cars"], view["limit"], view["needed"]) == (5, 5, 0, 5, 0)
    assert [line["cars"] for line in view["breakdown"]] == [5] and view["breakdown"][0]["mark"] == "[B]"
    assert small.get("/car-entitlement", AUDITOR).status_code == 200
    assert small.get("/car-entitlement", STAFF_BTC).status_code == 403

    decision = {"decision_no": "27-QĐ/TU", "extra_cars": 1, "decided_on": "2026-12-01"}
    assert small.post("/car-entitlement/exceptions", FLEET, decision).status_code == 403
    recorded = small.post("/car-entitlement/exceptions", LEADER, decision)
    assert recorded.status_code == 201 and recorded.json["recorded_by"] == "bithu"
    again = small.post("/car-entitlement/exceptions", LEADER, {**decision, "decision_no": "27-qđ/tu"})
    assert again.status_code == 409 and again.json["rule"] == "decision_taken"
    assert small.post("/car-entitlement/exceptions", LEADER, {**decision, "extra_cars": 0}).status_code == 422
    [event] = outbox(db, "fleet.car_limit.exception_recorded")
    assert event["data"]["decision_no"] == "27-QĐ/TU" and event["data"]["extra_cars"] == 1

    assert small.post("/vehicles", FLEET, vehicle_body("81A-000.06")).status_code == 201
    assert small.post("/vehicles", FLEET, vehicle_body("81A-000.07")).status_code == 409
    # a retired car makes room, and bringing it back needs room again
    cars = {v["plate"]: v for v in small.get("/vehicles", FLEET, query={"limit": 50}).json["items"]}
    first = cars["81A-000.01"]["id"]
    assert small.patch(f"/vehicles/{first}", FLEET, {"status": "retired"}).status_code == 200
    assert small.post("/vehicles", FLEET, vehicle_body("81A-000.07")).status_code == 201
    back = small.patch(f"/vehicles/{first}", FLEET, {"status": "available"})
    assert back.status_code == 409 and back.json["rule"] == "car_limit"
    [retired] = outbox(db, "fleet.vehicle.retired")
    assert retired["data"]["plate"] == "81A-000.01"
    assert len(outbox(db, "fleet.vehicle.registered")) == 8


def test_the_leadership_withdraws_an_exception_once_and_it_stops_counting(small, db):
    for i in range(1, 6):
        assert small.post("/vehicles", FLEET, vehicle_body(f"81A-000.0{i}")).status_code == 201
    first = small.post("/car-entitlement/exceptions", LEADER,
                       {"decision_no": "30-QĐ/TU", "extra_cars": 2, "decided_on": "2026-11-01"}).json
    second = small.post("/car-entitlement/exceptions", LEADER,
                        {"decision_no": "31-QĐ/TU", "extra_cars": 1, "decided_on": "2026-12-01"}).json
    assert small.get("/car-entitlement", LEADER).json["limit"] == 8
    reason = {"reason": "hết hiệu lực"}
    assert small.post(f"/car-entitlement/exceptions/{first['id']}/withdraw", FLEET, reason).status_code == 403
    assert small.post(f"/car-entitlement/exceptions/{first['id']}/withdraw", LEADER, {"reason": " "}).status_code == 422
    assert small.post("/car-entitlement/exceptions/99999/withdraw", LEADER, reason).status_code == 404
    withdrawn = small.post(f"/car-entitlement/exceptions/{first['id']}/withdraw", LEADER, reason)
    assert withdrawn.status_code == 200
    assert (withdrawn.json["withdrawn_by"], withdrawn.json["withdraw_reason"]) == ("bithu", "hết hiệu lực")
    assert withdrawn.json["withdrawn_at"] is not None
    again = small.post(f"/car-entitlement/exceptions/{first['id']}/withdraw", LEADER, reason)
    assert again.status_code == 409 and again.json["rule"] == "exception_withdrawn"
    assert again.json["decision_no"] == "30-QĐ/TU"
    [event] = outbox(db, "fleet.car_limit.exception_withdrawn")
    assert event["data"] == {"exception_id": first["id"], "decision_no": "30-QĐ/TU", "extra_cars": 2,
                             "reason": "hết hiệu lực"}

    view = small.get("/car-entitlement", LEADER).json
    assert (view["exception_cars"], view["limit"]) == (1, 6)
    assert [e["decision_no"] for e in view["exceptions"]] == ["31-QĐ/TU"]
    assert small.post("/vehicles", FLEET, vehicle_body("81A-000.06")).status_code == 201
    assert small.post("/vehicles", FLEET, vehicle_body("81A-000.07")).json["rule"] == "car_limit"

    # the list: every exception, newest first, a page at a time; who reads the entitlement reads it
    listed = small.get("/car-entitlement/exceptions", AUDITOR, query={"limit": 1}).json
    assert [e["id"] for e in listed["items"]] == [second["id"]] and listed["next_cursor"]
    rest = small.get("/car-entitlement/exceptions", AUDITOR, query={"limit": 1, "cursor": listed["next_cursor"]}).json
    assert [(e["id"], e["withdraw_reason"]) for e in rest["items"]] == [(first["id"], "hết hiệu lực")]
    assert rest["next_cursor"] is None
    assert small.get("/car-entitlement/exceptions", STAFF_BTC).status_code == 403
    assert small.get("/car-entitlement/exceptions", LEADER, query={"cursor": "x"}).status_code == 400


def test_a_plate_is_one_car_however_written_and_the_register_hears_of_it(api, db):
    added = api.post("/vehicles", FLEET, vehicle_body("81a 00011", acquired_on="2020-01-01",
                                                      original_cost_vnd=800_000_000))
    assert added.status_code == 201 and added.json["plate"] == "81A00011"
    for spelling in ("81A-000.11", "81A-00011", "81a00011"):
        taken = api.post("/vehicles", FLEET, vehicle_body(spelling))
        assert taken.status_code == 409 and taken.json["rule"] == "plate_taken", spelling
    [event] = outbox(db, "fleet.vehicle.registered")
    assert event["data"]["plate"] == "81A00011" and event["data"]["acquired_on"] == "2020-01-01"
    # bought in 2020: within its 15 years of useful life; a costly repair (above 30 % of its cost) flags it
    car = added.json
    assert car["replacement"] == {"due": False, "reasons": []}
    quoted = api.patch(f"/vehicles/{car['id']}", FLEET, {"repair_estimate_vnd": 300_000_000}).json
    assert quoted["replacement"]["due"] and [r["code"] for r in quoted["replacement"]["reasons"]] == [
        "repair_over_share"]
    assert api.get("/car-entitlement", FLEET).json["replacement_due"] == [car["id"]]
