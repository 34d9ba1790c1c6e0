"""The Office's car entitlement (NĐ 72/2023 Art 11 as amended by NĐ 153/2025): the cars it holds,
the cars it may hold, the cars its bookings needed, and the leadership's exceptions."""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import CarLimitException
from ..domain.access import ensure_fleet_scope
from ..domain.booking import LEADERSHIP
from .reports import peak_demand
from .vehicles import replacement_of

EXCEPTION_RECORDED = "fleet.car_limit.exception_recorded"
EXCEPTION_WITHDRAWN = "fleet.car_limit.exception_withdrawn"


def car_entitlement(uow, principal: Principal, first: dt.date | None = None, last: dt.date | None = None) -> dict:
    """Held, entitled (with each term, its source and mark), the exceptions in force, and needed: the peak
    of overlapping bookings between `first` and `last` (default: the last FLEET_NEED_WINDOW_DAYS)."""
    ensure_fleet_scope(principal, "car entitlement")
    rules = uow.config.car_limit
    last = last or local_today()
    first = first or last - dt.timedelta(days=uow.config.need_window_days - 1)
    peak = peak_demand(uow, first, last)
    exceptions = uow.car_limits.in_force()
    extra = sum(e.extra_cars for e in exceptions)
    entitled = rules.entitled()
    in_service = uow.vehicles.in_service()
    return {
        "held": uow.vehicles.general_use(rules.max_seats), "entitled": entitled, "exception_cars": extra,
        "limit": entitled + extra, "needed": peak["concurrent_demand"], "needed_at": peak["at"],
        "from": first, "to": last, "breakdown": [line.as_dict() for line in rules.breakdown()],
        "exceptions": exceptions,
        "replacement_due": [v.id for v in in_service if replacement_of(uow.config, v)["due"]],
    }


def record_exception(uow, principal: Principal, data: dict) -> CarLimitException:
    """The leadership lets the Office hold more cars than its entitlement, by a decision with its
    number; assets hears of it (`fleet.car_limit.exception_recorded`) and counts it too."""
    principal.require_role(LEADERSHIP)
    decision_no = data["decision_no"].strip()
    if uow.car_limits.by_decision(decision_no) is not None:
        raise RuleBroken(f"decision {decision_no} is already recorded", rule="decision_taken",
                         decision_no=decision_no)
    row = uow.car_limits.add(CarLimitException(
        decision_no=decision_no, extra_cars=data["extra_cars"], decided_on=data["decided_on"],
        note=data.get("note"), recorded_by=principal.username))
    uow.publish(EXCEPTION_RECORDED, {"exception_id": row.id, "decision_no": row.decision_no,
                                     "extra_cars": row.extra_cars, "decided_on": row.decided_on, "note": row.note})
    uow.commit()
    return row


def list_exceptions(uow, principal: Principal, args: dict) -> tuple[list[CarLimitException], str | None]:
    """Every exception, the withdrawn ones too, newest first (who reads the entitlement reads them)."""
    ensure_fleet_scope(principal, "car limit exceptions")
    return uow.car_limits.page(args)


def withdraw_exception(uow, principal: Principal, exception_id: int, reason: str) -> CarLimitException:
    """The leadership withdraws an exception (mistaken or expired), with its reason: it stays on
    record and stops counting, here and in assets (`fleet.car_limit.exception_withdrawn`); a
    second withdrawal is 409 exception_withdrawn. Serialized with the additions of cars, so that
    none slips in on the room being withdrawn."""
    principal.require_role(LEADERSHIP)
    uow.vehicles.lock_count()
    row = uow.car_limits.get(exception_id, lock=True)
    if row is None:
        raise NotFound(f"exception {exception_id} not found")
    if row.withdrawn_at is not None:
        raise RuleBroken(f"the exception by decision {row.decision_no} is already withdrawn",
                         rule="exception_withdrawn", decision_no=row.decision_no)
    row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = utcnow(), principal.username, reason
    uow.car_limits.flush()
    uow.publish(EXCEPTION_WITHDRAWN, {"exception_id": row.id, "decision_no": row.decision_no,
                                      "extra_cars": row.extra_cars, "reason": row.withdraw_reason})
    uow.commit()
    return row
