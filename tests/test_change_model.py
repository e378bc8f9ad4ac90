"""`sopc.change`: changes as structure (SOP, step, field, key, old, new), every model
field with a diff category, and the one version verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopc.change.compare import (
    SOP_FIELDS,
    SOP_NOT_COMPARED,
    STEP_FIELDS,
    STEP_NOT_COMPARED,
    Change,
    Edge,
    Kind,
    SopDiff,
    compare,
)
from sopc.change.policy import Level, Verdict, bump, needed, next_version, recorded, verdict
from sopc.diff.history import Answer
from sopc.diff.summary import show, shown, summary
from sopc.i18n import translator
from sopc.model.config import Policy
from sopc.model.sop import SOP, Step
from sopc.sources import parse_sop_file
from tests.conftest import BASE_SOP, CS_PATH


def sop(text: str = BASE_SOP) -> SOP:
    parsed = parse_sop_file(Path(CS_PATH), CS_PATH, text).sop
    assert parsed is not None, text
    return parsed


def edited(*pairs: tuple[str, str]) -> SOP:
    text = BASE_SOP
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return sop(text)


# --- every model field has a category ---------------------------------------------------


@pytest.mark.parametrize(
    ("model", "compared", "not_compared"),
    [(SOP, SOP_FIELDS, SOP_NOT_COMPARED), (Step, STEP_FIELDS, STEP_NOT_COMPARED)],
)
def test_every_model_field_has_a_diff_category_or_a_reason(
    model: type[SOP | Step], compared: dict[str, str], not_compared: dict[str, str]
) -> None:
    """A field added to the model without a category would never show in a diff and
    never call for a new version: it must go into one of the two tables."""
    fields = set(model.model_fields)
    assert set(compared) | set(not_compared) == fields
    assert set(compared) & set(not_compared) == set()
    assert all(reason.strip() for reason in not_compared.values())


# --- changes are structure --------------------------------------------------------------


def test_an_sop_field_change() -> None:
    (change,) = compare(sop(), edited(("owner: cs-manager", "owner: ops-director")))
    assert change == Change(
        "CS-001", "roles", Kind.FIELD, field="owner", old="cs-manager", new="ops-director"
    )
    assert change.step is None
    assert change.key == ()
    assert change.what == "owner"


def test_a_per_case_step_limit_names_the_step_and_the_case() -> None:
    new = edited(("{一般: 1wd, 重大: 3wd}", "{一般: 1wd, 重大: 4wd}"))
    (change,) = compare(sop(), new)
    assert (change.kind, change.category) == (Kind.FIELD, "time")
    assert (change.step, change.field, change.key) == ("reply", "time_limit", ("重大",))
    assert (change.old, change.new, change.title) == ("3wd", "4wd", "回复客户处理结果")
    assert change.what == "step reply (回复客户处理结果): time_limit[重大]"


def test_a_named_list_item_is_keyed_by_its_name_then_by_its_fields() -> None:
    (change,) = compare(sop(), edited(("within: 10d}", "within: {一般: 10d, 重大: 5d}}")))
    assert (change.field, change.key) == ("deadlines", ("闭环", "within"))
    assert (change.old, change.new) == ("10d", {"一般": "10d", "重大": "5d"})  # data, not text
    assert show(change.new, translator("zh-CN")) == "一般 10d · 重大 5d"
    assert change.what == "deadlines[闭环][within]"
    nested = compare(
        sop(),
        edited(
            (
                "roles:\n  complaint-lead: {name: 投诉专员",
                "roles:\n  complaint-lead: {name: 投诉主管",
            )
        ),
    )
    assert [(c.field, c.key, c.old, c.new) for c in nested] == [
        ("roles", ("complaint-lead", "name"), "投诉专员", "投诉主管")
    ]


def test_whole_steps_order_and_edges_are_kinds_with_data() -> None:
    new = edited(
        ("  - id: receive\n    title: 接收并登记投诉", "  - id: intake\n    title: 受理投诉")
    )
    changes = compare(sop(), new)
    removed = next(c for c in changes if c.kind is Kind.STEP_REMOVED)
    added = next(c for c in changes if c.kind is Kind.STEP_ADDED)
    assert (removed.step, removed.title, removed.old, removed.new) == (
        "receive", "接收并登记投诉", "接收并登记投诉", None
    )  # fmt: skip
    assert (added.step, added.title, added.old, added.new) == (
        "intake",
        "受理投诉",
        None,
        "受理投诉",
    )
    assert (removed.what, added.what) == ("step receive", "step intake")
    edges = {(c.kind, c.edge) for c in changes if c.edge is not None}
    assert edges == {
        (Kind.FLOW_REMOVED, Edge("receive", "needs-refund")),
        (Kind.FLOW_ADDED, Edge("intake", "needs-refund")),
    }
    flow = next(c for c in changes if c.kind is Kind.FLOW_ADDED)
    assert (flow.category, flow.what, flow.old, flow.new) == (
        "flow", "flow intake → needs-refund", None, ""
    )  # fmt: skip


def test_a_branch_edge_carries_its_answer_and_the_order_its_steps() -> None:
    changes = compare(sop(), edited(("{when: 否, next: reply}", "{when: 不退款, next: reply}")))
    assert [(c.kind, c.edge) for c in changes] == [
        (Kind.FLOW_REMOVED, Edge("needs-refund", "reply", branch=True, when="否")),
        (Kind.FLOW_ADDED, Edge("needs-refund", "reply", branch=True, when="不退款")),
    ]
    assert str(changes[1].edge) == "needs-refund → reply [不退款]"
    text = BASE_SOP
    reply = text[text.index("  - id: reply") : text.index("exceptions:")]
    decision = text[text.index("  - id: needs-refund") : text.index("  - id: reply")]
    text = text.replace(decision + reply, reply + decision)
    (order, *_edges) = compare(sop(), sop(text))
    assert (order.kind, order.what, order.step) == (Kind.STEP_ORDER, "step order", None)
    assert (order.old, order.new) == (
        "receive → needs-refund → reply",
        "receive → reply → needs-refund",
    )


def test_title_and_owner_come_before_the_steps_and_the_rest_after() -> None:
    new = edited(
        ("title: 客户投诉处理流程", "title: 投诉处理流程"),
        ("owner: cs-manager", "owner: ops-director"),
        ("title: 判断是否退款", "title: 判断退款"),
        ("risk: 投诉升级为舆情", "risk: 投诉升级"),
    )
    fields = [(c.step, c.field) for c in compare(sop(), new)]
    assert fields == [(None, "title"), (None, "owner"), ("needs-refund", "title"),
                      (None, "risks"), (None, "risks")]  # fmt: skip


def test_a_revisions_entry_is_keyed_by_its_version_and_changes_as_a_whole() -> None:
    new = edited(
        (
            "revisions:\n",
            'revisions:\n  - {version: "1.3", date: 2026-11-20, changes: 调整负责人}\n',
        ),
        ("changes: 调整时限}", "changes: 调整回复时限}"),
    )
    added, edited_entry = compare(sop(), new)
    assert (added.category, added.field, added.key, added.old) == (
        "document",
        "revisions",
        ("1.3",),
        None,
    )
    assert added.new == {
        "version": "1.3",
        "date": "2026-11-20",
        "author": None,
        "changes": "调整负责人",
    }
    assert added.what == "revisions[1.3]"
    assert (edited_entry.key, edited_entry.old, edited_entry.new) == (
        ("1.1",),
        {"version": "1.1", "date": "2025-08-01", "author": "张伟", "changes": "调整时限"},
        {"version": "1.1", "date": "2025-08-01", "author": "张伟", "changes": "调整回复时限"},
    )
    zh, en = translator("zh-CN"), translator("en")
    assert shown(added, added.new, zh) == "1.3（2026-11-20）调整负责人"
    assert shown(edited_entry, edited_entry.new, en) == "1.1 (2025-08-01, 张伟): 调整回复时限"


def test_a_named_list_whose_names_repeat_is_compared_as_one_value() -> None:
    """Two entries of one version cannot be told apart: neither may hide the other."""
    twice = '  - {version: "1.2", date: 2026-02-26, changes: 补记}\n'
    new = edited(("revisions:\n", "revisions:\n" + twice))
    (change,) = compare(sop(), new)
    assert (change.field, change.key) == ("revisions", ())
    assert isinstance(change.old, list)
    assert isinstance(change.new, list)
    assert len(change.new) == len(change.old) + 1
    assert shown(change, change.new, translator("zh-CN")) == (
        "1.2（2026-02-26）补记；1.2（2026-02-25，张伟）增加退款判断；1.1（2025-08-01，张伟）调整时限"
    )


def test_an_sop_that_only_moved_is_told_from_one_that_changed() -> None:
    moved = SopDiff("CS-001", "客户投诉处理流程", sop(), sop(), "a.sop.yaml", "b/a.sop.yaml")
    assert (moved.kind, moved.moved, moved.relocated) == ("changed", True, True)
    new = edited(("owner: cs-manager", "owner: ops-director"))
    both = SopDiff("CS-001", "x", sop(), new, "a.sop.yaml", "b/a.sop.yaml", compare(sop(), new))
    assert (both.kind, both.moved, both.relocated) == ("changed", False, True)
    here = SopDiff("CS-001", "x", sop(), new, "a.sop.yaml", "a.sop.yaml", compare(sop(), new))
    assert (here.moved, here.relocated) == (False, False)


# --- the version verdict ----------------------------------------------------------------


def test_levels_are_ordered_and_read_as_words() -> None:
    assert Level.DOWN < Level.NONE < Level.PATCH < Level.MINOR < Level.MAJOR
    assert [str(level) for level in Level] == ["down", "none", "patch", "minor", "major"]
    assert f"a {Level.MAJOR} change" == "a major change"


@pytest.mark.parametrize(
    ("old", "new", "step"),
    [("1.2", "1.2", Level.NONE), ("1.2", "1.2.1", Level.PATCH), ("1.2", "1.3", Level.MINOR),
     ("1.2", "2.0", Level.MAJOR), ("1.2", "1.1", Level.DOWN), ("1.2.1", "1.2", Level.DOWN)],
)  # fmt: skip
def test_bump(old: str, new: str, step: Level) -> None:
    assert bump(old, new) is step


def test_next_version() -> None:
    assert [next_version("1.2", level) for level in Level] == ["1.2", "1.2", "1.2.1", "1.3", "2.0"]


def test_needed_follows_the_policy() -> None:
    owner = compare(sop(), edited(("owner: cs-manager", "owner: ops-director")))
    purpose = compare(sop(), edited(("purpose: 规范客户投诉处理。", "purpose: 规范投诉处理。")))
    status = compare(sop(), edited(("status: effective", "status: review")))
    assert needed(owner, Policy()) is Level.MAJOR
    assert needed(owner, Policy(major_changes=["flow"])) is Level.MINOR
    assert needed(purpose, Policy()) is Level.MINOR
    assert needed(purpose, Policy(patch_changes=["text"])) is Level.PATCH
    assert needed(status, Policy()) is Level.NONE


@pytest.mark.parametrize(
    ("version", "expected"),
    [("1.2", Verdict(Level.MAJOR, Level.NONE, "2.0")),
     ("1.3", Verdict(Level.MAJOR, Level.MINOR, "2.0")),
     ("2.0", Verdict(Level.MAJOR, Level.MAJOR, "2.0")),
     ("3.0", Verdict(Level.MAJOR, Level.MAJOR, "3.0")),
     ("1.1", Verdict(Level.MAJOR, Level.DOWN, "2.0"))],
)  # fmt: skip
def test_the_verdict_on_an_owner_change(version: str, expected: Verdict) -> None:
    new = edited(("owner: cs-manager", "owner: ops-director"), ('"1.2"', f'"{version}"'))
    found = verdict(sop(), new, Policy())
    assert found == expected
    assert found.enough is (expected.step >= Level.MAJOR)
    assert verdict(sop(), new, Policy(), compare(sop(), new)) == found


def test_a_version_is_recorded_when_revisions_have_its_entry() -> None:
    assert recorded(sop(), "1.2")
    assert recorded(sop(), "1.1.0")  # versions compare by their numbers
    assert not recorded(sop(), "2.0")


def test_document_control_alone_needs_no_new_version() -> None:
    new = edited(("status: effective", "status: review"))
    assert verdict(sop(), new, Policy()) == Verdict(Level.NONE, Level.NONE, "1.2")
    assert verdict(sop(), new, Policy()).enough
    lowered = edited(("status: effective", "status: review"), ('"1.2"', '"1.1"'))
    assert not verdict(sop(), lowered, Policy()).enough


# --- the sentence, from the structure ---------------------------------------------------


def test_the_summary_names_steps_and_cases_in_the_manuals_language() -> None:
    new = edited(
        ("owner: cs-manager", "owner: ops-director"),
        ("{一般: 1wd, 重大: 3wd}", "{一般: 1wd, 重大: 4wd}"),
        ("{when: 否, next: reply}", "{when: 不退款, next: reply}"),
    )
    diff = SopDiff("CS-001", "客户投诉处理流程", sop(), new, changes=compare(sop(), new))
    assert summary(diff, "zh-CN") == (
        "流程负责人 cs-manager → ops-director；「回复客户处理结果」时限（重大） 3wd → 4wd"
    )
    assert summary(diff, "en") == (
        "Owner: cs-manager → ops-director; 回复客户处理结果: time limit (重大): 3wd → 4wd"
    )


def test_a_step_title_with_a_line_break_reads_like_any_other() -> None:
    new = edited(("title: 判断是否退款", 'title: "判断\\n是否退款"'))
    diff = SopDiff("CS-001", "客户投诉处理流程", sop(), new, changes=compare(sop(), new))
    assert summary(diff, "zh-CN") == "「判断\n是否退款」名称 判断是否退款 → 判断\n是否退款"


# --- history answers --------------------------------------------------------------------


def test_a_history_answer_round_trips_through_its_cache_file() -> None:
    for answer in (Answer("CS-001", "2.0", "流程负责人 a → b"), Answer(None, None, "删除")):
        assert Answer.from_json(answer.to_json().decode("utf-8")) == answer


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", '{"id": "CS-001", "version": "1.0"}', '{"id": 1, "version": null, "summary": ""}',
     '{"id": "CS-001", "version": "1.0", "summary": null}',
     '{"id": "CS-001", "version": "1.0", "summary": "", "extra": 1}'],
)  # fmt: skip
def test_a_cache_file_that_holds_no_answer_is_not_one(text: str) -> None:
    assert Answer.from_json(text) is None
