"""Where a step goes, as written in its row: a decision with its answers
(`是否…？是→…；否→…`, or sopc's `判断: …` line and `是 → A；否 → B`), or a flow
(`→ A`, `→ A、B（并行）`, `→ 结束`, `→ 转入 AS-001 …`). A target is a step named by its
title, the end, or another SOP. A title two steps share names neither: the text is
kept in the notes, word for word, like any flow whose targets are not all found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sopc.ingest.draft import Draft
from sopc.ingest.phrases import decision, labelled, normalise_arrows
from sopc.ingest.words import DECISION, END, PARALLEL_ENDS
from sopc.results import Place

_SOP_ID = re.compile(r"\b([A-Za-z][A-Za-z0-9]{0,9}-\d{1,5})\b")
AMBIGUOUS = ""
"""The id of a title more than one step has."""


@dataclass
class Written:
    """A row's step and the flow its text states."""

    place: Place
    step: dict[str, Any]
    at: str  # the step's path in the SOP: steps[3]
    where: dict[Any, Place] = field(default_factory=dict)  # each column's cell
    lines: list[str] = field(default_factory=list)  # the flow as written
    question: str | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)


def take_flow(row: Written, lines: list[str]) -> list[str]:
    """`lines` less the decision and flow they state, which `row` keeps."""
    if (found := decision("\n".join(lines))) is not None:
        row.question, row.answers, row.lines = found.question, list(found.answers), lines
        return []
    out = []
    for line in lines:
        head, rest = labelled(line)
        if head in DECISION and rest:
            row.question = rest
            row.lines.append(line)
        elif "→" in normalise_arrows(line):
            row.lines.append(line)
        else:
            out.append(line)
    return out


def titles_of(rows: list[Written]) -> dict[str, str]:
    """Title → step id; a title of several steps → AMBIGUOUS."""
    titles: dict[str, str] = {}
    for row in rows:
        title = row.step["title"]
        titles[title] = AMBIGUOUS if title in titles else row.step["id"]
    return titles


def target(draft: Draft, text: str, titles: dict[str, str]) -> str | None:
    """The step id, `end` or `sop:ID` a flow's text names, or None."""
    text = text.strip().strip("。.")
    if text in titles:
        return titles[text] or None
    if text in END:
        return "end"
    found = _SOP_ID.search(text)
    if found and draft.known.is_sop_id(found[1]) and ("转" in text or text.startswith(found[1])):
        return f"sop:{found[1]}"
    near = {i for title, i in titles.items() if title in text or (len(text) >= 2 and text in title)}
    return near.pop() if len(near) == 1 and AMBIGUOUS not in near else None


def read_flow(draft: Draft, row: Written, titles: dict[str, str]) -> None:
    """The row's decision or flow into its step, or its text into the notes."""
    if not row.lines:
        return
    text = "\n".join(row.lines)
    resolved = _branches(draft, row, titles) if row.question else _next(draft, row, titles)
    if resolved is None:
        draft.keep(row.place, row.step, text, "decision" if row.question else "flow", row.at)
        return
    key = "branches" if row.question else "next"
    if row.question:
        row.step["decision"] = row.question
    row.step[key] = resolved
    draft.mapped(row.place, f"{row.at}.{key}", text)


def _branches(draft: Draft, row: Written, titles: dict[str, str]) -> list[dict[str, str]] | None:
    answers = row.answers or [
        (when.strip(), to)
        for line in row.lines
        if "→" in normalise_arrows(line) and labelled(line)[0] not in DECISION
        for when, _, to in (p.partition("→") for p in re.split(r"[；;]", normalise_arrows(line)))
    ]
    branches = []
    for when, to in answers:
        found = target(draft, to, titles)
        if found is None or not when:
            return None
        branches.append({"when": when, "next": found})
    return branches if len(branches) >= 2 else None


def _next(draft: Draft, row: Written, titles: dict[str, str]) -> str | list[str] | None:
    arrow = normalise_arrows(row.lines[0])
    if "→" not in arrow or len(row.lines) > 1:
        return None
    line = arrow.split("→", 1)[1].strip()
    parallel = line.endswith(PARALLEL_ENDS)
    for end in PARALLEL_ENDS:
        line = line.removesuffix(end).strip()
    whole = target(draft, line, titles)
    if whole is not None and not parallel:
        return whole
    parts = [target(draft, p, titles) for p in re.split(r"[、,，]", line)]
    return [p for p in parts if p] if parts and None not in parts and len(parts) > 1 else None
