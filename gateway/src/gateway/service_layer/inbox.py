"""`GET /api/v1/inbox`: what the caller may decide now, asked of every service at once.

Each service answers its own part at `GET /inbox` (thresholds and "nobody decides their own"
applied there); the gateway asks those whose role table lets the caller in, in parallel, each
with an internal token made for it and a short timeout, and merges the answers oldest first. A
service that does not answer in time, or answers nonsense, is named in `unavailable`; the
others' items are still given. Each service lists at most its oldest `INBOX_LIMIT` items and
counts them all; the merged answer keeps the oldest `INBOX_LIMIT` of theirs (the oldest of all)
and adds up the counts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from buildingblocks.identity import INTERNAL_HEADER, Principal
from buildingblocks.inbox import INBOX_LIMIT, InboxItemOut, InboxOut
from marshmallow import EXCLUDE, ValidationError, fields

from gateway.adapters.principals import InternalTokens
from gateway.adapters.upstreams import Upstreams
from gateway.errors import GatewayProblem
from gateway.policy import PolicyTable

log = logging.getLogger(__name__)
_UTC_MIN = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
# A service that answers one of these has nothing for this caller; it is not unavailable.
_NOTHING_FOR_YOU = frozenset({403, 404})


class _ServiceItem(InboxItemOut):
    class Meta:
        unknown = EXCLUDE  # a newer service may add members; the contract's are kept


class _ServiceInbox(InboxOut):
    items = fields.List(fields.Nested(_ServiceItem), required=True)

    class Meta:
        unknown = EXCLUDE


class InboxAsker:
    """Asks the services' inboxes in parallel (one small thread pool per worker process)."""

    def __init__(self, upstreams: Upstreams, internal_tokens: InternalTokens, policy: PolicyTable, timeout: float):
        self.upstreams = upstreams
        self.internal_tokens = internal_tokens
        self.policy = policy
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="inbox")

    def services_for(self, principal: Principal) -> list[str]:
        """The services whose `GET /inbox` the role table lets this caller ask."""
        return [service for service in sorted(self.upstreams.by_service)
                if not principal.roles.isdisjoint(self.policy.roles_for(service, "GET", "/inbox"))]

    def ask(self, service: str, principal: Principal, request_id: str) -> dict[str, Any] | None:
        """One service's inbox, checked against the contract; None when it has nothing for the caller."""
        headers = {"Accept": "application/json", "X-Request-ID": request_id,
                   INTERNAL_HEADER: self.internal_tokens.for_principal(principal, service)}
        response = self.upstreams.request(self.upstreams.get(service), "GET", "/inbox", None, headers,
                                          timeout=self.timeout)
        if response.status in _NOTHING_FOR_YOU:
            return None
        if response.status != 200:
            raise ValueError(f"answered {response.status}")
        answer = _ServiceInbox().load(json.loads(response.data))
        for item in answer["items"]:
            item["service"] = service  # a service speaks only for itself
        return answer

    def merged(self, principal: Principal, request_id: str) -> dict[str, Any]:
        """`{"items": [...the oldest INBOX_LIMIT], "counts": {...}, "unavailable": [...]}`."""
        services = self.services_for(principal)
        futures = {service: self._pool.submit(self.ask, service, principal, request_id) for service in services}
        wait(futures.values(), timeout=self.timeout + 1.0)
        items: list[dict] = []
        counts: dict[str, int] = {}
        unavailable: list[str] = []
        for service, future in futures.items():
            try:
                answer = future.result(timeout=0)
            except (GatewayProblem, ValueError, ValidationError, TimeoutError) as exc:
                log.warning("inbox of %s unavailable: %s", service, exc)
                unavailable.append(service)
                continue
            if answer is None:
                continue
            items.extend(answer["items"])
            for kind, count in answer["counts"].items():
                counts[kind] = counts.get(kind, 0) + count
        items.sort(key=_oldest_first)
        return {"items": items[:INBOX_LIMIT], "counts": counts, "unavailable": unavailable}

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _oldest_first(item: dict) -> tuple:
    at = item.get("requested_at")
    return (at is None, at or _UTC_MIN, item["service"], item["kind"], item["id"])
