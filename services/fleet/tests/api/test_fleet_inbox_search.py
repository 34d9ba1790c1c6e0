"""Issue 11 in this service: GET /inbox (what the caller may decide now) and ?q= search that ignores
case and Vietnamese diacritics, within what the caller may see, with the filters and pagination."""
from fleet_testkit import (
    AUDITOR,
    FLEET,
    HEAD_BTC,
    HEAD_BTGDV,
    LEADER,
    STAFF_BTC,
    STAFF_BTGDV,
    at,
    booking_body,
)

OTHER_LEADER = "phobithu"


def inbox(api, who) -> dict:
    resp = api.get("/inbox", who)
    assert resp.status_code == 200, resp.json
    return resp.json


def ids(answer) -> list[int]:
    return [item["id"] for item in answer["items"]]


def test_the_unit_head_sees_their_boards_requests_oldest_first_never_their_own(api, flow):
    first = flow.booking(who=STAFF_BTC, purpose="Họp chi bộ", destination="Xã Đông Hòa")
    flow.booking(who=STAFF_BTGDV)
    own = flow.booking(who=HEAD_BTC)
    second = flow.booking(who=STAFF_BTC, days=3)
    answer = inbox(api, HEAD_BTC)
    assert ids(answer) == [first["id"], second["id"]] and own["id"] not in ids(answer)
    item = answer["items"][0]
    assert item == {"service": "fleet", "kind": "booking", "id": first["id"], "unit": "BTC",
                    "title": "Đặt xe: Họp chi bộ, đến Xã Đông Hòa", "amount_vnd": None,
                    "requested_by": STAFF_BTC, "requested_at": item["requested_at"],
                    "actions": ["approve", "reject"]}
    assert answer["counts"] == {"fleet.booking": 2}
    # what the inbox offers, the action accepts; decided, it leaves the inbox
    assert api.post(f"/bookings/{first['id']}/approve", HEAD_BTC, {}).status_code == 200
    assert ids(inbox(api, HEAD_BTC)) == [second["id"]]


def test_the_leadership_sees_every_board_but_not_its_own_requests(api, flow):
    btc = flow.booking(who=STAFF_BTC)
    mine = api.post("/bookings", LEADER, booking_body(unit="BTGDV")).json
    assert mine["status"] == "requested"
    assert ids(inbox(api, LEADER)) == [btc["id"]]
    assert ids(inbox(api, OTHER_LEADER)) == [btc["id"], mine["id"]]
    assert api.post(f"/bookings/{mine['id']}/approve", LEADER, {}).status_code == 403


def test_the_fleet_office_sees_approved_bookings_to_dispatch(api, flow):
    waiting = flow.approved()
    flow.booking()  # requested: not the fleet office's to decide
    answer = inbox(api, FLEET)
    assert ids(answer) == [waiting["id"]] and answer["items"][0]["actions"] == ["dispatch"]
    car = flow.vehicle()
    resp = api.post(f"/bookings/{waiting['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 10})
    assert resp.status_code == 200
    assert inbox(api, FLEET) == {"items": [], "counts": {}}


def test_staff_and_auditors_have_nothing_to_decide(api, flow):
    flow.booking()
    flow.approved()
    for who in (STAFF_BTC, AUDITOR, HEAD_BTGDV):
        assert inbox(api, who) == {"items": [], "counts": {}}


def test_bookings_are_found_regardless_of_case_and_diacritics(api, flow):
    hit = flow.booking(purpose="Kiểm tra Đảng ủy xã", destination="Huyện Đông Anh")
    heads = flow.booking(who=HEAD_BTC, purpose="Họp giao ban", destination="Thành phố")
    for q in ("kiem tra dang", "KIỂM TRA ĐẢNG", "dong anh", "Đông   ANH", "mai van phuc", "MAI VĂN PHÚC"):
        assert ids(api.get("/bookings", HEAD_BTC, query={"q": q}).json) == [hit["id"]], q
    assert ids(api.get("/bookings", HEAD_BTC, query={"q": "trinh quang dung"}).json) == [heads["id"]]
    assert api.get("/bookings", HEAD_BTC, query={"q": "kiem hop"}).json["items"] == []
    assert api.get("/bookings", HEAD_BTC, query={"q": "100%_"}).json["items"] == []


def test_booking_search_stays_within_what_the_caller_sees_and_keeps_the_filters(api, flow):
    mine = [flow.booking(purpose="Công tác huyện", days=d)["id"] for d in (2, 3, 4)]
    other = flow.booking(who=STAFF_BTGDV, purpose="Công tác huyện")
    assert ids(api.get("/bookings", STAFF_BTC, query={"q": "cong tac"}).json) == mine[::-1]
    assert other["id"] in ids(api.get("/bookings", FLEET, query={"q": "cong tac"}).json)
    api.post(f"/bookings/{mine[0]}/approve", HEAD_BTC, {})
    assert ids(api.get("/bookings", STAFF_BTC, query={"q": "cong tac", "status": "approved"}).json) == [mine[0]]
    page = api.get("/bookings", STAFF_BTC, query={"q": "cong tac", "limit": 2}).json
    assert ids(page) == [mine[2], mine[1]]
    rest = api.get("/bookings", STAFF_BTC, query={"q": "cong tac", "limit": 2, "cursor": page["next_cursor"]}).json
    assert ids(rest) == [mine[0]] and rest["next_cursor"] is None
    window = api.get("/bookings", STAFF_BTC, query={"q": "cong", "start_from": at(3, 0), "start_to": at(4, 0)})
    assert ids(window.json) == [mine[1]]


def test_vehicles_are_found_by_plate_with_or_without_dots_and_by_model(api, flow):
    camry = flow.vehicle("36A-001.01", model="Toyota Camry 2.5Q")
    transit = flow.vehicle("36B-016.16", seats=16, model="Ford Transit 16 chỗ")
    for q in ("36A-001.01", "36a00101", "36A-00101", "001.01", "camry", "TOYOTA camry"):
        assert ids(api.get("/vehicles", STAFF_BTC, query={"q": q}).json) == [camry["id"]], q
    assert ids(api.get("/vehicles", STAFF_BTC, query={"q": "16 cho"}).json) == [transit["id"]]
    assert ids(api.get("/vehicles", STAFF_BTC, query={"q": "36", "min_seats": 10}).json) == [transit["id"]]
    renamed = api.patch(f"/vehicles/{camry['id']}", FLEET, {"model": "Lexus ES"})
    assert renamed.status_code == 200
    assert api.get("/vehicles", STAFF_BTC, query={"q": "camry"}).json["items"] == []
    assert ids(api.get("/vehicles", STAFF_BTC, query={"q": "lexus"}).json) == [camry["id"]]


def test_drivers_are_found_by_name_regardless_of_diacritics(api):
    for q in ("phan van hung", "PHAN VĂN HÙNG", "hùng"):
        assert [d["staff_id"] for d in api.get("/drivers", FLEET, query={"q": q}).json["items"]] == [10], q
    assert [d["staff_id"] for d in api.get("/drivers", FLEET, query={"q": "dang van son"}).json["items"]] == [11]
    assert [d["staff_id"] for d in api.get("/drivers", FLEET, query={"q": "van", "licence_class": "D"}).json["items"]] \
        == [10, 34]
    assert api.get("/drivers", STAFF_BTC, query={"q": "hung"}).status_code == 403


def test_a_bad_query_is_422_never_500(api):
    for path in ("/vehicles", "/drivers", "/bookings"):
        assert api.get(path, FLEET, query={"q": "x" * 201}).status_code == 422
        assert api.get(path, FLEET, query={"q": "a\x00b"}).status_code == 400
