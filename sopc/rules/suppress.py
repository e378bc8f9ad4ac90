"""Suppression comments: `# sopc: ignore CODE[,CODE]` silences codes on its line,
`# sopc: ignore-file CODE` in the whole file; Markdown writes them as
`<!-- sopc: ignore CODE -->`. Codes or rule names; SOP001 cannot be silenced
(nothing in a file that does not parse can be trusted, comments included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sopc.findings import Finding
from sopc.rules.registry import rule_for

UNSILENCEABLE = frozenset({"SOP001"})
_COMMENT = re.compile(
    r"(?:#|<!--)\s*sopc:\s*(ignore-file|ignore)\s+([\w-]+(?:\s*,\s*[\w-]+)*)", re.IGNORECASE
)


@dataclass
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, text: str) -> Suppressions:
        found = cls()
        if "sopc:" not in text:
            return found
        for number, line in enumerate(text.split("\n"), start=1):
            for match in _COMMENT.finditer(line):
                codes = {_code(c.strip()) for c in match.group(2).split(",")}
                codes -= UNSILENCEABLE
                if match.group(1).lower() == "ignore-file":
                    found.whole_file |= codes
                else:
                    found.by_line.setdefault(number, set()).update(codes)
        return found

    def silences(self, finding: Finding) -> bool:
        return finding.code in self.whole_file or finding.code in self.by_line.get(
            finding.span.line, ()
        )


MARKDOWN_COMMENT = re.compile(r"[ \t]*<!--\s*sopc:\s*ignore(?:-file)?\s[^\n]*?-->", re.IGNORECASE)
"""A suppression comment in a Markdown body: read by the checks, never shown (the
manual renders Markdown with raw HTML off, so it would print as text)."""


def code_lists(line: str) -> list[tuple[bool, int, int]]:
    """Where each suppression comment of `line` lists its codes: (for the whole file,
    start, end), 0-based, end exclusive. A quick fix adds a code at a list's end."""
    return [(m[1].lower() == "ignore-file", m.start(2), m.end(2)) for m in _COMMENT.finditer(line)]


def _code(key: str) -> str:
    found = rule_for(key)
    return found.code if found else key.upper()
