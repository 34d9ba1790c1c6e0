"""Maintenance: plans by km or date, the due list, workshop stays charged to the Office."""
import datetime as dt

from fleet_testkit import AUDITOR, FLEET, STAFF_BTC, local_day, outbox


def plan(api, vehicle_id, **kw):
    body = {"vehicle_id": vehicle_id, "title": "Bảo dưỡng định kỳ", "interval_km": 5000, "interval_days": 180} | kw
    return api.post("/maintenance/plans", FLEET, body)


def test_a_plan_counts_from_the_vehicle_now_unless_told(api, flow):
    car = flow.vehicle()  # odometer 1000
    resp = plan(api, car["id"])
    assert resp.status_code == 201
    assert resp.json["last_done_km"] == 1000 and resp.json["last_done_on"] == local_day(0)
    assert resp.json["plate"] == car["plate"]
    explicit = plan(api, car["id"], last_done_km=500, last_done_on="2026-01-01").json
    assert explicit["last_done_km"] == 500 and explicit["last_done_on"] == "2026-01-01"


def test_a_plan_needs_an_interval_and_a_known_vehicle(api, flow):
    car = flow.vehicle()
    assert plan(api, car["id"], interval_km=None, interval_days=None).status_code == 422
    assert plan(api, 999).status_code == 422
    assert plan(api, car["id"], interval_km=0).status_code == 422


def test_the_due_list_shows_overdue_and_soon_first(api, flow):
    car = flow.vehicle()  # 1000 km
    by_km = plan(api, car["id"], title="Thay dầu", interval_km=600, interval_days=None, last_done_km=500).json  # due 1100
    by_date = plan(api, car["id"], title="Đăng kiểm", interval_km=None, interval_days=30,
                   last_done_on=local_day(-40)).json  # overdue
    plan(api, car["id"], title="Lốp", interval_km=40000, interval_days=None)  # far away
    resp = api.get("/maintenance/due", FLEET)
    assert resp.status_code == 200
    items = resp.json["items"]
    assert [i["plan"]["id"] for i in items] == [by_date["id"], by_km["id"]]
    assert items[0]["overdue"] is True and items[0]["days_left"] == -10
    assert items[1]["due_soon"] is True and items[1]["km_left"] == 100 and items[1]["due_km"] == 1100
    everything = api.get("/maintenance/due", FLEET, query={"all": "true"}).json["items"]
    assert len(everything) == 3
    future = api.get("/maintenance/due", FLEET, query={"as_of": local_day(400)}).json["items"]
    assert len(future) == 2


def test_a_completed_stay_is_charged_to_the_office_and_resets_its_plan(api, flow, db):
    car = flow.vehicle()
    oil = plan(api, car["id"], interval_km=600, last_done_km=500).json
    opened = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "plan_id": oil["id"],
                                                      "description": "Thay dầu", "start_on": local_day(0)})
    assert opened.status_code == 201 and opened.json["status"] == "open"
    done = api.post(f"/maintenance/records/{opened.json['id']}/complete", FLEET,
                    {"done_on": local_day(0), "cost_vnd": 1_200_000, "odometer_km": 1050})
    assert done.status_code == 200 and done.json["status"] == "completed" and done.json["cost_vnd"] == 1_200_000
    [event] = outbox(db, "fleet.maintenance.completed")
    assert event["unit"] == "VP"
    assert event["data"] == {"record_id": opened.json["id"], "vehicle_id": car["id"], "plate": car["plate"],
                             "cost_vnd": 1_200_000, "done_on": local_day(0), "description": "Thay dầu", "unit": "VP"}
    refreshed = api.get("/maintenance/plans", FLEET, query={"vehicle_id": car["id"]}).json["items"][0]
    assert refreshed["last_done_km"] == 1050 and refreshed["last_done_on"] == local_day(0)
    assert api.get(f"/vehicles/{car['id']}", FLEET).json["odometer_km"] == 1050
    again = api.post(f"/maintenance/records/{opened.json['id']}/complete", FLEET,
                     {"done_on": local_day(0), "cost_vnd": 1})
    assert again.status_code == 409 and len(outbox(db, "fleet.maintenance.completed")) == 1


def test_a_stay_entered_as_done_publishes_at_once(api, flow, db):
    car = flow.vehicle()
    resp = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Rửa xe",
                                                    "start_on": local_day(-2), "done_on": local_day(-1),
                                                    "cost_vnd": 150_000})
    assert resp.status_code == 201 and resp.json["status"] == "completed"
    assert outbox(db, "fleet.maintenance.completed")[0]["data"]["cost_vnd"] == 150_000
    no_cost = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "x",
                                                       "start_on": local_day(-2), "done_on": local_day(-1)})
    assert no_cost.status_code == 422


def test_a_stay_over_dispatched_trips_is_409(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10, days=3)
    resp = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Sơn lại",
                                                    "start_on": local_day(2)})
    assert resp.status_code == 409 and resp.json["rule"] == "vehicle_booked"
    assert resp.json["bookings"][0]["booking_id"] == booking["id"]
    before = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Sơn lại",
                                                      "start_on": local_day(1), "expected_end_on": local_day(2)})
    assert before.status_code == 201


def test_maintenance_is_read_by_the_pool_readers_and_written_by_the_office(api, flow):
    car = flow.vehicle()
    assert plan(api, car["id"]).status_code == 201
    for path in ("/maintenance/plans", "/maintenance/records", "/maintenance/due"):
        assert api.get(path, STAFF_BTC).status_code == 403
        assert api.get(path, AUDITOR).status_code == 200
    body = {"vehicle_id": car["id"], "description": "x", "start_on": local_day(0)}
    assert api.post("/maintenance/records", AUDITOR, body).status_code == 403
    assert api.post("/maintenance/plans", STAFF_BTC, {"vehicle_id": car["id"], "title": "x", "interval_km": 1}).status_code == 403


def test_records_list_show_and_plan_patch(api, flow):
    car = flow.vehicle()
    first = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "a", "start_on": local_day(5)}).json
    second = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "b", "start_on": local_day(9)}).json
    listed = api.get("/maintenance/records", FLEET, query={"vehicle_id": car["id"], "status": "open"}).json["items"]
    assert [r["id"] for r in listed] == [second["id"], first["id"]]
    assert api.get(f"/maintenance/records/{first['id']}", FLEET).json["description"] == "a"
    assert api.get("/maintenance/records/999", FLEET).status_code == 404
    p = plan(api, car["id"]).json
    off = api.patch(f"/maintenance/plans/{p['id']}", FLEET, {"active": False})
    assert off.status_code == 200 and off.json["active"] is False
    assert api.patch(f"/maintenance/plans/{p['id']}", FLEET, {"interval_km": None, "interval_days": None}).status_code == 422
    assert api.patch("/maintenance/plans/999", FLEET, {"active": True}).status_code == 404


def test_bad_maintenance_input_is_422(api, flow):
    car = flow.vehicle()
    for body in ({}, {"vehicle_id": car["id"], "description": "x"},
                 {"vehicle_id": car["id"], "description": "x", "start_on": "2026-02-30"},
                 {"vehicle_id": car["id"], "description": "x", "start_on": local_day(3), "expected_end_on": local_day(1)},
                 {"vehicle_id": car["id"], "description": "x", "start_on": local_day(3), "plan_id": 999},
                 {"vehicle_id": 999, "description": "x", "start_on": local_day(3)}):
        assert api.post("/maintenance/records", FLEET, body).status_code == 422, body
    rec = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "x", "start_on": local_day(3)}).json
    early = api.post(f"/maintenance/records/{rec['id']}/complete", FLEET, {"done_on": local_day(1), "cost_vnd": 1})
    assert early.status_code == 422
    assert api.post(f"/maintenance/records/{rec['id']}/complete", FLEET, {"done_on": local_day(3)}).status_code == 422
    assert dt.date.fromisoformat(rec["start_on"])
