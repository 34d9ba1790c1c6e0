"""Problems only the gateway answers, beside the building blocks' domain errors.

The building blocks map their `DomainError` classes to HTTP statuses in one table
(`buildingblocks.problems`); these are the gateway's own, about HTTP itself (throttling, the
services behind it, the request's framing), so each carries its status and title here and renders
its problem document the same way.
"""

from __future__ import annotations

from typing import Any

from buildingblocks.errors import DomainError, problem_type


class GatewayProblem(DomainError):
    """A problem with its own HTTP status (`status`, `title` on each subclass)."""

    status: int = 500
    title: str = "Internal Server Error"

    def to_problem(self) -> dict[str, Any]:
        doc = dict(self.extra)
        doc.update({"type": problem_type(self.title), "title": self.title, "status": self.status,
                    "detail": self.detail})
        return doc


class TooManyRequests(GatewayProblem):
    """429: login throttled; `retry_after` seconds go in the Retry-After header."""

    status, title = 429, "Too Many Requests"

    def __init__(self, detail: str, retry_after: int, **extra):
        super().__init__(detail, retry_after=retry_after, rule="login_delay", **extra)
        self.retry_after = retry_after


class BadGateway(GatewayProblem):
    """502: the service behind the route is down or answered nonsense."""

    status, title = 502, "Bad Gateway"


class GatewayTimeout(GatewayProblem):
    """504: the service behind the route did not answer in time."""

    status, title = 504, "Gateway Timeout"


class PayloadTooLarge(GatewayProblem):
    status, title = 413, "Content Too Large"


class MethodNotAllowed(GatewayProblem):
    status, title = 405, "Method Not Allowed"
