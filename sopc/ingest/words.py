"""The words an import reads as markers inside the text, beside the names of columns
and sections (`sopc.ingest.vocabulary`): what stands for "nothing" in a cell, the
statuses, review cycles, and the labels of sopc's own manual (判断, 协助, 结束,
（并行）, 任一步骤 …) in every language of the catalogue, so that sopc's Word files
read back whatever their language."""

from __future__ import annotations

from sopc.i18n import translator
from sopc.ingest.vocabulary import LANGUAGES

EMPTY = frozenset({"", "—", "-", "－", "–", "/", "／", "无", "n/a", "none", "null"})
"""What a cell holds when it holds nothing."""

STATUSES = ("draft", "review", "approved", "effective", "retired")


def catalogue(key: str, **values: str) -> set[str]:
    """The label `key` in every language of the catalogue."""
    return {translator(language)(key, **values) for language in LANGUAGES}


def is_empty(text: str) -> bool:
    return text.strip().lower() in EMPTY


def _statuses() -> dict[str, str]:
    words = {"生效": "effective", "有效": "effective", "现行": "effective", "试行": "effective"}
    for status in STATUSES:
        for word in catalogue("review_status" if status == "review" else status):
            words[word.lower()] = status
    return words


def _cycles() -> dict[str, str]:
    """`每年`, `every year` → 1y: a cycle of one unit, said without its number."""
    return {word.lower(): f"1{unit}" for unit in ("d", "mo", "y")
            for word in catalogue(f"cycle_one_{unit}")}  # fmt: skip


STATUS_WORDS = _statuses()
CYCLE_WORDS = _cycles()
DECISION = catalogue("decision") | {"判断", "决策"}
SUPPORT = catalogue("support") | {"协助", "配合"}
END = catalogue("end") | {"结束", "流程结束", "end"}
START = catalogue("start") | {"开始", "流程开始"}
ALL_STEPS = catalogue("all_steps") | {"所有步骤", "全部步骤", "任一环节"}
NOTES = catalogue("notes")
TOOLS = catalogue("tools")
SCOPE = {"start": catalogue("scope_start"), "end": catalogue("scope_end"),
         "includes": catalogue("includes"), "excludes": catalogue("excludes")}  # fmt: skip
PARALLEL_ENDS = tuple(sorted(
    translator(language)("flow_parallel", targets="").removeprefix("→ ").strip()
    for language in LANGUAGES
))  # fmt: skip
SHARED_FORM = {translator(language)("paren", text=translator(language)("shared_form"))
               for language in LANGUAGES}  # fmt: skip
"""What sopc's forms table says after a form of the whole manual: ` (全公司通用)`."""
