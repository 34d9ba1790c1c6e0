"""Errors the service layer raises; the web layer renders each as RFC 9457 problem+json."""
from __future__ import annotations

from typing import Any


def problem_type(title: str) -> str:
    """The `type` URI of a problem document, one format for every error of every service."""
    return f"https://office.example/problems/{title.lower().replace(' ', '-')}"


class ProblemError(Exception):
    """A client-visible failure with an HTTP status and optional extra members."""

    status = 400
    title = "Bad Request"

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def to_problem(self) -> dict[str, Any]:
        # the standard members win: an extra named like one of them must not change the status
        doc = dict(self.extra)
        doc.update({
            "type": problem_type(self.title),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        })
        return doc


class BadRequest(ProblemError):
    status, title = 400, "Bad Request"


class Unauthorized(ProblemError):
    status, title = 401, "Unauthorized"


class Forbidden(ProblemError):
    status, title = 403, "Forbidden"


class NotFound(ProblemError):
    status, title = 404, "Not Found"


class Conflict(ProblemError):
    """409: the request conflicts with the current state; `rule=` names the rule broken."""

    status, title = 409, "Conflict"


class Unprocessable(ProblemError):
    """422: semantically invalid; `errors={field: [messages]}`."""

    status, title = 422, "Unprocessable Content"


class ServiceUnavailable(ProblemError):
    status, title = 503, "Service Unavailable"
