"""What the finance views share."""

from __future__ import annotations

from buildingblocks.clock import local_today


def page_answer(items, next_cursor) -> dict:
    """The contract's list answer."""
    return {"items": items, "next_cursor": next_cursor}


def download_name(name: str):
    """A download's file name of its filter: `name`[-unit][-date_from]-<date_to or today>."""
    def filename(args: dict) -> str:
        parts = [name, args.get("unit"), args.get("date_from"), args.get("date_to") or local_today()]
        return "-".join(str(p) for p in parts if p)
    return filename
