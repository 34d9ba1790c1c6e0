"""The staffing rules in force: defaults from hr.config, changed by `office_hr`."""
from __future__ import annotations

from sqlalchemy import select

from buildingblocks.db import utcnow
from buildingblocks.errors import NotFound, Unprocessable
from buildingblocks.identity import Principal

from ..adapters.orm import RuleSetting
from ..adapters.repository import lock_structure
from ..config import RULE_DEFAULTS
from ..domain.model import InvalidChange
from ..domain.rules import RULE_SHAPES, RuleBook, check_rule_value


def _describe(code: str, row: RuleSetting | None) -> dict:
    default = RULE_DEFAULTS[code]
    out = {
        "code": code,
        "title": default["title"],
        "blocking": RULE_SHAPES[code][0],
        "value": default["value"],
        "enabled": True,
        "source": default["source"],
        "mark": default["mark"],
        "verified": default["verified"],
        "note": default["note"],
        "default_value": default["value"],
        "updated_at": None,
        "updated_by": None,
    }
    if row is not None:
        out.update(value=row.value, enabled=row.enabled, source=row.source, mark=row.mark, verified=row.verified,
                   note=row.note, updated_at=row.updated_at, updated_by=row.updated_by)
    return out


def list_rules(session) -> list[dict]:
    """Every rule with its value, source and evidence mark."""
    rows = {row.code: row for row in session.scalars(select(RuleSetting))}
    return [_describe(code, rows.get(code)) for code in RULE_DEFAULTS]


def rulebook(session) -> RuleBook:
    """The rule values the domain decides with."""
    rules = list_rules(session)
    return RuleBook(values={r["code"]: r["value"] for r in rules},
                    disabled=frozenset(r["code"] for r in rules if not r["enabled"]))


def rule_sources(session) -> dict[str, dict]:
    return {r["code"]: {"source": r["source"], "mark": r["mark"]} for r in list_rules(session)}


def change_rule(uow, principal: Principal, code: str, changes: dict) -> dict:
    """Change a rule's value, switch it on or off, or correct its source and mark (office_hr)."""
    principal.require_role("office_hr")
    if code not in RULE_DEFAULTS:
        raise NotFound(f"no rule {code!r}")
    session = uow.session
    # Rules decide appointments: a rule changes between two appointments, never during one.
    lock_structure(session)
    row = session.get(RuleSetting, code)
    current = _describe(code, row)
    if "value" in changes:
        try:
            changes["value"] = check_rule_value(code, changes["value"])
        except InvalidChange as exc:
            raise Unprocessable(exc.detail, errors=exc.errors) from None
    if row is None:
        row = RuleSetting(code=code, value=current["value"], enabled=current["enabled"], source=current["source"],
                          mark=current["mark"], verified=current["verified"], note=current["note"])
        session.add(row)
    for key in ("value", "enabled", "source", "mark", "verified", "note"):
        if key in changes:
            setattr(row, key, changes[key])
    row.updated_at = utcnow()
    row.updated_by = principal.username
    session.flush()
    result = _describe(code, row)
    uow.commit()
    return result
