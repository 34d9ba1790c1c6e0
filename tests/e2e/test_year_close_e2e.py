"""Finance's year-end close through the gateway (issue 13): the Office's finance proposes to close
the last year with one holding carried over [chuyển nguồn] and one released, the leadership
confirms, and the closed year then refuses a new entry.

A close cannot be undone, so this module runs on a platform of its own (`own_platform`).
"""
from __future__ import annotations

import datetime as dt

LOCAL = dt.timezone(dt.timedelta(hours=7))
LAST = dt.datetime.now(LOCAL).year - 1
CATEGORY = "stationery"


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    return resp.json()


def refused(resp, status: int, rule: str | None = None) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:600]}"
    body = resp.json()
    if rule is not None:
        assert body.get("rule") == rule, body
    return body


def budget_row(client, year: int) -> dict:
    rows = ok(client.get("/finance/budgets/summary", params={"unit": "BTC", "category": CATEGORY,
                                                              "fiscal_year": year}))["items"]
    assert len(rows) == 1, rows
    return rows[0]


def submit(client, amount: int, description: str) -> int:
    return ok(client.post("/finance/expenses", {
        "category": CATEGORY, "amount_vnd": amount, "beneficiary_staff_id": 22, "date": f"{LAST}-11-20",
        "description": description}), 201)["id"]


def test_year_close_through_the_gateway_carries_over_releases_and_refuses_entries(own_platform):
    finance, leader, auditor = own_platform.client("ketoan.vp"), own_platform.client("bithu"), \
        own_platform.client("kiemtra.ubkt")
    staff, head = own_platform.client("chuyenvien.btc"), own_platform.client("truongban.btc")
    ok(finance.post("/finance/budgets", {"fiscal_year": LAST, "unit": "BTC", "category": CATEGORY,
                                         "allocated_vnd": 10_000_000}), 201)
    before = budget_row(finance, LAST + 1)  # the demo's budget of this year
    carried = submit(staff, 1_000_000, "Giấy in chuyển nguồn")
    lapsing = submit(staff, 2_000_000, "Mực in")

    # who may do what, through the gateway's role table
    refused(staff.post(f"/finance/fiscal-years/{LAST}/close", {}), 403)
    refused(head.post(f"/finance/fiscal-years/{LAST}/close", {}), 403)
    refused(leader.post(f"/finance/fiscal-years/{LAST}/close", {}), 403)
    refused(finance.post("/finance/fiscal-years/999999999/close", {}), 404)
    refused(finance.get(f"/finance/fiscal-years/{LAST}/close"), 404)  # nothing proposed yet
    proposed = ok(finance.post(f"/finance/fiscal-years/{LAST}/close", {
        "carry_over": [{"source": "finance.expense", "source_id": str(carried)}],
        "reason": "Khóa sổ cuối năm"}), 201)
    assert sorted((i["source_id"], i["action"]) for i in proposed["items"]) == sorted([
        (str(carried), "carry_over"), (str(lapsing), "release")])
    assert ok(auditor.get(f"/finance/fiscal-years/{LAST}/close"))["status"] == "pending"
    refused(staff.get(f"/finance/fiscal-years/{LAST}/close"), 403)
    # the Office's finance does not decide its own proposal; a board head is no decider at all
    refused(finance.post(f"/finance/fiscal-years/{LAST}/close/confirm", {}), 403)
    refused(head.post(f"/finance/fiscal-years/{LAST}/close/confirm", {}), 403)
    refused(head.post(f"/finance/fiscal-years/{LAST}/close/reject", {"reason": "Không"}), 403)
    confirmed = ok(leader.post(f"/finance/fiscal-years/{LAST}/close/confirm", {"reason": "Đồng ý"}))
    assert confirmed["status"] == "confirmed"

    # no new entry in the closed year, named by its rule and year
    late = refused(staff.post("/finance/expenses", {
        "category": CATEGORY, "amount_vnd": 1, "beneficiary_staff_id": 22, "date": f"{LAST}-12-01",
        "description": "Chứng từ muộn"}), 409, "fiscal_year_closed")
    assert late["fiscal_year"] == LAST
    refused(finance.post("/finance/budgets", {"fiscal_year": LAST, "unit": "BTC", "category": "travel_per_diem",
                                              "allocated_vnd": 1}), 409, "fiscal_year_closed")
    # the released expense lapsed; the carried one now lives in the next year's budget
    assert ok(staff.get(f"/finance/expenses/{lapsing}"))["status"] == "lapsed"
    old = budget_row(finance, LAST)
    assert (old["allocated_vnd"], old["reserved_vnd"], old["spent_vnd"], old["available_vnd"]) == (
        10_000_000, 0, 0, 10_000_000)
    new = budget_row(finance, LAST + 1)
    assert (new["allocated_vnd"] - before["allocated_vnd"], new["reserved_vnd"] - before["reserved_vnd"],
            new["available_vnd"]) == (1_000_000, 1_000_000, before["available_vnd"])
    entries = ok(finance.get("/finance/ledger", params={"budget_id": new["id"], "limit": 200}))["items"]
    assert sorted((e["kind"], e["amount_vnd"]) for e in entries if e["kind"] != "allocated") == [
        ("carry_in", 1_000_000), ("reserved", 1_000_000)]
    # a second close of the same year is refused
    refused(finance.post(f"/finance/fiscal-years/{LAST}/close", {}), 409, "fiscal_year_closed")
