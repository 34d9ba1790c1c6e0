"""The envelope every event travels in, and what a handler is (contract: Events)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from ..db import UnitOfWork


class PermanentError(Exception):
    """Raise from a handler when retrying cannot help: the event is parked at once."""


@dataclass(frozen=True)
class Event:
    """The envelope every event travels in (contract: Events)."""

    id: str
    type: str
    version: int
    occurred_at: str
    source: str
    correlation_id: str | None
    unit: str | None
    data: dict[str, Any]

    @classmethod
    def parse(cls, body: bytes) -> "Event":
        doc = json.loads(body)
        missing = [k for k in ("id", "type", "data") if k not in doc]
        if missing or not isinstance(doc.get("data"), dict):
            raise ValueError(f"not an event envelope (missing {missing or 'data object'})")
        return cls(id=str(doc["id"]), type=str(doc["type"]), version=int(doc.get("version", 1)),
                   occurred_at=str(doc.get("occurred_at", "")), source=str(doc.get("source", "")),
                   correlation_id=doc.get("correlation_id"), unit=doc.get("unit"), data=doc["data"])

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False).encode()


Handler = Callable[[UnitOfWork, Event], None]
