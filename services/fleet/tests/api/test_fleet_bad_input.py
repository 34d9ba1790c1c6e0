"""Nothing a client sends may cause a 500: every route with missing, malformed and hostile input."""
import pytest

from fleet_testkit import FLEET, LEADER, STAFF_BTC

ROUTES = [
    ("GET", "/vehicles"), ("POST", "/vehicles"), ("GET", "/vehicles/{v}"), ("PATCH", "/vehicles/{v}"),
    ("GET", "/vehicles/{v}/schedule"),
    ("GET", "/drivers"), ("GET", "/drivers/10"), ("PATCH", "/drivers/10"), ("GET", "/drivers/10/schedule"),
    ("GET", "/bookings"), ("POST", "/bookings"), ("GET", "/bookings/{b}"),
    ("POST", "/bookings/{b}/approve"), ("POST", "/bookings/{b}/reject"), ("POST", "/bookings/{b}/cancel"),
    ("POST", "/bookings/{b}/dispatch"), ("POST", "/bookings/{b}/start"), ("POST", "/bookings/{b}/complete"),
    ("GET", "/availability"), ("GET", "/schedule"), ("GET", "/utilization"),
    ("GET", "/maintenance/plans"), ("POST", "/maintenance/plans"), ("PATCH", "/maintenance/plans/{p}"),
    ("GET", "/maintenance/due"), ("GET", "/maintenance/records"), ("POST", "/maintenance/records"),
    ("GET", "/maintenance/records/{r}"), ("POST", "/maintenance/records/{r}/complete"),
    ("GET", "/bookings/{b}/order.pdf"), ("GET", "/bookings/{b}/attachments"), ("POST", "/bookings/{b}/attachments"),
    ("GET", "/bookings/{b}/attachments/1"), ("GET", "/maintenance/records/{r}/attachments"),
    ("POST", "/maintenance/records/{r}/attachments"), ("GET", "/maintenance/records/{r}/attachments/1"),
]

HOSTILE_VALUES = ["", "x", "-1", "0", "99999999999999999999", "1e400", "nan", "\x00", "null", "[]", "{}",
                  "2026-02-30", "2026-01-01T08:00:00", "' OR 1=1 --", "ü" * 600]
QUERY_NAMES = ["unit", "status", "limit", "cursor", "vehicle_id", "driver_id", "start", "end", "from", "to",
               "seats", "passengers", "group_by", "as_of", "all", "pool", "min_seats", "start_from", "include_left"]
BODY_NAMES = ["plate", "seats", "fuel_norm_l_per_100km", "odometer_km", "status", "unit", "purpose", "start_at",
              "end_at", "passengers", "vehicle_id", "driver_id", "odometer_start_km", "odometer_end_km", "fuel_litres",
              "fuel_cost_vnd", "ended_at", "reason", "note", "licence_class", "licence_expiry", "title",
              "interval_km", "interval_days", "description", "start_on", "done_on", "cost_vnd", "holder_staff_id"]
BODY_VALUES = [None, -1, 0, 2**63, 1.5, "x", "\x00", "\ud800", [], {}, True, "9" * 400]


@pytest.fixture()
def ids(flow, api):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=10)
    plan = api.post("/maintenance/plans", FLEET, {"vehicle_id": car["id"], "title": "x", "interval_km": 100}).json
    record = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "x",
                                                      "start_on": "2030-01-01"}).json
    return {"v": car["id"], "b": booking["id"], "p": plan["id"], "r": record["id"]}


def test_no_token_is_401_everywhere(api, ids):
    for method, path in ROUTES:
        resp = api.call(method, path.format(**ids), None, body={} if method != "GET" else None)
        assert resp.status_code == 401, (method, path)
        assert resp.mimetype == "application/problem+json"


def test_a_forged_token_is_401(api):
    resp = api.client.get("/vehicles", headers={"X-Internal-Token": "a.b.c", "X-Principal": "admin"})
    assert resp.status_code == 401


def test_unknown_routes_methods_and_ids_are_4xx_problems(api):
    assert api.get("/nothing", FLEET).status_code == 404
    assert api.call("DELETE", "/vehicles", FLEET).status_code == 405
    for path in ("/vehicles/99999999999", "/bookings/0", "/bookings/-1", "/bookings/abc", "/drivers/99999999999",
                 "/maintenance/records/99999999999"):
        resp = api.get(path, FLEET)
        assert resp.status_code == 404, path
        assert resp.mimetype == "application/problem+json"


def test_hostile_query_values_never_500(api, ids):
    for method, path in ROUTES:
        if method != "GET":
            continue
        for name in QUERY_NAMES:
            for value in HOSTILE_VALUES:
                resp = api.get(path.format(**ids), LEADER if "schedule" not in path else FLEET,
                               query={name: value})
                assert resp.status_code < 500, (path, name, value, resp.json)


def test_query_strings_that_are_not_utf8_never_500(api, ids):
    for method, path in ROUTES:
        if method == "GET":
            resp = api.get(path.format(**ids) + "?unit=%ff%fe&from=%c3%28&start=%80", LEADER)
            assert resp.status_code < 500, path


def test_hostile_bodies_never_500(api, ids):
    for method, path in ROUTES:
        if method == "GET":
            continue
        for name in BODY_NAMES:
            for value in BODY_VALUES:
                resp = api.call(method, path.format(**ids), FLEET, body={name: value})
                assert resp.status_code < 500, (method, path, name, value, resp.json)
        for raw in ("not json", "[1]", '"text"', "null", "{" * 50, '{"a": ' * 2000 + "1" + "}" * 2000):
            resp = api.call(method, path.format(**ids), FLEET, body=raw)
            assert 400 <= resp.status_code < 500, (method, path, raw[:20])


def test_a_bad_cursor_is_4xx(api, ids):
    for path in ("/vehicles", "/bookings", "/drivers", "/maintenance/plans", "/maintenance/records"):
        for cursor in ("garbage", "WyJ4Il0", "W251bGxd"):  # not base64 json, ["x"], [null]
            resp = api.get(path, FLEET, query={"cursor": cursor})
            assert 400 <= resp.status_code < 500, (path, cursor)


def test_idempotency_key_returns_the_first_answer(api):
    from fleet_testkit import booking_body

    headers = {"Idempotency-Key": "book-once-1"}
    first = api.post("/bookings", STAFF_BTC, booking_body(), headers=headers)
    second = api.post("/bookings", STAFF_BTC, booking_body(), headers=headers)
    assert first.status_code == second.status_code == 201 and first.json["id"] == second.json["id"]
    assert len(api.get("/bookings", STAFF_BTC).json["items"]) == 1
