"""What several finance use cases share: who may ask for money, days as moments of office time,
and retrying a broken deadlock."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable

from buildingblocks.clock import OFFICE_TZ

from buildingblocks.errors import Invalid, NotAllowed
from buildingblocks.replica import is_active_unit
from sqlalchemy.exc import DBAPIError

from ..domain import fiscal_year

# Everyone who may ask for money for their board (the contract's REQUESTERS: not auditors, not admins).
REQUESTER_ROLES = ("staff", "unit_head", "leadership", "office_finance", "office_assets", "office_fleet", "office_hr")


def require_requester(principal, unit: str) -> None:
    """A requester asks for their own board only, unless they hold finance's cross-unit scope."""
    principal.require_role(*REQUESTER_ROLES)
    if unit != principal.unit and not principal.has_role("office_finance"):
        raise NotAllowed("you may only submit requests for your own unit")


def require_open_year(uow, year: int) -> None:
    """No new entry in a fiscal year that is closed or being closed (409 naming the rule and the year)."""
    fiscal_year.require_open(year, uow.closes.status_of(year))


def require_active_unit(row, code: str, field: str = "unit"):
    """The unit's replica row `row` (read with other facts; None when HR does not know it): 422 naming
    `field` when it is unknown or dissolved, as `replica.require_unit` says."""
    if row is None:
        raise Invalid(f"unknown unit {code!r}", errors={field: [f"unknown unit {code!r}"]})
    if not is_active_unit(row):
        raise Invalid(f"unit {code!r} is dissolved", errors={field: [f"unit {code!r} is dissolved"]})
    return row


def local_midnight(day: dt.date | None) -> dt.datetime | None:
    """The first moment of a day in the office's time zone."""
    return None if day is None else dt.datetime.combine(day, dt.time(), OFFICE_TZ)


def recorded_within(args: dict) -> dict:
    """The filter with its days `date_from`..`date_to` (both included) as the moments
    [`recorded_since`, `recorded_before`) of office time that a recorded entry is held to."""
    last = args.get("date_to")
    return {**args, "recorded_since": local_midnight(args.get("date_from")),
            "recorded_before": local_midnight(last + dt.timedelta(days=1)) if last else None}


def table_of(columns, records) -> tuple[list[str], Iterable[list]]:
    """(header, rows) of `records` for `buildingblocks.export`: a column is (attribute, Vietnamese label);
    a moment is shown in office time to the second. The rows are produced as they are read."""
    return [label for _, label in columns], ([_cell(getattr(r, key)) for key, _ in columns] for r in records)


def _cell(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(OFFICE_TZ).replace(tzinfo=None, microsecond=0)
    return value


def _is_lock_conflict(error: DBAPIError) -> bool:
    # 40P01 deadlock_detected, 40001 serialization_failure: both mean "try the transaction again".
    code = getattr(getattr(error, "orig", None), "sqlstate", None) or getattr(getattr(error, "orig", None), "pgcode", None)
    return code in {"40P01", "40001"}


def retry_on_lock_conflict(attempts: int = 3):
    """Run a use case again when PostgreSQL broke a deadlock by aborting it.

    Use cases that lock two budgets take them in id order, but the event consumer holds the
    locks of a whole batch of events until it commits, so a cycle stays possible; PostgreSQL
    detects it and aborts one side, and the aborted use case is simply run again.
    """

    def decorate(use_case):
        @functools.wraps(use_case)
        def run(*args, **kwargs):
            for attempt in range(attempts):
                try:
                    return use_case(*args, **kwargs)
                except DBAPIError as error:
                    if attempt == attempts - 1 or not _is_lock_conflict(error):
                        raise
                    args[0].rollback()  # the unit of work: start its transaction afresh
            raise AssertionError("unreachable")

        return run

    return decorate
