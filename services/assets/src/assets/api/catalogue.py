"""/categories and /standards: read by everyone, kept by the Office's asset specialists."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import catalogue
from .schemas import (
    CategoryList,
    CategoryCreate,
    CategoryPatch,
    CategoryQuery,
    CategoryOut,
    StandardCreate,
    StandardList,
    StandardPatch,
    StandardQuery,
    StandardOut,
)

blp = Blueprint("catalogue", __name__, description="Asset categories (life, wear rate) and equipment standards")


@blp.get("/categories")
@blp.arguments(CategoryQuery, location="query")
@blp.response(200, CategoryList)
def list_categories(args):
    """Every category with its useful life, wear rate and their legal basis."""
    with unit_of_work() as uow:
        return {"items": catalogue.list_categories(uow, args.get("is_vehicle"))}


@blp.post("/categories")
@blp.arguments(CategoryCreate)
@blp.response(201, CategoryOut)
def create_category(data):
    """Add a category (office_assets)."""
    with unit_of_work() as uow:
        return catalogue.create_category(uow, current_principal(), data)


@blp.get("/categories/<string:code>")
@blp.response(200, CategoryOut)
def get_category(code):
    with unit_of_work() as uow:
        return catalogue.get_category(uow, code)


@blp.patch("/categories/<string:code>")
@blp.arguments(CategoryPatch)
@blp.response(200, CategoryOut)
def update_category(changes, code):
    """Change a category (office_assets): later wear runs use the new rate."""
    with unit_of_work() as uow:
        return catalogue.update_category(uow, current_principal(), code, changes)


@blp.get("/standards")
@blp.arguments(StandardQuery, location="query")
@blp.response(200, StandardList)
def list_standards(args):
    """The equipment standards: per title rank (person) or per board (shared equipment)."""
    with unit_of_work() as uow:
        return {"items": catalogue.list_standards(uow, args.get("category"), args.get("title_rank"),
                                                  args.get("scope"))}


@blp.post("/standards")
@blp.arguments(StandardCreate)
@blp.response(201, StandardOut)
def create_standard(data):
    """Add a standard (office_assets)."""
    with unit_of_work() as uow:
        return catalogue.create_standard(uow, current_principal(), data)


@blp.get("/standards/<id:standard_id>")
@blp.response(200, StandardOut)
def get_standard(standard_id):
    with unit_of_work() as uow:
        return catalogue.get_standard(uow, standard_id)


@blp.patch("/standards/<id:standard_id>")
@blp.arguments(StandardPatch)
@blp.response(200, StandardOut)
def update_standard(changes, standard_id):
    """Change a standard's maxima or mark it verified (office_assets)."""
    with unit_of_work() as uow:
        return catalogue.update_standard(uow, current_principal(), standard_id, changes)
