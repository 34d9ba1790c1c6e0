"""/metrics: open expense requests by status and each board's budget use, refreshed by the worker."""
import re

from finance.adapters.metrics import refresh_gauges

YEAR = 2026


def metric(client, name, **labels):
    body = client.get("/metrics").get_data(as_text=True)
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    found = re.search(rf"^{name}" + (rf"\{{{re.escape(want)}\}}" if want else "") + r" ([0-9.e+-]+)$", body, re.M)
    return float(found.group(1)) if found else None


def expense(amount_vnd, **overrides):
    return {"category": "stationery", "amount_vnd": amount_vnd, "beneficiary_staff_id": 22,
            "date": f"{YEAR}-03-10", "description": "Giấy in A4 cho Ban Tổ chức", **overrides}


def test_expenses_by_status_and_budget_used_per_board(client, as_user, allocate, database):
    allocate("BTC", "stationery", 4_000_000)
    allocate("BTC", "conference", 6_000_000)
    allocate("BNC", "stationery", 1_000_000)
    allocate("BNC", "stationery", 9_000_000, year=YEAR - 1)  # another year: not in this year's figures
    first = client.post("/expenses", json=expense(1_500_000), headers=as_user("chuyenvien.btc"))
    second = client.post("/expenses", json=expense(1_000_000), headers=as_user("chuyenvien.btc"))
    assert first.status_code == second.status_code == 201
    assert client.post(f"/expenses/{second.json['id']}/withdraw", json={"reason": "Không cần nữa"},
                       headers=as_user("chuyenvien.btc")).status_code == 200
    refresh_gauges(database, YEAR)
    assert metric(client, "finance_expenses", status="submitted") == 1
    assert metric(client, "finance_expenses", status="approved") == 0
    # the final statuses are not counted (the refresh reads the open requests only)
    assert metric(client, "finance_expenses", status="withdrawn") is None
    assert metric(client, "finance_expenses", status="paid") is None
    assert metric(client, "finance_budget_vnd", unit="BTC", figure="allocated") == 10_000_000
    assert metric(client, "finance_budget_vnd", unit="BTC", figure="reserved") == 1_500_000
    assert metric(client, "finance_budget_used_ratio", unit="BTC") == 0.15
    assert metric(client, "finance_budget_vnd", unit="BNC", figure="allocated") == 1_000_000
    assert metric(client, "finance_budget_used_ratio", unit="BNC") == 0
