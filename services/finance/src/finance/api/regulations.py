"""/regulations: the spending regulation's versions and their norms."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import regulations
from .schemas import RegulationCreate, RegulationOut, RegulationQuery

blp = Blueprint("regulations", __name__, url_prefix="/regulations",
                description="The spending regulation [quy chế chi tiêu nội bộ], one for all units, by version")


@blp.get("")
@blp.arguments(RegulationQuery, location="query")
@blp.response(200, page_schema(RegulationOut))
def list_versions(args):
    """Versions, newest first (`?in_force_on=` gives the one in force on that date)."""
    with unit_of_work() as uow:
        if args.get("in_force_on"):
            versions = regulations.list_versions(uow, current_principal(), in_force_on=args["in_force_on"])
            return {"items": versions, "next_cursor": None}
        items, next_cursor = regulations.page_versions(uow, current_principal(), args)
        return {"items": items, "next_cursor": next_cursor}


@blp.post("")
@blp.arguments(RegulationCreate)
@blp.response(201, RegulationOut)
def add_version(data):
    """Add a version (office_finance). A version is never edited: a change is a new version."""
    with unit_of_work() as uow:
        return regulations.add_version(uow, current_principal(), data)


@blp.get("/<id:version_id>")
@blp.response(200, RegulationOut)
def get_version(version_id):
    """One version with its norms and their sources."""
    with unit_of_work() as uow:
        return regulations.get_version(uow, current_principal(), version_id)
