"""Utilization of the pool and the Prometheus metrics."""
import datetime as dt
import re

from sqlalchemy import text

from fleet_testkit import AUDITOR, FLEET, HEAD_BTC, LEADER, STAFF_BTC, VN, local_day

from fleet.adapters.metrics import refresh_gauges


def completed_trip(db, unit, vehicle_id, driver_id, day_offset, start_h, end_h, km, litres, cost):
    day = dt.date.fromisoformat(local_day(day_offset))
    start = dt.datetime.combine(day, dt.time(start_h), tzinfo=VN)
    end = dt.datetime.combine(day, dt.time(0), tzinfo=VN) + dt.timedelta(hours=end_h)
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO bookings (unit, requested_by, purpose, destination, start_at, end_at, passengers, status, "
            "created_at, updated_at, vehicle_id, driver_id, km, fuel_litres, fuel_cost_vnd, fuel_flagged) VALUES "
            "(:unit, 'x', 'p', 'd', :s, :e, 2, 'completed', now(), now(), :v, :d, :km, :l, :c, false)"),
            {"unit": unit, "s": start, "e": end, "v": vehicle_id, "d": driver_id, "km": km, "l": litres, "c": cost})


def test_utilization_by_vehicle_driver_unit_balance_and_peak(api, flow, db):
    a, b = flow.vehicle("29A-111.11"), flow.vehicle("29A-222.22")
    completed_trip(db, "BTC", a["id"], 10, -3, 8, 12, 100, 9.0, 220_000)
    completed_trip(db, "BNC", b["id"], 11, -3, 9, 11, 60, 5.0, 120_000)
    completed_trip(db, "BTC", a["id"], 10, -2, 8, 10, 40, 4.0, 90_000)
    resp = api.get("/utilization", FLEET, query={"from": local_day(-3), "to": local_day(-2)})
    assert resp.status_code == 200
    body = resp.json
    assert body["period_hours"] == 48.0
    by_vehicle = {v["vehicle_id"]: v for v in body["vehicles"]}
    assert by_vehicle[a["id"]]["trips"] == 2 and by_vehicle[a["id"]]["km"] == 140 and by_vehicle[a["id"]]["hours"] == 6
    assert by_vehicle[a["id"]]["share"] == 0.125 and by_vehicle[a["id"]]["plate"] == "29A-111.11"
    by_driver = {d["driver_id"]: d for d in body["drivers"]}
    assert by_driver[11]["km"] == 60 and by_driver[11]["full_name"] == "Đặng Văn Sơn" and by_driver[34]["trips"] == 0
    by_unit = {u["unit"]: u for u in body["units"]}
    assert by_unit["BTC"]["fuel_cost_vnd"] == 310_000 and by_unit["BTC"]["km"] == 140 and by_unit["BNC"]["trips"] == 1
    assert body["balance"]["km_cv_vehicles"] == 0.4  # 140 and 60 around a mean of 100
    assert body["peak"] == {"concurrent_demand": 2, "at": body["peak"]["at"], "pool_size": 2, "demand_over_pool": 1.0}
    only_units = api.get("/utilization", LEADER, query={"from": local_day(-3), "to": local_day(-2), "group_by": "unit"}).json
    assert "units" in only_units and "vehicles" not in only_units


def test_utilization_is_for_the_pool_readers_and_checks_its_period(api):
    query = {"from": local_day(-7), "to": local_day(0)}
    assert api.get("/utilization", AUDITOR, query=query).status_code == 200
    assert api.get("/utilization", STAFF_BTC, query=query).status_code == 403
    assert api.get("/utilization", HEAD_BTC, query=query).status_code == 403
    assert api.get("/utilization", FLEET, query={"from": local_day(0), "to": local_day(-1)}).status_code == 422
    assert api.get("/utilization", FLEET, query={"from": local_day(0)}).status_code == 422
    assert api.get("/utilization", FLEET, query=query | {"group_by": "colour"}).status_code == 422


def metric(client, name, **labels):
    body = client.get("/metrics").get_data(as_text=True)
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = rf"^{name}" + (rf"\{{{re.escape(want)}\}}" if want else "") + r" ([0-9.e+-]+)$"
    found = re.search(pattern, body, re.M)
    return float(found.group(1)) if found else 0.0


def test_metrics_show_bookings_by_status_dispatch_conflicts_and_utilization(api, flow, db):
    client = api.client
    assert client.get("/metrics").status_code == 200  # no token needed
    car = flow.vehicle()
    flow.booking()
    flow.dispatched(vehicle_id=car["id"], driver_id=10)
    refresh_gauges(db, db.config)  # the worker refreshes the gauges every 15 s
    assert metric(client, "fleet_bookings", status="requested") == 1
    assert metric(client, "fleet_bookings", status="dispatched") == 1
    assert metric(client, "fleet_vehicles", status="available") == 1
    before = metric(client, "fleet_dispatch_conflicts_total", rule="vehicle_busy")
    clash = flow.approved(start=9, end=10)
    api.post(f"/bookings/{clash['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 11})
    assert metric(client, "fleet_dispatch_conflicts_total", rule="vehicle_busy") == before + 1
    completed_trip(db, "BTC", car["id"], 10, -1, 0, 12, 50, 5, 100_000)
    refresh_gauges(db, db.config)
    # 12 booked hours of one car over the 30-day window
    assert metric(client, "fleet_utilization_ratio") > 0
    assert metric(client, "fleet_dispatches_total", mode="named") >= 1


def a_booking(db, status, day_offset, start_h, end_h, vehicle_id=None):
    """A booking of BTC in `status` from `start_h` to `end_h` (hours, fractions allowed) of a local day."""
    midnight = dt.datetime.combine(dt.date.fromisoformat(local_day(day_offset)), dt.time(0), tzinfo=VN)
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO bookings (unit, requested_by, purpose, destination, start_at, end_at, passengers, status, "
            "created_at, updated_at, vehicle_id, fuel_flagged) VALUES "
            "('BTC', 'x', 'p', 'd', :s, :e, 2, :status, now(), now(), :v, false)"),
            {"s": midnight + dt.timedelta(hours=start_h), "e": midnight + dt.timedelta(hours=end_h), "status": status,
             "v": vehicle_id})
    return midnight


def test_the_cars_needed_count_the_demand_inside_the_period_with_the_turnaround(api, flow, db):
    """Issue 16: the peak is read as (start, end) rows, not booking objects; the figures are the same:
    rejected and cancelled bookings do not count, a booking is clipped to the period, and each
    holds its car 30 minutes (the turnaround) past its end."""
    car = flow.vehicle("29A-333.33")
    for _ in range(4):
        a_booking(db, "requested", -5, 8, 10)  # before the period: 4 at once, not counted
    day3 = a_booking(db, "completed", -3, 8, 12, car["id"])
    a_booking(db, "approved", -3, 9, 11)
    a_booking(db, "requested", -4, 23, 33.5)  # from the day before into the period, clipped
    a_booking(db, "cancelled", -3, 9, 11)
    a_booking(db, "rejected", -3, 9, 11)
    day2 = a_booking(db, "completed", -2, 6, 8, car["id"])
    a_booking(db, "requested", -2, 8.25, 9)  # 15 minutes after the car came back: inside its turnaround

    view = api.get("/car-entitlement", LEADER, query={"from": local_day(-3), "to": local_day(-2)}).json
    assert view["needed"] == 3
    assert dt.datetime.fromisoformat(view["needed_at"]) == day3 + dt.timedelta(hours=9)
    one_day = api.get("/car-entitlement", LEADER, query={"from": local_day(-2), "to": local_day(-2)}).json
    assert one_day["needed"] == 2
    assert dt.datetime.fromisoformat(one_day["needed_at"]) == day2 + dt.timedelta(hours=8.25)
    report = api.get("/utilization", FLEET, query={"from": local_day(-3), "to": local_day(-2)}).json
    assert report["peak"]["concurrent_demand"] == 3 and report["peak"]["at"] == view["needed_at"]
    assert {v["vehicle_id"]: v["hours"] for v in report["vehicles"]}[car["id"]] == 6


def test_a_booking_of_the_longest_length_that_began_before_the_period_is_in_its_reads(api, flow, db):
    """Issue 16: the reads look back FLEET_MAX_BOOKING_DAYS (14) for what meets a period, and no further;
    a completed trip of exactly 14 days ending at 01:00 on the period's first day is still in it."""
    car = flow.vehicle("29A-444.44")
    a_booking(db, "completed", -16, 1, 1 + 14 * 24, car["id"])
    one_day = {"from": local_day(-2), "to": local_day(-2)}
    assert api.get("/car-entitlement", LEADER, query=one_day).json["needed"] == 1
    report = api.get("/utilization", FLEET, query=one_day).json
    assert {v["vehicle_id"]: v["hours"] for v in report["vehicles"]}[car["id"]] == 1
    schedule = api.get("/schedule", FLEET, query=one_day).json
    [row] = [v for v in schedule["vehicles"] if v["id"] == car["id"]]
    assert len(row["entries"]) == 1
