"""Logging in: throttled password check, then an access token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from buildingblocks.db import UnitOfWork, insert_ignore, utcnow
from buildingblocks.errors import Unauthorized
from sqlalchemy import and_, or_, select

from gateway.adapters.orm import LoginThrottle, User
from gateway.adapters.passwords import verify_password
from gateway.adapters.tokens import AccessTokens
from gateway.domain.throttle import (
    AttemptCounter,
    ThrottlePolicy,
    TooManyAttempts,
    check_attempt,
    count_attempt,
    give_back_attempt,
)
from gateway.errors import TooManyRequests

_THROTTLE = LoginThrottle.__table__


@dataclass(frozen=True)
class LoginLimits:
    """The throttle policies applied to each login: per username and per client address."""

    per_user: ThrottlePolicy
    per_address: ThrottlePolicy


@dataclass(frozen=True)
class IssuedToken:
    """What a successful login answers."""

    access_token: str
    token_type: str
    expires_in: int
    username: str
    unit: str


def _counters(uow: UnitOfWork, keys: list[tuple[str, str]], now: datetime) -> dict[tuple[str, str], LoginThrottle]:
    # Rows are created if missing, then locked in one fixed order so that two logins that share
    # an address and a username cannot deadlock.
    for scope, key in keys:
        insert_ignore(uow.session, _THROTTLE, {"scope": scope, "key": key, "attempts": 0, "window_started_at": now})
    rows = uow.session.scalars(
        select(LoginThrottle)
        .where(or_(*(and_(LoginThrottle.scope == scope, LoginThrottle.key == key) for scope, key in keys)))
        .order_by(LoginThrottle.scope, LoginThrottle.key)
        .with_for_update()
    ).all()
    return {(row.scope, row.key): row for row in rows}


def _as_counter(row: LoginThrottle) -> AttemptCounter:
    return AttemptCounter(row.attempts, row.window_started_at)


def _store(row: LoginThrottle, counter: AttemptCounter) -> None:
    row.attempts = counter.attempts
    row.window_started_at = counter.window_started_at


def log_in(
    start_uow: Callable[[], UnitOfWork],
    tokens: AccessTokens,
    limits: LoginLimits,
    username: str,
    password: str,
    client_addr: str,
    now: datetime | None = None,
) -> IssuedToken:
    """Check `username`/`password` and issue a token; 401 when wrong, 429 when throttled.

    Two short transactions rather than one: the attempt is counted and committed *before* the
    (deliberately slow) password hash is checked, so concurrent guesses are bounded by the
    limit, and no row lock is held while hashing.
    """
    now = now or utcnow()
    user_key = ("username", username.strip().lower()[:200])
    address_key = ("address", client_addr[:200])
    checks = [(user_key, limits.per_user, "username"), (address_key, limits.per_address, "address")]
    with start_uow() as uow:
        rows = _counters(uow, [user_key, address_key], now)
        counters = {key: _as_counter(rows[key]) for key, _, _ in checks}
        try:
            for key, policy, scope in checks:
                check_attempt(counters[key], policy, now, scope)
        except TooManyAttempts as exc:
            raise TooManyRequests(str(exc), retry_after=exc.retry_after) from None
        for key, _, _ in checks:
            count_attempt(counters[key])
            _store(rows[key], counters[key])
        user = uow.session.execute(
            select(User.password_hash, User.active, User.token_version, User.unit).where(User.username == username)
        ).first()
        uow.commit()
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        if user is None:
            # An unknown name is checked against a dummy hash too (same cost as a wrong password).
            verify_password(None, password)
        raise Unauthorized("wrong username or password, or the account is disabled")
    with start_uow() as uow:
        rows = _counters(uow, [user_key, address_key], now)
        for key, _, scope in checks:
            counter = _as_counter(rows[key])
            give_back_attempt(counter, clear=scope == "username")
            _store(rows[key], counter)
        uow.commit()
    return IssuedToken(
        access_token=tokens.issue(username, user.token_version or 0),
        token_type="Bearer",
        expires_in=tokens.ttl_seconds,
        username=username,
        unit=user.unit,
    )


def forget_stale_counters(uow: UnitOfWork, older_than: datetime) -> int:
    """Delete throttle counters whose window ended before `older_than` (periodic clean-up)."""
    result = uow.session.execute(_THROTTLE.delete().where(_THROTTLE.c.window_started_at < older_than))
    uow.commit()
    return result.rowcount or 0
