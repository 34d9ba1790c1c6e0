"""Cursor pages over id columns, with the cursor checked before it reaches SQL."""

from __future__ import annotations

from buildingblocks.errors import BadRequest
from buildingblocks.pagination import decode_cursor, paginate

MAX_ROW_ID = 2**63 - 1


def page(session, stmt, key_column, args: dict, descending: bool = False):
    """`buildingblocks.pagination.paginate`, refusing a cursor that is not one of our row ids.

    A cursor is opaque to clients but only base64 JSON; a forged one holding text or a number
    past 64 bits would otherwise reach PostgreSQL and fail there as a server error.
    """
    cursor = args.get("cursor")
    if cursor:
        value = decode_cursor(cursor)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ROW_ID:
            raise BadRequest("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    return paginate(session, stmt, key_column, args["limit"], cursor, descending=descending)
