"""`/api/v1/auth/...`: bearer tokens, browser sessions (the console's cookie), who am I, and a
user's own password change."""

from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotAllowed
from buildingblocks.web import current_principal
from flask import Response, g, jsonify, request
from flask_smorest import Blueprint

from gateway.adapters.sessions import COOKIE_NAME, session_token_of
from gateway.api.context import caller_address, gateway
from gateway.api.schemas import MeSessionOut, PasswordPatch, SessionOut, LoginCreate, TokenOut
from gateway.service_layer.auth import log_in
from gateway.service_layer.sessions import change_own_password, end_session, start_session

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Logging in and out; who am I")


@blp.post("/token")
@blp.arguments(LoginCreate)
@blp.response(200, TokenOut)
@blp.alt_response(401, description="wrong username or password")
@blp.alt_response(429, description="too many failed logins; wait Retry-After seconds")
def issue_token(args):
    """Log in with a username and password; answers a bearer token."""
    g.audit_username = args["username"]
    context = gateway()
    return log_in(context.database.unit_of_work, context.tokens, context.login_limits,
                  args["username"], args["password"], caller_address())


def _me(principal) -> dict:
    return {"username": principal.username, "staff_id": principal.staff_id, "unit": principal.unit,
            "roles": sorted(principal.roles)}


def _over_tls() -> bool:
    if request.environ.get("wsgi.url_scheme") == "https":
        return True
    # X-Forwarded-Proto only counts when a trusted proxy in front wrote it
    return gateway().config.trusted_proxy_hops > 0 and request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _set_cookie(response: Response, token: str, max_age: int) -> None:
    response.set_cookie(COOKIE_NAME, token, max_age=max_age, path="/", httponly=True, samesite="Strict",
                        secure=_over_tls())


@blp.post("/session")
@blp.arguments(LoginCreate)
@blp.response(200, SessionOut, headers={"Set-Cookie": {
    "description": f"{COOKIE_NAME}: HttpOnly, SameSite=Strict, Secure over TLS", "schema": {"type": "string"}}})
@blp.alt_response(401, description="wrong username or password")
@blp.alt_response(429, description="too many failed logins; wait Retry-After seconds")
def open_session(args):
    """Log in for a browser: sets the HttpOnly session cookie and answers the user and the
    CSRF token every state-changing call with the cookie must carry as `X-CSRF-Token`."""
    g.audit_username = args["username"]
    context = gateway()
    started = start_session(context.database.unit_of_work, context.sessions, context.login_limits,
                            args["username"], args["password"], caller_address())
    context.authenticator.directory.forget(started.username)
    principal = context.authenticator.directory.find(started.username).principal
    answer = jsonify(SessionOut().dump({"me": _me(principal), "csrf_token": started.csrf_token}))
    _set_cookie(answer, started.token, context.sessions.ttl_seconds)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@blp.delete("/session")
@blp.response(204)
@blp.alt_response(403, description="the session cookie came without its X-CSRF-Token")
def close_session():
    """Log a browser out: the session ends at once and the cookie is cleared (also when it had
    already ended)."""
    context = gateway()
    token = session_token_of(request.environ)
    if token is not None:
        live = context.sessions.find(token, utcnow()) is not None
        if live and not context.sessions.csrf_matches(token, request.headers.get("X-CSRF-Token")):
            raise NotAllowed("logging out with the session cookie needs its X-CSRF-Token", rule="csrf")
        end_session(context.database.unit_of_work, context.sessions, token)
    answer = Response(status=204)
    answer.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="Strict", secure=_over_tls())
    return answer


@blp.get("/me")
@blp.response(200, MeSessionOut)
def me():
    """The caller as the gateway knows them now: username, staff id, unit, roles (and, with the
    session cookie, its CSRF token, so a reloaded page can go on)."""
    body = _me(current_principal())
    token = session_token_of(request.environ)
    if token is not None and not request.headers.get("Authorization"):
        body["csrf_token"] = gateway().sessions.csrf_token(token)
    return body


@blp.post("/password")
@blp.arguments(PasswordPatch)
@blp.response(204)
@blp.alt_response(401, description="the current password is wrong")
@blp.alt_response(422, description="the new password is not acceptable")
@blp.alt_response(429, description="too many wrong current passwords; wait Retry-After seconds")
def change_password(args):
    """Change one's own password. Every token and session issued before, this one included,
    stops working: log in again with the new password."""
    context = gateway()
    change_own_password(context.database.unit_of_work, context.sessions, context.login_limits,
                        current_principal().username, args["current_password"], args["new_password"],
                        caller_address())
    context.authenticator.directory.forget(current_principal().username)
    answer = Response(status=204)
    answer.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="Strict", secure=_over_tls())
    return answer
