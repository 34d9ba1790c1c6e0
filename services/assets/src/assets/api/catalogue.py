"""/categories and /standards: read by everyone, kept by the Office's asset specialists."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..service_layer import catalogue
from .fields import ID
from .schemas import (
    CategoryCreateSchema,
    CategoryPatchSchema,
    CategoryQuery,
    CategorySchema,
    StandardCreateSchema,
    StandardPatchSchema,
    StandardQuery,
    StandardSchema,
)

blp = Blueprint("catalogue", __name__, description="Asset categories (life, wear rate) and equipment standards")


class CategoryListSchema(Schema):
    items = fields.List(fields.Nested(CategorySchema))


class StandardListSchema(Schema):
    items = fields.List(fields.Nested(StandardSchema))


@blp.route("/categories")
class Categories(MethodView):
    @blp.arguments(CategoryQuery, location="query")
    @blp.response(200, CategoryListSchema)
    def get(self, args):
        """Every category with its useful life, wear rate and their legal basis."""
        with unit_of_work() as uow:
            return {"items": catalogue.list_categories(uow, args.get("is_vehicle"))}

    @blp.arguments(CategoryCreateSchema)
    @blp.response(201, CategorySchema)
    def post(self, data):
        """Add a category (office_assets)."""
        with unit_of_work() as uow:
            return catalogue.create_category(uow, current_principal(), data)


@blp.route("/categories/<string:code>")
class CategoryOne(MethodView):
    @blp.response(200, CategorySchema)
    def get(self, code):
        with unit_of_work() as uow:
            return catalogue.get_category(uow, code)

    @blp.arguments(CategoryPatchSchema)
    @blp.response(200, CategorySchema)
    def patch(self, changes, code):
        """Change a category (office_assets): later wear runs use the new rate."""
        with unit_of_work() as uow:
            return catalogue.update_category(uow, current_principal(), code, changes)


@blp.route("/standards")
class Standards(MethodView):
    @blp.arguments(StandardQuery, location="query")
    @blp.response(200, StandardListSchema)
    def get(self, args):
        """The equipment standards: per title rank (person) or per board (shared equipment)."""
        with unit_of_work() as uow:
            return {"items": catalogue.list_standards(uow, args.get("category"), args.get("title_rank"),
                                                      args.get("scope"))}

    @blp.arguments(StandardCreateSchema)
    @blp.response(201, StandardSchema)
    def post(self, data):
        """Add a standard (office_assets)."""
        with unit_of_work() as uow:
            return catalogue.create_standard(uow, current_principal(), data)


@blp.route("/standards/" + ID.format("standard_id"))
class StandardOne(MethodView):
    @blp.response(200, StandardSchema)
    def get(self, standard_id):
        with unit_of_work() as uow:
            return catalogue.get_standard(uow, standard_id)

    @blp.arguments(StandardPatchSchema)
    @blp.response(200, StandardSchema)
    def patch(self, changes, standard_id):
        """Change a standard's maxima or mark it verified (office_assets)."""
        with unit_of_work() as uow:
            return catalogue.update_standard(uow, current_principal(), standard_id, changes)
