"""What the finance views share."""

from __future__ import annotations


def page_answer(items, next_cursor) -> dict:
    """The contract's list answer."""
    return {"items": items, "next_cursor": next_cursor}
