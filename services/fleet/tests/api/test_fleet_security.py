"""Issue 10 in this service: finding 10 (a leader's booking for another board approved itself) and
"nobody decides their own", each reproduced through the API and now refused with a named rule."""
from fleet_testkit import HEAD_BTC, HEAD_BTGDV, LEADER, STAFF_BTC, Api, booking_body, fleet_app

OTHER_LEADER = "phobithu"


def test_finding_10_a_leaders_booking_for_a_board_waits_for_that_boards_decision(api):
    made = api.post("/bookings", LEADER, booking_body(unit="BTC"))
    assert made.status_code == 201
    assert made.json["unit"] == "BTC" and made.json["status"] == "requested" and made.json["decided_by"] is None
    own = api.post(f"/bookings/{made.json['id']}/approve", LEADER, {})
    assert own.status_code == 403 and own.json["rule"] == "own_request"
    assert own.mimetype == "application/problem+json" and own.json["status"] == 403
    assert api.post(f"/bookings/{made.json['id']}/approve", HEAD_BTGDV, {}).status_code == 404
    approved = api.post(f"/bookings/{made.json['id']}/approve", HEAD_BTC, {})
    assert approved.status_code == 200 and approved.json["decided_by"] == HEAD_BTC


def test_finding_10_another_leader_may_decide_a_leaders_booking_for_a_board(api):
    made = api.post("/bookings", LEADER, booking_body(unit="BTGDV")).json
    resp = api.post(f"/bookings/{made['id']}/reject", OTHER_LEADER, {"reason": "trùng lịch"})
    assert resp.status_code == 200 and resp.json["status"] == "rejected" and resp.json["decided_by"] == OTHER_LEADER


def test_the_leaderships_own_booking_is_still_approved_on_creation(api):
    made = api.post("/bookings", LEADER, booking_body(unit="TU"))
    assert made.status_code == 201 and made.json["status"] == "approved" and made.json["decided_by"] == LEADER


def test_finding_10_self_approval_comes_back_only_when_configured(db):
    with fleet_app(db, FLEET_LEADERSHIP_SELF_APPROVE=True) as app:
        made = Api(app.test_client()).post("/bookings", LEADER, booking_body(unit="BTC"))
    assert made.status_code == 201 and made.json["status"] == "approved"


def test_nobody_approves_or_rejects_their_own_booking(api):
    own = api.post("/bookings", HEAD_BTC, booking_body()).json
    for action, body in (("approve", {}), ("reject", {"reason": "tự từ chối"})):
        resp = api.post(f"/bookings/{own['id']}/{action}", HEAD_BTC, body)
        assert resp.status_code == 403 and resp.json["rule"] == "own_request", resp.json
    assert api.get(f"/bookings/{own['id']}", HEAD_BTC).json["status"] == "requested"


def test_a_refused_decider_is_told_the_rule(api):
    booking = api.post("/bookings", STAFF_BTC, booking_body()).json
    resp = api.post(f"/bookings/{booking['id']}/approve", STAFF_BTC, {})
    assert resp.status_code == 403 and resp.json["rule"] == "not_a_decider"
