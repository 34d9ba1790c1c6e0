"""The fleet's own domain errors (no HTTP in them: buildingblocks.web maps their parents to problems).

`DispatchRuleBroken` and `WrongState` are `RuleBroken`: the current state forbids the action; each names
its rule with its figures.
"""
from __future__ import annotations

from typing import Any

from buildingblocks.errors import RuleBroken


class DispatchRuleBroken(RuleBroken):
    """Dispatch refused: `rule` names the first broken rule, `conflicts` lists every one of them."""

    def __init__(self, detail: str, conflicts: list[dict[str, Any]], rule: str | None = None, **figures: Any):
        rule = rule or (conflicts[0]["rule"] if conflicts else "no_feasible_pair")
        super().__init__(detail, rule=rule, conflicts=conflicts, **figures)
        self.rule = rule
        self.conflicts = conflicts


class WrongState(RuleBroken):
    """A booking's status does not allow the action (`current_status` says which it has)."""

    def __init__(self, status: str, action: str, allowed: tuple[str, ...], detail: str | None = None):
        detail = detail or f"a {status.replace('_', ' ')} booking cannot be {action} (only {', '.join(allowed)})"
        super().__init__(detail, rule="booking_state", booking_status=status, current_status=status)
