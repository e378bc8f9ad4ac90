"""Word and Excel files as plain blocks: paragraphs and tables of text, each with its
place in the file (`Place`), so that every mapped, kept or not understood piece of
an import can say where it came from.

The threat model is a file someone mailed in. A `.docx`/`.xlsx` is a zip of XML,
and what could hurt is checked before python-docx or openpyxl reads a byte of it:

- not a zip at all (an old `.doc`/`.xls` with a new name, a PDF, text): refused,
  saying which format it is where the first bytes tell;
- a zip bomb: the members' declared sizes are added up and capped (`MAX_UNPACKED`),
  and so are their number and the file itself; Python's zip reader never inflates
  a member past its declared size, so the declared sizes are the ones that count;
- macros (`.docm`, `.xlsm`, or any file with a `vbaProject.bin` or a macro-enabled
  content type, whatever its name): refused, never opened;
- XML entities: python-docx parses with `resolve_entities=False`, openpyxl with
  expat, which refuses entity expansion attacks;
- a table too long or too wide to be a procedure (`MAX_ROWS`, `MAX_COLUMNS`, merged
  cells counted): refused as soon as its rows are counted, before any is built.

Merged cells are expanded: a cell spanning columns (`gridSpan`, an Excel merge)
repeats its text in each column it covers, and a vertically merged cell
(`vMerge`) repeats the text of the cell it continues, so that a responsibility
column merged over three steps names the role on each of them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopc.i18n import Message
from sopc.results import Place

MAX_FILE = 50 * 1024 * 1024
"""A Word or Excel SOP is well under a megabyte; this much is a different file."""
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_ROWS = 2_000
"""Rows of one table: an SOP of more steps than this is a list, not a procedure."""
MAX_COLUMNS = 64
"""Columns of one table, merged ones counted: a step table has a dozen at most."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")


class Refused(Exception):
    """A file that is not read, and why (a message in the reader's language)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


@dataclass(frozen=True, slots=True)
class Paragraph:
    place: Place
    text: str
    level: int = 0  # a heading's level (1 = the title's), 0 for body text
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    place: Place
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Document:
    """One file as blocks in reading order (a workbook: a table a sheet)."""

    path: Path
    blocks: tuple[Block, ...]
    problems: tuple[tuple[Place, str, str], ...] = ()  # (place, text, why) not read
    ids: bytes | None = None  # sopc's own id map (`sopc.model.idmap`), when present
    furniture: tuple[Paragraph, ...] = ()  # page headers and footers: control lines only


def reason_of(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def safe_zip(path: Path) -> frozenset[str]:
    """The zip's member names, once the file passed every check above."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise Refused(
            Message("import.unreadable", path=str(path), reason=exc.strerror or "")
        ) from None
    if size > MAX_FILE:
        raise Refused(Message("import.too_big", path=str(path), mb=MAX_FILE // 2**20))
    if head.startswith(_OLE):
        raise Refused(Message("import.old_format", path=str(path)))
    if not head.startswith(b"PK"):
        raise Refused(Message("import.not_office", path=str(path)))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise Refused(Message("import.bomb", path=str(path), mb=MAX_UNPACKED // 2**20))
            names = frozenset(i.filename for i in infos)
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except zipfile.BadZipFile:
        raise Refused(Message("import.not_office", path=str(path))) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or any(
        word in types for word in _MACRO_TYPES
    ):
        raise Refused(Message("import.macros", path=str(path)))
    if not types:
        raise Refused(Message("import.not_office", path=str(path)))
    return names


def too_long(path: Path, place: Place, rows: int) -> Refused:
    return Refused(
        Message("import.too_long", path=str(path), table=place.table or 1, rows=rows, most=MAX_ROWS)
    )


def too_wide(path: Path, place: Place, columns: int) -> Refused:
    return Refused(
        Message("import.too_wide", path=str(path), table=place.table or 1, columns=columns,
                most=MAX_COLUMNS)
    )  # fmt: skip


def clean(text: Any) -> str:
    """A cell's or paragraph's text: lines trimmed, empty lines dropped, no-break and
    full-width spaces at the ends removed."""
    lines = (line.strip(" \t\u00a0\u3000") for line in str(text).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
