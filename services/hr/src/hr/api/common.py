"""Small helpers the blueprints share."""
from __future__ import annotations


def page_args(args: dict) -> dict:
    """limit and cursor (buildingblocks.pagination checks the cursor: a forged one is 400)."""
    return {"limit": args["limit"], "cursor": args.get("cursor")}


def page(items, next_cursor) -> dict:
    return {"items": items, "next_cursor": next_cursor}
