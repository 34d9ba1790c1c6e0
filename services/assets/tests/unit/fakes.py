"""In-memory repositories of the assets service, for use-case tests on
`buildingblocks.testing.FakeUnitOfWork` (no database: milliseconds). They keep the ORM objects
themselves and answer the named queries the SQL repositories answer, with the same meaning."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from buildingblocks.errors import Invalid
from buildingblocks.testing import FakeUnitOfWork

from assets.adapters.orm import (
    Asset,
    Category,
    CountLine,
    CountSheet,
    StocktakeExpected,
    StocktakeResult,
    WearRun,
)
from assets.config import Config
from assets.domain import assets as asset_rules
from assets.domain import procurement as procurement_rules
from assets.domain import stocktake as stocktake_rules
from assets.domain import wear
from assets.domain.standards import Holding, Standard, StandardsCatalogue


class FakeReplica:
    def __init__(self):
        self.units: dict[str, SimpleNamespace] = {}
        self.people: dict[int, SimpleNamespace] = {}

    def add_unit(self, code: str, parent_code: str | None = None, valid_to: dt.date | None = None) -> None:
        self.units[code] = SimpleNamespace(code=code, parent_code=parent_code, valid_to=valid_to)

    def add_staff(self, staff_id: int, unit: str, title_rank: str = "specialist", status: str = "active") -> None:
        self.people[staff_id] = SimpleNamespace(id=staff_id, unit=unit, title_rank=title_rank, status=status)

    def unit(self, code):
        return self.units.get(code)

    def staff(self, staff_id):
        return self.people.get(staff_id)

    def require_unit(self, code, field):
        row = self.units.get(code)
        if row is None or (row.valid_to is not None and row.valid_to <= dt.date.today()):
            raise Invalid(f"unknown unit {code!r}", errors={field: [f"unknown unit {code!r}"]})
        return row

    def require_staff(self, staff_id, field):
        row = self.people.get(staff_id)
        if row is None or row.status == "left":
            raise Invalid(f"unknown staff member {staff_id!r}", errors={field: [f"unknown staff member {staff_id!r}"]})
        return row


class FakeCategories:
    def __init__(self, *categories: Category):
        self.rows = {c.code: c for c in categories}

    def get(self, code, lock=False):
        return self.rows.get(code)

    def add(self, category):
        self.rows[category.code] = category
        return category

    def list(self, is_vehicle=None):
        return [c for _, c in sorted(self.rows.items()) if is_vehicle is None or c.is_vehicle == is_vehicle]

    def vehicle_flags(self):
        return {code: bool(c.is_vehicle) for code, c in self.rows.items()}

    def names(self):
        return {code: c.name for code, c in self.rows.items()}

    def save(self):
        pass


class FakeStandards:
    def __init__(self, *standards: Standard):
        self.rules = list(standards)

    def catalogue(self):
        return StandardsCatalogue(self.rules)


class _Rows:
    """Rows by id, ids given on insert as the database would."""

    def __init__(self):
        self.rows: dict[int, object] = {}

    def _insert(self, row):
        if getattr(row, "id", None) is None:
            row.id = max(self.rows, default=0) + 1
        self.rows[row.id] = row
        return row

    def get(self, row_id, lock=False):
        return self.rows.get(row_id)

    def save(self):
        pass

    def _page(self, rows, args, descending=True):
        rows = sorted(rows, key=lambda r: r.id, reverse=descending)
        return rows[:args["limit"]], None


class FakeAssets(_Rows):
    """The register, its history and its wear entries."""

    def __init__(self):
        super().__init__()
        self.entries: list[object] = []  # the history
        self.wear: list[tuple[int, int, int]] = []  # (asset id, fiscal year, amount)
        self.counters: dict[int, int] = {}

    def hold(self, category: str, unit: str, holder_staff_id: int | None = None, **fields) -> Asset:
        """An asset already on the register (no history, no event)."""
        values = {"tag": f"TS-{len(self.rows) + 1:04d}", "name": category, "acquired_on": dt.date(2024, 1, 10),
                  "original_cost_vnd": 10_000_000, "status": asset_rules.IN_USE, "source": "register",
                  "attributes": {}, **fields}
        return self._insert(Asset(category=category, unit=unit, holder_staff_id=holder_staff_id, **values))

    def add(self, asset):
        if self.tag_taken(asset.tag) or (asset.plate and self.holding_plate(asset.plate)):
            return False
        self._insert(asset)
        return True

    def tag_taken(self, tag):
        return any(a.tag == tag for a in self.rows.values())

    def holding_plate(self, plate, except_id=None):
        return next((a for a in self.rows.values() if a.plate == plate and a.status != asset_rules.DISPOSED
                     and a.id != except_id), None)

    def next_tag_number(self, year):
        self.counters[year] = self.counters.get(year, 0) + 1
        return self.counters[year]

    def active_cars(self):
        return [a for a in self.rows.values() if a.plate and a.status != asset_rules.DISPOSED]

    def lock_car_count(self):
        pass

    def from_source(self, source):
        return [a for a in self.rows.values() if a.source == source]

    def accumulated_wear(self, asset_ids):
        return {i: sum(amount for a, _, amount in self.wear if a == i) for i in asset_ids}

    def tags(self, asset_ids):
        return {i: self.rows[i].tag for i in asset_ids if i in self.rows}

    def record(self, entry):
        entry.id = len(self.entries) + 1
        self.entries.append(entry)

    def history(self, asset_id):
        return [h for h in self.entries if h.asset_id == asset_id]

    def unit_as_of(self, asset, as_of):
        moves = [h for h in self.history(asset.id) if h.to_unit and h.effective_on <= as_of]
        return max(moves, key=lambda h: (h.effective_on, h.id)).to_unit if moves else asset.unit

    def units_as_of(self, assets, as_of):
        return {a.id: self.unit_as_of(a, as_of) for a in assets}

    def wear_entries(self, asset_id):
        return [(year, amount) for a, year, amount in self.wear if a == asset_id]

    def wear_until(self, last_fiscal_year):
        worn: dict[int, int] = {}
        for a, year, amount in self.wear:
            if year <= last_fiscal_year:
                worn[a] = worn.get(a, 0) + amount
        return worn

    def register_groups(self, as_of, last_fiscal_year, unit, category):
        worn = self.wear_until(last_fiscal_year)
        groups: dict[tuple, list[int]] = {}
        for a in self.on_books(as_of):
            board = self.unit_as_of(a, as_of)
            if (unit and board != unit) or (category and a.category != category):
                continue
            g = groups.setdefault((board, a.category, a.status), [0, 0, 0])
            g[0] += 1
            g[1] += a.original_cost_vnd
            g[2] += worn.get(a.id, 0)
        return [(*key, *g) for key, g in sorted(groups.items())]

    def export_rows(self, unit, args, last_fiscal_year):
        worn = self.wear_until(last_fiscal_year)
        return (((a.id, a.tag, a.category, a.name, a.unit, a.holder_staff_id, a.location, a.acquired_on,
                  a.original_cost_vnd, a.status, a.disposed_on, worn.get(a.id, 0)), worn.get(a.id, 0))
                for a in self.matching(unit, args))

    def dated_after(self, day):
        return any(a.acquired_on > day or (a.disposed_on is not None and a.disposed_on > day)
                   for a in self.rows.values()) or any(
            getattr(e, "to_unit", None) and e.effective_on > day for e in self.entries)

    def register_now(self, last_fiscal_year, unit, category):
        return self.register_groups(dt.date.today(), last_fiscal_year, unit, category)

    def due_now(self, unit):
        """What the next run records for each asset on the books (the fake sums its rows)."""
        worn = self.wear_until(9999)
        by_unit: dict[str, list[int]] = {}
        for a in self.rows.values():
            if a.disposed_on is None and (not unit or a.unit == unit):
                due = wear.wear_for_year(a.original_cost_vnd, self.categories.get(a.category).wear_rate_pct,
                                         worn.get(a.id, 0))
                if due > 0:
                    n = by_unit.setdefault(a.unit, [0, 0])
                    n[0] += 1
                    n[1] += due
        return [(u, n, v) for u, (n, v) in sorted(by_unit.items())]

    def _live(self):
        return [a for _, a in sorted(self.rows.items()) if a.status != asset_rules.DISPOSED]

    def of_board(self, unit):
        return [a for a in self._live() if a.unit == unit]

    def held_by(self, staff_id):
        return [a for a in self._live() if a.holder_staff_id == staff_id]

    def on_books(self, as_of):
        return [a for _, a in sorted(self.rows.items())
                if a.acquired_on <= as_of and (a.disposed_on is None or a.disposed_on > as_of)]

    def of_boards_on(self, units, as_of):
        return [a for a in self._live() if a.unit in units and a.acquired_on <= as_of]

    def by_tags(self, tags):
        return [a for a in self.rows.values() if a.tag in set(tags)]

    def matching(self, unit, args):
        return [a for _, a in sorted(self.rows.items()) if (not unit or a.unit == unit)
                and all(getattr(a, name) == args[name] for name in ("category", "status") if args.get(name))]

    def page(self, unit, args):
        return self._page(self.matching(unit, args), args, descending=False)


class FakeRepairs(_Rows):
    def add(self, repair):
        if any(r.asset_id == repair.asset_id and r.status == "open" for r in self.rows.values()):
            return False
        repair.opened_at = repair.opened_at or dt.datetime.now(dt.timezone.utc)
        self._insert(repair)
        return True

    def page(self, unit, args, asset_id=None):
        return self._page([r for r in self.rows.values() if (not unit or r.unit == unit)
                           and (asset_id is None or r.asset_id == asset_id)
                           and (not args.get("status") or r.status == args["status"])], args)


class FakeWearRuns:
    """Runs by year; the entries are kept with the register (FakeAssets.wear)."""

    def __init__(self, assets: FakeAssets, categories):
        self.assets = assets
        self.categories = categories
        self.runs: dict[int, WearRun] = {}

    def get(self, fiscal_year):
        return self.runs.get(fiscal_year)

    def list(self):
        return [run for _, run in sorted(self.runs.items(), reverse=True)]

    def start(self, fiscal_year, actor):
        created = fiscal_year not in self.runs
        if created:
            self.runs[fiscal_year] = WearRun(id=len(self.runs) + 1, fiscal_year=fiscal_year, first_run_by=actor,
                                             last_run_by=actor, executions=0)
        return self.runs[fiscal_year], created

    def unworn(self, fiscal_year, year_end, unit=None, after=None, limit=None):
        done = {a for a, year, _ in self.assets.wear if year == fiscal_year}
        worn = self.assets.accumulated_wear(list(self.assets.rows))
        due = []
        for a in sorted(self.assets.on_books(year_end), key=lambda a: a.id):
            rate = self.categories.get(a.category).wear_rate_pct
            if (a.id not in done and (not unit or a.unit == unit) and (after is None or a.id > after)
                    and wear.wear_for_year(a.original_cost_vnd, rate, worn[a.id]) > 0):
                due.append((a, rate, worn[a.id]))
        return due if limit is None else due[:limit]

    def unworn_totals(self, fiscal_year, year_end, unit=None):
        by_unit: dict[str, tuple[int, int]] = {}
        for a, rate, worn in self.unworn(fiscal_year, year_end, unit):
            count, total = by_unit.get(a.unit, (0, 0))
            by_unit[a.unit] = (count + 1, total + wear.wear_for_year(a.original_cost_vnd, rate, worn))
        return [(u, n, v) for u, (n, v) in sorted(by_unit.items())]

    def record(self, entry):
        if any(a == entry["asset_id"] and year == entry["fiscal_year"] for a, year, _ in self.assets.wear):
            return False
        self.assets.wear.append((entry["asset_id"], entry["fiscal_year"], entry["amount_vnd"]))
        return True

    def add_totals(self, run_id, unit, asset_count, wear_vnd):
        pass  # the fake's totals are summed from its entries

    def add_to_register(self, wear_by_key):
        pass  # the fake's register report is summed from its rows

    def totals(self, fiscal_year, unit=None):
        by_unit: dict[str, list[int]] = {}
        for asset_id, year, amount in self.assets.wear:
            board = self.assets.rows[asset_id].unit
            if year == fiscal_year and (not unit or board == unit):
                by_unit.setdefault(board, []).append(amount)
        return [{"unit": u, "asset_count": len(a), "wear_vnd": sum(a)} for u, a in sorted(by_unit.items())]

    def save(self):
        pass


class FakeStocktakes(_Rows):
    def __init__(self):
        super().__init__()
        self.expectations: dict[int, list[StocktakeExpected]] = {}
        self.count_sheets: list[CountSheet] = []
        self.count_lines: list[CountLine] = []
        self.outcomes: list[StocktakeResult] = []

    def add(self, stocktake):
        return self._insert(stocktake)

    def page(self, unit, args):
        return self._page([s for s in self.rows.values() if (not unit or unit in {u.unit for u in s.units})
                           and (not args.get("status") or s.status == args["status"])], args)

    def proposed(self):
        return [s for _, s in sorted(self.rows.items()) if s.status == stocktake_rules.PROPOSED]

    def expect(self, stocktake_id, assets):
        self.expectations[stocktake_id] = [
            StocktakeExpected(stocktake_id=stocktake_id, asset_id=a.id, tag=a.tag, unit=a.unit, location=a.location)
            for a in assets]

    def expected(self, stocktake_id):
        return self.expectations.get(stocktake_id, [])

    def sheet(self, stocktake_id, unit, location):
        return next((s for s in self.count_sheets
                     if (s.stocktake_id, s.unit, s.location) == (stocktake_id, unit, location)), None)

    def add_sheet(self, sheet):
        sheet.id = len(self.count_sheets) + 1
        self.count_sheets.append(sheet)
        return sheet

    def sheets(self, stocktake_id, units):
        return sorted((s for s in self.count_sheets if s.stocktake_id == stocktake_id and s.unit in units),
                      key=lambda s: (s.unit, s.location))

    def sheet_sizes(self, stocktake_id, units):
        return [(s.unit, s.location, len(self.lines(s.id))) for s in self.sheets(stocktake_id, units)]

    def lines(self, sheet_id):
        return sorted((line for line in self.count_lines if line.sheet_id == sheet_id), key=lambda line: line.tag)

    def add_line(self, line):
        line.id = len(self.count_lines) + 1
        self.count_lines.append(line)

    def counts(self, stocktake_id):
        places = {s.id: s for s in self.count_sheets if s.stocktake_id == stocktake_id}
        return [(line.tag, places[line.sheet_id].unit, places[line.sheet_id].location, line.condition)
                for line in self.count_lines if line.sheet_id in places]

    def results(self, stocktake_id, kind=None):
        return [r for r in self.outcomes if r.stocktake_id == stocktake_id and (kind is None or r.kind == kind)]

    def add_result(self, result):
        result.id = len(self.outcomes) + 1
        self.outcomes.append(result)


class FakeProcurements:
    def __init__(self, assets: FakeAssets):
        self.rows: dict[int, object] = {}
        self.assets = assets
        self.locked: list[str] = []

    def get(self, procurement_id, lock=False):
        return self.rows.get(procurement_id)

    def add(self, procurement):
        if procurement.id is None:
            procurement.id = len(self.rows) + 1
            procurement.created_at = procurement.created_at or dt.datetime.now(dt.timezone.utc)
        for i, line in enumerate(procurement.lines):
            line.id = line.id or procurement.id * 100 + i
        self.rows[procurement.id] = procurement
        return procurement

    def pending_approval(self, unit=None):
        return [p for _, p in sorted(self.rows.items())
                if p.status == procurement_rules.PENDING_APPROVAL and (unit is None or p.unit == unit)]

    def lock_board(self, unit):
        self.locked.append(unit)

    def holding(self, category, staff_id, unit, except_id):
        held = sum(1 for a in self.assets.rows.values() if a.category == category and a.status != asset_rules.DISPOSED
                   and (a.holder_staff_id == staff_id if staff_id is not None
                        else (a.unit == unit and a.holder_staff_id is None)))
        pending = sum(line.quantity for p in self.rows.values()
                      if p.id != except_id and p.status in procurement_rules.IN_FLIGHT
                      and (staff_id is not None or p.unit == unit)
                      for line in p.lines if line.category == category and line.beneficiary_staff_id == staff_id)
        return Holding(held=held, pending=pending)


class FakeCarLimits:
    """fleet's exceptions to the car entitlement, as assets heard of them."""

    def __init__(self):
        self.rows: dict[int, object] = {}

    def extra(self):
        return sum(r.extra_cars for r in self.rows.values() if getattr(r, "withdrawn_at", None) is None)

    def add_once(self, row):
        if row.id in self.rows:
            return False
        self.rows[row.id] = row
        return True


def fake_uow(threshold_vnd: int = 20_000_000, **config) -> FakeUnitOfWork:
    """A unit of work on the demo's boards (BTC, BNC and a BTC department), four BTC people and
    BNC's specialist, the computer and printer categories and their standards."""
    replica = FakeReplica()
    for code in ("BTC", "BNC", "TU", "VP"):
        replica.add_unit(code)
    replica.add_unit("BTC-P1", parent_code="BTC")
    replica.add_staff(20, "BTC", "board_head")
    replica.add_staff(22, "BTC")
    replica.add_staff(24, "BTC-P1")
    replica.add_staff(25, "BTC", status="left")
    replica.add_staff(51, "BNC")
    assets = FakeAssets()
    categories = FakeCategories(
        Category(code="computer", name="Máy vi tính", is_vehicle=False, wear_rate_pct=Decimal("14.29")),
        Category(code="printer", name="Máy in", is_vehicle=False, wear_rate_pct=Decimal("14.29")),
        Category(code="car", name="Xe ô tô", is_vehicle=True, wear_rate_pct=Decimal("6.67")))
    assets.categories = categories
    return FakeUnitOfWork(
        Config(settings=None, approval_threshold_vnd=threshold_vnd, **config),
        replica=replica,
        categories=categories,
        standards=FakeStandards(Standard("computer", "person", "specialist", 1, 15_000_000),
                                Standard("computer", "person", "board_head", 2, 15_000_000),
                                Standard("printer", "unit", None, 1, 10_000_000)),
        assets=assets,
        procurements=FakeProcurements(assets),
        repairs=FakeRepairs(),
        wear_runs=FakeWearRuns(assets, categories),
        stocktakes=FakeStocktakes(),
        car_limits=FakeCarLimits(),
    )
