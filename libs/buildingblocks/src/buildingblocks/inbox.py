"""The inbox: what a caller may decide now, as each service answers it at `GET /inbox`.

A service lists its own items with `InboxItem`; `inbox_answer` sorts them oldest first, keeps
the oldest `INBOX_LIMIT` and counts them all by kind. The gateway merges the four answers for
`GET /api/v1/inbox` and keeps the oldest `INBOX_LIMIT` of them (issue 16: a caller may have a
thousand expenses waiting; the counts still say how many).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from marshmallow import Schema, fields


@dataclass(frozen=True)
class InboxItem:
    """One thing waiting for the caller's decision."""

    kind: str
    id: int
    unit: str | None
    title: str
    requested_by: str | None
    requested_at: dt.datetime | None
    actions: tuple[str, ...] = field(default_factory=tuple)
    amount_vnd: int | None = None


def _sort_key(item: InboxItem):
    at = item.requested_at
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return (at is None, at or dt.datetime.min.replace(tzinfo=dt.timezone.utc), item.kind, item.id)


# The most items an inbox answer lists (a service's, and the gateway's merged one): the oldest.
INBOX_LIMIT = 100


def inbox_answer(service: str, items: Iterable[InboxItem], totals: dict[str, int] | None = None) -> dict[str, Any]:
    """`{"items": [...the oldest INBOX_LIMIT], "counts": {"<service>.<kind>": n}}`, every item counted;
    `totals` (kind -> n) counts the kinds a service read bounded itself (their oldest only among `items`)."""
    ordered = sorted(items, key=_sort_key)
    counts: dict[str, int] = {}
    for item in ordered:
        counts[f"{service}.{item.kind}"] = counts.get(f"{service}.{item.kind}", 0) + 1
    for kind, n in (totals or {}).items():
        if n:
            counts[f"{service}.{kind}"] = n
        else:
            counts.pop(f"{service}.{kind}", None)
    return {"items": [_row(service, item) for item in ordered[:INBOX_LIMIT]], "counts": counts}


def _row(service: str, item: InboxItem) -> dict[str, Any]:
    return {"service": service, "kind": item.kind, "id": item.id, "unit": item.unit, "title": item.title,
            "amount_vnd": item.amount_vnd, "requested_by": item.requested_by, "requested_at": item.requested_at,
            "actions": list(item.actions)}


class InboxItemOut(Schema):
    service = fields.Str(required=True)
    kind = fields.Str(required=True)
    id = fields.Int(required=True)
    unit = fields.Str(allow_none=True)
    title = fields.Str(required=True)
    amount_vnd = fields.Int(allow_none=True)
    requested_by = fields.Str(allow_none=True)
    requested_at = fields.AwareDateTime(allow_none=True)
    actions = fields.List(fields.Str(), required=True)


class InboxOut(Schema):
    items = fields.List(fields.Nested(InboxItemOut), required=True)
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
