"""Who is calling: the principal the gateway forwards in a short-lived internal token.

Services trust nothing else: a request without a valid `X-Internal-Token` is 401, whatever
identity headers it carries.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import jwt

from .errors import NotAllowed, NotFound, Unauthenticated

INTERNAL_AUDIENCE = "office-internal"  # prefix: each service has its own audience, see audience_of
INTERNAL_HEADER = "X-Internal-Token"
CROSS_UNIT_ROLES = frozenset({"leadership", "auditor"})


@dataclass(frozen=True)
class Principal:
    """A caller: username, linked HR staff id, home unit (board code) and roles."""

    username: str
    staff_id: int | None
    unit: str | None
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def require_role(self, *roles: str) -> None:
        """Raise NotAllowed unless the caller holds one of `roles`."""
        if not self.has_role(*roles):
            raise NotAllowed(f"requires one of the roles: {', '.join(sorted(roles))}")

    def has_scope(self, service: str) -> bool:
        """True when the caller may read every unit's records in `service`."""
        return self.has_role(*CROSS_UNIT_ROLES, f"office_{service}")

    def can_see(self, unit: str | None, service: str) -> bool:
        return self.has_scope(service) or (unit is not None and unit == self.unit)

    def ensure_can_see(self, unit: str | None, service: str, what: str = "record") -> None:
        """404 for a record of another unit: its existence is not disclosed."""
        if not self.can_see(unit, service):
            raise NotFound(f"{what} not found")

    def list_unit(self, requested: str | None, service: str) -> str | None:
        """The unit a list must be narrowed to: None means all units (scoped callers only)."""
        if self.has_scope(service):
            return requested
        if self.unit is None:
            raise NotAllowed("you belong to no unit, so there is nothing of yours to list")
        if requested is not None and requested != self.unit:
            raise NotAllowed("you may only list your own unit's records")
        return self.unit

    def claims(self) -> dict:
        return {"sub": self.username, "staff_id": self.staff_id, "unit": self.unit, "roles": sorted(self.roles)}


def audience_of(service: str) -> str:
    """The internal-token audience of one service: a token made for one is refused by another."""
    if not service:
        raise ValueError("an internal token needs the service it is for")
    return f"{INTERNAL_AUDIENCE}:{service}"


def issue_internal_token(secret: str, principal: Principal, audience: str, ttl: int = 60) -> str:
    """Sign `principal` for the service `audience` (HS256, `ttl` seconds)."""
    now = int(time.time())
    claims = principal.claims() | {"aud": audience_of(audience), "iat": now, "exp": now + ttl, "iss": "gateway"}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_internal_token(secret: str, token: str | None, audience: str) -> Principal:
    """The principal in a valid internal token made for the service `audience`; Unauthenticated otherwise."""
    if not token:
        raise Unauthenticated("missing internal token: call the platform through the gateway")
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=audience_of(audience),
                            options={"require": ["exp", "aud", "sub"]})
    except jwt.PyJWTError as exc:
        raise Unauthenticated(f"invalid internal token: {exc}") from None
    return Principal(
        username=claims["sub"],
        staff_id=claims.get("staff_id"),
        unit=claims.get("unit"),
        roles=frozenset(claims.get("roles") or ()),
    )
