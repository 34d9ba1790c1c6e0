"""/positions: job positions with their quota, filled and vacant posts."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import positions
from .common import page, page_args
from .schemas import AsOfQuery, PositionCreate, PositionOut, PositionPage, PositionPatch, PositionQuery

blp = Blueprint("positions", __name__, url_prefix="/positions", description="Job positions [vị trí việc làm]")


@blp.get("")
@blp.arguments(PositionQuery, location="query")
@blp.response(200, PositionPage)
def list_positions(args):
    """Positions in force now or on `as_of`; `unit` includes the units below it."""
    with unit_of_work() as uow:
        return page(*positions.list_positions(
            uow, current_principal(), as_of=args.get("as_of"), unit=args.get("unit"), family=args.get("family"),
            rank=args.get("rank"), is_driver=args.get("is_driver"), **page_args(args)))


@blp.post("")
@blp.arguments(PositionCreate)
@blp.response(201, PositionOut)
def create_position(data):
    """Create a position (office_hr); publishes hr.position.created."""
    with unit_of_work() as uow:
        return positions.create_position(uow, current_principal(), data)


@blp.get("/<id:position_id>")
@blp.arguments(AsOfQuery, location="query")
@blp.response(200, PositionOut)
def get_position(args, position_id):
    with unit_of_work() as uow:
        return positions.get_position(uow, current_principal(), position_id, args.get("as_of"))


@blp.patch("/<id:position_id>")
@blp.arguments(PositionPatch)
@blp.response(200, PositionOut)
def change_position(data, position_id):
    """Change a position from `effective_date` (office_hr): a quota below the holders, or a rank
    change past a deputy limit, is 409 naming the rule. Publishes hr.position.changed (and
    hr.staff.transferred / changed for its holders)."""
    with unit_of_work() as uow:
        return positions.change_position(uow, current_principal(), position_id, data)
