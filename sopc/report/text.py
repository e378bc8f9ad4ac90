"""The `text` format: what a compiler prints.

    sops/CS-001.sop.yaml:12:11: SOP201 [error] unknown role 'cs-agnet' (did you mean 'cs-agent'?)
       |
    12 |     role: cs-agnet
       |           ^^^^^^^^

Carets are placed by display width, so they sit under CJK text (two cells a
character) as they do under ASCII. Colour only when asked (a terminal).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from sopc.findings import Finding, Severity, one_line
from sopc.i18n import Message, Translator
from sopc.load.text import read_text, split_lines
from sopc.results import CheckResult, counted

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "34"}


def render_text(result: CheckResult, t: Translator, *, color: bool = False) -> str:
    lines_of = source_lines(result.project.root)
    paint = painter(color)
    out: list[str] = []
    for finding in result.findings:
        out += finding_lines(finding, t.say(finding.message), lines_of(finding.path), paint)
    out.append(summary(result, t, paint))
    if result.skipped:
        out.append(one_line(t.say(Message("check.skipped", files=tuple(result.skipped)))))
    return "\n".join(out) + "\n"


def summary(
    result: CheckResult, t: Translator, paint: Callable[[str, str], str] | None = None
) -> str:
    """The last line: the verdict (painted when asked) and what was checked, in how long."""
    paint = paint or painter(False)
    errors, warnings, infos = (result.count(s) for s in Severity)
    if result.config_failed:
        invalid = Message("check.config_invalid", errors=counted(errors, "error"))
        return paint("31;1", t.say(invalid))
    scope = Message(
        "check.scope", files=counted(result.files, "file"), sops=counted(result.sops, "sop")
    )
    if not result.findings:
        verdict = paint("32;1", t.say(Message("check.clean")))
        return t.say(
            Message("check.summary_clean", verdict=verdict, scope=scope, seconds=result.elapsed)
        )
    counts = {"errors": counted(errors, "error"), "warnings": counted(warnings, "warning")}
    found = (
        Message("check.found_infos", **counts, infos=counted(infos, "info"))
        if infos
        else Message("check.found", **counts)
    )
    verdict = paint("31;1" if errors else "33;1", t.say(found))
    return t.say(
        Message("check.summary_found", verdict=verdict, scope=scope, seconds=result.elapsed)
    )


def finding_lines(
    finding: Finding, message: str, lines: list[str], paint: Callable[[str, str], str]
) -> list[str]:
    span = finding.span
    severity = finding.severity or Severity.ERROR
    color = _COLORS[severity]
    head = (
        paint("1", f"{finding.path}:{span.line}:{span.column}:")
        + " "
        + paint(color + ";1", finding.code)
        + " "
        + paint(color, f"[{severity}]")
        + f" {one_line(message)}"
    )
    shown = excerpt(finding, lines)
    if shown is None:
        return [head, ""]
    source, caret = shown
    gutter = " " * len(str(span.line))
    return [
        head,
        f"{gutter} |",
        f"{span.line} | {source}",
        f"{gutter} | " + paint(color, caret),
        "",
    ]


def excerpt(finding: Finding, lines: list[str]) -> tuple[str, str] | None:
    """The finding's source line (tabs as spaces) and the carets under its span, placed
    by display width; None when the line is not in the file."""
    span = finding.span
    if not 0 < span.line <= len(lines):
        return None
    source = lines[span.line - 1].replace("\t", " ")
    start = max(span.column - 1, 0)
    end = span.end_column - 1 if span.end_line == span.line else len(source)
    end = max(min(end, len(source)), start + 1)
    return source, " " * _width(source[:start]) + "^" * max(_width(source[start:end]), 1)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def painter(color: bool) -> Callable[[str, str], str]:
    if not color:
        return lambda _code, text: text
    return lambda code, text: f"\x1b[{code}m{text}\x1b[0m"


def source_lines(root: Path) -> Callable[[str], list[str]]:
    real_root = root.resolve()

    @lru_cache(maxsize=256)
    def lines_of(rel: str) -> list[str]:
        """The file's lines, read again only if it is a regular file inside the root."""
        path = root / rel
        try:
            inside = path.resolve().is_relative_to(real_root)
        except (OSError, RuntimeError):
            return []
        text = read_text(path) if inside else None
        return split_lines(text) if isinstance(text, str) else []

    return lines_of
