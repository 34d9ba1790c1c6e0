"""Restructuring plans [đề án]: drafted by `office_hr`, previewed, approved by `leadership`,
applied atomically on their effective date (at once when it has passed; by the worker when it
comes), publishing the normal events so every service follows.

A plan is approved against the structure it was previewed on: approval records a fingerprint of
every unit, position and holder the steps touch, and applying refuses (409 `plan_outdated`, with
what changed) when that part of the structure is no longer the same.
"""
from __future__ import annotations

import datetime as dt
import logging

from buildingblocks.clock import local_today, utcnow
from buildingblocks.db import Database
from buildingblocks.errors import DomainError, NotFound
from buildingblocks.identity import Principal
from buildingblocks.inbox import InboxItem

from ..adapters.orm import Restructuring
from ..domain import plans
from ..domain.access import require_plan_actor, require_plan_reader
from ..domain.model import Structure
from ..domain.rules import evaluate, made_worse, refusal
from ..domain.staffing import staffing_table
from .rules import rule_sources, rulebook
from .writer import Stamp, record_change

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:hr-worker"
FIELDS = ("title", "description", "effective_date", "reduction_target")


def plan_view(plan: Restructuring) -> dict:
    return {
        "id": plan.id, "title": plan.title, "description": plan.description,
        "effective_date": plan.effective_date, "status": plan.status, "steps": plan.steps,
        "reduction_target": plan.reduction_target, "created_by": plan.created_by, "created_at": plan.created_at,
        "updated_at": plan.updated_at, "approved_by": plan.approved_by, "approved_at": plan.approved_at,
        "applied_by": plan.applied_by, "applied_at": plan.applied_at, "failure_reason": plan.failure_reason,
    }


def _get(uow, plan_id: int, lock: bool = False) -> Restructuring:
    plan = uow.plans.get(plan_id, lock=lock)
    if plan is None:
        raise NotFound(f"restructuring plan {plan_id} not found")
    return plan


def list_plans(uow, principal: Principal, *, status: str | None = None, limit: int = 50, cursor: str | None = None):
    require_plan_reader(principal)
    rows, next_cursor = uow.plans.page(status=status, limit=limit, cursor=cursor)
    return [plan_view(p) for p in rows], next_cursor


def get_plan(uow, principal: Principal, plan_id: int) -> dict:
    require_plan_reader(principal)
    return plan_view(_get(uow, plan_id))


def visible_unit(uow, principal: Principal, plan_id: int) -> None:
    """For a plan's attachments: the plan's board (none: a plan reshapes every board), once the
    caller may read it (NotFound for an unknown plan)."""
    require_plan_reader(principal)
    _get(uow, plan_id)
    return None


def may_attach(uow, principal: Principal, plan_id: int) -> None:
    """Who adds papers to a plan: the Office's HR and the leadership."""
    require_plan_actor(principal)


def create_plan(uow, principal: Principal, data: dict) -> dict:
    """A draft plan (office_hr)."""
    principal.require_role("office_hr")
    plan = uow.plans.add(Restructuring(
        title=data["title"], description=data.get("description"), effective_date=data["effective_date"],
        status="draft", steps=plans.normalize_steps(data.get("steps", [])),
        reduction_target=data.get("reduction_target"), created_by=principal.username))
    view = plan_view(plan)
    uow.commit()
    return view


def update_plan(uow, principal: Principal, plan_id: int, data: dict) -> dict:
    """Edit a plan (office_hr); an edited plan is a draft again and needs a new approval, never
    from whoever edited it."""
    principal.require_role("office_hr")
    plan = _get(uow, plan_id, lock=True)
    plans.ensure_editable(plan)
    steps = plans.normalize_steps(data["steps"]) if "steps" in data else plan.steps
    for key in FIELDS:
        if key in data:
            setattr(plan, key, data[key])
    plan.steps, plan.updated_at = steps, utcnow()
    plans.record_edit(plan, principal.username)
    view = plan_view(plan)
    uow.commit()
    return view


def _compare(uow, plan: Restructuring, before: Structure, after: Structure) -> tuple[dict, list]:
    """(the preview answer of `before` against `after`, the blocking breaches `after` makes worse)."""
    book = rulebook(uow)
    violations_before, violations_after = evaluate(before, book), evaluate(after, book)
    worse = made_worse(violations_before, violations_after)
    after_keys = {v.key for v in violations_after}
    target = plan.reduction_target if plan.reduction_target is not None else book.reduction_target
    answer = {
        "plan_id": plan.id, "effective_date": plan.effective_date, "status": plan.status,
        "before": staffing_table(before, book, violations=violations_before),
        "after": staffing_table(after, book, violations=violations_after),
        "violations": [v.as_dict() for v in violations_after],
        "new_violations": [v.as_dict() for v in worse],
        "resolved_violations": [v.as_dict() for v in violations_before if v.key not in after_keys],
        "summary": plans.summary(before, after, target),
    }
    return answer, worse


def _preview(uow, plan: Restructuring, before: Structure) -> tuple[dict, list, list[dict]]:
    """(the preview answer, the blocking breaches it makes worse, the steps)."""
    steps = plans.normalize_steps(plan.steps)
    answer, worse = _compare(uow, plan, before, plans.simulate(before, steps))
    return answer, worse, steps


def preview(uow, principal: Principal, plan_id: int) -> dict:
    """The staffing table before and after, every rule the result breaks, and the summary figures."""
    require_plan_reader(principal)
    plan = _get(uow, plan_id)
    plans.ensure_previewable(plan)
    return _preview(uow, plan, uow.structure.load())[0]


def approve(uow, principal: Principal, plan_id: int) -> dict:
    """Leadership approves the plan as it would apply to the structure now (409 when the result
    would make a blocking rule worse, 422 when a step cannot be made)."""
    principal.require_role("leadership")
    plan = _get(uow, plan_id, lock=True)
    no = plans.approval_refusal(principal, plan)
    if no is not None:
        raise no
    uow.structure.lock()
    before = uow.structure.load()
    _answer, worse, steps = _preview(uow, plan, before)
    if worse:
        raise refusal(worse, rule_sources(uow))
    plan.approved_fingerprint = plans.fingerprint(before, plans.touched(before, steps))
    plan.status, plan.approved_by, plan.approved_at, plan.failure_reason = "approved", principal.username, utcnow(), None
    plan.updated_at = utcnow()
    view = plan_view(plan)
    uow.commit()
    return view


def plan_document(uow, principal: Principal, plan_id: int) -> dict:
    """What the đề án says (hr.adapters.documents renders it once the unit of work is closed):
    the plan, its steps with the names they touch, the staffing tables before and after, the
    rules the result breaks with their source, the summary, and who signs. An applied plan is
    shown as it was applied: the day before its date against its date."""
    require_plan_reader(principal)
    plan = _get(uow, plan_id)
    if plan.status == "applied":
        before, after = uow.structure.load(plan.effective_date - dt.timedelta(days=1)), uow.structure.load(
            plan.effective_date)
    else:
        before = uow.structure.load()
        after = plans.simulate(before, plans.normalize_steps(plan.steps))
    answer, _worse = _compare(uow, plan, before, after)
    heads = uow.staff.by_ids(plans.office_heads(before))
    return {**answer, "plan": plan_view(plan), "steps": plans.normalize_steps(plan.steps),
            "unit_names": {code: unit.name for s in (after, before) for code, unit in s.units.items()},
            "positions": {p.id: {"title": p.title, "unit": p.unit, "quota": p.quota} for p in before.positions.values()},
            "sources": rule_sources(uow), "office_head": next((h.full_name for h in heads.values()), None),
            "approver": None}


def inbox(uow, principal: Principal) -> list[InboxItem]:
    """The drafts waiting for the caller's approval, asked exactly as the approval asks."""
    if not principal.has_role("leadership"):
        return []
    return [InboxItem(kind="restructuring", id=plan.id, unit=None, title=plan.title, requested_by=plan.created_by,
                      requested_at=plan.updated_at, actions=("approve",))
            for plan in uow.plans.with_status("draft") if plans.approval_refusal(principal, plan) is None]


def apply(uow, principal: Principal, plan_id: int, today: dt.date | None = None) -> dict:
    """Apply an approved plan: at once when its effective date has come, else it is scheduled
    and the worker applies it on that date."""
    principal.require_role("office_hr", "leadership")
    plan = _get(uow, plan_id, lock=True)
    if plans.due_now(plan, today or local_today()):
        _apply_now(uow, plan, principal.username)
    else:
        plan.status = "scheduled"
    plan.updated_at = utcnow()
    view = plan_view(plan)
    uow.commit()
    return view


def _apply_now(uow, plan: Restructuring, actor: str) -> None:
    uow.structure.lock()
    before = uow.structure.load()
    approved = plan.approved_fingerprint or {}
    plans.ensure_unchanged(plan.id, approved, plans.fingerprint(before, list(approved)))
    after = plans.simulate_approved(plan.id, before, plan.steps)
    book = rulebook(uow)
    worse = made_worse(evaluate(before, book), evaluate(after, book))
    if worse:
        raise refusal(worse, rule_sources(uow))
    record_change(uow, before, after, Stamp(plan.effective_date, actor, "restructuring", plan.id))
    plan.status, plan.applied_by, plan.applied_at, plan.failure_reason = "applied", actor, utcnow(), None


def apply_due_plans(database: Database, today: dt.date | None = None) -> list[tuple[int, str]]:
    """The worker's periodic job: apply every scheduled plan whose date has come. A plan that no
    longer fits is marked failed with the reason (office_hr edits it and has it approved again)."""
    today = today or local_today()
    with database.unit_of_work() as uow:
        due = uow.plans.due(today)
    outcomes = [(plan_id, _apply_due(database, plan_id)) for plan_id in due]
    return [(plan_id, outcome) for plan_id, outcome in outcomes if outcome != "skipped"]


def _apply_due(database: Database, plan_id: int) -> str:
    try:
        with database.unit_of_work() as uow:
            plan = _get(uow, plan_id, lock=True)
            if plan.status != "scheduled":
                return "skipped"  # applied by a user meanwhile
            _apply_now(uow, plan, SYSTEM_ACTOR)
            uow.commit()
        log.info("restructuring plan %s applied", plan_id)
        return "applied"
    except DomainError as exc:
        with database.unit_of_work() as uow:
            plan = _get(uow, plan_id, lock=True)
            if plan.status == "scheduled":
                plan.status, plan.failure_reason = "failed", exc.detail
                uow.commit()
        log.warning("restructuring plan %s could not be applied: %s", plan_id, exc.detail)
        return "failed"
