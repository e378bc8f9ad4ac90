"""Two versions of an SOP compared by meaning: which fields changed from what
to what, which steps were added, removed, moved or changed, which flow edges
appeared or went. Each change has a category, which the version policy reads.

A change is structure (SOP, step, field, key, old, new): reports, the revision
summary and the rules format it, and nobody reads a formatted change back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Literal

from sopc.model.config import ChangeCategory
from sopc.model.sop import SOP

Category = ChangeCategory | Literal["document"]
SopKind = Literal["added", "removed", "changed", "unchanged"]
Plain = str | int | float | bool | list[Any] | dict[str, Any]
"""A value as the SOP's JSON form has it; reports show it in the manual's language."""

# the category of a change to each top-level field and step field
SOP_FIELDS: dict[str, Category] = {
    "title": "text", "purpose": "text", "scope": "text", "departments": "text",
    "owner": "roles", "roles": "roles", "cases": "time", "deadlines": "time",
    "kpis": "text", "forms": "forms", "exceptions": "exceptions", "risks": "text",
    "references": "text", "status": "document", "effective_date": "document",
    "review": "document", "approval": "document", "revisions": "document",
    "flow_direction": "document",
}  # fmt: skip
STEP_FIELDS: dict[str, Category] = {
    "title": "text", "role": "roles", "support": "roles", "inputs": "forms",
    "outputs": "forms", "time_limit": "time", "standard": "text", "control": "text",
    "notes": "text", "tools": "text", "decision": "flow",
}  # fmt: skip
# the model fields that are not compared as a field, and why: every field of `SOP`
# and `Step` is in exactly one table (tests/test_change_model.py checks it)
SOP_NOT_COMPARED: dict[str, str] = {
    "id": "SOPs are matched by their id: another id is another SOP",
    "version": "the version is what the policy judges the changes against",
    "steps": "compared step by step: added, removed, reordered, and each step's fields",
}
STEP_NOT_COMPARED: dict[str, str] = {
    "id": "steps are matched by their id: another id is another step",
    "next": "compared as flow edges, with the implicit way on to the next step",
    "branches": "compared as flow edges, each with its answer",
}
# lists whose items have a name to match them by
_KEYED_LISTS = {
    "deadlines": "name", "kpis": "name", "exceptions": "id", "risks": "risk",
    "revisions": "version",
}  # fmt: skip
# keyed lists whose items change as a whole: a revisions entry is read as one record
_WHOLE_ITEMS = {"revisions"}
# the top-level fields listed before the steps; the rest come after them
_HEAD = ("title", "owner", "purpose", "scope")


class Kind(Enum):
    """What a change is about: a value, a whole step, the step order, a flow edge."""

    FIELD = "field"  # a field's value changed, or was set or cleared
    STEP_ADDED = "step added"
    STEP_REMOVED = "step removed"
    STEP_ORDER = "step order"  # the steps both sides have run in another order
    FLOW_ADDED = "flow added"
    FLOW_REMOVED = "flow removed"


@dataclass(frozen=True)
class Edge:
    """One way on from a step: `next`, a decision's branch, or falling through to
    the step below (the last step goes to `end`)."""

    source: str
    target: str  # a step id, `end` or `sop:ID`
    branch: bool = False  # a decision's branch, with its answer
    when: str | None = None  # the branch's answer

    def __str__(self) -> str:
        answer = f" [{self.when}]" if self.branch and self.when is not None else ""
        return f"{self.source} → {self.target}{answer}"


@dataclass(frozen=True)
class Change:
    """One change from the old SOP to the new. `old` and `new` are the values as the
    SOP's JSON form has them (reports show them: `sopc.diff.summary.show`); None:
    not there."""

    sop_id: str
    category: Category
    kind: Kind = Kind.FIELD
    step: str | None = None  # the step's id; None for the SOP's own fields
    field: str | None = None  # the model field, e.g. owner, time_limit
    key: tuple[str, ...] = ()  # into the field: case, list item, map key (outer first)
    old: Plain | None = None  # None: added
    new: Plain | None = None  # None: removed
    title: str | None = None  # the step's title (the new one; the old for a removed step)
    edge: Edge | None = None  # for FLOW_ADDED and FLOW_REMOVED

    @property
    def what(self) -> str:
        """Where, as `sopc diff` lists it (and its JSON's `what`): `owner`,
        `deadlines[问题解决][within]`, `step approve (审批): time_limit[重大]`,
        `step intake`, `step order`, `flow a → b [是]`."""
        keys = "".join(f"[{key}]" for key in self.key)
        match self.kind:
            case Kind.STEP_ADDED | Kind.STEP_REMOVED:
                return f"step {self.step}"
            case Kind.STEP_ORDER:
                return "step order"
            case Kind.FLOW_ADDED | Kind.FLOW_REMOVED:
                return f"flow {self.edge}"
        if self.step is not None:
            return f"step {self.step} ({self.title}): {self.field}{keys}"
        return f"{self.field}{keys}"


@dataclass
class SopDiff:
    """What happened to one SOP between two revisions."""

    sop_id: str
    title: str
    old: SOP | None
    new: SOP | None
    old_path: str | None = None
    new_path: str | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def kind(self) -> SopKind:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes or self.old_path != self.new_path else "unchanged"

    @property
    def relocated(self) -> bool:
        """At another path than before (moved or renamed), whatever else changed."""
        return bool(self.old_path and self.new_path and self.old_path != self.new_path)

    @property
    def moved(self) -> bool:
        """Only moved: the same content at another path (a `changed` kind, headed as moved)."""
        return self.kind == "changed" and not self.changes

    @property
    def content_changes(self) -> list[Change]:
        """Changes to the procedure, not to its document control."""
        return [c for c in self.changes if c.category != "document"]


def compare(old: SOP, new: SOP) -> list[Change]:
    """Every change from `old` to `new`: the title, owner, purpose and scope first,
    then the steps and the flow, then the other fields in the SOP's field order."""
    a, b = _plain(old), _plain(new)
    fields: list[Change] = []
    for name, category in SOP_FIELDS.items():
        at = Change(new.id, category, field=name)
        if name in _KEYED_LISTS:
            fields += _keyed(at, a.get(name) or [], b.get(name) or [])
        else:
            fields += _value(at, a.get(name), b.get(name))
    steps = _steps(new.id, a["steps"], b["steps"])
    return (
        [c for c in fields if c.field in _HEAD]
        + steps
        + [c for c in fields if c.field not in _HEAD]
    )


def _steps(sop_id: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    before = {s["id"]: s for s in old}
    after = {s["id"]: s for s in new}
    flow = Change(sop_id, "flow")
    changes = [replace(flow, kind=Kind.STEP_REMOVED, step=sid, old=s["title"], title=s["title"])
               for sid, s in before.items() if sid not in after]  # fmt: skip
    changes += [replace(flow, kind=Kind.STEP_ADDED, step=sid, new=s["title"], title=s["title"])
                for sid, s in after.items() if sid not in before]  # fmt: skip
    kept_before = [sid for sid in before if sid in after]
    kept_after = [sid for sid in after if sid in before]
    if kept_before != kept_after:
        old_order, new_order = " → ".join(kept_before), " → ".join(kept_after)
        changes.append(replace(flow, kind=Kind.STEP_ORDER, old=old_order, new=new_order))
    for sid in kept_after:
        s, t = before[sid], after[sid]
        for name, category in STEP_FIELDS.items():
            at = Change(sop_id, category, step=sid, field=name, title=t["title"])
            changes += _value(at, s.get(name), t.get(name))
    old_edges, new_edges = _edges(old), _edges(new)
    changes += [replace(flow, kind=Kind.FLOW_REMOVED, old="", edge=e)
                for e in old_edges if e not in new_edges]  # fmt: skip
    changes += [replace(flow, kind=Kind.FLOW_ADDED, new="", edge=e)
                for e in new_edges if e not in old_edges]  # fmt: skip
    return changes


def _edges(steps: list[dict[str, Any]]) -> list[Edge]:
    """Each step's ways on, in step order."""
    edges: list[Edge] = []
    for index, step in enumerate(steps):
        source = step["id"]
        if step.get("branches"):
            branches = step["branches"]
            edges += [Edge(source, b["next"], branch=True, when=b["when"]) for b in branches]
        elif isinstance(step.get("next"), list):
            edges += [Edge(source, to) for to in step["next"]]
        elif isinstance(step.get("next"), str):
            edges.append(Edge(source, step["next"]))
        elif index + 1 < len(steps):
            edges.append(Edge(source, steps[index + 1]["id"]))  # falls through
        else:
            edges.append(Edge(source, "end"))
    return edges


def _keyed(at: Change, old: list[Any], new: list[Any]) -> list[Change]:
    """A list whose items have a name (`_KEYED_LISTS`), item by item; compared as one
    value when an item has no name or two items share one (neither could be told
    apart). A revisions entry changes as a whole (`_WHOLE_ITEMS`), other items field
    by field."""
    name = _KEYED_LISTS[str(at.field)]
    if not all(isinstance(x, dict) and x.get(name) for x in [*old, *new]):
        return _value(at, old, new)
    before = {str(x[name]): x for x in old}
    after = {str(x[name]): x for x in new}
    if len(before) < len(old) or len(after) < len(new):
        return _value(at, old, new)
    changes = [replace(at, key=(k,), old=v) for k, v in before.items() if k not in after]
    changes += [replace(at, key=(k,), new=v) for k, v in after.items() if k not in before]
    for k in (k for k in after if k in before):
        item = replace(at, key=(k,))
        if at.field not in _WHOLE_ITEMS:
            changes += _value(item, before[k], after[k])
        elif before[k] != after[k]:
            changes.append(replace(item, old=before[k], new=after[k]))
    return changes


def _value(at: Change, old: Any, new: Any) -> list[Change]:
    """The change of one value at `at`; a map on both sides (per-case limits, roles,
    approval) is compared entry by entry, so `time_limit[重大]: 5wd → 4wd` names the
    case and says nothing of the cases that stayed."""
    if (_empty(old) and _empty(new)) or old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in [*old, *(k for k in new if k not in old)]:
            changes += _value(replace(at, key=(*at.key, str(key))), old.get(key), new.get(key))
        return changes
    return [replace(at, old=None if _empty(old) else old, new=None if _empty(new) else new)]


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _plain(sop: SOP) -> dict[str, Any]:
    data: dict[str, Any] = sop.model_dump(mode="json", by_alias=True, warnings=False)
    return data
