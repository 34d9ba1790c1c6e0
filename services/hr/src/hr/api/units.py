"""/units: the structure on any date; a change is a new dated version."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import units
from .common import page, page_args
from .schemas import AsOfQuery, UnitCreate, UnitDissolve, UnitOut, UnitPage, UnitPatch, UnitQuery, UnitVersions

blp = Blueprint("units", __name__, url_prefix="/units", description="Units and their dated versions")


@blp.get("")
@blp.arguments(UnitQuery, location="query")
@blp.response(200, UnitPage)
def list_units(args):
    """Units in force now or on `as_of`; `q` searches code and name."""
    with unit_of_work() as uow:
        return page(*units.list_units(uow, current_principal(), as_of=args.get("as_of"), kind=args.get("kind"),
                                      q=args.get("q"), parent_code=args.get("parent_code"), **page_args(args)))


@blp.post("")
@blp.arguments(UnitCreate)
@blp.response(201, UnitOut)
def create_unit(data):
    """Create a unit (office_hr); publishes hr.unit.created."""
    with unit_of_work() as uow:
        return units.create_unit(uow, current_principal(), data)


@blp.get("/<string:code>")
@blp.arguments(AsOfQuery, location="query")
@blp.response(200, UnitOut)
def get_unit(args, code):
    """The unit's version in force now or on `as_of`."""
    with unit_of_work() as uow:
        return units.get_unit(uow, current_principal(), code, args.get("as_of"))


@blp.patch("/<string:code>")
@blp.arguments(UnitPatch)
@blp.response(200, UnitOut)
def change_unit(data, code):
    """A new version from `effective_date` (office_hr); publishes hr.unit.changed."""
    with unit_of_work() as uow:
        return units.change_unit(uow, current_principal(), code, data)


@blp.get("/<string:code>/versions")
@blp.response(200, UnitVersions)
def unit_history(code):
    """Every dated version of the unit, oldest first."""
    with unit_of_work() as uow:
        return {"items": units.unit_history(uow, current_principal(), code)}


@blp.post("/<string:code>/dissolve")
@blp.arguments(UnitDissolve)
@blp.response(200, UnitOut)
def dissolve_unit(data, code):
    """Dissolve the unit (office_hr); with a successor it is a merge: its positions, staff and
    units below move there. Publishes hr.unit.dissolved, then the moves."""
    successor = data.pop("successor", None)
    data["successor_code"] = data.get("successor_code") or successor
    with unit_of_work() as uow:
        return units.dissolve_unit(uow, current_principal(), code, data)
