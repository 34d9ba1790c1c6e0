"""The inbox: what a caller may decide now, as each service answers it at `GET /inbox`.

A service lists its own items with `InboxItem`; `inbox_answer` sorts them oldest first and
counts them by kind. The gateway merges the four answers for `GET /api/v1/inbox`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
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


def inbox_answer(service: str, items: Iterable[InboxItem]) -> dict[str, Any]:
    """`{"items": [...oldest first], "counts": {"<service>.<kind>": n}}`."""
    ordered = sorted(items, key=_sort_key)
    counts: dict[str, int] = {}
    out = []
    for item in ordered:
        counts[f"{service}.{item.kind}"] = counts.get(f"{service}.{item.kind}", 0) + 1
        row = asdict(item)
        row["actions"] = list(item.actions)
        row["service"] = service
        out.append(row)
    return {"items": out, "counts": counts}


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
