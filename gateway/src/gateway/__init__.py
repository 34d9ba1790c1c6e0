"""The API gateway: users, tokens and sessions, the role table, routing to the services, the
audit log, the inbox and the web console's files.

`create_app()` builds the Flask app for the gateway's own routes (auth, admin, inbox, docs) and
puts plain WSGI layers in front of it (`_front`): the metrics port's filter, the console's files
and the proxy (`gateway.proxy.GatewayProxy`), so `/api/v1/<service>/...` never enters Flask's
request machinery.
"""

from __future__ import annotations

from typing import Callable

from buildingblocks.db import Database
from buildingblocks.web import create_service_app
from flask import Flask

from gateway.adapters.orm import metadata
from gateway.api import BLUEPRINTS, docs
from gateway.api.context import GatewayContext, build_context
from gateway.api.guard import install_guard
from gateway.api.operations import install_operational_routes, metrics_port_only
from gateway.config import SERVICE, Config
from gateway.console import ConsoleFiles
from gateway.policies import load_policy_table
from gateway.policy import PolicyTable
from gateway.proxy import GatewayProxy


def create_app(config: Config | None = None, *, policy: PolicyTable | None = None) -> Flask:
    """The gateway's WSGI app (one per worker process: engines and pools are made here).

    `policy` replaces the table of `gateway/policies/` (tests route a made-up service).
    """
    config = config or Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config)
    app = create_service_app(config, BLUEPRINTS, metadata, database=database, internal_auth=False,
                             title="Office platform API gateway")
    app.register_blueprint(docs.blp)
    install_operational_routes(app, config.metrics_port)
    context = build_context(config, database, policy or load_policy_table(), app.extensions["office_api"].spec.to_dict)
    app.extensions["gateway"] = context
    install_guard(app, context)
    app.wsgi_app = _front(app.wsgi_app, context)
    return app


def _front(flask_app: Callable, context: GatewayContext) -> Callable:
    """The WSGI layers before Flask, outermost first: the metrics port answers only metrics and
    health; the console's files; the proxy for `/api/v1/<service>/...`."""
    config = context.config
    proxy = GatewayProxy(
        _without_idempotency_keys(flask_app), policy=context.policy, authenticator=context.authenticator,
        internal_tokens=context.internal_tokens, upstreams=context.upstreams, audit=context.audit,
        trusted_proxy_hops=config.trusted_proxy_hops, max_request_bytes=config.max_request_bytes,
        max_upload_bytes=config.max_upload_bytes,
        unit_within=context.units.within,
    )
    return metrics_port_only(ConsoleFiles(proxy, config.web_dist_dir), config.metrics_port)


def _without_idempotency_keys(wsgi_app: Callable) -> Callable:
    # The building blocks' idempotency store keys answers by the internal-token principal, which
    # the gateway's own routes do not have: a replayed key would hand one caller's answer (a
    # login token!) to another. The gateway's own writes are naturally safe to retry (a second
    # create is a 409), so the header is dropped before Flask sees it.
    def app(environ, start_response):
        environ.pop("HTTP_IDEMPOTENCY_KEY", None)
        return wsgi_app(environ, start_response)

    return app
