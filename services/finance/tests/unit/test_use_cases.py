"""The main use cases on FakeUnitOfWork (in-memory repositories): the stories and their rule refusals."""

import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

from finance.adapters.orm import BudgetChange
from finance.domain import regulation as rules
from finance.domain.errors import BudgetExhausted, InvalidTransition, OverNorm, PaymentExceedsReservation
from finance.service_layer import budgets, documents, expenses, inbox

from fakes import fake_uow

DAY = dt.date(2026, 3, 10)
REGULATION = rules.RegulationVersion(dt.date(2025, 5, 4), id=2, norms=(
    rules.Norm("travel_lump_sum", 700_000, "month", id=11),
    rules.Norm("lodging", 450_000, "night", locality_tier="city", id=12),
))
STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], 22)
HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], 20)
LEADER = make_principal("bithu", "TU", ["leadership"], 1)
ACCOUNTANT = make_principal("ketoan.vp", "VP", ["office_finance", "staff"], 5)


def with_budget(uow, unit="BTC", category="stationery", allocated=10_000_000):
    budget = uow.budgets.open(2026, unit, category, by="test")
    uow.ledger.book(budget, "allocated", allocated, source="test", source_id=budget.id, by="test")
    uow.budgets.locked.clear()
    return budget


def ask(**overrides):
    return {"category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22, "date": DAY,
            "description": "Giấy in", "quantity": 1, **overrides}


def submitted(uow, principal=STAFF, **overrides):
    expense = expenses.submit(uow, principal, ask(**overrides))
    uow.committed = False
    return expense


def test_submit_locks_the_budget_checks_and_reserves():
    uow = fake_uow(REGULATION)
    budget = with_budget(uow)
    expense = expenses.submit(uow, STAFF, ask())
    assert uow.committed and expense.status == "submitted" and expense.budget_id == budget.id
    assert uow.budgets.locked == [budget.id]
    assert uow.ledger.position(budget.id).figures() == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 9_000_000}
    assert [d.action for d in expense.decisions] == ["submit"]


def test_submit_over_the_available_budget_commits_nothing():
    uow = fake_uow(REGULATION)
    with_budget(uow, allocated=500_000)
    with pytest.raises(BudgetExhausted) as refused:
        expenses.submit(uow, STAFF, ask())
    assert refused.value.figures["available_vnd"] == 500_000 and not uow.committed
    with pytest.raises(BudgetExhausted, match="BTC has no lodging budget for 2026"):
        expenses.submit(uow, STAFF, ask(category="lodging", locality_tier="city", amount_vnd=400_000))


def test_submit_checks_again_under_the_lock_with_the_figures_just_before_its_own_reservation():
    """The figures read before the lock fit, but another reservation committed while it waited: the
    check under the lock refuses with the figures it found, and nothing is committed."""
    uow = fake_uow(REGULATION)
    budget = with_budget(uow, allocated=1_500_000)
    move = uow.budgets.move

    def meanwhile(budget_id, kind, amount_vnd):
        uow.ledger.book(budget, "reserved", 800_000, source="other", source_id=1, by="other")
        return move(budget_id, kind, amount_vnd)

    uow.budgets.move = meanwhile
    with pytest.raises(BudgetExhausted) as refused:
        expenses.submit(uow, STAFF, ask())
    assert (refused.value.figures["available_vnd"], refused.value.figures["reserved_vnd"]) == (700_000, 800_000)
    assert not uow.committed and uow.budgets.locked == [budget.id]


def test_submit_over_a_monthly_norm_counts_what_was_drawn_and_tells_the_budget():
    uow = fake_uow(REGULATION)
    with_budget(uow, category="travel_lump_sum")
    submitted(uow, category="travel_lump_sum", amount_vnd=500_000)
    with pytest.raises(OverNorm) as refused:
        expenses.submit(uow, STAFF, ask(category="travel_lump_sum", amount_vnd=300_000))
    assert refused.value.extra | {"available_vnd": 0} == {
        "rule": "over_norm", "norm_vnd": 700_000, "per": "month", "asked_vnd": 300_000, "already_used_vnd": 500_000,
        "norm_id": 11, "title_rank": None, "locality_tier": None, "available_vnd": 0, "regulation_id": 2}
    assert refused.value.figures["available_vnd"] == 9_500_000


def test_a_regulated_category_without_a_matching_norm_needs_the_locality_tier():
    uow = fake_uow(REGULATION)
    with_budget(uow, category="lodging")
    with pytest.raises(Invalid) as refused:
        expenses.submit(uow, STAFF, ask(category="lodging"))
    assert list(refused.value.extra["errors"]) == ["locality_tier"]


@pytest.mark.parametrize("staff_id", [51, 23, 999])  # another board's, one who left, one nobody knows
def test_the_beneficiary_must_be_current_staff_of_the_board(staff_id):
    uow = fake_uow(REGULATION)
    with_budget(uow)
    with pytest.raises(Invalid) as refused:
        expenses.submit(uow, STAFF, ask(beneficiary_staff_id=staff_id))
    assert refused.value.extra["rule"] == "beneficiary_not_in_unit"
    assert refused.value.detail == f"staff member {staff_id} is not current staff of BTC"
    assert [e.kind for e in uow.ledger.entries()] == ["allocated"]


def test_the_unit_head_approves_within_the_limit_and_nobody_decides_their_own():
    uow = fake_uow(REGULATION)
    with_budget(uow, allocated=100_000_000)
    expense = submitted(uow)
    above = submitted(uow, amount_vnd=20_000_001)
    own = submitted(uow, HEAD)
    benefit = submitted(uow, beneficiary_staff_id=20)
    for target, rule in ((above, "approval_authority"), (own, "own_request"), (benefit, "own_benefit")):
        with pytest.raises(NotAllowed) as refused:
            expenses.approve(uow, HEAD, target.id)
        assert refused.value.extra["rule"] == rule
    assert not uow.committed
    assert expenses.approve(uow, HEAD, expense.id).status == "approved" and uow.committed
    assert expenses.approve(uow, LEADER, above.id).status == "approved"
    with pytest.raises(InvalidTransition):
        expenses.approve(uow, LEADER, expense.id)


def test_reject_releases_the_reservation_and_withdraw_is_the_requesters():
    uow = fake_uow(REGULATION)
    budget = with_budget(uow)
    first, second = submitted(uow), submitted(uow)
    assert expenses.reject(uow, HEAD, first.id, "không cần").status == "rejected"
    with pytest.raises(NotAllowed):
        expenses.withdraw(uow, HEAD, second.id)
    assert expenses.withdraw(uow, STAFF, second.id).status == "withdrawn"
    assert uow.ledger.position(budget.id).reserved_vnd == 0


def test_pay_spends_the_actual_amount_never_more_and_never_ones_own():
    uow = fake_uow(REGULATION)
    budget = with_budget(uow)
    expense = submitted(uow)
    with pytest.raises(InvalidTransition):
        expenses.pay(uow, ACCOUNTANT, expense.id, None)
    expenses.approve(uow, HEAD, expense.id)
    with pytest.raises(PaymentExceedsReservation):
        expenses.pay(uow, ACCOUNTANT, expense.id, 1_000_001)
    with pytest.raises(NotAllowed):
        expenses.pay(uow, HEAD, expense.id, None)
    assert expenses.pay(uow, ACCOUNTANT, expense.id, 800_000).paid_amount_vnd == 800_000
    assert uow.ledger.position(budget.id).figures() == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 0, "spent_vnd": 800_000, "available_vnd": 9_200_000}


def pending(uow, kind="supplement", by=ACCOUNTANT, **fields):
    return uow.changes.add(BudgetChange(kind=kind, fiscal_year=2026, category="stationery", from_unit=fields.get("from_unit"),
                                        to_unit=fields.get("to_unit", "BTC"), amount_vnd=fields.get("amount", 2_000_000),
                                        reason="r", status="pending", requested_by=by.username,
                                        requested_by_staff_id=by.staff_id))


def test_the_leadership_decides_supplements_and_transfers_once_and_not_their_own():
    uow = fake_uow(REGULATION)
    budget = with_budget(uow)
    supplement = pending(uow)
    with pytest.raises(NotAllowed):
        budgets.decide_change(uow, ACCOUNTANT, "supplement", supplement.id, True, "")
    assert budgets.decide_change(uow, LEADER, "supplement", supplement.id, True, "").status == "approved"
    assert uow.ledger.position(budget.id).allocated_vnd == 12_000_000
    with pytest.raises(RuleBroken) as again:
        budgets.decide_change(uow, LEADER, "supplement", supplement.id, False, "no")
    assert again.value.extra["rule"] == "invalid_state"
    with pytest.raises(NotAllowed) as own:
        budgets.decide_change(uow, LEADER, "supplement", pending(uow, by=LEADER).id, True, "")
    assert own.value.extra["rule"] == "own_request"
    too_much = pending(uow, kind="transfer", from_unit="BTC", to_unit="BNC", amount=99_000_000)
    with pytest.raises(BudgetExhausted):
        budgets.decide_change(uow, LEADER, "transfer", too_much.id, True, "")


def test_the_inbox_offers_exactly_what_the_actions_accept():
    uow = fake_uow(REGULATION)
    with_budget(uow, allocated=100_000_000)
    mine, above, own = submitted(uow), submitted(uow, amount_vnd=25_000_000), submitted(uow, HEAD)
    assert inbox.inbox(uow, HEAD) == ([_item(mine, ("approve", "reject"))], {"expense": 1})
    items, totals = inbox.inbox(uow, LEADER)
    assert {i.id for i in items} == {mine.id, above.id, own.id} and totals == {"expense": 3}
    assert inbox.inbox(uow, STAFF) == inbox.inbox(uow, ACCOUNTANT) == ([], {"expense": 0})
    expenses.approve(uow, HEAD, mine.id)
    assert [(i.id, i.actions) for i in inbox.inbox(uow, ACCOUNTANT)[0]] == [(mine.id, ("pay",))]


def _item(expense, actions):
    return inbox.InboxItem(kind="expense", id=expense.id, unit=expense.unit, amount_vnd=expense.amount_vnd,
                           title=f"Đề nghị chi: {expense.description}", requested_by=expense.requested_by,
                           requested_at=expense.created_at, actions=actions)


def test_the_payment_request_tells_the_norm_and_the_people_and_hides_another_boards():
    uow = fake_uow(REGULATION)
    with_budget(uow, category="lodging")
    expense = submitted(uow, category="lodging", amount_vnd=900_000, quantity=2, locality_tier="city")
    facts = documents.payment_request(uow, STAFF, expense.id)
    assert (facts["unit_name"], facts["amount_vnd"], facts["norm"].limit_vnd, facts["norm"].id) == ("BTC", 900_000, 450_000, 12)
    assert facts["requester"] == {"name": "#22", "position": None, "title_rank": "specialist"}
    assert facts["beneficiary"]["name"] == "#22"
    with pytest.raises(NotFound):
        documents.payment_request(uow, make_principal("chuyenvien.bnc", "BNC", ["staff"], 51), expense.id)


def test_those_who_act_on_an_expense_attach_files_to_it_and_nobody_else():
    uow = fake_uow(REGULATION)
    with_budget(uow)
    expense = submitted(uow)
    for principal in (STAFF, HEAD, LEADER, ACCOUNTANT):
        expenses.may_attach(uow, principal, expense.id)
    colleague = make_principal("vanthu.btc", "BTC", ["staff"], 24)
    with pytest.raises(NotAllowed) as refused:
        expenses.may_attach(uow, colleague, expense.id)
    assert refused.value.extra["rule"] == "attach_not_allowed"
    with pytest.raises(NotFound):
        expenses.visible_unit(uow, make_principal("chuyenvien.bnc", "BNC", ["staff"], 51), expense.id)
