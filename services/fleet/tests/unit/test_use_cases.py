"""The main use cases on in-memory repositories (FakeUnitOfWork): milliseconds, no database.

Row locks, exclusion constraints and the reports' SQL keep their tests on PostgreSQL
(tests/api, tests/integration).
"""
import datetime as dt
import sys
from pathlib import Path

import pytest

from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import fake_uow  # noqa: E402

from fleet.adapters.orm import Booking, Vehicle  # noqa: E402
from fleet.domain.errors import DispatchRuleBroken, WrongState  # noqa: E402
from fleet.service_layer import bookings, trips, vehicles  # noqa: E402
from fleet.service_layer.dispatch import dispatch_booking  # noqa: E402

LEADER = make_principal("bithu", "TU", ["leadership"], 1)
OTHER_LEADER = make_principal("phobithu", "TU", ["leadership"], 2)
HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], 20)
HEAD_BTGDV = make_principal("truongban.btgdv", "BTGDV", ["unit_head", "staff"], 40)
STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], 22)
FLEET = make_principal("doixe.vp", "VP", ["office_fleet", "staff"], 8)
DRIVER = make_principal("laixe.hung", "VP", ["staff"], 10)
NOW = dt.datetime.now(dt.timezone.utc)


def ask(**kw) -> dict:
    start = NOW + dt.timedelta(days=2)
    return {"purpose": "Kiểm tra cơ sở", "destination": "Huyện A", "start_at": start,
            "end_at": start + dt.timedelta(hours=4), "passengers": 3, **kw}


def booking(status="requested", unit="BTC", by=STAFF, **kw) -> Booking:
    start = NOW + dt.timedelta(days=2)
    fields = dict(unit=unit, requested_by=by.username, requester_staff_id=by.staff_id, purpose="Họp",
                  destination="Xã B", start_at=start, end_at=start + dt.timedelta(hours=4), passengers=3,
                  status=status, fuel_flagged=False)
    return Booking(**{**fields, **kw})


def car(**kw) -> Vehicle:
    return Vehicle(**{"plate": "36A-001.01", "model": "Innova", "seats": 7, "fuel_norm_l_per_100km": 10.0,
                      "odometer_km": 1000, "status": "available", **kw})


# --- request --------------------------------------------------------------------------------

def test_a_staff_member_books_for_their_board_and_it_waits_for_a_decision():
    uow = fake_uow()
    made = bookings.create_booking(uow, STAFF, ask())
    assert uow.committed and made.id == 1 and (made.unit, made.status) == ("BTC", "requested")
    assert made.requester_name == "Mai Văn Phúc" and made.decided_by is None


def test_booking_for_another_board_or_an_unknown_one_is_refused():
    uow = fake_uow()
    with pytest.raises(NotAllowed):
        bookings.create_booking(uow, STAFF, ask(unit="BNC"))
    with pytest.raises(Invalid):
        bookings.create_booking(uow, FLEET, ask(unit="NOPE"))
    with pytest.raises(Invalid) as bad:
        bookings.create_booking(uow, STAFF, ask(end_at=NOW - dt.timedelta(hours=1)))
    assert "end_at" in bad.value.extra["errors"]
    assert not uow.committed


def test_the_leaderships_own_booking_is_approved_but_not_one_for_a_board():
    own = bookings.create_booking(fake_uow(), LEADER, ask())
    assert (own.unit, own.status, own.decided_by) == ("TU", "approved", "bithu")
    for_board = bookings.create_booking(fake_uow(), LEADER, ask(unit="BTC"))
    assert (for_board.status, for_board.decided_by) == ("requested", None)
    configured = bookings.create_booking(fake_uow(FLEET_LEADERSHIP_SELF_APPROVE=True), LEADER, ask(unit="BTC"))
    assert configured.status == "approved"


# --- decide ---------------------------------------------------------------------------------

def test_the_boards_head_approves_and_rejects_with_who_when_and_why():
    uow = fake_uow(bookings=[booking(), booking()])
    approved = bookings.approve_booking(uow, HEAD, 1, "đồng ý")
    assert uow.committed and (approved.status, approved.decided_by, approved.decision_note) == (
        "approved", "truongban.btc", "đồng ý") and approved.decided_at is not None
    rejected = bookings.reject_booking(uow, OTHER_LEADER, 2, "trùng lịch")
    assert (rejected.status, rejected.decided_by) == ("rejected", "phobithu")


@pytest.mark.parametrize("who, row, error, rule", [
    (HEAD, booking(by=HEAD), NotAllowed, "own_request"),
    (LEADER, booking(by=LEADER), NotAllowed, "own_request"),
    (STAFF, booking(), NotAllowed, "not_a_decider"),
    (HEAD, booking(status="approved"), WrongState, "booking_state"),
])
def test_decisions_the_rules_refuse(who, row, error, rule):
    uow = fake_uow(bookings=[row])
    with pytest.raises(error) as refused:
        bookings.approve_booking(uow, who, 1)
    assert refused.value.extra["rule"] == rule and not uow.committed and row.decided_by is None


def test_another_boards_head_does_not_even_see_the_booking():
    with pytest.raises(NotFound):
        bookings.approve_booking(fake_uow(bookings=[booking()]), HEAD_BTGDV, 1)


def test_cancel_by_the_requester_once_and_not_by_a_colleague():
    colleague = make_principal("dongnghiep.btc", "BTC", ["staff"], 29)
    uow = fake_uow(bookings=[booking(status="approved")])
    with pytest.raises(NotAllowed):
        bookings.cancel_booking(uow, colleague, 1, None)
    cancelled = bookings.cancel_booking(uow, STAFF, 1, "hoãn")
    assert (cancelled.status, cancelled.cancelled_by, cancelled.cancel_reason) == ("cancelled", STAFF.username, "hoãn")
    with pytest.raises(WrongState):
        bookings.cancel_booking(uow, STAFF, 1, None)


# --- inbox ----------------------------------------------------------------------------------

def test_the_inbox_offers_what_the_actions_accept():
    rows = [booking(), booking(by=HEAD), booking(unit="BTGDV"), booking(status="approved"),
            booking(status="approved", end_at=NOW - dt.timedelta(hours=1), start_at=NOW - dt.timedelta(hours=3))]
    uow = fake_uow(bookings=rows)
    head = bookings.inbox(uow, HEAD)
    assert [(i["id"], i["actions"]) for i in head["items"]] == [(1, ["approve", "reject"])]
    assert head["counts"] == {"fleet.booking": 1} and head["items"][0]["title"] == "Đặt xe: Họp, đến Xã B"
    assert [i["id"] for i in bookings.inbox(uow, LEADER)["items"]] == [1, 2, 3]
    assert [(i["id"], i["actions"]) for i in bookings.inbox(uow, FLEET)["items"]] == [(4, ["dispatch"])]
    assert bookings.inbox(uow, STAFF) == {"items": [], "counts": {}}


def test_dispatch_is_the_fleet_offices_and_refuses_a_booking_not_approved():
    uow = fake_uow(bookings=[booking()])
    with pytest.raises(NotAllowed):
        dispatch_booking(uow, HEAD, 1)
    with pytest.raises(DispatchRuleBroken) as refused:
        dispatch_booking(uow, FLEET, 1)
    assert refused.value.extra["rule"] == "booking_state" and refused.value.extra["current_status"] == "requested"


# --- the trip -------------------------------------------------------------------------------

def dispatched(**kw) -> Booking:
    return booking(status="dispatched", vehicle_id=1, driver_id=10, **kw)


def test_the_driver_starts_in_the_dispatched_car_from_its_last_reading():
    uow = fake_uow(bookings=[dispatched()], vehicles=[car()])
    with pytest.raises(RuleBroken) as wrong:
        trips.start_trip(uow, DRIVER, 1, 2, 1000)
    assert wrong.value.extra["rule"] == "wrong_vehicle"
    with pytest.raises(RuleBroken) as behind:
        trips.start_trip(uow, DRIVER, 1, 1, 999)
    assert behind.value.extra["rule"] == "odometer_behind"
    with pytest.raises(NotAllowed):
        trips.start_trip(uow, STAFF, 1, 1, 1000)
    started = trips.start_trip(uow, DRIVER, 1, 1, 1000)
    assert (started.status, started.odometer_start_km) == ("in_progress", 1000) and uow.committed


def test_completing_a_trip_charges_the_board_and_flags_fuel_above_the_norm():
    uow = fake_uow(bookings=[dispatched()], vehicles=[car()])
    done = trips.complete_trip(uow, FLEET, 1, {"odometer_start_km": 1000, "odometer_end_km": 1100,
                                                "fuel_litres": 12.0, "fuel_cost_vnd": 300_000})
    assert (done.status, done.km, done.fuel_flagged, done.fuel_expected_litres) == ("completed", 100, True, 10.0)
    assert uow.vehicles.get(1).odometer_km == 1100
    [event] = uow.published
    assert (event["type"], event["unit"]) == ("fleet.trip.completed", "BTC")
    assert event["data"]["km"] == 100 and event["data"]["fuel_cost_vnd"] == 300_000


def test_a_trip_not_started_needs_its_start_reading_and_cannot_end_in_the_future():
    uow = fake_uow(bookings=[dispatched()], vehicles=[car()])
    with pytest.raises(Invalid) as missing:
        trips.complete_trip(uow, FLEET, 1, {"odometer_end_km": 1100, "fuel_litres": 5, "fuel_cost_vnd": 1})
    assert "odometer_start_km" in missing.value.extra["errors"]
    with pytest.raises(Invalid) as future:
        trips.complete_trip(uow, FLEET, 1, {"odometer_start_km": 1000, "odometer_end_km": 1100, "fuel_litres": 5,
                                            "fuel_cost_vnd": 1, "ended_at": NOW + dt.timedelta(hours=1)})
    assert "ended_at" in future.value.extra["errors"]
    assert uow.published == [] and not uow.committed


# --- vehicles -------------------------------------------------------------------------------

def test_a_plate_is_registered_once_however_its_dots_are_written():
    uow = fake_uow(vehicles=[car()])
    with pytest.raises(RuleBroken) as taken:
        vehicles.create_vehicle(uow, FLEET, {"plate": "36a-00101", "seats": 5, "fuel_norm_l_per_100km": 8.0})
    assert taken.value.extra["rule"] == "plate_taken"
    with pytest.raises(NotAllowed):
        vehicles.create_vehicle(uow, STAFF, {"plate": "36A-009.09", "seats": 5, "fuel_norm_l_per_100km": 8.0})
    made = vehicles.create_vehicle(uow, FLEET, {"plate": "36a-009.09 ", "seats": 5, "fuel_norm_l_per_100km": 8.0})
    assert (made.plate, made.status) == ("36A-009.09", "available") and uow.committed


def test_a_dispatch_order_only_once_dispatched_and_only_for_whom_sees_the_booking():
    from fleet.service_layer import documents

    waiting = booking("approved")
    uow = fake_uow(bookings=[waiting])
    with pytest.raises(WrongState) as early:
        documents.dispatch_order(uow, FLEET, waiting.id)
    assert early.value.extra["current_status"] == "approved"
    with pytest.raises(NotFound):
        documents.dispatch_order(uow, HEAD_BTGDV, waiting.id)
    assert documents.booking_unit(uow, STAFF, waiting.id) == "BTC"


def test_who_adds_files_to_a_booking():
    from fleet.service_layer import documents

    trip = booking("dispatched", driver_id=10)
    uow = fake_uow(bookings=[trip])
    for actor in (STAFF, HEAD, DRIVER, FLEET, LEADER):  # requester, board head, driver, fleet office, leadership
        documents.may_attach_to_booking(uow, actor, trip.id)
    for bystander in (make_principal("kiemtra.ubkt", "UBKT", ["auditor"], 30),
                      make_principal("tahai.btc", "BTC", ["staff"], 24)):  # the board's other staff
        with pytest.raises(NotAllowed):
            documents.may_attach_to_booking(uow, bystander, trip.id)
    with pytest.raises(NotFound):
        documents.may_attach_to_booking(uow, HEAD_BTGDV, trip.id)
