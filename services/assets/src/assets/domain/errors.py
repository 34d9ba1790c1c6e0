"""The assets service's own domain errors (on top of `buildingblocks.errors`, no HTTP in them)."""
from __future__ import annotations

from buildingblocks.errors import DomainError, Invalid, NotAllowed, NotFound, RuleBroken

__all__ = ["DomainError", "Invalid", "NotAllowed", "NotFound", "RuleBroken", "StandardsBreached",
           "StatusForbids"]


class StandardsBreached(Invalid):
    """A request (or what was actually paid) goes beyond the equipment standards: each breach
    named under its line, with its figures in `breaches`."""

    def __init__(self, detail: str, breaches: list, field_suffix: str = ""):
        errors: dict[str, list[str]] = {}
        for breach in breaches:
            errors.setdefault(f"lines.{breach.line}{field_suffix}", []).append(breach.message)
        super().__init__(detail, errors=errors, breaches=[b.as_dict() for b in breaches])


class StatusForbids(RuleBroken):
    """The record's status does not allow the action: `rule` names the record's status rule,
    `current_status` (and `allowed`, where known) say where it stands."""

    def __init__(self, detail: str, rule: str, current_status: str, allowed: list[str] | None = None):
        extra = {"current_status": current_status}
        if allowed is not None:
            extra["allowed"] = allowed
        super().__init__(detail, rule=rule, **extra)
