"""Logging in: a throttled password check, then an access token (or a session, service_layer/sessions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from buildingblocks.db import UnitOfWork, insert_ignore
from buildingblocks.clock import utcnow
from buildingblocks.errors import Unauthenticated
from sqlalchemy import and_, or_, select

from gateway.adapters.orm import LoginThrottle, User
from gateway.adapters.passwords import verify_password
from gateway.adapters.tokens import AccessTokens
from gateway.adapters.metrics import LOGIN_FAILURES, LOGIN_THROTTLED
from gateway.domain.throttle import AttemptCounter, LoginLimits, TooManyAttempts, check_attempt, clear, count_attempt
from gateway.errors import TooManyRequests

_THROTTLE = LoginThrottle.__table__


@dataclass(frozen=True)
class IssuedToken:
    """What a successful login answers."""

    access_token: str
    token_type: str
    expires_in: int
    username: str
    unit: str


@dataclass(frozen=True)
class LoggedIn:
    """The account whose password was just checked."""

    username: str
    unit: str
    token_version: int


def _counters(uow: UnitOfWork, keys: list[tuple[str, str]]) -> dict[tuple[str, str], LoginThrottle]:
    # Rows are created if missing, then locked in one fixed order so that two logins that share
    # a username cannot deadlock.
    for scope, key in keys:
        insert_ignore(uow.session, _THROTTLE, {"scope": scope, "key": key, "failures": 0, "last_failure_at": None})
    rows = uow.session.scalars(
        select(LoginThrottle)
        .where(or_(*(and_(LoginThrottle.scope == scope, LoginThrottle.key == key) for scope, key in keys)))
        .order_by(LoginThrottle.scope, LoginThrottle.key)
        .with_for_update()
    ).all()
    return {(row.scope, row.key): row for row in rows}


def _count_attempt(start_uow, checks, now: datetime, route: str):
    """Check each key's delay and count this attempt (committed before the password is hashed)."""
    with start_uow() as uow:
        rows = _counters(uow, [key for key, _ in checks])
        for key, policy in checks:
            counter = AttemptCounter(rows[key].failures, rows[key].last_failure_at)
            try:
                check_attempt(counter, policy, now, key[0])
            except TooManyAttempts as exc:
                LOGIN_THROTTLED.labels(route, key[0]).inc()
                raise TooManyRequests(
                    f"Đăng nhập sai nhiều lần; thử lại sau {exc.retry_after} giây", retry_after=exc.retry_after
                ) from None
            count_attempt(counter, now)
            rows[key].failures, rows[key].last_failure_at = counter.failures, counter.last_at
        uow.commit()


def check_credentials(
    start_uow: Callable[[], UnitOfWork],
    limits: LoginLimits,
    username: str,
    password: str,
    client_addr: str,
    *,
    route: str = "token",
    now: datetime | None = None,
) -> LoggedIn:
    """The account when `username`/`password` are right; `Unauthenticated` when wrong, 429 while a
    delay after earlier failures runs (domain/throttle.py).

    Two short transactions rather than one: the attempt is counted and committed *before* the
    (deliberately slow) password hash is checked, so concurrent guesses are bounded, and no row
    lock is held while hashing.
    """
    now = now or utcnow()
    checks = limits.keys(username, client_addr)
    _count_attempt(start_uow, checks, now, route)
    account = _checked_password(start_uow, username, password, route)
    _clear_counters(start_uow, checks)
    return account


def _checked_password(start_uow, username: str, password: str, route: str) -> LoggedIn:
    """The account when the password is right and the account active; `Unauthenticated`, with
    the same cost and answer for an unknown name, otherwise."""
    with start_uow() as uow:
        user = uow.session.execute(
            select(User.password_hash, User.active, User.token_version, User.unit).where(User.username == username)
        ).first()
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        if user is None:
            # An unknown name is checked against a dummy hash too (same cost as a wrong password).
            verify_password(None, password)
        LOGIN_FAILURES.labels(route).inc()
        raise Unauthenticated("wrong username or password, or the account is disabled")
    return LoggedIn(username, user.unit, user.token_version or 0)


def _clear_counters(start_uow, checks) -> None:
    """A right password forgets the failures counted against its keys."""
    with start_uow() as uow:
        rows = _counters(uow, [key for key, _ in checks])
        for key, _ in checks:
            counter = AttemptCounter(rows[key].failures, rows[key].last_failure_at)
            clear(counter)
            rows[key].failures = counter.failures
        uow.commit()


def log_in(
    start_uow: Callable[[], UnitOfWork],
    tokens: AccessTokens,
    limits: LoginLimits,
    username: str,
    password: str,
    client_addr: str,
    now: datetime | None = None,
) -> IssuedToken:
    """Check `username`/`password` (throttled) and issue a bearer token."""
    account = check_credentials(start_uow, limits, username, password, client_addr, now=now)
    return IssuedToken(
        access_token=tokens.issue(username, account.token_version),
        token_type="Bearer",
        expires_in=tokens.ttl_seconds,
        username=username,
        unit=account.unit,
    )


def forget_stale_counters(uow: UnitOfWork, older_than: datetime) -> int:
    """Delete throttle counters whose last failure is older than `older_than` (periodic clean-up)."""
    result = uow.session.execute(
        _THROTTLE.delete().where(or_(_THROTTLE.c.last_failure_at < older_than, _THROTTLE.c.failures == 0))
    )
    uow.commit()
    return result.rowcount or 0
