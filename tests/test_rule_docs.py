"""The rules' documentation in every language: docs/rules.md and docs/rules.zh-CN.md
are current, every rule has a Chinese text whose examples are the English ones, and
`sopc rules` speaks the reader's language (English exactly as before)."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sopc import rules as rule_families
from sopc.commands.rules import markdown_file, regenerate_command, rules_markdown
from sopc.findings import Severity
from sopc.i18n import LANGUAGES, RULE_DOCS
from sopc.i18n.zh_cn import rule_docs
from sopc.rules import REGISTRY, Rule
from tests.conftest import sopc

REPO = Path(__file__).resolve().parent.parent
CHINESE = RULE_DOCS["zh-CN"]
TRANSLATED = sorted(set(REGISTRY) & set(CHINESE))

_REGISTERED = re.compile(r"@(?:rule|emitted)\(\s*\"(SOP\d+)\"")
_COMMENT = re.compile(r"(^|\s)#.*$")  # examples quote no `#`, so any `#` starts a comment
_INLINE_CODE = re.compile(r"`([^`]+)`")
_CJK = "\u3400-\u9fff"
_HALF_WIDTH_BY_CJK = re.compile(rf"[{_CJK}][,;:?!()]|[,;:?!()][{_CJK}]")


def examples(doc: str) -> list[list[str]]:
    """The code blocks of a rule's text (lines indented by four spaces), comments and
    the spaces before them removed: what a translation must copy unchanged."""
    blocks: list[list[str]] = []
    previous_in_block = False
    for line in doc.split("\n"):
        in_block = line.startswith("    ")
        if in_block and not previous_in_block:
            blocks.append([])
        if in_block:
            blocks[-1].append(_COMMENT.sub("", line).rstrip())
        previous_in_block = in_block
    return blocks


def prose(doc: str) -> str:
    """A rule's text without its code blocks, lines joined."""
    return " ".join(line for line in doc.split("\n") if not line.startswith("    "))


def inline_code(doc: str) -> set[str]:
    """The `code` spans of the prose, with line breaks inside a span as one space."""
    return {" ".join(span.split()) for span in _INLINE_CODE.findall(prose(doc))}


# -- the generated references ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rule_reference_of_each_language_is_current(language: str) -> None:
    path = REPO / "docs" / markdown_file(language)
    assert path.read_text(encoding="utf-8") == rules_markdown(language), (
        f"docs/{markdown_file(language)} is stale: run `{regenerate_command(language)}`"
    )


def test_each_reference_links_to_the_other_and_says_how_it_is_made() -> None:
    english, chinese = rules_markdown(), rules_markdown("zh-CN")
    assert english == rules_markdown("en")
    assert english.split("\n")[:5] == [
        "# Rules",
        "",
        "[简体中文](rules.zh-CN.md)",
        "",
        "<!-- Generated from the rule docstrings by "
        "`python -m sopc.commands.rules > docs/rules.md`. -->",
    ]
    assert chinese.split("\n")[:5] == [
        "# 规则",
        "",
        "[English](rules.md)",
        "",
        "<!-- 由各条规则的中文说明（sopc/i18n/zh_cn/rule_docs/）生成，重新生成请运行 "
        "`python -m sopc.commands.rules --lang zh-CN > docs/rules.zh-CN.md`。 -->",
    ]
    assert "| 代码 | 名称 | 默认级别 | 说明 |" in chinese
    assert (
        "| [SOP201](#sop201) | unknown-role | 错误 | 用到的岗位在本 SOP 和 `sopc.yaml` 中都没有定义。 |"
        in chinese
    )
    assert "\n## SOP201\n\n**unknown-role**（默认级别：错误）\n\n用到的岗位" in chinese


def test_the_module_prints_the_reference_in_the_language_asked() -> None:
    for language in LANGUAGES:
        run = subprocess.run(
            [sys.executable, "-m", "sopc.commands.rules", "--lang", language],
            capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=REPO,
        )  # fmt: skip
        assert (run.returncode, run.stderr) == (0, "")
        assert run.stdout == rules_markdown(language)


# -- the Chinese texts ------------------------------------------------------------------


def test_every_rule_has_a_chinese_text_and_every_text_a_rule() -> None:
    missing = sorted(set(REGISTRY) - set(CHINESE))
    assert missing == [], f"no Chinese text in sopc/i18n/zh_cn/rule_docs/ for {missing}"
    assert sorted(set(CHINESE) - set(REGISTRY)) == []


def test_each_family_of_chinese_texts_documents_the_rules_of_its_module() -> None:
    assert [f.__name__.rsplit(".", 1)[1] for f in rule_docs.FAMILIES] == [
        f.__name__.rsplit(".", 1)[1] for f in rule_families._FAMILIES
    ]
    for texts, module in zip(rule_docs.FAMILIES, rule_families._FAMILIES, strict=True):
        registered = set(_REGISTERED.findall(inspect.getsource(module)))
        assert set(texts.DOCS) <= registered, (texts.__name__, sorted(set(texts.DOCS) - registered))


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_chinese_text_has_the_english_examples(code: str) -> None:
    english, chinese = REGISTRY[code].doc, CHINESE[code]
    assert examples(chinese) == examples(english), (
        f"the examples of {code} changed: copy them from its docstring into "
        "sopc/i18n/zh_cn/rule_docs/ (translate only the comments)"
    )
    assert inline_code(chinese) == inline_code(english), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_chinese_text_reads_as_chinese(code: str) -> None:
    summary, blank, *_ = CHINESE[code].split("\n")
    assert summary.endswith("。"), code
    assert blank == "", code
    words = _INLINE_CODE.sub("", prose(CHINESE[code]))
    assert not re.search(r"\b(Bad|Good|Fix)\b", words), code
    assert not _HALF_WIDTH_BY_CJK.search(words), (code, _HALF_WIDTH_BY_CJK.findall(words))


def test_a_rule_not_yet_translated_shows_its_english() -> None:
    untranslated = Rule("SOP999", "not-yet", Severity.INFO, "One line.\n\nMore.")
    assert untranslated.doc_in("zh-CN") == "One line.\n\nMore."
    assert untranslated.summary_in("zh-CN") == untranslated.summary == "One line."


# -- `sopc rules` through the real command line ------------------------------------------


def test_the_rule_table_in_chinese() -> None:
    run = sopc("rules", "--lang", "zh-CN")
    assert (run.returncode, run.stderr) == (0, "")
    *rows, blank, hint = run.stdout.rstrip("\n").split("\n")
    assert [row.split()[0] for row in rows] == sorted(REGISTRY)
    assert all(row.split()[2] in ("错误", "警告", "提示") for row in rows), rows
    assert re.fullmatch(
        r"SOP201  unknown-role +错误  用到的岗位在本 SOP 和 `sopc.yaml` 中都没有定义。",
        rows[sorted(REGISTRY).index("SOP201")],
    )
    assert (blank, hint) == (
        "",
        "运行 sopc rules 规则代码（如 sopc rules SOP201）可查看一条规则的说明。",
    )


def test_one_rule_in_chinese_by_code_and_by_name() -> None:
    run = sopc("rules", "SOP201", "--lang", "zh-CN")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == f"SOP201 unknown-role（默认级别：错误）\n\n{CHINESE['SOP201']}\n"
    assert "\n\n错误示例：\n\n    role: cs-agnet\n" in run.stdout
    assert "\n\n正确做法：写成 `role: cs-agent`" in run.stdout
    by_name = sopc("rules", "vague-term", env={"SOPC_LANG": "zh-CN"})
    assert by_name.stdout.startswith("SOP401 vague-term（默认级别：警告）\n\n标题、质量标准")


def test_an_unknown_rule_in_chinese_suggests_the_closest() -> None:
    run = sopc("rules", "SOP2O1", "--lang", "zh-CN")
    assert run.returncode == 2
    assert run.stderr == "sopc: error: 没有代码或名称为 'SOP2O1' 的规则（是否想写 'SOP201'？）\n"


def test_english_is_as_it_was() -> None:
    table = sopc("rules", "--lang", "en")
    rows = {row.split(" ", 1)[0]: row for row in table.stdout.split("\n") if row}
    assert re.fullmatch(
        r"SOP001  parse-error +error    The YAML or the Markdown front matter does not parse\.",
        rows["SOP001"],
    )
    assert re.fullmatch(r"SOP103  filename-mismatch +warning  The file name .*", rows["SOP103"])
    assert table.stdout.endswith("\n\nsopc rules CODE shows a rule's documentation.\n")
    one = sopc("rules", "SOP201", "--lang", "en")
    assert one.stdout == f"SOP201 unknown-role (default: error)\n\n{REGISTRY['SOP201'].doc}\n"
    unknown = sopc("rules", "SOP2O1", "--lang", "en")
    assert unknown.stderr == "sopc: error: no rule 'SOP2O1' (did you mean 'SOP201'?)\n"
