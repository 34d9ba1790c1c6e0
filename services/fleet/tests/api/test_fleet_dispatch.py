"""Dispatch: named or chosen, every rule that makes it 409, balancing, availability, schedules."""
import datetime as dt

from sqlalchemy import text

from fleet_testkit import (
    AUDITOR,
    FLEET,
    HEAD_BTC,
    LEADER,
    STAFF_BTC,
    Api,
    Flow,
    at,
    booking_body,
    local_day,
    fleet_app,
)

D_DRIVER, C_DRIVER, B2_DRIVER = 10, 11, 25


def dispatch(api, booking, vehicle_id=None, driver_id=None, who=FLEET):
    return api.post(f"/bookings/{booking['id']}/dispatch", who, {"vehicle_id": vehicle_id, "driver_id": driver_id})


def rules_of(resp):
    return sorted({c["rule"] for c in resp.json["conflicts"]})


def only_drivers(db, *keep):
    """Leave only these drivers on a driver position (a small crew makes choices predictable)."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE replica_staff SET is_driver = (id = ANY(:keep))"), {"keep": list(keep)})


# --- named ----------------------------------------------------------------------------------

def test_named_dispatch_assigns_the_pair_and_holds_it_until_the_turnaround(api, flow):
    car = flow.vehicle()
    booking = flow.approved()
    resp = dispatch(api, booking, car["id"], D_DRIVER)
    assert resp.status_code == 200
    body = resp.json
    assert body["status"] == "dispatched" and body["dispatch_mode"] == "named"
    assert body["vehicle_id"] == car["id"] and body["vehicle_plate"] == car["plate"] and body["driver_id"] == D_DRIVER
    assert body["blocked_until"] == at(2, 12, 30) and body["dispatched_by"] == FLEET


def test_only_the_fleet_office_dispatches(api, flow):
    car = flow.vehicle()
    booking = flow.approved()
    for who in (HEAD_BTC, STAFF_BTC, LEADER, AUDITOR):
        assert dispatch(api, booking, car["id"], D_DRIVER, who=who).status_code == 403


def test_a_booking_must_be_approved_first(api, flow):
    car = flow.vehicle()
    booking = flow.booking()
    resp = dispatch(api, booking, car["id"], D_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "booking_state" and resp.json["booking_status"] == "requested"


def test_too_few_seats_is_409(api, flow):
    car = flow.vehicle(seats=5)
    booking = flow.approved(passengers=5)
    resp = dispatch(api, booking, car["id"], D_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "seats"
    [conflict] = resp.json["conflicts"]
    assert conflict["passenger_seats"] == 4 and conflict["passengers"] == 5


def test_a_vehicle_in_maintenance_or_retired_is_409(api, flow):
    car = flow.vehicle()
    booking = flow.approved()
    api.patch(f"/vehicles/{car['id']}", FLEET, {"status": "maintenance"})
    resp = dispatch(api, booking, car["id"], D_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "vehicle_in_maintenance"
    api.patch(f"/vehicles/{car['id']}", FLEET, {"status": "retired"})
    assert dispatch(api, booking, car["id"], D_DRIVER).json["rule"] == "vehicle_retired"


def test_an_open_workshop_stay_blocks_its_days(api, flow):
    car = flow.vehicle()
    resp = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Bảo dưỡng 20.000 km",
                                                    "start_on": local_day(2), "expected_end_on": local_day(3)})
    assert resp.status_code == 201
    booking = flow.approved(days=3)
    refused = dispatch(api, booking, car["id"], D_DRIVER)
    assert refused.status_code == 409 and refused.json["rule"] == "vehicle_in_maintenance"
    assert refused.json["conflicts"][0]["maintenance_id"] == resp.json["id"]
    later = flow.approved(days=4)
    assert dispatch(api, later, car["id"], D_DRIVER).status_code == 200


def test_a_bus_needs_a_d_class_driver(api, flow):
    bus = flow.vehicle(plate="29B-160.16", seats=16)
    booking = flow.approved(passengers=12)
    resp = dispatch(api, booking, bus["id"], B2_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "licence_class"
    assert resp.json["conflicts"][0]["required_class"] == "D" and resp.json["conflicts"][0]["licence_class"] == "B2"
    assert dispatch(api, booking, bus["id"], C_DRIVER).json["rule"] == "licence_class"
    assert dispatch(api, booking, bus["id"], D_DRIVER).status_code == 200


def test_a_licence_expired_on_the_trip_date_is_409(api, flow):
    car = flow.vehicle()
    api.patch(f"/drivers/{D_DRIVER}", FLEET, {"licence_expiry": local_day(2)})
    ok = flow.approved(days=2)
    assert dispatch(api, ok, car["id"], D_DRIVER).status_code == 200
    late = flow.approved(days=3)
    resp = dispatch(api, late, car["id"], D_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "licence_expired"
    assert resp.json["conflicts"][0]["licence_expiry"] == local_day(2)


def test_hr_licence_data_applies_when_the_office_set_none(api, flow, db):
    # staff 54 holds B2 until 2027-05-31 in HR
    car = flow.vehicle()
    far = (dt.date(2027, 6, 1) - dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()).days
    booking = flow.approved(days=max(far, 3))
    resp = dispatch(api, booking, car["id"], 54)
    assert resp.status_code == 409 and resp.json["rule"] == "licence_expired"


def test_a_driver_without_a_licence_is_409(api, flow, db):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO replica_staff (id, full_name, unit, is_driver, status, updated_at) "
                          "VALUES (60, 'Lái xe mới', 'VP-QT', true, 'active', now())"))
    car = flow.vehicle()
    booking = flow.approved()
    assert dispatch(api, booking, car["id"], 60).json["rule"] == "licence_missing"


def test_an_unavailable_driver_is_409(api, flow):
    car = flow.vehicle()
    booking = flow.approved()
    assert api.patch(f"/drivers/{D_DRIVER}", FLEET, {"status": "on_leave"}).status_code == 200
    resp = dispatch(api, booking, car["id"], D_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "driver_unavailable"


def test_unknown_vehicle_unknown_staff_and_non_drivers_are_422(api, flow):
    car = flow.vehicle()
    booking = flow.approved()
    assert dispatch(api, booking, 999, D_DRIVER).status_code == 422
    assert "driver_id" in dispatch(api, booking, car["id"], 9999).json["errors"]
    not_driver = dispatch(api, booking, car["id"], 22)
    assert not_driver.status_code == 422 and "driver_id" in not_driver.json["errors"]


def test_the_vehicle_is_busy_within_the_trip_and_the_turnaround(api, flow):
    car = flow.vehicle()
    first = flow.dispatched(vehicle_id=car["id"], driver_id=D_DRIVER, start=8, end=12)
    overlapping = flow.approved(start=11, end=13)
    resp = dispatch(api, overlapping, car["id"], C_DRIVER)
    assert resp.status_code == 409 and resp.json["rule"] == "vehicle_busy"
    assert resp.json["conflicts"][0]["booking_id"] == first["id"]
    too_soon = flow.approved(start=12, end=14)  # 0 min after: within the 30 min turnaround
    assert dispatch(api, too_soon, car["id"], C_DRIVER).json["rule"] == "vehicle_busy"
    api.post(f"/bookings/{too_soon['id']}/cancel", STAFF_BTC, {})
    later = api.post("/bookings", STAFF_BTC, booking_body() | {"start_at": at(2, 12, 30), "end_at": at(2, 14)}).json
    api.post(f"/bookings/{later['id']}/approve", HEAD_BTC, {})
    assert dispatch(api, later, car["id"], C_DRIVER).status_code == 200


def test_the_driver_is_busy_on_another_trip(api, flow):
    car1, car2 = flow.vehicle("29A-111.11"), flow.vehicle("29A-222.22")
    flow.dispatched(vehicle_id=car1["id"], driver_id=D_DRIVER, start=8, end=12)
    other = flow.approved(start=10, end=11)
    resp = dispatch(api, other, car2["id"], D_DRIVER)
    assert resp.status_code == 409 and rules_of(resp) == ["driver_busy"]


def test_the_daily_duty_limit_is_409(api, flow):
    car1, car2 = flow.vehicle("29A-111.11"), flow.vehicle("29A-222.22")
    flow.dispatched(vehicle_id=car1["id"], driver_id=D_DRIVER, start=6, end=11)
    afternoon = flow.approved(start=13, end=18, passengers=2)  # 5 h + 5 h = 10 h: allowed
    assert dispatch(api, afternoon, car2["id"], D_DRIVER).status_code == 200
    evening = flow.approved(start=19, end=20, passengers=2)
    resp = dispatch(api, evening, car1["id"], D_DRIVER)
    assert resp.status_code == 409 and rules_of(resp) == ["driver_duty_limit"]
    assert resp.json["conflicts"][0]["duty_hours"] == 11 and resp.json["conflicts"][0]["limit_hours"] == 10


def test_a_conflict_names_every_broken_rule(api, flow):
    small = flow.vehicle("29A-111.11", seats=5)
    flow.dispatched(vehicle_id=small["id"], driver_id=B2_DRIVER, start=8, end=12)
    booking = flow.approved(start=9, end=11, passengers=6)
    resp = dispatch(api, booking, small["id"], B2_DRIVER)
    assert rules_of(resp) == ["driver_busy", "seats", "vehicle_busy"]


def test_redispatch_moves_a_dispatched_booking_to_another_pair(api, flow):
    car1, car2 = flow.vehicle("29A-111.11"), flow.vehicle("29A-222.22")
    booking = flow.dispatched(vehicle_id=car1["id"], driver_id=D_DRIVER)
    moved = dispatch(api, booking, car2["id"], C_DRIVER)
    assert moved.status_code == 200 and moved.json["vehicle_id"] == car2["id"] and moved.json["vehicle_plate"] == car2["plate"]
    # the first car is free again
    other = flow.approved(start=9, end=10)
    assert dispatch(api, other, car1["id"], D_DRIVER).status_code == 200


# --- chosen ---------------------------------------------------------------------------------

def test_the_service_chooses_a_feasible_pair(api, flow, db):
    only_drivers(db, B2_DRIVER, D_DRIVER)
    bus = flow.vehicle("29B-160.16", seats=16)
    flow.vehicle("29A-111.11", seats=5)
    booking = flow.approved(passengers=10)
    resp = dispatch(api, booking)
    assert resp.status_code == 200 and resp.json["dispatch_mode"] == "chosen"
    assert resp.json["vehicle_id"] == bus["id"] and resp.json["driver_id"] == D_DRIVER


def test_named_vehicle_and_chosen_driver_and_the_reverse(api, flow, db):
    only_drivers(db, B2_DRIVER, D_DRIVER)
    bus = flow.vehicle("29B-160.16", seats=16)
    car = flow.vehicle("29A-111.11", seats=7)
    first = flow.approved(passengers=3)
    resp = dispatch(api, first, vehicle_id=bus["id"])
    assert resp.status_code == 200 and resp.json["driver_id"] == D_DRIVER  # only D drives the bus
    second = flow.approved(passengers=3, start=13, end=15)
    resp = dispatch(api, second, driver_id=B2_DRIVER)
    assert resp.status_code == 200 and resp.json["vehicle_id"] == car["id"]  # B2 cannot drive the bus


def test_choosing_prefers_the_least_used_vehicle_and_driver(api, flow, db):
    only_drivers(db, D_DRIVER, C_DRIVER)
    worn = flow.vehicle("29A-111.11")
    fresh = flow.vehicle("29A-222.22")
    # yesterday's trip of the worn car with driver 10, completed with 300 km
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO bookings (unit, requested_by, purpose, destination, start_at, end_at, passengers, status, "
            "created_at, updated_at, vehicle_id, driver_id, km, fuel_flagged, started_at, ended_at) VALUES "
            "('BTC', 'x', 'p', 'd', now() - interval '1 day', now() - interval '20 hours', 2, 'completed', now(), now(), "
            ":v, 10, 300, false, now() - interval '1 day', now() - interval '20 hours')"), {"v": worn["id"]})
    booking = flow.approved()
    resp = dispatch(api, booking)
    assert (resp.json["vehicle_id"], resp.json["driver_id"]) == (fresh["id"], C_DRIVER)
    avail = api.get("/availability", FLEET, query={"start": at(5, 8), "end": at(5, 12)}).json
    assert [v["id"] for v in avail["vehicles"]][0] == fresh["id"]


def test_repeated_choices_spread_work_across_the_pool(api, flow, db):
    only_drivers(db, D_DRIVER, C_DRIVER, 34)
    cars = [flow.vehicle(f"29A-{i}00.00")["id"] for i in range(1, 4)]
    used = []
    for day in range(2, 8):
        booking = flow.approved(days=day)
        resp = dispatch(api, booking)
        assert resp.status_code == 200
        used.append((resp.json["vehicle_id"], resp.json["driver_id"]))
    assert sorted({v for v, _ in used}) == cars and all([v for v, _ in used].count(c) == 2 for c in cars)
    assert all([d for _, d in used].count(x) == 2 for x in (D_DRIVER, C_DRIVER, 34))


def test_nothing_free_is_409_naming_why(api, flow, db):
    only_drivers(db, D_DRIVER)
    car = flow.vehicle()
    flow.dispatched(vehicle_id=car["id"], driver_id=D_DRIVER)
    booking = flow.approved(start=9, end=10)
    resp = dispatch(api, booking)
    assert resp.status_code == 409 and resp.json["rule"] == "no_feasible_pair"
    assert rules_of(resp) == ["driver_busy", "vehicle_busy"]


def test_a_driver_who_left_is_not_chosen(api, flow, db):
    """The pool's drivers are read in one query (issue 16): still only those who work here."""
    only_drivers(db, C_DRIVER, D_DRIVER)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE replica_staff SET status = 'left' WHERE id = :id"), {"id": C_DRIVER})
    flow.vehicle("29A-111.11", seats=5)
    resp = dispatch(api, flow.approved(passengers=2))
    assert resp.status_code == 200 and resp.json["driver_id"] == D_DRIVER
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE replica_staff SET status = 'left' WHERE id = :id"), {"id": D_DRIVER})
    refused = dispatch(api, flow.approved(passengers=2, start=14, end=16))
    assert refused.status_code == 409 and refused.json["rule"] == "no_feasible_pair"
    assert refused.json["conflicts"] == []  # who left is not in the pool at all, not a driver "unavailable"


def test_dedicated_vehicles_are_not_chosen(api, flow):
    flow.vehicle("30A-000.01", holder_staff_id=1)
    booking = flow.approved()
    resp = dispatch(api, booking)
    assert resp.status_code == 409 and resp.json["rule"] == "no_feasible_pair"


def test_the_turnaround_is_configurable(db):
    with fleet_app(db, FLEET_TURNAROUND_MINUTES=0) as app:
        api = Api(app.test_client())
        flow = Flow(api)
        car = flow.vehicle()
        flow.dispatched(vehicle_id=car["id"], driver_id=D_DRIVER, start=8, end=12)
        back_to_back = flow.approved(start=12, end=14)
        assert dispatch(api, back_to_back, car["id"], D_DRIVER).status_code == 200


# --- availability and schedules -------------------------------------------------------------

def test_availability_lists_the_free_and_why_the_others_are_busy(api, flow, db):
    only_drivers(db, D_DRIVER, B2_DRIVER)
    busy = flow.vehicle("29A-111.11")
    free = flow.vehicle("29A-222.22")
    bus = flow.vehicle("29B-160.16", seats=16)
    flow.dispatched(vehicle_id=busy["id"], driver_id=D_DRIVER)
    resp = api.get("/availability", FLEET, query={"start": at(2, 9), "end": at(2, 10)})
    assert resp.status_code == 200
    body = resp.json
    assert {v["id"] for v in body["vehicles"]} == {free["id"], bus["id"]}
    assert [d["staff_id"] for d in body["drivers"]] == [B2_DRIVER]
    assert body["busy_vehicles"][0]["id"] == busy["id"] and body["busy_vehicles"][0]["conflicts"][0]["rule"] == "vehicle_busy"
    assert body["busy_drivers"][0]["conflicts"][0]["rule"] == "driver_busy"
    big = api.get("/availability", FLEET, query={"start": at(2, 9), "end": at(2, 10), "seats": 10}).json
    assert [v["id"] for v in big["vehicles"]] == [bus["id"]]
    crowd = api.get("/availability", FLEET, query={"start": at(2, 9), "end": at(2, 10), "passengers": 7}).json
    assert [v["id"] for v in crowd["vehicles"]] == [bus["id"]]
    later = api.get("/availability", FLEET, query={"start": at(2, 13), "end": at(2, 14)}).json
    assert len(later["vehicles"]) == 3
    # a board's staff sees what is free, not whose bookings keep the rest busy
    staff_view = api.get("/availability", STAFF_BTC, query={"start": at(2, 9), "end": at(2, 10)}).json
    assert {v["id"] for v in staff_view["vehicles"]} == {free["id"], bus["id"]}
    assert staff_view["busy_vehicles"] == [] and staff_view["busy_drivers"] == []


def test_availability_accepts_an_unencoded_plus_and_refuses_bad_intervals(api, flow):
    flow.vehicle()
    raw = at(2, 9).replace("+", " ")
    assert api.get(f"/availability?start={raw}&end={at(2, 10).replace('+', '%2B')}", FLEET).status_code == 200
    assert api.get("/availability", FLEET, query={"start": at(2, 10), "end": at(2, 9)}).status_code == 422
    assert api.get("/availability", FLEET, query={"start": at(2, 10)}).status_code == 422
    assert api.get("/availability", FLEET, query={"start": "yesterday", "end": at(2, 9)}).status_code == 422


def test_the_schedule_shows_trips_per_vehicle_and_driver(api, flow):
    car = flow.vehicle()
    trip = flow.dispatched(vehicle_id=car["id"], driver_id=D_DRIVER)
    api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Thay dầu",
                                             "start_on": local_day(5), "expected_end_on": local_day(5)})
    query = {"from": local_day(0), "to": local_day(7)}
    board = api.get("/schedule", FLEET, query=query)
    assert board.status_code == 200
    [row] = board.json["vehicles"]
    assert [e["kind"] for e in row["entries"]] == ["trip", "maintenance"] and row["entries"][0]["booking_id"] == trip["id"]
    hung = [d for d in board.json["drivers"] if d["staff_id"] == D_DRIVER][0]
    assert [e["booking_id"] for e in hung["entries"]] == [trip["id"]]
    one = api.get(f"/vehicles/{car['id']}/schedule", FLEET, query=query)
    assert one.status_code == 200 and len(one.json["entries"]) == 2
    own = api.get(f"/drivers/{D_DRIVER}/schedule", "laixe.hung", query=query)
    assert own.status_code == 200 and own.json["entries"][0]["booking_id"] == trip["id"]


def test_schedules_are_for_the_dispatcher_and_the_driver_themself(api, flow):
    car = flow.vehicle()
    query = {"from": local_day(0), "to": local_day(7)}
    assert api.get("/schedule", STAFF_BTC, query=query).status_code == 403
    assert api.get(f"/vehicles/{car['id']}/schedule", STAFF_BTC, query=query).status_code == 403
    assert api.get(f"/drivers/{C_DRIVER}/schedule", "laixe.hung", query=query).status_code == 404
    assert api.get(f"/drivers/{D_DRIVER}/schedule", AUDITOR, query=query).status_code == 200
    assert api.get("/schedule", FLEET, query={"from": local_day(7), "to": local_day(0)}).status_code == 422
    assert api.get("/schedule", FLEET, query={"from": local_day(0), "to": local_day(400)}).status_code == 422
    assert api.get("/vehicles/999/schedule", FLEET, query=query).status_code == 404
