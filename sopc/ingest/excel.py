"""An `.xlsx` as blocks (`sopc.ingest.office`): each sheet one table,
with merged ranges expanded, formulas as the values Excel last showed, and dates as
YYYY-MM-DD. Hidden sheets are procedures too: nothing is silently dropped."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sopc.ingest.office import MAX_COLUMNS, MAX_ROWS, Document, Table, clean, too_long, too_wide
from sopc.results import Place

MAX_CELLS = 200_000
"""Cells of one sheet: a step table of MAX_ROWS rows and a dozen columns, and then some."""
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def read_xlsx(path: Path, members: frozenset[str]) -> Document:
    """The workbook as one document of one table a sheet (`sopc.ingest.read_sops` makes
    an SOP of each sheet when several have step tables). A formula Excel never
    computed (a file written by a script) and an error value are reported, not read."""
    import openpyxl

    formulas = _measure(path, members)
    book = openpyxl.load_workbook(str(path), data_only=True, keep_links=False)
    written = openpyxl.load_workbook(str(path), keep_links=False) if formulas else None
    tables, problems = [], []
    for number, sheet in enumerate(book.worksheets, 1):
        place = Place(table=number, sheet=sheet.title)
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        if len(grid) > MAX_ROWS:
            raise too_long(path, place, len(grid))
        width = max((i + 1 for row in grid for i, v in enumerate(row) if v not in (None, "")),
                    default=0)  # fmt: skip
        if width > MAX_COLUMNS:
            raise too_wide(path, place, width)
        source = written.worksheets[number - 1] if written is not None else None
        rows: list[list[str]] = []
        for r, row in enumerate(grid, 1):
            cells = []
            for c, value in enumerate(row[:width], 1):
                text = _text(value)
                raw = source.cell(r, c).value if source is not None and value is None else None
                if isinstance(raw, str) and raw.startswith("="):
                    problems.append((place.cell(r, c), raw, "formula"))
                elif text in _ERRORS:
                    problems.append((place.cell(r, c), text, "error_value"))
                    text = ""
                cells.append(text)
            rows.append(cells + [""] * (width - len(cells)))
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > len(rows) or merged.min_col > width:
                continue
            top = rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, width)):
                    rows[r][c] = top
        tables.append(Table(place, tuple(tuple(row) for row in rows)))
    return Document(path, tuple(tables), problems=tuple(problems))


def _measure(path: Path, members: frozenset[str]) -> bool:
    """Refuse a sheet of more than MAX_ROWS rows or MAX_CELLS cells before openpyxl
    builds an object for each (seconds for 10,000 rows): its XML is streamed and its
    rows and cells counted, whatever the namespace prefix. Whether any cell holds a
    formula."""
    sheets = sorted(
        (m for m in members if m.startswith("xl/worksheets/") and m.endswith(".xml")),
        key=lambda name: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)],
    )
    formulas = False
    with zipfile.ZipFile(path) as archive:
        for number, name in enumerate(sheets, 1):
            rows = cells = 0
            tail = b""
            with archive.open(name) as member:
                while chunk := member.read(1 << 20):
                    window, edge = tail + chunk, len(tail)
                    rows += sum(1 for m in _ROW.finditer(window) if m.end() > edge)
                    cells += sum(1 for m in _CELL.finditer(window) if m.end() > edge)
                    formulas = formulas or _FORMULA.search(window) is not None
                    tail = chunk[-16:]
            if rows > MAX_ROWS:
                raise too_long(path, Place(table=number), rows)
            if cells > MAX_CELLS:
                raise too_wide(path, Place(table=number), cells // max(rows, 1))
    return formulas


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
