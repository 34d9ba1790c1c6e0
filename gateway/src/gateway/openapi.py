"""`/api/v1/openapi.json`: every service's OpenAPI document merged under its public prefix.

Each service generates its document from its marshmallow schemas (flask-smorest); the gateway
fetches them with short timeouts, prefixes the paths with `/api/v1/<service>`, renames the
components `<service>.<Name>` so that two services' `Unit` schemas cannot collide, marks each
operation with the roles the gateway's table allows (`x-roles`), and drops the paths that are
not reachable through the gateway (health, metrics, the service's own document). A service that
does not answer is listed in `x-unavailable-services` instead of failing the whole document.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from typing import Any, Callable

from buildingblocks.errors import DomainError

from gateway.adapters.upstreams import Upstreams
from gateway.policy import PolicyTable

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_HIDDEN_PREFIXES = ("/health", "/metrics", "/openapi.json")
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "session": {"type": "apiKey", "in": "cookie", "name": "office_session",
                "description": "The console's session (POST /api/v1/auth/session); state-changing calls "
                               "also send its X-CSRF-Token."},
}
# Either credential will do.
SECURITY = [{"bearer": []}, {"session": []}]
DESCRIPTION = (
    "Every service of the platform behind the gateway. Log in with POST /api/v1/auth/token and send "
    "the token as `Authorization: Bearer ...`, or, in a browser, POST /api/v1/auth/session (an HttpOnly "
    "cookie, with `X-CSRF-Token` on writes). `x-roles` on each operation lists the roles the gateway lets "
    "through."
)
# The gateway's own operations that need no credential.
PUBLIC_OPERATIONS = (("/api/v1/auth/token", "post"), ("/api/v1/auth/session", "post"),
                     ("/api/v1/auth/session", "delete"))


def _rename_refs(node: Any, service: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                section, name = value[len("#/components/"):].split("/", 1)
                out[key] = f"#/components/{section}/{service}.{name}"
            else:
                out[key] = _rename_refs(value, service)
        return out
    if isinstance(node, list):
        return [_rename_refs(item, service) for item in node]
    return node


def merge_service_spec(merged: dict, service: str, spec: dict, policy: PolicyTable) -> None:
    """Add one service's document to `merged` (mutated) under `/api/v1/<service>`."""
    spec = _rename_refs(spec, service)
    components = merged.setdefault("components", {})
    for section, entries in (spec.get("components") or {}).items():
        if section == "securitySchemes":
            continue
        target = components.setdefault(section, {})
        for name, value in entries.items():
            target[f"{service}.{name}"] = value
    tags = merged.setdefault("tags", [])
    for tag in spec.get("tags") or []:
        tags.append({**tag, "name": f"{service}: {tag['name']}"})
    paths = merged.setdefault("paths", {})
    for path, item in (spec.get("paths") or {}).items():
        if path.startswith(_HIDDEN_PREFIXES):
            continue
        new_item = {}
        for key, operation in item.items():
            if key not in HTTP_METHODS:
                new_item[key] = operation
                continue
            # "{id}" is one segment to the table's regexes, like a concrete id.
            roles = policy.roles_for(service, key.upper(), path)
            operation = dict(operation)
            operation["tags"] = [f"{service}: {tag}" for tag in operation.get("tags") or [service]]
            operation["security"] = SECURITY
            operation["x-roles"] = sorted(roles)
            if not roles:
                operation["description"] = (
                    (operation.get("description") or "") + "\n\nNot reachable through the gateway: "
                    "the role table has no rule for it."
                ).strip()
            new_item[key] = operation
        paths[f"/api/v1/{service}{path}"] = new_item


class OpenApiMerger:
    """Builds the merged document and keeps it for `cache_seconds` (shorter if a service is missing)."""

    RETRY_MISSING_SECONDS = 5.0

    def __init__(
        self,
        upstreams: Upstreams,
        policy: PolicyTable,
        own_spec: Callable[[], dict],
        cache_seconds: float = 30.0,
        fetch_timeout: float = 3.0,
    ):
        self._upstreams = upstreams
        self._policy = policy
        self._own_spec = own_spec
        self._cache_seconds = cache_seconds
        self._timeout = fetch_timeout
        self._lock = threading.Lock()
        self._cached: tuple[float, dict] | None = None

    def fetch(self, service: str) -> dict:
        """One service's document; `GatewayProblem` (502/504) or ValueError when it cannot be had."""
        upstream = self._upstreams.get(service)
        response = self._upstreams.request(
            upstream, "GET", "/openapi.json", None, {"Accept": "application/json"}, timeout=self._timeout
        )
        if response.status != 200:
            raise ValueError(f"answered {response.status}")
        document = json.loads(response.data)
        if not isinstance(document, dict) or "paths" not in document:
            raise ValueError("not an OpenAPI document")
        return document

    def document(self) -> dict:
        """The merged document (cached)."""
        with self._lock:
            if self._cached is not None and self._cached[0] > time.monotonic():
                return self._cached[1]
            merged = self._gateways_own()
            unavailable: dict[str, str] = {}
            for service in sorted(self._upstreams.by_service):
                try:
                    merge_service_spec(merged, service, self.fetch(service), self._policy)
                except (DomainError, ValueError) as exc:
                    unavailable[service] = str(exc) or type(exc).__name__
            merged["x-unavailable-services"] = unavailable
            ttl = self.RETRY_MISSING_SECONDS if unavailable else self._cache_seconds
            self._cached = (time.monotonic() + ttl, merged)
            return merged

    def _gateways_own(self) -> dict:
        """The gateway's own document, titled for the platform, with both credentials declared
        and the login operations open to everyone: the base the services' documents go into."""
        merged = copy.deepcopy(self._own_spec())
        merged["info"] = {"title": "Office platform API", "version": "v1", "description": DESCRIPTION}
        merged.setdefault("components", {})["securitySchemes"] = dict(SECURITY_SCHEMES)
        merged["security"] = SECURITY
        for path, method in PUBLIC_OPERATIONS:
            if method in (merged.get("paths") or {}).get(path, {}):
                merged["paths"][path][method]["security"] = []
        return merged
