"""`sopc import`: Word and Excel SOPs read into SOP files (docs/import.md).

    office (.docx/.xlsx, checked) → blocks with places → parts by heading and table
    kind → a Draft (fields, ids, an account of every piece) → YAML

`office.py` owns the file and its threat model, `word.py` and `excel.py` the two
formats, `vocabulary.py` and `words.py` the names and words recognised, `phrases.py`
the text read as data, `table.py` the step table's header, `steps.py` and `flow.py`
its rows and where they lead, `control.py`, `parts.py` and `prose.py` the SOP's
other parts, `sections.py` the order they are read in, `draft.py` the ids and the
account, `emit.py` the YAML and Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from sopc.i18n import Message
from sopc.ingest.control import names_id, read_line
from sopc.ingest.draft import Draft, Known
from sopc.ingest.excel import read_xlsx
from sopc.ingest.office import Block, Document, Paragraph, Refused, Table, reason_of, safe_zip
from sopc.ingest.sections import read_sorted, sort_blocks
from sopc.ingest.table import header
from sopc.ingest.word import read_docx
from sopc.model.idmap import read_ids
from sopc.results import Place


def read_office(path: Path) -> Document:
    """The file as a document (a workbook's sheets are its tables), once it passed the
    checks of `sopc.ingest.office`."""
    suffix = path.suffix.lower()
    if suffix in (".doc", ".xls"):
        raise Refused(Message("import.old_format", path=str(path)))
    if suffix in (".docm", ".xlsm", ".dotm", ".xltm"):
        raise Refused(Message("import.macros", path=str(path)))
    if suffix not in (".docx", ".xlsx"):
        raise Refused(Message("import.unknown_type", path=str(path)))
    members = safe_zip(path)
    try:
        if suffix == ".docx":
            return read_docx(path)
        return read_xlsx(path, members)
    except Refused:
        raise
    except Exception as exc:  # a broken part deep inside: said, never a traceback
        raise Refused(Message("import.unreadable", path=str(path), reason=reason_of(exc))) from None


@dataclass
class Drafted:
    """One SOP found in a document, before it has an id of the project's."""

    draft: Draft
    document: Document
    blocks: list[Block]


def read_sops(document: Document, known: Known) -> list[Drafted]:
    """The SOPs of `document` (see `_segments`); what belongs to none of them is
    reported on the first."""
    ids = read_ids(document.ids)
    out = []
    segments, outside = _segments(document.blocks)
    for blocks in segments:
        draft = Draft(known, ids)
        for paragraph in document.furniture:  # first: what the body says wins
            read_line(draft, paragraph.place, paragraph.text)
        read_sorted(draft, sort_blocks(blocks, draft))
        sheets = {block.place.sheet for block in blocks}
        for place, text, why in document.problems:
            if place.sheet in sheets:
                draft.unknown(place, text, why)
        if draft.steps:
            out.append(Drafted(draft, document, blocks))
    for block in outside if out else ():
        text = block.text if isinstance(block, Paragraph) else " | ".join(block.rows[0])
        out[0].draft.unknown(block.place, text, "outside_sops")
    return out


def _segments(blocks: tuple[Block, ...]) -> tuple[list[list[Block]], list[Block]]:
    """The blocks of each SOP, and those of none. A workbook holds an SOP a sheet when
    several sheets have step tables; a Word file one under each top-level heading
    when several have a step table and an 编号 of their own. Anything else is one SOP."""
    sheets = [b.place.sheet for b in blocks]
    if any(sheets):
        bounds = [0, *(i for i in range(1, len(blocks)) if sheets[i] != sheets[i - 1])]
    else:
        bounds = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.level == 1]
        bounds = [0, *bounds[1:]]
    groups = [list(blocks[a:b]) for a, b in pairwise([*bounds, len(blocks)])]
    own = [g for g in groups if _has_steps(g) and (any(sheets) or any(map(names_id, g)))]
    if len(own) < 2:
        return [list(blocks)], []
    return own, [block for g in groups if g not in own for block in g]


def _has_steps(blocks: list[Block]) -> bool:
    return any(isinstance(b, Table) and header(b) for b in blocks)


def finish(drafted: Drafted, sop_id: str, name: str) -> None:
    """Fill what an SOP needs and the file did not say, each said as assumed."""
    draft, first = drafted.draft, drafted.blocks[0].place if drafted.blocks else None
    place = first if first is not None and first.sheet else Place(paragraph=1)
    data = draft.data
    if data.get("id") != sop_id and not draft.ids.sop:
        draft.note("assumed", place, "id", sop_id, "id")
        data["id"] = sop_id
    for key, value in (("title", name), ("version", "1.0"), ("status", "draft")):
        if not data.get(key):
            data[key] = value
            draft.note("assumed", place, key, value, key)


def nothing_found(document: Document) -> Message:
    return Message("import.no_steps", path=str(document.path))
