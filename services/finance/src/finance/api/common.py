"""What the finance views share."""

from __future__ import annotations

from flask import current_app

from ..config import FinanceConfig

# A path id: an integer route parameter bounded to 64 bits, so an absurd id is a 404 from the
# router rather than an overflow in the database.
ID = "int(min=1, max=9223372036854775807)"


def finance_config() -> FinanceConfig:
    """The finance settings of this app (read once at start)."""
    return current_app.extensions["finance"]


def page_answer(items, next_cursor) -> dict:
    """The contract's list answer."""
    return {"items": items, "next_cursor": next_cursor}
