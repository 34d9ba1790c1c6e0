"""Maintenance: plans by km or by date, the due list, and workshop stays with their cost.

An open record makes the vehicle unavailable on its days (dispatch refuses it); opening one is
refused while dispatched trips need the vehicle then. Completing it charges the Office through
`fleet.maintenance.completed`.
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import Invalid, NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import MaintenancePlan, MaintenanceRecord, Vehicle
from ..domain.maintenance import (DONE, OPEN, DueState, Plan, check_completion, check_new_record, due_state,
                                  ensure_plan_has_interval, urgency)
from ..domain.access import ensure_pool_reader
from ..domain.schedule import day_bounds
from ..domain.vehicles import Upcoming, check_workshop
from .common import FLEET_OFFICE

MAINTENANCE_COMPLETED = "fleet.maintenance.completed"


def _known_vehicle(uow, vehicle_id: int) -> Vehicle:
    vehicle = uow.vehicles.get(vehicle_id)
    if vehicle is None:
        raise Invalid("unknown vehicle", errors={"vehicle_id": [f"unknown vehicle {vehicle_id}"]})
    return vehicle


def create_plan(uow, principal: Principal, data: dict) -> MaintenancePlan:
    """A recurring maintenance of a vehicle; counted from the given last service, else from now."""
    principal.require_role(FLEET_OFFICE)
    ensure_plan_has_interval(data.get("interval_km"), data.get("interval_days"))
    vehicle = _known_vehicle(uow, data["vehicle_id"])
    plan = MaintenancePlan(
        vehicle_id=vehicle.id, title=data["title"], interval_km=data.get("interval_km"),
        interval_days=data.get("interval_days"),
        last_done_km=data.get("last_done_km") if data.get("last_done_km") is not None else vehicle.odometer_km,
        last_done_on=data.get("last_done_on") or local_today(), created_by=principal.username)
    uow.maintenance.add(plan)
    uow.commit()
    return plan


def update_plan(uow, principal: Principal, plan_id: int, data: dict) -> MaintenancePlan:
    """Change a plan's title, intervals or last service, or switch it off."""
    principal.require_role(FLEET_OFFICE)
    plan = uow.maintenance.plan(plan_id)
    if plan is None:
        raise NotFound(f"maintenance plan {plan_id} not found")
    ensure_plan_has_interval(data.get("interval_km", plan.interval_km), data.get("interval_days", plan.interval_days))
    for key, value in data.items():
        setattr(plan, key, value)
    uow.commit()
    return plan


def list_plans(uow, principal: Principal, args: dict) -> tuple[list[MaintenancePlan], str | None]:
    """Plans, by id, optionally of one vehicle."""
    ensure_pool_reader(principal, "maintenance")
    return uow.maintenance.plans_page(args)


def _as_plan(plan: MaintenancePlan) -> Plan:
    return Plan(plan.id, plan.vehicle_id, plan.title, plan.interval_km, plan.interval_days, plan.last_done_km,
                plan.last_done_on)


def due_list(uow, principal: Principal, as_of: dt.date | None = None,
             include_all: bool = False) -> list[tuple[MaintenancePlan, DueState]]:
    """Active plans that are overdue or due soon (all active ones with `include_all`), most urgent first."""
    ensure_pool_reader(principal, "maintenance")
    config, today = uow.config, as_of or local_today()
    found = [(plan, due_state(_as_plan(plan), plan.vehicle.odometer_km, today, config.maintenance_soon_km,
                              config.maintenance_soon_days)) for plan in uow.maintenance.active_plans()]
    return sorted([(plan, state) for plan, state in found if include_all or state.due], key=lambda ps: urgency(ps[1]))


def _trips_during(uow, vehicle_id: int, first: dt.date, last: dt.date | None) -> list[Upcoming]:
    """Dispatched trips of the vehicle on the local days [first, last] (from `first` on with None)."""
    hi = day_bounds(last)[1] if last is not None else None
    return [b for b in uow.bookings.upcoming(day_bounds(first)[0], vehicle_id=vehicle_id) if hi is None or b.start_at < hi]


def _complete(uow, principal: Principal, record: MaintenanceRecord, vehicle: Vehicle,
              done_on: dt.date, cost_vnd: int, odometer_km: int | None) -> None:
    check_completion(record.status, record.start_on, done_on)
    if odometer_km is not None:
        vehicle.odometer_km = max(vehicle.odometer_km, odometer_km)
    record.status, record.done_on, record.cost_vnd = DONE, done_on, cost_vnd
    record.odometer_km = odometer_km if odometer_km is not None else vehicle.odometer_km
    record.completed_by, record.completed_at = principal.username, utcnow()
    if record.plan_id is not None:
        plan = uow.maintenance.plan(record.plan_id)
        plan.last_done_km, plan.last_done_on = record.odometer_km, done_on
    office = uow.replica.office_code()
    uow.publish(MAINTENANCE_COMPLETED, {
        "record_id": record.id, "vehicle_id": vehicle.id, "plate": vehicle.plate, "cost_vnd": cost_vnd,
        "done_on": done_on.isoformat(), "description": record.description, "unit": office}, unit=office)


def open_record(uow, principal: Principal, data: dict) -> MaintenanceRecord:
    """Send a vehicle to the workshop from `start_on` (until `expected_end_on`, or until completed).

    Given `done_on` and `cost_vnd` at once, the record is entered as already completed.
    """
    principal.require_role(FLEET_OFFICE)
    vehicle = _known_vehicle(uow, data["vehicle_id"])
    if data.get("plan_id") is not None:
        plan = uow.maintenance.plan(data["plan_id"])
        if plan is None or plan.vehicle_id != vehicle.id:
            raise Invalid("unknown plan", errors={"plan_id": ["no such plan for this vehicle"]})
    end, done = data.get("expected_end_on"), data.get("done_on") is not None
    check_new_record(data["start_on"], end, data.get("done_on"), data.get("cost_vnd"))
    [vehicle] = uow.vehicles.lock([vehicle.id])
    if not done:
        check_workshop(vehicle.plate, vehicle.status, _trips_during(uow, vehicle.id, data["start_on"], end))
    record = uow.maintenance.add(MaintenanceRecord(
        vehicle_id=vehicle.id, plan_id=data.get("plan_id"), description=data["description"],
        workshop=data.get("workshop"), start_on=data["start_on"], expected_end_on=end, status=OPEN,
        created_by=principal.username))
    if done:
        _complete(uow, principal, record, vehicle, data["done_on"], data["cost_vnd"], data.get("odometer_km"))
    uow.commit()
    return record


def complete_record(uow, principal: Principal, record_id: int, data: dict) -> MaintenanceRecord:
    """The vehicle is back from the workshop: the cost is recorded and charged to the Office."""
    principal.require_role(FLEET_OFFICE)
    record = uow.maintenance.record(record_id)
    if record is None:
        raise NotFound(f"maintenance record {record_id} not found")
    # the vehicle's lock serializes everything done to its records
    [vehicle] = uow.vehicles.lock([record.vehicle_id])
    record = uow.maintenance.record(record_id, fresh=True)
    _complete(uow, principal, record, vehicle, data["done_on"], data["cost_vnd"], data.get("odometer_km"))
    uow.commit()
    return record


def list_records(uow, principal: Principal, args: dict) -> tuple[list[MaintenanceRecord], str | None]:
    """Workshop stays, newest first, by vehicle and status."""
    ensure_pool_reader(principal, "maintenance")
    return uow.maintenance.records_page(args)


def show_record(uow, principal: Principal, record_id: int) -> MaintenanceRecord:
    """One workshop stay."""
    ensure_pool_reader(principal, "maintenance")
    record = uow.maintenance.record(record_id)
    if record is None:
        raise NotFound(f"maintenance record {record_id} not found")
    return record
