"""Every error libyaml can raise is explained: the table of `sopc/load/syntax.py`
against the installed libyaml.

Each error of the table is made by a real input, through the loader, and its
finding is not the fallback; libyaml's depth guard becomes the composer's own
finding; the errors our loader can never meet are listed with the reason. The
messages compiled into the installed libyaml are read from its binary, so a
libyaml that learns a new one fails here until the table knows it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
import yaml._yaml

from sopc.i18n import translator
from sopc.load.syntax import LIBYAML, explain
from sopc.load.yaml import parse_yaml

ZH, EN = translator("zh-CN"), translator("en")

_SCAN, _PARSE = "while scanning", "while parsing"

PRODUCED: dict[tuple[str | None, str], str] = {
    # scanner.c
    (f"{_SCAN} for the next token", "found character that cannot start any token"): (
        "title: @张伟 处理\n"
    ),
    (f"{_SCAN} a simple key", "could not find expected ':'"): "id: A\ntitle：客户\nowner: cs\n",
    (None, "block sequence entries are not allowed in this context"): "title: - 客户\n",
    (None, "mapping keys are not allowed in this context"): "title: ? 客户\n",
    (None, "mapping values are not allowed in this context"): "title: 处理: 登记\n",
    (f"{_SCAN} a directive", "found unknown directive name"): "%50 完成: x\n",
    (f"{_SCAN} a directive", "did not find expected comment or line break"): "%YAML 1.1 x\n",
    (f"{_SCAN} a directive", "could not find expected directive name"): "% x\n",
    (f"{_SCAN} a directive", "found unexpected non-alphabetical character"): "%YA@ML\n",
    (f"{_SCAN} a %YAML directive", "did not find expected digit or '.' character"): (
        "%YAML 1x\n---\na: 1\n"
    ),
    (f"{_SCAN} a %YAML directive", "found extremely long version number"): ("%YAML 1234567890.1\n"),
    (f"{_SCAN} a %YAML directive", "did not find expected version number"): "%YAML x\n",
    (f"{_SCAN} a %TAG directive", "did not find expected whitespace"): "%TAG !a!x y\n",
    (f"{_SCAN} a %TAG directive", "did not find expected whitespace or line break"): (
        "%TAG !a! x{y\n"
    ),
    (f"{_SCAN} a tag directive", "did not find expected '!'"): "%TAG a x\n",
    (f"{_PARSE} a tag directive", "did not find expected '!'"): "%TAG !a x:\n",
    (f"{_PARSE} a %TAG directive", "did not find expected tag URI"): "%TAG !a! \n",
    (f"{_PARSE} a %TAG directive", "did not find URI escaped octet"): ("%TAG !a! %zz\n---\nx: 1\n"),
    (f"{_PARSE} a %TAG directive", "found an incorrect leading UTF-8 octet"): (
        "%TAG !a! %ff\n---\nx: 1\n"
    ),
    (f"{_PARSE} a %TAG directive", "found an incorrect trailing UTF-8 octet"): (
        "%TAG !a! %c3%41\n---\nx: 1\n"
    ),
    (f"{_SCAN} an anchor", "did not find expected alphabetic or numeric character"): (
        "title: &重要 处理\n"
    ),
    (f"{_SCAN} an alias", "did not find expected alphabetic or numeric character"): (
        "title: *重要 处理\n"
    ),
    (f"{_SCAN} a tag", "did not find the expected '>'"): "title: !<urgent\n",
    (f"{_SCAN} a tag", "did not find expected whitespace or line break"): "title: !重要 处理\n",
    (f"{_PARSE} a tag", "did not find expected tag URI"): "title: !!重要\n",
    (f"{_PARSE} a tag", "did not find URI escaped octet"): "title: !a%zz 处理\n",
    (f"{_PARSE} a tag", "found an incorrect leading UTF-8 octet"): "title: !a%ff 处理\n",
    (f"{_PARSE} a tag", "found an incorrect trailing UTF-8 octet"): "title: !a%c3%41 处理\n",
    (f"{_SCAN} a block scalar", "found an indentation indicator equal to 0"): (
        "purpose: |0\n  第一行\n"
    ),
    (f"{_SCAN} a block scalar", "did not find expected comment or line break"): ("title: |客户\n"),
    (f"{_SCAN} a block scalar", "found a tab character where an indentation space is expected"): (
        "purpose: |\n  第一行\n\t第二行\n"
    ),
    (f"{_SCAN} a quoted scalar", "found unexpected document indicator"): (
        'title: "客户投诉\n---\nowner: x\n'
    ),
    (f"{_SCAN} a quoted scalar", "found unexpected end of stream"): 'id: A\ntitle: "客户\n',
    (f"{_PARSE} a quoted scalar", "found unknown escape character"): 'path: "C:\\共享"\n',
    (f"{_PARSE} a quoted scalar", "did not find expected hexdecimal number"): 'x: "\\x4g"\n',
    (f"{_PARSE} a quoted scalar", "found invalid Unicode character escape code"): (
        'x: "\\ud800"\n'
    ),
    (f"{_SCAN} a plain scalar", "found unexpected ':'"): "review: {interval:[6mo]}\n",
    (f"{_SCAN} a plain scalar", "found a tab character that violates indentation"): (
        "steps:\n  - id: a\n\ttitle: b\n"
    ),
    # parser.c
    (None, "did not find expected <document start>"): "id: A\n...\ntitle: x\n",
    (f"{_PARSE} a node", "found undefined tag handle"): "title: !x!y 处理\n",
    (f"{_PARSE} a block node", "did not find expected node content"): "title: ]\n",
    (f"{_PARSE} a flow node", "did not find expected node content"): "outputs: [a, , b]\n",
    (f"{_PARSE} a block collection", "did not find expected '-' indicator"): (
        "steps:\n  - id: a\n   title: x\n"
    ),
    (f"{_PARSE} a block mapping", "did not find expected key"): (
        "review:\n  interval: 6mo\n last: x\n"
    ),
    (f"{_PARSE} a flow sequence", "did not find expected ',' or ']'"): (
        "outputs: [a, b\nowner: cs\n"
    ),
    (f"{_PARSE} a flow mapping", "did not find expected ',' or '}'"): (
        "review: {interval: 6mo, last: x\nowner: cs\n"
    ),
    (None, "found duplicate %YAML directive"): "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    (None, "found incompatible YAML document"): "%YAML 2.0\n---\na: 1\n",
    (None, "found duplicate %TAG directive"): "%TAG !a! x:\n%TAG !a! y:\n---\na: 1\n",
    # reader.c
    (None, "control characters are not allowed"): "title: 客户\x0b投诉\n",
}
"""Every error of `LIBYAML`, and a file that makes libyaml raise it."""

NESTED = "exceeded maximum nesting depth"
DEPTH = {("while increasing flow level", NESTED): "a: " + "[" * 2000 + "]" * 2000 + "\n"}
"""libyaml's own depth guard, which `yaml.py` reports as its own limit (SOP004)."""

_UTF8 = (
    "sopc decodes the bytes itself (text.py refuses what is not UTF-8) and hands "
    "libyaml the UTF-8 of a Python string, which is always well formed"
)
_UTF16 = (
    "libyaml reads UTF-16 only after a UTF-16 byte order mark, and UTF-8 text never "
    "starts with one (text.py refuses UTF-16 files)"
)
UNREACHABLE: dict[tuple[str | None, str], str] = {
    (f"{_SCAN} a tag", "did not find expected '!'"): (
        "libyaml scans a tag only when it meets a '!', so its handle always starts with one"
    ),
    (None, "did not find expected <stream-start>"): (
        "the scanner always produces the stream start before anything else"
    ),
    ("while increasing block level", NESTED): (
        "block levels open one token at a time, so the composer's own limit (64) stops "
        "the file long before libyaml's 1,000"
    ),
    (None, "invalid leading UTF-8 octet"): _UTF8,
    (None, "incomplete UTF-8 octet sequence"): _UTF8,
    (None, "invalid trailing UTF-8 octet"): _UTF8,
    (None, "invalid length of a UTF-8 sequence"): _UTF8,
    (None, "invalid Unicode character"): _UTF8,
    (None, "incomplete UTF-16 character"): _UTF16,
    (None, "unexpected low surrogate area"): _UTF16,
    (None, "incomplete UTF-16 surrogate pair"): _UTF16,
    (None, "expected low surrogate area"): _UTF16,
    (None, "input error"): "raised by a read callback only; sopc passes the text as a string",
    (None, "input is too long"): "past SIZE_MAX/2 bytes; sopc does not read files over 1 MiB",
}
"""The errors libyaml has that our loader can never meet, with why."""


def libyaml_error(text: str) -> tuple[str | None, str]:
    """What libyaml itself says about `text`: its context and problem."""
    parser = yaml.CSafeLoader(text)
    try:
        while not isinstance(parser.get_event(), yaml.StreamEndEvent):
            pass
    except yaml.reader.ReaderError as exc:
        return (None, str(exc.reason))
    except yaml.MarkedYAMLError as exc:
        return (exc.context, str(exc.problem))
    finally:
        parser.dispose()
    raise AssertionError(f"libyaml reads {text!r} without an error")


def error_id(error: tuple[str | None, str]) -> str:
    return f"{error[0] or '-'} / {error[1]}"


def test_the_table_is_the_errors_with_an_input_each() -> None:
    assert set(PRODUCED) == set(LIBYAML)
    assert not set(UNREACHABLE) & (set(LIBYAML) | set(DEPTH))


@pytest.mark.parametrize("error", list(PRODUCED), ids=error_id)
def test_every_libyaml_error_is_explained(error: tuple[str | None, str]) -> None:
    text = PRODUCED[error]
    assert libyaml_error(text) == error
    tree, problems = parse_yaml(text)
    assert tree is None
    (problem,) = problems
    assert problem.code == "SOP001"
    assert problem.message.key != "yaml.syntax"  # not the fallback
    said = ZH.say(problem.message)
    assert error[1] not in said
    assert re.search("[\u4e00-\u9fff]", said), said
    lines = text.split("\n")
    assert 1 <= problem.span.line <= len(lines)
    assert 1 <= problem.span.column <= len(lines[problem.span.line - 1]) + 1


@pytest.mark.parametrize("error", list(DEPTH), ids=error_id)
def test_libyamls_depth_guard_is_the_depth_finding(error: tuple[str | None, str]) -> None:
    assert libyaml_error(DEPTH[error]) == error
    tree, problems = parse_yaml(DEPTH[error])
    assert tree is None
    assert [(p.code, p.message.key) for p in problems] == [("SOP004", "yaml.too_deep")]


def test_deep_block_nesting_stops_at_the_composers_limit() -> None:
    """Why libyaml's block-level guard is unreachable: this file would reach it."""
    text = "- " * 1200 + "x\n"
    assert libyaml_error(text) == ("while increasing block level", NESTED)
    _, problems = parse_yaml(text)
    assert [(p.code, EN.say(p.message)) for p in problems] == [
        ("SOP004", "nested deeper than 64 levels; not read")
    ]


_LIBYAML_WORDS = re.compile(
    r"(while (scanning|parsing|increasing) |found |did not find |could not find )"
    r".*|.* are not allowed in this context|control characters are not allowed"
    r"|exceeded maximum nesting depth|Maximum nesting level reached.*"
    r"|invalid .*(UTF-8|Unicode).*|incomplete UTF-.*"
    r"|(un)?expected low surrogate area|input error|input is too long"
)


def libyaml_binaries() -> list[bytes]:
    """The installed libyaml: inside PyYAML's extension, or the shared library it loaded."""
    found = [Path(yaml._yaml.__file__).read_bytes()]
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            path = Path(line.split()[-1])
            if "libyaml" in path.name and path.is_file():
                found.append(path.read_bytes())
    return found


def test_the_table_holds_every_message_compiled_into_libyaml() -> None:
    binaries = libyaml_binaries()
    strings = {
        text.decode()
        for data in binaries
        for text in re.findall(rb"[\x20-\x7e]{6,}", data)
        if _LIBYAML_WORDS.fullmatch(text.decode())
    }
    assert len(strings) > 70
    known = set(LIBYAML) | set(DEPTH) | set(UNREACHABLE)
    words = {part for pair in known for part in pair if part is not None}
    assert strings - words == set(), "libyaml says something the table does not know"
    assert {w for w in words if not any(w.encode() in data for data in binaries)} == set()


def test_an_error_of_a_newer_libyaml_still_names_its_line() -> None:
    """A problem this table does not know falls back to libyaml's words, and the line."""
    mark = yaml.error.Mark("<unicode string>", 9, 1, 2, None, None)
    since = yaml.error.Mark("<unicode string>", 0, 0, 0, None, None)
    error = yaml.scanner.ScannerError("while scanning a novelty", since, "found a novelty", mark)
    problem = explain(error, "id: A\ntitle: x\n", 1)
    assert (problem.code, problem.span.line, problem.span.column) == ("SOP001", 3, 3)
    assert EN.say(problem.message) == (
        "YAML syntax: found a novelty (while scanning a novelty started at line 2)"
    )
    assert ZH.say(problem.message) == (
        "YAML 语法错误：found a novelty（while scanning a novelty，始于第 2 行）；"
        "请检查这一行及上一行的缩进、冒号和引号"
    )
