"""Bookings: a board books, its unit head decides, the requester cancels; each board sees its own."""
from fleet_testkit import (
    AUDITOR,
    FLEET,
    HEAD_BTC,
    HEAD_BTGDV,
    LEADER,
    STAFF_BNC,
    STAFF_BTC,
    STAFF_BTGDV,
    at,
    booking_body,
    principal,
)

from buildingblocks.testing import make_principal


def test_a_staff_member_books_for_their_own_board(api):
    resp = api.post("/bookings", STAFF_BTC, booking_body(passengers=4))
    assert resp.status_code == 201
    body = resp.json
    assert body["unit"] == "BTC" and body["status"] == "requested" and body["requested_by"] == STAFF_BTC
    assert body["requester_staff_id"] == 22 and body["passengers"] == 4
    assert body["start_at"].endswith("+07:00")  # shown in Vietnam time
    assert body["vehicle_id"] is None and body["driver_id"] is None


def test_booking_for_another_board_is_forbidden_but_the_fleet_office_may(api):
    assert api.post("/bookings", STAFF_BTC, booking_body(unit="BNC")).status_code == 403
    resp = api.post("/bookings", FLEET, booking_body(unit="BNC"))
    assert resp.status_code == 201 and resp.json["unit"] == "BNC"


def test_an_unknown_or_dissolved_board_is_422(api, db):
    resp = api.post("/bookings", FLEET, booking_body(unit="NOPE"))
    assert resp.status_code == 422 and "unit" in resp.json["errors"]
    ghost = make_principal("ghost", "GHOST", ["staff"], 999)
    assert api.post("/bookings", ghost, booking_body()).status_code == 422


def test_a_leadership_booking_is_approved_on_creation(api):
    resp = api.post("/bookings", LEADER, booking_body())
    assert resp.status_code == 201
    assert resp.json["unit"] == "TU" and resp.json["status"] == "approved" and resp.json["decided_by"] == LEADER


def test_the_unit_head_approves_their_board_booking(api, flow):
    booking = flow.booking()
    resp = api.post(f"/bookings/{booking['id']}/approve", HEAD_BTC, {"note": "đồng ý"})
    assert resp.status_code == 200
    assert resp.json["status"] == "approved" and resp.json["decided_by"] == HEAD_BTC
    assert resp.json["decision_note"] == "đồng ý" and resp.json["decided_at"]


def test_another_boards_head_cannot_see_or_approve(api, flow):
    booking = flow.booking()
    assert api.post(f"/bookings/{booking['id']}/approve", HEAD_BTGDV, {}).status_code == 404
    assert api.get(f"/bookings/{booking['id']}", HEAD_BTGDV).status_code == 404


def test_staff_cannot_approve_and_nobody_approves_their_own(api, flow):
    booking = flow.booking()
    assert api.post(f"/bookings/{booking['id']}/approve", STAFF_BTC, {}).status_code == 403
    own = flow.booking(who=HEAD_BTC)
    resp = api.post(f"/bookings/{own['id']}/approve", HEAD_BTC, {})
    assert resp.status_code == 403 and "own" in resp.json["detail"]


def test_the_leadership_may_approve_any_board(api, flow):
    booking = flow.booking(who=STAFF_BNC)
    assert api.post(f"/bookings/{booking['id']}/approve", LEADER, {}).json["status"] == "approved"


def test_reject_needs_a_reason_and_only_a_requested_booking(api, flow):
    booking = flow.booking()
    assert api.post(f"/bookings/{booking['id']}/reject", HEAD_BTC, {}).status_code == 422
    resp = api.post(f"/bookings/{booking['id']}/reject", HEAD_BTC, {"reason": "không cần thiết"})
    assert resp.status_code == 200 and resp.json["status"] == "rejected"
    assert resp.json["decision_note"] == "không cần thiết"
    again = api.post(f"/bookings/{booking['id']}/approve", HEAD_BTC, {})
    assert again.status_code == 409 and again.json["rule"] == "booking_state"


def test_approving_twice_is_409(api, flow):
    booking = flow.approved()
    resp = api.post(f"/bookings/{booking['id']}/approve", HEAD_BTC, {})
    assert resp.status_code == 409 and resp.json["booking_status"] == "approved"


def test_the_requester_cancels_with_a_reason(api, flow):
    booking = flow.approved()
    resp = api.post(f"/bookings/{booking['id']}/cancel", STAFF_BTC, {"reason": "hoãn"})
    assert resp.status_code == 200
    assert resp.json["status"] == "cancelled" and resp.json["cancelled_by"] == STAFF_BTC
    assert api.post(f"/bookings/{booking['id']}/cancel", STAFF_BTC, {}).status_code == 409


def test_who_may_cancel(api, flow, db):
    from sqlalchemy import text

    with db.engine.begin() as conn:  # a colleague of the requester on the same board
        conn.execute(text("INSERT INTO replica_staff (id, full_name, unit, is_driver, status, updated_at) "
                          "VALUES (29, 'Đồng nghiệp', 'BTC', false, 'active', now())"))
    colleague = make_principal("dongnghiep.btc", "BTC", ["staff"], 29)
    booking = flow.booking()
    assert api.post(f"/bookings/{booking['id']}/cancel", colleague, {}).status_code == 403
    assert api.post(f"/bookings/{booking['id']}/cancel", AUDITOR, {}).status_code == 403
    assert api.post(f"/bookings/{booking['id']}/cancel", STAFF_BTGDV, {}).status_code == 404
    assert api.post(f"/bookings/{booking['id']}/cancel", HEAD_BTC, {}).status_code == 200
    other = flow.booking()
    assert api.post(f"/bookings/{other['id']}/cancel", FLEET, {}).status_code == 200


def test_cancelling_a_dispatched_booking_frees_the_vehicle_and_driver(api, flow):
    car = flow.vehicle()
    first = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    second = flow.approved(start=9, end=11)
    blocked = api.post(f"/bookings/{second['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 10})
    assert blocked.status_code == 409
    assert api.post(f"/bookings/{first['id']}/cancel", STAFF_BTC, {}).status_code == 200
    freed = api.post(f"/bookings/{second['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 10})
    assert freed.status_code == 200


def test_a_started_trip_cannot_be_cancelled(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    api.post(f"/bookings/{booking['id']}/start", FLEET, {"vehicle_id": car["id"], "odometer_start_km": 1000})
    resp = api.post(f"/bookings/{booking['id']}/cancel", STAFF_BTC, {})
    assert resp.status_code == 409 and resp.json["booking_status"] == "in_progress"


def test_each_board_sees_only_its_own_bookings(api, flow):
    mine = flow.booking(who=STAFF_BTC)
    theirs = flow.booking(who=STAFF_BTGDV)
    listed = api.get("/bookings", STAFF_BTC).json["items"]
    assert [b["id"] for b in listed] == [mine["id"]]
    assert api.get("/bookings", STAFF_BTC, query={"unit": "BTGDV"}).status_code == 403
    assert api.get(f"/bookings/{theirs['id']}", STAFF_BTC).status_code == 404
    assert api.get(f"/bookings/{mine['id']}", STAFF_BTC).status_code == 200


def test_fleet_office_leadership_and_auditors_see_every_board(api, flow):
    ids = {flow.booking(who=STAFF_BTC)["id"], flow.booking(who=STAFF_BTGDV)["id"], flow.booking(who=STAFF_BNC)["id"]}
    for who in (FLEET, LEADER, AUDITOR):
        assert {b["id"] for b in api.get("/bookings", who).json["items"]} == ids
    only = api.get("/bookings", AUDITOR, query={"unit": "BNC"}).json["items"]
    assert [b["unit"] for b in only] == ["BNC"]


def test_list_filters_and_pages_newest_first(api, flow):
    made = [flow.booking(days=d)["id"] for d in (2, 3, 4)]
    api.post(f"/bookings/{made[0]}/approve", HEAD_BTC, {})
    page1 = api.get("/bookings", FLEET, query={"limit": 2}).json
    assert [b["id"] for b in page1["items"]] == [made[2], made[1]] and page1["next_cursor"]
    page2 = api.get("/bookings", FLEET, query={"limit": 2, "cursor": page1["next_cursor"]}).json
    assert [b["id"] for b in page2["items"]] == [made[0]] and page2["next_cursor"] is None
    approved = api.get("/bookings", FLEET, query={"status": "approved"}).json["items"]
    assert [b["id"] for b in approved] == [made[0]]
    window = api.get("/bookings", FLEET, query={"start_from": at(3, 0), "start_to": at(4, 0)}).json["items"]
    assert [b["id"] for b in window] == [made[1]]


def test_the_driver_sees_the_booking_they_drive(api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    assert api.get(f"/bookings/{booking['id']}", "laixe.hung").status_code == 200
    assert principal("laixe.hung").unit == "VP"


def test_bad_booking_input_is_422(api):
    cases = [
        {},
        booking_body(passengers=0),
        booking_body(passengers=500),
        booking_body(start=12, end=8),
        booking_body(days=-3),
        booking_body(days=2) | {"end_at": at(40, 8)},
        booking_body() | {"start_at": "2026-13-45T99:00"},
        booking_body() | {"start_at": "2030-03-02T08:00:00"},  # no offset
        booking_body() | {"purpose": ""},
        booking_body() | {"purpose": "x" * 501},
        booking_body() | {"destination": "a\x00b"},
        booking_body() | {"passengers": "many"},
        booking_body() | {"color": "red"},
    ]
    for body in cases:
        resp = api.post("/bookings", STAFF_BTC, body)
        assert resp.status_code == 422, (body, resp.json)
        assert resp.mimetype == "application/problem+json"
    assert api.post("/bookings", STAFF_BTC, "not json").status_code in (400, 422)
    assert api.post("/bookings", STAFF_BTC, "[1, 2]").status_code in (400, 422)


def test_a_caller_without_a_board_lists_nothing(api):
    nobody = make_principal("client-app", None, ["staff"], None)
    assert api.get("/bookings", nobody).status_code == 403
