"""The gateway's own Prometheus metrics (beside the building blocks' request metrics)."""

from __future__ import annotations

from prometheus_client import Counter

LOGIN_FAILURES = Counter(
    "gateway_login_failures_total", "Logins refused for a wrong username or password", ["route"]
)
LOGIN_THROTTLED = Counter(
    "gateway_login_throttled_total",
    "Logins answered 429 because the delay after earlier failures had not passed, by key",
    ["route", "scope"],
)
UPSTREAM_REFUSED = Counter(
    "gateway_upstream_malformed_total", "Service answers refused as malformed HTTP (502)", ["service"]
)
