"""The words around the values in a `sopc diff` report, in the reader's language
(`t`, the message language): where a change is, a change as a line, the verdict
and the headline.

In English a place reads exactly as the JSON's `what` (`step reply (回复客户处理
结果): time_limit[重大]`); in Chinese it names fields as the manual does
(`步骤 reply「回复客户处理结果」时限（重大）`). The values themselves are shown in
the manual's language (`sopc.diff.summary.shown`): they are the SOP's own text.
"""

from __future__ import annotations

from sopc.change.compare import Change, Kind, SopDiff
from sopc.change.policy import Level, Verdict, recorded
from sopc.diff.snapshot import WORKING_TREE
from sopc.i18n import Translator
from sopc.results import DiffResult

# the manual's label for a field whose own key names something else, or nothing
_FIELD_LABELS = {
    "deadlines": "deadline",
    "kpis": "kpi",
    "risks": "risk",
    "approval": "diff.approval",
}
_LEVELS = {Level.PATCH: "diff.level_patch", Level.MINOR: "diff.level_minor",
           Level.MAJOR: "diff.level_major"}  # fmt: skip
_KINDS = {"changed": "diff.kind_changed", "added": "diff.kind_added",
          "removed": "diff.kind_removed", "moved": "diff.kind_moved"}  # fmt: skip
_REVISION_ROWS = {"added": "diff.row_revision_added", "removed": "diff.row_revision_removed",
                  "edited": "diff.row_revision_edited"}  # fmt: skip


def place(change: Change, t: Translator) -> str:
    """Where a change is: `owner` / `流程负责人`, `step intake` / `步骤 intake`,
    `flow a → b [是]` / `流转 a → b（是）`."""
    match change.kind:
        case Kind.STEP_ADDED | Kind.STEP_REMOVED:
            return t("diff.where_step", step=change.step)
        case Kind.STEP_ORDER:
            return t("diff.where_order")
        case Kind.FLOW_ADDED | Kind.FLOW_REMOVED if (edge := change.edge) is not None:
            answer = t("diff.where_answer", when=edge.when) if edge.branch and edge.when else ""
            return t("diff.where_flow", source=edge.source, target=edge.target) + answer
    field = str(change.field)
    name = t(_FIELD_LABELS.get(field, field)) if t("diff.where_names") == "label" else field
    keys = change.key if change.field != "revisions" else ()  # the entry shows its version
    if keys:
        name += t("diff.where_keys", keys=t("diff.where_key_sep").join(keys))
    if change.step is None:
        return name
    return t("diff.where_step_field", step=change.step, title=change.title, field=name)


def row_line(change: Change, old: str | None, new: str | None, t: Translator) -> str:
    """A change as the text report lists it, after its mark: `owner: a → b`,
    `revisions: added 1.3 (2026-11-20): …`."""
    what = place(change, t)
    if change.field == "revisions" and change.step is None:
        action = "added" if old is None else "removed" if new is None else "edited"
        return t(_REVISION_ROWS[action], what=what, entry=new or old, old=old, new=new)
    if old is not None and new is not None:
        return t("diff.row_change", what=what, old=old, new=new)
    value = new if old is None else old
    return t("diff.row_value", what=what, value=value) if value else what


def kind(sop: SopDiff, t: Translator) -> str:
    """What happened to the SOP, as its heading says: changed, added, removed, moved."""
    return t(_KINDS["moved" if sop.moved else sop.kind])


def side(label: str, t: Translator) -> str:
    """A side of the comparison as the reader calls it: a revision as given, or the
    working tree in the reader's words."""
    return t("diff.working_tree") if label == WORKING_TREE else label


def headline(result: DiffResult, t: Translator) -> str:
    """`1 changed, 0 added, 0 removed (HEAD → working tree)`, with the SOPs that only
    moved counted apart when there are any."""
    moved = sum(1 for sop in result.sops if sop.moved)
    counts = {kind: result.count(kind) for kind in ("changed", "added", "removed")}
    counts["changed"] -= moved
    base, head = side(result.base, t), side(result.head, t)
    if moved:
        return t("diff.headline_moved", moved=moved, base=base, head=head, **counts)
    return t("diff.headline", base=base, head=head, **counts)


def nothing(result: DiffResult, t: Translator) -> str:
    """The line that says no SOP changed."""
    return t("diff.nothing", base=side(result.base, t), head=side(result.head, t))


def verdict_line(sop: SopDiff, verdict: Verdict | None, t: Translator) -> str | None:
    """The version policy's verdict on an SOP both sides have; None for one added
    or removed."""
    if verdict is None or sop.old is None or sop.new is None:
        return None
    old, new = sop.old.version, sop.new.version
    if not sop.changes:
        return t("diff.verdict_moved", version=new)
    if verdict.needed is Level.NONE:
        return t("diff.verdict_document", version=new)
    level = t(_LEVELS[verdict.needed])
    if verdict.enough:
        return t("diff.verdict_enough", level=level, old=old, new=new)
    return t("diff.verdict_not_enough", level=level, old=old, new=new, suggested=verdict.suggested)


def wants_entry(sop: SopDiff, verdict: Verdict | None) -> bool:
    """Whether to offer a revisions entry: the change needs a new version and the
    SOP's revisions have no entry for the version the policy asks for yet."""
    if verdict is None or sop.new is None or verdict.needed is Level.NONE:
        return False
    return not recorded(sop.new, verdict.suggested)


def record_line(sop: SopDiff, verdict: Verdict | None, t: Translator) -> str | None:
    """What is said instead of an entry once the SOP's revisions hold it: the record
    is complete, or only the version is still to be raised. None: an entry is due,
    or none is needed."""
    if verdict is None or sop.new is None or verdict.needed is Level.NONE:
        return None
    if not recorded(sop.new, verdict.suggested):
        return None
    key = "diff.record_complete" if verdict.enough else "diff.record_waiting"
    return t(key, version=verdict.suggested)
