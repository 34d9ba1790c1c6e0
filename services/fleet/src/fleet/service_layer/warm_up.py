"""The reads each fleet web worker runs once before it serves (buildingblocks.warmup).

The first call of a read in a process compiles its statements (SQLAlchemy's cache is per
process): the week's schedule took 29-38 ms for it against 6-10 ms warm, one slow request per
gunicorn worker (docs/performance.md). The worker runs the dispatcher's hot reads once, in one
read-only transaction, with the pool readers' view (busy cars listed with their reasons).
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today, utcnow
from buildingblocks.db import Database
from buildingblocks.identity import Principal
from buildingblocks.warmup import read_only

from ..domain.booking import FLEET_OFFICE
from . import dispatch, reports

WARM_UP_CALLER = Principal(username="warm-up", staff_id=None, unit=None, roles=frozenset({FLEET_OFFICE}))


def warm_up(database: Database) -> None:
    """The week's schedule (the dispatcher's board), the availability of a morning and the month's
    utilization, read and thrown away."""
    today = local_today()
    monday = today - dt.timedelta(days=today.weekday())
    start = utcnow().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    with database.unit_of_work() as uow, read_only(uow.session):
        reports.schedule(uow, WARM_UP_CALLER, monday, monday + dt.timedelta(days=6))
        dispatch.availability(uow, WARM_UP_CALLER, start, start + dt.timedelta(hours=4))
        reports.utilization_report(uow, WARM_UP_CALLER, today.replace(day=1), today)
