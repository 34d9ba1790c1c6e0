"""Browser sessions (the console) and a user's own password change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from buildingblocks.db import UnitOfWork
from buildingblocks.clock import utcnow
from buildingblocks.errors import Invalid, NotFound
from sqlalchemy import select

from gateway.adapters.orm import User
from gateway.adapters.passwords import hash_password
from gateway.adapters.sessions import SessionStore
from gateway.domain.throttle import LoginLimits
from gateway.domain.users import InvalidUser, check_new_password
from gateway.service_layer.auth import check_credentials
from gateway.service_layer.users import record_admin_action


@dataclass(frozen=True)
class StartedSession:
    """The cookie's token and the CSRF token that goes with it."""

    token: str
    csrf_token: str
    username: str


def start_session(
    start_uow: Callable[[], UnitOfWork], store: SessionStore, limits: LoginLimits, username: str, password: str,
    client_addr: str, now: datetime | None = None,
) -> StartedSession:
    """Log in for a browser: the same throttled password check as a token, then a session row."""
    now = now or utcnow()
    account = check_credentials(start_uow, limits, username, password, client_addr, route="session", now=now)
    with start_uow() as uow:
        token = store.start(uow.session, account.username, account.token_version, client_addr, now)
        uow.commit()
    return StartedSession(token, store.csrf_token(token), account.username)


def end_session(start_uow: Callable[[], UnitOfWork], store: SessionStore, token: str) -> bool:
    """Log a browser out: its session row goes, so the cookie stops working at once."""
    with start_uow() as uow:
        ended = store.end(uow.session, token)
        uow.commit()
    return ended


def change_own_password(
    start_uow: Callable[[], UnitOfWork], store: SessionStore, limits: LoginLimits, username: str,
    current_password: str, new_password: str, client_addr: str,
) -> None:
    """A user changes their own password (the current one checked, throttled like a login).

    The user's token_version goes up and their sessions are deleted, so every token and session
    issued before stops working, this caller's included: they log in again with the new one.
    """
    try:
        check_new_password(username, current_password, new_password)
    except InvalidUser as exc:
        raise Invalid("the new password is not acceptable", errors=exc.errors) from None
    check_credentials(start_uow, limits, username, current_password, client_addr, route="password")
    with start_uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == username).with_for_update())
        if user is None:
            raise NotFound(f"user {username!r} not found")
        user.password_hash = hash_password(new_password)
        user.token_version = (user.token_version or 0) + 1
        user.updated_at = utcnow()
        store.end_all(uow.session, username)
        record_admin_action(uow, None, "password_changed", "POST", "/api/v1/auth/password",
                            {"username": username, "password": "changed"})
        uow.commit()
