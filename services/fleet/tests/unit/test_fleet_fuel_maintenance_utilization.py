"""Fuel flag, maintenance due dates, booking intervals and the utilization report."""
import datetime as dt

import pytest

from fleet.domain.booking import interval_errors
from fleet.domain.fuel import check_fuel
from fleet.domain.maintenance import Plan, due_state, validate_plan
from fleet.domain.utilization import TripRecord, coefficient_of_variation, utilization

VN = dt.timezone(dt.timedelta(hours=7))


def at(day, hour):
    return dt.datetime(2026, 3, day, hour, tzinfo=VN)


# --- fuel -----------------------------------------------------------------------------------

def test_fuel_within_norm_and_tolerance_is_not_flagged():
    check = check_fuel(10.0, 200, 22.0, 0.10)
    assert check.expected_litres == 20.0 and check.allowed_litres == 22.0 and not check.flagged


def test_fuel_above_the_tolerance_is_flagged_with_the_excess():
    check = check_fuel(10.0, 200, 22.5, 0.10)
    assert check.flagged and check.excess_litres == 0.5


def test_an_electric_car_burning_fuel_is_flagged():
    assert check_fuel(0.0, 100, 1.0, 0.10).flagged
    assert not check_fuel(0.0, 100, 0.0, 0.10).flagged


def test_the_tolerance_is_configurable():
    assert check_fuel(10.0, 100, 10.4, 0.05).flagged is False
    assert check_fuel(10.0, 100, 10.6, 0.05).flagged is True


# --- maintenance ----------------------------------------------------------------------------

def plan(**kw):
    base = dict(id=1, vehicle_id=1, title="Oil", interval_km=5000, interval_days=180, last_done_km=10000,
                last_done_on=dt.date(2026, 1, 1))
    base.update(kw)
    return Plan(**base)


def test_a_plan_is_due_by_km_or_by_date_whichever_first():
    today = dt.date(2026, 3, 1)
    fresh = due_state(plan(), 11000, today, 500, 14)
    assert fresh.due_km == 15000 and fresh.due_on == dt.date(2026, 6, 30) and not fresh.due
    soon = due_state(plan(), 14600, today, 500, 14)
    assert soon.due_soon and not soon.overdue and soon.km_left == 400
    over = due_state(plan(), 15100, today, 500, 14)
    assert over.overdue
    by_date = due_state(plan(), 11000, dt.date(2026, 6, 30), 500, 14)
    assert by_date.overdue and by_date.days_left == 0


def test_a_plan_may_have_one_interval_only():
    only_km = due_state(plan(interval_days=None), 11000, dt.date(2030, 1, 1), 500, 14)
    assert only_km.due_on is None and not only_km.due
    assert validate_plan(None, None) and not validate_plan(5000, None) and not validate_plan(None, 90)


# --- booking interval -----------------------------------------------------------------------

def test_a_booking_must_end_after_it_starts_in_the_future_and_not_too_long():
    now = at(1, 8)
    assert interval_errors(at(2, 8), at(2, 12), now, 14) == {}
    assert "end_at" in interval_errors(at(2, 12), at(2, 8), now, 14)
    assert "end_at" in interval_errors(at(2, 8), at(2, 8), now, 14)
    assert "end_at" in interval_errors(dt.datetime(2026, 2, 1, tzinfo=VN), dt.datetime(2026, 2, 2, tzinfo=VN), now, 14)
    assert "end_at" in interval_errors(at(2, 8), at(20, 8), now, 14)


# --- utilization ----------------------------------------------------------------------------

@pytest.mark.parametrize("values, cv", [([10, 10, 10], 0.0), ([0, 20], 1.0), ([], None), ([0, 0], None)])
def test_coefficient_of_variation(values, cv):
    assert coefficient_of_variation(values) == cv


def test_utilization_by_vehicle_driver_unit_balance_and_peak():
    trips = [
        TripRecord(1, "BTC", "completed", at(2, 8), at(2, 12), 1, 10, km=100, fuel_litres=9, fuel_cost_vnd=200_000),
        TripRecord(2, "BTC", "completed", at(3, 8), at(3, 10), 2, 11, km=40, fuel_litres=4, fuel_cost_vnd=90_000),
        TripRecord(3, "VP", "dispatched", at(3, 9), at(3, 11), 1, 10),
        TripRecord(4, "VP", "cancelled", at(3, 9), at(3, 11)),
        TripRecord(5, "UBKT", "requested", at(3, 9), at(3, 11)),
        # starts before the period: hours clipped, not counted as a trip of the period
        TripRecord(6, "BNC", "completed", dt.datetime(2026, 2, 28, 20, tzinfo=VN), at(1, 4), 2, 11, km=300),
    ]
    report = utilization(trips, at(1, 0), at(8, 0), [1, 2, 3], [10, 11], dt.timedelta(minutes=30))
    v = report["vehicles"]
    assert v[1] == {"trips": 2, "completed": 1, "km": 100.0, "hours": 6.0, "fuel_litres": 9.0,
                    "fuel_cost_vnd": 200_000, "share": round(6 / 168, 4)}
    assert v[2]["trips"] == 1 and v[2]["hours"] == 6.0 and v[2]["km"] == 40.0
    assert v[3]["trips"] == 0 and v[3]["share"] == 0.0
    assert report["drivers"][11]["km"] == 40.0
    assert report["units"]["BTC"]["fuel_cost_vnd"] == 290_000 and report["units"]["BTC"]["km"] == 140.0
    assert "VP" in report["units"] and report["units"]["VP"]["km"] == 0
    assert report["balance"]["km_cv_vehicles"] == coefficient_of_variation([100, 40, 0])
    # three bookings at 09:00-10:00 on the 3rd (the cancelled one does not count)
    assert report["peak"]["concurrent_demand"] == 3 and report["peak"]["pool_size"] == 3
    assert report["peak"]["demand_over_pool"] == 1.0
