"""Durations read as words in the manual's language (sopc/render/units.py): every unit
and plural form in Chinese and English, the author's Chinese words as written, and the
built examples' pages, PDF and Word files free of codes such as `3y`, `6mo`, `2h`."""

from __future__ import annotations

import re

import pytest

from sopc.i18n import CATALOGUES, translator
from sopc.model.duration import INTERVAL_UNITS, Duration, Unit, parse_duration, parse_interval
from sopc.render.phrases import Phrases
from sopc.render.units import cycle_words, duration_words
from tests._manual import Built, en, squeeze, text_of, word_text, zh

__all__ = ["en", "zh"]  # the fixtures: the examples built in Chinese and in English


def parsed(text: str) -> Duration:
    value = parse_duration(text) or parse_interval(text)
    assert value is not None, text
    return value


# (as written, zh-CN, en)
WORDS = [
    ("3y", "3年", "3 years"),
    ("1y", "1年", "1 year"),
    ("10y", "10年", "10 years"),
    ("6mo", "6 个月", "6 months"),
    ("1mo", "1 个月", "1 month"),
    ("90d", "90 天", "90 days"),
    ("1d", "1 天", "1 day"),
    ("2h", "2 小时", "2 hours"),
    ("1h", "1 小时", "1 hour"),
    ("1.5h", "1.5 小时", "1.5 hours"),
    ("0.5h", "0.5 小时", "0.5 hours"),
    ("1wd", "1 个工作日", "1 working day"),
    ("15wd", "15 个工作日", "15 working days"),
    ("1wh", "1 个工作小时", "1 working hour"),
    ("4wh", "4 个工作小时", "4 working hours"),
    ("30m", "30 分钟", "30 minutes"),
    ("1m", "1 分钟", "1 minute"),
    ("30min", "30 分钟", "30 minutes"),
    ("2H", "2 小时", "2 hours"),  # any letter case
    ("２ｈ", "2 小时", "2 hours"),  # full width, as Chinese input methods type it
    (" 2 h ", "2 小时", "2 hours"),
    ("immediate", "立即", "immediately"),
    ("0", "立即", "immediately"),
    ("0h", "立即", "immediately"),
    ("≤ 2h", "≤ 2 小时", "≤ 2 hours"),  # the author's words around a code stay
    ("接收后2h内", "接收后2 小时内", "接收后2 hours内"),
]


@pytest.mark.parametrize(("written", "chinese", "english"), WORDS)
def test_a_code_reads_as_words(written: str, chinese: str, english: str) -> None:
    value = parsed(written)
    assert duration_words(value, translator("zh-CN")) == chinese
    assert duration_words(value, translator("en")) == english


# what authors write in Chinese words is shown as they wrote it (issue 11)
AS_WRITTEN = [
    "接收后30分钟内",
    "三个工作日",
    "半小时",
    "1个工作日内",
    "即时",
    "立即",
    "当日",
    "次日",
]
AS_WRITTEN += ["6个月", "半年", "两年半", "90天"]


@pytest.mark.parametrize("written", AS_WRITTEN)
@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_the_authors_chinese_words_are_shown_as_written(written: str, language: str) -> None:
    assert duration_words(parsed(written), translator(language)) == written


@pytest.mark.parametrize(("language", "words"), [("zh-CN", "永久"), ("en", "permanent")])
def test_a_permanent_retention_reads_in_the_manuals_language(language: str, words: str) -> None:
    t = translator(language)
    assert duration_words("permanent", t) == words
    assert duration_words("永久", t) == words


@pytest.mark.parametrize(
    ("written", "chinese", "english"),
    [
        ("6mo", "每 6 个月", "every 6 months"),
        ("2y", "每 2年", "every 2 years"),
        ("1y", "每年", "every year"),
        ("1mo", "每月", "every month"),
        ("1d", "每天", "every day"),
        ("半年", "每 半年", "every 半年"),
    ],
)
def test_a_review_cycle_reads_as_words(written: str, chinese: str, english: str) -> None:
    interval = parsed(written)
    assert cycle_words(interval, translator("zh-CN")) == chinese
    assert cycle_words(interval, translator("en")) == english


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_unit_has_its_words_in_both_plural_forms(language: str) -> None:
    labels = CATALOGUES[language]
    for unit in Unit:
        for form in ("one", "other"):
            assert "{n}" in labels[f"unit_{unit.value}_{form}"], (unit, form)
    for unit in INTERVAL_UNITS:
        assert f"cycle_one_{unit.value}" in labels
    plural = {
        unit: labels[f"unit_{unit.value}_one"] != labels[f"unit_{unit.value}_other"]
        for unit in Unit
    }
    assert all(plural.values()) if language == "en" else not any(plural.values())


def test_per_case_limits_keep_their_case_names(zh: Built, en: Built) -> None:
    limit = {"一般": parsed("2wd"), "重大": parsed("5wd")}
    assert Phrases(zh.manual).limit(limit) == "一般 2 个工作日 · 重大 5 个工作日"
    assert Phrases(en.manual).limit(limit) == "一般 2 working days · 重大 5 working days"
    assert Phrases(zh.manual).limit(None) == "—"
    assert Phrases(zh.manual).duration(None) == "—"


# a number and a unit code, standing alone: 3y, 1.5h, 6mo, 2wd (not P1, IT-001, 500 元)
CODE = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s?(?:y|mo|min|wd|wh|h|d|m)(?![\w-])", re.ASCII)


def codes(text: str) -> list[str]:
    return CODE.findall(text)


def test_the_code_pattern_finds_codes() -> None:
    assert codes("保存期限 3y · 每 1y · 时限 2h、1.5wd; 30m") == ["3y", "1y", "2h", "1.5wd", "30m"]
    assert codes("IT-001 P1 500 元 3 个工作日 2 hours 4 小时内 v2.1") == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_built_examples_show_no_codes(language: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(language)
    pages = sorted(built.out.rglob("*.html"))
    assert len(pages) == 12  # 7 SOPs, the index, roles, forms, responsibilities, changes
    for path in pages:
        text = text_of(path.read_text(encoding="utf-8"))
        assert codes(text) == [], path.name
        assert "≤ 即时" not in text
        assert "≤ 立即" not in text
    for entry in built.manual.sops:
        text = word_text(built.word(entry.sop.id))
        assert codes(text) == [], entry.sop.id
    pdf = built.pdf_text("-layout")
    assert all(entry.sop.title in pdf for entry in built.manual.sops)
    assert codes(pdf) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh",
            [
                "保存期限",
                "3年",
                "10年",
                "每 6 个月",
                "2 小时",
                "1 个工作日",
                "15 分钟",
                "4 个工作小时",
            ],
        ),
        (
            "en",
            [
                "Retention",
                "3 years",
                "10 years",
                "every 6 months",
                "2 hours",
                "1 working day",
                "15 minutes",
                "4 working hours",
            ],
        ),
    ],
)
def test_cs_001_reads_its_units_in_words_everywhere(
    language: str, expected: list[str], request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(language)
    page = text_of(built.page("sops/CS-001.html"))
    word = word_text(built.word("CS-001"))
    pdf = squeeze(built.pdf_text("-raw"))  # a table cell may wrap its words
    for words in expected:
        assert words in page, words
        assert words in word, words
        assert squeeze(words) in pdf, words
    supplier = text_of(built.page("sops/SUP-001.html"))
    assert "立即" in supplier  # `within: 立即`, the author's word, in either language
