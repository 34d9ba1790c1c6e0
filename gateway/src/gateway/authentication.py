"""Who is calling: a bearer token, or the console's session cookie with its CSRF token."""

from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotAllowed, Unauthenticated
from buildingblocks.identity import Principal

from gateway.adapters.principals import PrincipalDirectory
from gateway.adapters.sessions import SessionStore, session_token_of
from gateway.adapters.tokens import AccessTokens, InvalidToken

# Methods that change nothing: a session cookie alone is enough for them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Authenticator:
    """Turns a request's credentials into the caller's current principal."""

    def __init__(self, tokens: AccessTokens, directory: PrincipalDirectory, sessions: SessionStore):
        self.tokens = tokens
        self.directory = directory
        self.sessions = sessions

    def authenticate(self, environ: dict) -> Principal:
        """The caller of a WSGI request; `Unauthenticated` without valid credentials.

        A bearer token wins when both are sent. With the session cookie, a state-changing
        method must carry the session's `X-CSRF-Token` (`NotAllowed` otherwise): a page of
        another site can make the browser send the cookie, but cannot read the token.
        """
        authorization = environ.get("HTTP_AUTHORIZATION")
        if authorization:
            return self.principal_for(authorization)
        token = session_token_of(environ)
        if token is None:
            raise Unauthenticated("a bearer token or a session is required: POST /api/v1/auth/token or /auth/session")
        principal = self.sessions.find(token, utcnow())
        if principal is None:
            raise Unauthenticated("the session has ended; log in again")
        if environ.get("REQUEST_METHOD", "GET") not in SAFE_METHODS and not self.sessions.csrf_matches(
            token, environ.get("HTTP_X_CSRF_TOKEN")
        ):
            raise NotAllowed("a state-changing call with the session cookie needs its X-CSRF-Token", rule="csrf")
        return principal

    def principal_for(self, authorization: str | None) -> Principal:
        """The principal of an `Authorization: Bearer ...` header as the database knows it now.

        The token only names the user: unit and roles come from the user row, so a transfer in
        HR or a role change applies to tokens already issued, and a deactivated user or a
        changed password (token_version) ends older tokens (within the directory's cache time).
        """
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthenticated("a bearer token is required: POST /api/v1/auth/token")
        try:
            claims = self.tokens.verify(authorization[7:].strip())
        except InvalidToken as exc:
            raise Unauthenticated(f"invalid token: {exc}") from None
        account = self.directory.find(claims["sub"])
        if account is None or not account.active or account.token_version != claims.get("ver", 0):
            raise Unauthenticated("this token is no longer valid; log in again")
        return account.principal
