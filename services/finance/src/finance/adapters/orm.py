"""The finance tables.

The ledger is the book of record: every figure a report shows is a sum of ledger entries. Budget
rows exist to be locked: a use case that reserves or moves money takes `SELECT ... FOR UPDATE` on
the budget row first (BEGIN IMMEDIATE serializes all writes on SQLite), so checks and bookings of
one budget never interleave. A budget row also keeps its figures as a running summary of its
ledger (issue 16), updated by `LedgerRepository.book` in the transaction that appends the entry,
so the check under the lock reads the locked row instead of summing the budget's whole history.
"""

from __future__ import annotations

import datetime as dt

from buildingblocks.attachments import attachment_tables
from buildingblocks.db import BigId, UTCDateTime, make_base, service_metadata, utcnow
from buildingblocks.replica import replica_tables
from buildingblocks.search import keep_search_text, search_index
from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from ..domain.budget import BudgetPosition

metadata = service_metadata()
_, REPLICA_STAFF = replica_tables(metadata)
# invoice scans on expenses (issue 14): `attachments` and `attachment_blobs`, created by migration 0004
ATTACHMENT_TABLES = attachment_tables(metadata)
Base = make_base(metadata)

Money = BigInteger


class Regulation(Base):
    """A version of the spending regulation, in force from `effective_from` until the next one."""

    __tablename__ = "regulations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    effective_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    norms: Mapped[list["Norm"]] = relationship(
        back_populates="regulation", order_by="Norm.id", cascade="all, delete-orphan", lazy="selectin"
    )


class Norm(Base):
    """One limit of a regulation version."""

    __tablename__ = "norms"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    regulation_id: Mapped[int] = mapped_column(ForeignKey("regulations.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    title_rank: Mapped[str | None] = mapped_column(String(40))
    locality_tier: Mapped[str | None] = mapped_column(String(40))
    limit_vnd: Mapped[int] = mapped_column(Money)
    per: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(Text, default="")

    regulation: Mapped[Regulation] = relationship(back_populates="norms")


class Budget(Base):
    """(fiscal year, unit, category): the row that is locked, with its ledger's running sums."""

    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("fiscal_year", "unit", "category", name="uq_budgets_year_unit_category"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    category: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The ledger's figures of this budget (`BudgetPosition`): only `LedgerRepository.book` moves
    # them, in the transaction of the entry it appends and under the budget's lock (migration 0008).
    allocated_vnd: Mapped[int] = mapped_column(Money, default=0, server_default="0")
    reserved_vnd: Mapped[int] = mapped_column(Money, default=0, server_default="0")
    spent_vnd: Mapped[int] = mapped_column(Money, default=0, server_default="0")

    @property
    def position(self) -> BudgetPosition:
        """The figures the row keeps (fresh when the row was read under its lock)."""
        return BudgetPosition(self.allocated_vnd or 0, self.reserved_vnd or 0, self.spent_vnd or 0)


class LedgerEntry(Base):
    """An append-only booking; never updated or deleted. Corrections reverse an entry."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        # Covers the per-kind sums that every check under the budget lock reads, and the reports'
        # overrun counts (index-only scans; issue 16: without `overrun` a year's report read the whole ledger).
        Index("ix_ledger_entries_budget_kind", "budget_id", "kind", "amount_vnd", "overrun"),
        Index("ix_ledger_entries_source", "source", "source_id"),
        # The ledger by period (issue 12): an old month is found without walking every newer entry;
        # with the summed columns, a quarter's report reads the index alone (issue 16, PostgreSQL).
        Index("ix_ledger_entries_recorded_at", "recorded_at",
              postgresql_include=["budget_id", "kind", "amount_vnd", "overrun"]),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"))
    # Copied from the budget so that the ledger reads on its own and lists filter without joins.
    fiscal_year: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    category: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int] = mapped_column(Money)
    # What caused the entry: e.g. ("finance.expense", "17"), ("fleet.trip", "42"), ("finance.transfer", "3").
    source: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str] = mapped_column(String(60))
    event_id: Mapped[str | None] = mapped_column(String(36), index=True)
    overrun: Mapped[bool] = mapped_column(Boolean, default=False)
    # One reversal per entry at most: the unique constraint makes a second one fail.
    reverses_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Expense(Base):
    """An expense request of a board, reserved on its budget from the moment it is submitted."""

    __tablename__ = "expenses"
    __table_args__ = (
        Index("ix_expenses_beneficiary_category_date", "beneficiary_staff_id", "category", "date"),
        Index("ix_expenses_date", "date"),  # the expenses by period (issue 12)
        search_index("expenses"),  # ?q= (issue 16)
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    amount_vnd: Mapped[int] = mapped_column(Money)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    rate_vnd: Mapped[int | None] = mapped_column(Money)
    beneficiary_staff_id: Mapped[int] = mapped_column(Integer)
    beneficiary_title_rank: Mapped[str | None] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    locality_tier: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), index=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"))
    regulation_id: Mapped[int | None] = mapped_column(ForeignKey("regulations.id"))
    norm_id: Mapped[int | None] = mapped_column(ForeignKey("norms.id"))
    norm_limit_vnd: Mapped[int | None] = mapped_column(Money)
    norm_per: Mapped[str | None] = mapped_column(String(10))
    paid_amount_vnd: Mapped[int | None] = mapped_column(Money)
    requested_by: Mapped[str] = mapped_column(String(120))
    requested_by_staff_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # folded words for ?q= (description, category, the beneficiary's name): kept by keep_search_text below
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    decisions: Mapped[list["ExpenseDecision"]] = relationship(
        order_by="ExpenseDecision.id", lazy="selectin", cascade="all, delete-orphan"
    )
    # not a column: the beneficiary's name when the use case has just read it from the replica
    known_beneficiary_name = None


def _beneficiary_name(expense: Expense) -> str | None:
    """The beneficiary's name in the HR replica, when the replica has them."""
    if expense.known_beneficiary_name is not None:
        return expense.known_beneficiary_name
    session = object_session(expense)
    if session is None:
        return None
    return session.connection().scalar(
        select(REPLICA_STAFF.c.full_name).where(REPLICA_STAFF.c.id == expense.beneficiary_staff_id))


keep_search_text(Expense, "description", "category", _beneficiary_name)


class ExpenseDecision(Base):
    """Who did what to an expense, when and why."""

    __tablename__ = "expense_decisions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    expense_id: Mapped[int] = mapped_column(ForeignKey("expenses.id"), index=True)
    action: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    by_username: Mapped[str] = mapped_column(String(120))
    by_staff_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class Reservation(Base):
    """Money held for another service's request (an assets procurement), keyed by its source."""

    __tablename__ = "reservations"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_reservations_source"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(40), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    budget_id: Mapped[int | None] = mapped_column(ForeignKey("budgets.id"))
    amount_vnd: Mapped[int] = mapped_column(Money)
    actual_vnd: Mapped[int | None] = mapped_column(Money)
    # reserved | rejected | spent | released | lapsed (released by its year's close)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    last_event_id: Mapped[str | None] = mapped_column(String(36))
    # set when the event was about a closed year and booked in this (the next open) one instead
    moved_from_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Chargeback(Base):
    """A cost another service incurred for a board, booked as spent; never refused."""

    __tablename__ = "chargebacks"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_chargebacks_source"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(40), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    amount_vnd: Mapped[int] = mapped_column(Money)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    overrun: Mapped[bool] = mapped_column(Boolean, default=False)
    # set when the cost happened in a closed year and was booked in this (the next open) one instead
    moved_from_year: Mapped[int | None] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(36))
    booked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Decided:
    """Who asked for a change that the leadership decides, and who decided, when and why."""

    requested_by: Mapped[str] = mapped_column(String(120))
    requested_by_staff_id: Mapped[int | None] = mapped_column(Integer)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_by_staff_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)


class BudgetChange(Decided, Base):
    """A supplement to one budget or a transfer between two boards, approved by the leadership.

    Nothing moves until approval; then the change is booked as `allocated` entries (a transfer:
    minus on the source, plus on the target) and the record keeps who decided, when and why.
    """

    __tablename__ = "budget_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12))  # supplement | transfer
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    from_unit: Mapped[str | None] = mapped_column(String(40), index=True)  # transfers only
    to_unit: Mapped[str] = mapped_column(String(40), index=True)
    amount_vnd: Mapped[int] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | rejected
    # Set when an event caused the change (a unit dissolved into its successor).
    event_id: Mapped[str | None] = mapped_column(String(36), index=True)


class FiscalYearClose(Decided, Base):
    """The close of a fiscal year: proposed by `office_finance`, confirmed or rejected by the leadership.

    Its items list every holding of the year and what happens to it (carried over or released);
    confirming books them all in one transaction (`carry_out`/`carry_in`/`reserved`, or `lapsed`).
    """

    __tablename__ = "fiscal_year_closes"
    __table_args__ = (Index("ix_fiscal_year_closes_year_status", "fiscal_year", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # pending | confirmed | rejected
    reason: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list["YearCloseItem"]] = relationship(
        order_by="YearCloseItem.id", lazy="selectin", cascade="all, delete-orphan"
    )


class YearCloseItem(Base):
    """One holding of a closing year (an expense or another service's reservation) and its fate."""

    __tablename__ = "year_close_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year_closes.id"), index=True)
    source: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    amount_vnd: Mapped[int] = mapped_column(Money)
    action: Mapped[str] = mapped_column(String(12))  # carry_over | release
    # filled at confirmation: the budget the holding went to (carry-over), or null (released / settled before)
    to_budget_id: Mapped[int | None] = mapped_column(ForeignKey("budgets.id"))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
