"""The public access tokens (HS256 JWTs) the gateway issues at login and checks on each call."""

from __future__ import annotations

import time
import uuid

import jwt


class InvalidToken(Exception):
    """The bearer token is malformed, forged, expired or for another audience."""


class AccessTokens:
    """Issues and verifies access tokens; verified tokens are remembered until they expire.

    Verifying an HS256 JWT costs tens of microseconds of pure Python per request; a client reuses
    its token for many requests, so the claims of a token already verified are kept (bounded,
    checked against `exp` on every use). Revocation does not depend on this cache: the user row
    (active, token_version) is checked on each request.
    """

    MAX_REMEMBERED = 20_000

    def __init__(self, secret: str, ttl_seconds: int, issuer: str, audience: str):
        self._secret = secret
        self._ttl = ttl_seconds
        self._issuer = issuer
        self._audience = audience
        self._verified: dict[str, dict] = {}

    @property
    def ttl_seconds(self) -> int:
        return self._ttl

    def issue(self, username: str, token_version: int) -> str:
        """A signed token for `username`, valid `ttl_seconds`."""
        now = int(time.time())
        claims = {
            "sub": username,
            "ver": token_version,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "exp": now + self._ttl,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str) -> dict:
        """The claims of a valid token; `InvalidToken` otherwise."""
        claims = self._verified.get(token)
        if claims is not None:
            if claims["exp"] > time.time():
                return claims
            self._verified.pop(token, None)
            raise InvalidToken("token expired")
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from None
        if not isinstance(claims.get("sub"), str) or not isinstance(claims.get("ver", 0), int):
            raise InvalidToken("malformed claims")
        if len(self._verified) >= self.MAX_REMEMBERED:
            self._verified.clear()
        self._verified[token] = claims
        return claims
