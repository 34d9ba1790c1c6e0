"""The Office's car entitlement (NĐ 72/2023 Art 11 as amended by NĐ 153/2025): the cars it holds,
the cars it may hold, the cars its bookings needed, and the leadership's exceptions."""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today
from buildingblocks.errors import RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import CarLimitException
from ..domain.access import ensure_fleet_scope
from ..domain.booking import LEADERSHIP
from .reports import peak_demand
from .vehicles import replacement_of

EXCEPTION_RECORDED = "fleet.car_limit.exception_recorded"


def car_entitlement(uow, principal: Principal, first: dt.date | None = None, last: dt.date | None = None) -> dict:
    """Held, entitled (with each term, its source and mark), the exceptions, and needed: the peak
    of overlapping bookings between `first` and `last` (default: the last FLEET_NEED_WINDOW_DAYS)."""
    ensure_fleet_scope(principal, "car entitlement")
    rules = uow.config.car_limit
    last = last or local_today()
    first = first or last - dt.timedelta(days=uow.config.need_window_days - 1)
    peak = peak_demand(uow, first, last)
    exceptions = uow.car_limits.all()
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
