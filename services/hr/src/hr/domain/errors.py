"""HR's own domain errors (no HTTP in them: buildingblocks.web maps their parents to problems).

`InvalidChange` is an `Invalid` (422) naming the request field; `OutOfOrder` and
`StaffingRuleBroken` are `RuleBroken` (409) naming their rule with its figures.
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, RuleBroken


class InvalidChange(Invalid):
    """A change that cannot be made to the structure (unknown unit, cycle, unit not empty...).

    `errors` maps a request field to messages, as a 422 problem document shows them.
    """

    def __init__(self, detail: str, errors: dict | None = None, field: str | None = None):
        errors = errors if errors is not None else ({field: [detail]} if field else {})
        super().__init__(detail, errors=errors)
        self.errors = errors


class OutOfOrder(RuleBroken):
    """A dated change would start before the version (or appointment) now in force: history is
    not rewritten."""

    def __init__(self, detail: str, current_from: dt.date):
        super().__init__(detail, rule="history_order", current_from=current_from.isoformat())
        self.current_from = current_from


class StaffingRuleBroken(RuleBroken):
    """A change would make a blocking staffing rule worse (the first one named, every one listed)."""
