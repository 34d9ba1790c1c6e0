"""Feasibility of a vehicle and driver for a trip: every rule dispatch must not break."""
import datetime as dt

import pytest

from fleet.domain.feasibility import (
    DispatchPolicy,
    DriverFacts,
    MaintenanceWindow,
    Trip,
    VehicleFacts,
    driver_conflicts,
    duty_hours_by_day,
    licence_conflicts,
    pair_conflicts,
    vehicle_conflicts,
)
from fleet.domain.licences import LicenceRules, may_drive, passenger_seats, required_class
from fleet.domain.schedule import Commitment, local_days, peak_overlap, too_close

VN = dt.timezone(dt.timedelta(hours=7))
POLICY = DispatchPolicy(turnaround=dt.timedelta(minutes=30), daily_duty_hours=10, tz=VN)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN)


def trip(start, end, passengers=3, booking_id=100):
    return Trip(booking_id, start, end, passengers)


def car(**kw):
    base = dict(id=1, plate="29A-001.01", seats=7)
    base.update(kw)
    return VehicleFacts(**base)


def driver(**kw):
    base = dict(staff_id=10, full_name="Phan Văn Hùng", licence_class="D", licence_expiry=dt.date(2030, 6, 30))
    base.update(kw)
    return DriverFacts(**base)


def rules(conflicts):
    return sorted(c.rule for c in conflicts)


# --- licences -------------------------------------------------------------------------------

@pytest.mark.parametrize("seats, needed", [(4, "B2"), (7, "B2"), (9, "B2"), (10, "D"), (16, "D"), (30, "D"), (31, "E"), (45, "E")])
def test_the_class_a_vehicle_needs_follows_its_seats(seats, needed):
    assert required_class(seats) == needed


def test_small_cars_may_accept_b1_when_configured():
    assert required_class(5, small_car_class="B1") == "B1"
    lenient = LicenceRules(small_car_class="B1")
    assert may_drive("B1", dt.date(2030, 1, 1), 5, lenient) and may_drive("B2", dt.date(2030, 1, 1), 5, lenient)
    assert not may_drive("B1", dt.date(2030, 1, 1), 5)  # the old B1 is not a professional driver's


@pytest.mark.parametrize("held, seats, ok", [  # old-system licences (expiring before 2030); see test_fleet_licences
    ("B2", 7, True), ("B1", 7, False), ("C", 7, True), ("D", 7, True), ("E", 30, True),
    ("D", 45, False), ("B2", 16, False), ("C", 16, False), (None, 7, False), ("d", 7, True),
    ("X", 7, False),
])
def test_a_higher_class_covers_the_lower_passenger_classes(held, seats, ok):
    assert may_drive(held, dt.date(2029, 6, 30), seats) is ok


def test_the_driver_seat_is_not_a_passenger_seat():
    assert passenger_seats(7) == 6
    assert passenger_seats(1) == 0


# --- intervals ------------------------------------------------------------------------------

def test_trips_closer_than_the_turnaround_are_too_close_in_either_order():
    buffer = dt.timedelta(minutes=30)
    assert too_close(at(2, 8), at(2, 10), at(2, 10, 20), at(2, 12), buffer)
    assert too_close(at(2, 10, 20), at(2, 12), at(2, 8), at(2, 10), buffer)
    assert not too_close(at(2, 8), at(2, 10), at(2, 10, 30), at(2, 12), buffer)
    assert not too_close(at(2, 10, 30), at(2, 12), at(2, 8), at(2, 10), buffer)


def test_local_days_of_a_trip_end_exclusive_at_midnight():
    assert local_days(at(2, 22), at(3, 0), VN) == [dt.date(2026, 3, 2)]
    assert local_days(at(2, 22), at(4, 1), VN) == [dt.date(2026, 3, d) for d in (2, 3, 4)]
    # 23:00 UTC is already the next day in Vietnam
    utc_late = dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.timezone.utc)
    assert local_days(utc_late, utc_late + dt.timedelta(hours=1), VN) == [dt.date(2026, 3, 2)]


def test_peak_overlap_counts_the_turnaround_and_not_touching_ends():
    intervals = [(at(2, 8), at(2, 10)), (at(2, 10), at(2, 12)), (at(2, 9), at(2, 11))]
    assert peak_overlap(intervals)[0] == 2
    assert peak_overlap(intervals, dt.timedelta(minutes=30))[0] == 3
    assert peak_overlap([]) == (0, None)


# --- vehicle --------------------------------------------------------------------------------

def test_a_free_car_with_enough_seats_is_feasible():
    assert vehicle_conflicts(trip(at(2, 8), at(2, 12), passengers=6), car(), POLICY) == []


def test_too_few_seats_is_a_conflict_naming_the_figures():
    [c] = vehicle_conflicts(trip(at(2, 8), at(2, 12), passengers=7), car(), POLICY)
    assert c.rule == "seats" and c.figures["passenger_seats"] == 6 and c.figures["passengers"] == 7


@pytest.mark.parametrize("status, rule", [("maintenance", "vehicle_in_maintenance"), ("retired", "vehicle_retired")])
def test_a_car_in_maintenance_or_retired_is_not_dispatchable(status, rule):
    assert rules(vehicle_conflicts(trip(at(2, 8), at(2, 12)), car(status=status), POLICY)) == [rule]


def test_a_maintenance_window_blocks_only_the_days_it_covers():
    window = MaintenanceWindow(5, dt.date(2026, 3, 3), dt.date(2026, 3, 4))
    vehicle = car(maintenance=(window,))
    assert rules(vehicle_conflicts(trip(at(4, 8), at(4, 12)), vehicle, POLICY)) == ["vehicle_in_maintenance"]
    assert rules(vehicle_conflicts(trip(at(2, 8), at(3, 12)), vehicle, POLICY)) == ["vehicle_in_maintenance"]
    assert vehicle_conflicts(trip(at(5, 8), at(5, 12)), vehicle, POLICY) == []
    open_ended = car(maintenance=(MaintenanceWindow(6, dt.date(2026, 3, 3), None),))
    assert rules(vehicle_conflicts(trip(at(20, 8), at(20, 12)), open_ended, POLICY)) == ["vehicle_in_maintenance"]


def test_another_trip_within_the_turnaround_makes_the_car_busy():
    other = Commitment(7, at(2, 6), at(2, 7, 45))
    [c] = vehicle_conflicts(trip(at(2, 8), at(2, 12)), car(commitments=(other,)), POLICY)
    assert c.rule == "vehicle_busy" and c.figures["booking_id"] == 7
    later = Commitment(8, at(2, 6), at(2, 7, 30))
    assert vehicle_conflicts(trip(at(2, 8), at(2, 12)), car(commitments=(later,)), POLICY) == []


def test_the_booking_itself_is_not_a_conflict_when_dispatched_again():
    own = Commitment(100, at(2, 8), at(2, 12))
    assert vehicle_conflicts(trip(at(2, 8), at(2, 12), booking_id=100), car(commitments=(own,)), POLICY) == []


# --- driver ---------------------------------------------------------------------------------

def test_a_licensed_free_driver_is_feasible():
    assert driver_conflicts(trip(at(2, 8), at(2, 12)), driver(), POLICY) == []


def test_a_licence_must_be_valid_until_the_trip_ends():
    d = driver(licence_expiry=dt.date(2026, 3, 3))
    assert driver_conflicts(trip(at(3, 8), at(3, 12)), d, POLICY) == []
    [c] = driver_conflicts(trip(at(3, 8), at(4, 12)), d, POLICY)
    assert c.rule == "licence_expired" and c.figures["trip_ends_on"] == "2026-03-04"


def test_no_licence_and_no_expiry_are_conflicts():
    assert rules(driver_conflicts(trip(at(2, 8), at(2, 9)), driver(licence_class=None), POLICY)) == ["licence_missing"]
    assert rules(driver_conflicts(trip(at(2, 8), at(2, 9)), driver(licence_expiry=None), POLICY)) == ["licence_expired"]


@pytest.mark.parametrize("kw, rule", [
    (dict(status="suspended"), "driver_unavailable"),
    (dict(status="on_leave"), "driver_unavailable"),
    (dict(employed=False), "driver_unavailable"),
    (dict(is_driver=False), "not_a_driver"),
])
def test_an_unavailable_driver_is_a_conflict(kw, rule):
    assert rules(driver_conflicts(trip(at(2, 8), at(2, 9)), driver(**kw), POLICY)) == [rule]


def test_a_driver_on_another_trip_is_busy():
    d = driver(commitments=(Commitment(3, at(2, 11), at(2, 15)),))
    assert rules(driver_conflicts(trip(at(2, 8), at(2, 12)), d, POLICY)) == ["driver_busy"]


def test_the_daily_duty_limit_counts_every_trip_of_the_day():
    d = driver(commitments=(Commitment(3, at(2, 6), at(2, 11)),))
    # 5 h + 5 h = 10 h: at the limit
    assert driver_conflicts(trip(at(2, 12), at(2, 17)), d, POLICY) == []
    # 5 h + 5.5 h = 10.5 h: above it
    [c] = driver_conflicts(trip(at(2, 12), at(2, 17, 30)), d, POLICY)
    assert c.rule == "driver_duty_limit" and c.figures["duty_hours"] == 10.5 and c.figures["day"] == "2026-03-02"


def test_a_single_long_trip_never_breaks_the_limit_on_its_own():
    assert driver_conflicts(trip(at(2, 6), at(2, 20)), driver(), POLICY) == []
    assert driver_conflicts(trip(at(2, 7), at(5, 17)), driver(), POLICY) == []


def test_duty_hours_are_counted_per_local_day():
    d = driver(commitments=(Commitment(3, at(2, 20), at(3, 2)),))
    hours = duty_hours_by_day(trip(at(3, 8), at(3, 12)), d.commitments, POLICY)
    assert hours == {dt.date(2026, 3, 3): 6.0}


def test_the_duty_limit_is_configurable():
    strict = DispatchPolicy(turnaround=dt.timedelta(0), daily_duty_hours=8, tz=VN)
    d = driver(commitments=(Commitment(3, at(2, 6), at(2, 11)),))
    assert rules(driver_conflicts(trip(at(2, 12), at(2, 16)), d, strict)) == ["driver_duty_limit"]


# --- pair -----------------------------------------------------------------------------------

def test_a_bus_needs_a_d_licence():
    bus = car(seats=16)
    assert rules(licence_conflicts(bus, driver(licence_class="B2"), POLICY)) == ["licence_class"]
    assert licence_conflicts(bus, driver(licence_class="D"), POLICY) == []


def test_pair_conflicts_name_every_reason_at_once():
    bus = car(seats=16, status="maintenance", commitments=(Commitment(4, at(2, 8), at(2, 9)),))
    d = driver(licence_class="B2", commitments=(Commitment(5, at(2, 8), at(2, 9)),))
    found = rules(pair_conflicts(trip(at(2, 8), at(2, 12), passengers=20), bus, d, POLICY))
    assert found == ["driver_busy", "licence_class", "seats", "vehicle_busy", "vehicle_in_maintenance"]
