"""Driving licences under the 2008 and the 2024 laws (issue 13, regulations.md section 10): which
vehicles each class may drive, judged under the system that issued it, and the class a vehicle
needs named in the refusal."""
import datetime as dt

import pytest

from fleet.domain.feasibility import DispatchPolicy, DriverFacts, VehicleFacts, licence_conflicts
from fleet.domain.licences import NEW, OLD, LicenceRules, expiring_soon, may_drive, needed_class, system_of

SEATS = (4, 7, 9, 16, 29, 45)  # the driver's seat included: 3, 6, 8, 15, 28 and 44 passengers
OLD_D = dt.date(2029, 6, 30)   # a C or D issued before 2025 expires before 2030 (5 years)
NEW_D = dt.date(2031, 3, 1)    # one issued under the 2024 law expires from 2030 on
LONG = dt.date(2034, 1, 1)

# class, expiry, the seat counts it may drive among SEATS
TABLE = [
    # the old system (Law 23/2008, Circular 12/2017): B2/C cars up to 9 seats, D up to 30, E more
    ("B1", OLD_D, ()),                    # non-professional: not for the pool (FLEET_SMALL_CAR_LICENCE=B2)
    ("B2", OLD_D, (4, 7, 9)),
    ("C", OLD_D, (4, 7, 9)),
    ("D", OLD_D, (4, 7, 9, 16, 29)),
    ("E", OLD_D, (4, 7, 9, 16, 29, 45)),
    ("FB2", OLD_D, (4, 7, 9)),
    ("FD", OLD_D, (4, 7, 9, 16, 29)),
    ("FE", OLD_D, (4, 7, 9, 16, 29, 45)),
    # the new system (Law 36/2024, from 2025-01-01): B up to 8 passengers, D1 16, D2 29, D more
    ("A1", None, ()),
    ("A", None, ()),
    ("B1", None, ()),                     # the new B1 is a motorcycle class without expiry
    ("B", LONG, (4, 7, 9)),
    ("C1", LONG, (4, 7, 9)),
    ("C", NEW_D, (4, 7, 9)),
    ("D1", NEW_D, (4, 7, 9, 16)),
    ("D2", NEW_D, (4, 7, 9, 16, 29)),
    ("D", NEW_D, (4, 7, 9, 16, 29, 45)),
    ("BE", LONG, (4, 7, 9)),
    ("C1E", NEW_D, (4, 7, 9)),
    ("CE", NEW_D, (4, 7, 9)),
    ("D1E", NEW_D, (4, 7, 9, 16)),
    ("D2E", NEW_D, (4, 7, 9, 16, 29)),
    ("DE", NEW_D, (4, 7, 9, 16, 29, 45)),
]


@pytest.mark.parametrize("held, expiry, drives", TABLE, ids=[f"{c}-{e}" for c, e, _ in TABLE])
@pytest.mark.parametrize("seats", SEATS)
def test_which_vehicles_a_licence_drives(held, expiry, drives, seats):
    assert may_drive(held, expiry, seats) is (seats in drives)


@pytest.mark.parametrize("held, expiry, system", [
    ("B2", OLD_D, OLD), ("E", None, OLD), ("B", LONG, NEW), ("D2", NEW_D, NEW), ("D", OLD_D, OLD),
    ("D", NEW_D, NEW), ("D", dt.date(2030, 1, 1), NEW), ("D", dt.date(2029, 12, 31), OLD), ("D", None, OLD),
    ("B1", OLD_D, OLD), ("B1", None, NEW), ("c", NEW_D, NEW),
])
def test_the_system_that_issued_a_licence(held, expiry, system):
    assert system_of(held, expiry) == system


@pytest.mark.parametrize("seats, old, new", [(4, "B2", "B"), (7, "B2", "B"), (9, "B2", "B"), (16, "D", "D1"),
                                             (29, "D", "D2"), (45, "E", "D")])
def test_the_class_a_vehicle_needs_under_each_system(seats, old, new):
    assert (needed_class(seats, OLD), needed_class(seats, NEW)) == (old, new)


def test_the_refusal_names_the_class_needed_under_the_drivers_system():
    bus = VehicleFacts(id=1, plate="47B-000.16", seats=16, status="available")
    new_b = DriverFacts(staff_id=7, full_name="Lê Văn Tâm", licence_class="B", licence_expiry=LONG)
    [refusal] = licence_conflicts(bus, new_b, DispatchPolicy())
    assert refusal.rule == "licence_class" and refusal.figures["required_class"] == "D1"
    assert refusal.figures["licence_system"] == NEW and "D1" in refusal.detail
    old_b2 = DriverFacts(staff_id=8, full_name="Lý Văn Tư", licence_class="B2", licence_expiry=OLD_D)
    assert licence_conflicts(bus, old_b2, DispatchPolicy())[0].figures["required_class"] == "D"
    assert licence_conflicts(bus, DriverFacts(9, "Hà Văn Kỳ", licence_class="D2", licence_expiry=NEW_D),
                             DispatchPolicy()) == []


def test_the_numbers_are_configurable():
    wide = LicenceRules(car_max_passengers=9)
    assert may_drive("B", LONG, 10, wide) and not may_drive("B", LONG, 10)


def test_a_licence_is_flagged_60_days_before_it_expires():
    today = dt.date(2026, 12, 4)
    assert expiring_soon(today + dt.timedelta(days=60), today, 60)
    assert expiring_soon(today - dt.timedelta(days=1), today, 60)
    assert not expiring_soon(today + dt.timedelta(days=61), today, 60)
    assert not expiring_soon(None, today, 60)
