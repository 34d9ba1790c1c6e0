"""What several finance use cases share: who may ask for money, and retrying a broken deadlock."""

from __future__ import annotations

import functools

from buildingblocks.errors import NotAllowed
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
