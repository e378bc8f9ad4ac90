"""What the pages' Jinja environments share besides templates: the print finalizer
that keeps long words breakable, and compiled templates kept in memory."""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup

# a run of LONG_RUN characters with no break opportunity (no space, no CJK) before more
LONG_RUN = 60
_NO_BREAK = r"[^\s<>&\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
_RUN = re.compile(rf"(?:&#?\w+;|{_NO_BREAK}){{{LONG_RUN}}}(?={_NO_BREAK}|&)")
_TAG = re.compile(r"(<[^>]*>)")


def breakable(value: Any) -> Any:
    """Text with a zero-width space after every LONG_RUN unbreakable characters (outside
    tags and entities). WeasyPrint would leave a long word running off the page, and
    `overflow-wrap: anywhere` makes its line breaking quadratic in the word's length
    (a 20,000-character word: minutes)."""
    if isinstance(value, Markup):
        parts = _TAG.split(str(value))
        return Markup(
            "".join(p if p.startswith("<") else _RUN.sub("\\g<0>\u200b", p) for p in parts)
        )
    if isinstance(value, str):
        return _RUN.sub("\\g<0>\u200b", value)
    return value


class Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for a process that builds again and again
    (`sopc serve`); Jinja checks each against its source. Never on disk: code loaded
    from a cache in the project's folder would run whatever was put there."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
