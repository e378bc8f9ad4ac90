"""The document-control block: 编号, 版本, 状态, 生效日期, 编制/审核/批准, 流程负责人,
适用部门, 下次复审 and 情形, as a table of label and value cells (any number of
pairs a row) or as `标签：值` paragraphs; and the SOP's title."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sopc.ingest.draft import Draft
from sopc.ingest.office import Paragraph, Table
from sopc.ingest.phrases import canonical, items
from sopc.ingest.vocabulary import control_key
from sopc.ingest.words import CYCLE_WORDS, STATUS_WORDS, is_empty
from sopc.model.duration import parse_interval
from sopc.model.types import ID_PATTERN
from sopc.results import Place

_ID_LENGTH = 40
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_VERSION = re.compile(r"^[VvＶ第]?\s*(\d+(?:\.\d+){0,2})\s*(?:版)?$")
_PAIR = re.compile(r"^\s*([^:：\s]{1,10})\s*[:：]\s*(.+?)\s*$")
_SIGNED = re.compile(r"^(?P<name>.+?)\s*(?:[（(](?P<date>[^)）]+)[)）])?$")


def iso_date(text: str) -> str | None:
    """`2024/9/1`, `2024年9月1日`, `2024-09-01` → 2024-09-01."""
    match = _DATE.search(unicodedata.normalize("NFKC", text))
    if match is None:
        return None
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"


def version(text: str) -> str | None:
    match = _VERSION.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    value = match[1]
    return value if "." in value else f"{value}.0"


def read_pairs(draft: Draft, place: Place, cells: tuple[str, ...]) -> bool:
    """Label and value cells of one row of a control table; whether any was read."""
    read, index = False, 0
    while index < len(cells) - 1:
        key = control_key(cells[index]) if cells[index] else None
        value = cells[index + 1]
        if key is None or control_key(value) is not None:
            index += 1
            continue
        cell = place.cell(place.row or 0, index + 2)
        if value.strip():
            read |= control(draft, cell, key, value)
        else:
            read = True
        index += 2
        while index < len(cells) and cells[index] == value:
            index += 1  # a merged value cell, repeated across its columns
    return read


def names_id(block: Paragraph | Table) -> bool:
    """Whether a paragraph or a table gives an SOP's 编号 (its label, at least)."""
    if isinstance(block, Paragraph):
        parts = (_PAIR.match(p) for p in re.split(r"\t|\s{2,}|\u3000", block.text))
        return any(m is not None and control_key(m[1]) == "id" for m in parts)
    return any(control_key(cell) == "id" for row in block.rows[:6] for cell in row if cell)


def read_line(draft: Draft, place: Place, text: str) -> bool:
    """`编号：CS-001` (several in one paragraph, apart by spaces or tabs)."""
    read = False
    for part in re.split(r"\t|\s{2,}|\u3000", text):
        match = _PAIR.match(part)
        key = control_key(match[1]) if match else None
        if match and key:
            read |= control(draft, place, key, match[2])
    return read


def control(draft: Draft, place: Place, key: str, value: str) -> bool:
    """One control field; False (reported) when the value cannot be read."""
    data, value = draft.data, value.strip()
    read: Any = None
    if key == "id":
        read = value if ID_PATTERN.fullmatch(value) and len(value) <= _ID_LENGTH else None
    elif key == "title":
        read = value
    elif key == "version":
        read = version(value)
    elif key == "status":
        read = STATUS_WORDS.get(value.lower())
    elif key == "effective_date":
        read = iso_date(value)
    elif key == "owner":
        read = draft.role_named(value) or draft.role(value, None, place)
    elif key == "departments":
        read = items(value)
    elif key in ("author", "reviewer", "approver"):
        read = _signature(value)
        if read is not None:
            data.setdefault("approval", {})[key] = read
            draft.mapped(place, f"approval.{key}", value)
            return True
    elif key == "review":
        read = _review(value)
    elif key == "case":
        read = _cases(value)
        key = "cases" if read else key
    if read in (None, "", []):
        if value not in ("—", "-", "无"):
            draft.unknown(place, value, f"control_{key}")
        return False
    data[key] = read
    draft.mapped(place, key, value)
    return True


def _signature(text: str) -> dict[str, str] | None:
    match = _SIGNED.match(text.strip())
    if match is None or is_empty(match["name"]):
        return None
    signed = {"name": match["name"].strip()}
    if match["date"] and (when := iso_date(match["date"])):
        signed["date"] = when
    elif match["date"]:
        signed["name"] = text.strip()
    return signed


def _review(text: str) -> dict[str, str] | None:
    """`2027-01-01 (每 6 个月, 上次 2026-07-01)`, a cycle alone (`每6个月`, `每年`), or
    the next review's date alone."""
    out: dict[str, str] = {}
    cycle = re.search(r"(?:每|every)\s*([^,，)）]+)", text, re.IGNORECASE)
    one = next((v for word, v in CYCLE_WORDS.items() if word in text.lower()), None)
    if cycle and (interval := parse_interval(cycle[1].strip())):
        out["interval"] = canonical(interval)
    elif one is not None:
        out["interval"] = one
    last = re.search(r"(?:上次|last)\s*([0-9./\-年月日]+)", text)
    if last and (when := iso_date(last[1])):
        out["last"] = when
    if not out and (when := iso_date(text)):
        out["next"] = when
    return out or None


def _cases(text: str) -> dict[str, Any] | None:
    """`严重程度: 一般 / 严重 / 重大` → the cases dimension."""
    match = re.match(r"^(.+?)\s*[:：]\s*(.+)$", text)
    listed = [v.strip() for v in re.split(r"[/／、,，]", match[2]) if v.strip()] if match else []
    if match is None or len(listed) < 2:
        return None
    return {"name": match[1], "values": listed}


def title_line(draft: Draft, place: Place, text: str) -> None:
    """The title (`CS-001 客户投诉处理流程` gives the id too, when none is known)."""
    first, _, rest = text.partition(" ")
    if rest and re.fullmatch(r"[A-Za-z][\w.]*-[\w.-]+", first) and len(first) <= _ID_LENGTH:
        draft.data.setdefault("id", first)
        text = rest.strip()
    draft.data["title"] = text
    draft.mapped(place, "title", text)
