"""`POST /api/v1/auth/token` and `GET /api/v1/auth/me`."""

from __future__ import annotations

from buildingblocks.web import current_principal
from flask import g
from flask_smorest import Blueprint

from gateway.api.context import caller_address, gateway
from gateway.api.schemas import MeSchema, TokenRequestSchema, TokenSchema
from gateway.service_layer.auth import log_in

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Logging in; who am I")


@blp.post("/token")
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenSchema)
@blp.alt_response(401, description="wrong username or password")
@blp.alt_response(429, description="too many attempts; see Retry-After")
def issue_token(args):
    """Log in with a username and password; answers a bearer token."""
    g.audit_username = args["username"]
    context = gateway()
    return log_in(
        context.database.unit_of_work,
        context.tokens,
        context.login_limits,
        args["username"],
        args["password"],
        caller_address(),
    )


@blp.get("/me")
@blp.response(200, MeSchema)
def me():
    """The caller as the gateway knows them now: username, staff id, unit, roles."""
    principal = current_principal()
    return {
        "username": principal.username,
        "staff_id": principal.staff_id,
        "unit": principal.unit,
        "roles": sorted(principal.roles),
    }
