"""A `.docx` as blocks (`sopc.ingest.office`): the body's paragraphs and tables in
reading order, walked in the XML so that what python-docx's API hides is seen:
content controls (`w:sdt`, around paragraphs, rows or cells) and tracked insertions
are read; tracked deletions, text moved away (`w:moveFrom`), field codes and a text
box's copy for old Word (`mc:Fallback`) are not; merged cells are expanded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sopc.ingest.office import (
    MAX_COLUMNS,
    MAX_ROWS,
    Block,
    Document,
    Paragraph,
    Table,
    clean,
    too_long,
    too_wide,
)
from sopc.model.idmap import NAMESPACE
from sopc.results import Place

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_SKIPPED = {
    f"{{{_W}}}{tag}" for tag in ("del", "delText", "moveFrom", "instrText", "pPr", "rPr", "tblPr")
}
_SKIPPED.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
"""A text box is written twice, for new Word (mc:Choice) and old (mc:Fallback)."""


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def read_docx(path: Path) -> Document:
    import docx

    doc = docx.Document(str(path))
    styles = {style.style_id: style.name or "" for style in doc.styles}
    blocks: list[Block] = []
    counts = {"p": 0, "tbl": 0}
    for element in _blocks(doc.element.body):
        if element.tag == _q("p"):
            text = clean(_text(element))
            counts["p"] += 1
            if text:
                level, bullet = _kind(element, styles)
                blocks.append(Paragraph(Place(paragraph=counts["p"]), text, level, bullet))
        else:
            counts["tbl"] += 1
            place = Place(table=counts["tbl"])
            blocks.append(Table(place, _rows(element, path, place)))
    return Document(path, tuple(blocks), ids=_id_map(doc), furniture=_furniture(doc))


def _furniture(doc: Any) -> tuple[Paragraph, ...]:
    """The page headers' and footers' paragraphs, each once: where many companies put
    the 文件编号 and 版本."""
    seen: dict[str, Paragraph] = {}
    for section in doc.sections:
        for part, story in (("header", section.header), ("footer", section.footer)):
            for number, paragraph in enumerate(story.paragraphs, 1):
                text = clean(_text(paragraph._p))
                if text and text not in seen:
                    seen[text] = Paragraph(Place(paragraph=number, part=part), text)
    return tuple(seen.values())


def _blocks(parent: Any) -> Iterator[Any]:
    """Body paragraphs and tables, inside content controls too."""
    for child in parent:
        if child.tag in (_q("p"), _q("tbl")):
            yield child
        elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml")):
            yield from _blocks(child)


def _text(element: Any) -> str:
    """A paragraph's (or cell's) text: runs, tabs and breaks; not deleted text."""
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _q("t"):
                out.append(child.text or "")
            elif tag == _q("tab"):
                out.append("\t")
            elif tag in (_q("br"), _q("cr")):
                out.append("\n")
            elif tag == _q("p"):
                if out:
                    out.append("\n")
                walk(child)
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _kind(p: Any, styles: dict[str, str]) -> tuple[int, bool]:
    """(heading level, bullet) of a paragraph, from its style and outline level."""
    ppr = p.find(_q("pPr"))
    if ppr is None:
        return 0, False
    style = ppr.find(_q("pStyle"))
    name = styles.get(style.get(_q("val"), ""), "") if style is not None else ""
    bullet = ppr.find(_q("numPr")) is not None or name.lower().startswith("list")
    if name.lower() == "title" or name == "标题":
        return 1, bullet
    if match := _HEADING.match(name):
        return int(match[1]), bullet
    outline = ppr.find(_q("outlineLvl"))
    if outline is not None and (value := outline.get(_q("val"), "")).isdigit() and int(value) < 9:
        return int(value) + 1, bullet
    return 0, bullet


def _rows(tbl: Any, path: Path, place: Place) -> tuple[tuple[str, ...], ...]:
    """The table's rows with merged cells expanded (see `sopc.ingest.office`); a table
    too long or too wide is refused before its cells are read."""
    rows = list(_children(tbl, "tr"))
    if len(rows) > MAX_ROWS:
        raise too_long(path, place, len(rows))
    grid: list[list[str]] = []
    for tr in rows:
        trpr = tr.find(_q("trPr"))
        row = [""] * _int(trpr.find(_q("gridBefore")) if trpr is not None else None)
        for tc in _children(tr, "tc"):
            tcpr = tc.find(_q("tcPr"))
            span = _int(tcpr.find(_q("gridSpan")) if tcpr is not None else None) or 1
            merge = tcpr.find(_q("vMerge")) if tcpr is not None else None
            column = len(row)
            if len(row) + span > MAX_COLUMNS:
                raise too_wide(path, place, len(row) + span)
            if merge is not None and merge.get(_q("val"), "continue") == "continue" and grid:
                above = grid[-1]
                text = above[column] if column < len(above) else ""
            else:
                text = clean(_text(tc))
            row += [text] * span
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return tuple(tuple(r + [""] * (width - len(r))) for r in grid)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """`parent`'s children named `tag`, inside content controls too (a row or a cell
    can be one); a nested table's rows are its own."""
    for child in parent:
        if child.tag == _q(tag):
            yield child
        elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml")):
            yield from _children(child, tag)


def _int(element: Any) -> int:
    value = element.get(_q("val"), "") if element is not None else ""
    return int(value) if value.isdigit() else 0


def _id_map(doc: Any) -> bytes | None:
    """The blob of sopc's id map part, when the file was written by sopc."""
    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/customXml/") and NAMESPACE.encode() in part.blob:
            return bytes(part.blob)
    return None
