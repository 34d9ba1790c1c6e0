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
        "history": plan.history or [],
    }


def _happened(plan: Restructuring, action: str, by: str, staff_id: int | None = None, reason: str | None = None) -> None:
    """Stamp the plan as changed now and add `action` to its history."""
    plan.updated_at = utcnow()
    plans.note(plan, action, by, plan.updated_at, staff_id, reason)


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
    _happened(plan, "created", principal.username, principal.staff_id)
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
    plan.steps = steps
    plans.record_edit(plan, principal.username)
    _happened(plan, "edited", principal.username, principal.staff_id)
    view = plan_view(plan)
    uow.commit()
    return view


def _compare(uow, plan: Restructuring, before: Structure, after: Structure,
             as_of: dt.date | None = None) -> tuple[dict, list]:
    """(the preview answer of `before` against `after`, the blocking breaches `after` makes worse),
    judged by the rules in force on `as_of` (now when None)."""
    book = rulebook(uow, as_of)
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
    _ensure_decider(principal, plan)
    uow.structure.lock()
    before = uow.structure.load()
    _answer, worse, steps = _preview(uow, plan, before)
    if worse:
        raise refusal(worse, rule_sources(uow))
    plan.approved_fingerprint = plans.fingerprint(before, plans.touched(before, steps))
    plan.status, plan.approved_by, plan.approved_at, plan.failure_reason = "approved", principal.username, utcnow(), None
    _happened(plan, "approved", principal.username, principal.staff_id)
    view = plan_view(plan)
    uow.commit()
    return view


def _ensure_decider(principal: Principal, plan: Restructuring) -> None:
    no = plans.decision_refusal(principal, plan)
    if no is not None:
        raise no


def reject(uow, principal: Principal, plan_id: int, reason: str | None) -> dict:
    """Leadership turns a draft down, saying why (never a plan they drafted or edited)."""
    principal.require_role("leadership")
    reason = plans.rejection_reason(reason)
    plan = _get(uow, plan_id, lock=True)
    _ensure_decider(principal, plan)
    plan.status = "rejected"
    _happened(plan, "rejected", principal.username, principal.staff_id, reason)
    view = plan_view(plan)
    uow.commit()
    return view


def withdraw(uow, principal: Principal, plan_id: int, reason: str | None = None) -> dict:
    """The author withdraws their plan before it is applied."""
    principal.require_role("office_hr")
    plan = _get(uow, plan_id, lock=True)
    plans.ensure_withdrawable(principal, plan)
    plan.status = "withdrawn"
    _happened(plan, "withdrawn", principal.username, principal.staff_id, (reason or "").strip() or None)
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
    as_of = plan.effective_date if plan.status == "applied" else None
    if as_of is not None:
        before, after = uow.structure.load(as_of - dt.timedelta(days=1)), uow.structure.load(as_of)
    else:
        before = uow.structure.load()
        after = plans.simulate(before, plans.normalize_steps(plan.steps))
    answer, _worse = _compare(uow, plan, before, after, as_of)
    return {**answer, "plan": plan_view(plan), "steps": plans.normalize_steps(plan.steps),
            "unit_names": {code: unit.name for s in (after, before) for code, unit in s.units.items()},
            "positions": {p.id: {"title": p.title, "unit": p.unit, "quota": p.quota} for p in before.positions.values()},
            "sources": rule_sources(uow, as_of), "office_head": _name(uow, (plans.office_heads(before) or [None])[0]),
            "approver": _name(uow, plans.approver_staff_id(plan))}


def _name(uow, staff_id: int | None) -> str | None:
    record = uow.staff.get(staff_id) if staff_id is not None else None
    return record.full_name if record is not None else None


def inbox(uow, principal: Principal) -> list[InboxItem]:
    """The drafts waiting for the caller's approval, asked exactly as the approval asks."""
    if not principal.has_role("leadership"):
        return []
    return [InboxItem(kind="restructuring", id=plan.id, unit=None, title=plan.title, requested_by=plan.created_by,
                      requested_at=plan.updated_at, actions=("approve", "reject"))
            for plan in uow.plans.with_status("draft") if plans.decision_refusal(principal, plan) is None]


def apply(uow, principal: Principal, plan_id: int, today: dt.date | None = None) -> dict:
    """Apply an approved plan: at once when its effective date has come, else it is scheduled
    and the worker applies it on that date."""
    principal.require_role("office_hr", "leadership")
    plan = _get(uow, plan_id, lock=True)
    if plans.due_now(plan, today or local_today()):
        _apply_now(uow, plan, principal.username, principal.staff_id)
    else:
        plan.status = "scheduled"
        _happened(plan, "scheduled", principal.username, principal.staff_id)
    view = plan_view(plan)
    uow.commit()
    return view


def _apply_now(uow, plan: Restructuring, actor: str, staff_id: int | None = None) -> None:
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
    _happened(plan, "applied", actor, staff_id)


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
                _happened(plan, "failed", SYSTEM_ACTOR, reason=exc.detail)
                uow.commit()
        log.warning("restructuring plan %s could not be applied: %s", plan_id, exc.detail)
        return "failed"
