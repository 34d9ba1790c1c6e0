"""Maintenance: plans by km or by date, the due list, and workshop stays with their cost.

An open record makes the vehicle unavailable on its days (dispatch refuses it); opening one is
refused while dispatched trips need the vehicle then. Completing it charges the Office through
`fleet.maintenance.completed`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Conflict, Forbidden, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from buildingblocks.replica import office_unit

from ..adapters import queries
from ..adapters.orm import Booking, MaintenancePlan, MaintenanceRecord, Vehicle
from ..config import FleetConfig
from ..domain import booking as rules
from ..domain.maintenance import DueState, Plan, due_state, validate_plan
from ..domain.schedule import day_bounds
from .common import FLEET_OFFICE, POOL_READERS, now

MAINTENANCE_COMPLETED = "fleet.maintenance.completed"
OPEN, DONE = "open", "completed"


def _reader(principal: Principal) -> None:
    if not principal.has_role(*POOL_READERS):
        raise Forbidden("maintenance is for the fleet office, the leadership and the auditors")


def local_today(config: FleetConfig) -> dt.date:
    """Today where the office is."""
    return now().astimezone(config.tz).date()


def create_plan(uow: UnitOfWork, principal: Principal, config: FleetConfig, data: dict) -> MaintenancePlan:
    """A recurring maintenance of a vehicle; counted from the given last service, else from now."""
    principal.require_role(FLEET_OFFICE)
    errors = validate_plan(data.get("interval_km"), data.get("interval_days"))
    if errors:
        raise Unprocessable("a plan needs an interval", errors=errors)
    vehicle = uow.session.get(Vehicle, data["vehicle_id"])
    if vehicle is None:
        raise Unprocessable("unknown vehicle", errors={"vehicle_id": [f"unknown vehicle {data['vehicle_id']}"]})
    plan = MaintenancePlan(
        vehicle_id=vehicle.id, title=data["title"], interval_km=data.get("interval_km"),
        interval_days=data.get("interval_days"),
        last_done_km=data.get("last_done_km") if data.get("last_done_km") is not None else vehicle.odometer_km,
        last_done_on=data.get("last_done_on") or local_today(config), created_by=principal.username)
    uow.session.add(plan)
    uow.session.flush()
    uow.commit()
    return plan


def update_plan(uow: UnitOfWork, principal: Principal, plan_id: int, data: dict) -> MaintenancePlan:
    """Change a plan's title, intervals or last service, or switch it off."""
    principal.require_role(FLEET_OFFICE)
    plan = uow.session.get(MaintenancePlan, plan_id)
    if plan is None:
        raise NotFound(f"maintenance plan {plan_id} not found")
    km = data.get("interval_km", plan.interval_km)
    days = data.get("interval_days", plan.interval_days)
    errors = validate_plan(km, days)
    if errors:
        raise Unprocessable("a plan needs an interval", errors=errors)
    for key, value in data.items():
        setattr(plan, key, value)
    uow.session.flush()
    uow.commit()
    return plan


def list_plans(uow: UnitOfWork, principal: Principal, args: dict) -> tuple[list[MaintenancePlan], str | None]:
    """Plans, by id, optionally of one vehicle."""
    _reader(principal)
    stmt = select(MaintenancePlan)
    if args.get("vehicle_id") is not None:
        stmt = stmt.where(MaintenancePlan.vehicle_id == args["vehicle_id"])
    if args.get("active") is not None:
        stmt = stmt.where(MaintenancePlan.active.is_(args["active"]))
    return paginate(uow.session, stmt, MaintenancePlan.id, args["limit"], args.get("cursor"))


def _as_plan(plan: MaintenancePlan) -> Plan:
    return Plan(plan.id, plan.vehicle_id, plan.title, plan.interval_km, plan.interval_days, plan.last_done_km,
                plan.last_done_on)


def due_list(uow: UnitOfWork, principal: Principal, config: FleetConfig, as_of: dt.date | None = None,
             include_all: bool = False) -> list[tuple[MaintenancePlan, DueState]]:
    """Active plans that are overdue or due soon (all active ones with `include_all`), most urgent first."""
    _reader(principal)
    today = as_of or local_today(config)
    plans = uow.session.scalars(select(MaintenancePlan).join(Vehicle).where(
        MaintenancePlan.active.is_(True), Vehicle.status != "retired")).unique().all()
    out = []
    for plan in plans:
        state = due_state(_as_plan(plan), plan.vehicle.odometer_km, today, config.maintenance_soon_km,
                          config.maintenance_soon_days)
        if include_all or state.due:
            out.append((plan, state))
    big = 10**9
    out.sort(key=lambda ps: (not ps[1].overdue, min(ps[1].km_left if ps[1].km_left is not None else big,
                                                    (ps[1].days_left if ps[1].days_left is not None else big) * 50)))
    return out


def _holding_during(uow: UnitOfWork, vehicle: Vehicle, first: dt.date, last: dt.date | None,
                    config: FleetConfig) -> list[Booking]:
    lo = day_bounds(first, config.tz)[0]
    stmt = select(Booking).where(Booking.vehicle_id == vehicle.id, Booking.status.in_(rules.HOLDING),
                                 Booking.end_at > lo)
    if last is not None:
        stmt = stmt.where(Booking.start_at < day_bounds(last, config.tz)[1])
    return list(uow.session.scalars(stmt.order_by(Booking.start_at)).unique().all())


def _office_code(uow: UnitOfWork) -> str | None:
    row = office_unit(uow.session)
    return row.code if row is not None else None


def _complete(uow: UnitOfWork, principal: Principal, record: MaintenanceRecord, vehicle: Vehicle,
              done_on: dt.date, cost_vnd: int, odometer_km: int | None) -> None:
    if done_on < record.start_on:
        raise Unprocessable("done before it started", errors={"done_on": [f"must be on or after {record.start_on}"]})
    if odometer_km is not None:
        vehicle.odometer_km = max(vehicle.odometer_km, odometer_km)
    record.status, record.done_on, record.cost_vnd = DONE, done_on, cost_vnd
    record.odometer_km = odometer_km if odometer_km is not None else vehicle.odometer_km
    record.completed_by, record.completed_at = principal.username, now()
    if record.plan_id is not None:
        plan = uow.session.get(MaintenancePlan, record.plan_id)
        plan.last_done_km, plan.last_done_on = record.odometer_km, done_on
    uow.session.flush()
    office = _office_code(uow)
    uow.publish(MAINTENANCE_COMPLETED, {
        "record_id": record.id, "vehicle_id": vehicle.id, "plate": vehicle.plate, "cost_vnd": cost_vnd,
        "done_on": done_on.isoformat(), "description": record.description, "unit": office}, unit=office)


def open_record(uow: UnitOfWork, principal: Principal, config: FleetConfig, data: dict) -> MaintenanceRecord:
    """Send a vehicle to the workshop from `start_on` (until `expected_end_on`, or until completed).

    Given `done_on` and `cost_vnd` at once, the record is entered as already completed.
    """
    principal.require_role(FLEET_OFFICE)
    vehicle = uow.session.get(Vehicle, data["vehicle_id"])
    if vehicle is None:
        raise Unprocessable("unknown vehicle", errors={"vehicle_id": [f"unknown vehicle {data['vehicle_id']}"]})
    if data.get("plan_id") is not None:
        plan = uow.session.get(MaintenancePlan, data["plan_id"])
        if plan is None or plan.vehicle_id != vehicle.id:
            raise Unprocessable("unknown plan", errors={"plan_id": ["no such plan for this vehicle"]})
    end = data.get("expected_end_on")
    if end is not None and end < data["start_on"]:
        raise Unprocessable("ends before it starts", errors={"expected_end_on": ["must be on or after start_on"]})
    done = data.get("done_on") is not None
    if done and data.get("cost_vnd") is None:
        raise Unprocessable("a completed maintenance needs its cost", errors={"cost_vnd": ["required with done_on"]})
    [vehicle] = queries.lock_vehicles(uow.session, [vehicle.id])
    if not done and vehicle.status == "retired":
        raise Conflict(f"vehicle {vehicle.plate} is retired", rule="vehicle_retired")
    if not done:
        clash = _holding_during(uow, vehicle, data["start_on"], end, config)
        if clash:
            raise Conflict(f"vehicle {vehicle.plate} is dispatched on {len(clash)} trip(s) in that time",
                           rule="vehicle_booked",
                           bookings=[{"booking_id": b.id, "unit": b.unit, "start_at": b.start_at.isoformat(),
                                      "end_at": b.end_at.isoformat()} for b in clash])
    record = MaintenanceRecord(
        vehicle_id=vehicle.id, plan_id=data.get("plan_id"), description=data["description"],
        workshop=data.get("workshop"), start_on=data["start_on"], expected_end_on=end, status=OPEN,
        created_by=principal.username)
    uow.session.add(record)
    uow.session.flush()
    if done:
        _complete(uow, principal, record, vehicle, data["done_on"], data["cost_vnd"], data.get("odometer_km"))
    uow.commit()
    return record


def complete_record(uow: UnitOfWork, principal: Principal, record_id: int, data: dict) -> MaintenanceRecord:
    """The vehicle is back from the workshop: the cost is recorded and charged to the Office."""
    principal.require_role(FLEET_OFFICE)
    record = uow.session.get(MaintenanceRecord, record_id)
    if record is None:
        raise NotFound(f"maintenance record {record_id} not found")
    # the vehicle's lock serializes everything done to its records
    [vehicle] = queries.lock_vehicles(uow.session, [record.vehicle_id])
    record = uow.session.get(MaintenanceRecord, record_id, populate_existing=True)
    if record.status != OPEN:
        raise Conflict("the maintenance is already completed", rule="maintenance_state", record_status=record.status)
    _complete(uow, principal, record, vehicle, data["done_on"], data["cost_vnd"], data.get("odometer_km"))
    uow.commit()
    return record


def list_records(uow: UnitOfWork, principal: Principal, args: dict) -> tuple[list[MaintenanceRecord], str | None]:
    """Workshop stays, newest first, by vehicle and status."""
    _reader(principal)
    stmt = select(MaintenanceRecord)
    if args.get("vehicle_id") is not None:
        stmt = stmt.where(MaintenanceRecord.vehicle_id == args["vehicle_id"])
    if args.get("status"):
        stmt = stmt.where(MaintenanceRecord.status == args["status"])
    return paginate(uow.session, stmt, MaintenanceRecord.id, args["limit"], args.get("cursor"), descending=True)


def show_record(uow: UnitOfWork, principal: Principal, record_id: int) -> MaintenanceRecord:
    """One workshop stay."""
    _reader(principal)
    record = uow.session.get(MaintenanceRecord, record_id)
    if record is None:
        raise NotFound(f"maintenance record {record_id} not found")
    return record
