"""The platform foundation end to end: gateway, HR, events, replicas, board scoping, outages."""
import uuid

import requests

from buildingblocks.identity import Principal, issue_internal_token
from harness import Client, eventually


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:5].upper()}"


def fleet_driver(platform, staff_id):
    items = platform.client("doixe.vp").get("/fleet/drivers", params={"limit": 200}).json()["items"]
    return next((d for d in items if d["staff_id"] == staff_id), None)


def test_login_and_me(platform):
    resp = requests.post(f"{platform.gateway}/api/v1/auth/token", json={"username": "chuyenvien.btc", "password": "demo-2026"})
    assert resp.status_code == 200 and resp.json()["token_type"] == "Bearer"
    me = platform.client("chuyenvien.btc").get("/auth/me").json()
    assert me == {"username": "chuyenvien.btc", "staff_id": 22, "unit": "BTC", "roles": ["staff"]} or (
        me["unit"] == "BTC" and me["staff_id"] == 22 and "staff" in me["roles"])
    bad = requests.post(f"{platform.gateway}/api/v1/auth/token", json={"username": "chuyenvien.btc", "password": "wrong"})
    assert bad.status_code == 401 and bad.headers["Content-Type"].startswith("application/problem+json")


def test_unit_and_driver_created_in_hr_appear_in_fleet(platform):
    hr = platform.client("tochuc.vp")
    code = unique("E2E")
    unit = hr.post("/hr/units", {"code": code, "name": "Ban thử nghiệm", "kind": "board", "valid_from": "2025-01-01"})
    assert unit.status_code == 201, unit.text
    position = hr.post("/hr/positions", {"unit": code, "title": "Lái xe", "rank": "support", "family": "support",
                                         "quota": 2, "is_driver": True})
    assert position.status_code == 201, position.text
    staff = hr.post("/hr/staff", {"full_name": "Nguyễn Văn Lái", "unit": code, "position_id": position.json()["id"],
                                  "title_rank": "support", "licence_class": "D", "licence_expiry": "2030-01-01"})
    assert staff.status_code == 201, staff.text
    staff_id = staff.json()["id"]
    driver = eventually(lambda: fleet_driver(platform, staff_id), timeout=5)
    assert driver["full_name"] == "Nguyễn Văn Lái" and driver["licence_class"] == "D"


def test_other_boards_list_is_403_and_record_404(platform):
    btc = platform.client("chuyenvien.btc")
    btgdv = platform.client("chuyenvien.btgdv")
    # a booking of BTGDV, made by its own staff
    booking = btgdv.post("/fleet/bookings", {"purpose": "Họp", "destination": "Huyện A", "start_at": "2031-03-02T08:00:00+07:00",
                                              "end_at": "2031-03-02T11:00:00+07:00", "passengers": 2})
    assert booking.status_code == 201, booking.text
    assert btc.get("/fleet/bookings", params={"unit": "BTGDV"}).status_code == 403
    assert btc.get(f"/fleet/bookings/{booking.json()['id']}").status_code == 404
    own = btc.get("/fleet/bookings").json()["items"]
    assert all(b["unit"] == "BTC" for b in own)
    assert btgdv.get(f"/fleet/bookings/{booking.json()['id']}").status_code == 200


def test_forged_identity_headers_change_nothing(platform):
    btc = platform.client("chuyenvien.btc")
    forged_token = issue_internal_token("not-the-gateway-secret-0123456789abcdef", Principal("bithu", 1, "TU", frozenset({"leadership"})), audience="finance")
    headers = {"X-Internal-Token": forged_token, "X-Unit": "BTGDV", "X-Roles": "leadership", "X-User": "bithu",
               "X-Principal": "bithu"}
    resp = btc.get("/fleet/bookings", params={"unit": "BTGDV"}, headers=headers)
    assert resp.status_code == 403
    me = btc.get("/auth/me", headers=headers).json()
    assert me["username"] == "chuyenvien.btc" and me["unit"] == "BTC"


def test_service_without_internal_token_is_401(platform):
    for name in ("hr", "finance", "assets", "fleet"):
        resp = requests.get(f"{platform.service_url(name)}/openapi.json")
        assert resp.status_code == 200
        first_path = next(p for p in resp.json()["paths"] if "{" not in p)
        direct = requests.get(platform.service_url(name) + first_path, headers={"X-Unit": "VP", "X-Roles": "leadership"})
        assert direct.status_code == 401, (name, first_path, direct.status_code)
        assert direct.headers["Content-Type"].startswith("application/problem+json")


def test_unauthenticated_and_unknown_routes(platform):
    assert requests.get(f"{platform.gateway}/api/v1/fleet/bookings").status_code == 401
    c = platform.client("chuyenvien.btc")
    assert c.get("/nosuchservice/things").status_code == 404
    assert c.get("/fleet/metrics").status_code in (403, 404)


def test_user_transferred_in_hr_follows_to_new_board(platform):
    hr = platform.client("tochuc.vp")
    admin = platform.client("admin")
    # a new staff member at BNC with a login
    pos = hr.get("/hr/positions", params={"unit": "BNC", "limit": 200}).json()["items"]
    specialist = next(p for p in pos if p["rank"] == "specialist")
    staff = hr.post("/hr/staff", {"full_name": "Người Chuyển Công Tác", "unit": "BNC", "position_id": specialist["id"],
                                  "title_rank": "specialist"})
    assert staff.status_code == 201, staff.text
    staff_id = staff.json()["id"]
    username = f"moved.{uuid.uuid4().hex[:6]}"
    created = admin.post("/admin/users", {"username": username, "password": "moved-pass-1", "unit": "BNC",
                                          "roles": ["staff"], "staff_id": staff_id})
    assert created.status_code == 201, created.text
    user = Client(platform.gateway, platform.token(username, "moved-pass-1"))
    bnc_booking = platform.client("chuyenvien.bnc").post("/fleet/bookings", {
        "purpose": "Kiểm tra", "destination": "Xã B", "start_at": "2031-04-02T08:00:00+07:00",
        "end_at": "2031-04-02T10:00:00+07:00", "passengers": 1}).json()
    ubkt_pos = next(p for p in hr.get("/hr/positions", params={"unit": "UBKT", "limit": 200}).json()["items"]
                    if p["rank"] == "specialist")
    ubkt_booking = platform.client("kiemtra.ubkt").post("/fleet/bookings", {
        "purpose": "Giám sát", "destination": "Xã C", "start_at": "2031-04-03T08:00:00+07:00",
        "end_at": "2031-04-03T10:00:00+07:00", "passengers": 1}).json()
    assert user.get(f"/fleet/bookings/{bnc_booking['id']}").status_code == 200
    assert user.get(f"/fleet/bookings/{ubkt_booking['id']}").status_code == 404
    moved = hr.patch(f"/hr/staff/{staff_id}", {"unit": "UBKT", "position_id": ubkt_pos["id"]})
    assert moved.status_code == 200, moved.text
    eventually(lambda: user.get("/auth/me").json()["unit"] == "UBKT", timeout=5)
    assert user.get(f"/fleet/bookings/{bnc_booking['id']}").status_code == 404
    assert user.get(f"/fleet/bookings/{ubkt_booking['id']}").status_code == 200
    assert user.get("/fleet/bookings", params={"unit": "BNC"}).status_code == 403


def test_broker_outage_loses_nothing(platform):
    hr = platform.client("tochuc.vp")
    position = next(p for p in hr.get("/hr/positions", params={"unit": "VP-QT", "limit": 200}).json()["items"]
                    if p.get("is_driver"))
    platform.proxy.cut()
    try:
        created = []
        for i in range(5):
            resp = hr.post("/hr/staff", {"full_name": f"Lái xe dự phòng {i}", "unit": "VP-QT",
                                         "position_id": position["id"], "title_rank": "support",
                                         "licence_class": "D", "licence_expiry": "2032-01-01"})
            if resp.status_code == 409:  # the quota of the driver position is full: raise it and retry
                hr.patch(f"/hr/positions/{position['id']}", {"quota": position["quota"] + 10})
                resp = hr.post("/hr/staff", {"full_name": f"Lái xe dự phòng {i}", "unit": "VP-QT",
                                             "position_id": position["id"], "title_rank": "support",
                                             "licence_class": "D", "licence_expiry": "2032-01-01"})
            assert resp.status_code == 201, resp.text
            created.append(resp.json()["id"])
        # the contract (amended 2026-12-04): web processes stay ready through a broker outage,
        # workers are not ready without the broker
        for name in platform.packages:
            eventually(lambda: requests.get(f"{platform.worker_url(name)}/health/ready").status_code == 503, timeout=15)
        for name in platform.packages:
            if name != "gateway":
                ready = requests.get(f"{platform.service_url(name)}/health/ready", timeout=10)
                assert ready.status_code == 200, (name, ready.text)
    finally:
        platform.proxy.restore()
    for name in platform.packages:
        eventually(lambda: requests.get(f"{platform.worker_url(name)}/health/ready").status_code == 200, timeout=30)
    for staff_id in created:
        eventually(lambda: fleet_driver(platform, staff_id), timeout=30)
    drivers = platform.client("doixe.vp").get("/fleet/drivers", params={"limit": 200}).json()["items"]
    assert sorted(d["staff_id"] for d in drivers if d["staff_id"] in created) == sorted(created)


def duplicates_seen(platform, service: str, type_: str) -> float:
    text = requests.get(f"{platform.worker_url(service)}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith("events_duplicate_total{") and f'type="{type_}"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_duplicate_event_applies_once_in_replica(platform):
    from buildingblocks.config import Settings
    from buildingblocks.messaging import publish_raw

    settings = Settings.from_env("e2e", broker_url=platform.base_env["BROKER_URL"],
                                 exchange=platform.base_env["EVENTS_EXCHANGE"])
    staff_id = 900000 + int(uuid.uuid4().int % 99999)
    data = {"id": staff_id, "full_name": "Lái xe trùng lặp", "unit": "VP", "previous_unit": None, "position_id": None,
            "position_title": "Lái xe", "position_rank": "support", "position_family": "support", "is_driver": True,
            "title_rank": "support", "licence_class": "D", "licence_expiry": "2031-01-01", "status": "active"}
    before = duplicates_seen(platform, "fleet", "hr.staff.hired")
    event = publish_raw(settings, "hr.staff.hired", data, unit="VP", source="hr")
    publish_raw(settings, "hr.staff.hired", {**data, "full_name": "Changed by the duplicate"}, unit="VP",
                event_id=event.id, source="hr")
    eventually(lambda: duplicates_seen(platform, "fleet", "hr.staff.hired") >= before + 1, timeout=5)
    assert fleet_driver(platform, staff_id)["full_name"] == "Lái xe trùng lặp"


def test_request_id_travels(platform):
    resp = platform.client("chuyenvien.btc").get("/fleet/bookings", headers={"X-Request-ID": "e2e-trace-1"})
    assert resp.headers["X-Request-ID"] == "e2e-trace-1"
    # the same id in the gateway's access line and in the service's
    for log in ("gateway-web", "fleet-web"):
        eventually(lambda: "e2e-trace-1" in (platform.logdir / f"{log}.log").read_text(), timeout=5)


def test_openapi_merged_and_docs_served_locally(platform):
    spec = requests.get(f"{platform.gateway}/api/v1/openapi.json").json()
    paths = spec["paths"]
    for prefix in ("/api/v1/hr/", "/api/v1/finance/", "/api/v1/assets/", "/api/v1/fleet/", "/api/v1/auth/"):
        assert any(p.startswith(prefix) for p in paths), prefix
    docs = requests.get(f"{platform.gateway}/api/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "unpkg" not in docs.text.lower()


def test_metrics_and_health_everywhere(platform):
    for name in platform.packages:
        assert requests.get(f"{platform.service_url(name)}/health/live").status_code == 200
        assert requests.get(f"{platform.service_url(name)}/health/ready").status_code == 200
        # the gateway's web metrics are on METRICS_PORT, never on its public port (issue 10)
        web_metrics = (f"http://127.0.0.1:{platform.gateway_metrics_port}" if name == "gateway"
                       else platform.service_url(name))
        text = requests.get(f"{web_metrics}/metrics").text
        assert "http_requests_total" in text
        worker = requests.get(f"{platform.worker_url(name)}/metrics").text
        assert "outbox_backlog" in worker or "events_published_total" in worker
