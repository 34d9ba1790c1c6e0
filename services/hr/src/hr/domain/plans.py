"""Restructuring plans [đề án]: steps, their simulation, what they touch, and the figures the
leadership asks for (positions centralized into the Office, departments and deputies removed,
headcount against the reduction target)."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from buildingblocks.errors import DomainError, Invalid, NotAllowed, RuleBroken
from buildingblocks.identity import Principal

from . import operations as ops
from .errors import InvalidChange
from .model import FAMILIES, KINDS, Structure

PLAN_STATUSES = ("draft", "approved", "scheduled", "applied", "failed", "rejected", "withdrawn")
# what may still be edited or withdrawn: anything not applied, rejected or withdrawn
EDITABLE = ("draft", "approved", "scheduled", "failed")
CLOSED = ("rejected", "withdrawn")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

_REQ, _OPT = True, False
STEP_FIELDS: dict[str, dict[str, tuple[type, bool]]] = {
    "create_unit": {"code": (str, _REQ), "name": (str, _REQ), "kind": (str, _REQ), "parent_code": (str, _OPT)},
    "rename_unit": {"code": (str, _REQ), "name": (str, _REQ)},
    "merge_units": {"from": (str, _REQ), "into": (str, _REQ)},
    "dissolve_unit": {"code": (str, _REQ), "successor_code": (str, _OPT)},
    "move_position": {"position_id": (int, _REQ), "to_unit": (str, _REQ), "with_holder": (bool, _OPT)},
    "set_quota": {"position_id": (int, _REQ), "quota": (int, _REQ)},
}
STEP_OPS = tuple(STEP_FIELDS)
MAX_STEPS = 500


def _step_error(index: int, message: str) -> InvalidChange:
    return InvalidChange(f"step {index}: {message}", errors={"steps": {str(index): [message]}})


def normalize_steps(raw: object) -> list[dict]:
    """The steps checked for shape (not against the structure) and in canonical form.

    `successor` is accepted for `successor_code`, and `with_holder` defaults to true.
    """
    if not isinstance(raw, list):
        raise InvalidChange("steps is a list", field="steps")
    if len(raw) > MAX_STEPS:
        raise InvalidChange(f"at most {MAX_STEPS} steps", field="steps")
    return [_normalize_step(index, step) for index, step in enumerate(raw)]


def _normalize_step(index: int, step: object) -> dict:
    if not isinstance(step, dict):
        raise _step_error(index, "a step is an object with an `op`")
    step = dict(step)
    op = step.get("op")
    if op not in STEP_FIELDS:
        raise _step_error(index, f"op must be one of {', '.join(STEP_OPS)}")
    if op == "dissolve_unit" and "successor" in step and "successor_code" not in step:
        step["successor_code"] = step.pop("successor")
    fields = STEP_FIELDS[op]
    unknown = sorted(set(step) - set(fields) - {"op"})
    if unknown:
        raise _step_error(index, f"unknown fields {unknown} for {op}")
    clean = {"op": op}
    for name, (kind, required) in fields.items():
        value = step.get(name)
        if value is None:
            if required:
                raise _step_error(index, f"{name} is required for {op}")
            continue
        clean[name] = _step_value(index, name, kind, value)
    if op == "create_unit" and clean["kind"] not in KINDS:
        raise _step_error(index, f"kind must be one of {', '.join(KINDS)}")
    if op == "set_quota" and clean["quota"] < 0:
        raise _step_error(index, "quota cannot be negative")
    if op == "move_position":
        clean.setdefault("with_holder", True)
    return clean


def _step_value(index: int, name: str, kind: type, value: object) -> object:
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31):
        raise _step_error(index, f"{name} must be a whole number from 0")
    if kind is bool and not isinstance(value, bool):
        raise _step_error(index, f"{name} must be true or false")
    if kind is not str:
        return value
    if not isinstance(value, str) or not value.strip():
        raise _step_error(index, f"{name} must be a non-empty string")
    value = value.strip()
    if "\x00" in value or not value.isprintable():
        raise _step_error(index, f"{name} contains characters that are not printable")
    if name != "name" and not CODE_PATTERN.match(value):
        raise _step_error(index, f"{name} is not a unit code")
    if name == "name" and len(value) > 200:
        raise _step_error(index, "name is at most 200 characters")
    return value


def apply_step(s: Structure, step: dict) -> None:
    """Make one (normalized) step on `s`."""
    op = step["op"]
    if op == "create_unit":
        ops.create_unit(s, step["code"], step["name"], step["kind"], step.get("parent_code"))
    elif op == "rename_unit":
        ops.change_unit(s, step["code"], name=step["name"])
    elif op == "merge_units":
        if step["from"] == step["into"]:
            raise InvalidChange("a unit cannot be merged into itself", field="into")
        ops.dissolve_unit(s, step["from"], successor=step["into"], field="from")
    elif op == "dissolve_unit":
        ops.dissolve_unit(s, step["code"], successor=step.get("successor_code"))
    elif op == "move_position":
        ops.change_position(s, step["position_id"], unit=step["to_unit"], with_holder=step["with_holder"])
    elif op == "set_quota":
        ops.change_position(s, step["position_id"], quota=step["quota"])


def simulate(before: Structure, steps: list[dict]) -> Structure:
    """The structure after every step; InvalidChange naming the first step that cannot be made."""
    after = before.copy()
    for index, step in enumerate(steps):
        try:
            apply_step(after, step)
        except InvalidChange as exc:
            raise _step_error(index, exc.detail) from None
    return after


# -- who decides ------------------------------------------------------------------------------------

def decision_refusal(principal: Principal, plan) -> DomainError | None:
    """Why `principal` may not approve or reject `plan` (an object with id, status, created_by,
    editors) now, or None when they may. The leadership decides a draft; nobody decides a plan
    they drafted or edited. The approval, the rejection and the inbox ask this same question."""
    if not principal.has_role("leadership"):
        return NotAllowed("restructuring plans are approved or rejected by the leadership")
    if plan.status != "draft":
        return RuleBroken(f"plan {plan.id} is {plan.status}; only a draft is decided", rule="plan_not_draft",
                          current_status=plan.status)
    if principal.username == plan.created_by:
        return NotAllowed("nobody decides their own plan", rule="own_request")
    if principal.username in (plan.editors or ()):
        return NotAllowed("whoever edited a plan may not decide it (it is their own plan too)", rule="own_edit")
    return None


def rejection_reason(reason: str | None) -> str:
    """A rejection says why: the reason is required and not blank."""
    if reason is None or not reason.strip():
        raise Invalid("a rejection needs its reason", errors={"reason": ["required"]})
    return reason.strip()


def ensure_withdrawable(principal: Principal, plan) -> None:
    """Only its author withdraws a plan, and only before it is applied (or closed)."""
    if principal.username != plan.created_by:
        raise NotAllowed("only the plan's author withdraws it", rule="not_author")
    ensure_editable(plan)


def note(plan, action: str, by: str, at: dt.datetime, staff_id: int | None = None, reason: str | None = None) -> None:
    """Add what happened to the plan's history (oldest first)."""
    entry = {"action": action, "by": by, "staff_id": staff_id, "at": at.isoformat(), "reason": reason}
    plan.history = [*(plan.history or []), entry]


def approver_staff_id(plan) -> int | None:
    """The staff id of the leader whose approval is in force (None while the plan is not approved)."""
    if plan.status not in ("approved", "scheduled", "applied", "failed"):
        return None
    approvals = [e for e in (plan.history or []) if e["action"] == "approved"]
    return approvals[-1]["staff_id"] if approvals else None


def record_edit(plan, username: str) -> None:
    """An edited plan is a draft again, and whoever edited it joins those who may not approve it."""
    plan.status = "draft"
    plan.approved_by = plan.approved_at = plan.approved_fingerprint = plan.failure_reason = None
    if username != plan.created_by and username not in (plan.editors or []):
        plan.editors = [*(plan.editors or []), username]


def ensure_editable(plan) -> None:
    if plan.status in CLOSED:
        raise RuleBroken(f"plan {plan.id} is {plan.status} and can no longer be changed", rule="plan_closed",
                         status=plan.status)
    if plan.status not in EDITABLE:
        raise RuleBroken(f"plan {plan.id} is {plan.status} and can no longer be changed", rule="plan_applied",
                         status=plan.status)


def ensure_previewable(plan) -> None:
    if plan.status == "applied":
        raise RuleBroken(f"plan {plan.id} was applied on {plan.effective_date}; compare the staffing table "
                         "as_of the day before and the day of it", rule="plan_applied", status=plan.status)


def due_now(plan, today: dt.date) -> bool:
    """Whether an approved plan applies at once (its date has come) or is to be scheduled;
    refused when it is not approved, already applied or already scheduled."""
    if plan.status == "applied":
        raise RuleBroken(f"plan {plan.id} was already applied", rule="plan_applied", status=plan.status)
    if plan.status in CLOSED:
        raise RuleBroken(f"plan {plan.id} is {plan.status}", rule="plan_closed", status=plan.status)
    if plan.status not in ("approved", "scheduled"):
        raise RuleBroken(f"plan {plan.id} is {plan.status}; it must be approved by the leadership first",
                         rule="plan_not_approved", status=plan.status)
    if plan.effective_date <= today:
        return True
    if plan.status == "scheduled":
        raise RuleBroken(f"plan {plan.id} is already scheduled for {plan.effective_date}",
                         rule="plan_not_due", effective_date=plan.effective_date.isoformat())
    return False


def ensure_unchanged(plan_id: int, approved: dict[str, str], now: dict[str, str]) -> None:
    """Refuse to apply a plan when the part of the structure it touches changed since approval."""
    changes = changes_since(approved, now)
    if changes:
        raise RuleBroken(
            f"the structure changed since plan {plan_id} was previewed and approved: "
            + "; ".join(f"{c['part']} was {c['approved']!r}, is {c['now']!r}" for c in changes)
            + ". Edit the plan (it becomes a draft), preview it again and have it approved.",
            rule="plan_outdated", changes=changes)


def simulate_approved(plan_id: int, before: Structure, raw_steps: object) -> Structure:
    """`simulate`, for a plan already approved: a step that no longer fits makes it outdated."""
    try:
        return simulate(before, normalize_steps(raw_steps))
    except InvalidChange as exc:
        raise RuleBroken(f"plan {plan_id} no longer fits the structure: {exc.detail}", rule="plan_outdated",
                         errors=exc.errors) from None


# -- what a plan touches, to tell whether the structure changed under it --------------------------

def touched(s: Structure, steps: list[dict]) -> list[str]:
    """The keys of the parts of `s` the steps read or change (see `fingerprint`)."""
    keys: set[str] = set()
    for step in steps:
        for name in ("code", "from", "into", "successor_code", "parent_code", "to_unit"):
            if step.get(name):
                keys.add(f"unit:{step[name]}")
        for name in ("code", "from"):
            if step["op"] in ("merge_units", "dissolve_unit") and step.get(name):
                code = step[name]
                keys.update({f"children:{code}", f"positions_of:{code}", f"unassigned:{code}"})
                for position in s.positions_of(code):
                    keys.update({f"position:{position.id}", f"holders:{position.id}"})
        if "position_id" in step:
            keys.update({f"position:{step['position_id']}", f"holders:{step['position_id']}"})
    return sorted(keys)


def fingerprint(s: Structure, keys: list[str]) -> dict[str, str]:
    """key -> a text standing for that part of the structure now."""
    out = {}
    for key in keys:
        what, _, ident = key.partition(":")
        if what == "unit":
            u = s.units.get(ident)
            out[key] = "absent" if u is None else f"{u.name}|{u.kind}|{u.parent_code or ''}"
        elif what == "children":
            out[key] = ",".join(c.code for c in s.children(ident))
        elif what == "positions_of":
            out[key] = ",".join(str(p.id) for p in s.positions_of(ident))
        elif what == "unassigned":
            out[key] = ",".join(str(p.staff_id) for p in sorted(s.placements.values(), key=lambda p: p.staff_id)
                                if p.position_id is None and p.unit == ident)
        elif what == "position":
            p = s.positions.get(int(ident))
            out[key] = "absent" if p is None else f"{p.unit}|{p.title}|{p.rank}|{p.family}|{p.quota}|{p.is_driver}"
        elif what == "holders":
            out[key] = ",".join(str(i) for i in s.holders(int(ident)))
    return out


def changes_since(approved: dict[str, str], now: dict[str, str]) -> list[dict]:
    """What differs between the fingerprint taken at approval and the one taken now."""
    return [
        {"part": key, "approved": approved.get(key), "now": now.get(key)}
        for key in sorted(set(approved) | set(now))
        if approved.get(key) != now.get(key)
    ]


def office_heads(s: Structure) -> list[int]:
    """The staff who hold the head post of the Office (the Chánh Văn phòng who signs a đề án)."""
    return [staff_id for code, unit in sorted(s.units.items()) if unit.kind == "office"
            for position in s.positions_of(code) if position.rank == "head" for staff_id in s.holders(position.id)]


# -- the figures the leadership asks for ----------------------------------------------------------

@dataclass(frozen=True)
class _Side:
    posts: int
    staff: int
    filled: int
    unassigned: int
    deputy_posts: int
    deputies: int


def _side(s: Structure) -> _Side:
    counts = s.holder_counts()
    deputy_positions = [p for p in s.positions.values() if p.rank == "deputy"]
    return _Side(
        posts=sum(p.quota for p in s.positions.values()),
        staff=len(s.placements),
        filled=sum(counts.get(p.id, 0) for p in s.positions.values()),
        unassigned=sum(1 for p in s.placements.values() if p.position_id is None),
        deputy_posts=sum(p.quota for p in deputy_positions),
        deputies=sum(counts.get(p.id, 0) for p in deputy_positions),
    )


def summary(before: Structure, after: Structure, target_share: float) -> dict:
    """Positions centralized into the Office by family, departments and deputies removed,
    headcount before and after against the reduction target, units and staff affected."""
    b, a = _side(before), _side(after)
    departments_before = {c for c, u in before.units.items() if u.kind == "department"}
    departments_after = {c for c, u in after.units.items() if u.kind == "department"}
    return {
        "centralized_into_office": _centralized(before, after),
        "departments": {
            "before": len(departments_before), "after": len(departments_after),
            "removed": sorted(departments_before - departments_after),
            "created": sorted(departments_after - departments_before),
        },
        "deputies": {
            "posts_before": b.deputy_posts, "posts_after": a.deputy_posts,
            "posts_removed": b.deputy_posts - a.deputy_posts, "filled_before": b.deputies, "filled_after": a.deputies,
        },
        "headcount": {
            "posts_before": b.posts, "posts_after": a.posts, "staff_before": b.staff, "staff_after": a.staff,
            "filled_before": b.filled, "filled_after": a.filled, "unassigned_after": a.unassigned,
        },
        "reduction": _reduction(b.posts, a.posts, target_share),
        "units": {
            "created": sorted(set(after.units) - set(before.units)),
            "dissolved": [{"code": code, "successor_code": after.dissolved.get(code)}
                          for code in sorted(set(before.units) - set(after.units))],
            "changed": sorted(c for c in set(before.units) & set(after.units) if before.units[c] != after.units[c]),
        },
        "staff": _staff_moves(before, after),
    }


def _centralized(before: Structure, after: Structure) -> dict:
    """Positions that now belong to the Office and did not before, by family."""
    counts = after.holder_counts()

    def office_kind(s: Structure, unit_code: str) -> bool:
        return s.units[s.agency_of(unit_code)].kind == "office"

    centralized = {family: {"positions": 0, "posts": 0, "staff": 0} for family in FAMILIES}
    ids = []
    for position in sorted(after.positions.values(), key=lambda p: p.id):
        old = before.positions.get(position.id)
        if office_kind(after, position.unit) and (old is None or not office_kind(before, old.unit)):
            entry = centralized.setdefault(position.family, {"positions": 0, "posts": 0, "staff": 0})
            entry["positions"] += 1
            entry["posts"] += position.quota
            entry["staff"] += counts.get(position.id, 0)
            ids.append(position.id)
    return {"by_family": centralized, **{k: sum(e[k] for e in centralized.values()) for k in ("positions", "posts",
                                                                                           "staff")},
            "position_ids": ids}


def _reduction(posts_before: int, posts_after: int, target_share: float) -> dict:
    reduced = posts_before - posts_after
    target_posts = math.ceil(target_share * posts_before - 1e-9)
    return {"target_share": target_share, "target_posts": target_posts, "posts_reduced": reduced,
            "achieved_share": round(reduced / posts_before, 4) if posts_before else 0.0,
            "meets_target": reduced >= target_posts}


def _staff_moves(before: Structure, after: Structure) -> dict:
    both = sorted(set(before.placements) & set(after.placements))
    return {
        "transferred": [{"staff_id": sid, "from": before.placements[sid].unit, "to": after.placements[sid].unit}
                        for sid in both if before.placements[sid].unit != after.placements[sid].unit],
        "losing_position": [sid for sid in both if before.placements[sid].position_id is not None
                            and after.placements[sid].position_id is None],
    }
