"""Two versions of an SOP compared by meaning: which fields changed from what
to what, which steps were added, removed, moved or changed, which flow edges
appeared or went. Each change has a category, which the version policy reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sopc.model.config import ChangeCategory
from sopc.model.sop import SOP

Category = ChangeCategory | Literal["document"]

# the category of a change to each top-level field and step field
_SOP_FIELDS: dict[str, Category] = {
    "title": "text", "purpose": "text", "scope": "text", "departments": "text",
    "owner": "roles", "roles": "roles", "cases": "time", "deadlines": "time",
    "kpis": "text", "forms": "forms", "exceptions": "exceptions", "risks": "text",
    "references": "text", "status": "document", "effective_date": "document",
    "review": "document", "approval": "document", "revisions": "document",
}  # fmt: skip
_STEP_FIELDS: dict[str, Category] = {
    "title": "text", "role": "roles", "support": "roles", "inputs": "forms",
    "outputs": "forms", "time_limit": "time", "standard": "text", "control": "text",
    "notes": "text", "tools": "text", "decision": "flow",
}  # fmt: skip
# lists whose items have a name to match them by
_KEYED_LISTS = {"deadlines": "name", "kpis": "name", "exceptions": "id", "risks": "risk"}


@dataclass(frozen=True)
class Change:
    category: Category
    what: str  # where, in the reader's words: "owner", "step approve (审批): time_limit[重大]"
    old: str | None = None  # None: added
    new: str | None = None  # None: removed
    step: str | None = None  # the step's title when the change is a whole step


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
    def kind(self) -> Literal["added", "removed", "changed", "unchanged"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes or self.old_path != self.new_path else "unchanged"

    @property
    def content_changes(self) -> list[Change]:
        """Changes to the procedure, not to its document control."""
        return [c for c in self.changes if c.category != "document"]


def compare(old: SOP, new: SOP) -> list[Change]:
    """Every change from `old` to `new`, in the SOP's field order."""
    a, b = _plain(old), _plain(new)
    changes: list[Change] = []
    for name, category in _SOP_FIELDS.items():
        if name in _KEYED_LISTS:
            changes += _keyed(name, category, a.get(name) or [], b.get(name) or [])
        else:
            changes += _value(category, name, a.get(name), b.get(name))
    return _order(changes, _steps(a["steps"], b["steps"]))


def _order(fields: list[Change], steps: list[Change]) -> list[Change]:
    """Top-level fields first (the title, owner…), then steps and flow, then the rest."""
    head = [c for c in fields if c.what.split("[")[0] in ("title", "owner", "purpose", "scope")]
    return head + steps + [c for c in fields if c not in head]


def _steps(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    before = {s["id"]: s for s in old}
    after = {s["id"]: s for s in new}
    changes = [Change("flow", f"step {sid}", old=s["title"], step=s["title"])
               for sid, s in before.items() if sid not in after]  # fmt: skip
    changes += [Change("flow", f"step {sid}", new=s["title"], step=s["title"])
                for sid, s in after.items() if sid not in before]  # fmt: skip
    kept_before = [sid for sid in before if sid in after]
    kept_after = [sid for sid in after if sid in before]
    if kept_before != kept_after:
        changes.append(
            Change("flow", "step order", " → ".join(kept_before), " → ".join(kept_after))
        )
    for sid in kept_after:
        s, t = before[sid], after[sid]
        label = f"step {sid} ({t['title']})"
        for name, category in _STEP_FIELDS.items():
            changes += _value(category, f"{label}: {name}", s.get(name), t.get(name))
    old_edges, new_edges = _edges(old), _edges(new)
    changes += [Change("flow", f"flow {e}", old="") for e in old_edges if e not in new_edges]
    changes += [Change("flow", f"flow {e}", new="") for e in new_edges if e not in old_edges]
    return changes


def _edges(steps: list[dict[str, Any]]) -> list[str]:
    """`a → b` for each way on, `a → b [when]` for decision branches; in step order."""
    edges: list[str] = []
    for index, step in enumerate(steps):
        targets: list[tuple[str, str]] = []
        if step.get("branches"):
            targets = [(b["next"], f" [{b.get('when', '')}]") for b in step["branches"]]
        elif isinstance(step.get("next"), list):
            targets = [(to, "") for to in step["next"]]
        elif isinstance(step.get("next"), str):
            targets = [(step["next"], "")]
        elif index + 1 < len(steps):
            targets = [(steps[index + 1]["id"], "")]  # falls through to the next step
        else:
            targets = [("end", "")]
        edges += [f"{step['id']} → {to}{when}" for to, when in targets]
    return edges


def _keyed(name: str, category: Category, old: list[Any], new: list[Any]) -> list[Change]:
    key = _KEYED_LISTS[name]
    if not all(isinstance(x, dict) and x.get(key) for x in [*old, *new]):
        return _value(category, name, old, new)
    before = {x[key]: x for x in old}
    after = {x[key]: x for x in new}
    changes = [Change(category, f"{name}[{k}]", old=_show(v)) for k, v in before.items()
               if k not in after]  # fmt: skip
    changes += [Change(category, f"{name}[{k}]", new=_show(v)) for k, v in after.items()
                if k not in before]  # fmt: skip
    for k in after:
        if k in before:
            changes += _value(category, f"{name}[{k}]", before[k], after[k])
    return changes


def _value(category: Category, what: str, old: Any, new: Any) -> list[Change]:
    """The change of one value; a map on both sides (per-case limits, roles, approval)
    is compared entry by entry, so `time_limit[重大]: 5wd → 4wd` names the case."""
    if (_empty(old) and _empty(new)) or old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in [*old, *(k for k in new if k not in old)]:
            changes += _value(category, f"{what}[{key}]", old.get(key), new.get(key))
        return changes
    return [Change(category, what, None if _empty(old) else _show(old),
                   None if _empty(new) else _show(new))]  # fmt: skip


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _show(value: Any) -> str:
    """A value as a reviewer reads it: text as written, lists joined with 、."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return " · ".join(f"{k} {v}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _plain(sop: SOP) -> dict[str, Any]:
    data: dict[str, Any] = sop.model_dump(mode="json", by_alias=True, warnings=False)
    return data
