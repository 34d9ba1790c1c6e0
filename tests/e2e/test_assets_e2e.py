"""The assets service end to end, through the gateway and RabbitMQ, with finance, fleet, HR and the
gateway running as real processes.

Every test works on boards of its own (made in HR at the start of the module, with their staff and
logins), on budgets of its own (board, fiscal year) and on tags and plates of its own, so that the
figures asserted are exact whatever other modules do on the shared platform.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import create_engine, text

from harness import Client, eventually

OFFICE_TZ = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime.now(OFFICE_TZ).date()
YEAR = TODAY.year
PASSWORD = "e2e-assets-pass-1"
WAIT = 30  # seconds for an event to travel (the machine is shared and slow)
# a fiscal year long before the demo register (wear from 2018): this module's own wear runs
WEAR_YEAR = 2004


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6].upper()}"


def is_problem(resp, status: int) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    assert resp.headers.get("Content-Type", "").startswith("application/problem+json"), resp.headers
    return resp.json()


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:800]}"
    return resp.json()


# -- the module's own organisation ------------------------------------------------------------------


class Org:
    """Boards, staff and logins of this module: A buys (and is refused nothing), B is refused for
    lack of budget and is the 'other board' of the scoping checks, C and D are stock-taken, W is
    worn."""

    def __init__(self, platform):
        self.platform = platform
        self.tag = uuid.uuid4().hex[:5].upper()
        self.A, self.B, self.C, self.D, self.W = (f"E2E{x}{self.tag}" for x in "ABCDW")
        self.staff: dict[str, int] = {}
        self.clients: dict[str, Client] = {}
        self.fleet_ids: list[int] = []  # vehicles this module put straight into fleet's pool
        self.car_assets: set[int] = set()  # vehicle assets it registered (fleet adds them to the pool)

    def client(self, name: str) -> Client:
        """A client of this module's own login `name` (a.staff, a.head, b.staff, ...), or a demo user."""
        if name in self.clients:
            return self.clients[name]
        return self.platform.client(name)

    def make(self) -> "Org":
        hr = self.platform.client("tochuc.vp")
        admin = self.platform.client("admin")
        for code in (self.A, self.B, self.C, self.D, self.W):
            ok(hr.post("/hr/units", {"code": code, "name": f"Ban thử nghiệm tài sản {code}", "kind": "board"}), 201)
        people = [
            ("a.head", self.A, "board_head"), ("a.s1", self.A, "specialist"), ("a.s2", self.A, "specialist"),
            ("a.s3", self.A, "specialist"), ("a.s4", self.A, "specialist"), ("a.s5", self.A, "specialist"),
            ("b.head", self.B, "board_head"), ("b.s1", self.B, "specialist"),
            ("c.s1", self.C, "specialist"),
        ]
        # a unit head holds the board's head position: the gateway recomputes a linked user's roles from
        # each staff event, and only a head or deputy position keeps unit_head (security finding 1)
        heads = {unit: ok(hr.post("/hr/positions", {"unit": unit, "title": "Trưởng ban", "rank": "head",
                                                    "family": "leadership", "quota": 1}), 201)["id"]
                 for unit in (self.A, self.B)}
        for key, unit, rank in people:
            body = {"full_name": f"Cán bộ {key} {self.tag}", "unit": unit, "title_rank": rank}
            if key.endswith(".head"):
                body["position_id"] = heads[unit]
            self.staff[key] = ok(hr.post("/hr/staff", body), 201)["id"]
        logins = [
            ("a.staff", self.A, ["staff"], "a.s1"), ("a.head", self.A, ["unit_head", "staff"], "a.head"),
            ("b.staff", self.B, ["staff"], "b.s1"), ("b.head", self.B, ["unit_head", "staff"], "b.head"),
            ("c.staff", self.C, ["staff"], "c.s1"), ("auditor", "VP", ["auditor"], None),
        ]
        for key, unit, roles, staff_key in logins:
            username = f"e2e.assets.{key}.{self.tag.lower()}"
            body = {"username": username, "password": PASSWORD, "unit": unit, "roles": roles,
                    "staff_id": self.staff[staff_key] if staff_key else None}
            ok(admin.post("/admin/users", body), 201)
            self.clients[key] = Client(self.platform.gateway, self.platform.token(username, PASSWORD))
        units = [self.A, self.B, self.C, self.D, self.W]
        self._wait_replica("assets", units, list(self.staff.values()))
        self._wait_replica("finance", units, list(self.staff.values()))
        return self

    def _wait_replica(self, service: str, units: list[str], staff_ids: list[int]) -> None:
        """HR's events have reached the service's replica of units and staff."""
        engine = create_engine(self.platform.db_urls[service])
        try:
            def arrived():
                with engine.connect() as conn:
                    n_units = conn.execute(text("SELECT count(*) FROM replica_units WHERE code = ANY(:c)"),
                                           {"c": units}).scalar()
                    n_staff = conn.execute(text("SELECT count(*) FROM replica_staff WHERE id = ANY(:i)"),
                                           {"i": staff_ids}).scalar()
                return n_units == len(units) and n_staff == len(staff_ids)
            eventually(arrived, timeout=WAIT, interval=0.3)
        finally:
            engine.dispose()

    # -- finance ---------------------------------------------------------------------------------
    def allocate(self, unit: str, category: str, year: int, amount: int) -> dict:
        return ok(self.platform.client("ketoan.vp").post("/finance/budgets", {
            "fiscal_year": year, "unit": unit, "category": category, "allocated_vnd": amount,
            "reason": "e2e assets"}), 201)

    def figures(self, unit: str, category: str, year: int) -> dict:
        resp = self.platform.client("ketoan.vp").get("/finance/budgets/summary", params={
            "unit": unit, "category": category, "fiscal_year": year})
        items = ok(resp)["items"]
        assert len(items) == 1, items
        return {k: items[0][k] for k in ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")}

    def ledger(self, source: str, source_id) -> list[tuple[str, int, str]]:
        resp = self.platform.client("ketoan.vp").get("/finance/ledger", params={
            "source": source, "source_id": str(source_id), "limit": 200})
        return sorted((e["kind"], e["amount_vnd"], e["unit"]) for e in ok(resp)["items"])

    # -- assets ----------------------------------------------------------------------------------
    def register(self, unit: str, category: str = "other_tangible", cost: int = 1_000_000, **extra) -> dict:
        body = {"tag": extra.pop("tag", unique("E2E-IT-")), "category": category, "name": extra.pop("name", "Thiết bị thử"),
                "unit": unit, "acquired_on": extra.pop("acquired_on", "2024-01-10"), "original_cost_vnd": cost, **extra}
        item = ok(self.platform.client("taisan.vp").post("/assets/items", body), 201)
        if item["is_vehicle"]:
            self.car_assets.add(item["id"])
        return item

    def procurement(self, who: str, lines: list[dict], **extra) -> dict:
        return ok(self.client(who).post("/assets/procurements", {"lines": lines, **extra}), 201)

    def wait_procurement(self, who: str, pid: int, status: str) -> dict:
        c = self.client(who)

        def reached():
            p = ok(c.get(f"/assets/procurements/{pid}"))
            return p if p["status"] == status else None
        return eventually(reached, timeout=WAIT, interval=0.3)


@pytest.fixture(scope="module")
def org(platform):
    made = Org(platform).make()
    yield made
    # the shared pool gets back to what it was: this module's cars leave it
    fleet = platform.client("doixe.vp")
    ids = set(made.fleet_ids)
    cursor = None
    while True:
        page = fleet.get("/fleet/vehicles", params={"limit": 200, **({"cursor": cursor} if cursor else {})}).json()
        ids |= {v["id"] for v in page["items"] if v.get("asset_id") in made.car_assets and v["status"] != "retired"}
        cursor = page.get("next_cursor")
        if not cursor:
            break
    for vehicle_id in ids:
        fleet.patch(f"/fleet/vehicles/{vehicle_id}", {"status": "retired"})


def fleet_vehicle(platform, asset_id: int) -> dict | None:
    """The fleet's vehicle linked to an asset, looking through every page of the pool."""
    c = platform.client("doixe.vp")
    cursor = None
    while True:
        params = {"limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = ok(c.get("/fleet/vehicles", params=params))
        for v in page["items"]:
            if v.get("asset_id") == asset_id:
                return v
        cursor = page.get("next_cursor")
        if not cursor:
            return None


def plate() -> str:
    n = uuid.uuid4().int
    return f"99E-{n % 1000:03d}.{(n // 1000) % 100:02d}"


# -- procurement ------------------------------------------------------------------------------------


def test_procurement_accepted_reserved_approved_received_and_spent(platform, org):
    A, s1 = org.A, org.staff["a.s1"]
    org.allocate(A, "procurement", YEAR, 100_000_000)
    lines = [
        {"category": "computer", "description": "Máy tính để bàn", "quantity": 1, "unit_price_vnd": 12_000_000,
         "beneficiary_staff_id": s1},
        {"category": "desk_set", "description": "Bộ bàn ghế làm việc", "quantity": 1, "unit_price_vnd": 4_500_000,
         "beneficiary_staff_id": s1},
        {"category": "printer", "description": "Máy in A4", "quantity": 1, "unit_price_vnd": 2_900_000},
        {"category": "other_machinery", "description": "Máy hủy tài liệu mini", "quantity": 2, "unit_price_vnd": 300_000},
    ]
    draft = org.procurement("a.staff", lines, note="Trang bị cho chuyên viên mới")
    pid = draft["id"]
    assert draft["status"] == "draft" and draft["unit"] == A and draft["fiscal_year"] == YEAR
    assert draft["total_vnd"] == 20_000_000 and draft["approval_level"] == "unit_head"
    assert draft["requested_by"].startswith("e2e.assets.a.staff") and draft["requester_staff_id"] == s1
    assert [(l["category"], l["quantity"], l["unit_price_vnd"], l["beneficiary_staff_id"]) for l in draft["lines"]] == [
        ("computer", 1, 12_000_000, s1), ("desk_set", 1, 4_500_000, s1), ("printer", 1, 2_900_000, None),
        ("other_machinery", 2, 300_000, None)]

    submitted = ok(org.client("a.staff").post(f"/assets/procurements/{pid}/submit"))
    assert submitted["status"] == "awaiting_budget" and submitted["reservation"]["status"] == "requested"
    # submitting again is a conflict with its state
    is_problem(org.client("a.staff").post(f"/assets/procurements/{pid}/submit"), 409)

    pending = org.wait_procurement("a.staff", pid, "pending_approval")
    assert pending["reservation"] == {"status": "accepted", "reason": None, "available_vnd": None}
    assert [s["status"] for s in pending["steps"]] == ["draft", "awaiting_budget", "pending_approval"]
    assert pending["steps"][-1]["actor"] == "finance"
    # finance holds the estimate
    assert org.figures(A, "procurement", YEAR) == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 20_000_000, "spent_vnd": 0, "available_vnd": 80_000_000}
    reservations = ok(platform.client("ketoan.vp").get("/finance/reservations", params={
        "source": "assets.procurement", "source_id": str(pid)}))["items"]
    assert [(r["unit"], r["category"], r["fiscal_year"], r["amount_vnd"], r["status"]) for r in reservations] == [
        (A, "procurement", YEAR, 20_000_000, "reserved")]
    # the board itself sees its figures through finance, pinned to its own board
    own = ok(org.client("a.staff").get("/finance/budgets/summary", params={"fiscal_year": YEAR, "category": "procurement"}))
    assert [(b["unit"], b["reserved_vnd"], b["available_vnd"]) for b in own["items"]] == [(A, 20_000_000, 80_000_000)]

    # nobody but the board's head (or the leadership) approves; the staff's own role may not
    is_problem(org.client("a.staff").post(f"/assets/procurements/{pid}/approve", {}), 403)
    # another board's head does not even see it
    is_problem(org.client("b.head").post(f"/assets/procurements/{pid}/approve", {}), 404)
    # the Office cannot receive before the approval
    actual_lines = [{"unit_price_vnd": 11_500_000}, {"unit_price_vnd": 4_200_000}, {"unit_price_vnd": 2_900_000},
                    {"unit_price_vnd": 250_000}]
    is_problem(platform.client("taisan.vp").post(f"/assets/procurements/{pid}/receive", {"lines": actual_lines}), 409)

    approved = ok(org.client("a.head").post(f"/assets/procurements/{pid}/approve", {"note": "Đồng ý"}))
    assert approved["status"] == "approved" and approved["decided_by"].startswith("e2e.assets.a.head")
    assert approved["decision_note"] == "Đồng ý"

    taisan = platform.client("taisan.vp")
    # the actual price is held to the standard's cap (computer for a specialist: 15,000,000)
    above_cap = [{"unit_price_vnd": 15_500_000}, {"unit_price_vnd": 4_200_000}, {"unit_price_vnd": 2_900_000},
                 {"unit_price_vnd": 250_000}]
    problem = is_problem(taisan.post(f"/assets/procurements/{pid}/receive", {"lines": above_cap}), 422)
    assert list(problem["errors"]) == ["lines.0.unit_price_vnd"]
    # ... and the whole to the amount approved and reserved
    above_total = [{"unit_price_vnd": 12_000_000}, {"unit_price_vnd": 5_000_000}, {"unit_price_vnd": 2_900_000},
                   {"unit_price_vnd": 300_000}]
    problem = is_problem(taisan.post(f"/assets/procurements/{pid}/receive", {"lines": above_total}), 409)
    assert problem["approved_vnd"] == 20_000_000 and problem["actual_vnd"] == 20_500_000
    # a receipt must give every line
    is_problem(taisan.post(f"/assets/procurements/{pid}/receive", {"lines": actual_lines[:3]}), 422)

    received = ok(taisan.post(f"/assets/procurements/{pid}/receive",
                              {"lines": actual_lines, "received_on": TODAY.isoformat(), "note": "Đã nhận đủ"}))
    assert received["status"] == "received" and received["actual_total_vnd"] == 19_100_000
    assert received["received_on"] == TODAY.isoformat() and received["received_by"] == "taisan.vp"
    assert [l["actual_unit_price_vnd"] for l in received["lines"]] == [11_500_000, 4_200_000, 2_900_000, 250_000]
    assert [s["status"] for s in received["steps"]] == [
        "draft", "awaiting_budget", "pending_approval", "approved", "received"]
    # the assets: five new tags, on the board, with the beneficiary as holder
    registered = received["assets"]
    assert sorted((a["category"], a["holder_staff_id"]) for a in registered) == sorted([
        ("computer", s1), ("desk_set", s1), ("printer", None), ("other_machinery", None), ("other_machinery", None)])
    tags = [a["tag"] for a in registered]
    assert len(set(tags)) == 5 and all(re.fullmatch(rf"TS{TODAY.year}-\d{{5}}", t) for t in tags), tags
    expected_cost = {"computer": 11_500_000, "desk_set": 4_200_000, "printer": 2_900_000, "other_machinery": 250_000}
    for a in registered:
        item = ok(org.client("a.staff").get(f"/assets/items/{a['id']}"))
        assert (item["unit"], item["tag"], item["category"], item["status"], item["source"]) == (
            A, a["tag"], a["category"], "in_use", f"procurement:{pid}")
        assert item["holder_staff_id"] == a["holder_staff_id"]
        assert item["original_cost_vnd"] == expected_cost[a["category"]] and item["residual_vnd"] == item["original_cost_vnd"]
        assert item["acquired_on"] == TODAY.isoformat()
        history = ok(org.client("a.staff").get(f"/assets/items/{a['id']}/history"))["items"]
        assert [(h["kind"], h["to_unit"], h["reference"]) for h in history] == [("registered", A, f"procurement:{pid}")]
    on_board = ok(org.client("a.staff").get("/assets/items", params={"holder_staff_id": s1, "limit": 200}))["items"]
    assert sorted(i["tag"] for i in on_board if i["source"] == f"procurement:{pid}") == sorted(
        a["tag"] for a in registered if a["holder_staff_id"] == s1)
    # receiving twice is a conflict
    is_problem(taisan.post(f"/assets/procurements/{pid}/receive", {"lines": actual_lines}), 409)

    # finance spends the actual cost and releases the whole reservation
    def settled():
        f = org.figures(A, "procurement", YEAR)
        return f if f["spent_vnd"] else None
    assert eventually(settled, timeout=WAIT, interval=0.3) == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 0, "spent_vnd": 19_100_000, "available_vnd": 80_900_000}
    assert org.ledger("assets.procurement", pid) == sorted([
        ("reserved", 20_000_000, A), ("released", 20_000_000, A), ("spent", 19_100_000, A)])
    reservation = ok(platform.client("ketoan.vp").get("/finance/reservations", params={
        "source": "assets.procurement", "source_id": str(pid)}))["items"][0]
    assert (reservation["status"], reservation["amount_vnd"], reservation["actual_vnd"]) == ("spent", 20_000_000, 19_100_000)


def test_procurement_refused_for_lack_of_budget(platform, org):
    B, b1 = org.B, org.staff["b.s1"]
    org.allocate(B, "procurement", YEAR, 5_000_000)
    draft = org.procurement("b.staff", [{"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
                                         "unit_price_vnd": 12_000_000, "beneficiary_staff_id": b1}])
    pid = draft["id"]
    assert ok(org.client("b.staff").post(f"/assets/procurements/{pid}/submit"))["status"] == "awaiting_budget"
    refused = org.wait_procurement("b.staff", pid, "budget_rejected")
    reservation = refused["reservation"]
    assert reservation["status"] == "rejected" and reservation["available_vnd"] == 5_000_000
    assert "12000000" in reservation["reason"] and "5000000" in reservation["reason"], reservation
    last = refused["steps"][-1]
    assert (last["status"], last["actor"], last["note"]) == ("budget_rejected", "finance", reservation["reason"])
    # finance booked nothing and says why
    assert org.figures(B, "procurement", YEAR) == {
        "allocated_vnd": 5_000_000, "reserved_vnd": 0, "spent_vnd": 0, "available_vnd": 5_000_000}
    rows = ok(platform.client("ketoan.vp").get("/finance/reservations", params={
        "source": "assets.procurement", "source_id": str(pid)}))["items"]
    assert [(r["unit"], r["amount_vnd"], r["status"], r["reason"]) for r in rows] == [
        (B, 12_000_000, "rejected", reservation["reason"])]
    assert org.ledger("assets.procurement", pid) == []
    # a refused request is over: nobody approves it, nor receives it
    is_problem(org.client("b.head").post(f"/assets/procurements/{pid}/approve", {}), 409)
    is_problem(platform.client("taisan.vp").post(f"/assets/procurements/{pid}/receive",
                                                 {"lines": [{"unit_price_vnd": 1}]}), 409)
    # it no longer counts against the standards: the same computer may be asked again, and a year
    # without any budget is refused with finance's reason
    again = org.procurement("b.staff", [{"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
                                         "unit_price_vnd": 12_000_000, "beneficiary_staff_id": b1}],
                            fiscal_year=YEAR + 1)
    assert ok(org.client("b.staff").post(f"/assets/procurements/{again['id']}/submit"))["status"] == "awaiting_budget"
    no_budget = org.wait_procurement("b.staff", again["id"], "budget_rejected")
    assert no_budget["reservation"]["available_vnd"] == 0
    assert no_budget["reservation"]["reason"] == f"{B} has no procurement budget for {YEAR + 1}"


def test_self_approval_refused_and_cancel_releases(platform, org):
    A = org.A
    year = YEAR + 2
    org.allocate(A, "procurement", year, 10_000_000)
    line = {"category": "other_machinery", "description": "Máy chiếu mini", "quantity": 1, "unit_price_vnd": 3_000_000}
    own = org.procurement("a.head", [line], fiscal_year=year)
    ok(org.client("a.head").post(f"/assets/procurements/{own['id']}/submit"))
    org.wait_procurement("a.head", own["id"], "pending_approval")
    problem = is_problem(org.client("a.head").post(f"/assets/procurements/{own['id']}/approve", {}), 403)
    assert "own request" in problem["detail"]
    assert org.figures(A, "procurement", year)["reserved_vnd"] == 3_000_000
    cancelled = ok(org.client("a.head").post(f"/assets/procurements/{own['id']}/cancel", {"note": "không cần nữa"}))
    assert cancelled["status"] == "cancelled"

    def released():
        f = org.figures(A, "procurement", year)
        return f if f["reserved_vnd"] == 0 else None
    assert eventually(released, timeout=WAIT, interval=0.3) == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 0, "spent_vnd": 0, "available_vnd": 10_000_000}
    assert org.ledger("assets.procurement", own["id"]) == sorted([("reserved", 3_000_000, A), ("released", 3_000_000, A)])
    # the leadership turns one down: released too
    other = org.procurement("a.staff", [line], fiscal_year=year)
    ok(org.client("a.staff").post(f"/assets/procurements/{other['id']}/submit"))
    org.wait_procurement("a.staff", other["id"], "pending_approval")
    rejected = ok(platform.client("bithu").post(f"/assets/procurements/{other['id']}/reject", {"note": "chưa cần"}))
    assert (rejected["status"], rejected["decided_by"], rejected["decision_note"]) == ("rejected", "bithu", "chưa cần")
    eventually(lambda: org.ledger("assets.procurement", other["id"]) == sorted(
        [("reserved", 3_000_000, A), ("released", 3_000_000, A)]), timeout=WAIT, interval=0.3)
    assert org.figures(A, "procurement", year)["available_vnd"] == 10_000_000


def test_standards_breaches_named(platform, org):
    A, s2, s3, head = org.A, org.staff["a.s2"], org.staff["a.s3"], org.staff["a.head"]
    # a budget for the corrected request, so that it stays in flight (pending approval) below
    org.allocate(A, "procurement", YEAR + 3, 50_000_000)
    # s3 already holds a computer
    org.register(A, "computer", 13_000_000, holder_staff_id=s3, name="Máy tính cũ")
    lines = [
        {"category": "computer", "description": "Hai máy tính", "quantity": 2, "unit_price_vnd": 14_000_000,
         "beneficiary_staff_id": s2},
        {"category": "desk_set", "description": "Bàn ghế đắt", "quantity": 1, "unit_price_vnd": 6_000_000,
         "beneficiary_staff_id": s2},
        {"category": "computer", "description": "Máy thứ hai", "quantity": 1, "unit_price_vnd": 9_000_000,
         "beneficiary_staff_id": s3},
        {"category": "meeting_set", "description": "Hai bộ bàn họp", "quantity": 2, "unit_price_vnd": 11_000_000},
        {"category": "computer", "description": "Máy không người dùng", "quantity": 1, "unit_price_vnd": 9_000_000},
        {"category": "desk_set", "description": "Bàn trưởng ban", "quantity": 1, "unit_price_vnd": 14_000_000,
         "beneficiary_staff_id": head},
    ]
    draft = org.procurement("a.staff", lines, fiscal_year=YEAR + 3)
    problem = is_problem(org.client("a.staff").post(f"/assets/procurements/{draft['id']}/submit"), 422)
    found = sorted((b["line"], b["rule"]) for b in problem["breaches"])
    assert found == [
        (0, "quantity_above_standard"), (1, "price_above_standard"), (2, "quantity_above_standard"),
        (3, "price_above_standard"), (3, "quantity_above_standard"), (4, "beneficiary_required")]
    by_key = {(b["line"], b["rule"]): b for b in problem["breaches"]}
    q0 = by_key[(0, "quantity_above_standard")]
    assert (q0["category"], q0["beneficiary_staff_id"], q0["title_rank"], q0["held"], q0["pending"], q0["asked"],
            q0["max_quantity"]) == ("computer", s2, "specialist", 0, 0, 2, 1)
    p1 = by_key[(1, "price_above_standard")]
    assert (p1["category"], p1["unit_price_vnd"], p1["max_unit_price_vnd"]) == ("desk_set", 6_000_000, 5_000_000)
    q2 = by_key[(2, "quantity_above_standard")]
    assert (q2["beneficiary_staff_id"], q2["held"], q2["asked"], q2["max_quantity"]) == (s3, 1, 1, 1)
    q3 = by_key[(3, "quantity_above_standard")]
    assert (q3["beneficiary_staff_id"], q3["held"], q3["asked"], q3["max_quantity"]) == (None, 0, 2, 1)
    p3 = by_key[(3, "price_above_standard")]
    assert (p3["unit_price_vnd"], p3["max_unit_price_vnd"]) == (11_000_000, 10_000_000)
    assert sorted(problem["errors"]) == ["lines.0", "lines.1", "lines.2", "lines.3", "lines.4"]
    assert len(problem["errors"]["lines.3"]) == 2
    assert "computer" in problem["errors"]["lines.0"][0] and "5000000" in problem["errors"]["lines.1"][0]
    # nothing moved: still a draft, nothing asked of finance
    assert ok(org.client("a.staff").get(f"/assets/procurements/{draft['id']}"))["status"] == "draft"
    # within the standards once corrected
    fixed = ok(org.client("a.staff").patch(f"/assets/procurements/{draft['id']}", {"lines": [
        {"category": "computer", "description": "Một máy tính", "quantity": 1, "unit_price_vnd": 14_000_000,
         "beneficiary_staff_id": s2},
        lines[5]]}))
    assert fixed["total_vnd"] == 28_000_000 and fixed["approval_level"] == "leadership"
    submitted = ok(org.client("a.staff").post(f"/assets/procurements/{draft['id']}/submit"))
    assert submitted["status"] == "awaiting_budget"
    org.wait_procurement("a.staff", draft["id"], "pending_approval")
    # and now in flight: one more computer for s2 breaches, counting what is pending
    second = org.procurement("a.staff", [{"category": "computer", "description": "Máy nữa", "quantity": 1,
                                          "unit_price_vnd": 9_000_000, "beneficiary_staff_id": s2}],
                             fiscal_year=YEAR + 3)
    problem = is_problem(org.client("a.staff").post(f"/assets/procurements/{second['id']}/submit"), 422)
    [breach] = problem["breaches"]
    assert (breach["rule"], breach["held"], breach["pending"], breach["asked"]) == ("quantity_above_standard", 0, 1, 1)


def test_concurrent_submits_cannot_both_fit_the_last_place(platform, org):
    A, s5 = org.A, org.staff["a.s5"]
    line = {"category": "computer", "description": "Máy tính", "quantity": 1, "unit_price_vnd": 10_000_000,
            "beneficiary_staff_id": s5}
    # with a budget the one accepted stays in flight (a refused one would free the place again)
    org.allocate(A, "procurement", YEAR + 5, 100_000_000)
    drafts = [org.procurement("a.staff", [line], fiscal_year=YEAR + 5) for _ in range(5)]
    c = org.client("a.staff")
    with concurrent.futures.ThreadPoolExecutor(len(drafts)) as pool:
        answers = list(pool.map(lambda d: c.post(f"/assets/procurements/{d['id']}/submit"), drafts))
    assert sorted(r.status_code for r in answers) == [200, 422, 422, 422, 422], [r.text[:200] for r in answers]
    for r in answers:
        if r.status_code == 422:
            [breach] = r.json()["breaches"]
            assert (breach["rule"], breach["pending"], breach["asked"]) == ("quantity_above_standard", 1, 1)
    [accepted] = [d for d, r in zip(drafts, answers) if r.status_code == 200]
    org.wait_procurement("a.staff", accepted["id"], "pending_approval")
    statuses = sorted(ok(c.get(f"/assets/procurements/{d['id']}"))["status"] for d in drafts)
    assert statuses == ["draft", "draft", "draft", "draft", "pending_approval"], statuses
    assert org.figures(A, "procurement", YEAR + 5)["reserved_vnd"] == 10_000_000


# -- vehicles --------------------------------------------------------------------------------------


def test_vehicle_registered_joins_fleet_and_disposal_retires_it(platform, org):
    A = org.A
    car_plate = plate()
    attributes = {"plate": car_plate, "seats": 7, "model": "Toyota Innova E2E", "fuel_type": "diesel",
                  "fuel_norm_l_per_100km": 8.5, "odometer_km": 1200}
    car = org.register(A, "car", 850_000_000, name="Xe ô tô 7 chỗ", attributes=attributes, acquired_on=TODAY.isoformat())
    assert car["is_vehicle"] is True and car["attributes"]["plate"] == car_plate
    vehicle = eventually(lambda: fleet_vehicle(platform, car["id"]), timeout=WAIT, interval=0.5)
    assert (vehicle["plate"], vehicle["seats"], vehicle["model"], vehicle["fuel_type"], vehicle["odometer_km"],
            vehicle["status"], vehicle["asset_tag"], vehicle["holder_staff_id"], vehicle["in_pool"]) == (
        car_plate, 7, "Toyota Innova E2E", "diesel", 1200, "available", car["tag"], None, True)
    assert vehicle["fuel_norm_l_per_100km"] == 8.5
    # the same plate cannot be registered twice
    problem = is_problem(platform.client("taisan.vp").post("/assets/items", {
        "category": "car", "name": "Xe trùng biển", "unit": A, "acquired_on": TODAY.isoformat(),
        "original_cost_vnd": 1, "attributes": {"plate": car_plate.lower(), "seats": 5}}), 409)
    assert problem["tag"] == car["tag"]

    # the board's head proposes the disposal; only the leadership decides it
    disposal = ok(org.client("a.head").post(f"/assets/items/{car['id']}/dispose",
                                            {"reason": "Xe hỏng nặng", "method": "sale"}), 201)
    assert (disposal["status"], disposal["unit"], disposal["tag"]) == ("requested", A, car["tag"])
    is_problem(org.client("a.staff").post(f"/assets/items/{car['id']}/dispose", {"reason": "x"}), 403)
    is_problem(platform.client("taisan.vp").post(f"/assets/disposals/{disposal['id']}/approve", {}), 403)
    is_problem(org.client("a.head").post(f"/assets/items/{car['id']}/dispose", {"reason": "lần hai"}), 409)
    assert ok(platform.client("doixe.vp").get(f"/fleet/vehicles/{vehicle['id']}"))["status"] == "available"
    approved = ok(platform.client("bithu").post(f"/assets/disposals/{disposal['id']}/approve",
                                                {"note": "Đồng ý thanh lý", "disposed_on": TODAY.isoformat()}))
    assert (approved["status"], approved["decided_by"], approved["disposed_on"]) == ("approved", "bithu", TODAY.isoformat())
    item = ok(org.client("a.staff").get(f"/assets/items/{car['id']}"))
    assert (item["status"], item["disposed_on"]) == ("disposed", TODAY.isoformat())
    assert [h["kind"] for h in ok(org.client("a.staff").get(f"/assets/items/{car['id']}/history"))["items"]] == [
        "registered", "disposed"]
    retired = eventually(lambda: (v := fleet_vehicle(platform, car["id"])) and v["status"] == "retired" and v,
                         timeout=WAIT, interval=0.5)
    assert retired["id"] == vehicle["id"] and retired["in_pool"] is False
    # a disposed asset is final
    is_problem(platform.client("taisan.vp").patch(f"/assets/items/{car['id']}", {"name": "x"}), 409)


def test_vehicle_received_through_procurement_joins_fleet(platform, org):
    A = org.A
    year = YEAR + 1
    org.allocate(A, "procurement", year, 1_000_000_000)
    draft = org.procurement("a.staff", [{"category": "car", "description": "Xe ô tô 7 chỗ dùng chung", "quantity": 1,
                                         "unit_price_vnd": 900_000_000}], fiscal_year=year)
    assert draft["approval_level"] == "leadership"
    ok(org.client("a.staff").post(f"/assets/procurements/{draft['id']}/submit"))
    org.wait_procurement("a.staff", draft["id"], "pending_approval")
    assert org.figures(A, "procurement", year)["reserved_vnd"] == 900_000_000
    # above the threshold the board's head may not approve
    problem = is_problem(org.client("a.head").post(f"/assets/procurements/{draft['id']}/approve", {}), 403)
    assert "leadership" in problem["detail"]
    ok(platform.client("phobithu").post(f"/assets/procurements/{draft['id']}/approve", {}))
    taisan = platform.client("taisan.vp")
    # a vehicle needs its plate and seats to join the fleet
    problem = is_problem(taisan.post(f"/assets/procurements/{draft['id']}/receive",
                                     {"lines": [{"unit_price_vnd": 880_000_000}]}), 422)
    assert list(problem["errors"]) == ["lines.0.items"]
    car_plate = plate()
    received = ok(taisan.post(f"/assets/procurements/{draft['id']}/receive", {"lines": [{
        "unit_price_vnd": 880_000_000,
        "items": [{"attributes": {"plate": car_plate, "seats": 7, "model": "Kia Carnival E2E",
                                  "fuel_norm_l_per_100km": 9.0, "odometer_km": 10}}]}]}))
    [asset] = received["assets"]
    org.car_assets.add(asset["id"])
    vehicle = eventually(lambda: fleet_vehicle(platform, asset["id"]), timeout=WAIT, interval=0.5)
    assert (vehicle["plate"], vehicle["seats"], vehicle["model"], vehicle["asset_tag"], vehicle["status"]) == (
        car_plate, 7, "Kia Carnival E2E", asset["tag"], "available")
    item = ok(org.client("a.staff").get(f"/assets/items/{asset['id']}"))
    assert (item["unit"], item["original_cost_vnd"], item["is_vehicle"]) == (A, 880_000_000, True)

    def settled():
        f = org.figures(A, "procurement", year)
        return f if f["spent_vnd"] else None
    assert eventually(settled, timeout=WAIT, interval=0.3) == {
        "allocated_vnd": 1_000_000_000, "reserved_vnd": 0, "spent_vnd": 880_000_000, "available_vnd": 120_000_000}


def test_vehicle_already_in_fleet_is_on_the_register_once(platform, org):
    """A car the fleet office adds is put on the register by event and linked back (one register,
    issue 13); registering it again is refused."""
    fleet = platform.client("doixe.vp")
    car_plate = plate()
    known = ok(fleet.post("/fleet/vehicles", {"plate": car_plate, "seats": 16, "model": "Ford Transit",
                                              "fuel_norm_l_per_100km": 12.0}), 201)
    org.fleet_ids.append(known["id"])
    asset_id = eventually(lambda: ok(fleet.get(f"/fleet/vehicles/{known['id']}"))["asset_id"], timeout=WAIT,
                          interval=0.5)
    item = ok(platform.client("taisan.vp").get(f"/assets/items/{asset_id}"))
    assert (item["attributes"]["plate"], item["attributes"]["seats"], item["is_vehicle"]) == (car_plate, 16, True)
    again = platform.client("taisan.vp").post("/assets/items", {
        "category": "car", "name": "Xe trùng", "unit": org.A, "acquired_on": TODAY.isoformat(),
        "original_cost_vnd": 1_000_000_000, "attributes": {"plate": car_plate, "seats": 16}})
    assert is_problem(again, 409)["rule"] == "unique_plate"


def test_vehicle_spelled_without_the_dot_is_the_same_car_in_fleet(platform, org):
    """The register counts `99E-123.45` and `99e-12345` as one plate (buildingblocks.cars.plate_key):
    the car fleet already has is refused on the register, not added a second time."""
    fleet = platform.client("doixe.vp")
    car_plate = plate()
    known = ok(fleet.post("/fleet/vehicles", {"plate": car_plate, "seats": 7, "fuel_norm_l_per_100km": 8.0}), 201)
    org.fleet_ids.append(known["id"])
    asset_id = eventually(lambda: ok(fleet.get(f"/fleet/vehicles/{known['id']}"))["asset_id"], timeout=WAIT,
                          interval=0.5)
    spelled = car_plate.replace(".", "").lower()
    again = platform.client("taisan.vp").post("/assets/items", {
        "category": "car", "name": "Xe trùng", "unit": org.A, "acquired_on": TODAY.isoformat(),
        "original_cost_vnd": 700_000_000, "attributes": {"plate": spelled, "seats": 7}})
    assert is_problem(again, 409)["rule"] == "unique_plate"
    assert fleet_vehicle(platform, asset_id)["id"] == known["id"]


def test_vehicle_reusing_a_disposed_plate_joins_fleet(platform, org):
    """A plate is free on the register once its car is disposed; the next car of that plate
    must appear in fleet's pool like any registered vehicle."""
    taisan = platform.client("taisan.vp")
    car_plate = plate()
    old = org.register(org.A, "car", 500_000_000, attributes={"plate": car_plate, "seats": 7},
                       acquired_on=TODAY.isoformat())
    eventually(lambda: fleet_vehicle(platform, old["id"]), timeout=WAIT, interval=0.5)
    disposal = ok(taisan.post(f"/assets/items/{old['id']}/dispose", {"reason": "Hết niên hạn"}), 201)
    ok(platform.client("bithu").post(f"/assets/disposals/{disposal['id']}/approve", {}))
    eventually(lambda: fleet_vehicle(platform, old["id"])["status"] == "retired", timeout=WAIT, interval=0.5)
    new = org.register(org.A, "car", 650_000_000, name="Xe mới cùng biển", acquired_on=TODAY.isoformat(),
                       attributes={"plate": car_plate, "seats": 5, "model": "Toyota Vios E2E"})
    assert ok(taisan.get(f"/assets/items/{new['id']}"))["status"] == "in_use"
    vehicle = eventually(lambda: fleet_vehicle(platform, new["id"]), timeout=WAIT, interval=0.5)
    assert (vehicle["status"], vehicle["seats"], vehicle["asset_tag"]) == ("available", 5, new["tag"])


def test_receipt_cannot_predate_the_request(platform, org):
    """Goods are received after the request was approved: a receipt dated years before the request
    would put assets on the register acquired before anyone asked for them (and outside the wear
    runs of the years already closed)."""
    A = org.A
    year = YEAR + 6
    org.allocate(A, "procurement", year, 10_000_000)
    p = org.procurement("a.staff", [{"category": "other_machinery", "description": "Máy ép plastic", "quantity": 1,
                                     "unit_price_vnd": 1_000_000}], fiscal_year=year)
    ok(org.client("a.staff").post(f"/assets/procurements/{p['id']}/submit"))
    org.wait_procurement("a.staff", p["id"], "pending_approval")
    ok(org.client("a.head").post(f"/assets/procurements/{p['id']}/approve", {}))
    resp = platform.client("taisan.vp").post(f"/assets/procurements/{p['id']}/receive", {
        "received_on": "2001-01-01", "lines": [{"unit_price_vnd": 900_000}]})
    problem = is_problem(resp, 422)
    assert "received_on" in problem["errors"], problem
    assert ok(org.client("a.staff").get(f"/assets/procurements/{p['id']}"))["status"] == "approved"


# -- repairs ---------------------------------------------------------------------------------------


def test_repair_completed_is_charged_to_the_holder_board(platform, org):
    A, s4 = org.A, org.staff["a.s4"]
    org.allocate(A, "repair", YEAR, 10_000_000)
    item = org.register(A, "air_conditioner", 9_000_000, holder_staff_id=s4, name="Máy điều hòa phòng 3")
    is_problem(org.client("b.staff").post(f"/assets/items/{item['id']}/repairs",
                                          {"description": "x", "estimated_cost_vnd": 1}), 404)
    repair = ok(org.client("a.staff").post(f"/assets/items/{item['id']}/repairs", {
        "description": "Thay block", "vendor": "Điện lạnh An Phát", "estimated_cost_vnd": 2_000_000}), 201)
    assert (repair["status"], repair["unit"], repair["tag"], repair["estimated_cost_vnd"]) == (
        "open", A, item["tag"], 2_000_000)
    assert ok(org.client("a.staff").get(f"/assets/items/{item['id']}"))["status"] == "in_repair"
    # a second open repair of the same asset is a conflict; the board cannot close it
    is_problem(org.client("a.staff").post(f"/assets/items/{item['id']}/repairs",
                                          {"description": "lần hai", "estimated_cost_vnd": 1}), 409)
    is_problem(org.client("a.staff").post(f"/assets/repairs/{repair['id']}/complete", {"actual_cost_vnd": 1}), 403)
    done = ok(platform.client("taisan.vp").post(f"/assets/repairs/{repair['id']}/complete", {
        "actual_cost_vnd": 1_750_000, "completed_on": TODAY.isoformat(), "note": "Đã sửa"}))
    assert (done["status"], done["actual_cost_vnd"], done["completed_on"], done["closed_by"]) == (
        "completed", 1_750_000, TODAY.isoformat(), "taisan.vp")
    assert ok(org.client("a.staff").get(f"/assets/items/{item['id']}"))["status"] == "in_use"
    is_problem(platform.client("taisan.vp").post(f"/assets/repairs/{repair['id']}/complete", {"actual_cost_vnd": 1}), 409)

    finance = platform.client("ketoan.vp")

    def charged():
        rows = ok(finance.get("/finance/chargebacks", params={"source": "assets.repair",
                                                              "source_id": str(repair["id"])}))["items"]
        return rows or None
    [chargeback] = eventually(charged, timeout=WAIT, interval=0.3)
    assert (chargeback["unit"], chargeback["category"], chargeback["amount_vnd"], chargeback["fiscal_year"],
            chargeback["occurred_on"], chargeback["overrun"]) == (A, "repair", 1_750_000, YEAR, TODAY.isoformat(), False)
    assert org.figures(A, "repair", YEAR) == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 0, "spent_vnd": 1_750_000, "available_vnd": 8_250_000}
    assert org.ledger("assets.repair", repair["id"]) == [("spent", 1_750_000, A)]
    # the board sees its chargeback, the other board does not
    assert ok(org.client("a.staff").get(f"/finance/chargebacks/{chargeback['id']}"))["amount_vnd"] == 1_750_000
    is_problem(org.client("b.staff").get(f"/finance/chargebacks/{chargeback['id']}"), 404)
    is_problem(org.client("b.staff").get("/finance/chargebacks", params={"unit": A}), 403)


# -- wear and residual values ----------------------------------------------------------------------


def test_wear_run_twice_equals_once_and_residual_as_of_a_date(platform, org):
    W = org.W
    taisan = platform.client("taisan.vp")
    code = f"e2e_wear_{uuid.uuid4().hex[:6]}"
    ok(taisan.post("/assets/categories", {"code": code, "name": "Loại hao mòn nhanh (thử)", "useful_life_years": 2,
                                          "wear_rate_pct": 60}), 201)
    pc = org.register(W, "computer", 10_000_000, acquired_on=f"{WEAR_YEAR}-03-15", name="Máy tính 2004")
    desk = org.register(W, "desk_set", 4_800_000, acquired_on=f"{WEAR_YEAR}-11-30", name="Bàn ghế 2004")
    fast = org.register(W, code, 1_000_000, acquired_on=f"{WEAR_YEAR}-01-02", name="Thiết bị hao mòn nhanh")
    later = org.register(W, "computer", 8_000_000, acquired_on=f"{WEAR_YEAR + 1}-02-01", name="Máy tính 2005")

    is_problem(org.client("a.head").post("/assets/wear-runs", {"fiscal_year": WEAR_YEAR}), 403)
    is_problem(taisan.post("/assets/wear-runs", {"fiscal_year": YEAR + 1}), 422)
    first = ok(taisan.post("/assets/wear-runs", {"fiscal_year": WEAR_YEAR}), 201)
    # computer 14.29 %, desk set 10 %, the fast category 60 %; the 2005 computer is not on the books yet
    w_wear = 1_429_000 + 480_000 + 600_000
    assert [u for u in first["by_unit"] if u["unit"] == W] == [{"unit": W, "asset_count": 3, "wear_vnd": w_wear}]
    assert first["recorded_now"] == first["asset_count"] and first["recorded_now_vnd"] == first["total_wear_vnd"]
    assert first["executions"] == 1
    second = ok(taisan.post("/assets/wear-runs", {"fiscal_year": WEAR_YEAR}), 200)
    assert (second["recorded_now"], second["recorded_now_vnd"], second["executions"]) == (0, 0, 2)
    same = ("fiscal_year", "asset_count", "total_wear_vnd", "by_unit", "first_run_at", "first_run_by")
    assert {k: second[k] for k in same} == {k: first[k] for k in same}
    assert ok(taisan.get(f"/assets/wear-runs/{WEAR_YEAR}"))["total_wear_vnd"] == first["total_wear_vnd"]

    def residual(item, as_of):
        return ok(taisan.get(f"/assets/items/{item['id']}/residual", params={"as_of": as_of}))

    r = residual(pc, f"{WEAR_YEAR}-12-31")
    assert (r["original_cost_vnd"], r["accumulated_wear_vnd"], r["residual_vnd"], r["unit"], r["disposed"],
            r["last_worn_fiscal_year"]) == (10_000_000, 1_429_000, 8_571_000, W, False, WEAR_YEAR)
    # before the year's end its wear does not count yet
    r = residual(pc, f"{WEAR_YEAR}-06-30")
    assert (r["accumulated_wear_vnd"], r["residual_vnd"], r["last_worn_fiscal_year"]) == (0, 10_000_000, None)
    assert residual(desk, f"{WEAR_YEAR}-12-31")["residual_vnd"] == 4_320_000
    is_problem(taisan.get(f"/assets/items/{pc['id']}/residual", params={"as_of": f"{WEAR_YEAR}-01-01"}), 422)

    # the next year: never past the cost (the fast category takes only the 40 % left)
    nxt = ok(taisan.post("/assets/wear-runs", {"fiscal_year": WEAR_YEAR + 1}), 201)
    assert [u for u in nxt["by_unit"] if u["unit"] == W] == [
        {"unit": W, "asset_count": 4, "wear_vnd": 1_429_000 + 480_000 + 400_000 + 1_143_200}]
    end = f"{WEAR_YEAR + 1}-12-31"
    assert (residual(fast, end)["accumulated_wear_vnd"], residual(fast, end)["residual_vnd"]) == (1_000_000, 0)
    assert residual(pc, end)["residual_vnd"] == 10_000_000 - 2 * 1_429_000
    assert residual(later, end)["residual_vnd"] == 8_000_000 - 1_143_200
    # the register report as of the first year's end, for the board
    report = ok(taisan.get("/assets/reports/register", params={"unit": W, "as_of": f"{WEAR_YEAR}-12-31"}))
    rows = {r["category"]: (r["asset_count"], r["original_cost_vnd"], r["accumulated_wear_vnd"], r["residual_vnd"])
            for r in report["rows"]}
    assert rows == {"computer": (1, 10_000_000, 1_429_000, 8_571_000), "desk_set": (1, 4_800_000, 480_000, 4_320_000),
                    code: (1, 1_000_000, 600_000, 400_000)}
    assert report["totals"] == {"asset_count": 3, "original_cost_vnd": 15_800_000,
                                "accumulated_wear_vnd": w_wear, "residual_vnd": 15_800_000 - w_wear}

    # a year run by four callers at once is recorded once (the fast category is fully worn by now)
    year = WEAR_YEAR + 3
    org.register(W, "computer", 7_000_000, acquired_on=f"{year}-05-05", name="Máy tính 2007")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: taisan.post("/assets/wear-runs", {"fiscal_year": year}), range(4)))
    assert sorted(r.status_code for r in answers) == [200, 200, 200, 201], [r.text[:200] for r in answers]
    runs = [r.json() for r in answers]
    w_share = [{"unit": W, "asset_count": 4, "wear_vnd": 1_429_000 + 480_000 + 1_143_200 + 1_000_300}]
    assert all([u for u in run["by_unit"] if u["unit"] == W] == w_share for run in runs), runs
    assert sorted(run["executions"] for run in runs) == [1, 2, 3, 4]
    assert sum(run["recorded_now"] for run in runs) == runs[0]["asset_count"]
    assert len({run["total_wear_vnd"] for run in runs}) == 1
    assert ok(taisan.get(f"/assets/items/{pc['id']}/residual", params={"as_of": f"{year}-12-31"}))[
        "accumulated_wear_vnd"] == 3 * 1_429_000


# -- stock-take ------------------------------------------------------------------------------------


def test_stocktake_counts_results_and_reconciliation(platform, org):
    C, D = org.C, org.D
    taisan = platform.client("taisan.vp")
    t1 = org.register(C, location="P.101", name="Tủ tài liệu P.101")
    t2 = org.register(C, name="Bàn làm việc")
    t3 = org.register(C, name="Máy chiếu")
    t4 = org.register(D, name="Ghế xoay")
    t5 = org.register(D, name="Kệ sách")
    t6 = org.register(D, name="Quạt đứng")
    unknown = unique("E2E-UNK-")

    is_problem(org.client("c.staff").post("/assets/stocktakes", {"units": [C], "as_of": TODAY.isoformat()}), 403)
    st = ok(taisan.post("/assets/stocktakes", {"title": "Kiểm kê thử", "units": [D, C], "as_of": TODAY.isoformat()}), 201)
    sid = st["id"]
    assert (st["status"], sorted(st["units"]), st["as_of"], st["results"]) == ("open", sorted([C, D]), TODAY.isoformat(), None)
    assert (st["progress"]["expected"], st["progress"]["counted"]) == (6, 0)

    c_staff = org.client("c.staff")
    sheet = ok(c_staff.post(f"/assets/stocktakes/{sid}/counts", {"unit": C, "tags": [t2["tag"], t4["tag"], unknown.lower()]}))
    assert (sheet["unit"], sheet["location"], sheet["recorded"], sheet["count"], sheet["unknown_tags"]) == (
        C, None, 3, 3, [unknown])
    # counting a tag again updates its line
    again = ok(c_staff.post(f"/assets/stocktakes/{sid}/counts", {"unit": C, "tags": [f"  {t2['tag']} "]}))
    assert again["count"] == 3
    room = ok(c_staff.post(f"/assets/stocktakes/{sid}/counts", {"unit": C, "location": "P.202", "entries": [
        {"tag": t1["tag"], "condition": "needs_repair", "note": "bản lề hỏng"}]}))
    assert (room["location"], room["count"]) == ("P.202", 1)
    # a board counts only its own sheets
    is_problem(c_staff.post(f"/assets/stocktakes/{sid}/counts", {"unit": D, "tags": [t5["tag"]]}), 403)
    ok(taisan.post(f"/assets/stocktakes/{sid}/counts", {"unit": D, "tags": [t5["tag"]]}))
    progress = ok(taisan.get(f"/assets/stocktakes/{sid}"))["progress"]
    assert {p["unit"]: (p["expected"], p["counted"]) for p in progress["by_unit"]} == {C: (3, 2), D: (3, 2)}
    assert (progress["expected"], progress["counted"], progress["lines_recorded"]) == (6, 4, 5)

    is_problem(c_staff.post(f"/assets/stocktakes/{sid}/close"), 403)
    closed = ok(taisan.post(f"/assets/stocktakes/{sid}/close"))
    assert closed["status"] == "closed" and closed["closed_by"] == "taisan.vp"
    res = closed["results"]
    assert sorted((r["tag"], r["register_unit"]) for r in res["missing"]) == sorted([(t3["tag"], C), (t6["tag"], D)])
    assert [(r["tag"], r["asset_id"], r["counted_unit"], r["counted_location"]) for r in res["surplus"]] == [
        (unknown, None, C, None)]
    misplaced = {r["tag"]: (r["register_unit"], r["register_location"], r["counted_unit"], r["counted_location"],
                            r["condition"]) for r in res["misplaced"]}
    assert misplaced == {t1["tag"]: (C, "P.101", C, "P.202", "needs_repair"), t4["tag"]: (D, None, C, None, "good")}
    is_problem(c_staff.post(f"/assets/stocktakes/{sid}/counts", {"unit": C, "tags": [t3["tag"]]}), 409)
    is_problem(taisan.post(f"/assets/stocktakes/{sid}/close"), 409)
    # the board sees what concerns it only
    seen = ok(c_staff.get(f"/assets/stocktakes/{sid}"))
    assert [p["unit"] for p in seen["progress"]["by_unit"]] == [C]
    assert [r["tag"] for r in seen["results"]["missing"]] == [t3["tag"]]
    assert seen.get("proposal") is None

    # reconcile: proposed by the Office, approved by the leadership
    surplus_item = {"tag": unknown, "category": "other_tangible", "name": "Tài sản thừa", "original_cost_vnd": 2_000_000}
    proposed = ok(taisan.post(f"/assets/stocktakes/{sid}/reconcile", {
        "mark_missing": True, "transfer_misplaced": True, "register_surplus": [surplus_item], "note": "đề xuất"}))
    assert proposed["status"] == "reconciliation_proposed"
    is_problem(taisan.post(f"/assets/stocktakes/{sid}/approve", {}), 403)
    is_problem(org.client("auditor").post(f"/assets/stocktakes/{sid}/approve", {}), 403)
    assert ok(taisan.get(f"/assets/items/{t3['id']}"))["status"] == "in_use"  # nothing changed yet
    done = ok(platform.client("bithu").post(f"/assets/stocktakes/{sid}/approve", {"note": "Đồng ý"}))
    assert (done["status"], done["decided_by"]) == ("reconciled", "bithu")
    resolutions = {r["tag"]: r["resolution"] for kind in ("missing", "surplus", "misplaced") for r in done["results"][kind]}
    assert resolutions == {t3["tag"]: "marked_missing", t6["tag"]: "marked_missing", unknown: "registered",
                           t1["tag"]: "relocated", t4["tag"]: "transferred"}
    assert ok(taisan.get(f"/assets/items/{t3['id']}"))["status"] == "missing"
    assert ok(taisan.get(f"/assets/items/{t6['id']}"))["status"] == "missing"
    assert ok(taisan.get(f"/assets/items/{t1['id']}"))["location"] == "P.202"
    moved = ok(taisan.get(f"/assets/items/{t4['id']}"))
    assert moved["unit"] == C
    assert [(h["kind"], h["from_unit"], h["to_unit"]) for h in ok(taisan.get(f"/assets/items/{t4['id']}/history"))["items"]
            if h["kind"] == "transferred"] == [("transferred", D, C)]
    [new] = [r for r in done["results"]["surplus"] if r["tag"] == unknown]
    registered = ok(taisan.get(f"/assets/items/{new['resolved_asset_id']}"))
    assert (registered["tag"], registered["unit"], registered["original_cost_vnd"], registered["source"]) == (
        unknown, C, 2_000_000, f"stocktake:{sid}")
    assert ok(taisan.get(f"/assets/items/{t2['id']}"))["status"] == "in_use"


# -- board scoping ---------------------------------------------------------------------------------


def test_board_scoping_on_every_route(platform, org):
    A = org.A
    a_staff, b_staff, other_head = org.client("a.staff"), org.client("b.staff"), org.client("b.head")
    item = org.register(A, "filing_cabinet", 3_000_000, name="Tủ hồ sơ", acquired_on="2024-02-01")
    spare = org.register(A, "other_tangible", 500_000, name="Giá để đồ")
    procurement = org.procurement("a.staff", [{"category": "other_machinery", "description": "Máy đếm tiền",
                                               "quantity": 1, "unit_price_vnd": 1_000_000}], fiscal_year=YEAR + 4)
    repair = ok(a_staff.post(f"/assets/items/{item['id']}/repairs", {"description": "Sửa khóa",
                                                                       "estimated_cost_vnd": 200_000}), 201)
    disposal = ok(org.client("a.head").post(f"/assets/items/{spare['id']}/dispose", {"reason": "Cũ"}), 201)
    stocktake = ok(platform.client("taisan.vp").post("/assets/stocktakes", {"units": [A], "as_of": TODAY.isoformat()}), 201)
    pid, iid, rid, did, sid = procurement["id"], item["id"], repair["id"], disposal["id"], stocktake["id"]

    # another board's lists: 403 when asked for, narrowed to its own board when not
    for path in ("/assets/items", "/assets/items/export.csv", "/assets/procurements", "/assets/repairs",
                 "/assets/disposals", "/assets/stocktakes", "/assets/reports/register", "/assets/reports/register.csv"):
        is_problem(b_staff.get(path, params={"unit": A}), 403)
        assert a_staff.get(path, params={"unit": A}).status_code == 200, path
    for path in ("/assets/items", "/assets/procurements", "/assets/repairs", "/assets/disposals"):
        listed = ok(b_staff.get(path, params={"limit": 200}))["items"]
        assert all(x["unit"] == org.B for x in listed), (path, listed[:3])
    b_stocktakes = ok(b_staff.get("/assets/stocktakes", params={"limit": 200}))["items"]
    assert sid not in [s["id"] for s in b_stocktakes] and all(org.B in s["units"] for s in b_stocktakes)
    csv_text = b_staff.get("/assets/items/export.csv").text
    assert item["tag"] not in csv_text and spare["tag"] not in csv_text
    assert all(r["unit"] == org.B for r in ok(b_staff.get("/assets/reports/register"))["rows"])
    wear = ok(b_staff.get("/assets/wear-runs"))["items"]
    assert all(u["unit"] == org.B for run in wear for u in run["by_unit"])
    # the board's own lists hold its records
    assert iid in [x["id"] for x in ok(a_staff.get("/assets/items", params={"limit": 200}))["items"]]
    assert pid in [x["id"] for x in ok(a_staff.get("/assets/procurements", params={"limit": 200}))["items"]]
    assert sid in [x["id"] for x in ok(a_staff.get("/assets/stocktakes", params={"limit": 200}))["items"]]

    # another board's records: 404 on every route that names one
    reads = [f"/assets/items/{iid}", f"/assets/items/{iid}/history", f"/assets/items/{iid}/residual",
             f"/assets/items/{iid}/repairs", f"/assets/procurements/{pid}", f"/assets/repairs/{rid}",
             f"/assets/disposals/{did}", f"/assets/stocktakes/{sid}", f"/assets/stocktakes/{sid}/sheets"]
    for path in reads:
        is_problem(b_staff.get(path), 404)
        assert a_staff.get(path).status_code == 200, path
    writes = [
        (b_staff, "patch", f"/assets/procurements/{pid}", {"note": "x"}),
        (b_staff, "post", f"/assets/procurements/{pid}/submit", None),
        (b_staff, "post", f"/assets/procurements/{pid}/cancel", {}),
        (other_head, "post", f"/assets/procurements/{pid}/approve", {}),
        (other_head, "post", f"/assets/procurements/{pid}/reject", {}),
        (b_staff, "post", f"/assets/items/{iid}/repairs", {"description": "x", "estimated_cost_vnd": 1}),
        (other_head, "post", f"/assets/items/{spare['id']}/dispose", {"reason": "x"}),
        (b_staff, "post", f"/assets/stocktakes/{sid}/counts", {"unit": A, "tags": [item["tag"]]}),
    ]
    for client, method, path, body in writes:
        is_problem(getattr(client, method)(path, json=body), 404)
    # nothing changed
    assert ok(a_staff.get(f"/assets/procurements/{pid}"))["status"] == "draft"
    assert ok(a_staff.get(f"/assets/stocktakes/{sid}"))["progress"]["lines_recorded"] == 0

    # the Office's asset specialists, the leadership and the auditors see every board
    for who in ("taisan.vp", "bithu", "auditor", "kiemtra.ubkt"):
        c = org.client(who)
        for path in reads:
            assert c.get(path).status_code == 200, (who, path)
        assert iid in [x["id"] for x in ok(c.get("/assets/items", params={"unit": A, "limit": 200}))["items"]], who
        assert pid in [x["id"] for x in ok(c.get("/assets/procurements", params={"unit": A}))["items"]], who

    # an auditor changes nothing (the gateway refuses every write)
    auditor = org.client("auditor")
    audit_writes = [
        ("post", "/assets/items", {"category": "other_tangible", "name": "x", "unit": A, "acquired_on": "2024-01-01",
                                   "original_cost_vnd": 1}),
        ("patch", f"/assets/items/{iid}", {"name": "x"}),
        ("post", f"/assets/items/{iid}/transfer", {"to_unit": org.B}),
        ("post", f"/assets/items/{spare['id']}/repairs", {"description": "x", "estimated_cost_vnd": 1}),
        ("post", f"/assets/items/{spare['id']}/dispose", {"reason": "x"}),
        ("post", "/assets/procurements", {"unit": A, "lines": [{"category": "other_machinery", "description": "x",
                                                                 "quantity": 1, "unit_price_vnd": 1}]}),
        ("patch", f"/assets/procurements/{pid}", {"note": "x"}),
        ("post", f"/assets/procurements/{pid}/submit", None),
        ("post", f"/assets/procurements/{pid}/cancel", {}),
        ("post", f"/assets/procurements/{pid}/approve", {}),
        ("post", f"/assets/repairs/{rid}/complete", {"actual_cost_vnd": 1}),
        ("post", f"/assets/repairs/{rid}/cancel", {}),
        ("post", f"/assets/disposals/{did}/approve", {}),
        ("post", f"/assets/disposals/{did}/reject", {}),
        ("post", "/assets/wear-runs", {"fiscal_year": 2001}),
        ("post", "/assets/stocktakes", {"units": [A], "as_of": TODAY.isoformat()}),
        ("post", f"/assets/stocktakes/{sid}/counts", {"unit": A, "tags": [item["tag"]]}),
        ("post", f"/assets/stocktakes/{sid}/close", None),
        ("post", "/assets/categories", {"code": "e2e_audit", "name": "x", "useful_life_years": 1, "wear_rate_pct": 1}),
        ("post", "/assets/standards", {"category": "computer", "scope": "unit", "max_quantity": 1}),
    ]
    for method, path, body in audit_writes:
        is_problem(getattr(auditor, method)(path, json=body), 403)
    # an auditor who is also a board's staff acts for that board only, never for board A
    inspector = platform.client("kiemtra.ubkt")
    is_problem(inspector.post(f"/assets/items/{spare['id']}/repairs", {"description": "x", "estimated_cost_vnd": 1}), 403)
    is_problem(inspector.post(f"/assets/procurements/{pid}/submit"), 403)
    is_problem(inspector.post(f"/assets/stocktakes/{sid}/counts", {"unit": A, "tags": [item["tag"]]}), 403)
    # the board's staff cannot do the Office's work on its own records either
    for method, path, body in [
        ("post", "/assets/items", {"category": "other_tangible", "name": "x", "unit": A, "acquired_on": "2024-01-01",
                                   "original_cost_vnd": 1}),
        ("patch", f"/assets/items/{iid}", {"name": "x"}),
        ("post", f"/assets/items/{iid}/transfer", {"to_unit": org.B}),
        ("post", f"/assets/repairs/{rid}/complete", {"actual_cost_vnd": 1}),
        ("post", f"/assets/stocktakes/{sid}/close", None),
        ("post", "/assets/wear-runs", {"fiscal_year": 2001}),
    ]:
        is_problem(getattr(a_staff, method)(path, json=body), 403)
    after = ok(taisan_get(platform, f"/assets/items/{iid}"))
    assert (after["name"], after["unit"], after["status"]) == ("Tủ hồ sơ", A, "in_repair")
    assert ok(taisan_get(platform, f"/assets/repairs/{rid}"))["status"] == "open"
    assert ok(taisan_get(platform, f"/assets/disposals/{did}"))["status"] == "requested"


def taisan_get(platform, path: str):
    return platform.client("taisan.vp").get(path)


# -- bad input -------------------------------------------------------------------------------------


def test_bad_input_is_4xx_with_the_field_named(platform, org):
    A, B = org.A, org.B
    a_staff, taisan = org.client("a.staff"), platform.client("taisan.vp")
    good_line = {"category": "other_machinery", "description": "Máy", "quantity": 1, "unit_price_vnd": 1_000}

    def field_error(resp, status, field):
        problem = is_problem(resp, status)
        named = list(problem.get("errors") or {})
        assert any(k == field or k.startswith(field + ".") for k in named), (field, problem)
        return problem

    # procurements
    field_error(a_staff.post("/assets/procurements", {"lines": [dict(good_line, quantity=0)]}), 422, "lines")
    field_error(a_staff.post("/assets/procurements", {"lines": [dict(good_line, unit_price_vnd="1000")]}), 422, "lines")
    field_error(a_staff.post("/assets/procurements", {"lines": []}), 422, "lines")
    field_error(a_staff.post("/assets/procurements", {"lines": [good_line], "fiscal_year": 1999}), 422, "fiscal_year")
    field_error(a_staff.post("/assets/procurements", {"lines": [dict(good_line, category="spaceship")]}), 422,
                "lines.0.category")
    field_error(a_staff.post("/assets/procurements", {"lines": [dict(good_line, beneficiary_staff_id=org.staff["b.s1"])]}),
                422, "lines.0.beneficiary_staff_id")
    is_problem(a_staff.post("/assets/procurements", {"unit": B, "lines": [good_line]}), 403)
    resp = a_staff.session.post(a_staff._url("/assets/procurements"), data="{not json",
                                headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= resp.status_code < 500 and resp.headers["Content-Type"].startswith("application/problem+json")
    is_problem(a_staff.get("/assets/procurements/abc"), 404)
    is_problem(a_staff.get("/assets/procurements/99999999"), 404)
    is_problem(a_staff.get("/assets/procurements", params={"status": "nonsense"}), 422)

    # the register
    item = {"category": "other_tangible", "name": "Thiết bị", "unit": A, "acquired_on": "2024-01-01",
            "original_cost_vnd": 1_000_000}
    field_error(taisan.post("/assets/items", dict(item, category="car", attributes={"seats": 7})), 422, "attributes.plate")
    field_error(taisan.post("/assets/items", dict(item, category="car", attributes={"plate": "99E-1", "seats": 0})), 422,
                "attributes.seats")
    field_error(taisan.post("/assets/items", dict(item, acquired_on=(TODAY + dt.timedelta(days=2)).isoformat())), 422,
                "acquired_on")
    field_error(taisan.post("/assets/items", dict(item, unit="VP-QT")), 422, "unit")
    field_error(taisan.post("/assets/items", dict(item, unit="NOSUCHBOARD")), 422, "unit")
    field_error(taisan.post("/assets/items", dict(item, original_cost_vnd=-5)), 422, "original_cost_vnd")
    field_error(taisan.post("/assets/items", dict(item, tag="bad tag!")), 422, "tag")
    field_error(taisan.post("/assets/items", dict(item, holder_staff_id=org.staff["b.s1"])), 422, "holder_staff_id")
    taken = org.register(A)
    problem = is_problem(taisan.post("/assets/items", dict(item, tag=taken["tag"].lower())), 409)
    assert problem["tag"] == taken["tag"]
    field_error(taisan.post(f"/assets/items/{taken['id']}/transfer", {"to_unit": A}), 422, "to_unit")
    is_problem(taisan.get("/assets/items/99999999"), 404)
    is_problem(taisan.get("/assets/items", params={"status": "lost"}), 422)
    is_problem(taisan.get("/assets/items", params={"limit": 5000}), 422)
    field_error(taisan.get(f"/assets/items/{taken['id']}/residual", params={"as_of": "2023-12-31"}), 422, "as_of")

    # wear runs and stock-takes
    field_error(taisan.post("/assets/wear-runs", {"fiscal_year": "2024"}), 422, "fiscal_year")
    field_error(taisan.post("/assets/wear-runs", {}), 422, "fiscal_year")
    is_problem(taisan.get("/assets/wear-runs/1990"), 404)
    field_error(taisan.post("/assets/stocktakes", {"units": [], "as_of": TODAY.isoformat()}), 422, "units")
    field_error(taisan.post("/assets/stocktakes", {"units": ["NOSUCHBOARD"], "as_of": TODAY.isoformat()}), 422, "units.0")
    field_error(taisan.post("/assets/stocktakes", {"units": [A], "as_of": "31/12/2024"}), 422, "as_of")
    st = ok(taisan.post("/assets/stocktakes", {"units": [B], "as_of": TODAY.isoformat()}), 201)
    field_error(taisan.post(f"/assets/stocktakes/{st['id']}/counts", {"unit": B, "tags": []}), 422, "tags")
    field_error(taisan.post(f"/assets/stocktakes/{st['id']}/counts", {"unit": A, "tags": ["X-1"]}), 422, "unit")
    field_error(taisan.post(f"/assets/stocktakes/{st['id']}/counts", {"unit": B, "entries": [{"tag": "X-1",
                                                                                           "condition": "shiny"}]}),
                422, "entries")
    is_problem(taisan.post(f"/assets/stocktakes/{st['id']}/reconcile", {}), 409)

    # repairs and disposals
    field_error(taisan.post(f"/assets/items/{taken['id']}/repairs", {"description": "", "estimated_cost_vnd": 1}), 422,
                "description")
    field_error(taisan.post(f"/assets/items/{taken['id']}/repairs", {"description": "x", "estimated_cost_vnd": 1.5}), 422,
                "estimated_cost_vnd")
    field_error(taisan.post(f"/assets/items/{taken['id']}/dispose", {"reason": "x", "method": "burn"}), 422, "method")
    is_problem(taisan.post("/assets/repairs/99999999/complete", {"actual_cost_vnd": 1}), 404)
    is_problem(platform.client("bithu").post("/assets/disposals/99999999/approve", {}), 404)
