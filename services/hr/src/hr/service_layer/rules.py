"""The staffing rules in force: defaults from hr.config, changed by `office_hr`."""
from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import RuleSetting
from ..config import RULE_DEFAULTS
from ..domain.rules import RULE_SHAPES, RuleBook, check_rule_value

EDITABLE = ("value", "enabled", "source", "mark", "verified", "note")


def _describe(code: str, row: RuleSetting | None) -> dict:
    default = RULE_DEFAULTS[code]
    out = {
        "code": code, "title": default["title"], "blocking": RULE_SHAPES[code][0], "value": default["value"],
        "enabled": True, "source": default["source"], "mark": default["mark"], "verified": default["verified"],
        "note": default["note"], "default_value": default["value"], "updated_at": None, "updated_by": None,
    }
    if row is not None:
        out.update({key: getattr(row, key) for key in (*EDITABLE, "updated_at", "updated_by")})
    return out


def list_rules(uow) -> list[dict]:
    """Every rule with its value, source and evidence mark."""
    stored = uow.rules.stored()
    return [_describe(code, stored.get(code)) for code in RULE_DEFAULTS]


def get_rule(uow, code: str) -> dict:
    if code not in RULE_DEFAULTS:
        raise NotFound(f"no rule {code!r}")
    return _describe(code, uow.rules.get(code))


def rulebook(uow) -> RuleBook:
    """The rule values the domain decides with."""
    rules = list_rules(uow)
    return RuleBook(values={r["code"]: r["value"] for r in rules},
                    disabled=frozenset(r["code"] for r in rules if not r["enabled"]))


def rule_sources(uow) -> dict[str, dict]:
    return {r["code"]: {"source": r["source"], "mark": r["mark"]} for r in list_rules(uow)}


def change_rule(uow, principal: Principal, code: str, changes: dict) -> dict:
    """Change a rule's value, switch it on or off, or correct its source and mark (office_hr)."""
    principal.require_role("office_hr")
    current = get_rule(uow, code)
    if "value" in changes:
        changes = {**changes, "value": check_rule_value(code, changes["value"])}
    # Rules decide appointments: a rule changes between two appointments, never during one.
    uow.structure.lock()
    row = uow.rules.get(code) or uow.rules.add(RuleSetting(code=code, **{k: current[k] for k in EDITABLE}))
    for key in EDITABLE:
        if key in changes:
            setattr(row, key, changes[key])
    row.updated_at, row.updated_by = utcnow(), principal.username
    result = _describe(code, row)
    uow.commit()
    return result
