"""The reports that are tables: each served as CSV and, at the same path ending in `.xlsx`, as a
workbook (`buildingblocks.export.table_response`: formula-safe, numbers, VND format, dates)."""
from __future__ import annotations

from typing import Callable, Sequence

from buildingblocks.clock import local_today
from buildingblocks.export import table_response
from buildingblocks.web import current_principal, unit_of_work


def table_routes(blp, path: str, query, *, name: str, header: Sequence[str], rows: Callable,
                 summary: str) -> None:
    """GET `path`.csv and `path`.xlsx: `rows(uow, principal, args)` under `header`, in a file
    named `name`-<as_of or today>.csv / .xlsx."""
    for extension in ("csv", "xlsx"):
        def view(args, extension=extension):
            with unit_of_work() as uow:
                table = rows(uow, current_principal(), args)
            as_of = (args.get("as_of") or local_today()).isoformat()
            return table_response(f"{name}-{as_of}.{extension}", header, table)

        endpoint = f"{path.strip('/').replace('/', '_').replace('.', '_')}_{extension}"
        view.__doc__ = f"{summary} ({'CSV' if extension == 'csv' else '.xlsx workbook'})."
        blp.get(f"{path}.{extension}", endpoint=endpoint)(blp.arguments(query, location="query")(view))
