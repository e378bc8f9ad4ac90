"""The language server's parts without the protocol: positions, what stands where,
completion contexts, quick fixes and hovers, on real projects in temporary folders
(the same check `sopc lsp` runs, `commands/lsp.py`)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from sopc.commands.lsp import ProjectChecks
from sopc.findings import Span
from sopc.flow.calendar import WorkCalendar
from sopc.i18n import translator
from sopc.lsp import answers
from sopc.lsp.actions import Edit, actions, add_revision, ignore_on_line
from sopc.lsp.completion import complete
from sopc.lsp.locate import Kind, spot_at
from sopc.lsp.positions import UTF8, Lines, Point
from sopc.lsp.state import ProjectState
from sopc.model.config import Calendar
from tests.conftest import BASE_SOP, CS_PATH, FIN_PATH, Project, locate

EN = translator("en")
ZH = translator("zh-CN")
TODAY = date(2026, 11, 20)


def checked(root: Path, texts: dict[str, str] | None = None) -> ProjectState:
    """The project as the server checks it with `texts` open (by default every SOP,
    as on disk: the rules run on open files only)."""
    if texts is None:
        texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                 for p in root.rglob("*.sop.*")}  # fmt: skip
    overlay = {root / rel: text for rel, text in texts.items()}
    return ProjectState(root, ProjectChecks()(root, overlay), TODAY)


def test_positions_count_utf16_units_and_clamp_past_the_end() -> None:
    lines = Lines("a: 𠀀客x\r\nb\n")
    assert lines.line(1) == "a: 𠀀客x"  # the CR of a CRLF line end is no column
    assert lines.point(1, 6) == Point(0, 6)  # `x`: 𠀀 takes two units, 客 one
    assert lines.point(1, 99) == Point(0, 7)
    assert lines.point(9, 1) == Point(2, 0)
    assert lines.place(Point(0, 6)) == (1, 6)
    assert lines.place(Point(0, 4)) == (1, 5)  # inside 𠀀's pair: after it
    assert Lines("a: 𠀀客x", UTF8).point(1, 6) == Point(0, 10)
    assert Lines("a: 𠀀客x", UTF8).place(Point(0, 10)) == (1, 6)


def test_what_stands_at_a_place() -> None:
    text = BASE_SOP.replace(
        "    time_limit: 10m\n", "    time_limit: 10m  # sopc: ignore unknown-role, SOP401\n"
    )
    from sopc.sources import parse_sop_file

    tree = parse_sop_file(Path("x.sop.yaml"), "x.sop.yaml", text).tree

    def at(needle: str, occurrence: int = 1, shift: int = 0) -> tuple[Kind, str, bool] | None:
        line, column = locate(text, needle, occurrence)
        spot = spot_at(tree, text.split("\n")[line - 1], line, column + shift)
        return (spot.kind, spot.word, spot.defines) if spot else None

    assert at("cs-agent") == (Kind.ROLE, "cs-agent", False)
    assert at("cs-agent", shift=len("cs-agent")) == (Kind.ROLE, "cs-agent", False)  # at its end
    assert at("complaint-lead:") == (Kind.ROLE, "complaint-lead", True)
    assert at("id: reply", shift=4) == (Kind.STEP, "reply", True)
    assert at("next: reply", shift=6) == (Kind.STEP, "reply", False)
    assert at("next: end", shift=6) is None  # `end` is no step
    assert at("FIN-003") == (Kind.SOP, "FIN-003", False)
    assert at("complaint-register") == (Kind.FORM, "complaint-register", False)
    assert at("1wd") == (Kind.DURATION, "1wd", False)
    assert at("unknown-role") == (Kind.RULE, "SOP201", False)
    assert at("SOP401") == (Kind.RULE, "SOP401", False)
    assert at("status: effective", shift=8) == (Kind.STATUS, "effective", False)
    assert at("接收并登记投诉") is None


def labels(state: ProjectState, rel: str, text: str, needle: str, after: str) -> list[str]:
    line, column = locate(text, needle)
    items = complete(state.names, rel, Lines(text), line, column + len(after), EN)
    return [item.label for item in items]


def test_completion_reads_the_key_the_value_belongs_to(project: Project) -> None:
    text = BASE_SOP.replace(
        "    role: cs-manager\n    decision:",
        "    role: cs-manager\n    support:\n      - cs-agent\n      - \n    decision:",
    ).replace("    next: end\n", "    next: [rep, ]\n")
    root = project({CS_PATH: BASE_SOP})
    state = checked(root, {CS_PATH: text})
    roles = labels(state, CS_PATH, text, "      - \n", "      - ")
    assert roles == ["complaint-lead", "cs-agent", "cs-manager", "ops-director"]
    assert labels(state, CS_PATH, text, "[rep, ]", "[rep, ") == ["receive", "needs-refund", "reply"]
    assert labels(state, CS_PATH, text, "next: reply", "next: ") == [
        "receive", "needs-refund", "reply", "end"
    ]  # fmt: skip
    assert labels(state, CS_PATH, text, "  - id: receive", "  - ") == []  # a step is a mapping
    assert labels(state, CS_PATH, text, "title: 客户", "title: ") == []


def test_completion_of_rule_levels_in_sopc_yaml(project: Project) -> None:
    config = (project() / "sopc.yaml").read_text(encoding="utf-8") + "rules:\n  SOP401: w\n"
    root = project(config=config)
    state = checked(root, {"sopc.yaml": config})
    assert labels(state, "sopc.yaml", config, "SOP401: w", "SOP401: w") == [
        "error",
        "warning",
        "info",
        "off",
    ]


def finding_of(state: ProjectState, rel: str, code: str):  # type: ignore[no-untyped-def]
    return next(f for f in state.by_file[rel] if f.code == code)


def test_ignore_on_a_line_that_has_an_ignore_comment_adds_the_code(project: Project) -> None:
    text = BASE_SOP.replace("    role: cs-agent\n", "    role: cs-agnet  # sopc: ignore SOP401\n")
    root = project({CS_PATH: BASE_SOP})
    state = checked(root, {CS_PATH: text})
    edit = ignore_on_line(finding_of(state, CS_PATH, "SOP201"), Lines(text))
    line, column = locate(text, "SOP401")
    assert edit.span == Span(line, column + 6, line, column + 6)
    assert edit.text == ",SOP201"


MD_SOP = """\
---
id: CS-002
title: 投诉回访流程
version: "1.0"
status: draft
steps:
  - {id: call, title: 电话回访客户, role: cs-agent}
revisions:
  - {version: "1.0", date: 2026-01-01}
---

# 说明

## 回访细则 {#calll}\n\n电话回访。
"""


def test_ignore_in_a_markdown_body_is_an_html_comment(project: Project) -> None:
    rel = "sops/CS-002-callback.sop.md"
    root = project({rel: MD_SOP})
    state = checked(root)
    unknown = finding_of(state, rel, "SOP203")  # a heading's id that names no step
    assert unknown.span.line == 14
    ignore = ignore_on_line(unknown, Lines(MD_SOP))
    assert ignore is not None
    ignored = edited(MD_SOP, ignore.span, ignore.text)
    assert "## 回访细则 <!-- sopc: ignore SOP203 --> {#calll}\n" in ignored  # the id stays last
    assert "SOP203" not in codes(checked(root, {rel: ignored}), rel)
    [fix] = [
        a for a in actions(unknown, MD_SOP, state.names.tree_of(rel), TODAY, EN) if a.preferred
    ]
    assert (fix.title, fix.edit.text) == ("Change to 'call'", "call")
    assert "{#call}" in edited(MD_SOP, fix.edit.span, fix.edit.text)
    purpose = finding_of(state, rel, "SOP403")  # in the front matter: a YAML comment
    assert ignore_on_line(purpose, Lines(MD_SOP)) == Edit(
        Span(2, 11, 2, 11), "  # sopc: ignore SOP403"
    )


def edited(text: str, span: Span, new: str) -> str:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: span.line - 1]) + span.column - 1
    end = sum(len(line) + 1 for line in lines[: span.end_line - 1]) + span.end_column - 1
    return text[:start] + new + text[end:]


def codes(state: ProjectState, rel: str) -> list[str]:
    return [f.code for f in state.by_file.get(rel, [])]


@pytest.mark.parametrize(
    ("revisions", "expected"),
    [
        ('revisions: [{version: "1.2", date: 2026-02-25}]\n', 'revisions: [{version: "1.3"'),
        ("revisions: []\n", 'revisions: [{version: "1.3"'),
        ("", 'revisions:\n  - {version: "1.3"'),
        ("", ""),  # and no line end at the end of the file
    ],
)
def test_the_revisions_entry_goes_first_whatever_the_list_looks_like(
    project: Project, revisions: str, expected: str
) -> None:
    head, _, _ = BASE_SOP.partition("revisions:\n")
    text = head.replace('version: "1.2"', 'version: "1.3"') + revisions
    if not expected:
        text, expected = text.rstrip("\n"), ']\nrevisions:\n  - {version: "1.3", date: 2026-11-20}'

    root = project({CS_PATH: BASE_SOP})
    state = checked(root, {CS_PATH: text})
    finding = finding_of(state, CS_PATH, "SOP104")
    edit = add_revision(finding, text, state.names.tree_of(CS_PATH), TODAY)
    assert edit is not None
    fixed = edited(text, edit.span, edit.text)
    assert expected in fixed
    # the new version's approval is older than its revision now: SOP109 says so
    assert codes(checked(root, {CS_PATH: fixed}), CS_PATH) == ["SOP109"]


def test_hover_shows_author_text_as_text_not_markup(project: Project) -> None:
    config = (
        (project() / "sopc.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "{name: 客服专员,", "{name: '<img src=x onerror=alert(1)> [点我](javascript:alert(1))',"
        )
    )
    root = project(config=config)
    state = checked(root)
    text = (root / CS_PATH).read_text(encoding="utf-8")
    line, column = locate(text, "cs-agent")
    spot = spot_at(state.names.tree_of(CS_PATH), text.split("\n")[line - 1], line, column)
    assert spot is not None
    shown = answers.hover(state.names, CS_PATH, spot, EN, state.calendar, lambda c, t: c)
    assert shown is not None
    assert re.search(r"(?<!\\)[<\[\]()]", shown.split("`")[0]) is None  # every mark escaped
    assert "\\<img src=x onerror=alert\\(1\\)\\> \\[点我\\]\\(javascript:alert\\(1\\)\\)" in shown


def test_durations_in_words_and_working_time() -> None:
    calendar = WorkCalendar.of(Calendar(), TODAY)
    assert answers.duration_hover("2wd", EN, calendar) == (
        "**2 working days**\n\n16 hours of working time; at most 4 days on the project calendar"
    )
    assert answers.duration_hover("4h", EN, calendar) == (
        "**4 hours**\n\nCalendar time; at most 4 hours of working time"
    )
    assert answers.duration_hover("接收后30分钟内", ZH, calendar) == (
        "**接收后30分钟内**\n\n日历时间；最多相当于 30 分钟工作时间"
    )
    assert answers.duration_hover("6mo", ZH, calendar) == "6 个月"
    assert answers.duration_hover("soon", EN, calendar) is None


def test_a_file_changed_on_disk_is_read_again(project: Project) -> None:
    """A reused check stats files instead of reading them; a write must still show."""
    root = project()
    checks, opened = ProjectChecks(), {root / CS_PATH: BASE_SOP}
    assert [f.code for f in checks(root, opened).findings] == []
    path = root / FIN_PATH  # not open: the open SOP hands off to it
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: FIN-003", "id: FIN-004"), encoding="utf-8")  # same size
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [f.code for f in checks(root, opened).findings] == ["SOP206", "SOP206"]
    assert [f.code for f in checks(root, opened).findings] == ["SOP206", "SOP206"]  # stamped


def test_rules_run_on_the_open_files_only(project: Project) -> None:
    """What the editor never shows is not checked: an edit costs one file's rules."""
    broken = BASE_SOP.replace("role: cs-agent", "role: cs-agnet")
    root = project({FIN_PATH: broken.replace("id: CS-001", "id: FIN-003")})
    found = ProjectChecks()(root, {root / CS_PATH: BASE_SOP}).findings
    assert found == []  # FIN-003's own SOP201 is not looked for while it is closed
    found = ProjectChecks()(root, {root / FIN_PATH: (root / FIN_PATH).read_text()}).findings
    assert [f.code for f in found] == ["SOP201"]


def test_a_code_joins_the_list_of_an_existing_ignore_comment() -> None:
    from sopc.findings import Finding
    from sopc.i18n import Message

    def joined(line: str, path: str = "a.sop.yaml") -> str:
        finding = Finding(path, Span(1, 1, 1, 2), "SOP201", Message("x"))
        edit = ignore_on_line(finding, Lines(line))
        assert edit is not None
        return edited(line, edit.span, edit.text)

    assert joined("role: x  # sopc: ignore SOP401 -- reviewed by QA") == (
        "role: x  # sopc: ignore SOP401,SOP201 -- reviewed by QA"
    )
    assert (
        joined("role: x  # SOPC: IGNORE vague-term") == "role: x  # SOPC: IGNORE vague-term,SOP201"
    )
    body = "---\nid: X\n---\n正文 <!-- sopc: ignore SOP401 -->"
    finding = Finding("a.sop.md", Span(4, 1, 4, 2), "SOP201", Message("x"))
    edit = ignore_on_line(finding, Lines(body))
    assert edit is not None
    assert edited(body, edit.span, edit.text).endswith("<!-- sopc: ignore SOP401,SOP201 -->")


def test_no_ignore_comment_inside_a_value_that_goes_on(project: Project) -> None:
    text = BASE_SOP.replace(
        "    time_limit: 10m\n",
        "    time_limit: 10m\n    standard: 尽快处理\n      完毕\n    control: |\n      尽快上报\n",
    )
    root = project({CS_PATH: BASE_SOP})
    state = checked(root, {CS_PATH: text})
    tree, lines = state.names.tree_of(CS_PATH), Lines(text)
    from sopc.findings import Finding
    from sopc.i18n import Message

    def offered(needle: str) -> bool:
        line, _ = locate(text, needle)
        finding = Finding(CS_PATH, Span(line, 5, line, 6), "SOP401", Message("x"))
        return ignore_on_line(finding, lines, tree) is not None

    assert not offered("standard: 尽快处理")  # a plain scalar that goes on
    assert not offered("      完毕")
    assert offered("control: |")  # a comment may follow a block scalar's indicator
    assert not offered("      尽快上报")
    assert offered("time_limit: 10m")


def test_sopc_yaml_findings_get_no_ignore_action(project: Project) -> None:
    config = (project() / "sopc.yaml").read_text(encoding="utf-8") + "languag: en\n"
    root = project(config=config)
    state = checked(root, {"sopc.yaml": config})
    finding = finding_of(state, "sopc.yaml", "SOP008")
    titles = [
        a.title for a in actions(finding, config, state.names.tree_of("sopc.yaml"), TODAY, EN)
    ]
    assert titles == ["Change to 'language'"]  # sopc.yaml's comments silence nothing


def test_hover_fences_ids_with_backticks_and_escapes_unknown_statuses(project: Project) -> None:
    text = BASE_SOP.replace("status: effective", 'status: "<b>x</b>"').replace(
        "    role: cs-agent\n", '    role: "x` [a](javascript:alert(6)) `"\n'
    )
    root = project({CS_PATH: text})
    state = checked(root)
    tree = state.names.tree_of(CS_PATH)

    def shown(needle: str) -> str:
        line, column = locate(text, needle)
        spot = spot_at(tree, text.split("\n")[line - 1], line, column)
        assert spot is not None
        found = answers.hover(state.names, CS_PATH, spot, EN, state.calendar, lambda c, t: c)
        assert found is not None
        return found

    assert shown("x` [a]") == "`` x` [a](javascript:alert(6)) ` `` is not defined in this project."
    line = "见 sop:CS-001"  # this SOP, whose status is no status
    spot = spot_at(None, line, 1, line.index("CS-001") + 1)
    assert spot is not None
    named = answers.hover(state.names, FIN_PATH, spot, EN, state.calendar, lambda c, t: c)
    assert named is not None
    assert "Status: \\<b\\>x\\</b\\>" in named


def test_a_local_role_is_referenced_in_its_own_sop_only(project: Project) -> None:
    other = BASE_SOP.replace("id: CS-001", "id: CS-002").replace("sop:FIN-003", "sop:CS-001")
    root = project({"sops/CS-002.sop.yaml": other})
    state = checked(root)
    text = (root / CS_PATH).read_text(encoding="utf-8")
    line, column = locate(text, "role: complaint-lead")
    spot = spot_at(state.names.tree_of(CS_PATH), text.split("\n")[line - 1], line, column + 6)
    assert spot is not None
    found = answers.references(state.names, CS_PATH, spot)
    assert {place.rel for place in found} == {CS_PATH}
    assert len(found) == 2  # its definition and its one use
    agent = spot_at(state.names.tree_of(CS_PATH), *_line_at(text, "role: cs-agent", 6))
    assert agent is not None
    files = {place.rel for place in answers.references(state.names, CS_PATH, agent)}
    assert files == {"sopc.yaml", CS_PATH, FIN_PATH, "sops/CS-002.sop.yaml"}


def _line_at(text: str, needle: str, shift: int) -> tuple[str, int, int]:
    line, column = locate(text, needle)
    return text.split("\n")[line - 1], line, column + shift


def test_an_id_ends_at_cjk_punctuation() -> None:
    line = "见 form:onboarding-checklist，SOP401。另见 sop:FIN-003."
    spot = spot_at(None, line, 1, line.index("onboarding") + 1)
    assert spot is not None
    assert (spot.kind, spot.word) == (Kind.FORM, "onboarding-checklist")
    rule = spot_at(None, line, 1, line.index("SOP401") + 1)
    assert rule is not None
    assert rule.word == "SOP401"
    ref = spot_at(None, line, 1, line.index("FIN") + 1)
    assert ref is not None
    assert ref.word == "FIN-003"


def test_lone_cr_line_ends_count_as_lines() -> None:
    lines = Lines("a: 1\rb: 𠀀x\r\nc")
    assert lines.line(2) == "b: 𠀀x"
    assert lines.point(2, 5) == Point(1, 5)
    assert lines.line(3) == "c"


def test_markdown_bodies_do_not_print_sopc_comments() -> None:
    from sopc.render.markdown import render_markdown

    html = render_markdown("正文 <!-- sopc: ignore SOP401 -->\n\n<!-- 其他 -->")
    assert "sopc" not in html
    assert "&lt;!-- 其他 --&gt;" in html  # other raw HTML stays text, as before


def test_completion_knows_lists_and_review_dates(project: Project) -> None:
    text = BASE_SOP.replace(
        "review: {interval: 6mo, last: 2026-09-01}", "review: {next: }"
    ).replace("    next: end\n", "    next: [receive, ]\n")
    root = project({CS_PATH: BASE_SOP})
    state = checked(root, {CS_PATH: text})
    assert labels(state, CS_PATH, text, "review: {next: }", "review: {next: ") == []
    parallel = labels(state, CS_PATH, text, "[receive, ]", "[receive, ")
    assert parallel == ["receive", "needs-refund", "reply"]  # a parallel list never ends


def test_the_sops_own_id_hovers_as_the_sop(project: Project) -> None:
    root = project()
    state = checked(root)
    text = (root / CS_PATH).read_text(encoding="utf-8")
    spot = spot_at(state.names.tree_of(CS_PATH), *_line_at(text, "id: CS-001", 4))
    assert spot is not None
    assert (spot.kind, spot.word, spot.defines) == (Kind.SOP, "CS-001", True)
    shown = answers.hover(state.names, CS_PATH, spot, EN, state.calendar, lambda c, t: c)
    assert shown == "**客户投诉处理流程** `CS-001` · SOP\n\nStatus: Effective\n\nVersion: 1.2"
