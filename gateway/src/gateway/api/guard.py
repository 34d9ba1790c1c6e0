"""What wraps the gateway's own routes: authentication and the role table
(`policies/gateway.py`), the audit of auth and admin calls, and the gateway's own problems."""

from __future__ import annotations

from buildingblocks.errors import NotAllowed, Unauthenticated, Unavailable
from flask import Flask, Response, g, request
from sqlalchemy.exc import SQLAlchemyError

from gateway.api.context import GatewayContext, caller_address
from gateway.config import SERVICE
from gateway.errors import GatewayProblem, problem_of

OWN_PREFIX = "/api/v1"
# Logging in, and logging out (which checks its own session), need no credential.
PUBLIC = frozenset({("POST", "/auth/token"), ("POST", "/auth/session"), ("DELETE", "/auth/session")})
AUDITED = (f"{OWN_PREFIX}/auth/", f"{OWN_PREFIX}/admin/")


def install_guard(app: Flask, context: GatewayContext) -> None:
    """Register the hooks and error handlers on the gateway's Flask app."""

    @app.before_request
    def _authenticate():
        own_path = _own_path()
        if own_path is None or (request.method, own_path) in PUBLIC:
            return None
        try:
            g.principal = context.authenticator.authenticate(request.environ)
        except SQLAlchemyError:
            raise Unavailable("the gateway cannot read its user directory right now") from None
        route = context.policy.match(SERVICE, request.method, own_path)
        if route is None or g.principal.roles.isdisjoint(route.roles):
            raise NotAllowed(f"your roles do not allow {request.method} {request.path}")
        return None

    @app.after_request
    def _audit(response: Response):
        if request.path.startswith(AUDITED):
            principal = g.get("principal")
            context.audit.record(
                request.endpoint or "unmatched", request.method, request.full_path.rstrip("?"),
                response.status_code,
                username=principal.username if principal else g.get("audit_username"),
                unit=principal.unit if principal else None,
                request_id=g.get("request_id"), client_addr=caller_address(),
            )
        return response

    app.register_error_handler(GatewayProblem, _problem_response)
    app.register_error_handler(Unauthenticated, _problem_response)


def _own_path() -> str | None:
    """The path after /api/v1 of a gateway route that needs a caller; None for the others."""
    if request.url_rule is None or request.method == "OPTIONS":
        return None  # 404 / 405 / automatic OPTIONS answer as usual
    if not request.path.startswith(OWN_PREFIX + "/") or request.path == f"{OWN_PREFIX}/openapi.json":
        return None
    return request.path[len(OWN_PREFIX):]


def _problem_response(error) -> Response:
    status, headers, body = problem_of(error)
    return Response(body, status=status, headers=headers)
