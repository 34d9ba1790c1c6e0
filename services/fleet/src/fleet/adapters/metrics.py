"""The fleet's Prometheus metrics: bookings by status, dispatch conflicts, utilization of the pool.

Counters are incremented by the use cases. Gauges are state read from the database: the worker
refreshes them periodically; "mostrecent" makes the last refresh win in the multiprocess directory.
"""
from __future__ import annotations

import datetime as dt

from prometheus_client import Counter, Gauge
from sqlalchemy import func, select

from buildingblocks.clock import utcnow
from buildingblocks.db import Database

from ..config import Config
from ..domain.booking import HOLDING, IN_PROGRESS, STATUSES
from ..domain.feasibility import VEHICLE_STATUSES
from ..domain.schedule import overlap_hours
from .orm import Booking, Vehicle

DISPATCH_CONFLICTS = Counter("fleet_dispatch_conflicts_total", "Dispatch requests refused, by the rule they broke",
                             ["rule"])
DISPATCHES = Counter("fleet_dispatches_total", "Bookings dispatched, by how the pair was picked (named, chosen)",
                     ["mode"])
BOOKING_TRANSITIONS = Counter("fleet_booking_transitions_total", "Bookings entering a status", ["status"])
FUEL_FLAGGED = Counter("fleet_fuel_flagged_total", "Completed trips whose fuel went above norm plus tolerance")

BOOKINGS = Gauge("fleet_bookings", "Bookings by status", ["status"], multiprocess_mode="mostrecent")
VEHICLES = Gauge("fleet_vehicles", "Vehicles by status", ["status"], multiprocess_mode="mostrecent")
VEHICLES_ON_TRIP = Gauge("fleet_vehicles_on_trip", "Vehicles on a trip that has started", multiprocess_mode="mostrecent")
UTILIZATION = Gauge("fleet_utilization_ratio",
                    "Booked hours of the pool over its available hours, trailing window",
                    multiprocess_mode="mostrecent")


def record_conflicts(rules: list[str]) -> None:
    """Count a refused dispatch once per distinct rule it broke."""
    for rule in sorted(set(rules)):
        DISPATCH_CONFLICTS.labels(rule).inc()


def refresh_gauges(database: Database, config: Config) -> None:
    """Read bookings by status, vehicles by status and the pool's utilization into the gauges."""
    now = utcnow()
    lo = now - config.trailing_window
    with database.session_factory() as session:
        counts = dict(session.execute(select(Booking.status, func.count()).group_by(Booking.status)).all())
        for status in STATUSES:
            BOOKINGS.labels(status).set(counts.get(status, 0))
        fleet = dict(session.execute(select(Vehicle.status, func.count()).group_by(Vehicle.status)).all())
        for status in VEHICLE_STATUSES:
            VEHICLES.labels(status).set(fleet.get(status, 0))
        VEHICLES_ON_TRIP.set(session.scalar(select(func.count(func.distinct(Booking.vehicle_id)))
                                            .where(Booking.status == IN_PROGRESS)) or 0)
        pool = session.scalar(select(func.count()).select_from(Vehicle).where(
            Vehicle.status != "retired", Vehicle.holder_staff_id.is_(None))) or 0
        rows = session.execute(select(Booking.start_at, Booking.end_at).where(
            Booking.status.in_((*HOLDING, "completed")), Booking.vehicle_id.is_not(None),
            Booking.start_at < now, Booking.end_at > lo)).all()
        session.rollback()
    booked = sum(overlap_hours(r.start_at, r.end_at, lo, now) for r in rows)
    available = pool * (now - lo) / dt.timedelta(hours=1)
    UTILIZATION.set(round(booked / available, 4) if available else 0.0)
