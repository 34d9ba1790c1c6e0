"""Finance end to end, through the gateway and RabbitMQ against the real processes.

A completed fleet trip charged back to the booking board; procurements in assets reserved or
refused by finance; every 409 rule; approvals; payments; parallel submissions against one
budget; board scoping on every finance route; bad input; replayed and parked events; CSV.

Figures are asserted exactly. Where a demo budget is touched, its figures are read before and
after, so the assertions hold whatever other modules did to it earlier in the session; budgets
this module owns live in categories of its own (`e2e_<hex>`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pika
import pytest
import requests

from buildingblocks.config import Settings
from buildingblocks.deadletters import list_parked, replay_parked
from buildingblocks.messaging import Event, connection_parameters, publish_raw
from harness import Client, eventually

LOCAL = dt.timezone(dt.timedelta(hours=7))
YEAR = dt.datetime.now(LOCAL).year
FIGURES = ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")
UNIT_HEAD_LIMIT = 20_000_000  # finance's default FINANCE_UNIT_HEAD_LIMIT_VND (the platform keeps it)
PROBLEM = "application/problem+json"


# -- helpers ---------------------------------------------------------------------------------


def unique(prefix: str = "e2e_") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def fin(platform, user="ketoan.vp") -> Client:
    return platform.client(user)


def problem(resp, status: int, rule: str | None = None) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    assert resp.headers["Content-Type"].startswith(PROBLEM), resp.headers["Content-Type"]
    body = resp.json()
    assert body["status"] == status
    if rule is not None:
        assert body.get("rule") == rule, body
    return body


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    return resp.json()


def figures(platform, unit: str, category: str, year: int = YEAR) -> dict:
    """allocated/reserved/spent/available of one budget, from /budgets/summary (0s when none)."""
    body = ok(fin(platform).get("/finance/budgets/summary",
                                params={"unit": unit, "category": category, "fiscal_year": year}))
    if not body["items"]:
        return dict.fromkeys(FIGURES, 0)
    [item] = body["items"]
    return {k: item[k] for k in FIGURES}


def delta(before: dict, **changes) -> dict:
    after = dict(before)
    for k, v in changes.items():
        after[f"{k}_vnd"] += v
    after["available_vnd"] = after["allocated_vnd"] - after["reserved_vnd"] - after["spent_vnd"]
    return after


def all_pages(client: Client, path: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        query = dict(params, limit=200)
        if cursor:
            query["cursor"] = cursor
        body = ok(client.get(path, params=query))
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def ledger(platform, **params) -> list[dict]:
    return all_pages(fin(platform), "/finance/ledger", **params)


def sums_by_kind(entries) -> dict:
    sums = Counter()
    for e in entries:
        sums[e["kind"]] += e["amount_vnd"]
    return dict(sums)


def ledger_figures(entries) -> dict:
    s = sums_by_kind(entries)
    allocated = s.get("allocated", 0)
    reserved = s.get("reserved", 0) - s.get("released", 0)
    spent = s.get("spent", 0)
    return {"allocated_vnd": allocated, "reserved_vnd": reserved, "spent_vnd": spent,
            "available_vnd": allocated - reserved - spent}


def allocate(platform, unit: str, amount: int, category: str | None = None, year: int = YEAR) -> dict:
    category = category or unique()
    return ok(fin(platform).post("/finance/budgets", {"fiscal_year": year, "unit": unit, "category": category,
                                                      "allocated_vnd": amount, "reason": "e2e"}), 201)


def submit(client: Client, category: str, amount: int, beneficiary: int, on: str | None = None, **extra):
    body = {"category": category, "amount_vnd": amount, "beneficiary_staff_id": beneficiary,
            "date": on or f"{YEAR}-06-15", "description": "Chi phí thử nghiệm e2e", **extra}
    if amount is None:
        body.pop("amount_vnd")
    return client.post("/finance/expenses", body)


def metric(platform, service: str, name: str, type_: str) -> float:
    text = requests.get(f"{platform.worker_url(service)}/metrics", timeout=10).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and f'type="{type_}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def ready(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.ConnectionError:  # the process is still starting
        return False


def settings_for(platform, service: str) -> Settings:
    env = platform.base_env
    return Settings.from_env(service, broker_url=env["BROKER_URL"], exchange=env["EVENTS_EXCHANGE"],
                             queue_prefix=env["QUEUE_PREFIX"])


def trip_data(booking_id: int, unit: str, cost: int, completed_at: str | None = None) -> dict:
    completed_at = completed_at or dt.datetime.now(LOCAL).replace(microsecond=0).isoformat()
    return {"booking_id": booking_id, "unit": unit, "vehicle_id": 1, "plate": "36A-002.02", "driver_id": 10,
            "km": 80, "fuel_litres": 7.5, "fuel_cost_vnd": cost, "fuel_flagged": False,
            "started_at": completed_at, "completed_at": completed_at}


def fake_booking_id() -> int:
    # far above any id fleet hands out in a test run
    return 700_000_000 + uuid.uuid4().int % 100_000_000


def chargebacks_of(platform, booking_id) -> list[dict]:
    return all_pages(fin(platform), "/finance/chargebacks", source="fleet.trip", source_id=str(booking_id))


# -- module fixtures: the cross-service flows, done once -------------------------------------


@pytest.fixture(scope="module")
def trip(platform):
    """A real fleet flow for BTGDV: book, approve, dispatch, complete; with the transport figures
    of BTGDV read just before the trip was completed."""
    btgdv = platform.client("chuyenvien.btgdv")
    start = (dt.datetime.now(LOCAL) + dt.timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    booking = ok(btgdv.post("/fleet/bookings", {
        "purpose": "Kiểm tra cơ sở", "destination": "Huyện Đông Hòa", "start_at": start.isoformat(),
        "end_at": (start + dt.timedelta(hours=5)).isoformat(), "passengers": 3}), 201)
    assert booking["status"] == "requested" and booking["unit"] == "BTGDV"
    approved = ok(platform.client("truongban.btgdv").post(f"/fleet/bookings/{booking['id']}/approve", {}))
    assert approved["status"] == "approved"
    fleet_office = platform.client("doixe.vp")
    dispatched = ok(fleet_office.post(f"/fleet/bookings/{booking['id']}/dispatch", {}))
    assert dispatched["status"] == "dispatched" and dispatched["vehicle_id"] and dispatched["driver_id"]
    vehicle = ok(fleet_office.get(f"/fleet/vehicles/{dispatched['vehicle_id']}"))
    year = dt.datetime.now(LOCAL).year
    before = figures(platform, "BTGDV", "transport", year)
    start_km = vehicle["odometer_km"]
    completed = ok(fleet_office.post(f"/fleet/bookings/{booking['id']}/complete", {
        "odometer_start_km": start_km, "odometer_end_km": start_km + 120, "fuel_litres": 11.0,
        "fuel_cost_vnd": 275_000}))
    assert completed["status"] == "completed" and completed["km"] == 120 and completed["fuel_cost_vnd"] == 275_000
    return {"booking": completed, "before": before, "year": year, "cost": 275_000}


@pytest.fixture(scope="module")
def trip_charged(platform, trip):
    booking_id = trip["booking"]["id"]
    [charge] = eventually(lambda: chargebacks_of(platform, booking_id), timeout=30)
    return {**trip, "chargeback": charge}


@pytest.fixture(scope="module")
def btc_newcomer(platform):
    """A new BTC specialist (no equipment yet), known to assets and finance once HR's event arrives."""
    hr = platform.client("tochuc.vp")
    positions = ok(hr.get("/hr/positions", params={"unit": "BTC", "limit": 200}))["items"]
    position = next(p for p in positions if p["rank"] == "specialist" and not p.get("is_driver"))
    body = {"full_name": "Nguyễn Thị Ánh Tuyết", "unit": "BTC", "position_id": position["id"],
            "title_rank": "specialist"}
    resp = hr.post("/hr/staff", body)
    if resp.status_code == 409:  # the position's quota is full in this session: make room
        ok(hr.patch(f"/hr/positions/{position['id']}", {"quota": position["quota"] + 5}))
        resp = hr.post("/hr/staff", body)
    return ok(resp, 201)


@pytest.fixture(scope="module")
def procurement_accepted(platform, btc_newcomer):
    """BTC drafts a computer and a desk for its newcomer (within the standards) and submits it;
    finance reserves; the procurement reaches pending_approval."""
    staff_id = btc_newcomer["id"]
    btc = platform.client("chuyenvien.btc")
    lines = [
        {"category": "computer", "description": "Máy tính để bàn", "quantity": 1, "unit_price_vnd": 14_500_000,
         "beneficiary_staff_id": staff_id},
        {"category": "desk_set", "description": "Bộ bàn ghế làm việc", "quantity": 1, "unit_price_vnd": 4_800_000,
         "beneficiary_staff_id": staff_id},
    ]

    def draft():  # 422 until assets' replica has the newcomer
        resp = btc.post("/assets/procurements", {"fiscal_year": YEAR, "note": "Trang bị cho cán bộ mới", "lines": lines})
        return resp.json() if resp.status_code == 201 else None

    procurement = eventually(draft, timeout=30, interval=0.5)
    assert procurement["status"] == "draft" and procurement["total_vnd"] == 19_300_000
    before = figures(platform, "BTC", "procurement")
    submitted = ok(btc.post(f"/assets/procurements/{procurement['id']}/submit"))
    assert submitted["status"] == "awaiting_budget"
    pending = eventually(lambda: (lambda p: p if p["status"] != "awaiting_budget" else None)(
        ok(btc.get(f"/assets/procurements/{procurement['id']}"))), timeout=30, interval=0.3)
    return {"procurement": pending, "before": before, "total": 19_300_000, "staff_id": staff_id}


@pytest.fixture(scope="module")
def procurement_refused(platform):
    """BNC's procurement budget of a later year is made small through finance's API, then a
    procurement above it is submitted in assets: finance refuses it."""
    year = YEAR + 3
    existing = figures(platform, "BNC", "procurement", year)
    if existing["allocated_vnd"] == 0:
        allocate(platform, "BNC", 5_000_000, "procurement", year)
    before = figures(platform, "BNC", "procurement", year)
    total = before["available_vnd"] + 7_000_000
    bnc = platform.client("chuyenvien.bnc")
    procurement = ok(bnc.post("/assets/procurements", {"fiscal_year": year, "lines": [
        {"category": "other_machinery", "description": "Máy chiếu phòng họp", "quantity": 1,
         "unit_price_vnd": total}]}), 201)
    ok(bnc.post(f"/assets/procurements/{procurement['id']}/submit"))
    refused = eventually(lambda: (lambda p: p if p["status"] != "awaiting_budget" else None)(
        ok(bnc.get(f"/assets/procurements/{procurement['id']}"))), timeout=30, interval=0.3)
    return {"procurement": refused, "before": before, "year": year, "total": total}


# -- fleet -> finance ------------------------------------------------------------------------


def test_completed_trip_is_charged_to_the_booking_boards_transport_budget(platform, trip_charged):
    booking, year, cost = trip_charged["booking"], trip_charged["year"], trip_charged["cost"]
    charge = trip_charged["chargeback"]
    assert charge["unit"] == "BTGDV" and charge["category"] == "transport" and charge["amount_vnd"] == cost
    assert charge["source"] == "fleet.trip" and charge["source_id"] == str(booking["id"])
    assert charge["fiscal_year"] == year and charge["overrun"] is False
    entries = ledger(platform, source="fleet.trip", source_id=str(booking["id"]))
    assert [(e["unit"], e["category"], e["kind"], e["amount_vnd"], e["event_id"]) for e in entries] == [
        ("BTGDV", "transport", "spent", cost, charge["event_id"])]
    assert figures(platform, "BTGDV", "transport", year) == delta(trip_charged["before"], spent=cost)
    # the board sees its own chargeback; another board does not
    assert ok(platform.client("chuyenvien.btgdv").get(f"/finance/chargebacks/{charge['id']}"))["amount_vnd"] == cost
    problem(platform.client("chuyenvien.btc").get(f"/finance/chargebacks/{charge['id']}"), 404)


# -- assets -> finance -----------------------------------------------------------------------


def test_procurement_accepted_is_reserved_then_spent_at_its_actual_cost(platform, procurement_accepted):
    p, total, before = procurement_accepted["procurement"], procurement_accepted["total"], procurement_accepted["before"]
    assert p["status"] == "pending_approval", p
    assert p["reservation"]["status"] == "accepted", p["reservation"]
    [reservation] = all_pages(fin(platform), "/finance/reservations", source="assets.procurement", source_id=str(p["id"]))
    assert (reservation["unit"], reservation["category"], reservation["fiscal_year"], reservation["amount_vnd"],
            reservation["status"], reservation["actual_vnd"]) == ("BTC", "procurement", YEAR, total, "reserved", None)
    entries = ledger(platform, source="assets.procurement", source_id=str(p["id"]))
    assert [(e["kind"], e["amount_vnd"], e["budget_id"]) for e in entries] == [
        ("reserved", total, reservation["budget_id"])]
    assert entries[0]["event_id"]
    assert figures(platform, "BTC", "procurement") == delta(before, reserved=total)
    # the unit head approves (within the threshold), the Office receives at lower actual prices
    approved = ok(platform.client("truongban.btc").post(f"/assets/procurements/{p['id']}/approve", {"note": "Đồng ý"}))
    assert approved["status"] == "approved"
    line_ids = [line["id"] for line in approved["lines"]]
    received = ok(platform.client("taisan.vp").post(f"/assets/procurements/{p['id']}/receive", {"lines": [
        {"line_id": line_ids[0], "unit_price_vnd": 14_000_000},
        {"line_id": line_ids[1], "unit_price_vnd": 4_500_000}]}))
    assert received["status"] == "received" and received["actual_total_vnd"] == 18_500_000

    def spent():
        [r] = all_pages(fin(platform), "/finance/reservations", source="assets.procurement", source_id=str(p["id"]))
        return r if r["status"] == "spent" else None

    reservation = eventually(spent, timeout=30)
    assert reservation["actual_vnd"] == 18_500_000 and reservation["amount_vnd"] == total
    entries = ledger(platform, source="assets.procurement", source_id=str(p["id"]))
    assert sorted((e["kind"], e["amount_vnd"]) for e in entries) == [
        ("released", total), ("reserved", total), ("spent", 18_500_000)]
    assert figures(platform, "BTC", "procurement") == delta(before, spent=18_500_000)


def test_procurement_refused_for_lack_of_budget(platform, procurement_refused):
    p, before, year, total = (procurement_refused[k] for k in ("procurement", "before", "year", "total"))
    assert p["status"] == "budget_rejected", p
    assert p["reservation"]["status"] == "rejected"
    assert p["reservation"]["available_vnd"] == before["available_vnd"]
    [reservation] = all_pages(fin(platform), "/finance/reservations", source="assets.procurement", source_id=str(p["id"]))
    assert (reservation["unit"], reservation["fiscal_year"], reservation["category"], reservation["amount_vnd"],
            reservation["status"]) == ("BNC", year, "procurement", total, "rejected")
    assert str(total) in reservation["reason"] and str(before["available_vnd"]) in reservation["reason"]
    assert ledger(platform, source="assets.procurement", source_id=str(p["id"])) == []
    assert figures(platform, "BNC", "procurement", year) == before
    # BNC sees its refusal in finance; BTC does not
    assert ok(platform.client("chuyenvien.bnc").get(f"/finance/reservations/{reservation['id']}"))["status"] == "rejected"
    problem(platform.client("chuyenvien.btc").get(f"/finance/reservations/{reservation['id']}"), 404)


# -- the 409 rules of expenses -----------------------------------------------------------------


def test_over_the_norm_of_the_beneficiarys_title_rank_is_409_with_the_figures(platform):
    btc = platform.client("chuyenvien.btc")
    before = figures(platform, "BTC", "lodging")
    on = f"{YEAR}-07-10"
    # a specialist (staff 22): the general lodging norm, 300,000 per night
    body = problem(submit(btc, "lodging", None, 22, on, quantity=2, rate_vnd=500_000), 409, "over_norm")
    assert (body["norm_vnd"], body["asked_vnd"], body["per"], body["quantity"], body["available_vnd"]) == (
        300_000, 500_000, "night", 2, before["available_vnd"])
    assert body["title_rank"] is None
    # the board head (staff 20): the board_head norm of 600,000 per night admits the same rate
    expense = ok(submit(btc, "lodging", None, 20, on, quantity=2, rate_vnd=500_000), 201)
    assert (expense["amount_vnd"], expense["norm_limit_vnd"], expense["norm_per"], expense["beneficiary_title_rank"],
            expense["status"]) == (1_000_000, 600_000, "night", "board_head", "submitted")
    # ... and refuses a rate above it
    body = problem(submit(btc, "lodging", None, 20, on, quantity=1, rate_vnd=600_001), 409, "over_norm")
    assert (body["norm_vnd"], body["asked_vnd"], body["title_rank"]) == (600_000, 600_001, "board_head")
    assert figures(platform, "BTC", "lodging") == delta(before, reserved=1_000_000)
    ok(btc.post(f"/finance/expenses/{expense['id']}/withdraw", {"reason": "e2e"}))
    assert figures(platform, "BTC", "lodging") == before


def test_cumulative_monthly_norm_counts_what_was_drawn(platform, btc_newcomer):
    btc = platform.client("chuyenvien.btc")
    staff = btc_newcomer["id"]
    # the newcomer has drawn nothing: 400,000 of the 700,000 a month fits
    first = eventually(lambda: (lambda r: r.json() if r.status_code == 201 else None)(
        submit(btc, "travel_lump_sum", 400_000, staff, f"{YEAR}-03-05")), timeout=30, interval=0.5)
    body = problem(submit(btc, "travel_lump_sum", 300_001, staff, f"{YEAR}-03-20"), 409, "over_norm")
    assert (body["norm_vnd"], body["per"], body["asked_vnd"], body["already_used_vnd"]) == (700_000, "month", 300_001, 400_000)
    second = ok(submit(btc, "travel_lump_sum", 300_000, staff, f"{YEAR}-03-20"), 201)
    # another month starts afresh
    third = ok(submit(btc, "travel_lump_sum", 700_000, staff, f"{YEAR}-04-02"), 201)
    # a withdrawn request no longer counts
    ok(btc.post(f"/finance/expenses/{first['id']}/withdraw", {}))
    fourth = ok(submit(btc, "travel_lump_sum", 400_000, staff, f"{YEAR}-03-28"), 201)
    for e in (second, third, fourth):
        ok(btc.post(f"/finance/expenses/{e['id']}/withdraw", {}))


def test_over_the_available_budget_is_409_with_the_figures(platform):
    btc = platform.client("chuyenvien.btc")
    budget = allocate(platform, "BTC", 1_000_000)
    category = budget["category"]
    body = problem(submit(btc, category, 1_000_001, 22), 409, "budget_exhausted")
    assert (body["asked_vnd"], body["allocated_vnd"], body["reserved_vnd"], body["spent_vnd"], body["available_vnd"]) == (
        1_000_001, 1_000_000, 0, 0, 1_000_000)
    first = ok(submit(btc, category, 600_000, 22), 201)
    body = problem(submit(btc, category, 400_001, 22), 409, "budget_exhausted")
    assert (body["asked_vnd"], body["reserved_vnd"], body["available_vnd"]) == (400_001, 600_000, 400_000)
    ok(submit(btc, category, 400_000, 22), 201)
    body = problem(submit(btc, category, 1, 22), 409, "budget_exhausted")
    assert body["available_vnd"] == 0
    # releasing makes room again
    ok(btc.post(f"/finance/expenses/{first['id']}/withdraw", {}))
    ok(submit(btc, category, 600_000, 22), 201)
    # a regulated category: within the norm but over the board's budget names the norm too
    lodging = figures(platform, "BTC", "lodging")
    nights = lodging["available_vnd"] // 300_000 + 1
    body = problem(submit(btc, "lodging", None, 22, quantity=nights, rate_vnd=300_000), 409, "budget_exhausted")
    assert (body["asked_vnd"], body["available_vnd"], body["norm_vnd"]) == (nights * 300_000, lodging["available_vnd"], 300_000)
    # no budget at all for that year and category
    body = problem(submit(btc, unique(), 1_000, 22), 409, "budget_exhausted")
    assert body["available_vnd"] == 0 and body["asked_vnd"] == 1_000 and "no" in body["detail"]


# -- approvals, payment, release -------------------------------------------------------------


def test_approval_rules(platform):
    btc = platform.client("chuyenvien.btc")
    head = platform.client("truongban.btc")
    budget = allocate(platform, "BTC", 200_000_000)
    category = budget["category"]
    at_limit = ok(submit(btc, category, UNIT_HEAD_LIMIT, 22), 201)
    above = ok(submit(btc, category, UNIT_HEAD_LIMIT + 1, 22), 201)
    # a staff member, the Office's finance and an auditor are no approvers at all (gateway)
    for user in ("chuyenvien.btc", "ketoan.vp", "kiemtra.ubkt"):
        problem(platform.client(user).post(f"/finance/expenses/{at_limit['id']}/approve", {}), 403)
    # the unit head of another board cannot even see it
    problem(platform.client("truongban.btgdv").post(f"/finance/expenses/{at_limit['id']}/approve", {}), 404)
    problem(platform.client("truongban.btgdv").post(f"/finance/expenses/{at_limit['id']}/reject", {"reason": "x"}), 404)
    # the board's unit head up to the threshold ...
    approved = ok(head.post(f"/finance/expenses/{at_limit['id']}/approve", {"reason": "Đúng quy chế"}))
    assert approved["status"] == "approved"
    assert [(d["action"], d["status"], d["by_username"], d["reason"]) for d in approved["decisions"]] == [
        ("submit", "submitted", "chuyenvien.btc", ""), ("approve", "approved", "truongban.btc", "Đúng quy chế")]
    # ... not above it, neither approving nor rejecting
    body = problem(head.post(f"/finance/expenses/{above['id']}/approve", {}), 403)
    assert body["approver_role"] == "leadership" and body["unit_head_limit_vnd"] == UNIT_HEAD_LIMIT
    problem(head.post(f"/finance/expenses/{above['id']}/reject", {"reason": "quá hạn mức"}), 403)
    assert ok(platform.client("bithu").post(f"/finance/expenses/{above['id']}/approve", {}))["status"] == "approved"
    # nobody approves their own: the head's own request, or one of which the head is the beneficiary
    own = ok(submit(head, category, 1_000_000, 22), 201)
    problem(head.post(f"/finance/expenses/{own['id']}/approve", {}), 403)
    for_head = ok(submit(btc, category, 1_000_000, 20), 201)
    problem(head.post(f"/finance/expenses/{for_head['id']}/approve", {}), 403)
    problem(head.post(f"/finance/expenses/{for_head['id']}/reject", {"reason": "của tôi"}), 403)
    assert ok(platform.client("phobithu").post(f"/finance/expenses/{for_head['id']}/approve", {}))["status"] == "approved"
    # the leadership may not approve where it is the beneficiary either (the beneficiary is staff of
    # the expense's own board: issue 10, finding 3; the secretary is staff 1 of TU)
    tu_budget = allocate(platform, "TU", 10_000_000)
    for_secretary = ok(submit(platform.client("phobithu"), tu_budget["category"], 500_000, 1), 201)
    problem(platform.client("bithu").post(f"/finance/expenses/{for_secretary['id']}/approve", {}), 403)
    problem(platform.client("phobithu").post(f"/finance/expenses/{for_secretary['id']}/approve", {}), 403)
    # and another board's person is no beneficiary of the Office's expense
    vp_budget = allocate(platform, "VP", 10_000_000)
    problem(platform.client("chanhvp").post("/finance/expenses", {
        "category": vp_budget["category"], "amount_vnd": 500_000, "beneficiary_staff_id": 1,
        "date": f"{YEAR}-06-15", "description": "Chi phí thử nghiệm e2e"}), 422, "beneficiary_not_in_unit")
    # a decided request is not decided again
    problem(head.post(f"/finance/expenses/{at_limit['id']}/approve", {}), 409, "invalid_state")
    figures_now = figures(platform, "BTC", category)
    assert figures_now == {"allocated_vnd": 200_000_000, "reserved_vnd": 2 * UNIT_HEAD_LIMIT + 1 + 2_000_000,
                           "spent_vnd": 0, "available_vnd": 200_000_000 - 2 * UNIT_HEAD_LIMIT - 1 - 2_000_000}


def test_pay_reject_withdraw_move_the_figures_exactly(platform):
    btc = platform.client("chuyenvien.btc")
    head = platform.client("truongban.btc")
    office = fin(platform)
    budget = allocate(platform, "BTC", 50_000_000)
    category = budget["category"]
    a = ok(submit(btc, category, 10_000_000, 22), 201)
    b = ok(submit(btc, category, 8_000_000, 22), 201)
    c = ok(submit(btc, category, 5_000_000, 22), 201)
    d = ok(submit(btc, category, 3_000_000, 22), 201)
    assert figures(platform, "BTC", category) == {"allocated_vnd": 50_000_000, "reserved_vnd": 26_000_000,
                                                  "spent_vnd": 0, "available_vnd": 24_000_000}
    # pay: only once approved, only office_finance, never more than reserved
    problem(office.post(f"/finance/expenses/{a['id']}/pay", {"paid_amount_vnd": 9_000_000}), 409, "invalid_state")
    ok(head.post(f"/finance/expenses/{a['id']}/approve", {}))
    ok(head.post(f"/finance/expenses/{b['id']}/approve", {}))
    problem(btc.post(f"/finance/expenses/{a['id']}/pay", {}), 403)
    problem(head.post(f"/finance/expenses/{a['id']}/pay", {}), 403)
    body = problem(office.post(f"/finance/expenses/{a['id']}/pay", {"paid_amount_vnd": 10_000_001}), 409,
                   "payment_exceeds_reservation")
    assert (body["asked_vnd"], body["reserved_vnd"]) == (10_000_001, 10_000_000)
    paid = ok(office.post(f"/finance/expenses/{a['id']}/pay", {"paid_amount_vnd": 9_250_000, "reason": "Hóa đơn"}))
    assert (paid["status"], paid["paid_amount_vnd"], paid["amount_vnd"]) == ("paid", 9_250_000, 10_000_000)
    problem(office.post(f"/finance/expenses/{a['id']}/pay", {}), 409, "invalid_state")
    problem(btc.post(f"/finance/expenses/{a['id']}/withdraw", {}), 409, "invalid_state")
    paid_b = ok(office.post(f"/finance/expenses/{b['id']}/pay", {}))  # the whole reservation by default
    assert paid_b["paid_amount_vnd"] == 8_000_000
    # reject (with a reason, by the approver) and withdraw (by the requester) release
    problem(head.post(f"/finance/expenses/{c['id']}/reject", {}), 422)
    problem(head.post(f"/finance/expenses/{d['id']}/withdraw", {}), 403)
    assert ok(head.post(f"/finance/expenses/{c['id']}/reject", {"reason": "Không cần thiết"}))["status"] == "rejected"
    assert ok(btc.post(f"/finance/expenses/{d['id']}/withdraw", {}))["status"] == "withdrawn"
    problem(head.post(f"/finance/expenses/{d['id']}/approve", {}), 409, "invalid_state")
    problem(btc.post(f"/finance/expenses/{c['id']}/withdraw", {}), 409, "invalid_state")
    expected = {"allocated_vnd": 50_000_000, "reserved_vnd": 0, "spent_vnd": 17_250_000, "available_vnd": 32_750_000}
    assert figures(platform, "BTC", category) == expected
    record = ok(office.get(f"/finance/budgets/{budget['id']}"))
    assert {k: record[k] for k in FIGURES} == expected and record["used_pct"] == 34.5
    entries = ledger(platform, budget_id=budget["id"])
    assert ledger_figures(entries) == expected
    by_expense = {}
    for e in entries:
        if e["source"] == "finance.expense":
            by_expense.setdefault(e["source_id"], []).append((e["kind"], e["amount_vnd"]))
    assert sorted(by_expense[str(a["id"])]) == [("released", 10_000_000), ("reserved", 10_000_000), ("spent", 9_250_000)]
    assert sorted(by_expense[str(b["id"])]) == [("released", 8_000_000), ("reserved", 8_000_000), ("spent", 8_000_000)]
    assert sorted(by_expense[str(c["id"])]) == [("released", 5_000_000), ("reserved", 5_000_000)]
    assert sorted(by_expense[str(d["id"])]) == [("released", 3_000_000), ("reserved", 3_000_000)]
    # nobody pays their own request: the accountant as beneficiary
    vp_budget = allocate(platform, "VP", 5_000_000)
    mine = ok(submit(platform.client("chanhvp"), vp_budget["category"], 700_000, 5), 201)
    ok(platform.client("bithu").post(f"/finance/expenses/{mine['id']}/approve", {}))
    problem(office.post(f"/finance/expenses/{mine['id']}/pay", {}), 403)


def test_the_other_409_rules(platform):
    office = fin(platform)
    leader = platform.client("bithu")
    btc = platform.client("chuyenvien.btc")
    # a budget is allocated once
    budget = allocate(platform, "BTC", 3_000_000)
    body = problem(office.post("/finance/budgets", {"fiscal_year": YEAR, "unit": "BTC", "category": budget["category"],
                                                    "allocated_vnd": 1}), 409, "budget_exists")
    assert body["budget_id"] == budget["id"]
    # a regulation version is never edited: a second one on the same date is refused
    body = problem(office.post("/finance/regulations", {"effective_from": "2025-05-04", "norms": [
        {"category": "lodging", "limit_vnd": 1, "per": "night"}]}), 409, "version_exists")
    assert body["effective_from"] == "2025-05-04"
    # reversals: not of reservations, not while the money is held, not twice, not of a reversal
    held = ok(submit(btc, budget["category"], 2_000_000, 22), 201)
    [allocation] = ledger(platform, budget_id=budget["id"], kind="allocated")
    [reservation] = ledger(platform, budget_id=budget["id"], kind="reserved")
    body = problem(office.post(f"/finance/ledger/{reservation['id']}/reverse", {"reason": "sai"}), 409, "not_reversible")
    assert body["kind"] == "reserved"
    body = problem(office.post(f"/finance/ledger/{allocation['id']}/reverse", {"reason": "sai"}), 409, "budget_exhausted")
    assert (body["asked_vnd"], body["available_vnd"], body["reserved_vnd"]) == (3_000_000, 1_000_000, 2_000_000)
    ok(btc.post(f"/finance/expenses/{held['id']}/withdraw", {}))
    reversal = ok(office.post(f"/finance/ledger/{allocation['id']}/reverse", {"reason": "Giao nhầm"}), 201)
    assert (reversal["kind"], reversal["amount_vnd"], reversal["reverses_entry_id"]) == ("allocated", -3_000_000, allocation["id"])
    body = problem(office.post(f"/finance/ledger/{allocation['id']}/reverse", {"reason": "lần nữa"}), 409, "already_reversed")
    assert body["reversal_id"] == reversal["id"]
    problem(office.post(f"/finance/ledger/{reversal['id']}/reverse", {"reason": "đảo lại"}), 409, "not_reversible")
    assert figures(platform, "BTC", budget["category"]) == dict.fromkeys(FIGURES, 0)
    # supplements and transfers: decided once, by the leadership; a transfer needs available money
    category = unique()
    source = allocate(platform, "BTGDV", 10_000_000, category)
    allocate(platform, "BNC", 1_000_000, category)
    supplement = ok(office.post("/finance/budgets/supplements", {"fiscal_year": YEAR, "unit": "BNC", "category": category,
                                                                 "amount_vnd": 4_000_000, "reason": "Bổ sung"}), 201)
    problem(office.post(f"/finance/budgets/supplements/{supplement['id']}/approve", {}), 403)  # not leadership
    assert figures(platform, "BNC", category)["allocated_vnd"] == 1_000_000  # nothing moves before approval
    assert ok(leader.post(f"/finance/budgets/supplements/{supplement['id']}/approve", {}))["status"] == "approved"
    problem(leader.post(f"/finance/budgets/supplements/{supplement['id']}/approve", {}), 409, "invalid_state")
    problem(leader.post(f"/finance/budgets/supplements/{supplement['id']}/reject", {"reason": "muộn"}), 409, "invalid_state")
    assert figures(platform, "BNC", category)["allocated_vnd"] == 5_000_000
    body = problem(office.post("/finance/budgets/transfers", {"fiscal_year": YEAR, "category": category, "from_unit": "BTGDV",
                                                              "to_unit": "BNC", "amount_vnd": 10_000_001, "reason": "Điều chuyển"}),
                   409, "budget_exhausted")
    assert (body["asked_vnd"], body["available_vnd"]) == (10_000_001, 10_000_000)
    transfer = ok(office.post("/finance/budgets/transfers", {"fiscal_year": YEAR, "category": category, "from_unit": "BTGDV",
                                                             "to_unit": "BNC", "amount_vnd": 6_000_000, "reason": "Điều chuyển"}), 201)
    # the source spends before the leadership decides: the transfer no longer fits
    spend = ok(submit(platform.client("chuyenvien.btgdv"), category, 5_000_000, 42), 201)
    body = problem(leader.post(f"/finance/budgets/transfers/{transfer['id']}/approve", {}), 409, "budget_exhausted")
    assert (body["asked_vnd"], body["available_vnd"]) == (6_000_000, 5_000_000)
    ok(platform.client("chuyenvien.btgdv").post(f"/finance/expenses/{spend['id']}/withdraw", {}))
    assert ok(leader.post(f"/finance/budgets/transfers/{transfer['id']}/approve", {}))["status"] == "approved"
    problem(leader.post(f"/finance/budgets/transfers/{transfer['id']}/approve", {}), 409, "invalid_state")
    assert figures(platform, "BTGDV", category) == {"allocated_vnd": 4_000_000, "reserved_vnd": 0, "spent_vnd": 0,
                                                     "available_vnd": 4_000_000}
    assert figures(platform, "BNC", category)["allocated_vnd"] == 11_000_000
    transfer_entries = ledger(platform, source="finance.transfer", source_id=str(transfer["id"]))
    assert sorted((e["unit"], e["amount_vnd"]) for e in transfer_entries) == [("BNC", 6_000_000), ("BTGDV", -6_000_000)]
    problem(office.post(f"/finance/ledger/{transfer_entries[0]['id']}/reverse", {"reason": "x"}), 409, "not_reversible")
    assert figures(platform, "BTGDV", category)["allocated_vnd"] == source["allocated_vnd"] - 6_000_000


STANDARD_MEMBERS = {"type", "title", "status", "detail", "instance", "rule"}


def names_state(body: dict, state: str) -> bool:
    """True when a member besides the standard ones carries the record's current state."""
    return any(value == state for key, value in body.items() if key not in STANDARD_MEMBERS)


def test_a_409_for_the_wrong_state_names_the_current_state(platform):
    """An invalid_state 409 carries the record's state as a figure, as the code means it to
    (`Conflict(..., status=change.status)`, `InvalidTransition(..., status=...)`), not only in prose."""
    office, leader = fin(platform), platform.client("bithu")
    category = unique()
    allocate(platform, "UBKT", 2_000_000, category)
    supplement = ok(office.post("/finance/budgets/supplements", {"fiscal_year": YEAR, "unit": "UBKT", "category": category,
                                                                 "amount_vnd": 1_000_000, "reason": "Bổ sung"}), 201)
    ok(leader.post(f"/finance/budgets/supplements/{supplement['id']}/reject", {"reason": "Chưa cần"}))
    body = problem(leader.post(f"/finance/budgets/supplements/{supplement['id']}/approve", {}), 409, "invalid_state")
    assert "rejected" in body["detail"]
    expense = ok(submit(office, category, 500_000, 31, unit="UBKT"), 201)
    ok(office.post(f"/finance/expenses/{expense['id']}/withdraw", {}))
    body2 = problem(leader.post(f"/finance/expenses/{expense['id']}/approve", {}), 409, "invalid_state")
    assert "withdrawn" in body2["detail"] and body2["action"] == "approve"
    assert names_state(body, "rejected"), body
    assert names_state(body2, "withdrawn"), body2


# -- concurrency -----------------------------------------------------------------------------


def test_parallel_submissions_never_overspend_one_budget(platform):
    amount, fits, attempts = 1_000_000, 10, 26
    budget = allocate(platform, "BTC", amount * fits)
    category = budget["category"]
    token_users = ["chuyenvien.btc", "truongban.btc"]
    tokens = [platform.token(u) for u in token_users]
    barrier = threading.Barrier(attempts)

    def one(i):
        client = Client(platform.gateway, tokens[i % len(tokens)])
        barrier.wait(timeout=60)
        resp = submit(client, category, amount, 22 if i % 2 == 0 else 24)
        return resp.status_code, resp.json()

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        answers = list(pool.map(one, range(attempts)))
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: fits, 409: attempts - fits}, statuses
    for status, body in answers:
        if status == 409:
            assert body["rule"] == "budget_exhausted" and body["asked_vnd"] == amount
            assert 0 <= body["available_vnd"] < amount
    expected = {"allocated_vnd": amount * fits, "reserved_vnd": amount * fits, "spent_vnd": 0, "available_vnd": 0}
    assert figures(platform, "BTC", category) == expected
    entries = ledger(platform, budget_id=budget["id"])
    assert ledger_figures(entries) == expected
    accepted = sorted(body["id"] for status, body in answers if status == 201)
    assert sorted(int(e["source_id"]) for e in entries if e["kind"] == "reserved") == accepted

    # three released, then ten at once again: exactly three fit
    for expense_id in accepted[:3]:
        owner = platform.client(next(body["requested_by"] for s, body in answers if s == 201 and body["id"] == expense_id))
        ok(owner.post(f"/finance/expenses/{expense_id}/withdraw", {}))
    barrier2 = threading.Barrier(10)

    def again(i):
        client = Client(platform.gateway, tokens[i % len(tokens)])
        barrier2.wait(timeout=60)
        return submit(client, category, amount, 22).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        second = Counter(pool.map(again, range(10)))
    assert second == {201: 3, 409: 7}, second
    assert figures(platform, "BTC", category) == expected
    assert ledger_figures(ledger(platform, budget_id=budget["id"])) == expected
    summary = ok(fin(platform).get(f"/finance/budgets/{budget['id']}"))
    assert {k: summary[k] for k in FIGURES} == expected and summary["used_pct"] == 100.0


# -- board scoping ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def btgdv_records(platform, trip_charged, procurement_refused):
    """One record of every kind that belongs to BTGDV (or BNC) and not to BTC."""
    category = unique()
    office, leader = fin(platform), platform.client("bithu")
    budget = allocate(platform, "BTGDV", 9_000_000, category)
    allocate(platform, "BNC", 1_000_000, category)
    expense = ok(submit(platform.client("chuyenvien.btgdv"), category, 1_200_000, 42), 201)
    supplement = ok(office.post("/finance/budgets/supplements", {"fiscal_year": YEAR, "unit": "BTGDV", "category": category,
                                                                 "amount_vnd": 500_000, "reason": "Bổ sung"}), 201)
    transfer = ok(office.post("/finance/budgets/transfers", {"fiscal_year": YEAR, "category": category, "from_unit": "BTGDV",
                                                             "to_unit": "BNC", "amount_vnd": 300_000, "reason": "Điều chuyển"}), 201)
    ok(leader.post(f"/finance/budgets/transfers/{transfer['id']}/approve", {}))
    [entry] = ledger(platform, budget_id=budget["id"], kind="reserved")
    [reservation] = all_pages(office, "/finance/reservations", source="assets.procurement",
                              source_id=str(procurement_refused["procurement"]["id"]))
    return {"category": category, "budget": budget, "expense": expense, "supplement": supplement, "transfer": transfer,
            "entry": entry, "reservation": reservation, "chargeback": trip_charged["chargeback"]}


LISTS = ["/finance/budgets", "/finance/budgets/summary", "/finance/budgets/supplements", "/finance/budgets/transfers",
         "/finance/expenses", "/finance/ledger", "/finance/reservations", "/finance/chargebacks", "/finance/reports/budgets",
         "/finance/reports/budgets.csv"]


def _record_paths(r) -> dict:
    return {
        "/finance/budgets/{id}": r["budget"]["id"],
        "/finance/budgets/supplements/{id}": r["supplement"]["id"],
        "/finance/budgets/transfers/{id}": r["transfer"]["id"],
        "/finance/expenses/{id}": r["expense"]["id"],
        "/finance/ledger/{id}": r["entry"]["id"],
        "/finance/reservations/{id}": r["reservation"]["id"],
        "/finance/chargebacks/{id}": r["chargeback"]["id"],
    }


def _units_in(path: str, resp) -> set[str]:
    if path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
        return {row[1] for row in rows[1:]}
    body = resp.json()
    if "rows" in body:
        return {row["unit"] for row in body["rows"]} | {u["unit"] for u in body["units"]}
    units = set()
    for item in body["items"]:
        if "from_unit" in item and item.get("from_unit"):
            units.add(frozenset({item["from_unit"], item["to_unit"]}))
        else:
            units.add(item["unit"])
    return units


def test_a_board_sees_only_its_own_on_every_route(platform, btgdv_records):
    btc = platform.client("chuyenvien.btc")
    head = platform.client("truongban.btc")
    for path in LISTS:
        # another board's list: 403 at the gateway
        problem(btc.get(path, params={"unit": "BTGDV"}), 403)
        problem(head.get(path, params={"unit": "BNC"}), 403)
        # the unpinned list is narrowed to BTC (transfers: those touching BTC)
        resp = btc.get(path, params={"fiscal_year": YEAR} if "reports" in path or "summary" in path else {})
        assert resp.status_code == 200, (path, resp.text[:300])
        for unit in _units_in(path, resp):
            assert unit == "BTC" or (isinstance(unit, frozenset) and "BTC" in unit), (path, unit)
        own = btc.get(path, params={"unit": "BTC"})
        assert own.status_code == 200, (path, own.text[:300])
    # another board's records: 404, as if they did not exist
    for template, record_id in _record_paths(btgdv_records).items():
        path = template.format(id=record_id)
        problem(btc.get(path), 404)
        problem(head.get(path), 404)
    expense_id = btgdv_records["expense"]["id"]
    problem(btc.post(f"/finance/expenses/{expense_id}/withdraw", {}), 404)
    problem(head.post(f"/finance/expenses/{expense_id}/approve", {}), 404)
    # BTGDV's own staff do see them (BNC's refused reservation excepted)
    btgdv = platform.client("chuyenvien.btgdv")
    for template, record_id in _record_paths(btgdv_records).items():
        expected = 404 if "reservations" in template else 200
        assert btgdv.get(template.format(id=record_id)).status_code == expected, template
    # a staff member submits only for their own board
    body = submit(btc, btgdv_records["category"], 1_000, 22, unit="BTGDV")
    problem(body, 403)
    # the regulation is one for all: every reader sees it
    assert ok(btc.get("/finance/regulations"))["items"]


@pytest.mark.parametrize("user", ["bithu", "kiemtra.ubkt", "ketoan.vp"])
def test_leadership_auditor_and_office_finance_see_every_board(platform, btgdv_records, user):
    client = platform.client(user)
    for template, record_id in _record_paths(btgdv_records).items():
        assert client.get(template.format(id=record_id)).status_code == 200, (user, template)
    for path in LISTS:
        params = {"unit": "BTGDV"}
        if "reports" in path or "summary" in path:
            params["fiscal_year"] = YEAR
        resp = client.get(path, params=params)
        assert resp.status_code == 200, (user, path, resp.text[:300])
    units = {b["unit"] for b in all_pages(client, "/finance/budgets", fiscal_year=YEAR, category=btgdv_records["category"])}
    assert units == {"BTGDV", "BNC"}
    expenses = ok(client.get("/finance/expenses", params={"category": btgdv_records["category"]}))["items"]
    assert [e["id"] for e in expenses] == [btgdv_records["expense"]["id"]]
    report = ok(client.get("/finance/reports/budgets", params={"fiscal_year": YEAR}))
    assert {"VP", "BTC", "UBKT", "BTGDV", "BNC"} <= {u["unit"] for u in report["units"]}
    if user != "ketoan.vp":  # leadership and auditors change nothing of finance's budgets
        problem(client.post("/finance/budgets", {"fiscal_year": YEAR, "unit": "BTC", "category": unique(),
                                                 "allocated_vnd": 1}), 403)
    if user == "kiemtra.ubkt":  # an auditor decides nothing
        problem(client.post(f"/finance/expenses/{btgdv_records['expense']['id']}/approve", {}), 403)


# -- bad input -------------------------------------------------------------------------------


def test_bad_input_is_4xx_problem(platform):
    btc = platform.client("chuyenvien.btc")
    office = fin(platform)
    good = {"category": "stationery", "amount_vnd": 100_000, "beneficiary_staff_id": 22, "date": f"{YEAR}-05-05",
            "description": "Văn phòng phẩm"}
    cases = [
        ({**good, "amount_vnd": "100000"}, "amount_vnd"),
        ({**good, "amount_vnd": 1.5}, "amount_vnd"),
        ({**good, "amount_vnd": -1}, "amount_vnd"),
        ({**good, "amount_vnd": 0}, "amount_vnd"),
        ({**good, "amount_vnd": 10**16}, "amount_vnd"),
        ({k: v for k, v in good.items() if k != "beneficiary_staff_id"}, "beneficiary_staff_id"),
        ({**good, "beneficiary_staff_id": 999_999}, "beneficiary_staff_id"),
        ({**good, "beneficiary_staff_id": 2**40}, "beneficiary_staff_id"),
        ({**good, "date": f"{YEAR}-02-30"}, "date"),
        ({**good, "category": "Văn phòng phẩm"}, "category"),
        ({**good, "description": ""}, "description"),
        ({**good, "quantity": 0}, "quantity"),
        ({**good, "amount_vnd": 100_000, "quantity": 2, "rate_vnd": 60_000}, "amount_vnd"),
        ({k: v for k, v in good.items() if k != "amount_vnd"}, "amount_vnd"),
    ]
    for body, field in cases:
        got = problem(btc.post("/finance/expenses", body), 422)
        assert field in json.dumps(got.get("errors", {})), (body, got)
    got = problem(btc.post("/finance/expenses", {**good, "description": "a\x00b"}), 422)
    assert got["errors"] == {"description": ["must not contain NUL characters"]}
    # an unknown unit, asked by office_finance (who may name any unit)
    got = problem(office.post("/finance/expenses", {**good, "unit": "NOSUCH"}), 422)
    assert "unit" in got["errors"]
    # malformed JSON and a body that is not an object
    raw = btc.session.post(f"{platform.gateway}/api/v1/finance/expenses", data="{not json",
                           headers={"Content-Type": "application/json"}, timeout=30)
    assert raw.status_code == 400 and raw.headers["Content-Type"].startswith(PROBLEM), raw.text
    assert problem(btc.post("/finance/expenses", [good]), 422)["errors"] == {"_schema": ["Invalid input type."]}
    # unknown and absurd ids
    for path in ("/finance/expenses/0", "/finance/expenses/abc", "/finance/expenses/99999999999",
                 "/finance/expenses/99999999999999999999999", "/finance/budgets/2147483648",
                 "/finance/ledger/9223372036854775807", "/finance/chargebacks/123456789",
                 "/finance/reservations/123456789", "/finance/regulations/987654321"):
        problem(office.get(path), 404)
    problem(office.post("/finance/expenses/987654321/approve", {}), 403)  # office_finance approves nothing
    problem(platform.client("bithu").post("/finance/expenses/987654321/approve", {}), 404)
    # query strings
    problem(office.get("/finance/expenses", params={"limit": 500}), 422)
    problem(office.get("/finance/expenses", params={"limit": 0}), 422)
    problem(office.get("/finance/expenses", params={"status": "lost"}), 422)
    problem(office.get("/finance/ledger", params={"kind": "stolen"}), 422)
    problem(office.get("/finance/budgets", params={"fiscal_year": "abc"}), 422)
    problem(office.get("/finance/reports/budgets", params={"fiscal_year": 1999}), 422)
    problem(office.get("/finance/ledger", params={"cursor": "bm90LWEtY3Vyc29y"}), 400)
    problem(office.get("/finance/ledger", params={"cursor": "%%%"}), 400)
    # budgets, regulations, transfers, payments
    problem(office.post("/finance/budgets", {"fiscal_year": 1999, "unit": "BTC", "category": unique(), "allocated_vnd": 1}), 422)
    problem(office.post("/finance/budgets", {"fiscal_year": YEAR, "unit": "BTC", "category": "Bad Cat", "allocated_vnd": 1}), 422)
    problem(office.post("/finance/budgets", {"fiscal_year": YEAR, "unit": "NOSUCH", "category": unique(), "allocated_vnd": 1}), 422)
    problem(office.post("/finance/budgets", {"fiscal_year": YEAR, "unit": "BTC", "category": unique(), "allocated_vnd": 0}), 422)
    problem(office.post("/finance/regulations", {"effective_from": "2099-01-01", "norms": [
        {"category": "lodging", "limit_vnd": 1, "per": "night"}, {"category": "lodging", "limit_vnd": 2, "per": "night"}]}), 422)
    problem(office.post("/finance/regulations", {"effective_from": "2099-01-01", "norms": [
        {"category": "lodging", "limit_vnd": 1, "per": "week"}]}), 422)
    problem(office.post("/finance/regulations", {"effective_from": "2099-01-01", "norms": []}), 422)
    assert ok(office.get("/finance/regulations", params={"in_force_on": "2099-06-01"}))["items"][0]["effective_from"] != "2099-01-01"
    problem(office.post("/finance/budgets/transfers", {"fiscal_year": YEAR, "category": "stationery", "from_unit": "BTC",
                                                       "to_unit": "BTC", "amount_vnd": 1, "reason": "x"}), 422)
    problem(office.post("/finance/budgets/supplements", {"fiscal_year": YEAR, "unit": "BTC", "category": "stationery",
                                                         "amount_vnd": 1}), 422)  # no reason
    problem(office.post("/finance/expenses/1/pay", {"paid_amount_vnd": "x"}), 422)
    problem(office.post("/finance/ledger/1/reverse", {}), 422)


def test_every_422_is_one_problem_type(platform):
    """A 422 is a 422 whether the schema or a business check refused the input: one `type` and
    `title` for the status (RFC 9457: the type identifies the problem kind)."""
    btc, office = platform.client("chuyenvien.btc"), fin(platform)
    good = {"category": "stationery", "amount_vnd": 100_000, "beneficiary_staff_id": 22, "date": f"{YEAR}-05-05",
            "description": "Văn phòng phẩm"}
    schema_refusal = problem(btc.post("/finance/expenses", {**good, "amount_vnd": "1"}), 422)
    service_refusal = problem(btc.post("/finance/expenses", {**good, "beneficiary_staff_id": 999_999}), 422)
    transfer_refusal = problem(office.post("/finance/budgets/transfers", {
        "fiscal_year": YEAR, "category": "stationery", "from_unit": "BTC", "to_unit": "BTC", "amount_vnd": 1,
        "reason": "x"}), 422)
    kinds = {(b["type"], b["title"]) for b in (schema_refusal, service_refusal, transfer_refusal)}
    assert len(kinds) == 1, kinds


# -- events: replays and parked events -------------------------------------------------------


def test_the_same_trip_event_twice_books_once(platform):
    settings = settings_for(platform, "finance")
    booking_id = fake_booking_id()
    before = figures(platform, "UBKT", "transport")
    duplicates = metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed")
    consumed = metric(platform, "finance", "events_consumed_total", "fleet.trip.completed")
    event = publish_raw(settings, "fleet.trip.completed", trip_data(booking_id, "UBKT", 150_000), unit="UBKT", source="fleet")
    eventually(lambda: chargebacks_of(platform, booking_id), timeout=30)
    # the same event again (a redelivery), even with other figures: the inbox drops it
    publish_raw(settings, "fleet.trip.completed", trip_data(booking_id, "UBKT", 999_999), unit="UBKT",
                event_id=event.id, source="fleet")
    eventually(lambda: metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed") >= duplicates + 1,
               timeout=30)
    # another event about the same trip: keyed by the booking, it books nothing either
    publish_raw(settings, "fleet.trip.completed", trip_data(booking_id, "UBKT", 888_888), unit="UBKT", source="fleet")
    eventually(lambda: metric(platform, "finance", "events_consumed_total", "fleet.trip.completed") >= consumed + 2,
               timeout=30)
    [charge] = chargebacks_of(platform, booking_id)
    assert (charge["amount_vnd"], charge["event_id"], charge["unit"]) == (150_000, event.id, "UBKT")
    entries = ledger(platform, source="fleet.trip", source_id=str(booking_id))
    assert [(e["kind"], e["amount_vnd"], e["event_id"]) for e in entries] == [("spent", 150_000, event.id)]
    assert figures(platform, "UBKT", "transport") == delta(before, spent=150_000)


def test_the_real_trip_event_replayed_books_nothing_more(platform, trip_charged):
    """fleet's own event, republished with its id (as a broker redelivery would), changes nothing."""
    settings = settings_for(platform, "finance")
    charge = trip_charged["chargeback"]
    booking = trip_charged["booking"]
    before = figures(platform, "BTGDV", "transport", trip_charged["year"])
    duplicates = metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed")
    publish_raw(settings, "fleet.trip.completed", trip_data(booking["id"], "BTGDV", trip_charged["cost"]), unit="BTGDV",
                event_id=charge["event_id"], source="fleet")
    eventually(lambda: metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed") >= duplicates + 1,
               timeout=30)
    assert chargebacks_of(platform, booking["id"]) == [charge]
    assert len(ledger(platform, source="fleet.trip", source_id=str(booking["id"]))) == 1
    assert figures(platform, "BTGDV", "transport", trip_charged["year"]) == before


def _park_copy(settings: Settings, event: Event, reason: str) -> None:
    """Put an event in the service's dead queue the way the consumer parks one (same headers)."""
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    try:
        ch = conn.channel()
        ch.confirm_delivery()
        ch.basic_publish("", settings.queue("dead"), event.to_json(), pika.BasicProperties(
            content_type="application/json", delivery_mode=2, message_id=event.id, type=event.type,
            headers={"x-death-reason": reason, "x-parked-at": dt.datetime.now(dt.timezone.utc).isoformat(),
                     "x-service": settings.service, "x-attempt": 3}))
    finally:
        conn.close()


def test_parked_events_replayed_book_once(platform):
    settings = settings_for(platform, "finance")
    parked_before = metric(platform, "finance", "events_parked_total", "fleet.trip.completed")
    # 1. an event finance cannot take (a negative cost) is parked at once, with the reason
    broken_id = fake_booking_id()
    broken = publish_raw(settings, "fleet.trip.completed", trip_data(broken_id, "BNC", -120_000), unit="BNC",
                         source="fleet")
    parked = eventually(lambda: [p for p in list_parked(settings) if p["id"] == broken.id], timeout=30)
    assert parked[0]["type"] == "fleet.trip.completed" and "fuel_cost_vnd" in parked[0]["reason"]
    assert metric(platform, "finance", "events_parked_total", "fleet.trip.completed") >= parked_before + 1
    assert chargebacks_of(platform, broken_id) == [] and ledger(platform, source_id=str(broken_id), source="fleet.trip") == []
    # replayed, it fails the same way and is parked again: still nothing booked
    assert replay_parked(settings, broken.id) == [broken.id]
    eventually(lambda: metric(platform, "finance", "events_parked_total", "fleet.trip.completed") >= parked_before + 2,
               timeout=30)
    eventually(lambda: [p for p in list_parked(settings) if p["id"] == broken.id], timeout=30)
    assert chargebacks_of(platform, broken_id) == []

    # 2. a sound event parked (as after a dependency outage outlived its retries) books once when
    #    replayed; parked and replayed again, it books nothing more. Finance has no failure a test
    #    can switch on and off through the API, so the copy is put in the dead queue as the
    #    consumer's _park puts one; the replay and the booking are the real ones.
    booking_id = fake_booking_id()
    before = figures(platform, "BNC", "transport")
    event = Event(id=str(uuid.uuid4()), type="fleet.trip.completed", version=1,
                  occurred_at=dt.datetime.now(dt.timezone.utc).isoformat(), source="fleet", correlation_id="e2e-parked",
                  unit="BNC", data=trip_data(booking_id, "BNC", 180_000))
    _park_copy(settings, event, "OperationalError: the database was away")
    assert any(p["id"] == event.id and p["reason"].startswith("OperationalError") for p in list_parked(settings))
    assert replay_parked(settings, event.id) == [event.id]
    [charge] = eventually(lambda: chargebacks_of(platform, booking_id), timeout=30)
    assert (charge["amount_vnd"], charge["event_id"]) == (180_000, event.id)
    assert not any(p["id"] == event.id for p in list_parked(settings))
    duplicates = metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed")
    _park_copy(settings, event, "OperationalError: the database was away")
    assert replay_parked(settings, event.id) == [event.id]
    eventually(lambda: metric(platform, "finance", "events_duplicate_total", "fleet.trip.completed") >= duplicates + 1,
               timeout=30)
    assert chargebacks_of(platform, booking_id) == [charge]
    entries = ledger(platform, source="fleet.trip", source_id=str(booking_id))
    assert [(e["kind"], e["amount_vnd"]) for e in entries] == [("spent", 180_000)]
    assert figures(platform, "BNC", "transport") == delta(before, spent=180_000)


def test_a_fresh_worker_parks_an_event_that_breaks_its_contract(platform):
    """finance checks incoming events against their declared contract (integration/handlers.py
    `_data`); that must hold from the worker's first event on, not only once it has published one."""
    platform.stop_process("finance-worker")
    platform.start_process("finance", "worker")
    eventually(lambda: ready(f"{platform.worker_url('finance')}/health/ready"), timeout=60, interval=0.5)
    settings = settings_for(platform, "finance")
    booking_id = fake_booking_id()
    data = trip_data(booking_id, "BNC", 90_000)
    data["driver_id"] = "nobody"  # the contract's driver_id is an integer; finance itself does not read it
    event = publish_raw(settings, "fleet.trip.completed", data, unit="BNC", source="fleet")

    def settled():
        if chargebacks_of(platform, booking_id):
            return "booked"
        if any(p["id"] == event.id for p in list_parked(settings)):
            return "parked"
        return None

    assert eventually(settled, timeout=30, interval=0.3) == "parked", platform.log_tail("finance-worker", 10)
    assert ledger(platform, source="fleet.trip", source_id=str(booking_id)) == []


# -- CSV -------------------------------------------------------------------------------------


def test_csv_export_opens_as_utf8_with_vietnamese_names(platform, trip_charged):
    office = fin(platform)
    resp = office.get("/finance/reports/budgets.csv", params={"fiscal_year": YEAR})
    assert resp.status_code == 200, resp.text[:300]
    assert resp.headers["Content-Type"].lower().replace(" ", "") == "text/csv;charset=utf-8"
    assert f'filename="budgets-{YEAR}.csv"' in resp.headers["Content-Disposition"]
    assert resp.content.startswith(b"\xef\xbb\xbf")
    text = resp.content.decode("utf-8-sig")  # strict: raises on anything that is not UTF-8
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Năm tài chính", "Mã đơn vị", "Tên đơn vị", "Khoản mục", "Dự toán được giao (VND)",
                       "Đang giữ chỗ (VND)", "Đã chi (VND)", "Còn lại (VND)", "Tỷ lệ sử dụng (%)",
                       "Vượt dự toán (VND)", "Số lần vượt"]
    assert "\r\n" in text
    names = {row[1]: row[2] for row in rows[1:]}
    assert names["BTC"] == "Ban Tổ chức Tỉnh ủy"
    assert names["UBKT"] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert names["BTGDV"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert names["VP"] == "Văn phòng Tỉnh ủy"
    # the CSV's figures are the JSON report's
    report = ok(office.get("/finance/reports/budgets", params={"fiscal_year": YEAR}))
    by_key = {(r["unit"], r["category"]): r for r in report["rows"]}
    assert len(rows) - 1 == len(report["rows"])
    for row in rows[1:]:
        r = by_key[(row[1], row[3])]
        assert [int(row[0]), int(row[4]), int(row[5]), int(row[6]), int(row[7])] == [
            YEAR, r["allocated_vnd"], r["reserved_vnd"], r["spent_vnd"], r["available_vnd"]]
    transport = by_key[("BTGDV", "transport")]
    assert {k: transport[k] for k in FIGURES} == figures(platform, "BTGDV", "transport")
    # a board's export: its own rows, its own file name
    own = platform.client("chuyenvien.btc").get("/finance/reports/budgets.csv", params={"fiscal_year": YEAR})
    assert own.status_code == 200
    own_rows = list(csv.reader(io.StringIO(own.content.decode("utf-8-sig"))))[1:]
    assert own_rows and {row[1] for row in own_rows} == {"BTC"}
    assert {row[2] for row in own_rows} == {"Ban Tổ chức Tỉnh ủy"}
