"""Who is calling: a bearer token checked and its subject's account read (cheaply)."""

from __future__ import annotations

from buildingblocks.errors import Unauthorized
from buildingblocks.identity import Principal

from gateway.adapters.principals import PrincipalDirectory
from gateway.adapters.tokens import AccessTokens, InvalidToken


class Authenticator:
    """Turns an `Authorization: Bearer ...` header into the caller's current principal."""

    def __init__(self, tokens: AccessTokens, directory: PrincipalDirectory):
        self.tokens = tokens
        self.directory = directory

    def principal_for(self, authorization: str | None) -> Principal:
        """The caller's principal as the database knows it now; `Unauthorized` otherwise.

        The token only names the user: unit and roles come from the user row, so a transfer in
        HR or a role change applies to tokens already issued, and a deactivated user or a
        changed password (token_version) ends older tokens at once.
        """
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthorized("a bearer token is required: POST /api/v1/auth/token")
        try:
            claims = self.tokens.verify(authorization[7:].strip())
        except InvalidToken as exc:
            raise Unauthorized(f"invalid token: {exc}") from None
        account = self.directory.find(claims["sub"])
        if account is None or not account.active or account.token_version != claims.get("ver", 0):
            raise Unauthorized("this token is no longer valid; log in again")
        return account.principal
