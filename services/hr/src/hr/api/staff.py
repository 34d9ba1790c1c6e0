"""/staff and /appointments: who works where, and who held which position when."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import staff
from .common import page, page_args
from .schemas import (AppointmentCreate, AppointmentOut, AppointmentPage, AppointmentQuery, AsOfQuery, StaffCreate,
                      StaffOut, StaffPage, StaffPatch, StaffQuery)

blp = Blueprint("staff", __name__, url_prefix="/staff", description="Staff records")
appointments_blp = Blueprint("appointments", __name__, url_prefix="/appointments",
                             description="Appointments: who held which position when")


@blp.get("")
@blp.arguments(StaffQuery, location="query")
@blp.response(200, StaffPage)
def list_staff(args):
    """Staff of the caller's board (every board for office_hr, leadership, auditors); `q` searches the name."""
    filters = {k: args.get(k) for k in ("unit", "as_of", "position_id", "status", "title_rank", "is_driver", "q")}
    with unit_of_work() as uow:
        return page(*staff.list_staff(uow, current_principal(), **filters, **page_args(args)))


@blp.post("")
@blp.arguments(StaffCreate)
@blp.response(201, StaffOut)
def hire(data):
    """Hire (office_hr): the quota and deputy limits decide (409 naming the rule); hr.staff.hired."""
    with unit_of_work() as uow:
        return staff.hire(uow, current_principal(), data)


@blp.get("/<id:staff_id>")
@blp.arguments(AsOfQuery, location="query")
@blp.response(200, StaffOut)
def get_staff(args, staff_id):
    with unit_of_work() as uow:
        return staff.get_staff(uow, current_principal(), staff_id, args.get("as_of"))


@blp.patch("/<id:staff_id>")
@blp.arguments(StaffPatch)
@blp.response(200, StaffOut)
def change_staff(data, staff_id):
    """Change a record (office_hr). A new unit or position is a transfer (hr.staff.transferred with
    previous_unit), status "left" a departure (hr.staff.left), anything else hr.staff.changed."""
    with unit_of_work() as uow:
        return staff.change_staff(uow, current_principal(), staff_id, data)


@appointments_blp.get("")
@appointments_blp.arguments(AppointmentQuery, location="query")
@appointments_blp.response(200, AppointmentPage)
def list_appointments(args):
    """Appointments, oldest first; `as_of` gives those in force on a date."""
    filters = {k: args.get(k) for k in ("staff_id", "position_id", "unit", "as_of")}
    with unit_of_work() as uow:
        return page(*staff.list_appointments(uow, current_principal(), **filters, **page_args(args)))


@appointments_blp.post("")
@appointments_blp.arguments(AppointmentCreate)
@appointments_blp.response(201, AppointmentOut)
def appoint(data):
    """Appoint a staff member to a position from `effective_date` (office_hr); same rules as a transfer."""
    with unit_of_work() as uow:
        return staff.appoint(uow, current_principal(), data)
