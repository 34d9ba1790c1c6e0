"""HR's tables. Units and positions keep dated versions; appointments keep who held what when.

Dates are half-open: a version applies from `valid_from` up to the day before `valid_to` (null
while current), an appointment from `start_date` up to the day before `end_date`. `?as_of=D`
picks the rows with `valid_from <= D < valid_to`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from buildingblocks.attachments import attachment_tables
from buildingblocks.db import BigId, UTCDateTime, make_base, service_metadata, utcnow
from buildingblocks.search import keep_search_text, search_index

metadata = service_metadata()
Base = make_base(metadata)
# files attached to restructuring plans (signed decisions, scans): buildingblocks.attachments
ATTACHMENT_TABLES = attachment_tables(metadata)


class UnitRecord(Base):
    """A unit's identity: its code is stable across versions and never reused."""

    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnitVersion(Base):
    __tablename__ = "unit_versions"
    __table_args__ = (
        UniqueConstraint("code", "valid_from", name="uq_unit_versions_code_valid_from"),
        Index("ix_unit_versions_code_valid_to", "code", "valid_to"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("units.code"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    parent_code: Mapped[str | None] = mapped_column(String(40))
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(40))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    restructuring_id: Mapped[int | None] = mapped_column(Integer)
    # code and name folded for ?q= (buildingblocks.search), kept by keep_search_text below
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")


class PositionRecord(Base):
    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_on: Mapped[dt.date | None] = mapped_column(Date)


class PositionVersion(Base):
    __tablename__ = "position_versions"
    __table_args__ = (
        UniqueConstraint("position_id", "valid_from", name="uq_position_versions_position_valid_from"),
        Index("ix_position_versions_position_valid_to", "position_id", "valid_to"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), nullable=False)
    unit: Mapped[str] = mapped_column(ForeignKey("units.code"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    rank: Mapped[str] = mapped_column(String(20), nullable=False)
    family: Mapped[str] = mapped_column(String(40), nullable=False)
    quota: Mapped[int] = mapped_column(Integer, nullable=False)
    is_driver: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    restructuring_id: Mapped[int | None] = mapped_column(Integer)


class StaffRecord(Base):
    """A staff member as they are now; where they worked when is in `appointments`."""

    __tablename__ = "staff"
    __table_args__ = (search_index("staff"),)  # ?q= (issue 16)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    unit: Mapped[str] = mapped_column(ForeignKey("units.code"), nullable=False, index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"), index=True)
    title_rank: Mapped[str | None] = mapped_column(String(40))
    licence_class: Mapped[str | None] = mapped_column(String(10))
    licence_expiry: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    hired_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # the full name folded for ?q= (buildingblocks.search), kept by keep_search_text below
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")


class Appointment(Base):
    """Staff member `staff_id` worked in agency `unit`, holding `position_id` (or none), over a period."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_staff_end", "staff_id", "end_date"),
        Index("ix_appointments_position_end", "position_id", "end_date"),
        # the open ones, which the structure loads (issue 16: an index-only scan, not every appointment ever)
        Index("ix_appointments_open", "staff_id", postgresql_where=text("end_date IS NULL"),
              postgresql_include=["unit", "position_id"], sqlite_where=text("end_date IS NULL")),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"))
    unit: Mapped[str] = mapped_column(ForeignKey("units.code"), nullable=False, index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(40), nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    restructuring_id: Mapped[int | None] = mapped_column(Integer)


class RuleVersion(Base):
    """A dated version of a staffing rule (half-open like the units': from `valid_from` up to the
    day before `valid_to`, null while current). A change of a rule adds a version; `?as_of=`
    judges a date by the versions then in force. A rule with no version on a date keeps its
    default (hr.config)."""

    __tablename__ = "rule_versions"
    __table_args__ = (
        UniqueConstraint("code", "valid_from", name="uq_rule_versions_code_valid_from"),
        Index("ix_rule_versions_code_valid_to", "code", "valid_to"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    value: Mapped[dict] = mapped_column(JSON, nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    mark: Mapped[str] = mapped_column(String(4), nullable=False)
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(120))


class Restructuring(Base):
    """A restructuring plan [đề án]: steps applied together on their effective date."""

    __tablename__ = "restructurings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    effective_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft", index=True)
    steps: Mapped[list] = mapped_column(JSON, nullable=False)
    reduction_target: Mapped[float | None] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(120))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_fingerprint: Mapped[dict | None] = mapped_column(JSON)
    applied_by: Mapped[str | None] = mapped_column(String(120))
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    # who edited the plan after drafting it (null: nobody); like its author, they may not approve it
    editors: Mapped[list | None] = mapped_column(JSON)
    # what happened to the plan, oldest first: [{"action", "by", "staff_id", "at", "reason"}]
    # (created, edited, approved, rejected, withdrawn, scheduled, applied, failed)
    history: Mapped[list | None] = mapped_column(JSON)


keep_search_text(UnitVersion, "code", "name")
keep_search_text(StaffRecord, "full_name")
