"""The API gateway: users and tokens, the role table, routing to the services, the audit log.

`create_app()` builds the Flask app for the gateway's own routes (auth, admin, docs) and puts
the proxy (`gateway.proxy.GatewayProxy`, plain WSGI) in front of it, so `/api/v1/<service>/...`
never enters Flask's request machinery.
"""

from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.errors import Forbidden, ServiceUnavailable, Unauthorized
from buildingblocks.web import create_service_app
from flask import Flask, Response, g, request
from sqlalchemy.exc import SQLAlchemyError

from gateway.adapters.audit import AuditLog
from gateway.adapters.orm import metadata
from gateway.adapters.principals import InternalTokens, PrincipalDirectory
from gateway.adapters.sessions import SessionStore
from gateway.adapters.tokens import AccessTokens
from gateway.adapters.units import UnitTree
from gateway.adapters.upstreams import Upstreams
from gateway.api import admin, auth, docs, inbox
from gateway.api.context import GatewayContext, caller_address
from gateway.api.operations import install_operational_routes, metrics_port_only
from gateway.authentication import Authenticator
from gateway.config import GatewayConfig
from gateway.console import ConsoleFiles
from gateway.errors import GatewayProblem
from gateway.openapi import OpenApiMerger
from gateway.policies import load_policy_table
from gateway.policy import PolicyTable
from gateway.proxy import GatewayProxy, problem_body
from gateway.service_layer.inbox import InboxAsker

SERVICE = "gateway"
OWN_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, policy: PolicyTable | None = None) -> Flask:
    """The gateway's WSGI app (one per worker process: engines and pools are made here).

    `policy` replaces the table of `gateway/policies/` (tests route a made-up service).
    """
    settings = settings or Settings.from_env(SERVICE)
    config = GatewayConfig.from_settings(settings)
    database = Database(settings.database_url, service=SERVICE)
    app = create_service_app(
        SERVICE,
        settings,
        [auth.blp, admin.blp, inbox.blp],
        metadata,
        database=database,
        internal_auth=False,
        title="Office platform API gateway",
    )
    app.register_blueprint(docs.blp)
    install_operational_routes(app, config.metrics_port)
    policy = policy or load_policy_table()
    tokens = AccessTokens(config.jwt_secret, config.token_ttl_seconds, config.token_issuer, config.token_audience)
    directory = PrincipalDirectory(database.session_factory, config.principal_cache_seconds)
    sessions = SessionStore(database.session_factory, config.jwt_secret, config.session_ttl_seconds)
    authenticator = Authenticator(tokens, directory, sessions)
    internal_tokens = InternalTokens(
        settings.internal_token_secret, config.internal_token_ttl, config.internal_token_reuse_seconds
    )
    upstreams = Upstreams(
        config.service_urls, config.upstream_connect_timeout, config.upstream_read_timeout, config.upstream_pool_size
    )
    audit_log = AuditLog(database.session_factory, config.audit_flush_seconds, config.audit_batch_size)
    api = app.extensions["office_api"]
    context = GatewayContext(
        config=config,
        database=database,
        policy=policy,
        tokens=tokens,
        authenticator=authenticator,
        internal_tokens=internal_tokens,
        upstreams=upstreams,
        audit=audit_log,
        login_limits=config.login_limits(),
        openapi=OpenApiMerger(
            upstreams, policy, api.spec.to_dict, config.openapi_cache_seconds, config.openapi_fetch_timeout
        ),
        sessions=sessions,
        inbox=InboxAsker(upstreams, internal_tokens, policy, config.inbox_timeout_seconds),
    )
    app.extensions["gateway"] = context
    _guard_own_routes(app, context)
    app.wsgi_app = GatewayProxy(
        _without_idempotency_keys(app.wsgi_app),
        policy=policy,
        authenticator=authenticator,
        internal_tokens=internal_tokens,
        upstreams=upstreams,
        audit=audit_log,
        trusted_proxy_hops=config.trusted_proxy_hops,
        max_request_bytes=config.max_request_bytes,
        unit_within=UnitTree(database.session_factory).within,
    )
    app.wsgi_app = metrics_port_only(ConsoleFiles(app.wsgi_app, config.web_dist_dir), config.metrics_port)
    return app


def _without_idempotency_keys(wsgi_app):
    # The building blocks' idempotency store keys answers by the internal-token principal, which
    # the gateway's own routes do not have: a replayed key would hand one caller's answer (a
    # login token!) to another. The gateway's own writes are naturally safe to retry (a second
    # create is a 409), so the header is dropped before Flask sees it.
    def app(environ, start_response):
        environ.pop("HTTP_IDEMPOTENCY_KEY", None)
        return wsgi_app(environ, start_response)

    return app


def _guard_own_routes(app: Flask, context: GatewayContext) -> None:
    """Bearer authentication and the role table (`policies/gateway.py`) on the gateway's routes."""

    @app.before_request
    def _authenticate():
        if request.url_rule is None or request.method == "OPTIONS":
            return None  # 404 / 405 / automatic OPTIONS answer as usual
        if not request.path.startswith(OWN_PREFIX + "/") or request.path == f"{OWN_PREFIX}/openapi.json":
            return None
        own_path = request.path[len(OWN_PREFIX):]
        if own_path == "/auth/token" or own_path == "/auth/session" and request.method in ("POST", "DELETE"):
            return None  # logging in, and logging out (which checks its own session)
        try:
            g.principal = context.authenticator.authenticate(request.environ)
        except SQLAlchemyError:
            raise ServiceUnavailable("the gateway cannot read its user directory right now") from None
        route = context.policy.match(SERVICE, request.method, own_path)
        if route is None or g.principal.roles.isdisjoint(route.roles):
            raise Forbidden(f"your roles do not allow {request.method} {request.path}")
        return None

    @app.after_request
    def _audit(response: Response):
        if request.path.startswith((f"{OWN_PREFIX}/auth/", f"{OWN_PREFIX}/admin/")):
            principal = g.get("principal")
            context.audit.record(
                request.endpoint or "unmatched",
                request.method,
                request.full_path.rstrip("?"),
                response.status_code,
                username=principal.username if principal else g.get("audit_username"),
                unit=principal.unit if principal else None,
                request_id=g.get("request_id"),
                client_addr=caller_address(),
            )
        return response

    @app.errorhandler(GatewayProblem)
    def _gateway_problem(error: GatewayProblem):
        retry_after = getattr(error, "retry_after", None)
        return Response(
            problem_body(error),
            status=error.status,
            mimetype="application/problem+json",
            headers={"Retry-After": str(retry_after)} if retry_after is not None else {},
        )

    @app.errorhandler(Unauthorized)
    def _unauthenticated(error: Unauthorized):
        return Response(
            problem_body(error),
            status=error.status,
            mimetype="application/problem+json",
            headers={"WWW-Authenticate": 'Bearer realm="office"'},
        )
