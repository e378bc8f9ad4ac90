"""An `.xlsx` as blocks (`sopc.ingest.office`): each sheet one table,
with merged ranges expanded, formulas as the values Excel last showed, and dates as
YYYY-MM-DD. Hidden sheets are procedures too: nothing is silently dropped."""

from __future__ import annotations

import zipfile
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

    _count_rows(path, members)
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


def _count_rows(path: Path, members: frozenset[str]) -> None:
    """Refuse a sheet of more than MAX_ROWS rows before openpyxl builds a cell object for
    each of them (seconds for 10,000 rows): its XML is streamed and its rows counted."""
    sheets = sorted(m for m in members if m.startswith("xl/worksheets/") and m.endswith(".xml"))
    with zipfile.ZipFile(path) as archive:
        for number, name in enumerate(sheets, 1):
            rows, tail = 0, b""
            with archive.open(name) as member:
                while chunk := member.read(1 << 20):
                    rows += (tail + chunk).count(b"<row ") - tail.count(b"<row ")
                    tail = chunk[-8:]
            if rows > MAX_ROWS:
                raise too_long(path, Place(table=number), rows)


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
