"""GET `<path>.csv` and `<path>.xlsx`: a list or report a service offers as a download, declared once.

Both files hold the same table (`buildingblocks.export.table_response`: formula-safe, UTF-8 CSV
with a BOM, a workbook with numbers as numbers, VND amounts and dates as dates). The file is made
while the unit of work is open, so a table whose rows are read in batches streams into it.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from .export import XLSX_MIME, table_response
from .web import current_principal, unit_of_work

Table = tuple[Sequence[str], Iterable[Sequence[Any]]]


def table_routes(blp, path: str, query, *, table: Callable[[Any, Any, dict], Table],
                 filename: Callable[[dict], str], summary: str) -> None:
    """GET `path`.csv and `path`.xlsx, with the query schema `query`: `table(uow, principal, args)`
    gives (header, rows), `filename(args)` the file's name without its extension."""
    for extension, mime in (("csv", "text/csv"), ("xlsx", XLSX_MIME)):
        def view(args, extension=extension):
            with unit_of_work() as uow:
                return table_response(f"{filename(args)}.{extension}", *table(uow, current_principal(), args))

        view.__doc__ = f"{summary} ({'CSV' if extension == 'csv' else '.xlsx workbook'})."
        endpoint = f"{path.strip('/').replace('/', '_').replace('.', '_')}_{extension}"
        blp.get(f"{path}.{extension}", endpoint=endpoint)(
            blp.arguments(query, location="query")(blp.response(200, content_type=mime)(view)))
