"""Who a token's subject is right now: the user row, read on each request (briefly cached)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from buildingblocks.identity import Principal, issue_internal_token
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from gateway.adapters.orm import User

_USER_COLUMNS = select(
    User.username, User.staff_id, User.unit, User.roles, User.active, User.token_version
)


@dataclass(frozen=True, slots=True)
class Account:
    """What the gateway needs of a user on each request."""

    principal: Principal
    active: bool
    token_version: int


class PrincipalDirectory:
    """Looks users up by username in the gateway's database, remembering each for `ttl` seconds.

    The cache is what keeps a proxied request from paying a database round trip, and its
    lifetime bounds how long a unit change from HR or a deactivation takes to apply (the issue
    allows about a second). `ttl=0` turns it off.
    """

    def __init__(self, session_factory: sessionmaker, ttl: float):
        self._sessions = session_factory
        self._ttl = ttl
        self._cache: dict[str, tuple[float, Account | None]] = {}

    def find(self, username: str) -> Account | None:
        """The account named `username`, or None when there is no such user."""
        if self._ttl > 0:
            hit = self._cache.get(username)
            if hit is not None and hit[0] > time.monotonic():
                return hit[1]
        with self._sessions() as session:
            row = session.execute(_USER_COLUMNS.where(User.username == username)).first()
        account = None
        if row is not None:
            account = Account(
                Principal(row.username, row.staff_id, row.unit, frozenset(row.roles or ())),
                bool(row.active),
                row.token_version or 0,
            )
        if self._ttl > 0:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[username] = (time.monotonic() + self._ttl, account)
        return account

    def forget(self, username: str | None = None) -> None:
        """Drop one user (or everyone) from this process's cache, after a change made here."""
        if username is None:
            self._cache.clear()
        else:
            self._cache.pop(username, None)


class InternalTokens:
    """Internal tokens for the services, one per principal, reused for a few seconds.

    Signing a JWT on every proxied request is measurable; a token valid `ttl` seconds is reused
    for `reuse` seconds (well inside its validity), and any change of unit or roles is a new
    principal, hence a new token at once.
    """

    def __init__(self, secret: str, ttl: int, reuse: float):
        self._secret = secret
        self._ttl = ttl
        self._reuse = min(reuse, ttl / 2)
        self._cache: dict[tuple[Principal, str], tuple[float, str]] = {}
        self._lock = threading.Lock()

    def for_principal(self, principal: Principal, service: str) -> str:
        """A valid internal token carrying `principal`, made for `service` only."""
        hit = self._cache.get((principal, service))
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        token = issue_internal_token(self._secret, principal, audience=service, ttl=self._ttl)
        with self._lock:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[(principal, service)] = (now + self._reuse, token)
        return token
