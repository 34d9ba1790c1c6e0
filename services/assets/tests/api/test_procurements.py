"""/procurements: standards, finance's reservation, approval, receipt, cancel and reject."""
import threading

from buildingblocks.clock import local_today

from conftest import (
    AUDITOR,
    BNC_STAFF,
    BTC_HEAD,
    BTC_STAFF,
    BTGDV_HEAD,
    LEADER,
    OFFICE,
)
from helpers import draft, events, finance_answers, problem, register

# a receipt is dated on or after the day its request was drafted (today, in these tests)
RECEIVED_ON = local_today().isoformat()

COMPUTER = {"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
            "unit_price_vnd": 14_000_000, "beneficiary_staff_id": 22}


def submitted(client, database, who=BTC_STAFF, lines=None, accept=True) -> dict:
    p = draft(client, who, lines)
    resp = client.post(f"/procurements/{p['id']}/submit", who)
    assert resp.status_code == 200, resp.get_json()
    if accept is not None:
        finance_answers(database, resp.get_json(), accepted=accept)
    return client.get(f"/procurements/{p['id']}", who).get_json()


def test_a_board_drafts_and_submits_within_the_standards(client, database):
    p = draft(client, BTC_STAFF, fiscal_year=2026, note="trang bị cho chuyên viên mới")
    assert (p["unit"], p["status"], p["total_vnd"], p["approval_level"]) == ("BTC", "draft", 14_000_000, "unit_head")
    assert p["requested_by"] == "chuyenvien.btc" and p["lines"][0]["beneficiary_staff_id"] == 22
    resp = client.post(f"/procurements/{p['id']}/submit", BTC_STAFF)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "awaiting_budget" and body["reservation"]["status"] == "requested"
    assert [s["status"] for s in body["steps"]] == ["draft", "awaiting_budget"]
    published = events(database, "assets.procurement.submitted")
    assert published == [{"type": "assets.procurement.submitted", "unit": "BTC", "data": {
        "procurement_id": p["id"], "unit": "BTC", "fiscal_year": 2026, "category": "procurement",
        "amount_vnd": 14_000_000}}]
    assert client.post(f"/procurements/{p['id']}/submit", BTC_STAFF).status_code == 409


def test_submit_names_each_breach_of_the_standards(client, database):
    register(client, holder_staff_id=22)  # already holds the one computer a specialist may have
    p = draft(client, BTC_STAFF, [
        COMPUTER,
        {"category": "desk_set", "description": "Bộ bàn ghế", "quantity": 1, "unit_price_vnd": 7_000_000,
         "beneficiary_staff_id": 24},
        {"category": "printer", "description": "Máy in phòng", "quantity": 2, "unit_price_vnd": 9_000_000},
        {"category": "computer", "description": "Máy tính chung", "quantity": 1, "unit_price_vnd": 9_000_000},
    ])
    resp = client.post(f"/procurements/{p['id']}/submit", BTC_STAFF)
    assert resp.status_code == 422
    body = problem(resp)
    assert sorted((b["line"], b["rule"]) for b in body["breaches"]) == [
        (0, "quantity_above_standard"), (1, "price_above_standard"), (2, "quantity_above_standard"),
        (3, "beneficiary_required")]
    quantity = next(b for b in body["breaches"] if b["line"] == 0)
    assert (quantity["held"], quantity["asked"], quantity["max_quantity"]) == (1, 1, 1)
    assert quantity["title_rank"] == "specialist"
    assert set(body["errors"]) == {"lines.0", "lines.1", "lines.2", "lines.3"}
    assert client.get(f"/procurements/{p['id']}", BTC_STAFF).get_json()["status"] == "draft"
    assert events(database, "assets.procurement.submitted") == []


def test_requests_on_their_way_count_against_the_standard(client, database):
    submitted(client, database, accept=None)
    second = draft(client, BTC_HEAD, [COMPUTER])
    resp = client.post(f"/procurements/{second['id']}/submit", BTC_HEAD)
    assert resp.status_code == 422 and problem(resp)["breaches"][0]["pending"] == 1


def test_concurrent_submits_cannot_both_take_the_last_place(client, database):
    drafts = [draft(client, BTC_STAFF, [COMPUTER]) for _ in range(4)]
    statuses = []
    barrier = threading.Barrier(len(drafts))

    def submit(p):
        barrier.wait()
        statuses.append(client.post(f"/procurements/{p['id']}/submit", BTC_STAFF).status_code)

    threads = [threading.Thread(target=submit, args=(p,)) for p in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 422, 422, 422]


def test_finance_accepts_then_the_unit_head_approves(client, database):
    p = submitted(client, database)
    assert p["status"] == "pending_approval" and p["reservation"]["status"] == "accepted"
    assert p["steps"][-1]["actor"] == "finance"
    assert client.post(f"/procurements/{p['id']}/approve", BTC_STAFF).status_code == 403
    assert client.post(f"/procurements/{p['id']}/approve", BTGDV_HEAD).status_code == 404
    assert client.post(f"/procurements/{p['id']}/approve", OFFICE).status_code == 403
    assert client.post(f"/procurements/{p['id']}/approve", AUDITOR).status_code == 403
    resp = client.post(f"/procurements/{p['id']}/approve", BTC_HEAD, {"note": "đồng ý"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["status"] == "approved" and body["decided_by"] == "truongban.btc" and body["decision_note"] == "đồng ý"
    assert client.post(f"/procurements/{p['id']}/approve", BTC_HEAD).status_code == 409


def test_above_the_threshold_only_the_leadership_approves(client, database):
    big = [{**COMPUTER, "category": "car", "description": "Xe 7 chỗ", "unit_price_vnd": 900_000_000,
            "beneficiary_staff_id": None}]
    p = submitted(client, database, lines=big)
    assert p["approval_level"] == "leadership"
    resp = client.post(f"/procurements/{p['id']}/approve", BTC_HEAD)
    assert resp.status_code == 403 and "leadership" in problem(resp)["detail"]
    assert client.post(f"/procurements/{p['id']}/approve", LEADER).status_code == 200


def test_nobody_approves_their_own_request(client, database):
    p = submitted(client, database, who=BTC_HEAD)
    assert p["requested_by"] == "truongban.btc"
    resp = client.post(f"/procurements/{p['id']}/approve", BTC_HEAD)
    assert resp.status_code == 403 and "own" in problem(resp)["detail"] and problem(resp)["rule"] == "own_request"
    assert client.post(f"/procurements/{p['id']}/approve", LEADER).status_code == 200


SHREDDER = {"category": "other_machinery", "description": "Máy hủy tài liệu", "quantity": 1,
            "unit_price_vnd": 3_000_000}
HEADS_LAPTOP = {**COMPUTER, "unit_price_vnd": 15_000_000, "beneficiary_staff_id": 20}


def test_issue_10_finding_2_a_head_cannot_approve_a_purchase_he_edited_for_himself(client, database):
    p = draft(client, BTC_STAFF, [SHREDDER])
    edited = client.patch(f"/procurements/{p['id']}", BTC_HEAD, {"lines": [HEADS_LAPTOP]})
    assert edited.status_code == 200, edited.get_json()
    edit = edited.get_json()["steps"][-1]
    assert (edit["status"], edit["actor"]) == ("edited", "truongban.btc") and edit["at"]
    assert "Máy tính xách tay" in edit["note"] and "for staff 20" in edit["note"]
    assert client.post(f"/procurements/{p['id']}/submit", BTC_HEAD).status_code == 200
    finance_answers(database, client.get(f"/procurements/{p['id']}", BTC_HEAD).get_json())
    for action in ("approve", "reject"):
        refused = client.post(f"/procurements/{p['id']}/{action}", BTC_HEAD)
        assert refused.status_code == 403 and problem(refused)["rule"] == "own_edit"
    record = client.get(f"/procurements/{p['id']}", BTC_HEAD).get_json()
    assert record["status"] == "pending_approval"
    assert [s["status"] for s in record["steps"]] == ["draft", "edited", "awaiting_budget", "pending_approval"]
    assert client.post(f"/procurements/{p['id']}/approve", LEADER).status_code == 200


def test_whoever_benefits_from_a_line_may_not_decide(client, database):
    p = submitted(client, database, lines=[SHREDDER, HEADS_LAPTOP])
    refused = client.post(f"/procurements/{p['id']}/approve", BTC_HEAD)
    assert refused.status_code == 403 and problem(refused)["rule"] == "own_benefit"
    assert client.post(f"/procurements/{p['id']}/reject", BTC_HEAD).status_code == 403
    assert client.post(f"/procurements/{p['id']}/approve", LEADER).status_code == 200


def test_an_edit_by_the_requester_is_recorded_too(client, database):
    p = draft(client, BTC_STAFF)
    body = client.patch(f"/procurements/{p['id']}", BTC_STAFF, {"note": "thêm ghi chú"}).get_json()
    assert body["steps"][-1] == {**body["steps"][-1], "status": "edited", "actor": "chuyenvien.btc",
                                 "note": "note: None -> 'thêm ghi chú'"}


def test_approval_waits_for_finance(client, database):
    p = submitted(client, database, accept=None)
    assert p["status"] == "awaiting_budget"
    resp = client.post(f"/procurements/{p['id']}/approve", BTC_HEAD)
    assert resp.status_code == 409 and problem(resp)["current_status"] == "awaiting_budget"


def test_finance_refuses_for_lack_of_budget(client, database):
    p = submitted(client, database, accept=False)
    assert p["status"] == "budget_rejected"
    assert p["reservation"] == {"status": "rejected", "reason": "not enough budget", "available_vnd": 0}
    assert client.post(f"/procurements/{p['id']}/approve", BTC_HEAD).status_code == 409
    assert client.post(f"/procurements/{p['id']}/cancel", BTC_STAFF).status_code == 409


def test_receipt_registers_the_assets_at_their_actual_prices(client, database):
    lines = [COMPUTER, {"category": "printer", "description": "Máy in laser", "quantity": 1,
                        "unit_price_vnd": 9_000_000}]
    p = submitted(client, database, lines=lines)
    assert p["approval_level"] == "leadership"
    assert client.post(f"/procurements/{p['id']}/approve", LEADER).status_code == 200
    assert client.post(f"/procurements/{p['id']}/receive", BTC_HEAD,
                       {"lines": [{"unit_price_vnd": 1}, {"unit_price_vnd": 1}]}).status_code == 403
    resp = client.post(f"/procurements/{p['id']}/receive", OFFICE, {
        "received_on": RECEIVED_ON,
        "lines": [{"line_id": p["lines"][1]["id"], "unit_price_vnd": 8_500_000,
                   "items": [{"location": "P.105"}]},
                  {"line_id": p["lines"][0]["id"], "unit_price_vnd": 13_200_000}]})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "received" and body["actual_total_vnd"] == 21_700_000
    assert [line["actual_unit_price_vnd"] for line in body["lines"]] == [13_200_000, 8_500_000]
    assert len(body["assets"]) == 2 and body["assets"][0]["holder_staff_id"] == 22
    registered = client.get("/items?unit=BTC", BTC_STAFF).get_json()["items"]
    assert sorted(i["original_cost_vnd"] for i in registered) == [8_500_000, 13_200_000]
    assert all(i["source"] == f"procurement:{p['id']}" and i["acquired_on"] == RECEIVED_ON for i in registered)
    assert events(database, "assets.procurement.received")[-1]["data"] == {
        "procurement_id": p["id"], "unit": "BTC", "fiscal_year": p["fiscal_year"], "category": "procurement",
        "amount_vnd": 21_700_000}
    assert len(events(database, "assets.asset.registered")) == 2
    assert client.post(f"/procurements/{p['id']}/receive", OFFICE,
                       {"lines": [{"unit_price_vnd": 1}, {"unit_price_vnd": 1}]}).status_code == 409


def test_receipt_stays_within_the_approved_amount_and_the_caps(client, database):
    p = submitted(client, database)
    client.post(f"/procurements/{p['id']}/approve", BTC_HEAD)
    path = f"/procurements/{p['id']}/receive"
    resp = client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 14_500_000}]})
    assert resp.status_code == 409 and problem(resp)["actual_vnd"] == 14_500_000
    p2 = submitted(client, database, who=BTC_HEAD, lines=[{**COMPUTER, "beneficiary_staff_id": 23,
                                                          "unit_price_vnd": 15_000_000}])
    assert client.post(path, OFFICE, {"lines": []}).status_code == 422
    assert client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 1}, {"unit_price_vnd": 1}]}).status_code == 422
    assert client.post(path, OFFICE, {"lines": [{"line_id": 999, "unit_price_vnd": 1}]}).status_code == 422
    assert client.post(path, OFFICE, {"lines": [{"unit_price_vnd": -5}]}).status_code == 422
    assert client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 1, "items": [{}, {}]}]}).status_code == 422
    assert client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 1}], "received_on": "2999-01-01"}).status_code == 422
    assert client.get(f"/procurements/{p['id']}", OFFICE).get_json()["status"] == "approved"
    assert p2["status"] == "pending_approval"


def test_a_vehicle_received_joins_the_fleet(client, database):
    car = [{"category": "car", "description": "Xe 7 chỗ", "quantity": 1, "unit_price_vnd": 900_000_000}]
    p = submitted(client, database, who=BTC_STAFF, lines=car)
    client.post(f"/procurements/{p['id']}/approve", LEADER)
    path = f"/procurements/{p['id']}/receive"
    resp = client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 880_000_000}]})
    assert resp.status_code == 422 and "lines.0.items" in problem(resp)["errors"]
    resp = client.post(path, OFFICE, {"lines": [{"unit_price_vnd": 880_000_000, "items": [
        {"attributes": {"plate": "30K-999.99", "seats": 7, "fuel_norm_l_per_100km": 9.0}}]}]})
    assert resp.status_code == 200
    registered = events(database, "assets.asset.registered")[-1]["data"]
    assert registered["is_vehicle"] is True and registered["attributes"]["plate"] == "30K-999.99"
    assert registered["unit"] == "BTC" and registered["original_cost_vnd"] == 880_000_000


def test_reject_and_cancel_release_the_reservation(client, database):
    p = submitted(client, database)
    assert client.post(f"/procurements/{p['id']}/reject", BTC_STAFF).status_code == 403
    resp = client.post(f"/procurements/{p['id']}/reject", BTC_HEAD, {"note": "chưa cần"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "rejected"
    q = submitted(client, database, who=BTC_HEAD, lines=[{**COMPUTER, "beneficiary_staff_id": 23}])
    client.post(f"/procurements/{q['id']}/approve", LEADER)
    resp = client.post(f"/procurements/{q['id']}/cancel", BTC_STAFF, {"note": "đổi kế hoạch"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    cancelled = events(database, "assets.procurement.cancelled")
    assert [(e["data"]["procurement_id"], e["data"]["reason"]) for e in cancelled] == [
        (p["id"], "rejected: chưa cần"), (q["id"], "cancelled: đổi kế hoạch")]
    # a draft never reached finance: cancelling it tells nobody
    d = draft(client, BTC_STAFF)
    assert client.post(f"/procurements/{d['id']}/cancel", BTC_STAFF).get_json()["status"] == "cancelled"
    assert len(events(database, "assets.procurement.cancelled")) == 2
    assert client.post(f"/procurements/{d['id']}/cancel", BTC_STAFF).status_code == 409
    assert client.post(f"/procurements/{q['id']}/cancel", BNC_STAFF).status_code == 404


def test_a_reservation_that_arrives_after_the_cancel_is_released_again(client, database):
    p = submitted(client, database, accept=None)
    client.post(f"/procurements/{p['id']}/cancel", BTC_STAFF)
    finance_answers(database, p, accepted=True)
    again = events(database, "assets.procurement.cancelled")
    assert len(again) == 2 and all(e["data"]["procurement_id"] == p["id"] for e in again)
    assert client.get(f"/procurements/{p['id']}", BTC_STAFF).get_json()["status"] == "cancelled"
    finance_answers(database, p, accepted=True)  # a third answer changes nothing more
    assert len(events(database, "assets.procurement.cancelled")) == 2


def test_drafts_are_checked_and_edited(client):
    bad = [
        ({"lines": []}, "lines"),
        ({"lines": [{**COMPUTER, "quantity": 0}]}, "lines"),
        ({"lines": [{**COMPUTER, "unit_price_vnd": 0}]}, "lines"),
        ({"lines": [{**COMPUTER, "category": "rocket"}]}, "lines.0.category"),
        ({"lines": [{**COMPUTER, "beneficiary_staff_id": 51}]}, "lines.0.beneficiary_staff_id"),
        ({"lines": [{**COMPUTER, "beneficiary_staff_id": 424242}]}, "lines.0.beneficiary_staff_id"),
        ({"lines": [COMPUTER], "fiscal_year": 1999}, "fiscal_year"),
        ({"lines": "many"}, "lines"),
        ({"lines": [{**COMPUTER, "extra": 1}]}, "lines"),
    ]
    for body, field in bad:
        resp = client.post("/procurements", BTC_STAFF, body)
        assert resp.status_code == 422 and field in problem(resp)["errors"], (body, resp.get_json())
    assert client.post("/procurements", BTC_STAFF, {"lines": [COMPUTER], "unit": "BNC"}).status_code == 403
    resp = client.post("/procurements", OFFICE, {"lines": [COMPUTER], "unit": "NOPE"})
    assert resp.status_code == 422 and "unit" in problem(resp)["errors"]
    resp = client.post("/procurements", OFFICE, {"lines": [COMPUTER], "unit": "BTC-VP"})
    assert resp.status_code == 422 and "unit" in problem(resp)["errors"]
    assert client.post("/procurements", AUDITOR, {"lines": [COMPUTER], "unit": "BTC"}).status_code == 403
    office_made = draft(client, OFFICE, unit="BTC")
    assert office_made["unit"] == "BTC"
    p = draft(client, BTC_STAFF)
    resp = client.patch(f"/procurements/{p['id']}", BTC_STAFF, {"lines": [{**COMPUTER, "quantity": 1,
                                                                            "unit_price_vnd": 12_000_000}],
                                                                "note": "giá mới"})
    assert resp.status_code == 200 and resp.get_json()["total_vnd"] == 12_000_000
    assert len(resp.get_json()["lines"]) == 1
    assert client.patch(f"/procurements/{p['id']}", BNC_STAFF, {"note": "x"}).status_code == 404
    client.post(f"/procurements/{p['id']}/submit", BTC_STAFF)
    assert client.patch(f"/procurements/{p['id']}", BTC_STAFF, {"note": "x"}).status_code == 409


def test_a_board_lists_its_own_requests(client, database):
    mine = draft(client, BTC_STAFF)
    theirs = draft(client, BNC_STAFF, [{**COMPUTER, "beneficiary_staff_id": 51}])
    assert [p["id"] for p in client.get("/procurements", BTC_STAFF).get_json()["items"]] == [mine["id"]]
    assert client.get("/procurements?unit=BNC", BTC_STAFF).status_code == 403
    assert client.get(f"/procurements/{theirs['id']}", BTC_STAFF).status_code == 404
    assert len(client.get("/procurements", LEADER).get_json()["items"]) == 2
    assert [p["id"] for p in client.get("/procurements?status=draft&unit=BNC", OFFICE).get_json()["items"]] == [
        theirs["id"]]
    assert client.get("/procurements?status=lost", OFFICE).status_code == 422
    for action in ("submit", "approve", "reject", "receive", "cancel"):
        assert client.post(f"/procurements/{theirs['id']}/{action}", BTC_HEAD, {}).status_code in (404, 422)
        assert client.post(f"/procurements/987654/{action}", OFFICE, {}).status_code in (404, 422)
