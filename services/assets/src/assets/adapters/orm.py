"""The assets service's tables (its own database; no other service opens it)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from buildingblocks.db import BigId, UTCDateTime, make_base, service_metadata, utcnow
from buildingblocks.attachments import attachment_tables
from buildingblocks.replica import replica_tables
from buildingblocks.search import keep_search_text, search_index
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import wear

metadata = service_metadata()
replica_tables(metadata)
# files on procurements, repairs and disposals (issue 14): `attachments` and `attachment_blobs`, migration 0004
ATTACHMENT_TABLES = attachment_tables(metadata)
Base = make_base(metadata)

Money = BigInteger


class Category(Base):
    """An asset category with its useful life and yearly wear rate, and where they come from."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    useful_life_years: Mapped[int] = mapped_column(Integer)
    wear_rate_pct: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    is_vehicle: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(String(10))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("useful_life_years > 0", name="life_positive"),
        CheckConstraint("wear_rate_pct > 0 AND wear_rate_pct <= 100", name="rate_in_range"),
    )


class Standard(Base):
    """Max quantity and unit price of a category, per title rank (person) or per board (unit)."""

    __tablename__ = "standards"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # one standard per category, scope and rank; NULL ranks would not collide in a unique index
    key: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    title_rank: Mapped[str | None] = mapped_column(String(40))
    max_quantity: Mapped[int | None] = mapped_column(Integer)
    max_unit_price_vnd: Mapped[int | None] = mapped_column(Money)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(String(10))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Asset(Base):
    """One item of the register."""

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tag: Mapped[str] = mapped_column(String(60), unique=True)
    # active_history on the columns `register_totals` counts by: the value before a change is known
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"), index=True, active_history=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), index=True, active_history=True)
    holder_staff_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    location: Mapped[str | None] = mapped_column(String(120))
    acquired_on: Mapped[dt.date] = mapped_column(Date, index=True)
    original_cost_vnd: Mapped[int] = mapped_column(Money, active_history=True)
    status: Mapped[str] = mapped_column(String(20), index=True, active_history=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # normalized plate of a vehicle: two cars on the register never share one
    plate: Mapped[str | None] = mapped_column(String(20))
    disposed_on: Mapped[dt.date | None] = mapped_column(Date, index=True, active_history=True)
    source: Mapped[str] = mapped_column(String(60), default="register")
    # folded words for ?q= (tag, name, category, plate): kept by keep_search_text below
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("original_cost_vnd >= 0", name="cost_not_negative"),
        Index("uq_assets_plate_active", "plate", unique=True,
              postgresql_where=text("plate IS NOT NULL AND status <> 'disposed'"),
              sqlite_where=text("plate IS NOT NULL AND status <> 'disposed'")),
        search_index("assets"),  # ?q= (issue 16)
    )


class CarLimitException(Base):
    """fleet's record of a leadership decision letting the Office hold more general-use cars than
    its entitlement (`fleet.car_limit.exception_recorded`): the register counts it too."""

    __tablename__ = "car_limit_exceptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # fleet's id
    decision_no: Mapped[str] = mapped_column(String(60))
    extra_cars: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)  # none when its withdrawal came first
    note: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # withdrawn (`fleet.car_limit.exception_withdrawn`): kept, not deleted, so that the exception's
    # own event, delivered after its withdrawal (a redelivery, a retry), does not count it again
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)


class AssetHistory(Base):
    """Every move and status change of an asset, with who, when and why."""

    __tablename__ = "asset_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    effective_on: Mapped[dt.date] = mapped_column(Date, index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(120))
    from_unit: Mapped[str | None] = mapped_column(String(40))
    to_unit: Mapped[str | None] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    from_holder: Mapped[int | None] = mapped_column(BigInteger)
    to_holder: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(80))


class TagCounter(Base):
    """The last number handed out for new tags of a year."""

    __tablename__ = "tag_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class WearRun(Base):
    """The yearly wear run of a fiscal year (one per year; running it again adds nothing twice)."""

    __tablename__ = "wear_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, unique=True)
    first_run_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_run_by: Mapped[str | None] = mapped_column(String(120))
    last_run_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_run_by: Mapped[str | None] = mapped_column(String(120))
    executions: Mapped[int] = mapped_column(Integer, default=0)


class WearEntry(Base):
    """One asset's wear for one fiscal year; at most one per asset and year."""

    __tablename__ = "wear_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("wear_runs.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40))
    wear_rate_pct: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    amount_vnd: Mapped[int] = mapped_column(Money)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("asset_id", "fiscal_year", name="uq_wear_entries_asset_year"),
        CheckConstraint("amount_vnd >= 0", name="amount_not_negative"),
    )


class AssetWear(Base):
    """An asset's wear so far (issue 16): the sum of its wear entries and the last fiscal year worn,
    kept by the wear run in the transaction that records the entries (summary == sum of rows).
    No row: nothing worn yet."""

    __tablename__ = "asset_wear"

    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), primary_key=True)
    accumulated_wear_vnd: Mapped[int] = mapped_column(Money, default=0)
    last_fiscal_year: Mapped[int | None] = mapped_column(Integer)


class WearRunUnit(Base):
    """A wear run's share of one board (issue 16): how many entries and how much wear the run
    recorded with that board, kept in the transaction that records them."""

    __tablename__ = "wear_run_units"

    run_id: Mapped[int] = mapped_column(ForeignKey("wear_runs.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(40), primary_key=True)
    asset_count: Mapped[int] = mapped_column(Integer, default=0)
    wear_vnd: Mapped[int] = mapped_column(Money, default=0)


class RegisterTotal(Base):
    """The register on the books now, per board, category and status (issue 16): row `fiscal_year`
    0 holds how many assets, their cost and all their wear, and how many a wear run would record
    wear for next and how much (the next year's preview); row `fiscal_year` Y the wear booked for Y
    (a report before Y's end leaves it out). Disposed assets are not counted. Written only by
    `Assets.fold_register_changes`, which folds `register_changes` in; the totals are these rows
    plus the changes not folded yet. A migration changing a category's wear rate must rebuild the
    due columns (as 0008 built them)."""

    __tablename__ = "register_totals"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    asset_count: Mapped[int] = mapped_column(Integer, default=0)
    original_cost_vnd: Mapped[int] = mapped_column(Money, default=0)
    accumulated_wear_vnd: Mapped[int] = mapped_column(Money, default=0)
    # of row 0: how many assets a wear run would record wear for next, and how much
    due_count: Mapped[int] = mapped_column(Integer, default=0)
    due_wear_vnd: Mapped[int] = mapped_column(Money, default=0)


class RegisterChange(Base):
    """What one transaction changed in `register_totals`, appended in that transaction (an asset
    registered, moved, changing status or disposed; a wear run's wear): no writer updates a shared
    row, so writers never wait for one another nor deadlock, and a savepoint rolled back takes its
    changes with it."""

    __tablename__ = "register_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    asset_count: Mapped[int] = mapped_column(Integer)
    original_cost_vnd: Mapped[int] = mapped_column(Money)
    accumulated_wear_vnd: Mapped[int] = mapped_column(Money)
    due_count: Mapped[int] = mapped_column(Integer)
    due_wear_vnd: Mapped[int] = mapped_column(Money)


class Procurement(Base):
    """A board's procurement request and where it is."""

    __tablename__ = "procurements"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(120))
    requester_staff_id: Mapped[int | None] = mapped_column(BigInteger)
    total_vnd: Mapped[int] = mapped_column(Money, default=0)
    actual_total_vnd: Mapped[int | None] = mapped_column(Money)
    reservation_status: Mapped[str] = mapped_column(String(20), default="none")
    reservation_reason: Mapped[str | None] = mapped_column(Text)
    available_vnd: Mapped[int | None] = mapped_column(Money)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    received_by: Mapped[str | None] = mapped_column(String(120))
    # folded words for ?q= (the board and the lines' descriptions): kept by keep_search_text below
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lines: Mapped[list["ProcurementLine"]] = relationship(
        back_populates="procurement", order_by="ProcurementLine.position", cascade="all, delete-orphan",
        lazy="selectin")
    steps: Mapped[list["ProcurementStep"]] = relationship(
        order_by="ProcurementStep.id", cascade="all, delete-orphan", lazy="selectin")


def _plates(asset: Asset) -> str:
    """A vehicle's plate as written and as compared (`30A-123.45`, `30A-12345`)."""
    return " ".join(p for p in ((asset.attributes or {}).get("plate"), asset.plate) if isinstance(p, str))


keep_search_text(Asset, "tag", "name", "category", _plates)

# -- the register's running totals (issue 16) --------------------------------------------------
ALL_YEARS = 0  # `register_totals.fiscal_year` of the row with the count, the cost and all the wear
_COUNTED_BY = ("unit", "category", "status", "original_cost_vnd", "disposed_on")
# what a row of `register_totals` and `register_changes` sums, in this order
SUMS = ("asset_count", "original_cost_vnd", "accumulated_wear_vnd", "due_count", "due_wear_vnd")


def _counted(values: dict) -> tuple[str, str, str] | None:
    """The totals' key an asset with these values counts under: none once disposed."""
    return None if values["disposed_on"] is not None else (values["unit"], values["category"], values["status"])


def register_changes(changes: dict[tuple, list[int]]) -> list[dict]:
    """Rows of `register_changes` from {(fiscal year, unit, category, status): [the SUMS]},
    leaving out what nets to nothing."""
    return [{"fiscal_year": fy, "unit": u, "category": c, "status": st, **dict(zip(SUMS, sums))}
            for (fy, u, c, st), sums in sorted(changes.items()) if any(sums)]


def add_change(changes: dict[tuple, list[int]], key: tuple, **sums: int) -> None:
    """Add to the change of one row, {name in SUMS: amount}."""
    row = changes.setdefault(key, [0] * len(SUMS))
    for name, amount in sums.items():
        row[SUMS.index(name)] += amount


def append_register_changes(connection, changes: dict[tuple, list[int]]) -> None:
    """Append {(fiscal year, unit, category, status): [the SUMS]} to `register_changes` (a
    connection or a session: the transaction of the change)."""
    rows = register_changes(changes)
    if rows:
        connection.execute(RegisterChange.__table__.insert(), rows)


def _count(connection, changes: dict, values: dict, sign: int, wear_by_year: list[tuple[int, int]]) -> None:
    """An asset with these values into (sign 1) or out of (-1) the totals, with its wear of each
    year and the wear a run would record for it next (`wear.wear_for_year`, 0 once fully worn)."""
    key = _counted(values)
    if key is None:
        return
    cost, worn = values["original_cost_vnd"], sum(amount for _fy, amount in wear_by_year)
    rate = connection.scalar(select(Category.wear_rate_pct).where(Category.code == values["category"]))
    due = wear.wear_for_year(cost, rate, worn) if rate is not None else 0
    add_change(changes, (ALL_YEARS, *key), asset_count=sign, original_cost_vnd=sign * cost,
               accumulated_wear_vnd=sign * worn, due_count=sign * (due > 0), due_wear_vnd=sign * due)
    for fiscal_year, amount in wear_by_year:
        add_change(changes, (fiscal_year, *key), accumulated_wear_vnd=sign * amount)


def _wear_by_year(connection, asset_id: int) -> list[tuple[int, int]]:
    return [(fy, int(amount)) for fy, amount in connection.execute(
        select(WearEntry.fiscal_year, WearEntry.amount_vnd).where(WearEntry.asset_id == asset_id))]


def _asset_registered(_mapper, connection, asset: Asset) -> None:
    changes: dict = {}
    _count(connection, changes, {k: getattr(asset, k) for k in _COUNTED_BY}, 1, [])
    append_register_changes(connection, changes)


def _before_and_after(asset: Asset) -> tuple[dict, dict]:
    """The counted columns' values before the flush and now."""
    state = inspect(asset)
    after = {name: getattr(asset, name) for name in _COUNTED_BY}
    before = {name: state.attrs[name].history.deleted[0] if state.attrs[name].history.deleted else after[name]
              for name in _COUNTED_BY}
    return before, after


def _asset_changed(_mapper, connection, asset: Asset) -> None:
    """An asset's move, status change, cost change or disposal: out of the totals under what it
    was, in under what it is, with its wear of every year (the same transaction as the change)."""
    before, after = _before_and_after(asset)
    if before == after:
        return
    wear_by_year = _wear_by_year(connection, asset.id)
    changes: dict = {}
    _count(connection, changes, before, -1, wear_by_year)
    _count(connection, changes, after, 1, wear_by_year)
    append_register_changes(connection, changes)


def _asset_deleted(_mapper, connection, asset: Asset) -> None:
    before, _after = _before_and_after(asset)
    changes: dict = {}
    _count(connection, changes, before, -1, _wear_by_year(connection, asset.id))
    append_register_changes(connection, changes)


event.listen(Asset, "after_insert", _asset_registered)
event.listen(Asset, "after_update", _asset_changed)
event.listen(Asset, "after_delete", _asset_deleted)


class ProcurementLine(Base):
    __tablename__ = "procurement_lines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_vnd: Mapped[int] = mapped_column(Money)
    beneficiary_staff_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    actual_unit_price_vnd: Mapped[int | None] = mapped_column(Money)

    procurement: Mapped[Procurement] = relationship(back_populates="lines")

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_vnd >= 0", name="price_not_negative"),
    )


keep_search_text(Procurement, "unit", lambda p: " ".join(line.description for line in p.lines))


class ProcurementStep(Base):
    """The request's timeline: each status it reached, who moved it there and why."""

    __tablename__ = "procurement_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)


class Repair(Base):
    __tablename__ = "repairs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str] = mapped_column(Text)
    vendor: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)
    estimated_cost_vnd: Mapped[int] = mapped_column(Money)
    actual_cost_vnd: Mapped[int | None] = mapped_column(Money)
    replacement_advised: Mapped[bool] = mapped_column(Boolean, default=False)
    status_before: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(120))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_by: Mapped[str | None] = mapped_column(String(120))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("estimated_cost_vnd >= 0", name="estimate_not_negative"),
        CheckConstraint("actual_cost_vnd IS NULL OR actual_cost_vnd >= 0", name="actual_not_negative"),
        # one repair open at a time per asset
        Index("uq_repairs_open_asset", "asset_id", unique=True,
              postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
    )


class Disposal(Base):
    """A request to dispose of an asset [thanh lý], decided by the leadership."""

    __tablename__ = "disposals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), index=True)
    requested_by: Mapped[str] = mapped_column(String(120))
    requester_staff_id: Mapped[int | None] = mapped_column(BigInteger)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    disposed_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("uq_disposals_requested_asset", "asset_id", unique=True,
              postgresql_where=text("status = 'requested'"), sqlite_where=text("status = 'requested'")),
    )


class Stocktake(Base):
    """A stock-take campaign [đợt kiểm kê] over some boards on a date."""

    __tablename__ = "stocktakes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), index=True)
    opened_by: Mapped[str] = mapped_column(String(120))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(120))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    proposal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    proposed_by: Mapped[str | None] = mapped_column(String(120))
    proposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    units: Mapped[list["StocktakeUnit"]] = relationship(
        order_by="StocktakeUnit.unit", cascade="all, delete-orphan", lazy="selectin")


class StocktakeUnit(Base):
    __tablename__ = "stocktake_units"

    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(40), primary_key=True)


class StocktakeExpected(Base):
    """The register of the campaign's boards on its date, as taken when the campaign opened."""

    __tablename__ = "stocktake_expected"

    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(40))
    location: Mapped[str | None] = mapped_column(String(120))


class CountSheet(Base):
    """A count sheet [biên bản kiểm kê] for one board, or one location within it."""

    __tablename__ = "count_sheets"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40))
    # "" is the whole board: a NULL would let two whole-board sheets slip past the unique key
    location: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("stocktake_id", "unit", "location", name="uq_count_sheets_place"),)


class CountLine(Base):
    """A tag seen on a sheet, with its condition; unknown tags are kept, not refused."""

    __tablename__ = "count_lines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("count_sheets.id"), index=True)
    tag: Mapped[str] = mapped_column(String(60))
    condition: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    counted_by: Mapped[str] = mapped_column(String(120))
    counted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("sheet_id", "tag", name="uq_count_lines_sheet_tag"),)


class StocktakeResult(Base):
    """A result of a closed campaign, and what the approved reconciliation did about it."""

    __tablename__ = "stocktake_results"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    tag: Mapped[str] = mapped_column(String(60))
    asset_id: Mapped[int | None] = mapped_column(BigInteger)
    register_unit: Mapped[str | None] = mapped_column(String(40))
    register_location: Mapped[str | None] = mapped_column(String(120))
    counted_unit: Mapped[str | None] = mapped_column(String(40))
    counted_location: Mapped[str | None] = mapped_column(String(120))
    condition: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(30))
    resolved_asset_id: Mapped[int | None] = mapped_column(BigInteger)
