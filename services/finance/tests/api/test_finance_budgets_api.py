"""/budgets on real PostgreSQL: allocation, figures, summary, supplements and transfers, board scoping."""

import pytest

YEAR = 2026


def test_office_finance_allocates_once(client, as_user):
    body = {"fiscal_year": YEAR, "unit": "BTC", "category": "stationery", "allocated_vnd": 5_000_000}
    first = client.post("/budgets", json=body, headers=as_user("ketoan.vp"))
    assert first.status_code == 201
    assert first.json == {
        "id": first.json["id"], "fiscal_year": YEAR, "unit": "BTC", "category": "stationery",
        "allocated_vnd": 5_000_000, "reserved_vnd": 0, "spent_vnd": 0, "available_vnd": 5_000_000,
        "used_pct": 0.0, "overrun_vnd": 0, "overrun_count": 0}
    again = client.post("/budgets", json=body, headers=as_user("ketoan.vp"))
    assert again.status_code == 409 and again.json["rule"] == "budget_exists"


@pytest.mark.parametrize("user", ["chuyenvien.btc", "truongban.btc", "bithu", "kiemtra.ubkt", "taisan.vp"])
def test_only_office_finance_allocates(client, as_user, user):
    body = {"fiscal_year": YEAR, "unit": "BTC", "category": "stationery", "allocated_vnd": 5_000_000}
    assert client.post("/budgets", json=body, headers=as_user(user)).status_code == 403


def test_allocating_for_an_unknown_unit_is_422(client, as_user):
    answer = client.post("/budgets", json={"fiscal_year": YEAR, "unit": "XYZ", "category": "stationery",
                                           "allocated_vnd": 1}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 422 and "unit" in answer.json["errors"]


def test_a_board_sees_only_its_own_budgets(client, as_user, allocate):
    btc = allocate("BTC", "stationery", 5_000_000)
    btgdv = allocate("BTGDV", "stationery", 7_000_000)
    own = client.get("/budgets", headers=as_user("chuyenvien.btc")).json["items"]
    assert [b["id"] for b in own] == [btc["id"]]
    assert client.get("/budgets", query_string={"unit": "BTGDV"}, headers=as_user("chuyenvien.btc")).status_code == 403
    assert client.get(f"/budgets/{btgdv['id']}", headers=as_user("chuyenvien.btc")).status_code == 404
    assert client.get(f"/budgets/{btc['id']}", headers=as_user("chuyenvien.btc")).status_code == 200
    everyone = client.get("/budgets", headers=as_user("bithu")).json["items"]
    assert {b["unit"] for b in everyone} == {"BTC", "BTGDV"}
    assert [b["unit"] for b in client.get("/budgets", query_string={"unit": "BTGDV"},
                                          headers=as_user("kiemtra.ubkt")).json["items"]] == ["BTGDV"]


def test_summary_gives_the_figures_and_their_totals(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    allocate("BTC", "lodging", 3_000_000)
    allocate("BTGDV", "stationery", 7_000_000)
    client.post("/expenses", json={"category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22,
                                   "date": f"{YEAR}-02-01", "description": "mực in"}, headers=as_user("chuyenvien.btc"))
    own = client.get("/budgets/summary", query_string={"fiscal_year": YEAR}, headers=as_user("chuyenvien.btc")).json
    assert {(i["category"], i["available_vnd"]) for i in own["items"]} == {("stationery", 4_000_000), ("lodging", 3_000_000)}
    assert own["totals"] == {"allocated_vnd": 8_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 7_000_000}
    everyone = client.get("/budgets/summary", headers=as_user("bithu")).json
    assert everyone["totals"]["allocated_vnd"] == 15_000_000
    assert client.get("/budgets/summary", query_string={"unit": "BTGDV"}, headers=as_user("chuyenvien.btc")).status_code == 403


def supplement(client, as_user, amount=2_000_000):
    answer = client.post("/budgets/supplements", json={"fiscal_year": YEAR, "unit": "BTC", "category": "stationery",
                                                       "amount_vnd": amount, "reason": "bổ sung dự toán"},
                         headers=as_user("ketoan.vp"))
    assert answer.status_code == 201, answer.json
    return answer.json


def test_a_supplement_moves_nothing_until_the_leadership_approves(client, as_user, allocate):
    budget = allocate("BTC", "stationery", 5_000_000)
    body = supplement(client, as_user)
    assert body["status"] == "pending" and body["unit"] == "BTC"
    assert client.get(f"/budgets/{budget['id']}", headers=as_user("ketoan.vp")).json["allocated_vnd"] == 5_000_000
    assert client.post(f"/budgets/supplements/{body['id']}/approve", headers=as_user("truongban.btc")).status_code == 403
    assert client.post(f"/budgets/supplements/{body['id']}/approve", headers=as_user("ketoan.vp")).status_code == 403
    approved = client.post(f"/budgets/supplements/{body['id']}/approve", json={"reason": "đồng ý"},
                           headers=as_user("bithu"))
    assert approved.status_code == 200
    assert (approved.json["status"], approved.json["decided_by"], approved.json["decision_reason"]) == (
        "approved", "bithu", "đồng ý")
    assert client.get(f"/budgets/{budget['id']}", headers=as_user("ketoan.vp")).json["allocated_vnd"] == 7_000_000
    entries = client.get("/ledger", query_string={"source": "finance.supplement"}, headers=as_user("ketoan.vp")).json
    assert [(e["kind"], e["amount_vnd"], e["unit"]) for e in entries["items"]] == [("allocated", 2_000_000, "BTC")]
    again = client.post(f"/budgets/supplements/{body['id']}/approve", headers=as_user("phobithu"))
    assert again.status_code == 409 and again.json["rule"] == "invalid_state"


def test_a_rejected_supplement_books_nothing(client, as_user, allocate):
    budget = allocate("BTC", "stationery", 5_000_000)
    body = supplement(client, as_user)
    assert client.post(f"/budgets/supplements/{body['id']}/reject", json={}, headers=as_user("bithu")).status_code == 422
    rejected = client.post(f"/budgets/supplements/{body['id']}/reject", json={"reason": "chưa cần"},
                           headers=as_user("bithu"))
    assert rejected.json["status"] == "rejected"
    assert client.get(f"/budgets/{budget['id']}", headers=as_user("ketoan.vp")).json["allocated_vnd"] == 5_000_000


def test_nobody_approves_their_own_supplement(client, as_user, as_principal, allocate):
    allocate("BTC", "stationery", 5_000_000)
    both = as_principal("kiemtoan", "VP", ["office_finance", "leadership"], 99)
    body = client.post("/budgets/supplements", json={"fiscal_year": YEAR, "unit": "BTC", "category": "stationery",
                                                     "amount_vnd": 1, "reason": "x"}, headers=both).json
    assert client.post(f"/budgets/supplements/{body['id']}/approve", headers=both).status_code == 403


def transfer(client, as_user, amount):
    return client.post("/budgets/transfers", json={"fiscal_year": YEAR, "category": "stationery", "from_unit": "BTC",
                                                   "to_unit": "BTGDV", "amount_vnd": amount, "reason": "điều chuyển"},
                       headers=as_user("ketoan.vp"))


def test_a_transfer_moves_available_money_between_boards_on_approval(client, as_user, allocate):
    btc = allocate("BTC", "stationery", 5_000_000)
    body = transfer(client, as_user, 3_000_000)
    assert body.status_code == 201 and body.json["from_unit"] == "BTC" and body.json["to_unit"] == "BTGDV"
    approved = client.post(f"/budgets/transfers/{body.json['id']}/approve", headers=as_user("bithu"))
    assert approved.status_code == 200, approved.json
    assert client.get(f"/budgets/{btc['id']}", headers=as_user("ketoan.vp")).json["allocated_vnd"] == 2_000_000
    btgdv = client.get("/budgets", query_string={"unit": "BTGDV"}, headers=as_user("ketoan.vp")).json["items"]
    assert [(b["category"], b["allocated_vnd"]) for b in btgdv] == [("stationery", 3_000_000)]
    entries = client.get("/ledger", query_string={"source": "finance.transfer"}, headers=as_user("ketoan.vp")).json
    assert sorted((e["unit"], e["amount_vnd"]) for e in entries["items"]) == [("BTC", -3_000_000), ("BTGDV", 3_000_000)]
    # Both boards see the transfer; a third does not.
    assert client.get(f"/budgets/transfers/{body.json['id']}", headers=as_user("chuyenvien.btgdv")).status_code == 200
    assert client.get(f"/budgets/transfers/{body.json['id']}", headers=as_user("chuyenvien.btc")).status_code == 200
    assert client.get(f"/budgets/transfers/{body.json['id']}", headers=as_user("chuyenvien.bnc")).status_code == 404
    assert client.get("/budgets/transfers", headers=as_user("chuyenvien.bnc")).json["items"] == []
    assert len(client.get("/budgets/transfers", headers=as_user("chuyenvien.btgdv")).json["items"]) == 1


def test_a_transfer_larger_than_what_is_available_is_409_at_request_and_at_approval(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    refused = transfer(client, as_user, 5_000_001)
    assert refused.status_code == 409 and refused.json["available_vnd"] == 5_000_000
    body = transfer(client, as_user, 4_000_000).json
    # Meanwhile the board reserves money for an expense: the approval finds less available.
    client.post("/expenses", json={"category": "stationery", "amount_vnd": 2_000_000, "beneficiary_staff_id": 22,
                                   "date": f"{YEAR}-02-01", "description": "máy in"}, headers=as_user("chuyenvien.btc"))
    late = client.post(f"/budgets/transfers/{body['id']}/approve", headers=as_user("bithu"))
    assert late.status_code == 409
    assert (late.json["rule"], late.json["asked_vnd"], late.json["available_vnd"]) == ("budget_exhausted", 4_000_000, 3_000_000)
    assert client.get(f"/budgets/transfers/{body['id']}", headers=as_user("ketoan.vp")).json["status"] == "pending"


def test_a_transfer_to_the_same_unit_is_422(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    answer = client.post("/budgets/transfers", json={"fiscal_year": YEAR, "category": "stationery", "from_unit": "BTC",
                                                     "to_unit": "BTC", "amount_vnd": 1, "reason": "x"},
                         headers=as_user("ketoan.vp"))
    assert answer.status_code == 422 and "to_unit" in answer.json["errors"]


def test_a_supplement_path_does_not_answer_for_a_transfer(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    body = transfer(client, as_user, 1_000).json
    assert client.get(f"/budgets/supplements/{body['id']}", headers=as_user("ketoan.vp")).status_code == 404
