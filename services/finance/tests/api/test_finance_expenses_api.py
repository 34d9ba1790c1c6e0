"""/expenses on real PostgreSQL: submission checks, reservation, decisions, payment, board scoping."""

import pytest

YEAR = 2026


def expense(**overrides):
    body = {"category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22,
            "date": f"{YEAR}-03-10", "description": "Giấy in A4 cho Ban Tổ chức"}
    body.update(overrides)
    return body


def figures(client, as_user, budget_id):
    answer = client.get(f"/budgets/{budget_id}", headers=as_user("ketoan.vp"))
    assert answer.status_code == 200
    return {k: answer.json[k] for k in ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")}


def test_submission_reserves_the_amount_at_once(client, as_user, allocate):
    budget = allocate("BTC", "stationery", 5_000_000)
    answer = client.post("/expenses", json=expense(), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201, answer.json
    body = answer.json
    assert body["status"] == "submitted" and body["unit"] == "BTC" and body["fiscal_year"] == YEAR
    assert body["beneficiary_title_rank"] == "specialist"
    assert body["decisions"][0]["action"] == "submit" and body["decisions"][0]["by_username"] == "chuyenvien.btc"
    assert figures(client, as_user, budget["id"]) == {
        "allocated_vnd": 5_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 4_000_000}
    ledger = client.get("/ledger", query_string={"source": "finance.expense", "source_id": body["id"]},
                        headers=as_user("chuyenvien.btc")).json["items"]
    assert [(e["kind"], e["amount_vnd"]) for e in ledger] == [("reserved", 1_000_000)]


def test_over_the_available_budget_is_409_with_the_figures(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    assert client.post("/expenses", json=expense(amount_vnd=3_000_000), headers=as_user("chuyenvien.btc")).status_code == 201
    answer = client.post("/expenses", json=expense(amount_vnd=2_000_001), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 409
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert answer.json["rule"] == "budget_exhausted"
    assert (answer.json["asked_vnd"], answer.json["available_vnd"], answer.json["reserved_vnd"]) == (2_000_001, 2_000_000, 3_000_000)


def test_without_a_budget_it_is_409_with_nothing_available(client, as_user):
    answer = client.post("/expenses", json=expense(), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 409
    assert answer.json["rule"] == "budget_exhausted" and answer.json["available_vnd"] == 0
    assert "no stationery budget" in answer.json["detail"]


def test_over_the_norm_of_the_beneficiarys_rank_is_409_with_norm_asked_and_available(client, as_user, allocate):
    allocate("BTC", "lodging", 10_000_000)
    # 2026: TT 12/2025 version; a specialist with no locality tier: 300,000 a night.
    answer = client.post("/expenses", json=expense(category="lodging", quantity=2, rate_vnd=300_001,
                                                   amount_vnd=None), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 409
    assert answer.json["rule"] == "over_norm"
    assert (answer.json["norm_vnd"], answer.json["asked_vnd"], answer.json["available_vnd"]) == (300_000, 300_001, 10_000_000)
    assert answer.json["per"] == "night"
    # The same nights for the board head (rank from the HR replica): 600,000 a night.
    answer = client.post("/expenses", json=expense(category="lodging", quantity=2, rate_vnd=600_000,
                                                   beneficiary_staff_id=20, amount_vnd=None),
                         headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201, answer.json
    assert (answer.json["amount_vnd"], answer.json["norm_limit_vnd"]) == (1_200_000, 600_000)


def test_the_norm_is_the_one_in_force_on_the_requests_date(client, as_user, allocate):
    allocate("BTC", "travel_per_diem", 10_000_000, year=2024)
    allocate("BTC", "travel_per_diem", 10_000_000, year=2025)
    before = client.post("/expenses", json=expense(category="travel_per_diem", amount_vnd=250_000, date="2025-05-03"),
                         headers=as_user("chuyenvien.btc"))
    assert before.status_code == 409 and before.json["norm_vnd"] == 200_000
    after = client.post("/expenses", json=expense(category="travel_per_diem", amount_vnd=250_000, date="2025-05-04"),
                        headers=as_user("chuyenvien.btc"))
    assert after.status_code == 201 and after.json["norm_limit_vnd"] == 300_000


def test_a_monthly_norm_counts_earlier_requests_of_the_month(client, as_user, allocate):
    allocate("BTC", "travel_lump_sum", 10_000_000)
    assert client.post("/expenses", json=expense(category="travel_lump_sum", amount_vnd=500_000),
                       headers=as_user("chuyenvien.btc")).status_code == 201
    answer = client.post("/expenses", json=expense(category="travel_lump_sum", amount_vnd=200_001, date=f"{YEAR}-03-28"),
                         headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 409
    assert (answer.json["norm_vnd"], answer.json["already_used_vnd"], answer.json["asked_vnd"]) == (700_000, 500_000, 200_001)
    # Next month starts afresh.
    assert client.post("/expenses", json=expense(category="travel_lump_sum", amount_vnd=700_000, date=f"{YEAR}-04-01"),
                       headers=as_user("chuyenvien.btc")).status_code == 201


@pytest.mark.parametrize("field, value", [("unit", "NOPE"), ("beneficiary_staff_id", 999)])
def test_unknown_units_and_staff_are_422(client, as_user, as_principal, allocate, field, value):
    headers = as_user("ketoan.vp") if field == "unit" else as_user("chuyenvien.btc")
    answer = client.post("/expenses", json=expense(**{field: value}), headers=headers)
    assert answer.status_code == 422
    assert field in answer.json["errors"]


def test_staff_submit_for_their_own_board_only(client, as_user, allocate):
    allocate("BTGDV", "stationery", 5_000_000)
    answer = client.post("/expenses", json=expense(unit="BTGDV"), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 403
    assert client.post("/expenses", json=expense(unit="BTGDV", beneficiary_staff_id=42),
                       headers=as_user("chuyenvien.btgdv")).status_code == 201


def test_auditors_and_admins_do_not_submit(client, as_principal, allocate):
    allocate("UBKT", "stationery", 5_000_000)
    for roles in (["auditor"], ["admin"]):
        answer = client.post("/expenses", json=expense(beneficiary_staff_id=31),
                             headers=as_principal("x", "UBKT", roles, 31))
        assert answer.status_code == 403


def submitted(client, as_user, allocate, amount=1_000_000, allocated=100_000_000, **overrides):
    allocate("BTC", overrides.get("category", "stationery"), allocated)
    answer = client.post("/expenses", json=expense(amount_vnd=amount, **overrides), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201, answer.json
    return answer.json


def test_the_unit_head_approves_and_office_finance_pays_the_actual_amount(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    approved = client.post(f"/expenses/{body['id']}/approve", json={"reason": "đúng định mức"},
                           headers=as_user("truongban.btc"))
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    paid = client.post(f"/expenses/{body['id']}/pay", json={"paid_amount_vnd": 800_000},
                       headers=as_user("ketoan.vp"))
    assert paid.status_code == 200, paid.json
    assert paid.json["status"] == "paid" and paid.json["paid_amount_vnd"] == 800_000
    assert [(d["action"], d["by_username"]) for d in paid.json["decisions"]] == [
        ("submit", "chuyenvien.btc"), ("approve", "truongban.btc"), ("pay", "ketoan.vp")]
    assert paid.json["decisions"][1]["reason"] == "đúng định mức"
    assert figures(client, as_user, body["budget_id"]) == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 0, "spent_vnd": 800_000, "available_vnd": 99_200_000}


def test_approval_needs_no_body(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc")).status_code == 200
    assert client.post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp")).json["paid_amount_vnd"] == 1_000_000


def test_above_the_threshold_only_the_leadership_approves(client, as_user, allocate):
    body = submitted(client, as_user, allocate, amount=20_000_001)
    refused = client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    assert refused.status_code == 403 and refused.json["approver_role"] == "leadership"
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("bithu")).json["status"] == "approved"


def test_at_the_threshold_the_unit_head_approves(client, as_user, allocate):
    body = submitted(client, as_user, allocate, amount=20_000_000)
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc")).status_code == 200


def test_nobody_approves_their_own_request(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    own = client.post("/expenses", json=expense(beneficiary_staff_id=20), headers=as_user("truongban.btc")).json
    answer = client.post(f"/expenses/{own['id']}/approve", headers=as_user("truongban.btc"))
    assert answer.status_code == 403
    # ... nor a request of which they are the beneficiary.
    for_head = client.post("/expenses", json=expense(beneficiary_staff_id=20), headers=as_user("chuyenvien.btc")).json
    assert client.post(f"/expenses/{for_head['id']}/approve", headers=as_user("truongban.btc")).status_code == 403
    assert client.post(f"/expenses/{for_head['id']}/approve", headers=as_user("bithu")).status_code == 200


def test_office_finance_does_not_pay_its_own_request(client, as_user, allocate):
    allocate("VP", "stationery", 10_000_000)
    own = client.post("/expenses", json=expense(beneficiary_staff_id=5), headers=as_user("ketoan.vp")).json
    assert client.post(f"/expenses/{own['id']}/approve", headers=as_user("chanhvp")).status_code == 200
    assert client.post(f"/expenses/{own['id']}/pay", headers=as_user("ketoan.vp")).status_code == 403


def test_a_staff_member_cannot_approve_or_pay(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("chuyenvien.btc")).status_code == 403
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("kiemtra.ubkt")).status_code == 403
    assert client.post(f"/expenses/{body['id']}/pay", headers=as_user("truongban.btc")).status_code == 403


def test_reject_releases_and_needs_a_reason(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    assert client.post(f"/expenses/{body['id']}/reject", json={}, headers=as_user("truongban.btc")).status_code == 422
    rejected = client.post(f"/expenses/{body['id']}/reject", json={"reason": "không cần thiết"},
                           headers=as_user("truongban.btc"))
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    assert rejected.json["decisions"][-1]["reason"] == "không cần thiết"
    assert figures(client, as_user, body["budget_id"])["available_vnd"] == 100_000_000


def test_withdraw_releases_and_only_the_requester_withdraws(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    assert client.post(f"/expenses/{body['id']}/withdraw", headers=as_user("truongban.btc")).status_code == 403
    withdrawn = client.post(f"/expenses/{body['id']}/withdraw", json={"reason": "đổi kế hoạch"},
                            headers=as_user("chuyenvien.btc"))
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert figures(client, as_user, body["budget_id"])["reserved_vnd"] == 0


@pytest.mark.parametrize("path, user", [
    ("approve", "truongban.btc"), ("reject", "truongban.btc"), ("withdraw", "chuyenvien.btc"), ("pay", "ketoan.vp")])
def test_decisions_on_a_paid_expense_are_409(client, as_user, allocate, path, user):
    body = submitted(client, as_user, allocate)
    client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    client.post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp"))
    answer = client.post(f"/expenses/{body['id']}/{path}", json={"reason": "again"}, headers=as_user(user))
    assert answer.status_code == 409
    assert answer.json["rule"] == "invalid_state" and answer.json["current_status"] == "paid"
    assert figures(client, as_user, body["budget_id"]) == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 0, "spent_vnd": 1_000_000, "available_vnd": 99_000_000}


def test_paying_before_approval_and_paying_more_than_reserved_are_409(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    early = client.post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp"))
    assert early.status_code == 409 and early.json["rule"] == "invalid_state"
    client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    more = client.post(f"/expenses/{body['id']}/pay", json={"paid_amount_vnd": 1_000_001}, headers=as_user("ketoan.vp"))
    assert more.status_code == 409
    assert (more.json["rule"], more.json["asked_vnd"], more.json["reserved_vnd"]) == (
        "payment_exceeds_reservation", 1_000_001, 1_000_000)


def test_a_board_sees_only_its_own_expenses(client, as_user, allocate):
    body = submitted(client, as_user, allocate)
    assert client.get(f"/expenses/{body['id']}", headers=as_user("chuyenvien.btgdv")).status_code == 404
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btgdv")).status_code == 404
    assert client.get(f"/expenses/{body['id']}", headers=as_user("kiemtra.ubkt")).status_code == 200
    assert client.get(f"/expenses/{body['id']}", headers=as_user("bithu")).status_code == 200
    assert client.get("/expenses", headers=as_user("chuyenvien.btgdv")).json["items"] == []
    assert client.get("/expenses", query_string={"unit": "BTC"}, headers=as_user("chuyenvien.btgdv")).status_code == 403
    assert [e["id"] for e in client.get("/expenses", headers=as_user("chuyenvien.btc")).json["items"]] == [body["id"]]
    assert [e["id"] for e in client.get("/expenses", query_string={"unit": "BTC"},
                                        headers=as_user("ketoan.vp")).json["items"]] == [body["id"]]


def test_expense_lists_page_with_a_cursor(client, as_user, allocate):
    allocate("BTC", "stationery", 100_000_000)
    ids = [client.post("/expenses", json=expense(), headers=as_user("chuyenvien.btc")).json["id"] for _ in range(5)]
    first = client.get("/expenses", query_string={"limit": 2}, headers=as_user("chuyenvien.btc")).json
    assert [e["id"] for e in first["items"]] == ids[::-1][:2]
    second = client.get("/expenses", query_string={"limit": 2, "cursor": first["next_cursor"]},
                        headers=as_user("chuyenvien.btc")).json
    assert [e["id"] for e in second["items"]] == ids[::-1][2:4]


def test_idempotency_key_returns_the_first_answer_and_reserves_once(client, as_user, allocate):
    budget = allocate("BTC", "stationery", 10_000_000)
    headers = as_user("chuyenvien.btc", **{"Idempotency-Key": "expense-42"})
    first = client.post("/expenses", json=expense(), headers=headers)
    again = client.post("/expenses", json=expense(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    assert figures(client, as_user, budget["id"])["reserved_vnd"] == 1_000_000


# -- issue 10: who may be named, and who may decide ------------------------------------------


def test_a_beneficiary_of_another_board_is_refused_without_their_figures(client, as_user, allocate):
    # Finding 3: a BTC member filed an expense for a BNC member, used up that person's monthly
    # allowance, and the 409 then showed what another board's member had drawn.
    allocate("BTC", "travel_lump_sum", 10_000_000)
    allocate("BNC", "travel_lump_sum", 10_000_000)
    lump = {"category": "travel_lump_sum", "amount_vnd": 700_000, "date": f"{YEAR}-04-01"}
    answer = client.post("/expenses", json=expense(**lump, beneficiary_staff_id=51), headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 422
    assert answer.json["rule"] == "beneficiary_not_in_unit"
    assert list(answer.json["errors"]) == ["beneficiary_staff_id"]
    assert not {"already_used_vnd", "norm_vnd", "available_vnd", "asked_vnd"} & set(answer.json)
    # One answer for a person of another board and for one nobody knows.
    for staff_id in (51, 999):
        other = client.post("/expenses", json=expense(beneficiary_staff_id=staff_id), headers=as_user("chuyenvien.btc"))
        assert other.json["detail"] == f"staff member {staff_id} is not current staff of BTC"
    # BNC's own request for its member still fits the month's allowance.
    assert client.post("/expenses", json=expense(**lump, unit="BNC", beneficiary_staff_id=51),
                       headers=as_user("chuyenvien.bnc")).status_code == 201
    # office_finance files for a board only with that board's people.
    assert client.post("/expenses", json=expense(unit="BTC", beneficiary_staff_id=5),
                       headers=as_user("ketoan.vp")).status_code == 422


@pytest.mark.parametrize("action, body", [("approve", {}), ("reject", {"reason": "tự quyết"})])
def test_neither_the_requester_nor_the_beneficiary_decides(client, as_user, allocate, action, body):
    allocate("BTC", "stationery", 10_000_000)
    own = client.post("/expenses", json=expense(beneficiary_staff_id=22), headers=as_user("truongban.btc")).json
    refused = client.post(f"/expenses/{own['id']}/{action}", json=body, headers=as_user("truongban.btc"))
    assert (refused.status_code, refused.json["rule"]) == (403, "own_request")
    for_head = client.post("/expenses", json=expense(beneficiary_staff_id=20), headers=as_user("chuyenvien.btc")).json
    refused = client.post(f"/expenses/{for_head['id']}/{action}", json=body, headers=as_user("truongban.btc"))
    assert (refused.status_code, refused.json["rule"]) == (403, "own_benefit")
    assert client.get(f"/expenses/{for_head['id']}", headers=as_user("ketoan.vp")).json["status"] == "submitted"
    assert client.post(f"/expenses/{for_head['id']}/{action}", json=body, headers=as_user("bithu")).status_code == 200


def test_a_unit_head_above_the_threshold_is_told_the_rule(client, as_user, allocate):
    body = submitted(client, as_user, allocate, amount=20_000_001)
    refused = client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    assert (refused.status_code, refused.json["rule"], refused.json["approver_role"]) == (
        403, "approval_authority", "leadership")


def test_the_beneficiary_does_not_get_paid_by_their_own_hand(client, as_user, allocate):
    allocate("VP", "stationery", 10_000_000)
    body = client.post("/expenses", json=expense(beneficiary_staff_id=5), headers=as_user("chanhvp")).json
    assert client.post(f"/expenses/{body['id']}/approve", headers=as_user("bithu")).status_code == 200
    refused = client.post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp"))
    assert (refused.status_code, refused.json["rule"]) == (403, "own_benefit")
