"""marshmallow schemas of the gateway's own endpoints (validation and OpenAPI in one place)."""

from __future__ import annotations

from buildingblocks.inbox import InboxOut as ServiceInboxOut
from buildingblocks.pagination import PageArgs
from marshmallow import Schema, fields, validate

from gateway.domain.users import MIN_PASSWORD_LENGTH, USERNAME
from gateway.policy import ALL_ROLES

_username = validate.Regexp(USERNAME, error="lower-case letters, digits, '.', '_' or '-', 2 to 63 characters")
_unit = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", error="a unit code such as BTC")
_role = validate.OneOf(sorted(ALL_ROLES))
_password = validate.Length(min=MIN_PASSWORD_LENGTH, max=1024)


class LoginCreate(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=1024))


class PasswordPatch(Schema):
    current_password = fields.Str(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    new_password = fields.Str(required=True, load_only=True, validate=validate.Length(min=1, max=1024),
                              metadata={"description": f"at least {MIN_PASSWORD_LENGTH} characters, not containing "
                                                       "the username, not the current password"})


class TokenOut(Schema):
    access_token = fields.Str(required=True)
    token_type = fields.Str(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Int(required=True, metadata={"description": "seconds"})


class MeOut(Schema):
    username = fields.Str(required=True)
    staff_id = fields.Int(allow_none=True)
    unit = fields.Str(allow_none=True)
    roles = fields.List(fields.Str(), required=True)


class SessionOut(Schema):
    me = fields.Nested(MeOut, required=True)
    csrf_token = fields.Str(required=True, metadata={
        "description": "send it as X-CSRF-Token on every state-changing call made with the session cookie"})


class MeSessionOut(MeOut):
    csrf_token = fields.Str(metadata={"description": "only when called with the session cookie"})


class UserOut(Schema):
    username = fields.Str(required=True)
    staff_id = fields.Int(allow_none=True)
    unit = fields.Str(required=True)
    roles = fields.List(fields.Str(), required=True)
    active = fields.Bool(required=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class UserCreate(Schema):
    username = fields.Str(required=True, validate=_username)
    password = fields.Str(required=True, validate=_password, load_only=True)
    staff_id = fields.Int(allow_none=True, load_default=None, validate=validate.Range(min=1))
    unit = fields.Str(required=True, validate=_unit)
    roles = fields.List(fields.Str(validate=_role), required=True, validate=validate.Length(min=1))
    active = fields.Bool(load_default=True)


class UserPatch(Schema):
    password = fields.Str(validate=_password, load_only=True)
    staff_id = fields.Int(allow_none=True, validate=validate.Range(min=1))
    unit = fields.Str(validate=_unit)
    roles = fields.List(fields.Str(validate=_role), validate=validate.Length(min=1))
    active = fields.Bool()


class UserQuery(PageArgs):
    unit = fields.Str(validate=_unit)
    role = fields.Str(validate=_role)
    active = fields.Bool()


class AuditEntryOut(Schema):
    id = fields.Int(required=True)
    at = fields.AwareDateTime(required=True)
    action = fields.Str(required=True)
    username = fields.Str(allow_none=True)
    unit = fields.Str(allow_none=True)
    method = fields.Str(required=True)
    path = fields.Str(required=True)
    status = fields.Int(required=True)
    request_id = fields.Str(allow_none=True)
    client_addr = fields.Str(allow_none=True)
    duration_ms = fields.Int(allow_none=True)
    detail = fields.Str(allow_none=True)


class AuditQuery(PageArgs):
    username = fields.Str(validate=validate.Length(min=1, max=64))
    unit = fields.Str(validate=_unit)
    action = fields.Str(validate=validate.Length(min=1, max=40))
    status = fields.Int(validate=validate.Range(min=100, max=599))
    request_id = fields.Str(validate=validate.Length(min=1, max=120))
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()


class InboxOut(ServiceInboxOut):
    unavailable = fields.List(fields.Str(), required=True, metadata={
        "description": "services that did not answer in time (their items are missing)"})
