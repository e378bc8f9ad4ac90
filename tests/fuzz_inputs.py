"""What the fuzz tests feed sopc (tests/test_fuzz.py): real SOP files broken the ways
files really break, and generated SOPs that are valid but full of hostile text.

Mutations work on bytes, so they reach the decoder as well as the YAML and Markdown
parsers: flipped bytes, cuts, inserted YAML tokens, deleted runs, a token repeated
thousands of times (deep nesting, huge scalars), swapped lines, CRLF or CR line ends,
tabs for indentation, a BOM, and ASCII punctuation turned full width as Chinese input
methods type it. Each case is one file; Hypothesis picks the mutations and shrinks a
failure to the fewest.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from benchmarks.generate import sop_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = {path.name: path.read_bytes() for path in sorted((EXAMPLES / "sops").iterdir())}

TOKENS = tuple(
    token if isinstance(token, bytes) else token.encode()
    for token in (
        ": ",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a ",
        "*a\n",
        "<<: *a\n",
        "? ",
        "|\n",
        ">-\n",
        "# ",
        "'",
        '"',
        "\\",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "!!python/object/apply:os.system [echo] ",
        "!!binary ",
        "!custom ",
        "~",
        "null",
        "0x1F",
        "1e999",
        ".nan",
        "2026-13-45",
        "2026-02-30",
        "\\N",
        "{{ 7*7 }}",
        "{% raw %}",
        "<script>alert(1)</script>",
        "&amp;",
        "]]>",
        "\u2028",
        "\u2029",
        "\x85",
        "\x0c",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "：",
        "，",
        "　",
        "－",
        "“",
        "）",
        "😀",
        "𠮷",
        "e\u0301",
        "next: ",
        "role: ",
        "steps:\n",
        "time_limit: ",
        "接收后30分钟内",
        "3个工作日以内",
        "半天",
        "两周",
        "sop:",
        "form:",
        "id: ",
        "  - id: x\n",
        b"\x00",
        b"\xff",
        b"\xe4\xb8",
        b"\xc0\xaf",
        codecs.BOM_UTF16_LE,
    )
)
"""Pieces that mean something to a decoder, YAML, Markdown, Jinja, HTML or a terminal,
and pieces of SOP syntax in the wrong place."""

_FULL_WIDTH = {b":": "：".encode(), b",": "，".encode(), b"(": "（".encode(), b")": "）".encode()}


@dataclass(frozen=True)
class Mutation:
    kind: str
    at: int  # a position, taken modulo the file's length
    token: bytes = b""
    count: int = 1

    def apply(self, data: bytes) -> bytes:
        at = self.at % (len(data) + 1)
        if self.kind == "flip" and data:
            at %= len(data)
            return data[:at] + bytes([data[at] ^ (self.count % 255 + 1)]) + data[at + 1 :]
        if self.kind == "cut":
            return data[:at]
        if self.kind == "insert":
            return data[:at] + self.token * self.count + data[at:]
        if self.kind == "delete":
            return data[:at] + data[at + self.count :]
        if self.kind == "swap":
            lines = data.split(b"\n")
            i, j = at % len(lines), self.count % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            return b"\n".join(lines)
        if self.kind == "crlf":
            return data.replace(b"\n", b"\r\n")
        if self.kind == "cr":
            return data.replace(b"\n", b"\r")
        if self.kind == "tabs":
            return data.replace(b"\n  ", b"\n\t")
        if self.kind == "bom":
            return codecs.BOM_UTF8 + data
        if self.kind == "full_width":
            for ascii_mark, wide in _FULL_WIDTH.items():
                data = data.replace(ascii_mark, wide, self.count)
            return data
        return data


_positions = st.integers(min_value=0, max_value=1 << 20)
mutations = st.one_of(
    st.builds(Mutation, st.sampled_from(["flip", "cut", "swap"]), _positions, st.just(b""),
              st.integers(0, 1 << 16)),
    st.builds(Mutation, st.just("insert"), _positions, st.sampled_from(TOKENS),
              st.integers(1, 3)),
    # deep nesting and huge scalars: one token thousands of times (files stay under 1 MiB)
    st.builds(Mutation, st.just("insert"), _positions, st.sampled_from(TOKENS),
              st.integers(500, 20_000)),
    st.builds(Mutation, st.just("delete"), _positions, st.just(b""), st.integers(1, 400)),
    st.builds(Mutation, st.sampled_from(["crlf", "cr", "tabs", "bom", "full_width"]),
              st.just(0), st.just(b""), st.integers(1, 50)),
)  # fmt: skip


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example SOP (YAML or Markdown) with one to four mutations."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    for mutation in draw(st.lists(mutations, min_size=1, max_size=4)):
        data = mutation.apply(data)
    return name, data


HOSTILE = (
    '<img src=x onerror="alert(1)">',
    "{{ config }}{% for x in y %}",
    '"]; evil -> node [label="x',
    "<B>粗</B>&lt;&amp;",
    "\\N\\G\\E\\L",
    "'; DROP TABLE sop; --",
    "\u202e反转\u202c",
    "零宽\u200b字符",
    "😀🚀",
    "𠮷野家",
    "客户投诉处理与回访" * 12,
    "a/../../etc/passwd",
)
"""Text that would break out of HTML, Jinja, DOT or XML if it were not escaped."""


@st.composite
def generated_sops(draw: st.DrawFn, count: int = 1) -> list[tuple[str, str]]:
    """`count` valid generated SOPs that name each other (10–30 steps, cases,
    deadlines, a decision, a parallel split, an exception) whose titles and texts are
    replaced by hostile ones, quoted as YAML so that they stay valid. One SOP alone
    names neighbours it does not have (SOP206)."""
    rng = random.Random(draw(st.integers(0, 1 << 32)))
    first = draw(st.integers(0, 7))
    made = []
    for number in range(first, first + count):
        name, text = (
            sop_text(number % 8, 8, rng) if count == 1 else sop_text(number - first, count, rng)
        )
        lines = text.split("\n")
        for i, line in enumerate(lines):
            key, _, value = line.partition(": ")
            if (
                key.strip(" -") in ("title", "purpose", "standard")
                and value
                and draw(st.booleans())
            ):
                lines[i] = f"{key}: {_yaml_quoted(draw(st.sampled_from(HOSTILE)))}"
        made.append((name, "\n".join(lines)))
    return made


def _yaml_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
