"""`/api/v1/admin/users` (admin CRUD of users) and `/api/v1/admin/audit` (the access audit)."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from gateway.api.context import gateway
from gateway.api.schemas import (
    AuditEntryOut,
    AuditQuery,
    UserCreate,
    UserPatch,
    UserQuery,
    UserOut,
)
from gateway.service_layer import audit as audit_log
from gateway.service_layer import users

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Users and the access audit")


@blp.get("/users")
@blp.arguments(UserQuery, location="query")
@blp.response(200, page_schema(UserOut))
def list_users(args):
    """Users, by username; `?unit=`, `?role=`, `?active=` narrow the list."""
    with unit_of_work() as uow:
        rows, next_cursor = users.list_users(
            uow.session, unit=args.get("unit"), active=args.get("active"), role=args.get("role"),
            limit=args["limit"], cursor=args["cursor"],
        )
    return {"items": rows, "next_cursor": next_cursor}


@blp.post("/users")
@blp.arguments(UserCreate)
@blp.response(201, UserOut)
@blp.alt_response(409, description="the username is taken")
def create_user(args):
    """Create a user with a password, a unit, roles and an optional HR staff id."""
    with unit_of_work() as uow:
        user = users.create_user(uow, current_principal(), **args)
    gateway().authenticator.directory.forget(user.username)
    return user


@blp.get("/users/<string:username>")
@blp.response(200, UserOut)
def get_user(username):
    """One user."""
    with unit_of_work() as uow:
        return users.get_user(uow.session, username)


@blp.patch("/users/<string:username>")
@blp.arguments(UserPatch)
@blp.response(200, UserOut)
@blp.alt_response(409, description="the last active admin would be lost")
def update_user(args, username):
    """Change a user's password, unit, roles, staff id or active flag (a new password or a
    deactivation ends the tokens already issued)."""
    with unit_of_work() as uow:
        user = users.update_user(uow, current_principal(), username, args)
    gateway().authenticator.directory.forget(username)
    return user


@blp.get("/audit")
@blp.arguments(AuditQuery, location="query")
@blp.response(200, page_schema(AuditEntryOut))
def list_audit(args):
    """The access audit, newest first (entries reach it within about a second)."""
    with unit_of_work() as uow:
        rows, next_cursor = audit_log.list_audit_entries(
            uow.session,
            **{k: args.get(k) for k in ("username", "unit", "action", "status", "request_id", "since", "until")},
            limit=args["limit"], cursor=args["cursor"],
        )
    return {"items": rows, "next_cursor": next_cursor}
