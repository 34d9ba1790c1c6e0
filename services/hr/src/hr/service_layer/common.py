"""What every HR use case shares: the local date, turning domain refusals into problem documents,
and the one path every structure change takes (lock, change a copy, check the rules, write)."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, TypeVar

from buildingblocks.errors import Conflict, Forbidden, Unprocessable
from buildingblocks.identity import Principal

from ..adapters import repository as repo
from ..config import LOCAL_UTC_OFFSET_HOURS, SERVICE
from ..domain.model import InvalidChange, Structure
from ..domain.rules import Violation, evaluate, made_worse
from .rules import rule_sources, rulebook
from .writer import Stamp, record_change

T = TypeVar("T")
LOCAL_TZ = dt.timezone(dt.timedelta(hours=LOCAL_UTC_OFFSET_HOURS), "Asia/Ho_Chi_Minh")


def local_today() -> dt.date:
    """Today in Asia/Ho_Chi_Minh (the contract's business dates)."""
    return dt.datetime.now(LOCAL_TZ).date()


def effective_or_today(value: dt.date | None, field: str = "effective_date") -> dt.date:
    """A change's date: today by default, never in the future (future changes are restructuring plans)."""
    today = local_today()
    if value is None:
        return today
    if value > today:
        raise Unprocessable(f"{field} {value} is in the future; plan future changes in a restructuring plan",
                            errors={field: ["must not be in the future"]})
    return value


@contextmanager
def domain_errors():
    """InvalidChange -> 422 with field errors; a change dated before history -> 409."""
    try:
        yield
    except InvalidChange as exc:
        raise Unprocessable(exc.detail, errors=exc.errors) from None
    except repo.OutOfOrder as exc:
        raise Conflict(exc.detail, rule="history_order", current_from=exc.current_from.isoformat()) from None


def rule_conflict(worse: list[Violation], sources: dict[str, dict]) -> Conflict:
    """409 naming the first rule broken with its figures; every breach in `violations`."""
    first = worse[0]
    extra = {"rule": first.rule, "unit": first.unit, "limit": first.limit, "actual": first.actual,
             "source": sources.get(first.rule, {}).get("source"), "mark": sources.get(first.rule, {}).get("mark"),
             "violations": [v.as_dict() for v in worse]}
    if first.position_id is not None:
        extra["position_id"] = first.position_id
    return Conflict(first.detail, **extra)


def require_writer(principal: Principal) -> None:
    """Units, positions, staff and appointments are kept by the Office's HR specialists; the
    platform `admin` may also set up the structure and records (the platform issue has the admin
    create a unit and a driver); approvals and plans stay with office_hr and leadership."""
    principal.require_role("office_hr", "admin")


def scoped_unit(principal: Principal, requested: str | None, structure: Structure | None = None) -> str | None:
    """The unit a list is narrowed to (None = all). A caller without HR scope sees their own board:
    a unit inside it may be asked for, another board is 403."""
    if principal.has_scope(SERVICE):
        return requested
    if principal.unit is None:
        raise Forbidden("your account has no unit: you may not list HR records")
    if requested is None or requested == principal.unit:
        return principal.unit
    if structure is not None and requested in structure.units and structure.agency_of(requested) == principal.unit:
        return requested
    raise Forbidden("you may only list your own unit's records")


@dataclass(frozen=True)
class Change:
    """A structure change as written: the change's own result, the structures, and the staff
    members an event was published for."""

    result: object
    before: Structure
    after: Structure
    published: set[int]


def change_structure(uow, principal: Principal, change: Callable[[Structure], T], stamp: Stamp,
                     check_rules: bool = True) -> Change:
    """Lock, make `change` on a copy of the current structure, refuse it (409) when it makes a
    blocking rule worse, then write it."""
    session = uow.session
    repo.lock_structure(session)
    before = repo.load_structure(session)
    after = before.copy()
    with domain_errors():
        result = change(after)
        if check_rules:
            book = rulebook(session)
            worse = made_worse(evaluate(before, book), evaluate(after, book))
            if worse:
                raise rule_conflict(worse, rule_sources(session))
        published = record_change(uow, before, after, stamp)
    return Change(result, before, after, published)
