"""The one place where a domain error becomes an HTTP problem (RFC 9457).

Every web entry point (each service's Flask app, the gateway's front) renders errors through
`problem_document`, so a class means the same status everywhere.
"""
from __future__ import annotations

from typing import Any

from .attachments import TooLarge
from .errors import (DomainError, Invalid, Malformed, NotAllowed, NotFound, RuleBroken, Unauthenticated,
                     Unavailable, problem_type)

PROBLEM_JSON = "application/problem+json"

# most specific first: a service's subclass of RuleBroken is a 409 like its parent
PROBLEM_STATUS: dict[type[DomainError], tuple[int, str]] = {
    Malformed: (400, "Bad Request"),
    Unauthenticated: (401, "Unauthorized"),
    NotAllowed: (403, "Forbidden"),
    NotFound: (404, "Not Found"),
    RuleBroken: (409, "Conflict"),
    Invalid: (422, "Unprocessable Content"),
    TooLarge: (413, "Content Too Large"),
    Unavailable: (503, "Service Unavailable"),
}


def status_of(error: DomainError) -> tuple[int, str]:
    """The HTTP status and title of a domain error (400 for an unmapped DomainError)."""
    for cls in type(error).__mro__:
        if cls in PROBLEM_STATUS:
            return PROBLEM_STATUS[cls]
    return 400, "Bad Request"


def problem_document(error: DomainError) -> tuple[int, dict[str, Any]]:
    """(status, problem document) for `error`; the standard members win over its extras."""
    status, title = status_of(error)
    doc = dict(error.extra)
    doc.update({"type": problem_type(title), "title": title, "status": status, "detail": error.detail})
    return status, doc
