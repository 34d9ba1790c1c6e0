"""Problems only the gateway answers, beside the building blocks' domain errors.

The building blocks map their `DomainError` classes to HTTP statuses in one table
(`buildingblocks.problems`); these are the gateway's own, about HTTP itself (throttling, the
services behind it, the request's framing), so each carries its status and title here and renders
its problem document the same way.
"""

from __future__ import annotations

import json
from typing import Any

from buildingblocks.errors import DomainError, Unauthenticated, problem_type
from buildingblocks.problems import PROBLEM_JSON, problem_document


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


class UriTooLong(GatewayProblem):
    status, title = 414, "URI Too Long"


class MethodNotAllowed(GatewayProblem):
    status, title = 405, "Method Not Allowed"


def problem_of(error: DomainError) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of the problem document of any error the gateway answers: its own
    problems, and the building blocks' domain errors mapped in their one table."""
    if isinstance(error, GatewayProblem):
        status, doc = error.status, error.to_problem()
    else:
        status, doc = problem_document(error)
    body = json.dumps(doc, ensure_ascii=False, default=str).encode()
    headers = [("Content-Type", PROBLEM_JSON), ("Content-Length", str(len(body)))]
    if isinstance(error, Unauthenticated):
        headers.append(("WWW-Authenticate", 'Bearer realm="office"'))
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    return status, headers, body
