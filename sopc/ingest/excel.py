"""An `.xlsx` as blocks (`sopc.ingest.office`): each sheet one table,
with merged ranges expanded, formulas as the values Excel last showed, and dates as
YYYY-MM-DD. Hidden sheets are procedures too: nothing is silently dropped."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sopc.ingest.office import MAX_ROWS, Document, Table, clean, too_long
from sopc.results import Place

MAX_COLUMNS = 64


def read_xlsx(path: Path, members: frozenset[str]) -> Document:
    """The workbook as one document of one table a sheet (`sopc.ingest.read_sops` makes
    an SOP of each sheet when several have step tables)."""
    import openpyxl

    book = openpyxl.load_workbook(str(path), data_only=True, keep_links=False)
    tables = []
    for number, sheet in enumerate(book.worksheets, 1):
        place = Place(table=number, sheet=sheet.title)
        if sheet.max_row > MAX_ROWS:
            raise too_long(path, place, sheet.max_row)
        width = min(sheet.max_column, MAX_COLUMNS)
        grid = [
            [_text(value) for value in row]
            for row in sheet.iter_rows(max_col=width, values_only=True)
        ]
        for merged in sheet.merged_cells.ranges:
            top = (
                grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
            )
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, width)):
                    grid[r][c] = top
        tables.append(Table(place, tuple(tuple(row) for row in grid)))
    return Document(path, tuple(tables), parts=members)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g") if value == value else ""
    return clean(value)
