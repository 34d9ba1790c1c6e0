"""The yearly wear run: each asset's wear for a fiscal year, recorded once."""
from __future__ import annotations

from buildingblocks.clock import local_today, utcnow
from buildingblocks.db import insert_ignore
from buildingblocks.errors import Invalid, NotFound
from buildingblocks.identity import Principal
from sqlalchemy import func, or_, select

from ..adapters.orm import Asset, Category, WearEntry, WearRun
from ..domain import wear
from .common import list_board, require_office
from .views import wear_run_view


def _totals(uow, fiscal_year: int, unit: str | None = None) -> tuple[int, int, list[dict]]:
    stmt = (select(WearEntry.unit, func.count(WearEntry.id), func.coalesce(func.sum(WearEntry.amount_vnd), 0))
            .where(WearEntry.fiscal_year == fiscal_year).group_by(WearEntry.unit).order_by(WearEntry.unit))
    if unit:
        stmt = stmt.where(WearEntry.unit == unit)
    by_unit = [{"unit": u, "asset_count": n, "wear_vnd": int(total)} for u, n, total in uow.session.execute(stmt)]
    return sum(r["asset_count"] for r in by_unit), sum(r["wear_vnd"] for r in by_unit), by_unit


def run_wear(uow, principal: Principal, fiscal_year: int) -> tuple[dict, bool]:
    """Record the wear of `fiscal_year` for every asset on the books then that has none yet.

    Running it again records nothing more (one entry per asset and year, unique in the table),
    except for assets registered since with an acquisition date in that year. Returns the run
    and whether this call created it.
    """
    require_office(principal)
    if fiscal_year > local_today().year:
        raise Invalid(f"fiscal year {fiscal_year} has not begun",
                            errors={"fiscal_year": ["must not be after the current year"]})
    session = uow.session
    created = insert_ignore(session, WearRun.__table__, {
        "fiscal_year": fiscal_year, "first_run_at": utcnow(), "first_run_by": principal.username,
        "last_run_at": utcnow(), "last_run_by": principal.username, "executions": 0})
    # one run of a year at a time: the second waits here, then finds every entry already made
    run = session.scalars(select(WearRun).where(WearRun.fiscal_year == fiscal_year)
                          .with_for_update().execution_options(populate_existing=True)).one()
    end = wear.fiscal_year_end(fiscal_year)
    already = select(WearEntry.asset_id).where(WearEntry.fiscal_year == fiscal_year)
    accumulated = (select(WearEntry.asset_id, func.sum(WearEntry.amount_vnd).label("worn"))
                   .group_by(WearEntry.asset_id).subquery())
    rows = session.execute(
        select(Asset, Category.wear_rate_pct, func.coalesce(accumulated.c.worn, 0))
        .join(Category, Category.code == Asset.category)
        .outerjoin(accumulated, accumulated.c.asset_id == Asset.id)
        .where(Asset.acquired_on <= end, or_(Asset.disposed_on.is_(None), Asset.disposed_on > end),
               Asset.id.not_in(already))
        .order_by(Asset.id)).all()
    recorded = recorded_vnd = 0
    for asset, rate, worn in rows:
        if not wear.is_worn_in(fiscal_year, asset.acquired_on, asset.disposed_on):
            continue
        amount = wear.wear_for_year(asset.original_cost_vnd, rate, int(worn))
        if amount <= 0:
            continue  # fully worn: nothing left to record
        if insert_ignore(session, WearEntry.__table__, {
                "asset_id": asset.id, "fiscal_year": fiscal_year, "run_id": run.id, "unit": asset.unit,
                "wear_rate_pct": rate, "amount_vnd": amount, "recorded_at": utcnow()}):
            recorded += 1
            recorded_vnd += amount
    run.executions += 1
    run.last_run_at = utcnow()
    run.last_run_by = principal.username
    session.flush()
    count, total, by_unit = _totals(uow, fiscal_year)
    view = wear_run_view(run, count, total, recorded, recorded_vnd, by_unit)
    uow.commit()
    return view, created


def list_wear_runs(uow, principal: Principal) -> list[dict]:
    unit = list_board(principal, None)
    runs = uow.session.scalars(select(WearRun).order_by(WearRun.fiscal_year.desc())).all()
    views = []
    for run in runs:
        count, total, by_unit = _totals(uow, run.fiscal_year, unit)
        views.append(wear_run_view(run, count, total, by_unit=by_unit))
    return views


def get_wear_run(uow, principal: Principal, fiscal_year: int) -> dict:
    run = uow.session.scalar(select(WearRun).where(WearRun.fiscal_year == fiscal_year))
    if run is None:
        raise NotFound(f"no wear run for fiscal year {fiscal_year}")
    count, total, by_unit = _totals(uow, fiscal_year, list_board(principal, None))
    return wear_run_view(run, count, total, by_unit=by_unit)
