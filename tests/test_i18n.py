"""The label catalogue: every language has every key, every key in use exists, and an
English manual's step flow reads in English punctuation (site and Word)."""

from __future__ import annotations

import ast
import html
import pickle
import re
import shutil
import string
from pathlib import Path
from types import ModuleType
from typing import get_args

import docx
import pytest

from sopc.commands.check import check
from sopc.errors import WRITE_MESSAGES
from sopc.i18n import CATALOGUES, Message, Slot, en, message_language, parts, translator, zh_cn
from sopc.model.base import Status
from sopc.render.phrases import Phrases, plain, status_key
from sopc.render.site import Manual
from tests.conftest import TODAY
from tests.conftest import sopc as run_sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CJK_PUNCTUATION = set("，。、；：？！（）《》「」『』【】")

# `t("key")` and `t('key')` in a template, and `step_links(…, t("key"))` alike
_TEMPLATE_KEY = re.compile(r"""\bt\(\s*(["'])(\w+)\1""")


def template_keys() -> dict[str, set[str]]:
    """Key → the templates that ask for it."""
    found: dict[str, set[str]] = {}
    templates = sorted((REPO / "templates").rglob("*.j2"))
    assert len(templates) > 8
    for path in templates:
        for match in _TEMPLATE_KEY.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match[2], set()).add(path.relative_to(REPO).as_posix())
    return found


def code_keys() -> dict[str, set[str]]:
    """Key → the modules that ask for it: the literal first argument of every call to
    `t(…)`, `….t(…)`, `….parts(…)` or `Message(…)`, and the heading and space-separated column keys
    of the Word writer's `grid(key, widths, "key key …", rows)`."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "sopc").rglob("*.py")):
        if "i18n" in path.parts:
            continue
        where = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            name = node.func.attr if isinstance(node.func, ast.Attribute) else name
            literals = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            keys: list[str] = []
            if name in ("t", "parts", "Message") and literals and isinstance(literals[0], str):
                keys.append(literals[0])
            elif name == "grid" and len(literals) == 4 and isinstance(literals[2], str):
                keys += [literals[0]] if isinstance(literals[0], str) else []
                keys += literals[2].split()
            for key in keys:
                found.setdefault(key, set()).add(where)
    return found


def dynamic_keys() -> set[str]:
    """Keys computed at run time: statuses (through `status_key`) and the kinds of a
    form's use on the forms page (`t(kind)`: the step fields that name forms), and
    what a failed write says (by errno)."""
    statuses = {status_key(status) for status in get_args(Status)}
    return statuses | {"inputs", "outputs", "write.failed", *WRITE_MESSAGES.values()}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    english = CATALOGUES["en"]
    assert len(english) > 150
    for language, labels in CATALOGUES.items():
        assert sorted(labels) == sorted(english), language
        for key, text in labels.items():
            assert placeholders(text) == placeholders(english[key]), (language, key)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_key_in_use_is_in_the_catalogue(language: str) -> None:
    templates, code = template_keys(), code_keys()
    assert {"flowchart_alt", "sep", "list_sep", "none"} <= set(templates)
    assert {"flow_parallel", "legend_sep", "page_of", "sep", "none"} <= set(code)
    missing = {
        key: sorted(templates.get(key, set()) | code.get(key, set()))
        for key in set(templates) | set(code) | dynamic_keys()
        if key not in CATALOGUES[language]
    }
    assert missing == {}


def test_a_missing_key_falls_back_to_english_then_to_itself() -> None:
    t = translator("fr")
    assert t("steps") == "Steps"
    assert t("count_sops", n=3) == "3 procedures"
    assert t("no-such-key") == "no-such-key"
    assert translator("zh-CN")("count_sops", n=3) == "共 3 个流程"


def test_labels_split_at_their_placeholders() -> None:
    assert parts("第 {page} 页 / 共 {pages} 页") == [
        "第 ", Slot("page"), " 页 / 共 ", Slot("pages"), " 页",
    ]  # fmt: skip
    assert parts("{when} → {target}") == [Slot("when"), " → ", Slot("target")]
    assert parts("") == []


def manual_in(language: str) -> Manual:
    result = check([EXAMPLES], today=TODAY, keep_files=True)
    assert result.exit_code() == 0, [f.message for f in result.findings]
    config = result.project.config.model_copy(update={"language": language})
    return Manual.of(result.sources, config, TODAY)


@pytest.mark.parametrize(
    ("language", "step_id", "expected"),
    [
        ("zh-CN", "inspect-goods", "→ 处置退回商品、确认客户选择的退换方式（并行）"),
        ("en", "inspect-goods", "→ 处置退回商品, 确认客户选择的退换方式 (in parallel)"),
        ("zh-CN", "defect-source", "是 → 转入 SUP-001 供应商准入与复评流程；否 → 结束"),
        ("en", "defect-source", "是 → Hand-off to SUP-001 供应商准入与复评流程; 否 → End"),
        ("zh-CN", "dispose-goods", "→ 关闭退换货工单"),
        ("en", "dispose-goods", "→ 关闭退换货工单"),
        ("en", "close-ticket", ""),  # it simply goes on: no flow text
    ],
)
def test_the_step_flow_in_words(language: str, step_id: str, expected: str) -> None:
    manual = manual_in(language)
    entry = manual.by_id("AS-001")
    assert entry is not None
    step = next(s for s in entry.sop.steps if s.id == step_id)
    assert plain(Phrases(manual).flow(entry, step)) == expected


@pytest.fixture(scope="module")
def english_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built with `language: en`: the site and the Word files."""
    root = tmp_path_factory.mktemp("english") / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    config = root / "sopc.yaml"
    text = config.read_text(encoding="utf-8")
    assert "language: zh-CN" in text
    config.write_text(text.replace("language: zh-CN", "language: en"), encoding="utf-8")
    out = root / "out"
    run = run_sopc("build", str(root), "--format", "html,docx", "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def sop_words() -> list[str]:
    """What the SOPs themselves say in a step flow (titles, branch answers, `ID title`),
    longest first: their punctuation is the author's, not the manual's."""
    manual = manual_in("en")
    words = {f"{e.sop.id} {e.sop.title}" for e in manual.sops}
    for entry in manual.sops:
        for step in entry.sop.steps:
            words |= {step.title} | {b.when for b in step.branches or [] if b.when}
    return sorted(words, key=len, reverse=True)


def manual_marks(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, "\0")
    return text


def test_an_english_step_flow_has_english_punctuation(english_build: Path) -> None:
    words = sop_words()
    page_flows = [
        html.unescape(re.sub(r"<[^>]+>", "", span))
        for page in sorted((english_build / "sops").glob("*.html"))
        for span in re.findall(r'<span class="flow">(.*?)</span>', page.read_text("utf-8"))
    ]
    word_flows = [
        paragraph.text
        for path in sorted((english_build / "docx").glob("*.docx"))
        for table in docx.Document(str(path)).tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        if paragraph.text.startswith("→ ") or " → " in paragraph.text
    ]
    assert len(page_flows) > 30
    assert sorted(set(word_flows)) == sorted(set(page_flows))
    for flow in page_flows:
        marks = manual_marks(flow, words)
        assert not CJK_PUNCTUATION & set(marks), flow
    joined = "\n".join(page_flows)
    for english in ("; ", " (in parallel)", "Hand-off to ", " → End"):
        assert english in joined


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_compared_field_has_a_label(language: str) -> None:
    """The revision sentence names a changed field by its label (`「审批」时限（重大）`);
    a field without one would show its English model name inside a Chinese sentence."""
    from sopc.change.compare import SOP_FIELDS, STEP_FIELDS
    from sopc.diff.summary import _LABEL_KEYS

    labels = CATALOGUES[language]
    named = [_LABEL_KEYS.get(f, f) for f, c in SOP_FIELDS.items() if c != "document"]
    named += [f for f, c in STEP_FIELDS.items() if c != "document"]
    assert len(named) > 20
    assert [key for key in named if key not in labels] == []


def test_the_catalogue_fingerprint_follows_its_labels() -> None:
    from sopc.i18n import fingerprint

    assert fingerprint("zh-CN") != fingerprint("en")
    assert fingerprint("zh-CN") == fingerprint("zh-CN")
    assert len(fingerprint("en")) == 64


@pytest.mark.parametrize("package", [en, zh_cn], ids=["en", "zh-CN"])
def test_no_two_areas_of_a_catalogue_share_a_key(package: ModuleType) -> None:
    seen: dict[str, str] = {}
    for area in package.AREAS:
        for key in area.LABELS:
            assert key not in seen, (key, seen.get(key), area.__name__)
            seen[key] = area.__name__
    assert len(seen) == len(package.LABELS)


def test_a_message_is_said_in_the_readers_language() -> None:
    hint = Message("did_you_mean", word="cs-agent")
    assert translator("en").say(hint) == " (did you mean 'cs-agent'?)"
    assert translator("zh-CN").say(hint) == "（是否想写 'cs-agent'？）"
    assert translator("en").say("already text") == "already text"
    copy = pickle.loads(pickle.dumps(Message("x", hint=hint, roles=["a", "b"], none=None)))
    assert copy == Message("x", hint=hint, roles=("a", "b"), none=None)
    assert len({copy, Message("x", hint=hint, roles=["a", "b"], none=None)}) == 1


def test_the_language_of_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOPC_LANG", raising=False)
    assert message_language() == "en"
    assert message_language(project="zh-CN") == "zh-CN"
    monkeypatch.setenv("SOPC_LANG", "zh-CN")
    assert message_language() == "zh-CN"
    assert message_language("en", "zh-CN") == "en"
    assert message_language(project="en") == "en"
    monkeypatch.setenv("SOPC_LANG", "fr_FR.UTF-8")
    assert message_language() == "en"
