"""The trip: the driver starts it and completes it; odometer rules, the fuel flag, the event."""
from fleet_testkit import FLEET, HEAD_BTC, STAFF_BTC, at, outbox

DRIVER = "laixe.hung"  # staff 10


def start(api, booking, vehicle_id, reading, who=DRIVER):
    return api.post(f"/bookings/{booking['id']}/start", who, {"vehicle_id": vehicle_id, "odometer_start_km": reading})


def complete(api, booking, who=DRIVER, **body):
    return api.post(f"/bookings/{booking['id']}/complete", who, body)


def test_book_approve_dispatch_start_complete_publishes_the_trip(api, flow, db):
    car = flow.vehicle(norm=10.0)  # odometer 1000
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    started = start(api, booking, car["id"], 1005)
    assert started.status_code == 200
    assert started.json["status"] == "in_progress" and started.json["odometer_start_km"] == 1005
    done = complete(api, booking, odometer_end_km=1205, fuel_litres=21.5, fuel_cost_vnd=537_500)
    assert done.status_code == 200
    body = done.json
    assert body["status"] == "completed" and body["km"] == 200 and body["fuel_expected_litres"] == 20.0
    assert body["fuel_flagged"] is False and body["completed_by"] == DRIVER
    assert api.get(f"/vehicles/{car['id']}", STAFF_BTC).json["odometer_km"] == 1205
    [event] = outbox(db, "fleet.trip.completed")
    assert event["unit"] == "BTC"
    assert event["data"] | {"started_at": None, "completed_at": None} == {
        "booking_id": booking["id"], "unit": "BTC", "vehicle_id": car["id"], "plate": car["plate"], "driver_id": 10,
        "km": 200, "fuel_litres": 21.5, "fuel_cost_vnd": 537_500, "fuel_flagged": False,
        "started_at": None, "completed_at": None}


def test_fuel_above_norm_and_tolerance_is_flagged(api, flow, db):
    car = flow.vehicle(norm=10.0)
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    done = complete(api, booking, who=FLEET, odometer_start_km=1000, odometer_end_km=1200,
                    fuel_litres=22.1, fuel_cost_vnd=550_000)
    assert done.status_code == 200 and done.json["fuel_flagged"] is True
    assert outbox(db, "fleet.trip.completed")[0]["data"]["fuel_flagged"] is True


def test_the_fleet_office_completes_without_a_start_giving_both_readings(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    missing = complete(api, booking, who=FLEET, odometer_end_km=1100, fuel_litres=9, fuel_cost_vnd=200_000)
    assert missing.status_code == 422 and "odometer_start_km" in missing.json["errors"]
    done = complete(api, booking, who=FLEET, odometer_start_km=1000, odometer_end_km=1100, fuel_litres=9,
                    fuel_cost_vnd=200_000)
    assert done.status_code == 200 and done.json["km"] == 100


def test_the_start_reading_cannot_go_below_the_vehicles_last(api, flow):
    car = flow.vehicle()  # odometer 1000
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    resp = start(api, booking, car["id"], 999)
    assert resp.status_code == 409 and resp.json["rule"] == "odometer_behind"
    assert resp.json["vehicle_odometer_km"] == 1000
    resp = complete(api, booking, who=FLEET, odometer_start_km=900, odometer_end_km=1100, fuel_litres=1,
                    fuel_cost_vnd=1)
    assert resp.status_code == 409 and resp.json["rule"] == "odometer_behind"


def test_the_end_reading_cannot_be_below_the_start(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    start(api, booking, car["id"], 1010)
    resp = complete(api, booking, odometer_end_km=1005, fuel_litres=1, fuel_cost_vnd=1)
    assert resp.status_code == 422 and "odometer_end_km" in resp.json["errors"]
    other = complete(api, booking, odometer_start_km=1000, odometer_end_km=1100, fuel_litres=1, fuel_cost_vnd=1)
    assert other.status_code == 422 and "odometer_start_km" in other.json["errors"]


def test_the_driver_confirms_the_dispatched_vehicle(api, flow):
    car = flow.vehicle("29A-111.11")
    other = flow.vehicle("29A-222.22")
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    resp = start(api, booking, other["id"], 1000)
    assert resp.status_code == 409 and resp.json["rule"] == "wrong_vehicle"
    assert start(api, booking, car["id"], 1000).status_code == 200
    again = start(api, booking, car["id"], 1000)
    assert again.status_code == 409 and again.json["rule"] == "booking_state"


def test_only_the_trips_driver_or_the_fleet_office_record_it(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=11)  # not laixe.hung
    assert start(api, booking, car["id"], 1000, who=DRIVER).status_code == 404
    assert start(api, booking, car["id"], 1000, who=STAFF_BTC).status_code == 403
    assert start(api, booking, car["id"], 1000, who=HEAD_BTC).status_code == 403
    assert start(api, booking, car["id"], 1000, who=FLEET).status_code == 200


def test_a_trip_not_dispatched_cannot_be_driven(api, flow):
    booking = flow.approved()
    resp = complete(api, booking, who=FLEET, odometer_start_km=1, odometer_end_km=2, fuel_litres=0, fuel_cost_vnd=0)
    assert resp.status_code == 409 and resp.json["rule"] == "booking_state"


def test_a_completed_trip_is_final_and_frees_the_car(api, flow, db):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    complete(api, booking, who=FLEET, odometer_start_km=1000, odometer_end_km=1010, fuel_litres=1, fuel_cost_vnd=1)
    again = complete(api, booking, who=FLEET, odometer_start_km=1010, odometer_end_km=1020, fuel_litres=1,
                     fuel_cost_vnd=1)
    assert again.status_code == 409
    assert len(outbox(db, "fleet.trip.completed")) == 1
    overlapping = flow.approved(start=9, end=10)
    resp = api.post(f"/bookings/{overlapping['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 10})
    assert resp.status_code == 200


def test_ended_at_is_checked(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    start(api, booking, car["id"], 1000)
    future = complete(api, booking, odometer_end_km=1010, fuel_litres=1, fuel_cost_vnd=1, ended_at=at(30, 8))
    assert future.status_code == 422 and "ended_at" in future.json["errors"]
    before = complete(api, booking, odometer_end_km=1010, fuel_litres=1, fuel_cost_vnd=1, ended_at=at(-1, 8))
    assert before.status_code == 422 and "ended_at" in before.json["errors"]


def test_bad_trip_input_is_422(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    for body in ({}, {"vehicle_id": car["id"]}, {"vehicle_id": "x", "odometer_start_km": 1},
                 {"vehicle_id": car["id"], "odometer_start_km": -1}, {"vehicle_id": 0, "odometer_start_km": 1}):
        assert api.post(f"/bookings/{booking['id']}/start", FLEET, body).status_code == 422, body
    for body in ({}, {"odometer_end_km": 10}, {"odometer_end_km": 10, "fuel_litres": -1, "fuel_cost_vnd": 1},
                 {"odometer_end_km": 10, "fuel_litres": "nan", "fuel_cost_vnd": 1},
                 {"odometer_end_km": 10, "fuel_litres": 1, "fuel_cost_vnd": 10**15},
                 {"odometer_end_km": 10**12, "fuel_litres": 1, "fuel_cost_vnd": 1}):
        assert api.post(f"/bookings/{booking['id']}/complete", FLEET, body).status_code == 422, body
