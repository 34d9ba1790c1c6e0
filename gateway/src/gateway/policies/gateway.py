"""The gateway's own routes (paths after `/api/v1`), in the same table as the services'.

Logging in (`POST /auth/token`) needs no token and is not listed here; the docs and the merged
OpenAPI document are public too.
"""

from gateway.policy import ALL_ROLES, Rule

RULES = [
    Rule("GET", "/auth/me", ALL_ROLES),
    Rule("GET", "/admin/users", {"admin", "auditor"}),
    Rule("POST", "/admin/users", {"admin"}),
    Rule("GET", "/admin/users/<username>", {"admin", "auditor"}),
    Rule("PATCH", "/admin/users/<username>", {"admin"}),
    Rule("GET", "/admin/audit", {"admin", "auditor"}),
]
