"""Browser sessions: the console's HttpOnly cookie, looked up in the gateway's database.

The cookie holds a random token; the table holds only its SHA-256, so a copy of the database
opens no session. The CSRF token is an HMAC of the cookie's token (nothing more to store): a
page of the same origin reads it from the login answer; a page of another site cannot.
Each request with the cookie reads its row joined with the user (one primary-key look-up, no
cache), so logging out, a new password or a deactivation ends the session at once in every
worker process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from buildingblocks.identity import Principal
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.http import parse_cookie

from gateway.adapters.orm import BrowserSession, User

COOKIE_NAME = "office_session"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_token_of(environ: dict) -> str | None:
    """The session cookie's token of a request, if it sent one."""
    if "HTTP_COOKIE" not in environ:
        return None
    token = parse_cookie(environ).get(COOKIE_NAME)
    return token if token and len(token) <= 200 else None


class SessionStore:
    """Starts, finds and ends browser sessions."""

    def __init__(self, session_factory: sessionmaker, secret: str, ttl_seconds: int):
        self._sessions = session_factory
        self._key = hashlib.sha256(b"office-csrf:" + secret.encode()).digest()
        self.ttl_seconds = ttl_seconds

    def csrf_token(self, token: str) -> str:
        """The CSRF token that goes with the session `token`."""
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def csrf_matches(self, token: str, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(self.csrf_token(token), sent)

    def start(self, session: Session, username: str, token_version: int, client_addr: str, now: datetime) -> str:
        """A new session for `username` (added to `session`, committed by the caller); its token."""
        token = secrets.token_urlsafe(32)
        session.add(BrowserSession(
            id_hash=_hash(token), username=username, token_version=token_version, created_at=now,
            expires_at=now + timedelta(seconds=self.ttl_seconds), client_addr=client_addr[:64],
        ))
        return token

    def find(self, token: str, now: datetime) -> Principal | None:
        """The principal of a live session: not expired, user active, password unchanged since."""
        with self._sessions() as session:
            row = session.execute(
                select(User.username, User.staff_id, User.unit, User.roles)
                .join(BrowserSession, BrowserSession.username == User.username)
                .where(BrowserSession.id_hash == _hash(token), BrowserSession.expires_at > now,
                       BrowserSession.token_version == User.token_version, User.active.is_(True))
            ).first()
        if row is None:
            return None
        return Principal(row.username, row.staff_id, row.unit, frozenset(row.roles or ()))

    @staticmethod
    def end(session: Session, token: str) -> bool:
        """End one session (in `session`'s transaction); whether it existed."""
        return bool(session.execute(delete(BrowserSession).where(BrowserSession.id_hash == _hash(token))).rowcount)

    @staticmethod
    def end_all(session: Session, username: str) -> None:
        """End every session of `username` (a new password)."""
        session.execute(delete(BrowserSession).where(BrowserSession.username == username))

    @staticmethod
    def forget_expired(session: Session, now: datetime) -> int:
        return session.execute(delete(BrowserSession).where(BrowserSession.expires_at <= now)).rowcount or 0
