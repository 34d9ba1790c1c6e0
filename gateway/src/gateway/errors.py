"""Problems the gateway adds to the building blocks' set (rendered as RFC 9457 problem+json)."""

from __future__ import annotations

from buildingblocks.errors import ProblemError


class TooManyRequests(ProblemError):
    """429: login throttled; `retry_after` seconds go in the Retry-After header."""

    status, title = 429, "Too Many Requests"

    def __init__(self, detail: str, retry_after: int, **extra):
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after


class BadGateway(ProblemError):
    """502: the service behind the route is down or answered nonsense."""

    status, title = 502, "Bad Gateway"


class GatewayTimeout(ProblemError):
    """504: the service behind the route did not answer in time."""

    status, title = 504, "Gateway Timeout"


class PayloadTooLarge(ProblemError):
    status, title = 413, "Content Too Large"


class MethodNotAllowed(ProblemError):
    status, title = 405, "Method Not Allowed"
