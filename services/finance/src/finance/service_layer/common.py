"""What every finance use case shares: roles, rule breaches as problems, the local calendar."""

from __future__ import annotations

import datetime as dt
import functools
from contextlib import contextmanager

from buildingblocks.errors import Conflict, Forbidden, Unprocessable
from sqlalchemy.exc import DBAPIError

from ..domain.errors import FinanceRuleBroken, InvalidRegulation

# Everyone who may ask for money for their board (the contract's REQUESTERS: not auditors, not admins).
REQUESTER_ROLES = ("staff", "unit_head", "leadership", "office_finance", "office_assets", "office_fleet", "office_hr")

# Vietnam has kept UTC+7 without daylight saving since 1975; a fixed offset needs no tz database.
LOCAL_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Asia/Ho_Chi_Minh of an aware datetime (fiscal years are local)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(LOCAL_TZ).date()


@contextmanager
def rules_as_problems():
    """Turn a broken domain rule into the 409 (or 422) the web layer renders, figures included."""
    try:
        yield
    except FinanceRuleBroken as broken:
        raise Conflict(broken.detail, rule=broken.rule, **broken.figures) from None
    except InvalidRegulation as invalid:
        raise Unprocessable(invalid.detail, errors=invalid.errors) from None


def require_requester(principal, unit: str) -> None:
    """A requester asks for their own board only, unless they hold finance's cross-unit scope."""
    principal.require_role(*REQUESTER_ROLES)
    if unit != principal.unit and not principal.has_role("office_finance"):
        raise Forbidden("you may only submit requests for your own unit")


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

