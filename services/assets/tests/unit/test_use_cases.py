"""The procurement use cases on in-memory repositories (FakeUnitOfWork): draft, edit, submit,
finance's answer, approve, reject, cancel and the inbox, with the rules' refusals."""
import pytest
from buildingblocks.errors import Invalid, NotAllowed, NotFound
from buildingblocks.testing import make_principal

from assets.domain.errors import StandardsBreached, StatusForbids
from assets.service_layer import procurements as use_cases
from assets.service_layer.inbox import procurement_items
from fakes import fake_uow

STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], staff_id=20)
OTHER_HEAD = make_principal("truongban.bnc", "BNC", ["unit_head", "staff"], staff_id=50)
LEADER = make_principal("bithu", "TU", ["leadership"], staff_id=1)
PC = {"category": "computer", "description": "Máy tính xách tay", "quantity": 1, "unit_price_vnd": 14_000_000,
      "beneficiary_staff_id": 22}
PRINTER = {"category": "printer", "description": "Máy in", "quantity": 1, "unit_price_vnd": 9_000_000}


def reserved(uow, who=STAFF, lines=(PC,)):
    p = use_cases.create_procurement(uow, who, {"lines": list(lines)})
    use_cases.submit_procurement(uow, who, p["id"])
    use_cases.on_reservation_accepted(uow, {"source": "assets.procurement", "source_id": p["id"]})
    return p["id"]


def test_a_draft_is_made_for_the_callers_board_and_committed():
    uow = fake_uow()
    p = use_cases.create_procurement(uow, STAFF, {"lines": [PC, PRINTER], "note": "đầu năm"})
    assert uow.committed and uow.published == []
    assert (p["unit"], p["status"], p["total_vnd"], p["approval_level"]) == ("BTC", "draft", 23_000_000, "leadership")
    assert [s["status"] for s in p["steps"]] == ["draft"]


def test_a_draft_names_a_board_and_people_of_that_board():
    uow = fake_uow()
    with pytest.raises(Invalid) as department:
        use_cases.create_procurement(uow, LEADER, {"unit": "BTC-P1", "lines": [PC]})
    assert "belong to boards" in department.value.detail
    with pytest.raises(Invalid) as elsewhere:
        use_cases.create_procurement(uow, STAFF, {"lines": [{**PC, "beneficiary_staff_id": 51}]})
    assert elsewhere.value.extra["errors"] == {"lines.0.beneficiary_staff_id": ["staff member 51 works in BNC, not in BTC"]}
    with pytest.raises(NotAllowed):
        use_cases.create_procurement(uow, STAFF, {"unit": "BNC", "lines": [PRINTER]})
    assert not uow.committed


def test_submit_checks_the_standards_then_asks_finance():
    uow = fake_uow()
    uow.assets.hold("computer", "BTC", holder_staff_id=22)  # the one computer a specialist may have
    p = use_cases.create_procurement(uow, STAFF, {"lines": [PC]})
    with pytest.raises(StandardsBreached) as breached:
        use_cases.submit_procurement(uow, STAFF, p["id"])
    assert breached.value.extra["breaches"][0]["rule"] == "quantity_above_standard"
    assert uow.published == [] and uow.procurements.get(p["id"]).status == "draft"
    ok = use_cases.create_procurement(uow, STAFF, {"lines": [PRINTER]})
    submitted = use_cases.submit_procurement(uow, STAFF, ok["id"])
    assert submitted["status"] == "awaiting_budget" and uow.procurements.locked == ["BTC", "BTC"]
    assert uow.published[-1]["type"] == "assets.procurement.submitted"
    assert uow.published[-1]["data"]["amount_vnd"] == 9_000_000
    with pytest.raises(StatusForbids) as again:
        use_cases.submit_procurement(uow, STAFF, ok["id"])
    assert again.value.extra["current_status"] == "awaiting_budget"


def test_requests_on_their_way_count_against_the_standard():
    uow = fake_uow()
    reserved(uow, lines=[PRINTER])
    second = use_cases.create_procurement(uow, HEAD, {"lines": [PRINTER]})
    with pytest.raises(StandardsBreached) as breached:
        use_cases.submit_procurement(uow, HEAD, second["id"])
    assert breached.value.extra["breaches"][0]["pending"] == 1


def test_the_unit_head_approves_within_the_threshold_the_leadership_above():
    uow = fake_uow(threshold_vnd=10_000_000)
    small, big = reserved(uow, lines=[PRINTER]), reserved(uow, lines=[PC])
    assert use_cases.approve_procurement(uow, HEAD, small, "đồng ý")["status"] == "approved"
    with pytest.raises(NotAllowed) as above:
        use_cases.approve_procurement(uow, HEAD, big)
    assert above.value.extra["rule"] == "approval_threshold"
    with pytest.raises(NotFound):
        use_cases.approve_procurement(uow, OTHER_HEAD, big)  # another board's request is not theirs to see
    with pytest.raises(NotAllowed) as colleague:
        use_cases.approve_procurement(uow, make_principal("chuyenvien2.btc", "BTC", ["staff"], staff_id=23), big)
    assert colleague.value.extra["rule"] == "approver_role"
    assert use_cases.approve_procurement(uow, LEADER, big)["decided_by"] == "bithu"


def test_nobody_decides_what_they_asked_for_edited_or_benefit_from():
    uow = fake_uow()
    own = reserved(uow, who=HEAD, lines=[PRINTER])
    draft = use_cases.create_procurement(uow, STAFF, {"lines": [PRINTER]})
    edited = use_cases.update_procurement(uow, HEAD, draft["id"], {"lines": [{**PC, "beneficiary_staff_id": 20}]})
    assert edited["steps"][-1]["status"] == "edited" and "for staff 20" in edited["steps"][-1]["note"]
    use_cases.submit_procurement(uow, HEAD, draft["id"])
    use_cases.on_reservation_accepted(uow, {"source": "assets.procurement", "source_id": draft["id"]})
    for procurement_id, rule in ((own, "own_request"), (draft["id"], "own_edit")):
        for decide in (use_cases.approve_procurement, use_cases.reject_procurement):
            with pytest.raises(NotAllowed) as refused:
                decide(uow, HEAD, procurement_id)
            assert refused.value.extra["rule"] == rule
    assert [i.id for i in procurement_items(uow, HEAD)] == []
    assert [i.id for i in procurement_items(uow, LEADER)] == [own, draft["id"]]


def test_reject_and_cancel_release_the_reservation():
    uow = fake_uow()
    first, second = reserved(uow, lines=[PRINTER]), reserved(uow, lines=[PC])
    assert use_cases.reject_procurement(uow, HEAD, first, "không cần")["status"] == "rejected"
    assert uow.published[-1]["type"] == "assets.procurement.cancelled"
    assert uow.published[-1]["data"]["reason"] == "rejected: không cần"
    assert use_cases.cancel_procurement(uow, STAFF, second)["status"] == "cancelled"
    assert uow.published[-1]["data"]["reason"] == "cancelled"
    quiet = use_cases.create_procurement(uow, STAFF, {"lines": [PRINTER]})
    published = len(uow.published)
    use_cases.cancel_procurement(uow, STAFF, quiet["id"])
    assert len(uow.published) == published  # a draft never reached finance


def test_finance_refusal_stops_the_request_with_its_reason():
    uow = fake_uow()
    p = use_cases.create_procurement(uow, STAFF, {"lines": [PRINTER]})
    use_cases.submit_procurement(uow, STAFF, p["id"])
    use_cases.on_reservation_rejected(uow, {"source": "assets.procurement", "source_id": p["id"],
                                            "reason": "hết ngân sách", "available_vnd": 1_000})
    p = uow.procurements.get(p["id"])
    assert (p.status, p.reservation_reason, p.available_vnd) == ("budget_rejected", "hết ngân sách", 1_000)
    use_cases.on_reservation_accepted(uow, {"source": "finance.other", "source_id": p.id})  # not ours
    assert p.status == "budget_rejected"


def test_the_inbox_offers_what_the_approval_allows():
    uow = fake_uow(threshold_vnd=10_000_000)
    small, big = reserved(uow, lines=[PRINTER]), reserved(uow, lines=[PC])
    items = procurement_items(uow, HEAD)
    assert [(i.kind, i.id, i.amount_vnd, i.actions) for i in items] == [
        ("procurement", small, 9_000_000, ("approve", "reject"))]
    assert [i.id for i in procurement_items(uow, LEADER)] == [small, big]
    assert procurement_items(uow, STAFF) == [] and procurement_items(uow, OTHER_HEAD) == []
