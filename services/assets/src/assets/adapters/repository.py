"""The assets service's SQL repositories: the unit of work exposes each as `uow.<name>` (see
`repositories`). Queries only SQL does well stay here: row locks, the board's advisory lock,
what a beneficiary holds and has on its way, keyset pages.
"""
from __future__ import annotations

import zlib
from buildingblocks.db import dialect_insert, insert_ignore
from buildingblocks.pagination import paginate
from buildingblocks.replica import STAFF, get_staff, get_unit, require_staff, require_unit
from buildingblocks.search import matches
import datetime as dt
from typing import Any

from buildingblocks.clock import utcnow
from sqlalchemy import BigInteger, and_, case, cast, delete, exists, func, or_, select, text, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import assets as asset_rules
from ..domain import procurement as procurement_rules
from ..domain import stocktake as stocktake_rules
from ..domain.standards import Holding, Standard as StandardRule, StandardsCatalogue
from .orm import (
    ALL_YEARS,
    SUMS,
    Asset,
    AssetHistory,
    AssetWear,
    CarLimitException,
    Category,
    CountLine,
    CountSheet,
    Disposal,
    Procurement,
    ProcurementLine,
    RegisterChange,
    RegisterTotal,
    Repair,
    Standard,
    Stocktake,
    StocktakeExpected,
    StocktakeResult,
    StocktakeUnit,
    TagCounter,
    WearEntry,
    WearRun,
    WearRunUnit,
    add_change,
    append_register_changes,
    register_changes,
)


class _Repository:
    def __init__(self, session: Session):
        self.session = session

    def save(self) -> None:
        """Write the changes made to loaded rows now (timestamps, constraints) within the transaction."""
        self.session.flush()

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def _add_unique(self, row) -> bool:
        """Insert `row` in a savepoint; False when a unique index refused it (a concurrent twin)."""
        self.session.flush()  # what came before is not part of the savepoint
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            return False
        return True


def _add_to(session: Session, table, key: list[str], values: dict, sums: list[str]) -> None:
    """INSERT the row, or on its key add `sums` of `values` to the row there (safe with several
    writers: the row is locked by the update)."""
    stmt = dialect_insert(session, table).values(**values)
    session.execute(stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in key], set_={k: table.c[k] + stmt.excluded[k] for k in sums}))


class Replica(_Repository):
    """HR's units and staff as this service keeps them from HR's events."""

    def unit(self, code: str | None):
        return get_unit(self.session, code)

    def staff(self, staff_id: int | None):
        return get_staff(self.session, staff_id)

    def require_unit(self, code: str | None, field: str):
        return require_unit(self.session, code, field=field)

    def require_staff(self, staff_id: int | None, field: str):
        return require_staff(self.session, staff_id, field=field)

    def head_of(self, unit: str):
        """The board's head (title rank board_head) still with it, or None."""
        return self.session.execute(
            select(STAFF).where(STAFF.c.unit == unit, STAFF.c.title_rank == "board_head", STAFF.c.status != "left")
            .order_by(STAFF.c.id).limit(1)).first()


class Categories(_Repository):
    def get(self, code: str, lock: bool = False) -> Category | None:
        return self.session.get(Category, code, with_for_update=lock)

    def add(self, category: Category) -> Category:
        return self._add(category)

    def list(self, is_vehicle: bool | None = None) -> list[Category]:
        stmt = select(Category).order_by(Category.code)
        if is_vehicle is not None:
            stmt = stmt.where(Category.is_vehicle.is_(is_vehicle))
        return list(self.session.scalars(stmt))

    def vehicle_flags(self) -> dict[str, bool]:
        """category code -> is it a vehicle (the catalogue is small)."""
        return dict(self.session.execute(select(Category.code, Category.is_vehicle)).all())

    def names(self) -> dict[str, str]:
        return dict(self.session.execute(select(Category.code, Category.name)).all())


class Standards(_Repository):
    def get(self, standard_id: int, lock: bool = False) -> Standard | None:
        return self.session.get(Standard, standard_id, with_for_update=lock)

    def by_key(self, key: str) -> Standard | None:
        return self.session.scalar(select(Standard).where(Standard.key == key))

    def add(self, standard: Standard) -> Standard:
        return self._add(standard)

    def list(self, category: str | None = None, title_rank: str | None = None,
             scope: str | None = None) -> list[Standard]:
        stmt = select(Standard).order_by(Standard.category, Standard.scope, Standard.title_rank)
        if category:
            stmt = stmt.where(Standard.category == category)
        if title_rank:
            stmt = stmt.where(Standard.title_rank == title_rank)
        if scope:
            stmt = stmt.where(Standard.scope == scope)
        return list(self.session.scalars(stmt))

    def catalogue(self) -> StandardsCatalogue:
        """The standards in force, for the procurement checks."""
        return StandardsCatalogue([
            StandardRule(s.category, s.scope, s.title_rank, s.max_quantity, s.max_unit_price_vnd, s.legal_basis)
            for s in self.session.scalars(select(Standard))])


class Assets(_Repository):
    def get(self, asset_id: int, lock: bool = False) -> Asset | None:
        return self.session.get(Asset, asset_id, with_for_update=lock)

    def add(self, asset: Asset) -> bool:
        """Insert the asset; False when another request took its tag or plate meanwhile."""
        return self._add_unique(asset)

    def tag_taken(self, tag: str) -> bool:
        return self.session.scalar(select(Asset.id).where(Asset.tag == tag)) is not None

    def holding_plate(self, plate: str, except_id: int | None = None) -> Asset | None:
        """The asset not disposed that has this (normalized) plate, other than `except_id`."""
        return self.session.scalar(select(Asset).where(Asset.plate == plate, Asset.status != asset_rules.DISPOSED,
                                                       Asset.id != (except_id or 0)))

    def active_cars(self) -> list[Asset]:
        """The vehicles on the register not disposed (a vehicle has a plate, nothing else does)."""
        return list(self.session.scalars(select(Asset).where(
            Asset.plate.is_not(None), Asset.status != asset_rules.DISPOSED).order_by(Asset.id)))

    def lock_car_count(self) -> None:
        """Serialize the transactions that add a car (PostgreSQL), so that two at once cannot both
        take the last car of the entitlement."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(7213)"))

    def next_tag_number(self, year: int) -> int:
        """The year's counter, incremented and locked for the transaction."""
        insert_ignore(self.session, TagCounter.__table__, {"year": year, "last_number": 0})
        counter = self.session.get(TagCounter, year, with_for_update=True, populate_existing=True)
        counter.last_number += 1
        return counter.last_number

    def from_source(self, source: str) -> list[Asset]:
        return list(self.session.scalars(select(Asset).where(Asset.source == source).order_by(Asset.id)))

    def accumulated_wear(self, asset_ids: list[int]) -> dict[int, int]:
        """asset id -> wear recorded so far."""
        if not asset_ids:
            return {}
        rows = self.session.execute(
            select(WearEntry.asset_id, func.sum(WearEntry.amount_vnd))
            .where(WearEntry.asset_id.in_(asset_ids)).group_by(WearEntry.asset_id))
        return {asset_id: int(total or 0) for asset_id, total in rows}

    def tags(self, asset_ids: set[int]) -> dict[int, str]:
        if not asset_ids:
            return {}
        return dict(self.session.execute(select(Asset.id, Asset.tag).where(Asset.id.in_(asset_ids))).all())

    def record(self, entry: AssetHistory) -> None:
        self.session.add(entry)

    def history(self, asset_id: int) -> list[AssetHistory]:
        """Every entry of an asset's history, oldest first."""
        return list(self.session.scalars(
            select(AssetHistory).where(AssetHistory.asset_id == asset_id).order_by(AssetHistory.id)))

    def unit_as_of(self, asset: Asset, as_of: dt.date) -> str:
        """The board that held the asset on a date, from its history of moves."""
        row = self.session.execute(
            select(AssetHistory.to_unit)
            .where(AssetHistory.asset_id == asset.id, AssetHistory.to_unit.is_not(None),
                   AssetHistory.effective_on <= as_of)
            .order_by(AssetHistory.effective_on.desc(), AssetHistory.id.desc()).limit(1)).first()
        return row[0] if row else asset.unit

    def units_as_of(self, assets: list[Asset], as_of: dt.date) -> dict[int, str]:
        """asset id -> the board holding it on `as_of`, replaying the history of moves."""
        units = {a.id: a.unit for a in assets}
        rows = self.session.execute(
            select(AssetHistory.asset_id, AssetHistory.to_unit)
            .where(AssetHistory.to_unit.is_not(None), AssetHistory.effective_on <= as_of)
            .order_by(AssetHistory.effective_on, AssetHistory.id)).all()
        for asset_id, to_unit in rows:
            if asset_id in units:
                units[asset_id] = to_unit
        return units

    def wear_entries(self, asset_id: int) -> list[tuple[int, int]]:
        """(fiscal year, amount) of each wear entry of an asset."""
        return [tuple(row) for row in self.session.execute(
            select(WearEntry.fiscal_year, WearEntry.amount_vnd).where(WearEntry.asset_id == asset_id))]

    def _worn_until(self, last_fiscal_year: int):
        """An asset's wear of the fiscal years up to `last_fiscal_year` as an SQL expression over
        `Asset`: its summary less the entries of later years (none or one year's as of today), so
        the history of every year is not read."""
        later = (select(WearEntry.asset_id, func.sum(WearEntry.amount_vnd).label("amount"))
                 .where(WearEntry.fiscal_year > last_fiscal_year).group_by(WearEntry.asset_id).subquery())
        worn = func.coalesce(AssetWear.accumulated_wear_vnd, 0) - func.coalesce(later.c.amount, 0)
        return worn, lambda stmt: (stmt.outerjoin(AssetWear, AssetWear.asset_id == Asset.id)
                                   .outerjoin(later, later.c.asset_id == Asset.id))

    def _unit_on(self, as_of: dt.date):
        """The board holding an asset on `as_of` (its last move by then, else its board now).
        An asset never transferred is still with the board it was registered with (only a
        transfer changes `assets.unit`): only the transferred ones replay their history."""
        moved = (select(AssetHistory.to_unit)
                 .where(AssetHistory.asset_id == Asset.id, AssetHistory.to_unit.is_not(None),
                        AssetHistory.effective_on <= as_of)
                 .order_by(AssetHistory.effective_on.desc(), AssetHistory.id.desc()).limit(1)
                 .correlate(Asset).scalar_subquery())
        transferred = select(AssetHistory.asset_id).where(AssetHistory.kind == asset_rules.TRANSFERRED)
        return case((Asset.id.in_(transferred), func.coalesce(moved, Asset.unit)), else_=Asset.unit)

    def _without_jit(self) -> None:
        """PostgreSQL's JIT compiles a plan over the whole register for ~230 ms, more than the
        query then takes (issue 16): off for this transaction."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SET LOCAL jit = off"))

    def register_groups(self, as_of: dt.date, last_fiscal_year: int, unit: str | None,
                        category: str | None) -> list[tuple]:
        """(board on `as_of`, category, status, count, cost, wear) of the assets on the books on
        `as_of`, the wear being that of the fiscal years up to `last_fiscal_year`: one grouped query."""
        board = self._unit_on(as_of).label("board")
        worn, join = self._worn_until(last_fiscal_year)
        inner = join(select(board, Asset.category, Asset.status, Asset.original_cost_vnd, worn.label("worn"))
                     .select_from(Asset)
                     .where(Asset.acquired_on <= as_of, or_(Asset.disposed_on.is_(None), Asset.disposed_on > as_of)))
        if category:
            inner = inner.where(Asset.category == category)
        inner = inner.subquery()
        stmt = (select(inner.c.board, inner.c.category, inner.c.status, func.count(),
                       func.sum(inner.c.original_cost_vnd), func.sum(inner.c.worn))
                .group_by(inner.c.board, inner.c.category, inner.c.status)
                .order_by(inner.c.board, inner.c.category, inner.c.status))
        if unit:
            stmt = stmt.where(inner.c.board == unit)
        self._without_jit()
        return [(b, c, st, n, int(cost or 0), int(w or 0)) for b, c, st, n, cost, w in self.session.execute(stmt)]

    def dated_after(self, day: dt.date) -> bool:
        """Whether an acquisition, a disposal or a move is dated after `day` (none of the Office's
        own is; an event's may be): the running totals then do not tell the register on `day`."""
        return any(self.session.scalar(select(exists().where(condition))) for condition in (
            Asset.acquired_on > day, Asset.disposed_on > day,
            and_(AssetHistory.effective_on > day, AssetHistory.to_unit.is_not(None))))

    @staticmethod
    def _running_totals(condition, unit: str | None, category: str | None = None):
        """The rows of `register_totals` and of the changes not folded in yet that meet
        `condition(table)`, of a board and a category, as one subquery (read in one statement)."""
        def rows(table):
            stmt = select(table.c.fiscal_year, table.c.unit, table.c.category, table.c.status,
                          *(table.c[k] for k in SUMS)).where(condition(table))
            if unit:
                stmt = stmt.where(table.c.unit == unit)
            return stmt.where(table.c.category == category) if category else stmt
        return union_all(rows(RegisterTotal.__table__), rows(RegisterChange.__table__)).subquery()

    def register_now(self, last_fiscal_year: int, unit: str | None, category: str | None) -> list[tuple]:
        """`register_groups` for today, from the running totals: a few hundred rows whatever the
        register's size and history (issue 16). Wear booked for years after `last_fiscal_year` is
        left out."""
        both = self._running_totals(lambda t: or_(t.c.fiscal_year == ALL_YEARS, t.c.fiscal_year > last_fiscal_year),
                                    unit, category)
        worn = case((both.c.fiscal_year == ALL_YEARS, both.c.accumulated_wear_vnd), else_=-both.c.accumulated_wear_vnd)
        stmt = (select(both.c.unit, both.c.category, both.c.status, func.sum(both.c.asset_count),
                       func.sum(both.c.original_cost_vnd), func.sum(worn))
                .group_by(both.c.unit, both.c.category, both.c.status)
                .having(func.sum(both.c.asset_count) > 0)
                .order_by(both.c.unit, both.c.category, both.c.status))
        return [(b, c, st, int(n), int(cost or 0), int(w or 0)) for b, c, st, n, cost, w in self.session.execute(stmt)]

    def fold_register_changes(self) -> int:
        """Fold the running totals' changes into `register_totals`; how many were folded. The
        changes are deleted and read in one statement (a change committed meanwhile stays for the
        next time), the totals locked in key order."""
        table = RegisterChange.__table__
        folded = self.session.execute(delete(table).returning(
            table.c.fiscal_year, table.c.unit, table.c.category, table.c.status, *(table.c[k] for k in SUMS))).all()
        changes: dict[tuple, list[int]] = {}
        for fy, u, c, st, *sums in folded:
            add_change(changes, (fy, u, c, st), **dict(zip(SUMS, sums)))
        for row in register_changes(changes):
            _add_to(self.session, RegisterTotal.__table__, ["fiscal_year", "unit", "category", "status"], row,
                    list(SUMS))
        return len(folded)

    def due_now(self, unit: str | None) -> list[tuple[str, int, int]]:
        """Per board, (board, how many assets, how much wear) a wear run would record next for the
        register on the books now, from the running totals: `WearRuns.unworn_totals` for a year
        not run yet, in a few hundred rows whatever the register's size (issue 16)."""
        both = self._running_totals(lambda t: t.c.fiscal_year == ALL_YEARS, unit)
        stmt = (select(both.c.unit, func.sum(both.c.due_count), func.sum(both.c.due_wear_vnd))
                .group_by(both.c.unit).having(func.sum(both.c.due_count) > 0).order_by(both.c.unit))
        return [(u, int(n), int(total or 0)) for u, n, total in self.session.execute(stmt)]

    def export_rows(self, unit: str | None, args: dict, last_fiscal_year: int, batch: int = 1000):
        """(asset, its wear of the fiscal years up to `last_fiscal_year`) of every asset the
        list's filters keep, in id order, read `batch` rows at a time (the export streams); the
        asset as a row of the columns the export shows, not an ORM object."""
        worn, join = self._worn_until(last_fiscal_year)
        stmt = join(self._filtered(unit, args).with_only_columns(
            Asset.id, Asset.tag, Asset.category, Asset.name, Asset.unit, Asset.holder_staff_id, Asset.location,
            Asset.acquired_on, Asset.original_cost_vnd, Asset.status, Asset.disposed_on, worn.label("worn"),
            maintain_column_froms=True)).order_by(Asset.id)
        self._without_jit()
        for row in self.session.execute(stmt.execution_options(yield_per=batch)):
            yield row, int(row.worn or 0)

    def of_board(self, unit: str) -> list[Asset]:
        """The board's assets not disposed, locked, in id order."""
        return list(self.session.scalars(
            select(Asset).where(Asset.unit == unit, Asset.status != asset_rules.DISPOSED)
            .order_by(Asset.id).with_for_update()))

    def held_by(self, staff_id: int) -> list[Asset]:
        """The assets not disposed a person holds, locked."""
        return list(self.session.scalars(
            select(Asset).where(Asset.holder_staff_id == staff_id, Asset.status != asset_rules.DISPOSED)
            .order_by(Asset.id).with_for_update()))

    def on_books(self, as_of: dt.date) -> list[Asset]:
        """The assets acquired by `as_of` and not disposed by then."""
        return list(self.session.scalars(
            select(Asset).where(Asset.acquired_on <= as_of,
                                or_(Asset.disposed_on.is_(None), Asset.disposed_on > as_of))
            .order_by(Asset.id)))

    def of_boards_on(self, units: list[str], as_of: dt.date) -> list[Asset]:
        """The register of some boards on a date (not disposed, acquired by then): a stock-take's expectation."""
        return list(self.session.scalars(
            select(Asset).where(Asset.unit.in_(units), Asset.status != asset_rules.DISPOSED,
                                Asset.acquired_on <= as_of).order_by(Asset.id)))

    def by_tags(self, tags) -> list[Asset]:
        tags = list(tags)
        return list(self.session.scalars(select(Asset).where(Asset.tag.in_(tags)))) if tags else []

    def _filtered(self, unit: str | None, args: dict):
        """The filters of the register's list (and of its export)."""
        stmt = select(Asset)
        if unit:
            stmt = stmt.where(Asset.unit == unit)
        for name in ("category", "status", "location"):
            if args.get(name):
                stmt = stmt.where(getattr(Asset, name) == args[name])
        if args.get("holder_staff_id") is not None:
            stmt = stmt.where(Asset.holder_staff_id == args["holder_staff_id"])
        if args.get("acquired_from"):
            stmt = stmt.where(Asset.acquired_on >= args["acquired_from"])
        if args.get("acquired_to"):
            stmt = stmt.where(Asset.acquired_on <= args["acquired_to"])
        if args.get("is_vehicle") is not None:
            vehicles = select(Category.code).where(Category.is_vehicle.is_(True))
            stmt = stmt.where(Asset.category.in_(vehicles) if args["is_vehicle"] else Asset.category.not_in(vehicles))
        if args.get("q"):
            # a plate may be asked for however it is written: each word also without dots and dashes
            q = args["q"]
            stmt = stmt.where(or_(matches(Asset.search_text, q),
                                  matches(Asset.search_text, " ".join(asset_rules.normalize_plate(w) or w
                                                                      for w in q.split()))))
        return stmt

    def page(self, unit: str | None, args: dict) -> tuple[list[Asset], str | None]:
        return paginate(self.session, self._filtered(unit, args), Asset.id, args["limit"], args.get("cursor"))



class Procurements(_Repository):
    def get(self, procurement_id: int, lock: bool = False) -> Procurement | None:
        return self.session.get(Procurement, procurement_id, with_for_update=lock)

    def add(self, procurement: Procurement) -> Procurement:
        return self._add(procurement)

    def page(self, unit: str | None, args: dict) -> tuple[list[Procurement], str | None]:
        """A page of requests, newest first, with the list's filters."""
        stmt = select(Procurement)
        if unit:
            stmt = stmt.where(Procurement.unit == unit)
        if args.get("status"):
            stmt = stmt.where(Procurement.status == args["status"])
        if args.get("fiscal_year"):
            stmt = stmt.where(Procurement.fiscal_year == args["fiscal_year"])
        if args.get("q"):
            stmt = stmt.where(matches(Procurement.search_text, args["q"]))
        return paginate(self.session, stmt, Procurement.id, args["limit"], args.get("cursor"), descending=True)

    def pending_approval(self, unit: str | None = None) -> list[Procurement]:
        """Reserved requests waiting for their approver, oldest first (of one board, or all)."""
        stmt = select(Procurement).where(Procurement.status == procurement_rules.PENDING_APPROVAL)
        if unit is not None:
            stmt = stmt.where(Procurement.unit == unit)
        return list(self.session.scalars(stmt.order_by(Procurement.id)))

    def lock_board(self, unit: str) -> None:
        """Serialize the submits of one board: they read its holdings and then add to them, so
        two concurrent requests cannot both fit into the same last place. SQLite already
        serializes writers (BEGIN IMMEDIATE)."""
        if self.session.get_bind().dialect.name == "postgresql":
            key = zlib.crc32(f"assets:standards:{unit}".encode())
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def holding(self, category: str, staff_id: int | None, unit: str, except_id: int) -> Holding:
        """What a beneficiary (or, with None, the board's shared equipment) holds of a category
        and has on its way in the other requests still in flight."""
        in_flight = (select(ProcurementLine.id).join(Procurement)
                     .where(Procurement.status.in_(procurement_rules.IN_FLIGHT), Procurement.id != except_id))
        held = select(func.count(Asset.id)).where(Asset.category == category, Asset.status != asset_rules.DISPOSED)
        pending = (select(func.coalesce(func.sum(ProcurementLine.quantity), 0))
                   .where(ProcurementLine.id.in_(in_flight), ProcurementLine.category == category))
        if staff_id is None:
            held = held.where(Asset.unit == unit, Asset.holder_staff_id.is_(None))
            pending = pending.where(ProcurementLine.beneficiary_staff_id.is_(None), ProcurementLine.procurement_id.in_(
                select(Procurement.id).where(Procurement.unit == unit)))
        else:
            held = held.where(Asset.holder_staff_id == staff_id)
            pending = pending.where(ProcurementLine.beneficiary_staff_id == staff_id)
        return Holding(held=self.session.scalar(held) or 0, pending=int(self.session.scalar(pending) or 0))


class Disposals(_Repository):
    def get(self, disposal_id: int, lock: bool = False) -> Disposal | None:
        return self.session.get(Disposal, disposal_id, with_for_update=lock)

    def add(self, disposal: Disposal) -> bool:
        """Insert the request; False when one for the same asset is already waiting."""
        return self._add_unique(disposal)

    def pending_for(self, asset_id: int) -> bool:
        return self.session.scalar(select(Disposal.id).where(Disposal.asset_id == asset_id,
                                                             Disposal.status == "requested")) is not None

    def waiting(self) -> list[tuple[Disposal, str, str]]:
        """Requests waiting for the leadership, oldest first, with their asset's tag and name."""
        return list(self.session.execute(
            select(Disposal, Asset.tag, Asset.name).join(Asset, Asset.id == Disposal.asset_id)
            .where(Disposal.status == "requested").order_by(Disposal.id)).all())

    def page(self, unit: str | None, args: dict) -> tuple[list[Disposal], str | None]:
        stmt = select(Disposal)
        if unit:
            stmt = stmt.where(Disposal.unit == unit)
        if args.get("status"):
            stmt = stmt.where(Disposal.status == args["status"])
        return paginate(self.session, stmt, Disposal.id, args["limit"], args.get("cursor"), descending=True)


class Repairs(_Repository):
    def get(self, repair_id: int, lock: bool = False) -> Repair | None:
        return self.session.get(Repair, repair_id, with_for_update=lock)

    def add(self, repair: Repair) -> bool:
        """Insert the repair; False when the asset already has an open one."""
        return self._add_unique(repair)

    def page(self, unit: str | None, args: dict, asset_id: int | None = None) -> tuple[list[Repair], str | None]:
        stmt = select(Repair)
        if asset_id is not None:
            stmt = stmt.where(Repair.asset_id == asset_id)
        if unit:
            stmt = stmt.where(Repair.unit == unit)
        if args.get("status"):
            stmt = stmt.where(Repair.status == args["status"])
        return paginate(self.session, stmt, Repair.id, args["limit"], args.get("cursor"), descending=True)


class WearRuns(_Repository):
    def get(self, fiscal_year: int) -> WearRun | None:
        return self.session.scalar(select(WearRun).where(WearRun.fiscal_year == fiscal_year))

    def list(self) -> list[WearRun]:
        return list(self.session.scalars(select(WearRun).order_by(WearRun.fiscal_year.desc())))

    def start(self, fiscal_year: int, actor: str) -> tuple[WearRun, bool]:
        """The year's run, created if new, locked: a second run of the year waits here, then
        finds every entry already made. Returns the run and whether this call created it."""
        created = insert_ignore(self.session, WearRun.__table__, {
            "fiscal_year": fiscal_year, "first_run_at": utcnow(), "first_run_by": actor,
            "last_run_at": utcnow(), "last_run_by": actor, "executions": 0})
        run = self.session.scalars(select(WearRun).where(WearRun.fiscal_year == fiscal_year)
                                   .with_for_update().execution_options(populate_existing=True)).one()
        return run, created

    def _due(self, fiscal_year: int, year_end: dt.date, unit: str | None):
        """The assets on the books at the year's end without an entry for that year and with
        wear left to record: (the conditions, this year's amount as SQL, the wear so far).
        The amount is SQL's copy of `wear.wear_for_year`, exact in whole VND on both dialects:
        the annual wear rounded half up as integer division of cost x rate in basis points,
        capped at what is left of the cost."""
        worn = func.coalesce(AssetWear.accumulated_wear_vnd, 0)
        annual = (Asset.original_cost_vnd * cast(func.round(Category.wear_rate_pct * 100), BigInteger) + 5000) // 10000
        left = case((Asset.original_cost_vnd > worn, Asset.original_cost_vnd - worn), else_=0)
        amount = case((annual < left, annual), else_=left)
        already = select(WearEntry.asset_id).where(WearEntry.fiscal_year == fiscal_year)
        conditions = [Asset.acquired_on <= year_end, or_(Asset.disposed_on.is_(None), Asset.disposed_on > year_end),
                      Asset.id.not_in(already), amount > 0]
        if unit:
            conditions.append(Asset.unit == unit)
        return conditions, amount, worn

    def unworn(self, fiscal_year: int, year_end: dt.date, unit: str | None = None,
               after: int | None = None, limit: int | None = None) -> list[tuple[Any, object, int]]:
        """(asset, its category's rate, its wear so far) of the assets the run of the year would
        book now, in id order (of a board; from after `after`, at most `limit` for a page): the
        asset as a row of the columns the run and its preview use (not an ORM object), its wear
        from its summary (`asset_wear`)."""
        conditions, _amount, worn = self._due(fiscal_year, year_end, unit)
        if after is not None:
            conditions.append(Asset.id > after)
        stmt = (select(Asset.id, Asset.tag, Asset.name, Asset.unit, Asset.category, Asset.status,
                       Asset.original_cost_vnd, Asset.acquired_on, Asset.disposed_on, Category.wear_rate_pct,
                       worn.label("worn"))
                .join(Category, Category.code == Asset.category)
                .outerjoin(AssetWear, AssetWear.asset_id == Asset.id)
                .where(*conditions).order_by(Asset.id))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [(row, row.wear_rate_pct, int(row.worn)) for row in self.session.execute(stmt)]

    def unworn_totals(self, fiscal_year: int, year_end: dt.date, unit: str | None = None) -> list[tuple[str, int, int]]:
        """Per board, (board, how many assets, how much wear) the run of the year would book now:
        one grouped query, whatever the size of the register's page shown (issue 16)."""
        conditions, amount, _worn = self._due(fiscal_year, year_end, unit)
        stmt = (select(Asset.unit, func.count(), func.sum(amount))
                .join(Category, Category.code == Asset.category)
                .outerjoin(AssetWear, AssetWear.asset_id == Asset.id)
                .where(*conditions).group_by(Asset.unit).order_by(Asset.unit))
        return [(u, int(n), int(total or 0)) for u, n, total in self.session.execute(stmt)]

    def record(self, entry: dict) -> bool:
        """One asset's wear of a year, added to the asset's summary (`asset_wear`) in the same
        transaction; False when it was already recorded."""
        if not insert_ignore(self.session, WearEntry.__table__, entry):
            return False
        stmt = dialect_insert(self.session, AssetWear.__table__).values(
            asset_id=entry["asset_id"], accumulated_wear_vnd=entry["amount_vnd"], last_fiscal_year=entry["fiscal_year"])
        last = AssetWear.__table__.c.last_fiscal_year
        self.session.execute(stmt.on_conflict_do_update(index_elements=[AssetWear.__table__.c.asset_id], set_={
            "accumulated_wear_vnd": AssetWear.__table__.c.accumulated_wear_vnd + stmt.excluded.accumulated_wear_vnd,
            "last_fiscal_year": case((or_(last.is_(None), last < stmt.excluded.last_fiscal_year),
                                      stmt.excluded.last_fiscal_year), else_=last)}))
        return True

    def add_to_register(self, recorded: list[tuple[int, tuple[str, str, str], int, int]]) -> None:
        """Wear just recorded for assets on the books, (fiscal year, (board, category, status),
        amount, what the asset's next run would record), into the register's running totals
        (`register_changes`, same transaction): the amount was the asset's due until now."""
        changes: dict[tuple, list[int]] = {}
        for fiscal_year, key, amount, next_due in recorded:
            add_change(changes, (ALL_YEARS, *key), accumulated_wear_vnd=amount, due_count=(next_due > 0) - 1,
                       due_wear_vnd=next_due - amount)
            add_change(changes, (fiscal_year, *key), accumulated_wear_vnd=amount)
        append_register_changes(self.session, changes)

    def add_totals(self, run_id: int, unit: str, asset_count: int, wear_vnd: int) -> None:
        """Add entries just recorded to the run's totals of a board (same transaction)."""
        _add_to(self.session, WearRunUnit.__table__, ["run_id", "unit"],
                {"run_id": run_id, "unit": unit, "asset_count": asset_count, "wear_vnd": wear_vnd},
                ["asset_count", "wear_vnd"])

    def totals(self, fiscal_year: int, unit: str | None = None) -> list[dict]:
        """Per board: how many assets wore in the year and by how much (the run's stored totals)."""
        stmt = (select(WearRunUnit.unit, WearRunUnit.asset_count, WearRunUnit.wear_vnd)
                .join(WearRun, WearRun.id == WearRunUnit.run_id)
                .where(WearRun.fiscal_year == fiscal_year, WearRunUnit.asset_count > 0).order_by(WearRunUnit.unit))
        if unit:
            stmt = stmt.where(WearRunUnit.unit == unit)
        return [{"unit": u, "asset_count": n, "wear_vnd": int(total)} for u, n, total in self.session.execute(stmt)]


class Stocktakes(_Repository):
    def get(self, stocktake_id: int, lock: bool = False) -> Stocktake | None:
        return self.session.get(Stocktake, stocktake_id, with_for_update=lock)

    def add(self, stocktake: Stocktake) -> Stocktake:
        return self._add(stocktake)

    def page(self, unit: str | None, args: dict) -> tuple[list[Stocktake], str | None]:
        stmt = select(Stocktake)
        if unit:
            stmt = stmt.where(Stocktake.id.in_(select(StocktakeUnit.stocktake_id).where(StocktakeUnit.unit == unit)))
        if args.get("status"):
            stmt = stmt.where(Stocktake.status == args["status"])
        return paginate(self.session, stmt, Stocktake.id, args["limit"], args.get("cursor"), descending=True)

    def proposed(self) -> list[Stocktake]:
        """Campaigns whose reconciliation waits for the leadership, oldest first."""
        return list(self.session.scalars(select(Stocktake).where(Stocktake.status == stocktake_rules.PROPOSED)
                                         .order_by(Stocktake.id)))

    def expect(self, stocktake_id: int, assets: list[Asset]) -> None:
        """Keep the register the counts will be held to."""
        self.session.add_all(StocktakeExpected(stocktake_id=stocktake_id, asset_id=a.id, tag=a.tag, unit=a.unit,
                                               location=a.location) for a in assets)
        self.session.flush()

    def expected(self, stocktake_id: int) -> list[StocktakeExpected]:
        return list(self.session.scalars(select(StocktakeExpected).where(StocktakeExpected.stocktake_id == stocktake_id)
                                         .order_by(StocktakeExpected.asset_id)))

    def sheet(self, stocktake_id: int, unit: str, location: str) -> CountSheet | None:
        return self.session.scalar(select(CountSheet).where(
            CountSheet.stocktake_id == stocktake_id, CountSheet.unit == unit, CountSheet.location == location))

    def add_sheet(self, sheet: CountSheet) -> CountSheet:
        return self._add(sheet)

    def sheets(self, stocktake_id: int, units) -> list[CountSheet]:
        return list(self.session.scalars(
            select(CountSheet).where(CountSheet.stocktake_id == stocktake_id, CountSheet.unit.in_(list(units)))
            .order_by(CountSheet.unit, CountSheet.location)))

    def sheet_sizes(self, stocktake_id: int, units) -> list[tuple[str, str, int]]:
        """(unit, location, lines) of each sheet of these boards."""
        return [tuple(row) for row in self.session.execute(
            select(CountSheet.unit, CountSheet.location, func.count(CountLine.id))
            .outerjoin(CountLine, CountLine.sheet_id == CountSheet.id)
            .where(CountSheet.stocktake_id == stocktake_id, CountSheet.unit.in_(list(units)))
            .group_by(CountSheet.id, CountSheet.unit, CountSheet.location)
            .order_by(CountSheet.unit, CountSheet.location))]

    def lines(self, sheet_id: int) -> list[CountLine]:
        return list(self.session.scalars(select(CountLine).where(CountLine.sheet_id == sheet_id)
                                         .order_by(CountLine.tag)))

    def add_line(self, line: CountLine) -> None:
        self.session.add(line)

    def counts(self, stocktake_id: int) -> list[tuple[str, str, str, str]]:
        """(tag, unit, location, condition) of every counted line, in the order counted."""
        return [tuple(row) for row in self.session.execute(
            select(CountLine.tag, CountSheet.unit, CountSheet.location, CountLine.condition)
            .join(CountSheet, CountSheet.id == CountLine.sheet_id)
            .where(CountSheet.stocktake_id == stocktake_id).order_by(CountLine.id))]

    def results(self, stocktake_id: int, kind: str | None = None) -> list[StocktakeResult]:
        stmt = select(StocktakeResult).where(StocktakeResult.stocktake_id == stocktake_id)
        if kind:
            stmt = stmt.where(StocktakeResult.kind == kind)
        return list(self.session.scalars(stmt.order_by(StocktakeResult.id)))

    def add_result(self, result: StocktakeResult) -> None:
        self.session.add(result)


class CarLimits(_Repository):
    """fleet's exceptions to the Office's car entitlement, as this service heard of them."""

    def extra(self) -> int:
        """The extra cars of the exceptions in force."""
        return int(self.session.scalar(select(func.coalesce(func.sum(CarLimitException.extra_cars), 0))
                                       .where(CarLimitException.withdrawn_at.is_(None))) or 0)

    def add_once(self, row: CarLimitException) -> bool:
        """Keep the exception unless it is already kept (the same event delivered again) or was
        withdrawn already (its withdrawal overtook it)."""
        if self.session.get(CarLimitException, row.id) is not None:
            return False
        return self._add_unique(row)

    def withdraw(self, exception_id: int, decision_no: str, extra_cars: int, reason: str) -> bool:
        """Stop counting an exception fleet withdrew: marked, or kept withdrawn when its own event
        has not come yet; False when it was withdrawn already."""
        row = self.session.get(CarLimitException, exception_id, with_for_update=True)
        if row is None:
            return self._add_unique(CarLimitException(id=exception_id, decision_no=decision_no, extra_cars=extra_cars,
                                                      withdrawn_at=utcnow(), withdrawal_reason=reason))
        if row.withdrawn_at is not None:
            return False
        row.withdrawn_at = utcnow()
        row.withdrawal_reason = reason
        self.session.flush()
        return True


def repositories(session: Session) -> dict:
    """The repositories a unit of work exposes (`uow.procurements`, `uow.assets`, ...)."""
    return {
        "replica": Replica(session), "categories": Categories(session), "standards": Standards(session),
        "assets": Assets(session), "procurements": Procurements(session), "disposals": Disposals(session),
        "repairs": Repairs(session), "wear_runs": WearRuns(session), "stocktakes": Stocktakes(session),
        "car_limits": CarLimits(session),
    }
