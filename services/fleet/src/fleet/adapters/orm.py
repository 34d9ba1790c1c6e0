"""The fleet's tables: vehicles, driver details, bookings (with their trip), maintenance.

On PostgreSQL two exclusion constraints make a double booking impossible whatever the code
does: no two bookings holding the same vehicle (or the same driver) may have intersecting
[start_at, blocked_until) ranges, where blocked_until = end_at + the turnaround at dispatch.
The repositories also take row locks so that the use cases can refuse naming the rule and its
reasons; the constraints are the last line.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from buildingblocks.attachments import attachment_tables
from buildingblocks.db import UTCDateTime, make_base, service_metadata, utcnow
from buildingblocks.replica import replica_tables
from buildingblocks.search import keep_search_text, search_index

from ..domain.booking import HOLDING
from ..domain.vehicles import compact_plate, plate_key

metadata = service_metadata()
replica_units, replica_staff = replica_tables(metadata)
Base = make_base(metadata)
# scans on bookings and maintenance records (issue 14): `attachments` and `attachment_blobs`,
# created by migration 0003
ATTACHMENT_TABLES = attachment_tables(metadata)

# btree_gist lets an exclusion constraint compare integers with "=" next to ranges with "&&";
# it is a trusted extension, so the service's own database role may create it.
event.listen(metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"))

HOLDING_SQL = "status IN (" + ", ".join(f"'{s}'" for s in HOLDING) + ")"


class Vehicle(Base):
    """A car of the pool (or one with a dedicated holder), possibly linked to its asset."""

    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plate: Mapped[str] = mapped_column(String(20), unique=True)
    model: Mapped[str] = mapped_column(String(120), default="")
    seats: Mapped[int] = mapped_column(Integer)
    fuel_type: Mapped[str] = mapped_column(String(20), default="petrol")
    fuel_norm_l_per_100km: Mapped[float] = mapped_column(Float)
    odometer_km: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="available", index=True)
    holder_staff_id: Mapped[int | None] = mapped_column(Integer)
    asset_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    asset_tag: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)
    # the plate as the register compares it ("81A00011"): one car never twice (migration 0004)
    plate_key: Mapped[str | None] = mapped_column(String(20), unique=True)
    # what Art 3.4 judges replacement by (from the asset register, or entered by the fleet office)
    acquired_on: Mapped[dt.date | None] = mapped_column(Date)
    original_cost_vnd: Mapped[int | None] = mapped_column(BigInteger)
    useful_life_years: Mapped[int | None] = mapped_column(Integer)
    repair_estimate_vnd: Mapped[int | None] = mapped_column(BigInteger)
    # folded words for ?q= (plate as written and without dots and dashes, model): kept by keep_search_text
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @validates("plate")
    def _keep_plate_key(self, key: str, value: str) -> str:
        self.plate_key = plate_key(value)
        return value


class CarLimitException(Base):
    """The leadership's decision letting the Office hold more general-use cars than its
    entitlement (NĐ 72/2023 Art 11), by its decision number; withdrawn (mistaken or expired), it
    stays on record and stops counting."""

    __tablename__ = "car_limit_exceptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_no: Mapped[str] = mapped_column(String(60), unique=True)
    extra_cars: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(120))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)


class DriverProfile(Base):
    """What the fleet office records about a driver on top of HR's replica."""

    __tablename__ = "driver_profiles"

    staff_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # when set, these override HR's licence data (the fleet office saw the newer licence)
    licence_class: Mapped[str | None] = mapped_column(String(4))
    licence_expiry: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    notes: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Booking(Base):
    """A board's request for a car, and the trip that served it."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    requested_by: Mapped[str] = mapped_column(String(120))
    requester_staff_id: Mapped[int | None] = mapped_column(Integer)
    # the requester's name as HR's replica had it when the booking was made
    requester_name: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(500))
    destination: Mapped[str] = mapped_column(String(300))
    start_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    passengers: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # decision: who approved or rejected, when and why
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(String(500))
    cancelled_by: Mapped[str | None] = mapped_column(String(120))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # dispatch: the vehicle and driver held until blocked_until (end + turnaround)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"), index=True)
    driver_id: Mapped[int | None] = mapped_column(Integer, index=True)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    dispatched_by: Mapped[str | None] = mapped_column(String(120))
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    dispatch_mode: Mapped[str | None] = mapped_column(String(10))
    # the trip as it happened
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    odometer_start_km: Mapped[int | None] = mapped_column(Integer)
    odometer_end_km: Mapped[int | None] = mapped_column(Integer)
    km: Mapped[int | None] = mapped_column(Integer)
    fuel_litres: Mapped[float | None] = mapped_column(Float)
    fuel_cost_vnd: Mapped[int | None] = mapped_column(BigInteger)
    fuel_expected_litres: Mapped[float | None] = mapped_column(Float)
    fuel_flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_by: Mapped[str | None] = mapped_column(String(120))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # a board dissolved into a successor hands its open bookings over
    moved_from_unit: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(500))
    # why a dispatched booking went back to the dispatcher (its car was disposed of, its driver left)
    dispatch_note: Mapped[str | None] = mapped_column(String(500))
    # folded words for ?q= (purpose, destination, requester's name): kept by keep_search_text
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    vehicle: Mapped[Vehicle | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_bookings_holding_vehicle", "vehicle_id", "start_at"),
        search_index("bookings"),  # ?q= (issue 16)
        ExcludeConstraint(
            ("vehicle_id", "="),
            (func.tstzrange(text("start_at"), text("blocked_until")), "&&"),
            name="ex_bookings_vehicle_overlap", using="gist", where=text(HOLDING_SQL),
        ).ddl_if(dialect="postgresql"),
        ExcludeConstraint(
            ("driver_id", "="),
            (func.tstzrange(text("start_at"), text("blocked_until")), "&&"),
            name="ex_bookings_driver_overlap", using="gist", where=text(HOLDING_SQL),
        ).ddl_if(dialect="postgresql"),
    )


class MaintenancePlan(Base):
    """Recurring maintenance of a vehicle: every interval_km and/or every interval_days."""

    __tablename__ = "maintenance_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    interval_km: Mapped[int | None] = mapped_column(Integer)
    interval_days: Mapped[int | None] = mapped_column(Integer)
    last_done_km: Mapped[int] = mapped_column(Integer, default=0)
    last_done_on: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    vehicle: Mapped[Vehicle] = relationship(lazy="joined")


class MaintenanceRecord(Base):
    """A stay in the workshop: open (the vehicle is unavailable on its days) until completed."""

    __tablename__ = "maintenance_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_plans.id"))
    description: Mapped[str] = mapped_column(String(500))
    workshop: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[dt.date] = mapped_column(Date)
    expected_end_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    cost_vnd: Mapped[int | None] = mapped_column(BigInteger)
    odometer_km: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(120))
    completed_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    vehicle: Mapped[Vehicle] = relationship(lazy="joined")


keep_search_text(Vehicle, "plate", lambda v: compact_plate(v.plate), "model")
keep_search_text(Booking, "purpose", "destination", "requester_name")
