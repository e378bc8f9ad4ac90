"""Fuzzing (issue 19): whatever the file, `sopc check` answers with findings at real
places in it, in bounded time, and never with a traceback; valid SOPs full of hostile
text check clean, compare equal to themselves and build in every format.

The inputs come from tests/fuzz_inputs.py. `make test` runs a short profile (a few
hundred inputs, well under a minute); `make fuzz` a long one: 60,000 mutated files
(`SOPC_FUZZ_EXAMPLES`), 40,000 generated SOPs (`SOPC_FUZZ_GENERATED`), each in ten
shards (`SOPC_FUZZ_SHARDS`), 20 builds (`SOPC_FUZZ_BUILDS`) and Hypothesis's
statistics. A failure Hypothesis
finds is shrunk to the smallest input and printed, and becomes a regression case in
`REGRESSIONS` below.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.generate import config_text
from sopc.change.compare import compare
from sopc.commands.build import build
from sopc.commands.check import check
from sopc.findings import Finding
from sopc.i18n import translator
from sopc.load.text import decode, split_lines
from sopc.report import render
from sopc.results import CheckResult
from tests.fuzz_inputs import EXAMPLES, generated_sops, mutated_files

EXAMPLES_PER_TEST = int(os.environ.get("SOPC_FUZZ_EXAMPLES", "150"))
GENERATED = int(os.environ.get("SOPC_FUZZ_GENERATED", str(EXAMPLES_PER_TEST)))
"""Generated SOPs cost ~26 ms each (20 steps checked, ten reports), mutations ~20 ms:
`make fuzz` runs 60,000 mutations and 40,000 generated SOPs."""
SHARDS = int(os.environ.get("SOPC_FUZZ_SHARDS", "1"))
"""`make fuzz` splits each long property into this many tests of equal size: xdist
hands a worker its next test before the current one ends, so two long tests could
queue on one worker while the other core idled (the hour's run of 2026-12-03)."""
BUILDS = int(os.environ.get("SOPC_FUZZ_BUILDS", "2"))
TODAY = date(2026, 11, 2)
PER_FILE_SECONDS = 10.0
"""A check of one file takes 0.05 s here; ten seconds tells a hang from a loaded CI
machine. The alarm fires inside the check, so a hang fails the test with its stack."""
REPORT_SECONDS = 30.0
"""Ten reports of one check (five formats, two languages): a mutation that repeats a
step 3,000 times has 9,000 findings, whose SARIF and GitLab JSON (indented) take a
second or two each; Hypothesis, replaying a failure, traces every line and is slower."""

FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,  # the alarm below bounds each input; Hypothesis's deadline is flaky
    derandomize=EXAMPLES_PER_TEST <= 500,  # the short profile: the same inputs every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang("a check or its reports took longer than their bound")


@pytest.fixture(autouse=True)
def bounded() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copy(EXAMPLES / "sopc.yaml", root / "sopc.yaml")
    (root / "sops").mkdir()
    return root


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    (root / "sopc.yaml").write_text(config_text(), encoding="utf-8")
    (root / "sops").mkdir()
    return root


def checked(root: Path, name: str, data: bytes, *, keep_files: bool = False) -> CheckResult:
    """Check a project whose only SOP is `data`, within the time bound, and report it in
    every format a user can ask for."""
    for old in (root / "sops").iterdir():
        old.unlink()
    (root / "sops" / name).write_bytes(data)
    signal.setitimer(signal.ITIMER_REAL, PER_FILE_SECONDS)
    result = check([root], today=TODAY, jobs=1, keep_files=keep_files)
    signal.setitimer(signal.ITIMER_REAL, REPORT_SECONDS)
    for language in ("zh-CN", "en"):
        for form in ("text", "json", "sarif", "github", "gitlab"):
            assert render(result, form, translator(language))
    signal.setitimer(signal.ITIMER_REAL, 0)
    return result


def misplaced(finding: Finding, data: bytes) -> str | None:
    """Why `finding` does not point into the file, or None: lines (broken as the
    report breaks them) and columns are 1-based, counted in characters, and may point
    just past a line's end."""
    text = decode(data)
    lines = split_lines(text if isinstance(text, str) else data.decode("utf-8", "replace"))
    line, column, end_line, end_column = finding.span
    if not 1 <= line <= len(lines) + 1:
        return f"line {line} of {len(lines)}"
    width = len(lines[line - 1]) if line <= len(lines) else 0
    if not 1 <= column <= width + 1:
        return f"column {column} of a line {width} long"
    if (end_line, end_column) < (line, column):
        return f"ends at {end_line}:{end_column} before it starts"
    return None


def _example(name: str) -> bytes:
    return (EXAMPLES / "sops" / name).read_bytes()


def _line_of(name: str, text: bytes) -> int:
    data = _example(name)
    return data[: data.index(text)].count(b"\n") + 1


AS_001 = "AS-001-returns-exchanges.sop.yaml"
HR_001 = "HR-001-employee-onboarding.sop.md"
REGRESSIONS = {
    # a CR-only file was one line to the decoder's position: column 399 of a line 61 long
    "a bad byte after CR line ends": (
        AS_001,
        _example(AS_001).replace(b"\n", b"\r").replace("退货".encode(), b"\xff", 1),
        ":16:5: SOP003",  # the first 退货: line 16, after two spaces and 规范
    ),
    # str.splitlines broke at U+2028, YAML does not: every source line shown was one off
    "U+2028 before the text": (AS_001, "\u2028".encode() + _example(AS_001), '"sop:SUP-001"'),
    # the Markdown loader broke lines at U+2028 too: a heading's id was shown at column 0
    "U+2028 in a Markdown SOP's front matter": (
        HR_001,
        _example(HR_001)
        .replace("新员工入职办理流程\n".encode(), "新员工入职办理流程\u2028\n".encode(), 1)
        .replace(b"{#confirm-offer}", b"{#bonfirm-offer}"),
        f":{_line_of(HR_001, b'{#confirm-offer}')}:11: SOP203",  # after `## 确认录用信息 `
    ),
}


@pytest.mark.parametrize(("name", "data", "shown"), REGRESSIONS.values(), ids=REGRESSIONS)
def test_what_the_fuzz_found_stays_fixed(
    example_project: Path, name: str, data: bytes, shown: str
) -> None:
    result = checked(example_project, name, data)
    assert result.findings
    assert [misplaced(f, data) for f in result.findings] == [None] * len(result.findings)
    assert shown in render(result, "text", translator("en"))


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(FUZZ, max_examples=math.ceil(EXAMPLES_PER_TEST / SHARDS))
@given(case=mutated_files())
def test_a_mutated_sop_gets_findings_never_a_traceback(
    example_project: Path, shard: int, case: tuple[str, bytes]
) -> None:
    del shard  # each shard draws inputs of its own
    name, data = case
    result = checked(example_project, name, data)
    assert result.exit_code() in (0, 1)
    wrong = {
        f"{f.code} {f.span}": why
        for f in result.findings
        if f.path == f"sops/{name}" and (why := misplaced(f, data))
    }
    assert wrong == {}


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(FUZZ, max_examples=math.ceil(GENERATED / SHARDS))
@given(case=generated_sops())
def test_a_valid_sop_with_hostile_text_checks_clean_and_equals_itself(
    generated_project: Path, shard: int, case: list[tuple[str, str]]
) -> None:
    del shard
    ((name, text),) = case
    result = checked(generated_project, name, text.encode(), keep_files=True)
    # the generated SOP names its neighbours (SOP206), which this one-SOP project lacks
    errors = [
        f"{f.code} {f.span} {f.message}"
        for f in result.findings
        if f.severity == "error" and f.code != "SOP206"
    ]
    assert errors == []
    (source,) = result.sources
    sop = source.sop
    assert sop is not None
    assert compare(sop, sop) == []


@settings(FUZZ, max_examples=BUILDS)
@given(case=generated_sops(count=3))
def test_valid_sops_with_hostile_text_build_in_every_format(
    tmp_path_factory: pytest.TempPathFactory, case: list[tuple[str, str]]
) -> None:
    root = tmp_path_factory.mktemp("build")
    (root / "sopc.yaml").write_text(config_text(), encoding="utf-8")
    (root / "sops").mkdir()
    for name, text in case:
        (root / "sops" / name).write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = build([root], out=root / "site", formats=("html", "pdf", "docx", "bpmn"), jobs=1)
    assert time.perf_counter() - started < 120
    assert result.checked is not None
    written = {p.suffix for p in (root / "site").rglob("*") if p.is_file()}
    assert {".html", ".pdf", ".docx", ".bpmn"} <= written
    page = next((root / "site" / "sops").glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert 'onerror="alert(1)"' not in page
