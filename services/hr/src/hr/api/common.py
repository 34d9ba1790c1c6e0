"""Small helpers the blueprints share."""
from __future__ import annotations

from buildingblocks.errors import BadRequest
from buildingblocks.fields import MAX_ID
from buildingblocks.pagination import decode_cursor


def page_args(args: dict, key_type: type = int) -> dict:
    """limit and cursor, the cursor checked to be one this service issued for that key type.

    buildingblocks.pagination.paginate compares the decoded cursor with the key column as it is;
    a forged cursor of the wrong type would fail in the database (a 500), so it is refused here.
    """
    cursor = args.get("cursor")
    if cursor:
        value = decode_cursor(cursor)
        ok = (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID) \
            if key_type is int else (isinstance(value, str) and len(value) <= 40 and value.isprintable())
        if not ok:
            raise BadRequest("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    return {"limit": args["limit"], "cursor": cursor}


def page(items, next_cursor) -> dict:
    return {"items": items, "next_cursor": next_cursor}
