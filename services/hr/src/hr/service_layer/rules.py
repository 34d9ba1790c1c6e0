"""The staffing rules with their history: defaults from hr.config, dated versions added by `office_hr`.

A change of a rule adds a version from its `effective_date` (today by default, never in the
future, never before the version in force: 409 `history_order`). The first change of a rule
first writes its default as the version from the day HR's history starts (the oldest unit
version), so the history is whole. A date is judged by the versions in force on it; a rule with
no version on that date keeps its default.
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import RuleVersion
from ..config import RULE_DEFAULTS
from ..domain.access import effective_or_today
from ..domain.rules import RULE_SHAPES, RuleBook, check_rule_value

EDITABLE = ("value", "enabled", "source", "mark", "verified", "note")


def _describe(code: str, row: RuleVersion | None) -> dict:
    default = RULE_DEFAULTS[code]
    out = {
        "code": code, "title": default["title"], "blocking": RULE_SHAPES[code][0], "value": default["value"],
        "enabled": True, "source": default["source"], "mark": default["mark"], "verified": default["verified"],
        "note": default["note"], "default_value": default["value"], "updated_at": None, "updated_by": None,
        "valid_from": None, "valid_to": None,
    }
    if row is not None:
        out.update({key: getattr(row, key) for key in (*EDITABLE, "valid_from", "valid_to")},
                   updated_at=row.recorded_at, updated_by=row.recorded_by)
    return out


def _known(code: str) -> None:
    if code not in RULE_DEFAULTS:
        raise NotFound(f"no rule {code!r}")


def list_rules(uow, as_of: dt.date | None = None) -> list[dict]:
    """Every rule in force (on `as_of`) with its value, source and evidence mark."""
    in_force = uow.rules.in_force_on(as_of)
    return [_describe(code, in_force.get(code)) for code in RULE_DEFAULTS]


def get_rule(uow, code: str, as_of: dt.date | None = None) -> dict:
    _known(code)
    return _describe(code, uow.rules.in_force_on(as_of).get(code))


def rule_history(uow, code: str) -> list[dict]:
    """Every version of a rule, oldest first (its default from the start of HR's history while
    it was never changed)."""
    _known(code)
    versions = [_describe(code, row) for row in uow.rules.history(code)]
    return versions or [{**_describe(code, None), "valid_from": uow.units.earliest()}]


def rulebook(uow, as_of: dt.date | None = None) -> RuleBook:
    """The rule values the domain decides with, as in force on `as_of` (now when None)."""
    rules = list_rules(uow, as_of)
    return RuleBook(values={r["code"]: r["value"] for r in rules},
                    disabled=frozenset(r["code"] for r in rules if not r["enabled"]))


def rule_sources(uow, as_of: dt.date | None = None) -> dict[str, dict]:
    return {r["code"]: {"source": r["source"], "mark": r["mark"]} for r in list_rules(uow, as_of)}


def change_rule(uow, principal: Principal, code: str, changes: dict) -> dict:
    """A new version of a rule from `effective_date`: its value, switched on or off, or its
    source and mark corrected (office_hr)."""
    principal.require_role("office_hr")
    _known(code)
    day = effective_or_today(changes.get("effective_date"), local_today())
    values = {key: changes[key] for key in EDITABLE if key in changes}
    if "value" in values:
        values["value"] = check_rule_value(code, values["value"])
    # Rules decide appointments: a rule changes between two appointments, never during one.
    uow.structure.lock()
    current = uow.rules.current(code) or _first_version(uow, code, day)
    row = uow.rules.new_version(current, day, f"rule {code}", **values, recorded_by=principal.username)
    row.recorded_at = utcnow()
    result = _describe(code, row)
    uow.commit()
    return result


def _first_version(uow, code: str, day: dt.date) -> RuleVersion:
    """The rule's default written as its first version, from the start of HR's history."""
    default = RULE_DEFAULTS[code]
    start = min(uow.units.earliest() or day, day)
    return uow.rules.add_version(code=code, valid_from=start, enabled=True, recorded_by=None,
                                 **{key: default[key] for key in EDITABLE if key != "enabled"})
