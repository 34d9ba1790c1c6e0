"""The fleet API's request and response shapes (the one source of validation and of the docs)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from buildingblocks.fields import Count, Day, Id, LocalDateTime, Text
from buildingblocks.pagination import PageArgs

from ..domain.booking import STATUSES
from ..domain.feasibility import DRIVER_STATUSES, VEHICLE_STATUSES
from buildingblocks.clock import local_today

from ..domain.licences import CLASSES, NEW, OLD, LicenceRules, expiring_soon, needed_class, passenger_seats, system_of
from ..domain.vehicles import FUEL_TYPES
from .fields import Plate

SEARCH = {"description": "every word, regardless of case and diacritics"}
PLATE = validate.Regexp(r"^[0-9A-Z][0-9A-Z.\-]{2,19}$", error="a plate like 29A-123.45")
KM = 10_000_000
VND = 100_000_000_000


def _licence_rules() -> LicenceRules:
    from flask import has_app_context

    from buildingblocks.web import current_config

    return current_config().licences if has_app_context() else LicenceRules()


def _replacement(vehicle) -> dict:
    from buildingblocks.web import current_config

    from ..service_layer.vehicles import replacement_of

    return replacement_of(current_config(), vehicle)


def _warning_days() -> int:
    from buildingblocks.web import current_config

    return current_config().licence_warning_days


# --- vehicles -------------------------------------------------------------------------------

class VehicleOut(Schema):
    id = fields.Int()
    plate = fields.Str()
    model = fields.Str()
    seats = fields.Int(metadata={"description": "seats, the driver's included"})
    passenger_seats = fields.Function(lambda v: passenger_seats(v.seats))
    required_licence_class = fields.Function(lambda v: needed_class(v.seats, OLD, _licence_rules()), metadata={
        "description": "the class a licence issued before 2025 needs (Law 23/2008)"})
    required_licence_class_2024 = fields.Function(lambda v: needed_class(v.seats, NEW, _licence_rules()), metadata={
        "description": "the class a licence issued from 2025 needs (Law 36/2024)"})
    fuel_type = fields.Str()
    fuel_norm_l_per_100km = fields.Float()
    odometer_km = fields.Int()
    status = fields.Str(metadata={"description": "available, maintenance or retired"})
    holder_staff_id = fields.Int(allow_none=True, metadata={"description": "dedicated holder; none = shared pool"})
    in_pool = fields.Function(lambda v: v.holder_staff_id is None and v.status != "retired")
    asset_id = fields.Int(allow_none=True)
    asset_tag = fields.Str(allow_none=True)
    notes = fields.Str(allow_none=True)
    acquired_on = fields.Date(allow_none=True)
    original_cost_vnd = fields.Int(allow_none=True)
    useful_life_years = fields.Int(allow_none=True)
    repair_estimate_vnd = fields.Int(allow_none=True, metadata={"description": "the latest repair estimate"})
    replacement = fields.Function(lambda v: _replacement(v), metadata={
        "description": "NĐ 72/2023 Art 3.4: `due` when any condition of replacement holds; `reasons` "
                       "(useful_life_passed, km_over, repair_over_share) with their figures"})
    created_at = LocalDateTime()
    updated_at = LocalDateTime()


class VehicleCreate(Schema):
    plate = Plate(required=True, validate=PLATE)
    model = Text(load_default="", validate=validate.Length(max=120))
    seats = Count(2, 80, required=True, metadata={"description": "seats, the driver's included"})
    fuel_type = fields.Str(load_default="petrol", validate=validate.OneOf(FUEL_TYPES))
    fuel_norm_l_per_100km = fields.Float(required=True, validate=validate.Range(min=0, max=100))
    odometer_km = Count(0, KM, load_default=0)
    status = fields.Str(load_default="available", validate=validate.OneOf(("available", "maintenance")))
    holder_staff_id = Id(allow_none=True, load_default=None)
    asset_id = Id(allow_none=True, load_default=None)
    asset_tag = Text(allow_none=True, load_default=None, validate=validate.Length(max=60))
    notes = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))
    acquired_on = fields.Date(allow_none=True, load_default=None)
    original_cost_vnd = fields.Int(allow_none=True, load_default=None, validate=validate.Range(min=0, max=VND))
    useful_life_years = fields.Int(allow_none=True, load_default=None, validate=validate.Range(min=1, max=50))
    repair_estimate_vnd = fields.Int(allow_none=True, load_default=None, validate=validate.Range(min=0, max=VND))


class VehiclePatch(Schema):
    plate = Plate(validate=PLATE)
    model = Text(validate=validate.Length(max=120))
    seats = Count(2, 80)
    fuel_type = fields.Str(validate=validate.OneOf(FUEL_TYPES))
    fuel_norm_l_per_100km = fields.Float(validate=validate.Range(min=0, max=100))
    odometer_km = Count(0, KM)
    status = fields.Str(validate=validate.OneOf(VEHICLE_STATUSES))
    holder_staff_id = Id(allow_none=True)
    notes = Text(allow_none=True, validate=validate.Length(max=2000))
    acquired_on = fields.Date(allow_none=True)
    original_cost_vnd = fields.Int(allow_none=True, validate=validate.Range(min=0, max=VND))
    useful_life_years = fields.Int(allow_none=True, validate=validate.Range(min=1, max=50))
    repair_estimate_vnd = fields.Int(allow_none=True, validate=validate.Range(min=0, max=VND), metadata={
        "description": "a workshop's estimate: above 30 % of the cost flags the car for replacement"})


class VehicleQuery(PageArgs):
    status = fields.Str(validate=validate.OneOf(VEHICLE_STATUSES))
    min_seats = Count(1, 80, strict=False)
    pool = fields.Bool(metadata={"description": "true: shared pool only; false: dedicated only"})
    q = Text(validate=validate.Length(max=200), metadata={"description": "plate (with or without dots "
                                                          "and dashes) or model: " + SEARCH["description"]})


# --- drivers --------------------------------------------------------------------------------

class DriverOut(Schema):
    staff_id = fields.Int()
    full_name = fields.Str()
    unit = fields.Str()
    position_title = fields.Str(allow_none=True)
    is_driver = fields.Bool()
    staff_status = fields.Str(metadata={"description": "HR status (left = no longer employed)"})
    licence_class = fields.Str(allow_none=True, metadata={"description": "the class that applies (fleet's, else HR's)"})
    licence_expiry = fields.Date(allow_none=True)
    hr_licence_class = fields.Str(allow_none=True)
    hr_licence_expiry = fields.Date(allow_none=True)
    fleet_licence_class = fields.Str(allow_none=True)
    fleet_licence_expiry = fields.Date(allow_none=True)
    licence_system = fields.Function(
        lambda d: system_of(d.licence_class, d.licence_expiry, _licence_rules()) if d.licence_class else None,
        metadata={"description": "the law that issued the licence: 2008 or 2024"})
    licence_expiring_soon = fields.Function(
        lambda d: expiring_soon(d.licence_expiry, local_today(), _warning_days()),
        metadata={"description": "the licence expires within FLEET_LICENCE_WARNING_DAYS (60) days, or has"})
    status = fields.Str(metadata={"description": "fleet-side availability: active, suspended, on_leave"})
    notes = fields.Str(allow_none=True)


class DriverPatch(Schema):
    licence_class = fields.Str(allow_none=True, validate=validate.OneOf(CLASSES + tuple(c.lower() for c in CLASSES)))
    licence_expiry = Day(allow_none=True)
    status = fields.Str(validate=validate.OneOf(DRIVER_STATUSES))
    notes = Text(allow_none=True, validate=validate.Length(max=2000))


class DriverQuery(PageArgs):
    status = fields.Str(validate=validate.OneOf(DRIVER_STATUSES))
    licence_class = fields.Str(validate=validate.OneOf(CLASSES))
    include_left = fields.Bool(load_default=False)
    q = Text(validate=validate.Length(max=200), metadata={"description": "full name: " + SEARCH["description"]})


# --- bookings -------------------------------------------------------------------------------

class BookingOut(Schema):
    id = fields.Int()
    unit = fields.Str()
    requested_by = fields.Str()
    requester_staff_id = fields.Int(allow_none=True)
    purpose = fields.Str()
    destination = fields.Str()
    start_at = LocalDateTime()
    end_at = LocalDateTime()
    passengers = fields.Int()
    status = fields.Str(metadata={"description": ", ".join(STATUSES)})
    decided_by = fields.Str(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    decision_note = fields.Str(allow_none=True)
    cancelled_by = fields.Str(allow_none=True)
    cancelled_at = LocalDateTime(allow_none=True)
    cancel_reason = fields.Str(allow_none=True)
    vehicle_id = fields.Int(allow_none=True)
    vehicle_plate = fields.Function(lambda b: b.vehicle.plate if b.vehicle is not None else None)
    driver_id = fields.Int(allow_none=True)
    blocked_until = LocalDateTime(allow_none=True, metadata={"description": "end + turnaround: the pair is held until then"})
    dispatched_by = fields.Str(allow_none=True)
    dispatched_at = LocalDateTime(allow_none=True)
    dispatch_mode = fields.Str(allow_none=True, metadata={"description": "named or chosen"})
    started_at = LocalDateTime(allow_none=True)
    ended_at = LocalDateTime(allow_none=True)
    odometer_start_km = fields.Int(allow_none=True)
    odometer_end_km = fields.Int(allow_none=True)
    km = fields.Int(allow_none=True)
    fuel_litres = fields.Float(allow_none=True)
    fuel_cost_vnd = fields.Int(allow_none=True)
    fuel_expected_litres = fields.Float(allow_none=True)
    fuel_flagged = fields.Bool()
    completed_by = fields.Str(allow_none=True)
    completed_at = LocalDateTime(allow_none=True)
    moved_from_unit = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True, metadata={"description": "the requester's note"})
    dispatch_note = fields.Str(allow_none=True, metadata={
        "description": "why the booking went back to the dispatcher (car disposed of, driver left)"})
    created_at = LocalDateTime()
    updated_at = LocalDateTime()


class BookingCreate(Schema):
    unit = Text(validate=validate.Length(min=1, max=40),
                metadata={"description": "the board; default the caller's own"})
    purpose = Text(required=True, validate=validate.Length(min=1, max=500))
    destination = Text(required=True, validate=validate.Length(min=1, max=300))
    start_at = LocalDateTime(required=True)
    end_at = LocalDateTime(required=True)
    passengers = Count(1, 80, required=True)
    note = Text(allow_none=True, validate=validate.Length(max=500))


class BookingQuery(PageArgs):
    unit = Text(validate=validate.Length(min=1, max=40))
    status = fields.Str(validate=validate.OneOf(STATUSES))
    vehicle_id = Id(strict=False)
    driver_id = Id(strict=False)
    start_from = LocalDateTime()
    start_to = LocalDateTime()
    q = Text(validate=validate.Length(max=200),
             metadata={"description": "purpose, destination, requester's name: " + SEARCH["description"]})


class BookingApprove(Schema):
    note = Text(allow_none=True, load_default=None, validate=validate.Length(max=500))


class BookingReject(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=500))


class BookingCancel(Schema):
    reason = Text(allow_none=True, load_default=None, validate=validate.Length(max=500))


class BookingDispatch(Schema):
    vehicle_id = Id(allow_none=True, load_default=None, metadata={"description": "omit to let the service choose"})
    driver_id = Id(allow_none=True, load_default=None, metadata={"description": "omit to let the service choose"})


class TripStart(Schema):
    vehicle_id = Id(required=True, metadata={"description": "the vehicle the driver took (must be the dispatched one)"})
    odometer_start_km = Count(0, KM, required=True)


class TripComplete(Schema):
    odometer_start_km = Count(0, KM, metadata={"description": "required unless the trip was started"})
    odometer_end_km = Count(0, KM, required=True)
    fuel_litres = fields.Float(required=True, validate=validate.Range(min=0, max=5000))
    fuel_cost_vnd = Count(0, VND, required=True)
    ended_at = LocalDateTime(metadata={"description": "default now"})


# --- availability, schedule, utilization ----------------------------------------------------

class AvailabilityQuery(Schema):
    start = LocalDateTime(required=True)
    end = LocalDateTime(required=True)
    seats = Count(1, 80, strict=False, metadata={"description": "vehicles with at least this many seats (driver's included)"})
    passengers = Count(0, 80, strict=False, metadata={"description": "vehicles with room for this many passengers"})
    include_dedicated = fields.Bool(load_default=False)


class AvailableVehicleOut(Schema):
    id = fields.Int()
    plate = fields.Str()
    model = fields.Str()
    seats = fields.Int()
    passenger_seats = fields.Int()
    required_licence_class = fields.Str()
    required_licence_class_2024 = fields.Str()
    use_km = fields.Float(metadata={"description": "km over the trailing window"})
    use_hours = fields.Float()
    use_score = fields.Float(metadata={"description": "km / pool mean + hours / pool mean; lowest is chosen first"})
    conflicts = fields.List(fields.Dict())


class AvailableDriverOut(Schema):
    staff_id = fields.Int()
    full_name = fields.Str()
    licence_class = fields.Str(allow_none=True)
    licence_expiry = fields.Date(allow_none=True)
    use_km = fields.Float()
    use_hours = fields.Float()
    use_score = fields.Float()
    conflicts = fields.List(fields.Dict())


class AvailabilityOut(Schema):
    start = LocalDateTime()
    end = LocalDateTime()
    vehicles = fields.List(fields.Nested(AvailableVehicleOut), metadata={"description": "free, least used first"})
    drivers = fields.List(fields.Nested(AvailableDriverOut))
    busy_vehicles = fields.List(fields.Nested(AvailableVehicleOut))
    busy_drivers = fields.List(fields.Nested(AvailableDriverOut))


class PeriodQuery(Schema):
    from_ = Day(required=True, data_key="from")
    to = Day(required=True, metadata={"description": "inclusive"})


class UtilizationQuery(PeriodQuery):
    group_by = fields.Str(validate=validate.OneOf(("vehicle", "driver", "unit")))


class ScheduleEntryOut(Schema):
    kind = fields.Str(metadata={"description": "trip or maintenance"})
    booking_id = fields.Int()
    maintenance_id = fields.Int()
    unit = fields.Str()
    status = fields.Str()
    start_at = LocalDateTime()
    end_at = LocalDateTime()
    blocked_until = LocalDateTime(allow_none=True)
    start_on = fields.Date()
    end_on = fields.Date(allow_none=True)
    destination = fields.Str()
    description = fields.Str()
    passengers = fields.Int()
    vehicle_id = fields.Int(allow_none=True)
    driver_id = fields.Int(allow_none=True)


class VehicleScheduleOut(Schema):
    id = fields.Int()
    plate = fields.Str()
    seats = fields.Int()
    status = fields.Str()
    entries = fields.List(fields.Nested(ScheduleEntryOut))


class DriverScheduleOut(Schema):
    staff_id = fields.Int()
    full_name = fields.Str()
    licence_class = fields.Str(allow_none=True)
    status = fields.Str()
    entries = fields.List(fields.Nested(ScheduleEntryOut))


class ScheduleOut(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    vehicles = fields.List(fields.Nested(VehicleScheduleOut))
    drivers = fields.List(fields.Nested(DriverScheduleOut))


class _UseOut(Schema):
    trips = fields.Int()
    completed = fields.Int()
    km = fields.Float()
    hours = fields.Float()
    fuel_litres = fields.Float()
    fuel_cost_vnd = fields.Int()


class VehicleUseOut(_UseOut):
    vehicle_id = fields.Int()
    plate = fields.Str(allow_none=True)
    share = fields.Float(metadata={"description": "booked hours / hours of the period"})


class DriverUseOut(_UseOut):
    driver_id = fields.Int()
    full_name = fields.Str(allow_none=True)


class UnitUseOut(_UseOut):
    unit = fields.Str()


class BalanceOut(Schema):
    km_cv_vehicles = fields.Float(allow_none=True, metadata={"description": "coefficient of variation of km (0 = even)"})
    hours_cv_vehicles = fields.Float(allow_none=True)
    hours_cv_drivers = fields.Float(allow_none=True)
    km_cv_drivers = fields.Float(allow_none=True)


class PeakOut(Schema):
    concurrent_demand = fields.Int(metadata={"description": "most bookings at one moment (turnaround included)"})
    at = LocalDateTime(allow_none=True)
    pool_size = fields.Int()
    demand_over_pool = fields.Float(allow_none=True)


class UtilizationOut(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    period_hours = fields.Float()
    vehicles = fields.List(fields.Nested(VehicleUseOut))
    drivers = fields.List(fields.Nested(DriverUseOut))
    units = fields.List(fields.Nested(UnitUseOut))
    balance = fields.Nested(BalanceOut)
    peak = fields.Nested(PeakOut)


# --- maintenance ----------------------------------------------------------------------------

class PlanOut(Schema):
    id = fields.Int()
    vehicle_id = fields.Int()
    plate = fields.Function(lambda p: p.vehicle.plate if p.vehicle is not None else None)
    title = fields.Str()
    interval_km = fields.Int(allow_none=True)
    interval_days = fields.Int(allow_none=True)
    last_done_km = fields.Int()
    last_done_on = fields.Date()
    active = fields.Bool()
    created_by = fields.Str(allow_none=True)


class PlanCreate(Schema):
    vehicle_id = Id(required=True)
    title = Text(required=True, validate=validate.Length(min=1, max=200))
    interval_km = Count(1, KM, allow_none=True)
    interval_days = Count(1, 3650, allow_none=True)
    last_done_km = Count(0, KM, allow_none=True)
    last_done_on = Day(allow_none=True)


class PlanPatch(Schema):
    title = Text(validate=validate.Length(min=1, max=200))
    interval_km = Count(1, KM, allow_none=True)
    interval_days = Count(1, 3650, allow_none=True)
    last_done_km = Count(0, KM)
    last_done_on = Day()
    active = fields.Bool()


class PlanQuery(PageArgs):
    vehicle_id = Id(strict=False)
    active = fields.Bool()


class DueQuery(Schema):
    as_of = Day()
    all = fields.Bool(load_default=False, metadata={"description": "every active plan, due or not"})


class DueOut(Schema):
    plan = fields.Nested(PlanOut)
    odometer_km = fields.Int()
    due_km = fields.Int(allow_none=True)
    due_on = fields.Date(allow_none=True)
    km_left = fields.Int(allow_none=True)
    days_left = fields.Int(allow_none=True)
    overdue = fields.Bool()
    due_soon = fields.Bool()


class DueListOut(Schema):
    as_of = fields.Date()
    items = fields.List(fields.Nested(DueOut))


class RecordOut(Schema):
    id = fields.Int()
    vehicle_id = fields.Int()
    plate = fields.Function(lambda r: r.vehicle.plate if r.vehicle is not None else None)
    plan_id = fields.Int(allow_none=True)
    description = fields.Str()
    workshop = fields.Str(allow_none=True)
    start_on = fields.Date()
    expected_end_on = fields.Date(allow_none=True)
    done_on = fields.Date(allow_none=True)
    status = fields.Str(metadata={"description": "open (the vehicle is unavailable on its days) or completed"})
    cost_vnd = fields.Int(allow_none=True)
    odometer_km = fields.Int(allow_none=True)
    created_by = fields.Str(allow_none=True)
    completed_by = fields.Str(allow_none=True)
    created_at = LocalDateTime()
    completed_at = LocalDateTime(allow_none=True)


class RecordCreate(Schema):
    vehicle_id = Id(required=True)
    plan_id = Id(allow_none=True)
    description = Text(required=True, validate=validate.Length(min=1, max=500))
    workshop = Text(allow_none=True, validate=validate.Length(max=200))
    start_on = Day(required=True)
    expected_end_on = Day(allow_none=True)
    done_on = Day(allow_none=True, metadata={"description": "given with cost_vnd: entered as completed"})
    cost_vnd = Count(0, VND, allow_none=True)
    odometer_km = Count(0, KM, allow_none=True)


class RecordComplete(Schema):
    done_on = Day(required=True)
    cost_vnd = Count(0, VND, required=True)
    odometer_km = Count(0, KM, allow_none=True)


class RecordQuery(PageArgs):
    vehicle_id = Id(strict=False)
    status = fields.Str(validate=validate.OneOf(("open", "completed")))


# --- the Office's car entitlement -------------------------------------------------------------

class EntitlementQuery(Schema):
    from_ = Day(data_key="from", metadata={"description": "first day of the bookings judged (default: a year back)"})
    to = Day(metadata={"description": "inclusive (default: today)"})


class EntitlementLineOut(Schema):
    rule = fields.Str()
    cars = fields.Int()
    source = fields.Str()
    mark = fields.Str(metadata={"description": "evidence mark of regulations.md"})


class CarLimitExceptionOut(Schema):
    id = fields.Int()
    decision_no = fields.Str()
    extra_cars = fields.Int()
    decided_on = fields.Date()
    note = fields.Str(allow_none=True)
    recorded_by = fields.Str(allow_none=True)
    created_at = LocalDateTime()
    withdrawn_at = LocalDateTime(allow_none=True, metadata={"description": "null while the exception counts"})
    withdrawn_by = fields.Str(allow_none=True)
    withdraw_reason = fields.Str(allow_none=True)


class CarLimitExceptionQuery(PageArgs):
    """A page of the exceptions, newest first."""


class CarLimitExceptionWithdraw(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=500),
                  metadata={"description": "why it is withdrawn (mistaken, expired...)"})


class CarLimitExceptionCreate(Schema):
    decision_no = Text(required=True, validate=validate.Length(min=1, max=60),
                       metadata={"description": "the leadership's decision number, e.g. 123-QĐ/TU"})
    extra_cars = Count(1, 100, required=True, metadata={"description": "cars allowed above the entitlement"})
    decided_on = Day(required=True)
    note = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))


class EntitlementOut(Schema):
    held = fields.Int(metadata={"description": "general-use cars in service (no dedicated holder, up to 16 seats)"})
    entitled = fields.Int(metadata={"description": "NĐ 72/2023 Art 11 as amended by NĐ 153/2025, from configuration"})
    exception_cars = fields.Int(metadata={"description": "cars the leadership's exceptions allow above it"})
    limit = fields.Int(metadata={"description": "entitled + exception_cars: the car after this one is refused"})
    needed = fields.Int(metadata={"description": "the most bookings at one moment in the period (turnaround "
                                              "included): a lower bound of the cars the demand needs"})
    needed_at = LocalDateTime(allow_none=True)
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    breakdown = fields.List(fields.Nested(EntitlementLineOut))
    exceptions = fields.List(fields.Nested(CarLimitExceptionOut))
    replacement_due = fields.List(fields.Int(), metadata={"description": "ids of the cars flagged for replacement"})
