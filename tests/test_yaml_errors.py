"""YAML mistakes as a process owner makes them, reported where the mistake is, with
the fix, in Chinese and in English.

Every case is a real SOP file with one mistake, loaded the way `sopc check` loads
it, then the same through the command line of a zh-CN project.
tests/test_yaml_error_table.py proves that every error libyaml can raise is explained.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from sopc.i18n import translator
from sopc.project import open_project
from sopc.sources import load_sop_file
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, Project, sopc

ZH, EN = translator("zh-CN"), translator("en")

SOP = """\
id: CS-001
title: 客户投诉处理流程
version: "1.2"
status: draft
owner: cs-manager
purpose: 规范客户投诉的受理与处理：登记、调查、回复。
scope: {start: 客户提交投诉, end: 投诉关闭}
steps:
  - id: receive
    title: 接收并登记投诉
    role: cs-agent
    time_limit: 1h
    outputs: [form:complaint-register]
  - id: reply
    title: 回复客户
    role: cs-agent
revisions:
  - {version: "1.2", date: 2026-02-25, changes: 增加回访}
"""


@dataclass(frozen=True)
class Mistake:
    old: str
    """The text of `SOP` the author got wrong, and what they typed instead."""
    new: str
    line: int
    column: int
    zh: str
    en: str
    code: str = "SOP001"


def load(tmp_path: Path, text: str, name: str = "CS-001.sop.yaml") -> list[tuple[object, ...]]:
    """The findings of one SOP file on disk: code, line, column, Chinese, English."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = load_sop_file(path, name).findings
    return [
        (f.code, f.span.line, f.span.column, ZH.say(f.message), EN.say(f.message)) for f in found
    ]


def test_the_sop_checks_clean_with_a_full_width_colon_in_a_value(tmp_path: Path) -> None:
    """`purpose: 规范…处理：登记…` is text: a full-width colon there is never flagged."""
    assert "处理：登记" in SOP
    assert load(tmp_path, SOP) == []


FULL_WIDTH = [
    pytest.param(
        Mistake(
            "title: 客户投诉处理流程",
            "title：客户投诉处理流程",
            2,
            6,
            "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 title: 客户投诉处理流程",
            "a full-width colon '：' where YAML needs an English colon ':' and a space: "
            "write title: 客户投诉处理流程",
        ),
        id="colon-on-a-field",
    ),
    pytest.param(
        Mistake(
            "    title: 接收并登记投诉",
            "    title：接收并登记投诉",
            10,
            10,
            "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 title: 接收并登记投诉",
            "a full-width colon '：' where YAML needs an English colon ':' and a space: "
            "write title: 接收并登记投诉",
        ),
        id="colon-in-a-step",
    ),
    pytest.param(
        Mistake(
            "owner: cs-manager",
            "owner： cs-manager",
            5,
            6,
            "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 owner: cs-manager",
            "a full-width colon '：' where YAML needs an English colon ':' and a space: "
            "write owner: cs-manager",
        ),
        id="colon-and-a-space",
    ),
    pytest.param(
        Mistake(
            "{start: 客户提交投诉",
            "{start：客户提交投诉",
            7,
            14,
            "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 start: 客户提交投诉",
            "a full-width colon '：' where YAML needs an English colon ':' and a space: "
            "write start: 客户提交投诉",
        ),
        id="colon-in-braces",  # YAML reads a key `start：客户提交投诉` with no value
    ),
    pytest.param(
        Mistake(
            "owner: cs-manager",
            "owner:\u3000cs-manager",
            5,
            7,
            "冒号后面是全角空格 '　'，YAML 需要半角空格：应写成 owner: cs-manager",
            "a full-width space '　' after ':' where YAML needs an ordinary space: "
            "write owner: cs-manager",
        ),
        id="space-after-a-colon",
    ),
    pytest.param(
        Mistake(
            "    time_limit: 1h",
            "\u3000\u3000time_limit: 1h",
            12,
            1,
            "这一行用全角空格 '　' 缩进，YAML 只认半角空格：请换成半角空格",
            "full-width spaces '　' indent this line; YAML indents with ordinary spaces: "
            "replace them",
        ),
        id="space-indenting-a-field",  # YAML reads a key `　　time_limit`, no error
    ),
    pytest.param(
        Mistake(
            "    role: cs-agent\n    time_limit",
            "\u3000\u3000role: cs-agent\n    time_limit",
            11,
            1,
            "这一行用全角空格 '　' 缩进，YAML 只认半角空格：请换成半角空格",
            "full-width spaces '　' indent this line; YAML indents with ordinary spaces: "
            "replace them",
        ),
        id="space-indenting-before-a-field",  # libyaml stops at line 12
    ),
    pytest.param(
        Mistake(
            "  - id: reply",
            "\u3000- id: reply",
            14,
            1,
            "这一行用全角空格 '　' 缩进，YAML 只认半角空格：请换成半角空格",
            "full-width spaces '　' indent this line; YAML indents with ordinary spaces: "
            "replace them",
        ),
        id="space-indenting-an-item",
    ),
]

QUOTES = [
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: 回复客户: 电话或邮件",
            15,
            16,
            "值里的 ': ' 会被 YAML 当作新的键，请给这个值加上引号：title: \"回复客户: 电话或邮件\"",
            "': ' inside a value reads as a new key; put the value in quotes: "
            'title: "回复客户: 电话或邮件"',
        ),
        id="colon-and-space-in-a-value",
    ),
    pytest.param(
        Mistake(
            "purpose: 规范客户投诉的受理与处理：登记、调查、回复。",
            "purpose: @张伟 负责受理",
            6,
            10,
            "YAML 的值不能以 '@' 开头，请给这个值加上引号：purpose: \"@张伟 负责受理\"",
            "a value cannot start with '@' in YAML; put the value in quotes: "
            'purpose: "@张伟 负责受理"',
        ),
        id="at-sign",
    ),
    pytest.param(
        Mistake(
            "purpose: 规范客户投诉的受理与处理：登记、调查、回复。",
            "purpose: `sopc check` 通过后发布",
            6,
            10,
            "YAML 的值不能以 '`' 开头，请给这个值加上引号：purpose: \"`sopc check` 通过后发布\"",
            "a value cannot start with '`' in YAML; put the value in quotes: "
            'purpose: "`sopc check` 通过后发布"',
        ),
        id="backtick",
    ),
    pytest.param(
        Mistake(
            "purpose: 规范客户投诉的受理与处理：登记、调查、回复。",
            "purpose: %50 的投诉当日办结",
            6,
            10,
            "YAML 的值不能以 '%' 开头，请给这个值加上引号：purpose: \"%50 的投诉当日办结\"",
            "a value cannot start with '%' in YAML; put the value in quotes: "
            'purpose: "%50 的投诉当日办结"',
        ),
        id="percent",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: *重要* 回复客户",
            15,
            12,
            "值开头的 '*' 在 YAML 中表示锚点或别名，请给这个值加上引号：title: \"*重要* 回复客户\"",
            "'*' at the start of a value marks a YAML anchor or alias; put the value in "
            'quotes: title: "*重要* 回复客户"',
        ),
        id="asterisk",
    ),
    pytest.param(
        Mistake(
            "owner: cs-manager",
            "owner: *cs-manager",
            5,
            8,
            "值开头的 '*' 表示引用锚点，但没有名为 cs-manager 的锚点；如果这是普通文字，"
            '请给这个值加上引号："*cs-manager"',
            "alias *cs-manager names no anchor; if it is text, put the value in quotes: "
            '"*cs-manager"',
        ),
        id="asterisk-before-a-name",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: &重要 回复客户",
            15,
            12,
            "值开头的 '&' 在 YAML 中表示锚点或别名，请给这个值加上引号：title: \"&重要 回复客户\"",
            "'&' at the start of a value marks a YAML anchor or alias; put the value in "
            'quotes: title: "&重要 回复客户"',
        ),
        id="ampersand",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: !紧急 回复客户",
            15,
            12,
            "值开头的 '!' 在 YAML 中表示标签，请给这个值加上引号：title: \"!紧急 回复客户\"",
            "'!' at the start of a value marks a YAML tag; put the value in quotes: "
            'title: "!紧急 回复客户"',
        ),
        id="exclamation-mark",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: !urgent 回复客户",
            15,
            12,
            "不能使用标签 '!urgent'：SOP 文件只写普通文字和数据；如果这是普通文字，"
            '请给这个值加上引号："!urgent 回复客户"',
            "tag '!urgent' is not allowed: SOP files hold plain data; if it is text, put the "
            'value in quotes: "!urgent 回复客户"',
            code="SOP004",
        ),
        id="exclamation-mark-before-a-name",
    ),
    pytest.param(
        Mistake(
            "title: 客户投诉处理流程",
            "title: |客户投诉处理流程",
            2,
            8,
            "值开头的 '|' 在 YAML 中表示下面几行是一段多行文字，请给这个值加上引号："
            'title: "|客户投诉处理流程"',
            "'|' at the start of a value begins a block of text on the lines below; put the "
            'value in quotes: title: "|客户投诉处理流程"',
        ),
        id="bar",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: > 3 天未回复的投诉",
            15,
            12,
            "值开头的 '>' 在 YAML 中表示下面几行是一段多行文字，请给这个值加上引号："
            'title: "> 3 天未回复的投诉"',
            "'>' at the start of a value begins a block of text on the lines below; put the "
            'value in quotes: title: "> 3 天未回复的投诉"',
        ),
        id="greater-than",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: [紧急] 回复客户",
            15,
            17,
            "这个值以 '[' 开头，但 ']' 后面还有文字，请给这个值加上引号：title: \"[紧急] 回复客户\"",
            "the value starts with '[' but goes on after the closing ']'; put the value in "
            'quotes: title: "[紧急] 回复客户"',
        ),
        id="bracket-not-a-list",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: {紧急} 回复客户",
            15,
            17,
            "这个值以 '{' 开头，但 '}' 后面还有文字，请给这个值加上引号：title: \"{紧急} 回复客户\"",
            "the value starts with '{' but goes on after the closing '}'; put the value in "
            'quotes: title: "{紧急} 回复客户"',
        ),
        id="brace-not-a-mapping",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            '    title: "紧急"回复客户',
            15,
            16,
            "这个值以引号开头，但引号闭合后还有文字，请给这个值加上引号：title: '\"紧急\"回复客户'",
            "the value starts with a quote but goes on after the closing one; put the value "
            "in quotes: title: '\"紧急\"回复客户'",
        ),
        id="quote-then-more",
    ),
    pytest.param(
        Mistake(
            "    title: 回复客户",
            "    title: - 电话回复客户",
            15,
            12,
            "列表不能和它的键写在同一行：请把每个 '- ' 列表项单独写一行，放在 'title:' 下面；"
            "如果 '-' 只是文字，请给这个值加上引号：title: \"- 电话回复客户\"",
            "a list cannot start on its key's line: put each '- ' item on a line of its own "
            "below 'title:'; if the '-' is text, put the value in quotes: "
            'title: "- 电话回复客户"',
        ),
        id="dash-then-text",
    ),
    pytest.param(
        Mistake(
            "purpose: 规范客户投诉的受理与处理：登记、调查、回复。",
            'purpose: "资料存放在 C:\\投诉"',
            6,
            19,
            "双引号里的反斜杠表示转义（如 '\\n'），这里不是有效的转义：请改用单引号，"
            "写成 purpose: '资料存放在 C:\\投诉'",
            "in double quotes a backslash starts an escape such as '\\n', and this one is "
            "none: use single quotes instead, purpose: '资料存放在 C:\\投诉'",
        ),
        id="backslash-in-double-quotes",
    ),
]

LAYOUT = [
    pytest.param(
        Mistake(
            "owner: cs-manager",
            "owner:cs-manager",
            5,
            6,
            "冒号 ':' 后面缺少空格，YAML 要求键和值之间有一个空格：应写成 owner: cs-manager",
            "no space after ':'; YAML needs one between a key and its value: "
            "write owner: cs-manager",
        ),
        id="no-space-after-colon",  # libyaml stops at line 6
    ),
    pytest.param(
        Mistake(
            "  - id: reply",
            "  -id: reply",
            14,
            3,
            "'-' 后面缺少空格，列表项要写成 '- ' 再加内容：应写成 - id: reply",
            "no space after '-'; a list item is '- ' and then the item: write - id: reply",
        ),
        id="no-space-after-dash",
    ),
    pytest.param(
        Mistake(
            "    time_limit: 1h",
            "     time_limit: 1h",
            12,
            6,
            "'time_limit' 比第 11 行的 'role' 缩进得更深，YAML 会把它当作 'role' 的值的一部分："
            "请与 'role' 对齐（第 5 列）",
            "'time_limit' is indented further than 'role' on line 11, so YAML reads it as "
            "more of the value of 'role': line it up with 'role' (column 5)",
        ),
        id="field-indented-too-far",
    ),
    pytest.param(
        Mistake(
            "    time_limit: 1h",
            "   time_limit: 1h",
            12,
            4,
            "'time_limit' 没有和第 11 行的 'role' 对齐：请把它缩进到第 5 列",
            "'time_limit' is not lined up with 'role' on line 11: indent it to column 5, "
            "like 'role'",
        ),
        id="field-indented-too-little",
    ),
    pytest.param(
        Mistake(
            "scope: {start: 客户提交投诉, end: 投诉关闭}",
            "scope:\n  start: 客户提交投诉\n end: 投诉关闭",
            9,
            2,
            "'end' 缩进到了第 2 列，介于上面的 'scope'（第 1 列）和 'start'（第 3 列）之间："
            "请与它所属的那一项对齐",
            "'end' is indented to column 2, between 'scope' (column 1) and 'start' "
            "(column 3) above: line it up with the one it belongs to",
        ),
        id="field-between-two-levels",
    ),
    pytest.param(
        Mistake(
            "  - id: reply",
            "   - id: reply",
            14,
            4,
            "这个列表项从第 4 列开始，而同一列表的列表项（第 9 行）从第 3 列开始："
            "请让每一项的 '-' 上下对齐",
            "this list item starts at column 4, but the items of its list (line 9) at "
            "column 3: line up the '-' of every item",
        ),
        id="item-one-space-right",
    ),
    pytest.param(
        Mistake(
            "  - id: reply",
            " - id: reply",
            14,
            2,
            "这个列表项从第 2 列开始，而同一列表的列表项（第 9 行）从第 3 列开始："
            "请让每一项的 '-' 上下对齐",
            "this list item starts at column 2, but the items of its list (line 9) at "
            "column 3: line up the '-' of every item",
        ),
        id="item-one-space-left",
    ),
    pytest.param(
        Mistake(
            "  - id: reply",
            "    - id: reply",
            14,
            5,
            "这个列表项从第 5 列开始，而同一列表的列表项（第 9 行）从第 3 列开始："
            "请让每一项的 '-' 上下对齐",
            "this list item starts at column 5, but the items of its list (line 9) at "
            "column 3: line up the '-' of every item",
        ),
        id="item-under-the-fields",
    ),
    pytest.param(
        Mistake(
            "    title: 接收并登记投诉",
            '    title: "接收并登记投诉',
            10,
            12,
            '这里的双引号（"）在本行没有闭合，值一直延续到第 18 行：请在这个值的末尾补上同样的引号',
            'this double quote (") is not closed on its line, so the value runs on to line '
            "18: end the value with the same quote",
        ),
        id="quote-closed-lines-later",  # libyaml stops at line 18
    ),
    pytest.param(
        Mistake(
            "changes: 增加回访}",
            "changes: '增加回访}",
            18,
            49,
            "这里的单引号（'）没有闭合：请在这个值的末尾补上同样的引号",
            "this single quote (') is never closed: end the value with the same quote",
        ),
        id="quote-never-closed",  # libyaml stops at the end of the file
    ),
    pytest.param(
        Mistake(
            "    outputs: [form:complaint-register]",
            "    outputs: [form:complaint-register",
            13,
            14,
            "这里的 '[' 没有闭合，后面几行都被当成了它的内容：请补上 ']'",
            "this '[' is never closed, so the lines after it are read as part of it: "
            "add the closing ']'",
        ),
        id="bracket-never-closed",  # libyaml stops at line 14
    ),
    pytest.param(
        Mistake(
            "    outputs: [form:complaint-register]",
            "    outputs: [form:complaint-register]]",
            13,
            39,
            "这里的 ']' 前面没有对应的 '['：请删除它",
            "this ']' has no '[' before it: delete it",
        ),
        id="bracket-closed-twice",
    ),
    pytest.param(
        Mistake(
            "    role: cs-agent\n    time",
            "\trole: cs-agent\n    time",
            11,
            1,
            "这里用了制表符（Tab），YAML 只能用空格缩进：请换成空格",
            "a tab here; YAML indents with spaces, not tabs: replace it with spaces",
        ),
        id="tab",
    ),
    pytest.param(
        Mistake(
            "受理与处理",
            "受理\x0b与处理",  # a line break of Word's, pasted
            6,
            19,
            "这里有一个看不见的控制字符（U+000B）：请删除它（常见于从 Word 或网页复制的文字）",
            "an invisible control character (U+000B) here: delete it (it comes with text "
            "copied from Word or a web page)",
        ),
        id="control-character",
    ),
    pytest.param(
        Mistake(
            "status: draft\n",
            "status: draft\n...\n",
            5,
            1,
            "'...' 表示 YAML 文档到此结束，后面的内容都不会被读取：请删除这一行",
            "'...' ends the YAML document, so nothing after it is read: delete this line",
        ),
        id="end-of-document-marker",
    ),
]


@pytest.mark.parametrize("mistake", FULL_WIDTH + QUOTES + LAYOUT)
def test_a_mistake_is_reported_at_its_cause(mistake: Mistake, tmp_path: Path) -> None:
    assert SOP.count(mistake.old) == 1
    found = load(tmp_path, SOP.replace(mistake.old, mistake.new))
    assert found == [(mistake.code, mistake.line, mistake.column, mistake.zh, mistake.en)]


def test_a_full_width_character_is_one_column_wide(tmp_path: Path) -> None:
    """The finding covers the slipped character alone, so the caret sits under it."""
    text = SOP.replace("title: 客户投诉", "title：客户投诉")
    path = tmp_path / "CS-001.sop.yaml"
    path.write_text(text, encoding="utf-8")
    (finding,) = load_sop_file(path, path.name).findings
    assert finding.span == (2, 6, 2, 7)
    assert text.splitlines()[1][5:6] == "："


def test_front_matter_mistakes_stand_at_their_line_in_the_file(tmp_path: Path) -> None:
    text = f"---\n{SOP}---\n\n# 说明\n\n正文。\n".replace("owner: cs", "owner：cs")
    found = load(tmp_path, text, "CS-001.sop.md")
    assert [f[:4] for f in found] == [
        (
            "SOP001",
            6,
            6,
            "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 owner: cs-manager",
        )
    ]


def test_a_mistake_in_sopc_yaml_is_an_sop008_at_its_cause(tmp_path: Path) -> None:
    (tmp_path / "sopc.yaml").write_text(CONFIG.replace("name: ", "name："), encoding="utf-8")
    project = open_project([tmp_path])
    found = [(f.code, f.span.line, f.span.column) for f in project.config_findings]
    assert found == [("SOP008", 1, 5)]
    assert ZH.say(project.config_findings[0].message) == (
        "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 name: 测试手册"
    )


# -- the command line -------------------------------------------------------------------


def zh_project(project: Project, language: str) -> Path:
    sop = BASE_SOP.replace("title: 客户投诉处理流程", "title：客户投诉处理流程")
    return project({CS_PATH: sop}, config=CONFIG + f"language: {language}\n")


def finding_lines(output: str) -> list[str]:
    """The finding's line of `sopc check` text output and the three that show where."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if " SOP001 " in line)
    return lines[start : start + 4]


def test_check_shows_the_chinese_message_with_the_caret_under_the_colon(
    project: Project,
) -> None:
    root = zh_project(project, "zh-CN")
    done = sopc("check", str(root), env={"NO_COLOR": "1"})
    assert done.returncode == 1, done.stdout + done.stderr
    head, gutter, source, caret = finding_lines(done.stdout)
    assert head.startswith(f"{CS_PATH}:2:6: SOP001 ")
    assert head.endswith(
        "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 title: 客户投诉处理流程"
    )
    assert source == "2 | title：客户投诉处理流程"
    assert caret == "  |      ^^"  # under '：', two cells wide, after the five of 'title'
    assert gutter == "  |"


def test_check_in_english_says_the_same_in_english(project: Project) -> None:
    root = zh_project(project, "en")
    done = sopc("check", str(root), env={"NO_COLOR": "1"})
    head, _, _, caret = finding_lines(done.stdout)
    assert head == (
        f"{CS_PATH}:2:6: SOP001 [error] a full-width colon '：' where YAML needs an English "
        "colon ':' and a space: write title: 客户投诉处理流程"
    )
    assert caret == "  |      ^^"


def test_a_zh_cn_project_hears_of_each_mistake_in_chinese_at_its_place(
    project: Project,
) -> None:
    """Every mistake above, one file each, in one zh-CN project, through `sopc check`."""
    mistakes: list[Mistake] = [param.values[0] for param in FULL_WIDTH + QUOTES + LAYOUT]
    files: dict[str, str | None] = {CS_PATH: None}
    expected = {}
    for number, mistake in enumerate(mistakes, start=100):
        rel = f"sops/M-{number}.sop.yaml"
        files[rel] = SOP.replace("CS-001", f"M-{number}").replace(mistake.old, mistake.new)
        expected[rel] = [(mistake.code, mistake.line, mistake.column, mistake.zh)]
    root = project(files, config=CONFIG + "language: zh-CN\n")
    done = sopc("check", str(root), "--format", "json")
    assert done.returncode == 1, done.stderr
    found: dict[str, list[tuple[object, ...]]] = {}
    for f in json.loads(done.stdout)["findings"]:
        found.setdefault(f["path"], []).append((f["code"], f["line"], f["column"], f["message"]))
    assert {rel: found.get(rel) for rel in expected} == expected
