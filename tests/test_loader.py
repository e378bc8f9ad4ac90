"""The loader: positions (CJK columns), YAML 1.2 scalars, duplicates, encodings, limits."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from sopc.findings import Span
from sopc.i18n import Message, translator
from sopc.load.markdown import split_markdown
from sopc.load.text import MAX_FILE_BYTES, decode, read_text
from sopc.load.tree import PMap, PSeq, span_of
from sopc.load.yaml import MAX_DEPTH, MAX_NODES, parse_yaml


def english(message: Message) -> str:
    return translator("en").say(message)


def tree_of(text: str) -> PMap:
    tree, problems = parse_yaml(text)
    assert problems == []
    assert isinstance(tree, PMap)
    return tree


def test_spans_count_characters_so_cjk_columns_are_right() -> None:
    tree = tree_of("标题: 客户投诉处理\nsteps:\n  - {id: 接收, role: 客服专员}\n")
    assert tree.value_spans["标题"] == Span(1, 5, 1, 11)
    assert tree.key_spans["steps"] == Span(2, 1, 2, 6)
    step = tree["steps"][0]
    assert step.value_spans["role"] == Span(3, 20, 3, 24)
    assert span_of(tree, ("steps", 0, "id")) == Span(3, 10, 3, 12)
    assert span_of(tree, ("steps", 0, "id"), key=True) == Span(3, 6, 3, 8)


def test_a_missing_path_lands_on_the_enclosing_mapping() -> None:
    tree = tree_of("steps:\n  - id: a\n    role: b\n")
    assert span_of(tree, ("steps", 0, "title")) == Span(2, 5, 4, 1)
    assert span_of(tree, ("steps", 0, "time_limit", "cases", "一般")) == Span(2, 5, 4, 1)


def test_block_scalar_and_multiline_spans() -> None:
    tree = tree_of("purpose: |\n  第一行\n  第二行\nnext: x\n")
    assert tree["purpose"] == "第一行\n第二行\n"
    assert span_of(tree, ("purpose",)).line == 1
    assert tree.value_spans["next"] == Span(4, 7, 4, 8)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("version: 1.10", "1.10"),
        ("version: 1.2", "1.2"),
        ("when: no", "no"),
        ("when: yes", "yes"),
        ("when: on", "on"),
        ("when: off", "off"),
        ("when: true", "true"),
        ("id: 0012", "0012"),
        ("n: 0x1F", "0x1F"),
        ("d: 2026-03-01", "2026-03-01"),
        ("d: 2026-13-45", "2026-13-45"),
        ("t: 12:30", "12:30"),
        ("x: ~", None),
        ("x: null", None),
        ("x:", None),
        ("x: '~'", "~"),
        ("x: 'null'", "null"),
        ("x: !!str 1.0", "1.0"),
    ],
)
def test_scalars_stay_as_authors_wrote_them(source: str, expected: str | None) -> None:
    tree = tree_of(source + "\n")
    assert next(iter(tree.values())) == expected


def test_duplicate_keys_name_both_lines_and_keep_the_first() -> None:
    tree, problems = parse_yaml("a: 1\nsteps:\n  - id: x\n    id: y\n")
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SOP002", 4, 5)]
    assert "already set at line 3" in english(problems[0].message)
    assert isinstance(tree, PMap)
    assert tree["steps"][0]["id"] == "x"


def test_aliases_are_expanded_and_shared() -> None:
    tree = tree_of("base: &b {role: cs}\nuse: *b\n")
    assert tree["use"] == {"role": "cs"}


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!custom thing",
    ],
)
def test_non_core_tags_are_refused(tag: str) -> None:
    tree, problems = parse_yaml(f"title: {tag}\n")
    assert tree is None
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SOP004", 1, 8)]


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_in_milliseconds() -> None:
    started = time.perf_counter()
    tree, problems = parse_yaml(billion_laughs())
    elapsed = time.perf_counter() - started
    assert tree is None
    assert [p.code for p in problems] == ["SOP004"]
    assert f"{MAX_NODES:,}" in english(problems[0].message)
    assert elapsed < 1.0  # 10^9 values unguarded; the guard stops in about 10 ms


def test_legitimate_aliases_under_the_limit_are_fine() -> None:
    tree, problems = parse_yaml(billion_laughs(levels=3, width=10))
    assert problems == []
    assert isinstance(tree, PMap)
    assert len(tree["a2"]) == 10


def test_recursive_alias_is_refused() -> None:
    tree, problems = parse_yaml("a: &x [1, *x]\n")
    assert tree is None
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SOP004", 1, 11)]


def test_undefined_alias_is_a_parse_error() -> None:
    tree, problems = parse_yaml("a: *nope\n")
    assert tree is None
    assert [p.code for p in problems] == ["SOP001"]


@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_is_bounded(style: str) -> None:
    depth = 100_000 if style == "flow" else 200
    text = (
        "[" * depth + "]" * depth
        if style == "flow"
        else "".join(" " * i + "a:\n" for i in range(depth))
    )
    started = time.perf_counter()
    tree, problems = parse_yaml(text)
    assert time.perf_counter() - started < 2.0  # an unbounded composer recurses for minutes
    assert tree is None
    assert [p.code for p in problems] == ["SOP004"]
    assert str(MAX_DEPTH) in english(problems[0].message)


def test_nesting_within_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    tree, problems = parse_yaml("[" * depth + "]" * depth)
    assert problems == []
    assert isinstance(tree, PSeq)


@pytest.mark.parametrize(
    ("source", "line", "column", "words"),
    [
        ("steps:\n\t- id: a\n", 2, 1, "not tabs"),
        ("a: [1, 2\n", 1, 4, "'[' is never closed"),
        ("a: 'open\n", 1, 4, "single quote (') is never closed"),
        ("a: 1\n---\nb: 2\n", 2, 1, "second YAML document"),
        ("a: b: c\n", 1, 5, 'put the value in quotes: a: "b: c"'),
    ],
)
def test_syntax_errors_stand_at_their_cause(
    source: str, line: int, column: int, words: str
) -> None:
    """The cases of tests/test_yaml_errors.py in brief: the opening bracket or quote,
    not the end of the file where libyaml gives up."""
    tree, problems = parse_yaml(source)
    assert tree is None
    assert [(p.code, p.span.line, p.span.column) for p in problems] == [("SOP001", line, column)]
    assert words in english(problems[0].message)


def test_complex_keys_are_findings_not_crashes() -> None:
    tree, problems = parse_yaml("? [a, b]\n: 1\nok: 2\n")
    assert [p.code for p in problems] == ["SOP007"]
    assert tree == {"ok": "2"}


def test_line_offset_shifts_positions() -> None:
    tree, _ = parse_yaml("id: A\n", line_offset=1)
    assert isinstance(tree, PMap)
    assert tree.value_spans["id"] == Span(2, 5, 2, 6)


# -- encodings -----------------------------------------------------------------


def test_utf8_with_and_without_bom() -> None:
    assert decode("标题".encode()) == "标题"
    assert decode(codecs.BOM_UTF8 + "标题".encode()) == "标题"


def test_gb18030_is_named() -> None:
    problem = decode("title: 客户投诉处理流程\nowner: 客服主管\n".encode("gb18030"))
    assert not isinstance(problem, str)
    assert problem.code == "SOP003"
    assert "GB18030" in english(problem.message)
    assert (problem.span.line, problem.span.column) == (1, 8)


@pytest.mark.parametrize(("codec", "name"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_are_named(codec: str, name: str) -> None:
    problem = decode("title: 流程\n".encode(codec))
    assert not isinstance(problem, str)
    assert problem.code == "SOP003"
    assert name in english(problem.message)


def test_big5_is_named() -> None:
    problem = decode("標題: 客戶投訴處理流程與標準作業程序\n".encode("big5"))
    assert not isinstance(problem, str)
    assert "Big5" in english(problem.message) or "GB18030" in english(problem.message)


def test_binary_is_refused() -> None:
    problem = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not isinstance(problem, str)
    assert problem.code == "SOP003"


def test_nul_in_valid_utf8_is_binary() -> None:
    problem = decode(b"title: a\x00b\n")
    assert not isinstance(problem, str)
    assert "binary" in english(problem.message)
    assert (problem.span.line, problem.span.column) == (1, 9)


def test_oversized_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.sop.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    problem = read_text(path)
    assert not isinstance(problem, str)
    assert problem.code == "SOP004"
    assert "limit" in english(problem.message)


def test_non_regular_file_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.sop.yaml"
    os.mkfifo(fifo)
    problem = read_text(fifo)
    assert not isinstance(problem, str)
    assert problem.code == "SOP004"


# -- Markdown ------------------------------------------------------------------

MD = """\
---
id: HR-001
title: 新员工入职流程
---

# 新员工入职

总则。

## 准备工位 {#prepare}

准备电脑与门禁卡。

### 细节

更多说明。

## 办理手续 {#register}

签订劳动合同。

## 附录
"""


def test_markdown_front_matter_positions_are_file_lines() -> None:
    split = split_markdown(MD)
    assert split.problems == []
    assert split.front_matter is not None
    tree, problems = parse_yaml(split.front_matter, split.front_matter_line)
    assert problems == []
    assert isinstance(tree, PMap)
    assert tree.value_spans["title"] == Span(3, 8, 3, 15)


def test_markdown_sections_attach_to_steps() -> None:
    body = split_markdown(MD).body
    assert body is not None
    assert body.line == 5
    assert [(s.step_id, s.title, s.level) for s in body.sections] == [
        ("prepare", "准备工位", 2),
        ("register", "办理手续", 2),
    ]
    prepare, register = body.sections
    assert prepare.markdown == "准备电脑与门禁卡。\n\n### 细节\n\n更多说明。"
    assert register.markdown == "签订劳动合同。"  # ends at the next heading of its level
    assert (prepare.span.line, prepare.span.column) == (10, 9)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("---\nid: A\ntitle: t\n\n# body\n", "never closed"),
        ("# just markdown\n", "starts with YAML front matter"),
        ("", "starts with YAML front matter"),
    ],
)
def test_markdown_without_front_matter(text: str, words: str) -> None:
    split = split_markdown(text)
    assert split.front_matter is None
    assert [(p.code, p.span.line, p.span.column) for p in split.problems] == [("SOP001", 1, 1)]
    assert words in english(split.problems[0].message)


def test_yaml11_line_separators_do_not_break_lines() -> None:
    # libyaml would end the comment (and the line) at U+2028; YAML 1.2 does not
    tree, problems = parse_yaml("title: 标题 # 注释\u2028更多\nid: A\u2028B\n")
    assert problems == []
    assert tree == {"title": "标题", "id": "A B"}
    assert isinstance(tree, PMap)
    assert tree.value_spans["id"] == Span(2, 5, 2, 8)
