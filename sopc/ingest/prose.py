"""The SOP's prose: purpose and scope (with 起点/终点 and 包括/不包括 lists), and the
step details of sopc's own Word files (a heading per step, its notes and tools, and
its text, which becomes the step's section of a Markdown SOP). Bullets, numbered
items and tables become Markdown."""

from __future__ import annotations

import re
from typing import Any

from sopc.ingest.draft import Draft
from sopc.ingest.flow import target
from sopc.ingest.office import Paragraph, Table
from sopc.ingest.phrases import items, labelled, step_number
from sopc.ingest.words import NOTES, SCOPE, TOOLS


def _titles(draft: Draft) -> dict[str, str]:
    return {step["title"]: step["id"] for step in draft.steps}


def details(draft: Draft, blocks: list[Paragraph | Table]) -> None:
    """sopc's 步骤说明: a heading per step, then its notes under 注意事项, its tools,
    and its prose, which becomes the step's section of a Markdown SOP."""
    step: dict[str, Any] | None = None
    listing = False
    for block in blocks:
        if isinstance(block, Table):
            if step is None:
                draft.unknown(block.place, block.rows[0][0] if block.rows else "", "table_kind")
            else:
                draft.sections.setdefault(step["id"], []).append(markdown_table(block))
                draft.mapped(block.place, f"sections.{step['id']}")
            continue
        text = block.text
        if block.level:
            found = target(draft, step_number(text)[1], _titles(draft))
            step = next((s for s in draft.steps if s["id"] == found), None)
            listing = False
            if step is None:
                draft.unknown(block.place, text, "step_name")
            continue
        if step is None:
            draft.unknown(block.place, text)
            continue
        at = f"steps[{draft.steps.index(step)}]"
        label, rest = labelled(text)
        if text in NOTES:
            listing = True
        elif label in TOOLS and rest:
            step.setdefault("tools", []).extend(items(rest))
            draft.mapped(block.place, f"{at}.tools", text)
        elif listing and block.bullet:
            step.setdefault("notes", []).append(text)
            draft.mapped(block.place, f"{at}.notes", text)
        else:
            listing = False
            draft.sections.setdefault(step["id"], []).append(markdown_line(block))
            draft.mapped(block.place, f"sections.{step['id']}", text)


_ORDERED = re.compile(r"^(\d{1,3})[.、．)]\s*")


def markdown_line(paragraph: Paragraph) -> str:
    """A paragraph as a Markdown line: a bullet `- `, a numbered item `1. `, or text."""
    text = paragraph.text.replace("\t", " ")
    if paragraph.bullet and not _ORDERED.match(text):
        return f"- {text}"
    return _ORDERED.sub(lambda m: f"{m[1]}. ", text, count=1)


def markdown_table(table: Table) -> str:
    rows = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in table.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def purpose(draft: Draft, blocks: list[Paragraph | Table]) -> None:
    """The purpose: its text, bullets and tables; sopc's own Word files put the scope's
    labelled lines under the same heading (目的 · 适用范围)."""
    text: list[str] = []
    for block in _scope(draft, blocks):
        if isinstance(block, Table):
            text.append(("\n" if text else "") + markdown_table(block) + "\n")
            draft.mapped(block.place, "purpose")
            continue
        line = block.text
        text.append(f"- {line}" if block.bullet else ("\n" if text else "") + line)
        draft.mapped(block.place, "purpose", line)
    if text:
        draft.data["purpose"] = "\n".join(text).strip()


def scope(draft: Draft, blocks: list[Paragraph | Table]) -> None:
    """The scope: 起点/终点 and 包括/不包括 lists, and its text, which is the scope itself
    when there are none of these, else what it includes."""
    rest = _scope(draft, blocks)
    lines = [b.text if isinstance(b, Paragraph) else markdown_table(b) for b in rest]
    if not lines:
        return
    found = draft.data.get("scope")
    if isinstance(found, dict):
        found["includes"] = lines + found.get("includes", [])
    else:
        draft.data["scope"] = "\n".join(lines)
    for block in rest:
        draft.mapped(block.place, "scope.includes" if isinstance(found, dict) else "scope")


def _scope(draft: Draft, blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """The scope's labelled lines and lists, read; the other blocks, returned."""
    found: dict[str, Any] = draft.data.get("scope") or {}
    rest: list[Paragraph | Table] = []
    listing: str | None = None
    for block in blocks:
        text = block.text if isinstance(block, Paragraph) else ""
        label, value = labelled(text)
        kind = next((k for k, words in SCOPE.items() if label in words), None) if text else None
        if kind in ("start", "end") and value:
            found[kind] = value
            draft.mapped(block.place, f"scope.{kind}", text)
        elif kind in ("includes", "excludes") and not value:
            listing = kind
        elif listing and isinstance(block, Paragraph) and block.bullet:
            found.setdefault(listing, []).append(block.text)
            draft.mapped(block.place, f"scope.{listing}", block.text)
        else:
            listing = None
            rest.append(block)
    if found:
        draft.data["scope"] = found
    return rest
