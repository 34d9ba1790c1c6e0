"""Choosing among feasible pairs: the least used vehicle and driver over the trailing window."""
import datetime as dt

from fleet.domain.balancing import Usage, UsedTrip, choose_pair, trailing_usage, use_scores
from fleet.domain.feasibility import DispatchPolicy, DriverFacts, Trip, VehicleFacts
from fleet.domain.schedule import Commitment

VN = dt.timezone(dt.timedelta(hours=7))
POLICY = DispatchPolicy(tz=VN)


def at(day, hour):
    return dt.datetime(2026, 3, day, hour, tzinfo=VN)


def vehicles(*specs):
    return [VehicleFacts(id=i, plate=f"P{i}", seats=seats) for i, seats in specs]


def drivers(*specs):
    return [DriverFacts(staff_id=i, full_name=f"D{i}", licence_class=cls, licence_expiry=dt.date(2030, 1, 1))
            for i, cls in specs]


TRIP = Trip(1, at(10, 8), at(10, 12), 3)


def test_the_least_used_vehicle_and_driver_are_chosen():
    usage_v = {1: Usage(500, 20), 2: Usage(100, 5), 3: Usage(300, 10)}
    usage_d = {10: Usage(50, 2), 11: Usage(400, 30)}
    choice = choose_pair(TRIP, vehicles((1, 7), (2, 7), (3, 7)), drivers((10, "B2"), (11, "D")), usage_v, usage_d, POLICY)
    assert choice.found and choice.vehicle.id == 2 and choice.driver.staff_id == 10


def test_an_unused_pool_prefers_the_smaller_vehicle_then_the_lowest_id():
    choice = choose_pair(TRIP, vehicles((1, 16), (2, 7), (3, 5)), drivers((11, "D"), (10, "D")), {}, {}, POLICY)
    assert choice.vehicle.id == 3 and choice.driver.staff_id == 10


def test_infeasible_vehicles_and_drivers_are_skipped_even_if_least_used():
    busy = Commitment(9, at(10, 9), at(10, 10))
    pool = [VehicleFacts(1, "P1", 7, commitments=(busy,)), VehicleFacts(2, "P2", 7)]
    crew = [DriverFacts(10, "D10", licence_class="D", licence_expiry=dt.date(2030, 1, 1), status="on_leave"),
            DriverFacts(11, "D11", licence_class="D", licence_expiry=dt.date(2030, 1, 1))]
    choice = choose_pair(TRIP, pool, crew, {2: Usage(900, 90)}, {11: Usage(900, 90)}, POLICY)
    assert (choice.vehicle.id, choice.driver.staff_id) == (2, 11)
    assert [c.rule for c in choice.vehicle_conflicts[1]] == ["vehicle_busy"]
    assert [c.rule for c in choice.driver_conflicts[10]] == ["driver_unavailable"]


def test_the_driver_must_be_licensed_for_the_chosen_vehicle():
    # a big group: only the bus fits, and only the D driver may drive it
    big = Trip(1, at(10, 8), at(10, 12), 12)
    choice = choose_pair(big, vehicles((1, 7), (2, 16)), drivers((10, "B2"), (11, "D")), {}, {10: Usage(0, 0), 11: Usage(99, 9)}, POLICY)
    assert (choice.vehicle.id, choice.driver.staff_id) == (2, 11)


def test_nothing_fits_explains_why():
    big = Trip(1, at(10, 8), at(10, 12), 12)
    choice = choose_pair(big, vehicles((1, 7), (2, 16)), drivers((10, "B2")), {}, {}, POLICY)
    assert not choice.found
    assert {c["rule"] for c in choice.reasons()} == {"seats", "licence_class"}


def test_scores_weigh_km_and_hours_against_the_pool_mean():
    scores = use_scores([1, 2, 3], {1: Usage(300, 0), 2: Usage(0, 30), 3: Usage(0, 0)})
    assert scores == {1: 3.0, 2: 3.0, 3: 0.0}
    assert use_scores([1, 2], {}) == {1: 0.0, 2: 0.0}


def test_trailing_usage_looks_back_from_the_anchor():
    trips = [
        UsedTrip(1, 10, at(1, 8), at(1, 12), km=100),       # inside
        UsedTrip(1, 11, at(9, 8), at(9, 10), km=0),         # dispatched, not completed: hours only
        UsedTrip(2, 10, at(10, 8), at(10, 12), km=50),      # at the anchor: not yet
        UsedTrip(2, 10, dt.datetime(2026, 1, 1, 8, tzinfo=VN), dt.datetime(2026, 1, 1, 9, tzinfo=VN), km=70),  # too old
    ]
    by_vehicle, by_driver = trailing_usage(trips, at(10, 8), dt.timedelta(days=30))
    assert by_vehicle == {1: Usage(100, 6.0)}
    assert by_driver == {10: Usage(100, 4.0), 11: Usage(0, 2.0)}


def test_repeated_choices_spread_the_work():
    pool = vehicles((1, 7), (2, 7), (3, 7))
    crew = drivers((10, "D"), (11, "D"))
    used: list[UsedTrip] = []
    picks = []
    for day in range(1, 13):
        t = Trip(day, at(day, 8), at(day, 12), 2)
        by_v, by_d = trailing_usage(used, t.start, dt.timedelta(days=30))
        choice = choose_pair(t, pool, crew, by_v, by_d, POLICY)
        picks.append((choice.vehicle.id, choice.driver.staff_id))
        used.append(UsedTrip(choice.vehicle.id, choice.driver.staff_id, t.start, t.end, km=80))
    assert sorted(v for v, _ in picks).count(1) == 4
    assert [v for v, _ in picks].count(2) == 4
    assert [d for _, d in picks].count(10) == 6


def test_the_smallest_vehicle_class_that_fits_goes_first_then_the_least_used():
    # the minibus is unused, the cars are not: two passengers still go by car
    usage = {1: Usage(900, 40), 2: Usage(300, 10), 3: Usage(0, 0)}
    pool = vehicles((1, 7), (2, 5), (3, 16))
    choice = choose_pair(TRIP, pool, drivers((10, "D")), usage, {}, POLICY)
    assert choice.vehicle.id == 2
    literal = DispatchPolicy(tz=VN, right_size=False)
    assert choose_pair(TRIP, pool, drivers((10, "D")), usage, {}, literal).vehicle.id == 3


def test_drivers_go_least_used_first_and_the_lowest_licence_among_equals():
    crew = drivers((10, "D"), (11, "B2"), (12, "C"))
    assert choose_pair(TRIP, vehicles((1, 7)), crew, {}, {}, POLICY).driver.staff_id == 11
    used = {11: Usage(500, 20), 12: Usage(400, 15)}
    assert choose_pair(TRIP, vehicles((1, 7)), crew, {}, used, POLICY).driver.staff_id == 10
