"""`sopc import`: Word and Excel SOPs read into SOP files (docs/import.md).

    office (.docx/.xlsx, checked) → blocks with places → parts by heading and table
    kind → a Draft (fields, ids, an account of every piece) → YAML

`office.py` owns the file and its threat model, `word.py` and `excel.py` the two
formats, `vocabulary.py` the words recognised, `phrases.py` the text read as data,
`control.py`, `steps.py` and `parts.py` the SOP's parts, `sections.py` the order
they are read in, `draft.py` the ids and the account, `emit.py` the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from sopc.i18n import Message
from sopc.ingest.control import read_line
from sopc.ingest.draft import Draft, Known
from sopc.ingest.excel import read_xlsx
from sopc.ingest.office import Block, Document, Paragraph, Refused, Table, reason_of, safe_zip
from sopc.ingest.sections import read_sorted, sort_blocks
from sopc.ingest.table import header
from sopc.ingest.word import read_docx
from sopc.model.idmap import read_ids
from sopc.results import Place


def read_office(path: Path) -> list[Document]:
    """The documents of a `.docx` (one) or `.xlsx` (one per sheet)."""
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
            return [read_docx(path)]
        return [read_xlsx(path, members)]
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
    """The SOPs of `document`: one, or one per top-level heading when each of several
    has a step table of its own."""
    ids = read_ids(document.ids)
    out = []
    for blocks in _segments(document.blocks):
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
    return out


def _segments(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """The blocks of each SOP: the sheets of a workbook, the parts of a Word file under
    its top-level headings, when more than one of them has a step table."""
    sheets = [b.place.sheet for b in blocks]
    if any(sheets):
        bounds = [0, *(i for i in range(1, len(blocks)) if sheets[i] != sheets[i - 1])]
    else:
        bounds = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.level == 1]
        bounds = [0, *bounds[1:]]
    groups = [list(blocks[a:b]) for a, b in pairwise([*bounds, len(blocks)])]
    with_steps = [g for g in groups if any(isinstance(b, Table) and header(b) for b in g)]
    return with_steps if len(with_steps) >= 2 else [list(blocks)]


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
