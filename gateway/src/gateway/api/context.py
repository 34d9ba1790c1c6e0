"""What the gateway's views share: built once per process by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from buildingblocks.db import Database
from flask import current_app, request

from gateway.adapters.audit import AuditLog
from gateway.adapters.principals import InternalTokens, PrincipalDirectory
from gateway.adapters.sessions import SessionStore
from gateway.adapters.tokens import AccessTokens
from gateway.adapters.units import UnitTree
from gateway.adapters.upstreams import Upstreams
from gateway.authentication import Authenticator
from gateway.config import Config
from gateway.domain.throttle import LoginLimits
from gateway.openapi import OpenApiMerger
from gateway.policy import PolicyTable
from gateway.proxy import client_address
from gateway.service_layer.inbox import InboxAsker


@dataclass
class GatewayContext:
    """The gateway's collaborators, one set per worker process."""

    config: Config
    database: Database
    policy: PolicyTable
    tokens: AccessTokens
    authenticator: Authenticator
    internal_tokens: InternalTokens
    upstreams: Upstreams
    audit: AuditLog
    login_limits: LoginLimits
    openapi: OpenApiMerger
    sessions: SessionStore
    inbox: InboxAsker
    units: UnitTree


def build_context(config: Config, database: Database, policy: PolicyTable, own_spec: Callable[[], dict]) -> GatewayContext:
    """Every collaborator, made from the configuration (engines and pools: per worker process)."""
    tokens = AccessTokens(config.jwt_secret, config.token_ttl_seconds, config.token_issuer, config.token_audience)
    sessions = SessionStore(database.session_factory, config.jwt_secret, config.session_ttl_seconds)
    directory = PrincipalDirectory(database.session_factory, config.principal_cache_seconds)
    internal_tokens = InternalTokens(
        config.settings.internal_token_secret, config.internal_token_ttl, config.internal_token_reuse_seconds
    )
    upstreams = Upstreams(config.service_urls, config.upstream_connect_timeout, config.upstream_read_timeout,
                          config.upstream_pool_size)
    return GatewayContext(
        config=config,
        database=database,
        policy=policy,
        tokens=tokens,
        authenticator=Authenticator(tokens, directory, sessions),
        internal_tokens=internal_tokens,
        upstreams=upstreams,
        audit=AuditLog(database.session_factory, config.audit_flush_seconds, config.audit_batch_size),
        login_limits=config.login_limits(),
        openapi=OpenApiMerger(upstreams, policy, own_spec, config.openapi_cache_seconds, config.openapi_fetch_timeout),
        sessions=sessions,
        inbox=InboxAsker(upstreams, internal_tokens, policy, config.inbox_timeout_seconds),
        units=UnitTree(database.session_factory),
    )


def gateway() -> GatewayContext:
    """The context of the running app."""
    return current_app.extensions["gateway"]


def caller_address() -> str:
    """The client's address of the current request (X-Forwarded-For only from trusted proxies)."""
    return client_address(request.environ, gateway().config.trusted_proxy_hops)
