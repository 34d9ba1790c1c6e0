"""Each budget row's running figures (migration 0008) stay the sums of its ledger through every kind
of booking: allocation, supplement, submission, payment below the reservation, withdrawal, reversal."""

from sqlalchemy import select

from finance.adapters.orm import Budget

YEAR = 2026


def submit(client, as_user, amount):
    answer = client.post("/expenses", json={"category": "stationery", "amount_vnd": amount, "beneficiary_staff_id": 22,
                                            "date": f"{YEAR}-03-02", "description": "Mực in"},
                         headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def rows_and_ledger(database):
    with database.unit_of_work() as uow:
        budgets = uow.session.scalars(select(Budget).order_by(Budget.id)).all()
        return [(b.position, uow.ledger.position(b.id)) for b in budgets]


def test_the_budget_rows_figures_are_the_ledgers_sums_after_every_kind_of_booking(client, as_user, allocate,
                                                                                   database):
    budget = allocate("BTC", "stationery", 10_000_000)
    paid, withdrawn = submit(client, as_user, 3_000_000), submit(client, as_user, 2_000_000)
    submit(client, as_user, 1_000_000)  # still held at the end
    assert client.post(f"/expenses/{paid}/approve", headers=as_user("truongban.btc")).status_code == 200
    assert client.post(f"/expenses/{paid}/pay", json={"paid_amount_vnd": 2_500_000},
                       headers=as_user("ketoan.vp")).status_code == 200
    assert client.post(f"/expenses/{withdrawn}/withdraw", headers=as_user("chuyenvien.btc")).status_code == 200
    change = client.post("/budgets/supplements", json={"fiscal_year": YEAR, "unit": "BTC", "category": "stationery",
                                                       "amount_vnd": 4_000_000, "reason": "bổ sung"},
                         headers=as_user("ketoan.vp")).json
    assert client.post(f"/budgets/supplements/{change['id']}/approve", json={"reason": "đồng ý"},
                       headers=as_user("bithu")).status_code == 200
    spent = client.get("/ledger", query_string={"kind": "spent"}, headers=as_user("ketoan.vp")).json["items"][0]
    assert client.post(f"/ledger/{spent['id']}/reverse", json={"reason": "chi nhầm"},
                       headers=as_user("ketoan.vp")).status_code == 201

    figures = client.get(f"/budgets/{budget['id']}", headers=as_user("ketoan.vp")).json
    assert {k: figures[k] for k in ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")} == {
        "allocated_vnd": 14_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 13_000_000}
    found = rows_and_ledger(database)
    assert found and all(row == ledger for row, ledger in found)
