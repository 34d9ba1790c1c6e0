"""The life of a booking: requested -> approved -> dispatched -> in progress -> completed,
or rejected / cancelled on the way."""
from __future__ import annotations

import datetime as dt

REQUESTED = "requested"
APPROVED = "approved"
REJECTED = "rejected"
DISPATCHED = "dispatched"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANCELLED = "cancelled"

STATUSES = (REQUESTED, APPROVED, REJECTED, DISPATCHED, IN_PROGRESS, COMPLETED, CANCELLED)
# statuses that hold a vehicle and a driver (the exclusion constraint's WHERE clause)
HOLDING = (DISPATCHED, IN_PROGRESS)
# a booking that still asks for a car: what a dissolved board's successor inherits
OPEN = (REQUESTED, APPROVED, DISPATCHED, IN_PROGRESS)
# demand: everything asked for and not turned down or withdrawn
DEMAND = (REQUESTED, APPROVED, DISPATCHED, IN_PROGRESS, COMPLETED)
CANCELLABLE = (REQUESTED, APPROVED, DISPATCHED)
DISPATCHABLE = (APPROVED, DISPATCHED)
COMPLETABLE = (DISPATCHED, IN_PROGRESS)


def validate_interval(start: dt.datetime, end: dt.datetime, now: dt.datetime,
                      max_days: int) -> dict[str, list[str]]:
    """Field errors of a booking's interval: it ends after it starts, in the future, not too long."""
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end_at"] = ["must be after start_at"]
    elif end - start > dt.timedelta(days=max_days):
        errors["end_at"] = [f"a booking lasts at most {max_days} days"]
    if end <= now:
        errors.setdefault("end_at", []).append("is in the past")
    return errors


def wrong_state(status: str, action: str, allowed: tuple[str, ...]) -> str:
    """The sentence of a 409 for an action the booking's state does not allow."""
    return f"a {status.replace('_', ' ')} booking cannot be {action} (only {', '.join(allowed)})"
