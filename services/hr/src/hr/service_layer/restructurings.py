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

from sqlalchemy import select

from buildingblocks.db import Database, utcnow
from buildingblocks.errors import Conflict, Forbidden, NotFound, ProblemError, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.inbox import InboxItem
from buildingblocks.pagination import paginate

from ..adapters import repository as repo
from ..adapters.orm import Restructuring
from ..config import SERVICE
from ..domain import plans
from ..domain.model import InvalidChange, Structure
from ..domain.rules import evaluate, made_worse
from ..domain.staffing import staffing_table
from .common import domain_errors, local_today, rule_conflict
from .rules import rule_sources, rulebook
from .writer import Stamp, record_change

log = logging.getLogger(__name__)

EDITABLE = ("draft", "approved", "scheduled", "failed")
SYSTEM_ACTOR = "system:hr-worker"


def plan_view(plan: Restructuring) -> dict:
    return {
        "id": plan.id, "title": plan.title, "description": plan.description,
        "effective_date": plan.effective_date, "status": plan.status, "steps": plan.steps,
        "reduction_target": plan.reduction_target, "created_by": plan.created_by, "created_at": plan.created_at,
        "updated_at": plan.updated_at, "approved_by": plan.approved_by, "approved_at": plan.approved_at,
        "applied_by": plan.applied_by, "applied_at": plan.applied_at, "failure_reason": plan.failure_reason,
    }


def _require_reader(principal: Principal) -> None:
    # Plans reshape every board: the Office's HR, the leadership and the auditors read them.
    if not principal.has_scope(SERVICE):
        raise Forbidden("restructuring plans are read by office_hr, leadership and auditors")


def _get(session, plan_id: int, lock: bool = False) -> Restructuring:
    stmt = select(Restructuring).where(Restructuring.id == plan_id)
    if lock:
        stmt = stmt.with_for_update()
    plan = session.scalar(stmt)
    if plan is None:
        raise NotFound(f"restructuring plan {plan_id} not found")
    return plan


def _steps(raw) -> list[dict]:
    try:
        return plans.normalize_steps(raw)
    except InvalidChange as exc:
        raise Unprocessable(exc.detail, errors=exc.errors) from None


def list_plans(uow, principal: Principal, *, status: str | None = None, limit: int = 50, cursor: str | None = None):
    _require_reader(principal)
    stmt = select(Restructuring)
    if status:
        stmt = stmt.where(Restructuring.status == status)
    rows, next_cursor = paginate(uow.session, stmt, Restructuring.id, limit, cursor)
    return [plan_view(p) for p in rows], next_cursor


def get_plan(uow, principal: Principal, plan_id: int) -> dict:
    _require_reader(principal)
    return plan_view(_get(uow.session, plan_id))


def create_plan(uow, principal: Principal, data: dict) -> dict:
    """A draft plan (office_hr)."""
    principal.require_role("office_hr")
    plan = Restructuring(title=data["title"], description=data.get("description"),
                         effective_date=data["effective_date"], status="draft", steps=_steps(data.get("steps", [])),
                         reduction_target=data.get("reduction_target"), created_by=principal.username)
    uow.session.add(plan)
    uow.session.flush()
    view = plan_view(plan)
    uow.commit()
    return view


def update_plan(uow, principal: Principal, plan_id: int, data: dict) -> dict:
    """Edit a plan (office_hr); an edited plan is a draft again and needs a new approval, never
    from whoever edited it."""
    principal.require_role("office_hr")
    plan = _get(uow.session, plan_id, lock=True)
    if plan.status not in EDITABLE:
        raise Conflict(f"plan {plan_id} is {plan.status} and can no longer be changed", rule="plan_applied",
                       status=plan.status)
    for key in ("title", "description", "effective_date", "reduction_target"):
        if key in data:
            setattr(plan, key, data[key])
    if "steps" in data:
        plan.steps = _steps(data["steps"])
    plan.status = "draft"
    plan.approved_by = plan.approved_at = plan.approved_fingerprint = plan.failure_reason = None
    if principal.username != plan.created_by and principal.username not in (plan.editors or []):
        plan.editors = [*(plan.editors or []), principal.username]
    uow.session.flush()
    view = plan_view(plan)
    uow.commit()
    return view


def _preview(session, plan: Restructuring, before: Structure) -> dict:
    book = rulebook(session)
    steps = plans.normalize_steps(plan.steps)
    after = plans.simulate(before, steps)
    violations_before, violations_after = evaluate(before, book), evaluate(after, book)
    worse = made_worse(violations_before, violations_after)
    after_keys = {v.key for v in violations_after}
    target = plan.reduction_target if plan.reduction_target is not None else book.reduction_target
    return {
        "plan_id": plan.id,
        "effective_date": plan.effective_date,
        "status": plan.status,
        "before": staffing_table(before, book, violations=violations_before),
        "after": staffing_table(after, book, violations=violations_after),
        "violations": [v.as_dict() for v in violations_after],
        "new_violations": [v.as_dict() for v in worse],
        "resolved_violations": [v.as_dict() for v in violations_before if v.key not in after_keys],
        "summary": plans.summary(before, after, target),
        "_worse": worse,
        "_after": after,
        "_steps": steps,
    }


def _public(preview: dict) -> dict:
    return {k: v for k, v in preview.items() if not k.startswith("_")}


def preview(uow, principal: Principal, plan_id: int) -> dict:
    """The staffing table before and after, every rule the result breaks, and the summary figures."""
    _require_reader(principal)
    session = uow.session
    plan = _get(session, plan_id)
    if plan.status == "applied":
        raise Conflict(f"plan {plan_id} was applied on {plan.effective_date}; compare the staffing table "
                       "as_of the day before and the day of it", rule="plan_applied", status=plan.status)
    with domain_errors():
        return _public(_preview(session, plan, repo.load_structure(session)))


def approve(uow, principal: Principal, plan_id: int) -> dict:
    """Leadership approves the plan as it would apply to the structure now (409 when the result
    would make a blocking rule worse, 422 when a step cannot be made)."""
    principal.require_role("leadership")
    session = uow.session
    plan = _get(session, plan_id, lock=True)
    refusal = plans.approval_refusal(principal, plan)
    if refusal is not None:
        raise refusal
    repo.lock_structure(session)
    before = repo.load_structure(session)
    with domain_errors():
        result = _preview(session, plan, before)
    if result["_worse"]:
        raise rule_conflict(result["_worse"], rule_sources(session))
    plan.approved_fingerprint = plans.fingerprint(before, plans.touched(before, result["_steps"]))
    plan.status, plan.approved_by, plan.approved_at, plan.failure_reason = "approved", principal.username, utcnow(), None
    session.flush()
    view = plan_view(plan)
    uow.commit()
    return view


def inbox(uow, principal: Principal) -> list[InboxItem]:
    """The drafts waiting for the caller's approval, asked exactly as the approval asks."""
    if not principal.has_role("leadership"):
        return []
    drafts = uow.session.scalars(select(Restructuring).where(Restructuring.status == "draft")
                                 .order_by(Restructuring.id))
    return [InboxItem(kind="restructuring", id=plan.id, unit=None, title=plan.title, requested_by=plan.created_by,
                      requested_at=plan.updated_at, actions=("approve",))
            for plan in drafts if plans.approval_refusal(principal, plan) is None]


def apply(uow, principal: Principal, plan_id: int, today: dt.date | None = None) -> dict:
    """Apply an approved plan: at once when its effective date has come, else it is scheduled
    and the worker applies it on that date."""
    principal.require_role("office_hr", "leadership")
    session = uow.session
    plan = _get(session, plan_id, lock=True)
    today = today or local_today()
    if plan.status == "applied":
        raise Conflict(f"plan {plan_id} was already applied", rule="plan_applied", status=plan.status)
    if plan.status not in ("approved", "scheduled"):
        raise Conflict(f"plan {plan_id} is {plan.status}; it must be approved by the leadership first",
                       rule="plan_not_approved", status=plan.status)
    if plan.effective_date > today:
        if plan.status == "scheduled":
            raise Conflict(f"plan {plan_id} is already scheduled for {plan.effective_date}",
                           rule="plan_not_due", effective_date=plan.effective_date.isoformat())
        plan.status = "scheduled"
    else:
        _apply_now(uow, plan, principal.username)
    session.flush()
    view = plan_view(plan)
    uow.commit()
    return view


def _apply_now(uow, plan: Restructuring, actor: str) -> None:
    session = uow.session
    repo.lock_structure(session)
    before = repo.load_structure(session)
    approved = plan.approved_fingerprint or {}
    changes = plans.changes_since(approved, plans.fingerprint(before, list(approved)))
    if changes:
        raise Conflict(
            f"the structure changed since plan {plan.id} was previewed and approved: "
            + "; ".join(f"{c['part']} was {c['approved']!r}, is {c['now']!r}" for c in changes)
            + ". Edit the plan (it becomes a draft), preview it again and have it approved.",
            rule="plan_outdated", changes=changes)
    with domain_errors():
        try:
            result = _preview(session, plan, before)
        except InvalidChange as exc:
            raise Conflict(f"plan {plan.id} no longer fits the structure: {exc.detail}", rule="plan_outdated",
                           errors=exc.errors) from None
        if result["_worse"]:
            raise rule_conflict(result["_worse"], rule_sources(session))
        record_change(uow, before, result["_after"], Stamp(plan.effective_date, actor, "restructuring", plan.id))
    plan.status, plan.applied_by, plan.applied_at, plan.failure_reason = "applied", actor, utcnow(), None


def apply_due_plans(database: Database, today: dt.date | None = None) -> list[tuple[int, str]]:
    """The worker's periodic job: apply every scheduled plan whose date has come. A plan that no
    longer fits is marked failed with the reason (office_hr edits it and has it approved again)."""
    today = today or local_today()
    with database.unit_of_work() as uow:
        due = list(uow.session.scalars(select(Restructuring.id).where(
            Restructuring.status == "scheduled", Restructuring.effective_date <= today).order_by(Restructuring.id)))
    outcomes = []
    for plan_id in due:
        try:
            with database.unit_of_work() as uow:
                plan = _get(uow.session, plan_id, lock=True)
                if plan.status != "scheduled":
                    continue  # applied by a user meanwhile
                _apply_now(uow, plan, SYSTEM_ACTOR)
                uow.commit()
            outcomes.append((plan_id, "applied"))
            log.info("restructuring plan %s applied", plan_id)
        except ProblemError as exc:
            with database.unit_of_work() as uow:
                plan = _get(uow.session, plan_id, lock=True)
                if plan.status == "scheduled":
                    plan.status, plan.failure_reason = "failed", exc.detail
                    uow.commit()
            outcomes.append((plan_id, "failed"))
            log.warning("restructuring plan %s could not be applied: %s", plan_id, exc.detail)
    return outcomes
