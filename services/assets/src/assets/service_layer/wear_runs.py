"""The yearly wear run: each asset's wear for a fiscal year, recorded once."""
from __future__ import annotations

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import Invalid, NotFound
from buildingblocks.identity import Principal
from buildingblocks.pagination import DEFAULT_LIMIT, encode_cursor, read_cursor

from ..adapters.orm import WearRun
from ..domain import wear
from .common import list_board, require_office
from .views import wear_preview_item, wear_run_view


def _totals(uow, fiscal_year: int, unit: str | None = None) -> tuple[int, int, list[dict]]:
    by_unit = uow.wear_runs.totals(fiscal_year, unit)
    return sum(r["asset_count"] for r in by_unit), sum(r["wear_vnd"] for r in by_unit), by_unit


def _require_begun(fiscal_year: int) -> None:
    if fiscal_year > local_today().year:
        raise Invalid(f"fiscal year {fiscal_year} has not begun",
                      errors={"fiscal_year": ["must not be after the current year"]})


def preview_wear(uow, principal: Principal, fiscal_year: int, unit: str | None = None,
                 limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> dict:
    """What running `fiscal_year` now would record, recording nothing: the totals, all and per
    board, over every asset due, and a page of the assets in id order (`next_cursor` for the next):
    the same assets and amounts `run_wear` books (a year run already previews only what a run
    again would add). A board sees its own assets."""
    _require_begun(fiscal_year)
    board = list_board(principal, unit)
    end = wear.fiscal_year_end(fiscal_year)
    after = read_cursor(cursor, int)[0] if cursor else None
    rows = uow.wear_runs.unworn(fiscal_year, end, board, after, limit + 1)
    items = [wear_preview_item(asset, rate, worn, wear.wear_for_year(asset.original_cost_vnd, rate, worn))
             for asset, rate, worn in rows[:limit]]
    already_run = uow.wear_runs.get(fiscal_year) is not None
    by_unit = _due_totals(uow, fiscal_year, already_run, board)
    return {"fiscal_year": fiscal_year, "unit": board, "already_run": already_run,
            "asset_count": sum(n for _u, n, _v in by_unit), "total_wear_vnd": sum(v for _u, _n, v in by_unit),
            "by_unit": [{"unit": u, "asset_count": n, "wear_vnd": v} for u, n, v in by_unit],
            "items": items, "next_cursor": encode_cursor([items[-1]["asset_id"]]) if len(rows) > limit else None}


def _due_totals(uow, fiscal_year: int, already_run: bool, board: str | None) -> list[tuple[str, int, int]]:
    """Per board, (board, how many, how much) the run of `fiscal_year` would record now. This
    year's, not run yet, is what every asset on the books has due next: the register's running
    totals keep it (issue 16: the same few rows whatever the register's size), unless something
    is dated after today; another year's, or one run already, is summed over the assets due."""
    today = local_today()
    if fiscal_year == today.year and not already_run and not uow.assets.dated_after(today):
        return uow.assets.due_now(board)
    return uow.wear_runs.unworn_totals(fiscal_year, wear.fiscal_year_end(fiscal_year), board)


def run_wear(uow, principal: Principal, fiscal_year: int) -> tuple[dict, bool]:
    """Record the wear of `fiscal_year` for every asset on the books then that has none yet.

    Running it again records nothing more (one entry per asset and year, unique in the table),
    except for assets registered since with an acquisition date in that year. Returns the run
    and whether this call created it.
    """
    require_office(principal)
    _require_begun(fiscal_year)
    run, created = uow.wear_runs.start(fiscal_year, principal.username)
    recorded, recorded_vnd = _record_wear(uow, run)
    run.executions += 1
    run.last_run_at = utcnow()
    run.last_run_by = principal.username
    uow.wear_runs.save()
    count, total, by_unit = _totals(uow, fiscal_year)
    view = wear_run_view(run, count, total, recorded, recorded_vnd, by_unit)
    uow.commit()
    return view, created


def _due(uow, fiscal_year: int):
    """(asset, rate, wear so far, amount) of each asset the run of `fiscal_year` would record now:
    on the books at the year's end, without an entry for the year, not yet fully worn."""
    for asset, rate, worn in uow.wear_runs.unworn(fiscal_year, wear.fiscal_year_end(fiscal_year)):
        if not wear.is_worn_in(fiscal_year, asset.acquired_on, asset.disposed_on):
            continue
        amount = wear.wear_for_year(asset.original_cost_vnd, rate, worn)
        if amount > 0:  # fully worn: nothing left to record
            yield asset, rate, worn, amount


def _record_wear(uow, run: WearRun) -> tuple[int, int]:
    """The year's wear of each asset that has none yet; returns how many entries and how much."""
    by_unit: dict[str, tuple[int, int]] = {}
    on_books: list[tuple[int, tuple[str, str, str], int, int]] = []
    for asset, rate, worn, amount in _due(uow, run.fiscal_year):
        if uow.wear_runs.record({
                "asset_id": asset.id, "fiscal_year": run.fiscal_year, "run_id": run.id, "unit": asset.unit,
                "wear_rate_pct": rate, "amount_vnd": amount, "recorded_at": utcnow()}):
            count, total = by_unit.get(asset.unit, (0, 0))
            by_unit[asset.unit] = (count + 1, total + amount)
            if asset.disposed_on is None:  # the register's running totals count what is on the books
                on_books.append((run.fiscal_year, (asset.unit, asset.category, asset.status), amount,
                                 wear.wear_for_year(asset.original_cost_vnd, rate, worn + amount)))
    for unit, (count, total) in sorted(by_unit.items()):  # the run's per-board totals, same transaction
        uow.wear_runs.add_totals(run.id, unit, count, total)
    uow.wear_runs.add_to_register(on_books)
    return sum(n for n, _ in by_unit.values()), sum(v for _, v in by_unit.values())


def list_wear_runs(uow, principal: Principal) -> list[dict]:
    unit = list_board(principal, None)
    views = []
    for run in uow.wear_runs.list():
        count, total, by_unit = _totals(uow, run.fiscal_year, unit)
        views.append(wear_run_view(run, count, total, by_unit=by_unit))
    return views


def get_wear_run(uow, principal: Principal, fiscal_year: int) -> dict:
    run = uow.wear_runs.get(fiscal_year)
    if run is None:
        raise NotFound(f"no wear run for fiscal year {fiscal_year}")
    count, total, by_unit = _totals(uow, fiscal_year, list_board(principal, None))
    return wear_run_view(run, count, total, by_unit=by_unit)
