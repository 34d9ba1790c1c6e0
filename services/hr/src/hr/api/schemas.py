"""Request and response schemas: the one source of validation and of the OpenAPI document."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from buildingblocks.fields import Count, Id, Text
from buildingblocks.pagination import PageArgs

from ..config import MARKS
from ..domain.model import FAMILIES, KINDS, LICENCE_CLASSES, RANKS, STAFF_STATUSES, TITLE_RANKS
from ..domain.plans import CODE_PATTERN, PLAN_STATUSES


def Code(**kwargs):
    return Text(validate=validate.Regexp(CODE_PATTERN, error="a unit code: letters, digits, - _ . (at most 40)"),
                **kwargs)


def Name(**kwargs):
    return Text(validate=validate.Length(min=1, max=200), **kwargs)


class AsOfQuery(Schema):
    as_of = fields.Date(metadata={"description": "the structure on this date (default: now)"})


# -- units --------------------------------------------------------------------------------------

def Search(**kwargs):
    return Text(validate=validate.Length(max=200), metadata={
        "description": "every word, regardless of case and Vietnamese diacritics"}, **kwargs)


class UnitQuery(PageArgs, AsOfQuery):
    q = Search()
    kind = Text(validate=validate.OneOf(KINDS))
    parent_code = Text(validate=validate.Length(max=40))


class UnitOut(Schema):
    code = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    parent_code = fields.Str(allow_none=True)
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True, metadata={"description": "first day it no longer applies"})
    successor_code = fields.Str(allow_none=True)


class UnitPage(Schema):
    items = fields.List(fields.Nested(UnitOut))
    next_cursor = fields.Str(allow_none=True)


class UnitCreate(Schema):
    code = Code(required=True)
    name = Name(required=True)
    kind = Text(required=True, validate=validate.OneOf(KINDS))
    parent_code = Code(allow_none=True, load_default=None)
    valid_from = fields.Date(metadata={"description": "default today; not in the future"})


class UnitPatch(Schema):
    name = Name()
    kind = Text(validate=validate.OneOf(KINDS))
    parent_code = Code(allow_none=True)
    effective_date = fields.Date(metadata={"description": "first day of the new version; default today"})


class UnitDissolve(Schema):
    successor_code = Code(allow_none=True)
    successor = Code(allow_none=True, metadata={"description": "same as successor_code"})
    effective_date = fields.Date(metadata={"description": "first day the unit no longer exists; default today"})

    @validates_schema
    def _one_successor(self, data, **kwargs):
        if data.get("successor") and data.get("successor_code") and data["successor"] != data["successor_code"]:
            raise ValidationError("successor and successor_code differ", field_name="successor")


class UnitVersions(Schema):
    items = fields.List(fields.Nested(UnitOut))


# -- positions ----------------------------------------------------------------------------------

class PositionQuery(PageArgs, AsOfQuery):
    unit = Text(validate=validate.Length(max=40), metadata={"description": "the unit and the units below it"})
    family = Text(validate=validate.OneOf(FAMILIES))
    rank = Text(validate=validate.OneOf(RANKS))
    is_driver = fields.Bool()


class PositionOut(Schema):
    id = fields.Int()
    unit = fields.Str()
    agency = fields.Str(metadata={"description": "the board the unit belongs to"})
    title = fields.Str()
    rank = fields.Str()
    family = fields.Str()
    quota = fields.Int()
    is_driver = fields.Bool()
    filled = fields.Int()
    vacant = fields.Int()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    removed = fields.Bool()


class PositionPage(Schema):
    items = fields.List(fields.Nested(PositionOut))
    next_cursor = fields.Str(allow_none=True)


class PositionCreate(Schema):
    id = Id(metadata={"description": "optional: the next free id by default"})
    unit = Code(required=True)
    title = Name(required=True)
    rank = Text(required=True, validate=validate.OneOf(RANKS))
    family = Text(required=True, validate=validate.OneOf(FAMILIES))
    quota = Count(0, 10_000, required=True)
    is_driver = fields.Bool(load_default=False)
    valid_from = fields.Date()


class PositionPatch(Schema):
    unit = Code()
    title = Name()
    rank = Text(validate=validate.OneOf(RANKS))
    family = Text(validate=validate.OneOf(FAMILIES))
    quota = Count(0, 10_000)
    is_driver = fields.Bool()
    with_holder = fields.Bool(metadata={"description": "moved to another unit: holders go along (default true)"})
    effective_date = fields.Date()


# -- staff and appointments -----------------------------------------------------------------------

class StaffQuery(PageArgs, AsOfQuery):
    q = Search()
    unit = Text(validate=validate.Length(max=40), metadata={"description": "a board, or a department inside it"})
    position_id = Id(strict=False)
    status = Text(validate=validate.OneOf(STAFF_STATUSES))
    title_rank = Text(validate=validate.OneOf(TITLE_RANKS))
    is_driver = fields.Bool()


class StaffOut(Schema):
    id = fields.Int()
    full_name = fields.Str()
    unit = fields.Str(metadata={"description": "the board (agency) they belong to"})
    position_id = fields.Int(allow_none=True)
    position_title = fields.Str(allow_none=True)
    position_unit = fields.Str(allow_none=True, metadata={"description": "the unit of the position (may be a department)"})
    is_driver = fields.Bool()
    title_rank = fields.Str(allow_none=True)
    licence_class = fields.Str(allow_none=True)
    licence_expiry = fields.Date(allow_none=True)
    status = fields.Str()
    hired_on = fields.Date()
    left_on = fields.Date(allow_none=True)


class StaffPage(Schema):
    items = fields.List(fields.Nested(StaffOut))
    next_cursor = fields.Str(allow_none=True)


class StaffCreate(Schema):
    id = Id(metadata={"description": "optional: the next free id by default"})
    full_name = Name(required=True)
    unit = Code(metadata={"description": "required without a position; else must match the position's board"})
    position_id = Id(allow_none=True)
    title_rank = Text(allow_none=True, validate=validate.OneOf(TITLE_RANKS))
    licence_class = Text(allow_none=True, validate=validate.OneOf(LICENCE_CLASSES))
    licence_expiry = fields.Date(allow_none=True)
    status = Text(validate=validate.OneOf(("active", "on_leave")))
    hired_on = fields.Date(metadata={"description": "default today; not in the future"})

    @validates_schema
    def _somewhere(self, data, **kwargs):
        if data.get("position_id") is None and not data.get("unit"):
            raise ValidationError("give a position_id or a unit", field_name="position_id")


class StaffPatch(Schema):
    full_name = Name()
    unit = Code()
    position_id = Id(allow_none=True)
    title_rank = Text(allow_none=True, validate=validate.OneOf(TITLE_RANKS))
    licence_class = Text(allow_none=True, validate=validate.OneOf(LICENCE_CLASSES))
    licence_expiry = fields.Date(allow_none=True)
    status = Text(validate=validate.OneOf(STAFF_STATUSES))
    effective_date = fields.Date(metadata={"description": "of a transfer or a departure; default today"})


class AppointmentQuery(PageArgs, AsOfQuery):
    staff_id = Id(strict=False)
    position_id = Id(strict=False)
    unit = Text(validate=validate.Length(max=40))


class AppointmentOut(Schema):
    id = fields.Int()
    staff_id = fields.Int()
    full_name = fields.Str(allow_none=True)
    position_id = fields.Int(allow_none=True)
    position_title = fields.Str(allow_none=True)
    unit = fields.Str()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True, metadata={"description": "first day they no longer held it"})
    reason = fields.Str()
    restructuring_id = fields.Int(allow_none=True)
    recorded_by = fields.Str(allow_none=True)


class AppointmentPage(Schema):
    items = fields.List(fields.Nested(AppointmentOut))
    next_cursor = fields.Str(allow_none=True)


class AppointmentCreate(Schema):
    staff_id = Id(required=True)
    position_id = Id(required=True, allow_none=True, metadata={"description": "null: relieved of their post"})
    unit = Code()
    effective_date = fields.Date()


# -- staffing and rules -----------------------------------------------------------------------------

class StaffingQuery(AsOfQuery):
    unit = Text(validate=validate.Length(max=40), metadata={"description": "the unit and the units below it"})


class FiguresOut(Schema):
    quota = fields.Int()
    filled = fields.Int()
    vacant = fields.Int()


class ViolationOut(Schema):
    rule = fields.Str()
    unit = fields.Str(allow_none=True)
    position_id = fields.Int()
    limit = fields.Float()
    actual = fields.Float()
    detail = fields.Str()
    blocking = fields.Bool()


class StaffingPositionOut(FiguresOut):
    id = fields.Int()
    title = fields.Str()
    rank = fields.Str()
    family = fields.Str()
    is_driver = fields.Bool()


class StaffingRowOut(FiguresOut):
    code = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    parent_code = fields.Str(allow_none=True)
    agency = fields.Str()
    deputies = fields.Int()
    deputy_limit = fields.Int(allow_none=True)
    deputy_limit_rule = fields.Str(allow_none=True)
    departments = fields.Int()
    max_departments = fields.Int(allow_none=True)
    unassigned_staff = fields.Int()
    by_family = fields.Dict(keys=fields.Str(), values=fields.Nested(FiguresOut))
    by_rank = fields.Dict(keys=fields.Str(), values=fields.Nested(FiguresOut))
    positions = fields.List(fields.Nested(StaffingPositionOut))
    violations = fields.List(fields.Nested(ViolationOut))


class StaffingTotalsOut(FiguresOut):
    deputies = fields.Int()
    unassigned_staff = fields.Int()
    units = fields.Int()
    departments = fields.Int()
    by_family = fields.Dict(keys=fields.Str(), values=fields.Nested(FiguresOut))
    by_rank = fields.Dict(keys=fields.Str(), values=fields.Nested(FiguresOut))


class StaffingOut(Schema):
    as_of = fields.Date(allow_none=True)
    unit = fields.Str(allow_none=True)
    items = fields.List(fields.Nested(StaffingRowOut))
    totals = fields.Nested(StaffingTotalsOut)
    violations = fields.List(fields.Nested(ViolationOut))


class RuleOut(Schema):
    code = fields.Str()
    title = fields.Str()
    blocking = fields.Bool(metadata={"description": "breaking it is refused (409); else only flagged"})
    value = fields.Dict()
    default_value = fields.Dict()
    enabled = fields.Bool()
    source = fields.Str()
    mark = fields.Str(metadata={"description": "evidence mark of regulations.md: A B C D —"})
    verified = fields.Bool()
    note = fields.Str(allow_none=True)
    updated_at = fields.AwareDateTime(allow_none=True)
    updated_by = fields.Str(allow_none=True)
    valid_from = fields.Date(allow_none=True, metadata={
        "description": "first day this version is in force (null: the default, never changed)"})
    valid_to = fields.Date(allow_none=True, metadata={"description": "first day it no longer is (null while current)"})


class RuleList(Schema):
    items = fields.List(fields.Nested(RuleOut))


class RuleQuery(Schema):
    as_of = fields.Date(metadata={"description": "the rules in force on this date (default: now)"})


class RuleVersions(Schema):
    items = fields.List(fields.Nested(RuleOut), metadata={"description": "every version, oldest first"})


class RulePatch(Schema):
    value = fields.Dict(keys=fields.Str())
    enabled = fields.Bool()
    source = Text(validate=validate.Length(min=1, max=2000))
    mark = Text(validate=validate.OneOf(MARKS))
    verified = fields.Bool()
    note = Text(allow_none=True, validate=validate.Length(max=4000))
    effective_date = fields.Date(metadata={"description": "first day of the rule's new version; default today"})


class RulePatchWithCode(RulePatch):
    code = Text(required=True, validate=validate.Length(min=1, max=60))


# -- restructuring plans ------------------------------------------------------------------------------

class PlanQuery(PageArgs):
    status = Text(validate=validate.OneOf(PLAN_STATUSES))


class PlanOut(Schema):
    id = fields.Int()
    title = fields.Str()
    description = fields.Str(allow_none=True)
    effective_date = fields.Date()
    status = fields.Str(metadata={"description": "draft | approved | scheduled | applied | failed | rejected | "
                                                 "withdrawn"})
    steps = fields.List(fields.Dict())
    reduction_target = fields.Float(allow_none=True)
    created_by = fields.Str()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    approved_by = fields.Str(allow_none=True)
    approved_at = fields.AwareDateTime(allow_none=True)
    applied_by = fields.Str(allow_none=True)
    applied_at = fields.AwareDateTime(allow_none=True)
    failure_reason = fields.Str(allow_none=True)
    history = fields.List(fields.Nested(lambda: PlanEventOut()), metadata={"description": "what happened, oldest first"})


class PlanEventOut(Schema):
    action = fields.Str(metadata={"description": "created | edited | approved | rejected | withdrawn | scheduled | "
                                                 "applied | failed"})
    by = fields.Str()
    staff_id = fields.Int(allow_none=True)
    at = fields.Str(metadata={"description": "ISO 8601, UTC"})
    reason = fields.Str(allow_none=True)


class PlanReject(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000), metadata={"description": "why (required)"})


class PlanWithdraw(Schema):
    reason = Text(allow_none=True, validate=validate.Length(max=2000))


class PlanPage(Schema):
    items = fields.List(fields.Nested(PlanOut))
    next_cursor = fields.Str(allow_none=True)


class PlanCreate(Schema):
    title = Text(required=True, validate=validate.Length(min=1, max=300))
    description = Text(allow_none=True, validate=validate.Length(max=10_000))
    effective_date = fields.Date(required=True)
    steps = fields.List(fields.Dict(), required=True, metadata={
        "description": 'e.g. {"op": "merge_units", "from": "BTG", "into": "BTGDV"}, '
                       '{"op": "move_position", "position_id": 7, "to_unit": "VP", "with_holder": true}'})
    reduction_target = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1))


class PlanPatch(Schema):
    title = Text(validate=validate.Length(min=1, max=300))
    description = Text(allow_none=True, validate=validate.Length(max=10_000))
    effective_date = fields.Date()
    steps = fields.List(fields.Dict())
    reduction_target = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1))


class PlanPreviewOut(Schema):
    plan_id = fields.Int()
    effective_date = fields.Date()
    status = fields.Str()
    before = fields.Nested(StaffingOut)
    after = fields.Nested(StaffingOut)
    violations = fields.List(fields.Nested(ViolationOut), metadata={"description": "every rule the result breaks"})
    new_violations = fields.List(fields.Nested(ViolationOut),
                                 metadata={"description": "blocking breaches the plan makes worse (approval refused)"})
    resolved_violations = fields.List(fields.Nested(ViolationOut))
    summary = fields.Dict(metadata={"description": "centralized_into_office, departments, deputies, headcount, "
                                                   "reduction, units, staff"})
