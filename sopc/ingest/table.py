"""Which table is the step table, and which of its columns is which.

A table is a step table when one of its first six rows names at least three
different columns (`sopc.ingest.vocabulary.COLUMNS`), one of them the step, the
number or the action. A header of two rows, where a merged cell (`责任部门/岗位`)
spans sub-columns named in the row below (`部门 | 岗位`), is read as one: the
sub-columns' names win. A table of label and value pairs (`编号 | CS-001 | 版本 |
2.1`) is the control block, whatever column names its labels look like; such rows
above a step table's header (an Excel sheet's top) are its control fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sopc.ingest.office import Table
from sopc.ingest.vocabulary import Column, column_of, control_key

HEADER_ROWS = 6


@dataclass(frozen=True)
class Header:
    """A step table's header: its first and last rows, and which column is which."""

    first: int
    last: int
    columns: dict[int, Column]


def header(table: Table) -> Header | None:
    """The step table's header, or None when `table` is not a step table."""
    for number, row in enumerate(table.rows[:HEADER_ROWS]):
        if _pairs(row) >= 2:
            continue  # control fields above the table (编号 | CS-001 | 版本 | 2.1)
        columns = _columns(row)
        kinds = set(columns.values())
        if len(columns) < 3 or not kinds & {Column.STEP, Column.NUMBER, Column.ACTION}:
            continue
        below = table.rows[number + 1] if number + 1 < len(table.rows) else ()
        spanned = [i for i in range(len(row)) if _spans(row, i) and i < len(below)]
        if spanned and all(column_of(below[i]) for i in spanned):
            combined = tuple(below[i] if i in spanned else cell for i, cell in enumerate(row))
            return Header(number, number + 1, _columns(combined))
        return Header(number, number, columns)
    return None


def _columns(row: tuple[str, ...]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    for index, cell in enumerate(row):
        column = column_of(cell.split("\n")[0]) if cell else None
        if column is not None and column not in columns.values():
            columns[index] = column
    return columns


def _spans(row: tuple[str, ...], index: int) -> bool:
    """Whether the cell is one of a merged cell's columns (its text repeated beside it)."""
    text = row[index]
    return bool(text) and (
        (index > 0 and row[index - 1] == text) or (index + 1 < len(row) and row[index + 1] == text)
    )


def is_control(table: Table) -> bool:
    """A table of label and value pairs: two pairs at least in its first row."""
    return bool(table.rows) and _pairs(table.rows[0]) >= 2


def _pairs(row: tuple[str, ...]) -> int:
    """Labels followed by a value that is neither a label nor a column's name."""
    return sum(
        1
        for label, value in pairwise(row)
        if control_key(label) and value and not control_key(value) and not column_of(value)
    )
