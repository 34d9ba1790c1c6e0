"""The assets service's SQL repositories: the unit of work exposes each as `uow.<name>` (see
`repositories`). Queries only SQL does well stay here: row locks, the board's advisory lock,
what a beneficiary holds and has on its way, keyset pages.
"""
from __future__ import annotations

import zlib

from buildingblocks.db import insert_ignore
from buildingblocks.pagination import paginate
from buildingblocks.replica import get_staff, get_unit, require_staff, require_unit
from buildingblocks.search import matches
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import assets as asset_rules
from ..domain import procurement as procurement_rules
from ..domain.standards import Holding, Standard as StandardRule, StandardsCatalogue
from .orm import Asset, AssetHistory, Category, Disposal, Procurement, ProcurementLine, Standard, TagCounter, WearEntry


class _Repository:
    def __init__(self, session: Session):
        self.session = session

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
            StandardRule(s.category, s.scope, s.title_rank, s.max_quantity, s.max_unit_price_vnd)
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

    def page(self, stmt, limit: int, cursor: str | None):
        return paginate(self.session, stmt, Asset.id, limit, cursor)


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


def repositories(session: Session) -> dict:
    """The repositories a unit of work exposes (`uow.procurements`, `uow.assets`, ...)."""
    return {
        "replica": Replica(session), "categories": Categories(session), "standards": Standards(session),
        "assets": Assets(session), "procurements": Procurements(session), "disposals": Disposals(session),
    }
