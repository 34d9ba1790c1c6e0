"""Issue 10's findings, each reproduced through the gateway on the real processes as the issue
describes it, asserting that the exploit now fails."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid

import pytest
import requests

from buildingblocks.identity import INTERNAL_HEADER, Principal, issue_internal_token
from harness import Client, eventually, free_port
from security_world import YEAR, ok

WAIT = 30
TZ = dt.timezone(dt.timedelta(hours=7))


def unique() -> str:
    return uuid.uuid4().hex[:6]


def booking_body(**extra) -> dict:
    start = dt.datetime.now(TZ).replace(microsecond=0) + dt.timedelta(days=40, hours=int(uuid.uuid4().int % 500))
    return {"purpose": "Công tác kiểm tra", "destination": "Huyện Sóc Sơn", "passengers": 2,
            "start_at": start.isoformat(), "end_at": (start + dt.timedelta(hours=3)).isoformat(), **extra}


def me(client: Client) -> dict:
    return ok(client.get("/auth/me"))


def position_with_room(hr: Client, unit: str, ranks: tuple[str, ...]) -> dict:
    positions = ok(hr.get("/hr/positions", params={"unit": unit, "limit": 200}))["items"]
    position = next(p for p in positions if p["rank"] in ranks and not p.get("is_driver"))
    if position["filled"] >= position["quota"]:
        ok(hr.patch(f"/hr/positions/{position['id']}", {"quota": position["filled"] + 2}))
    return position


# -- 1 -------------------------------------------------------------------------------------------
def test_1_a_demoted_or_moved_head_loses_unit_head(platform, world):
    hr, admin = platform.client("tochuc.vp"), platform.client("admin")
    deputy = position_with_room(hr, "BTC", ("deputy", "head"))
    specialist = position_with_room(hr, "BTC", ("specialist",))
    person = ok(hr.post("/hr/staff", {"full_name": f"Phó Ban Thử {unique()}", "unit": "BTC",
                                      "position_id": deputy["id"], "title_rank": "board_deputy"}), 201)
    username = f"pho.btc.{unique()}"
    ok(admin.post("/admin/users", {"username": username, "password": "pho-btc-2026", "unit": "BTC",
                                   "roles": ["staff", "unit_head"], "staff_id": person["id"]}), 201)
    head = Client(platform.gateway, platform.token(username, "pho-btc-2026"))
    assert "unit_head" in me(head)["roles"]
    btc_booking = ok(platform.client("chuyenvien.btc").post("/fleet/bookings", booking_body()), 201)

    # demoted inside the same board: no longer an approver of BTC
    ok(hr.patch(f"/hr/staff/{person['id']}", {"position_id": specialist["id"], "title_rank": "specialist"}))
    eventually(lambda: "unit_head" not in me(head)["roles"], timeout=WAIT, interval=0.5)
    assert head.post(f"/fleet/bookings/{btc_booking['id']}/approve", {}).status_code == 403

    # moved to BNC without a position: not an approver of BNC either
    bnc_booking = ok(platform.client("chuyenvien.bnc").post("/fleet/bookings", booking_body()), 201)
    ok(hr.patch(f"/hr/staff/{person['id']}", {"unit": "BNC", "position_id": None}))
    eventually(lambda: me(head)["unit"] == "BNC", timeout=WAIT, interval=0.5)
    assert "unit_head" not in me(head)["roles"]
    assert head.post(f"/fleet/bookings/{bnc_booking['id']}/approve", {}).status_code == 403
    assert ok(platform.client("truongban.btgdv").get("/auth/me"))  # the demo is untouched


# -- 2 -------------------------------------------------------------------------------------------
def test_2_a_head_cannot_approve_a_purchase_he_edited_for_himself(platform, world):
    staff, head = platform.client("chuyenvien.btgdv"), platform.client("truongban.btgdv")
    head_id = me(head)["staff_id"]
    draft = ok(staff.post("/assets/procurements", {"lines": [
        {"category": "other_machinery", "description": "Máy hủy tài liệu", "quantity": 1, "unit_price_vnd": 3_000_000}]}), 201)
    laptop = [{"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
               "unit_price_vnd": 15_000_000, "beneficiary_staff_id": head_id}]
    edited = head.patch(f"/assets/procurements/{draft['id']}", {"lines": laptop})
    assert edited.status_code == 200, edited.text
    ok(head.post(f"/assets/procurements/{draft['id']}/submit"), 200, 202)
    eventually(lambda: ok(head.get(f"/assets/procurements/{draft['id']}"))["status"] == "pending_approval",
               timeout=WAIT, interval=0.5)  # finance reserved the money: now it could be decided
    refused = head.post(f"/assets/procurements/{draft['id']}/approve", {})
    assert refused.status_code == 403, refused.text
    record = ok(head.get(f"/assets/procurements/{draft['id']}"))
    assert record["status"] != "approved"
    assert "truongban.btgdv" in json.dumps(record.get("history") or record.get("steps") or record), \
        "the head's edit is recorded in the request's history"


# -- 3 -------------------------------------------------------------------------------------------
def test_3_an_expense_cannot_name_another_boards_person(platform, world):
    btc = platform.client("chuyenvien.btc")
    bnc_person = me(platform.client("chuyenvien.bnc"))["staff_id"]
    resp = btc.post("/finance/expenses", {"category": "stationery", "amount_vnd": 100_000,
                                          "beneficiary_staff_id": bnc_person, "date": f"{YEAR}-07-01",
                                          "description": "Chi hộ ban khác"})
    assert resp.status_code in (403, 404, 422), resp.text
    assert resp.status_code != 201
    if resp.status_code == 422:
        assert "beneficiary_staff_id" in json.dumps(resp.json().get("errors", {}))
    listed = ok(platform.client("ketoan.vp").get("/finance/expenses", params={"unit": "BTC", "limit": 200}))["items"]
    assert all(e["beneficiary_staff_id"] != bnc_person for e in listed)


# -- 5 -------------------------------------------------------------------------------------------
def second_gateway_env(platform, tmp_path) -> dict[str, str]:
    """The platform gateway's environment for another gateway process beside it: its own ports and
    its own metrics directory (gunicorn empties that directory when it starts)."""
    env = platform.env_for("gateway")
    env.update({"PORT": str(free_port()), "METRICS_PORT": str(free_port()), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    return env


@pytest.mark.parametrize("secret, value", [("JWT_SECRET", None), ("JWT_SECRET", "change-me"),
                                           ("INTERNAL_TOKEN_SECRET", None), ("INTERNAL_TOKEN_SECRET", "short")])
def test_5_the_gateway_refuses_to_start_with_a_missing_or_weak_secret(platform, tmp_path, secret, value):
    env = second_gateway_env(platform, tmp_path)
    env.pop("OFFICE_ENV", None)
    if value is None:
        env.pop(secret, None)
    else:
        env[secret] = value
    gateway = platform.packages["gateway"]
    proc = subprocess.Popen(gateway.web_command(), cwd=gateway.path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    started = False
    while proc.poll() is None and time.monotonic() < deadline and not started:
        started = _answers(f"http://127.0.0.1:{env['PORT']}/health/live")
        time.sleep(0.3)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert not started, f"the gateway serves with {secret}={value!r}"
    assert proc.returncode != 0
    assert secret in out.decode(errors="replace")


def test_5_an_internal_token_for_one_service_is_refused_by_another(platform):
    principal = Principal("bithu", 1, "TU", frozenset({"leadership"}))
    for_hr = issue_internal_token(platform.secret, principal, audience="hr")
    assert requests.get(f"{platform.service_url('hr')}/units", headers={INTERNAL_HEADER: for_hr}, timeout=10).status_code == 200
    for other in ("finance", "assets", "fleet"):
        path = {"finance": "/regulations", "assets": "/categories", "fleet": "/vehicles"}[other]
        resp = requests.get(f"{platform.service_url(other)}{path}", headers={INTERNAL_HEADER: for_hr}, timeout=10)
        assert resp.status_code == 401, (other, resp.status_code, resp.text[:200])


# -- 6 -------------------------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")'


def test_6_csv_exports_escape_formulas(platform, world):
    hr, ketoan = platform.client("tochuc.vp"), platform.client("ketoan.vp")
    code = f"F{unique().upper()}"
    ok(hr.post("/hr/units", {"code": code, "name": "Ban thử công thức", "kind": "board"}), 201)
    ok(hr.patch(f"/hr/units/{code}", {"name": FORMULA}))
    eventually(lambda: ketoan.post("/finance/budgets", {"fiscal_year": YEAR, "unit": code, "category": "stationery",
                                                        "allocated_vnd": 1_000_000, "reason": "thử"}).status_code == 201,
               timeout=WAIT, interval=0.5)
    exports = {"finance": ("/finance/reports/budgets.csv", ketoan), "hr": ("/hr/staffing.csv", hr)}
    for service, (path, client) in exports.items():
        def exported():
            text = client.get(path, params={"unit": code, "fiscal_year": YEAR}).text
            return text if "HYPERLINK" in text else None
        text = eventually(exported, timeout=WAIT, interval=0.5)
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(cell), (service, cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


# -- 7 -------------------------------------------------------------------------------------------
def test_7_public_port_serves_no_metrics_and_terse_health(platform):
    scraped = requests.get(f"http://127.0.0.1:{platform.env_for('gateway')['METRICS_PORT']}/metrics", timeout=10)
    assert scraped.status_code == 200 and "# TYPE" in scraped.text, "Prometheus still finds them on METRICS_PORT"
    resp = requests.get(f"{platform.gateway}/metrics", timeout=10)
    assert resp.status_code in (403, 404), resp.status_code
    assert "# TYPE" not in resp.text
    ready = requests.get(f"{platform.gateway}/health/ready", timeout=10)
    assert ready.status_code == 200
    text = ready.text.lower()
    for detail in ("postgres", "database", "broker", "amqp", "rabbit", "latency", "hr", "finance"):
        assert detail not in text, (detail, ready.text)


# -- 8 -------------------------------------------------------------------------------------------
BAD_UPSTREAM = {
    "two-content-lengths": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "length-and-chunked": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "plus-length": b"HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n{}",
    "underscore-length": b"HTTP/1.1 200 OK\r\nContent-Length: 0_2\r\n\r\n{}",
    "negative-length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
    "hex-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
    "non-ascii-status": "HTTP/1.1 २00 OK\r\nContent-Length: 2\r\n\r\n{}".encode(),
    "short-status": b"HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\n{}",
}


class FakeUpstream:
    """A socket server that answers `/units/<case>` with BAD_UPSTREAM[case], byte for byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode()
            case = path.rsplit("/", 1)[-1].split("?")[0]
            if path.startswith("/health"):
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{"status":"ok"}')
            else:
                conn.sendall(BAD_UPSTREAM.get(case, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def gateway_to_fake_hr(platform, tmp_path_factory):
    fake = FakeUpstream()
    env = second_gateway_env(platform, tmp_path_factory.mktemp("fake-hr-gateway-metrics"))
    port = int(env["PORT"])
    env.update({"HR_URL": f"http://127.0.0.1:{fake.port}", "WEB_CONCURRENCY": "1"})
    gateway = platform.packages["gateway"]
    proc = subprocess.Popen(gateway.web_command(), cwd=gateway.path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: _answers(f"{base}/health/live"), timeout=60, interval=0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        fake.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.mark.parametrize("case", sorted(BAD_UPSTREAM))
def test_8_malformed_upstream_responses_are_502(platform, gateway_to_fake_hr, case):
    token = platform.token("kiemtra.ubkt")
    resp = requests.get(f"{gateway_to_fake_hr}/api/v1/hr/units/{case}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert resp.status_code == 502, (case, resp.status_code, resp.text[:200])


# -- 9 -------------------------------------------------------------------------------------------
def test_9_the_merged_openapi_is_valid(platform):
    from openapi_spec_validator import validate

    doc = requests.get(f"{platform.gateway}/api/v1/openapi.json", timeout=30).json()
    validate(doc)
    wear = doc["components"]["schemas"]
    for name, schema in wear.items():
        for field, prop in (schema.get("properties") or {}).items():
            for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if bound in prop:
                    assert isinstance(prop[bound], (int, float)), (name, field, bound, prop[bound])


# -- 10 ------------------------------------------------------------------------------------------
def test_10_leadership_booking_for_another_board_is_not_self_approved(platform, world):
    bithu = platform.client("bithu")
    booking = ok(bithu.post("/fleet/bookings", booking_body(unit="BTGDV")), 201)
    assert booking["status"] == "requested", booking
    assert bithu.post(f"/fleet/bookings/{booking['id']}/approve", {}).status_code == 403
    approved = ok(platform.client("truongban.btgdv").post(f"/fleet/bookings/{booking['id']}/approve", {}))
    assert approved["status"] == "approved"
