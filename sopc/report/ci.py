"""What the CI formats share: repository-relative paths, worst-first order, and
fingerprints that stay the same when lines move (they hash the finding and the
text of its line, not the line number)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator

from sopc.findings import Finding, Severity
from sopc.i18n import translator
from sopc.report.text import source_lines
from sopc.results import CheckResult

_ENGLISH = translator("en")
_LINE_NUMBERS = re.compile(r"\b(line|step) \d+")


def repo_path(result: CheckResult, finding: Finding) -> str:
    return result.project.repo_prefix + finding.path


def worst_first(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-(f.severity or Severity.ERROR).rank, f.sort_key()))


def fingerprints(result: CheckResult) -> Iterator[tuple[Finding, str]]:
    """Each finding with a hash of what it says and where (by content, not number). What
    it says is hashed in English, so an alert keeps its identity whatever language
    the report is written in."""
    lines_of: Callable[[str], list[str]] = source_lines(result.project.root)
    seen: dict[str, int] = {}
    for finding in result.findings:
        lines = lines_of(finding.path)
        text = lines[finding.span.line - 1].strip() if 0 < finding.span.line <= len(lines) else ""
        message = _LINE_NUMBERS.sub(r"\1 #", _ENGLISH.say(finding.message))
        key = "\0".join(
            (repo_path(result, finding), finding.code, finding.sop or "", message, text)
        )
        digest = hashlib.sha256(key.encode()).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        if seen[digest] > 1:  # the same finding twice on equal lines: keep them apart
            digest = hashlib.sha256(f"{key}\0{seen[digest]}".encode()).hexdigest()
        yield finding, digest
