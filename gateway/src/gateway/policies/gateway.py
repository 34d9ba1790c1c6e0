"""The gateway's own routes (paths after `/api/v1`), in the same table as the services'.

Logging in and out (`POST /auth/token`, `POST` and `DELETE /auth/session`) needs no token and
is not listed here; the docs, the merged OpenAPI document and the console's files are public too.
"""

from gateway.policy import ALL_ROLES, READERS, Rule

RULES = [
    Rule("GET", "/auth/me", ALL_ROLES),
    Rule("POST", "/auth/password", ALL_ROLES),
    Rule("GET", "/inbox", READERS),
    Rule("GET", "/admin/users", {"admin", "auditor"}),
    Rule("POST", "/admin/users", {"admin"}),
    Rule("GET", "/admin/users/<username>", {"admin", "auditor"}),
    Rule("PATCH", "/admin/users/<username>", {"admin"}),
    Rule("GET", "/admin/audit", {"admin", "auditor"}),
]
