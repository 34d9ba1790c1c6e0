"""/staff and /appointments: who works where, and who held which position when."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import staff
from .common import page, page_args
from .schemas import (AppointmentCreate, AppointmentPage, AppointmentQuery, AppointmentSchema, AsOfQuery,
                      StaffChange, StaffCreate, StaffPage, StaffQuery, StaffSchema)

blp = Blueprint("staff", __name__, url_prefix="/staff", description="Staff records")
appointments_blp = Blueprint("appointments", __name__, url_prefix="/appointments",
                             description="Appointments: who held which position when")


@blp.route("")
class StaffList(MethodView):
    @blp.arguments(StaffQuery, location="query")
    @blp.response(200, StaffPage)
    def get(self, args):
        """Staff of the caller's board (every board for office_hr, leadership, auditors)."""
        with unit_of_work() as uow:
            return page(*staff.list_staff(
                uow, current_principal(), unit=args.get("unit"), as_of=args.get("as_of"),
                position_id=args.get("position_id"), status=args.get("status"), title_rank=args.get("title_rank"),
                is_driver=args.get("is_driver"), q=args.get("q"), **page_args(args)))

    @blp.arguments(StaffCreate)
    @blp.response(201, StaffSchema)
    def post(self, data):
        """Hire (office_hr): the quota and deputy limits decide (409 naming the rule); hr.staff.hired."""
        with unit_of_work() as uow:
            return staff.hire(uow, current_principal(), data)


@blp.route("/<int(min=1, max=2147483647):staff_id>")
class StaffMember(MethodView):
    @blp.arguments(AsOfQuery, location="query")
    @blp.response(200, StaffSchema)
    def get(self, args, staff_id):
        with unit_of_work() as uow:
            return staff.get_staff(uow, current_principal(), staff_id, args.get("as_of"))

    @blp.arguments(StaffChange)
    @blp.response(200, StaffSchema)
    def patch(self, data, staff_id):
        """Change a record (office_hr). A new unit or position is a transfer (hr.staff.transferred with
        previous_unit), status "left" a departure (hr.staff.left), anything else hr.staff.changed."""
        with unit_of_work() as uow:
            return staff.change_staff(uow, current_principal(), staff_id, data)


@appointments_blp.route("")
class Appointments(MethodView):
    @appointments_blp.arguments(AppointmentQuery, location="query")
    @appointments_blp.response(200, AppointmentPage)
    def get(self, args):
        """Appointments, oldest first; `as_of` gives those in force on a date."""
        with unit_of_work() as uow:
            return page(*staff.list_appointments(
                uow, current_principal(), staff_id=args.get("staff_id"), position_id=args.get("position_id"),
                unit=args.get("unit"), as_of=args.get("as_of"), **page_args(args)))

    @appointments_blp.arguments(AppointmentCreate)
    @appointments_blp.response(201, AppointmentSchema)
    def post(self, data):
        """Appoint a staff member to a position from `effective_date` (office_hr); same rules as a transfer."""
        with unit_of_work() as uow:
            return staff.appoint(uow, current_principal(), data)
