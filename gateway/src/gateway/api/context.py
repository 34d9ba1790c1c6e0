"""What the gateway's views share: built once per process by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass

from buildingblocks.db import Database
from flask import current_app, request

from gateway.adapters.audit import AuditLog
from gateway.adapters.principals import InternalTokens
from gateway.adapters.sessions import SessionStore
from gateway.adapters.tokens import AccessTokens
from gateway.adapters.upstreams import Upstreams
from gateway.authentication import Authenticator
from gateway.config import GatewayConfig
from gateway.openapi import OpenApiMerger
from gateway.policy import PolicyTable
from gateway.service_layer.inbox import InboxAsker
from gateway.proxy import client_address
from gateway.domain.throttle import LoginLimits


@dataclass
class GatewayContext:
    """The gateway's collaborators, one set per worker process."""

    config: GatewayConfig
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


def gateway() -> GatewayContext:
    """The context of the running app."""
    return current_app.extensions["gateway"]


def caller_address() -> str:
    """The client's address of the current request (X-Forwarded-For only from trusted proxies)."""
    return client_address(request.environ, gateway().config.trusted_proxy_hops)
