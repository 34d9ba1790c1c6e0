"""Cursor pagination: `?limit=` (default 50, max 200) and `?cursor=`, answer {items, next_cursor}."""
from __future__ import annotations

import base64
import json
from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import Select
from sqlalchemy.orm import Session

from .errors import Malformed

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArgs(Schema):
    """Mix into a list's query schema: `class BookingQuery(PageArgs): unit = fields.Str()`."""

    limit = fields.Int(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))
    cursor = fields.Str(load_default=None)


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([value]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))[0]
    except Exception:
        raise Malformed("malformed cursor", errors={"cursor": ["not a cursor this service issued"]}) from None


def _checked(value: Any, key_column) -> Any:
    """A cursor must hold a value of the key's type (a forged one is 400, never a database error)."""
    try:
        python_type = key_column.type.python_type
    except (NotImplementedError, AttributeError):
        python_type = None
    bad = Malformed("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) < value < 2**63:
            raise bad
    elif python_type is str:
        if not isinstance(value, str) or "\x00" in value:
            raise bad
    elif not isinstance(value, (int, str)) or isinstance(value, bool):
        raise bad
    return value


def read_cursor(cursor: str, *types: type) -> tuple:
    """A cursor a service made with `encode_cursor([v1, v2, ...])`, its values checked against
    `types` (int, str, float); a forged or mistyped one is Malformed (400)."""
    value = decode_cursor(cursor)
    bad = Malformed("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    if not isinstance(value, list) or len(value) != len(types):
        raise bad
    for item, kind in zip(value, types):
        if kind is int and (not isinstance(item, int) or isinstance(item, bool) or not -(2**63) < item < 2**63):
            raise bad
        if kind is str and (not isinstance(item, str) or "\x00" in item):
            raise bad
        if kind is float and (not isinstance(item, (int, float)) or isinstance(item, bool)):
            raise bad
    return tuple(value)


def paginate(session: Session, stmt: Select, key_column, limit: int = DEFAULT_LIMIT, cursor: str | None = None,
             descending: bool = False) -> tuple[list, str | None]:
    """Keyset pagination on a unique, ordered column; returns (rows, next_cursor)."""
    if cursor:
        after = _checked(decode_cursor(cursor), key_column)
        stmt = stmt.where(key_column < after if descending else key_column > after)
    stmt = stmt.order_by(key_column.desc() if descending else key_column.asc()).limit(limit + 1)
    rows = list(session.scalars(stmt).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(getattr(rows[-1], key_column.key))
    return rows, next_cursor


_PAGE_SCHEMAS: dict[type, type[Schema]] = {}


def page_schema(item_schema: type[Schema]) -> type[Schema]:
    """The response schema of a list of `item_schema`: {items: [...], next_cursor}."""
    if item_schema not in _PAGE_SCHEMAS:
        # BookingOut -> BookingPage (docs/service-guide.md, "The template")
        name = item_schema.__name__.removesuffix("Schema").removesuffix("Out") + "Page"
        _PAGE_SCHEMAS[item_schema] = type(
            name,
            (Schema,),
            {"items": fields.List(fields.Nested(item_schema), required=True),
             "next_cursor": fields.Str(allow_none=True)},
        )
    return _PAGE_SCHEMAS[item_schema]
