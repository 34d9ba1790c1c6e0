"""No interleaving of concurrent requests overspends a budget: real threads, real PostgreSQL.

The budget row lock (SELECT ... FOR NO KEY UPDATE) serializes the check-and-reserve of every request
against one budget; without it, several threads would read the same available amount and all
reserve it, and more requests than the budget holds would be accepted.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

YEAR = 2026


def run_together(count, action):
    """Run `action(i)` in `count` threads released at the same instant; returns the results in order."""
    barrier = threading.Barrier(count)

    def go(i):
        barrier.wait()
        return action(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(go, range(count)))


def ledger_figures(database, budget_id):
    with database.engine.connect() as conn:
        rows = dict(conn.execute(text(
            "SELECT kind, SUM(amount_vnd) FROM ledger_entries WHERE budget_id = :b GROUP BY kind"), {"b": budget_id}).all())
    allocated, reserved = rows.get("allocated", 0), rows.get("reserved", 0) - rows.get("released", 0)
    spent = rows.get("spent", 0)
    return {"allocated_vnd": allocated, "reserved_vnd": reserved, "spent_vnd": spent,
            "available_vnd": allocated - reserved - spent}


def test_parallel_submissions_never_reserve_more_than_the_budget(app, database, as_user, allocate):
    budget = allocate("BTC", "stationery", 10_500_000)
    headers = as_user("chuyenvien.btc")

    def submit(i):
        answer = app.test_client().post("/expenses", headers=headers, json={
            "category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22,
            "date": f"{YEAR}-05-01", "description": f"yêu cầu {i}"})
        return answer.status_code, answer.json

    results = run_together(32, submit)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 10 + [409] * 22
    refused = [body for status, body in results if status == 409]
    assert all(body["rule"] == "budget_exhausted" and body["available_vnd"] >= 0 for body in refused)
    figures = ledger_figures(database, budget["id"])
    assert figures == {"allocated_vnd": 10_500_000, "reserved_vnd": 10_000_000, "spent_vnd": 0, "available_vnd": 500_000}
    reported = app.test_client().get(f"/budgets/{budget['id']}", headers=as_user("ketoan.vp")).json
    assert {k: reported[k] for k in figures} == figures


def test_parallel_submissions_of_different_amounts_keep_available_at_or_above_zero(app, database, as_user, allocate):
    budget = allocate("BTC", "stationery", 7_777_777)
    headers = as_user("chuyenvien.btc")
    amounts = [(i * 137_731) % 1_900_000 + 100_000 for i in range(30)]

    def submit(i):
        answer = app.test_client().post("/expenses", headers=headers, json={
            "category": "stationery", "amount_vnd": amounts[i], "beneficiary_staff_id": 22,
            "date": f"{YEAR}-05-01", "description": "song song"})
        return answer.status_code, amounts[i]

    results = run_together(30, submit)
    accepted = sum(amount for status, amount in results if status == 201)
    assert {status for status, _ in results} <= {201, 409}
    figures = ledger_figures(database, budget["id"])
    assert figures["reserved_vnd"] == accepted <= 7_777_777
    assert figures["available_vnd"] >= 0
    # Every refused request really did not fit when its turn came: at the end nothing refused
    # is smaller than what is left (else it would have fitted later in the serial order).
    refused = [amount for status, amount in results if status == 409]
    assert all(amount > figures["available_vnd"] for amount in refused)


def test_an_expense_is_paid_once_however_many_times_it_is_paid_at_once(app, database, as_user, allocate):
    budget = allocate("BTC", "stationery", 10_000_000)
    client = app.test_client()
    body = client.post("/expenses", headers=as_user("chuyenvien.btc"), json={
        "category": "stationery", "amount_vnd": 3_000_000, "beneficiary_staff_id": 22, "date": f"{YEAR}-05-01",
        "description": "một lần"}).json
    client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))

    def pay_or_withdraw(i):
        if i % 2:
            return app.test_client().post(f"/expenses/{body['id']}/withdraw", headers=as_user("chuyenvien.btc")).status_code
        return app.test_client().post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp")).status_code

    statuses = run_together(8, pay_or_withdraw)
    assert statuses.count(200) == 1 and statuses.count(409) == 7
    figures = ledger_figures(database, budget["id"])
    assert figures["reserved_vnd"] == 0
    assert figures["spent_vnd"] in (0, 3_000_000)
    assert figures["available_vnd"] == 10_000_000 - figures["spent_vnd"]
