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
from sopc.i18n import Translator
from sopc.load.text import read_text
from sopc.results import CheckResult

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "34"}


def render_text(result: CheckResult, t: Translator, *, color: bool = False) -> str:
    lines_of = source_lines(result.project.root)
    paint = _painter(color)
    out: list[str] = []
    for finding in result.findings:
        out += _finding(finding, t.say(finding.message), lines_of(finding.path), paint)
    out.append(summary(result, paint))
    if result.skipped:
        out.append("skipped (not SOP files): " + ", ".join(result.skipped))
    return "\n".join(out) + "\n"


def summary(result: CheckResult, paint: Callable[[str, str], str] | None = None) -> str:
    paint = paint or _painter(False)
    errors, warnings, infos = (result.count(s) for s in Severity)
    scope = f"{plural(result.files, 'file')} ({plural(result.sops, 'SOP')})"
    took = f"in {result.elapsed:.2f}s"
    if result.config_failed:
        return paint(
            "31;1", f"sopc.yaml is invalid: {plural(errors, 'error')}; nothing else was checked"
        )
    if not result.findings:
        return paint("32;1", "All clean:") + f" {scope} checked {took}"
    counts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos:
        counts.append(plural(infos, "info"))
    worst = "31;1" if errors else "33;1"
    return paint(worst, "Found " + ", ".join(counts)) + f" in {scope} {took}"


def _finding(
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
    if not 0 < span.line <= len(lines):
        return [head, ""]
    source = lines[span.line - 1].replace("\t", " ")
    start = max(span.column - 1, 0)
    end = span.end_column - 1 if span.end_line == span.line else len(source)
    end = max(min(end, len(source)), start + 1)
    gutter = " " * len(str(span.line))
    caret = " " * _width(source[:start]) + "^" * max(_width(source[start:end]), 1)
    return [
        head,
        f"{gutter} |",
        f"{span.line} | {source}",
        f"{gutter} | " + paint(color, caret),
        "",
    ]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _painter(color: bool) -> Callable[[str, str], str]:
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
        return text.splitlines() if isinstance(text, str) else []

    return lines_of
