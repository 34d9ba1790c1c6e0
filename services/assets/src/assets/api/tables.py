"""The reports that are tables: each served as CSV and, at the same path ending in `.xlsx`, as a
workbook (`buildingblocks.table_routes`)."""
from __future__ import annotations

from typing import Callable, Sequence

from buildingblocks.clock import local_today
from buildingblocks.table_routes import table_routes as download_routes


def table_routes(blp, path: str, query, *, name: str, header: Sequence[str], rows: Callable,
                 summary: str) -> None:
    """GET `path`.csv and `path`.xlsx: `rows(uow, principal, args)` under `header`, in a file
    named `name`-<as_of or today>.csv / .xlsx."""
    download_routes(blp, path, query, table=lambda uow, principal, args: (header, rows(uow, principal, args)),
                    filename=lambda args: f"{name}-{(args.get('as_of') or local_today()).isoformat()}",
                    summary=summary)
