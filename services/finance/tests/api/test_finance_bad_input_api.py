"""Nothing a client sends causes a 500: every route answers bad input with a 4xx problem document."""

import base64
import json

import pytest

BIG = 2**70
FORGED_CURSORS = [
    base64.urlsafe_b64encode(json.dumps(["abc"]).encode()).decode(),
    base64.urlsafe_b64encode(json.dumps([BIG]).encode()).decode(),
    base64.urlsafe_b64encode(json.dumps([True]).encode()).decode(),
    "%%%not-base64",
]

POST_ROUTES = [
    "/regulations", "/budgets", "/budgets/supplements", "/budgets/transfers", "/expenses",
    "/budgets/supplements/1/approve", "/budgets/supplements/1/reject", "/budgets/transfers/1/approve",
    "/budgets/transfers/1/reject", "/expenses/1/approve", "/expenses/1/reject", "/expenses/1/withdraw",
    "/expenses/1/pay", "/ledger/1/reverse",
]
GET_ROUTES = ["/regulations", "/budgets", "/budgets/summary", "/budgets/supplements", "/budgets/transfers",
              "/expenses", "/ledger", "/reservations", "/chargebacks", "/reports/budgets", "/reports/budgets.csv"]
LIST_ROUTES = ["/regulations", "/budgets", "/budgets/supplements", "/budgets/transfers", "/expenses", "/ledger",
               "/reservations", "/chargebacks"]
BODIES = [
    b"not json", b"[1, 2]", b'"text"', b"{", b"null",
    json.dumps({"fiscal_year": "2026", "unit": 5, "category": None, "amount_vnd": "1000"}).encode(),
    json.dumps({"fiscal_year": BIG, "unit": "BTC", "category": "stationery", "allocated_vnd": BIG,
                "amount_vnd": BIG, "reason": "x", "from_unit": "BTC", "to_unit": "VP"}).encode(),
    json.dumps({"fiscal_year": 2026, "unit": "BTC\u0000", "category": "stationery", "allocated_vnd": 1,
                "amount_vnd": 1, "reason": "a\u0000b", "description": "\u0000", "beneficiary_staff_id": 22,
                "date": "2026-01-01"}).encode(),
    json.dumps({"category": "stationery", "amount_vnd": 1.5, "beneficiary_staff_id": BIG, "date": "2026-02-30",
                "description": "x", "paid_amount_vnd": -1, "reason": ["x"]}).encode(),
    json.dumps({"effective_from": "yesterday", "norms": [{"category": "X Y", "limit_vnd": -1, "per": "week"}]}).encode(),
]


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_malformed_bodies_are_4xx(client, as_user, allocate, path, body):
    allocate("BTC", "stationery", 5_000_000)
    for user in ("ketoan.vp", "bithu", "chuyenvien.btc"):
        answer = client.post(path, data=body, content_type="application/json", headers=as_user(user))
        assert 400 <= answer.status_code < 500, (user, answer.status_code, answer.data[:300])
        assert answer.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", GET_ROUTES)
@pytest.mark.parametrize("query", [
    {"fiscal_year": "abc"}, {"fiscal_year": BIG}, {"unit": "B\u0000TC"}, {"limit": 0}, {"limit": 10_000},
    {"category": "NOT A CATEGORY"}, {"budget_id": BIG}, {"beneficiary_staff_id": BIG}, {"in_force_on": "2026-13-01"},
    {"status": "lost"}, {"kind": "stolen"}, {"source_id": "\u0000"},
], ids=lambda q: next(iter(q)))
def test_malformed_queries_are_4xx(client, as_user, path, query):
    answer = client.get(path, query_string=query, headers=as_user("ketoan.vp"))
    assert answer.status_code < 500, answer.data[:300]
    if answer.status_code >= 400:
        assert answer.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", LIST_ROUTES)
@pytest.mark.parametrize("cursor", FORGED_CURSORS)
def test_forged_cursors_are_400(client, as_user, path, cursor):
    answer = client.get(path, query_string={"cursor": cursor}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 400, answer.data[:300]


@pytest.mark.parametrize("path", [
    "/regulations/{}", "/budgets/{}", "/budgets/supplements/{}", "/budgets/transfers/{}", "/expenses/{}", "/ledger/{}",
    "/reservations/{}", "/chargebacks/{}"])
@pytest.mark.parametrize("ident", [0, 99999, BIG, "abc", "-1"])
def test_unknown_or_absurd_ids_are_404(client, as_user, path, ident):
    answer = client.get(path.format(ident), headers=as_user("ketoan.vp"))
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", GET_ROUTES)
def test_without_the_gateways_token_it_is_401(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"X-Internal-Token": "forged"}).status_code == 401


def test_wrong_method_is_405_problem(client, as_user):
    answer = client.delete("/budgets", headers=as_user("ketoan.vp"))
    assert answer.status_code == 405 and answer.headers["Content-Type"].startswith("application/problem+json")


def test_expense_amount_and_rate_must_agree(client, as_user, allocate):
    allocate("BTC", "stationery", 5_000_000)
    body = {"category": "stationery", "beneficiary_staff_id": 22, "date": "2026-02-01", "description": "x"}
    disagree = client.post("/expenses", json={**body, "amount_vnd": 5, "quantity": 2, "rate_vnd": 3},
                           headers=as_user("chuyenvien.btc"))
    assert disagree.status_code == 422 and "amount_vnd" in disagree.json["errors"]
    neither = client.post("/expenses", json=body, headers=as_user("chuyenvien.btc"))
    assert neither.status_code == 422 and "amount_vnd" in neither.json["errors"]
    agree = client.post("/expenses", json={**body, "amount_vnd": 6, "quantity": 2, "rate_vnd": 3},
                        headers=as_user("chuyenvien.btc"))
    assert agree.status_code == 201 and (agree.json["quantity"], agree.json["rate_vnd"]) == (2, 3)


def test_health_and_metrics_need_no_token(client):
    assert client.get("/health/live").status_code == 200
    assert client.get("/metrics").status_code == 200
