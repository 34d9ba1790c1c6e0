"""Vehicles and drivers: the fleet office keeps them; everyone sees the pool; drivers come from HR."""
from fleet_testkit import AUDITOR, FLEET, HEAD_BTC, LEADER, STAFF_BTC, local_day, vehicle_body


def test_the_fleet_office_registers_a_vehicle(api):
    resp = api.post("/vehicles", FLEET, vehicle_body(" 29a-123.45 ", seats=16, norm=14.5))
    assert resp.status_code == 201
    body = resp.json
    assert body["plate"] == "29A-123.45" and body["seats"] == 16 and body["passenger_seats"] == 15
    assert body["required_licence_class"] == "D" and body["status"] == "available" and body["in_pool"] is True
    assert api.get(f"/vehicles/{body['id']}", STAFF_BTC).json["fuel_norm_l_per_100km"] == 14.5


def test_a_plate_is_unique(api, flow):
    flow.vehicle("29A-123.45")
    resp = api.post("/vehicles", FLEET, vehicle_body("29a-123.45"))
    assert resp.status_code == 409 and resp.json["rule"] == "plate_taken"


def test_only_the_fleet_office_writes_vehicles(api, flow):
    car = flow.vehicle()
    for who in (STAFF_BTC, HEAD_BTC, LEADER, AUDITOR):
        assert api.post("/vehicles", who, vehicle_body("29A-999.99")).status_code == 403
        assert api.patch(f"/vehicles/{car['id']}", who, {"model": "x"}).status_code == 403


def test_everyone_reads_the_pool_with_filters(api, flow):
    small = flow.vehicle("29A-111.11", seats=5)
    bus = flow.vehicle("29B-160.16", seats=16)
    dedicated = flow.vehicle("30A-000.01", holder_staff_id=1)
    listed = api.get("/vehicles", STAFF_BTC).json
    assert [v["id"] for v in listed["items"]] == [small["id"], bus["id"], dedicated["id"]]
    assert [v["id"] for v in api.get("/vehicles", STAFF_BTC, query={"min_seats": 10}).json["items"]] == [bus["id"]]
    assert [v["id"] for v in api.get("/vehicles", STAFF_BTC, query={"pool": "false"}).json["items"]] == [dedicated["id"]]
    page = api.get("/vehicles", STAFF_BTC, query={"limit": 2}).json
    assert len(page["items"]) == 2 and page["next_cursor"]


def test_a_dedicated_holder_must_be_known_staff(api):
    resp = api.post("/vehicles", FLEET, vehicle_body(holder_staff_id=9999))
    assert resp.status_code == 422 and "holder_staff_id" in resp.json["errors"]


def test_edit_a_vehicle(api, flow):
    car = flow.vehicle()
    resp = api.patch(f"/vehicles/{car['id']}", FLEET, {"model": "Ford Transit", "odometer_km": 1500, "seats": 9})
    assert resp.status_code == 200 and resp.json["model"] == "Ford Transit" and resp.json["odometer_km"] == 1500
    back = api.patch(f"/vehicles/{car['id']}", FLEET, {"odometer_km": 1400})
    assert back.status_code == 409 and back.json["rule"] == "odometer_behind"
    assert api.patch("/vehicles/999", FLEET, {"model": "x"}).status_code == 404


def test_a_vehicle_with_upcoming_trips_cannot_leave_service(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10, passengers=5)
    for change in ({"status": "maintenance"}, {"status": "retired"}, {"seats": 5}):
        resp = api.patch(f"/vehicles/{car['id']}", FLEET, change)
        assert resp.status_code == 409 and resp.json["rule"] == "vehicle_booked", change
        assert resp.json["bookings"][0]["booking_id"] == booking["id"]
    assert api.patch(f"/vehicles/{car['id']}", FLEET, {"seats": 9}).status_code == 200


def test_bad_vehicle_input_is_422(api):
    for body in ({}, vehicle_body(seats=1), vehicle_body(seats=200), vehicle_body(norm=-1),
                 vehicle_body(plate="!"), vehicle_body(fuel_type="coal"), vehicle_body(odometer_km=-5),
                 vehicle_body(status="retired"), vehicle_body(asset_id=2**40), vehicle_body(plate="29A\x00")):
        assert api.post("/vehicles", FLEET, body).status_code == 422, body


def test_drivers_are_hr_staff_on_a_driver_position(api):
    resp = api.get("/drivers", FLEET)
    assert resp.status_code == 200
    drivers = {d["staff_id"]: d for d in resp.json["items"]}
    assert set(drivers) == {10, 11, 25, 34, 45, 54}
    assert drivers[10]["licence_class"] == "D" and drivers[10]["licence_expiry"] == "2030-06-30"
    assert drivers[10]["status"] == "active" and drivers[10]["full_name"] == "Phan Văn Hùng"
    page = api.get("/drivers", FLEET, query={"limit": 4}).json
    assert len(page["items"]) == 4
    rest = api.get("/drivers", FLEET, query={"limit": 4, "cursor": page["next_cursor"]}).json
    assert [d["staff_id"] for d in rest["items"]] == [45, 54] and rest["next_cursor"] is None
    assert [d["staff_id"] for d in api.get("/drivers", FLEET, query={"licence_class": "B2"}).json["items"]] == [25, 54]


def test_the_driver_list_is_for_the_pool_readers(api):
    assert api.get("/drivers", STAFF_BTC).status_code == 403
    assert api.get("/drivers", AUDITOR).status_code == 200
    assert api.get("/drivers/10", "laixe.hung").status_code == 200  # their own
    assert api.get("/drivers/11", "laixe.hung").status_code == 404
    assert api.get("/drivers/22", FLEET).status_code == 404  # not a driver


def test_the_fleet_office_sets_driver_details_over_hr(api):
    resp = api.patch("/drivers/25", FLEET, {"licence_class": "d", "licence_expiry": "2032-01-31", "notes": "đã nâng hạng"})
    assert resp.status_code == 200
    body = resp.json
    assert body["licence_class"] == "D" and body["hr_licence_class"] == "B2" and body["fleet_licence_class"] == "D"
    assert body["licence_expiry"] == "2032-01-31" and body["notes"] == "đã nâng hạng"
    cleared = api.patch("/drivers/25", FLEET, {"licence_class": None, "licence_expiry": None}).json
    assert cleared["licence_class"] == "B2"
    assert api.patch("/drivers/25", STAFF_BTC, {"status": "on_leave"}).status_code == 403


def test_patching_unknown_or_non_drivers(api):
    assert api.patch("/drivers/9999", FLEET, {"status": "on_leave"}).status_code == 404
    resp = api.patch("/drivers/22", FLEET, {"status": "on_leave"})
    assert resp.status_code == 422 and "staff_id" in resp.json["errors"]
    for body in ({"licence_class": "Z"}, {"status": "sleeping"}, {"licence_expiry": "soon"}):
        assert api.patch("/drivers/10", FLEET, body).status_code == 422, body


def test_a_driver_with_upcoming_trips_cannot_be_made_unavailable(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    resp = api.patch("/drivers/10", FLEET, {"status": "suspended"})
    assert resp.status_code == 409 and resp.json["rule"] == "driver_booked"
    assert resp.json["bookings"][0]["booking_id"] == booking["id"]
    assert api.patch("/drivers/10", FLEET, {"licence_expiry": local_day(300)}).status_code == 200
