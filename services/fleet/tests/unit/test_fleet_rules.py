"""The rules moved out of the use cases: vehicle edits, the workshop, drivers' leave, trip readings,
maintenance records, asked-for periods. Each decides and raises a domain error naming the rule."""
import datetime as dt

import pytest

from buildingblocks.errors import Invalid, RuleBroken

from fleet.domain.errors import DispatchRuleBroken, WrongState
from fleet.domain.maintenance import check_completion, check_new_record
from fleet.domain.schedule import check_span, period_bounds
from fleet.domain.trips import check_end, check_start
from fleet.domain.vehicles import (Upcoming, check_driver_leave, check_edit, check_workshop, compact_plate,
                                   ensure_driver, normalize_plate, plate_key)

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=VN)
TRIP = Upcoming(7, "BTC", NOW + dt.timedelta(hours=2), NOW + dt.timedelta(hours=5), "dispatched", 5)


def rule(error) -> str:
    return error.value.extra["rule"]


def test_plates_are_written_compared_and_searched_one_way():
    assert normalize_plate(" 29a-123.45 ") == "29A-123.45"
    assert plate_key("29a-123.45") == plate_key("29A-12345") == plate_key("29a 12345") == "29A12345"
    assert compact_plate("36A-001.01") == "36A00101" and compact_plate(None) == ""


def test_a_vehicle_edit_may_not_break_the_trips_it_is_dispatched_on():
    check_edit("29A-1", "available", 1000, {"model": "Innova", "odometer_km": 1200}, [TRIP])
    with pytest.raises(RuleBroken) as behind:
        check_edit("29A-1", "available", 1000, {"odometer_km": 900}, [])
    assert rule(behind) == "odometer_behind"
    with pytest.raises(RuleBroken) as booked:
        check_edit("29A-1", "available", 1000, {"status": "maintenance"}, [TRIP])
    assert rule(booked) == "vehicle_booked" and booked.value.extra["bookings"][0]["booking_id"] == 7
    with pytest.raises(RuleBroken) as seats:
        check_edit("29A-1", "available", 1000, {"seats": 5}, [TRIP])  # 4 passenger seats for 5
    assert rule(seats) == "vehicle_booked"
    check_edit("29A-1", "available", 1000, {"seats": 7}, [TRIP])


def test_the_workshop_takes_a_car_in_service_on_free_days_only():
    check_workshop("29A-1", "available", [])
    with pytest.raises(RuleBroken) as retired:
        check_workshop("29A-1", "retired", [])
    assert rule(retired) == "vehicle_retired"
    with pytest.raises(RuleBroken) as booked:
        check_workshop("29A-1", "available", [TRIP])
    assert rule(booked) == "vehicle_booked" and set(booked.value.extra["bookings"][0]) == {
        "booking_id", "unit", "start_at", "end_at"}


def test_a_driver_leaves_only_without_upcoming_trips_and_only_drivers_drive():
    check_driver_leave("Phan Văn Hùng", [])
    with pytest.raises(RuleBroken) as booked:
        check_driver_leave("Phan Văn Hùng", [TRIP])
    assert rule(booked) == "driver_booked"
    with pytest.raises(Invalid) as not_driver:
        ensure_driver(22, False, "driver_id")
    assert "driver_id" in not_driver.value.extra["errors"]


def test_trip_readings():
    check_start("dispatched", 1, "29A-1", 1, 1000, 1000)
    with pytest.raises(WrongState):
        check_start("in_progress", 1, "29A-1", 1, 1000, 1000)
    end = check_end("in_progress", given_start_km=None, recorded_start_km=1000, end_km=1080, vehicle_odometer_km=1000,
                    booked_start=NOW, started_at=NOW, ended_at=NOW + dt.timedelta(hours=3),
                    now=NOW + dt.timedelta(hours=4))
    assert (end.km, end.started_at) == (80, NOW)
    with pytest.raises(Invalid) as other_start:
        check_end("in_progress", given_start_km=990, recorded_start_km=1000, end_km=1080, vehicle_odometer_km=1000,
                  booked_start=NOW, started_at=NOW, ended_at=None, now=NOW + dt.timedelta(hours=4))
    assert "odometer_start_km" in other_start.value.extra["errors"]
    with pytest.raises(Invalid) as backwards:
        check_end("dispatched", given_start_km=1000, recorded_start_km=None, end_km=990, vehicle_odometer_km=1000,
                  booked_start=NOW, started_at=None, ended_at=None, now=NOW)
    assert "odometer_end_km" in backwards.value.extra["errors"]


def test_maintenance_records():
    check_new_record(dt.date(2026, 3, 2), dt.date(2026, 3, 4), None, None)
    with pytest.raises(Invalid):
        check_new_record(dt.date(2026, 3, 2), dt.date(2026, 3, 1), None, None)
    with pytest.raises(Invalid):
        check_new_record(dt.date(2026, 3, 2), None, dt.date(2026, 3, 3), None)
    with pytest.raises(RuleBroken) as done:
        check_completion("completed", dt.date(2026, 3, 2), dt.date(2026, 3, 3))
    assert rule(done) == "maintenance_state"
    with pytest.raises(Invalid):
        check_completion("open", dt.date(2026, 3, 2), dt.date(2026, 3, 1))


def test_asked_for_spans_and_periods():
    check_span(NOW, NOW + dt.timedelta(hours=1), 14)
    for end in (NOW, NOW + dt.timedelta(days=15)):
        with pytest.raises(Invalid):
            check_span(NOW, end, 14)
    lo, hi = period_bounds(dt.date(2026, 3, 1), dt.date(2026, 3, 2), 92)
    assert (lo.isoformat(), hi - lo) == ("2026-03-01T00:00:00+07:00", dt.timedelta(days=2))
    with pytest.raises(Invalid):
        period_bounds(dt.date(2026, 3, 2), dt.date(2026, 3, 1), 92)


def test_a_refused_dispatch_names_its_first_rule_and_lists_all():
    refused = DispatchRuleBroken("no", [{"rule": "seats"}, {"rule": "vehicle_busy"}])
    assert refused.extra["rule"] == "seats" and len(refused.extra["conflicts"]) == 2
    assert DispatchRuleBroken("no", []).extra["rule"] == "no_feasible_pair"


def test_who_reads_the_whole_pool_and_whose_driver_record_is_whose():
    from buildingblocks.errors import NotAllowed, NotFound
    from buildingblocks.testing import make_principal

    from fleet.domain.access import ensure_fleet_scope, ensure_pool_reader, ensure_sees_driver

    office = make_principal("dieuphoi", "VP", ["office_fleet"], 1)
    auditor = make_principal("kiemtra", "UBKT", ["auditor"], 2)
    driver = make_principal("laixe", "VP", ["staff"], 9)
    for reader in (office, auditor):
        ensure_pool_reader(reader, "maintenance")
        ensure_fleet_scope(reader, "utilization")
        ensure_sees_driver(reader, 9)
    ensure_sees_driver(driver, 9)
    ensure_sees_driver(driver, 9, by_scope=True)
    with pytest.raises(NotAllowed, match="maintenance is for the fleet office"):
        ensure_pool_reader(driver, "maintenance")
    with pytest.raises(NotAllowed):
        ensure_fleet_scope(driver, "the driver list")
    with pytest.raises(NotFound):
        ensure_sees_driver(driver, 10)
