"""Events the HR service publishes (routing key = type; envelope `unit` = the board concerned).

HR is the source of truth for who is where: finance, assets, fleet and the gateway keep their
replicas of units and staff from these events alone. Dates are ISO `YYYY-MM-DD`; a unit version's
`valid_to` and a dissolution's `effective_date` are the first day the unit no longer applies.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import event
from ._attachment import attachment_added

UNIT_KINDS = ("leadership", "board", "office", "department")
POSITION_RANKS = ("head", "deputy", "specialist", "support")
POSITION_FAMILIES = ("leadership", "professional", "shared_professional", "support")
STAFF_STATUSES = ("active", "on_leave", "left")


class _Unit(Schema):
    code = fields.Str(required=True, metadata={"description": "the unit's stable code, e.g. \"BTC\""})
    name = fields.Str(required=True)
    kind = fields.Str(required=True, validate=validate.OneOf(UNIT_KINDS),
                      metadata={"description": "leadership | board | office | department"})
    parent_code = fields.Str(required=True, allow_none=True, metadata={"description": "the unit above it, if any"})
    valid_from = fields.Date(required=True, metadata={"description": "first day of this version"})
    valid_to = fields.Date(required=True, allow_none=True, metadata={
        "description": "first day this version no longer applies (null while current)"})


@event("hr.unit.created", version=1,
       description="A unit (board, office, department...) exists from `valid_from`.")
class UnitCreated(_Unit):
    pass


@event("hr.unit.changed", version=1,
       description="A unit has a new dated version (renamed, moved under another parent, kind changed). "
                   "The data is the new version; the old one ended the day before `valid_from`.")
class UnitChanged(_Unit):
    pass


@event("hr.unit.dissolved", version=1,
       description="A unit no longer exists from `effective_date`. A merge is a dissolution with a successor: "
                   "the successor takes over what the unit had (budgets, assets, bookings). Its positions "
                   "and staff were moved by the hr.position.changed and hr.staff.transferred events "
                   "published before this one.")
class UnitDissolved(Schema):
    code = fields.Str(required=True)
    successor_code = fields.Str(required=True, allow_none=True, metadata={
        "description": "the unit that takes over (null = no successor)"})
    effective_date = fields.Date(required=True, metadata={"description": "first day the unit no longer exists"})


class _Position(Schema):
    id = fields.Int(required=True)
    unit = fields.Str(required=True, metadata={"description": "the unit the position belongs to (may be a department)"})
    title = fields.Str(required=True)
    rank = fields.Str(required=True, validate=validate.OneOf(POSITION_RANKS),
                      metadata={"description": "head | deputy | specialist | support"})
    family = fields.Str(required=True, validate=validate.OneOf(POSITION_FAMILIES),
                        metadata={"description": "leadership | professional | shared_professional | support"})
    quota = fields.Int(required=True, validate=validate.Range(min=0), metadata={"description": "posts [biên chế]"})
    is_driver = fields.Bool(required=True, metadata={"description": "a driver's position (fleet's drivers)"})


@event("hr.position.created", version=1, description="A job position [vị trí việc làm] with its quota.")
class PositionCreated(_Position):
    pass


@event("hr.position.changed", version=1,
       description="A position changed (title, rank, family, quota, or moved to another unit). When it moved with "
                   "its holders, each holder's hr.staff.transferred follows.")
class PositionChanged(_Position):
    pass


@event("hr.position.removed", version=1,
       description="A vacant position no longer exists (its unit was dissolved without a successor).")
class PositionRemoved(_Position):
    pass


class _Staff(Schema):
    id = fields.Int(required=True)
    full_name = fields.Str(required=True)
    unit = fields.Str(required=True, metadata={
        "description": "the board (agency) the staff member belongs to; users of the gateway follow it"})
    previous_unit = fields.Str(required=True, allow_none=True, metadata={
        "description": "the board before a transfer (hr.staff.transferred only; else null)"})
    position_id = fields.Int(required=True, allow_none=True)
    position_title = fields.Str(required=True, allow_none=True)
    position_rank = fields.Str(required=True, allow_none=True)
    position_family = fields.Str(required=True, allow_none=True)
    is_driver = fields.Bool(required=True, metadata={"description": "holds a driver's position"})
    title_rank = fields.Str(required=True, allow_none=True, metadata={
        "description": "the rank spending norms and equipment standards key on (secretary ... support)"})
    licence_class = fields.Str(required=True, allow_none=True)
    licence_expiry = fields.Date(required=True, allow_none=True)
    status = fields.Str(required=True, validate=validate.OneOf(STAFF_STATUSES),
                        metadata={"description": "active | on_leave | left"})


@event("hr.staff.hired", version=1, description="A staff member was hired (or first recorded).")
class StaffHired(_Staff):
    pass


@event("hr.staff.changed", version=1,
       description="A staff member's record changed without a transfer (name, title rank, licence, status, or the "
                   "data of the position they hold).")
class StaffChanged(_Staff):
    pass


@event("hr.staff.transferred", version=1,
       description="A staff member moved to another unit or position (appointment, restructuring). `previous_unit` "
                   "is the board they came from.")
class StaffTransferred(_Staff):
    pass


@event("hr.staff.left", version=1, description="A staff member left; their post is vacant.")
class StaffLeft(_Staff):
    pass


AttachmentAdded = attachment_added("hr", __name__)
