"""The SOP an import is making, and its account of every piece (`ImportItem`).

A `Draft` holds the fields as plain data in the SOP format's order, the roles and
forms the file names, and what became of each piece of the file. Ids are given
once and deterministically:

- a role or form the project already has (same name in `sopc.yaml`; another SOP's
  own roles are its own) keeps the project's id and is not defined again;
- a name in the id map of a Word file sopc wrote (`sopc.model.idmap`) gets its
  id back;
- any other name becomes its own id (Chinese ids are ids: `投诉主管`), with the
  characters an id cannot hold replaced by `-` and `-2`, `-3` … on a clash;
- steps without a mapped id are `s1`, `s2` … in table order, exceptions `e1` …;
  an id the map gives to a name is never given to another piece
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from sopc.i18n import Message, translator
from sopc.model.base import FormDef, RoleDef
from sopc.model.idmap import IdMap
from sopc.model.sop import SopException, Step
from sopc.model.types import ID_PATTERN, RESERVED_IDS
from sopc.results import ImportItem, ItemStatus, Place

ORDER = (
    "id", "title", "version", "status", "effective_date", "review", "owner", "departments",
    "approval", "purpose", "scope", "cases", "deadlines", "kpis", "roles", "forms", "steps",
    "exceptions", "risks", "references", "revisions",
)  # fmt: skip
_NOT_IN_ID = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Known:
    """What the project already defines, by name: role name → (id, department), form
    name → id, and the SOP ids taken."""

    roles: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    forms: Mapping[str, str] = field(default_factory=dict)
    sops: frozenset[str] = frozenset()
    id_pattern: str | None = None  # sopc.yaml's, for SOP ids named in the text
    language: str = "en"

    def is_sop_id(self, text: str) -> bool:
        if text in self.sops:
            return True
        pattern = self.id_pattern or r"^[A-Za-z][A-Za-z0-9]{0,9}-\d{1,5}$"
        return bool(re.search(pattern, text)) and ID_PATTERN.fullmatch(text) is not None


class Draft:
    def __init__(self, known: Known, ids: IdMap) -> None:
        self.known, self.ids = known, ids
        self.data: dict[str, Any] = {}
        self.items: list[ImportItem] = []
        self.roles: dict[str, dict[str, Any]] = {}  # local roles by id
        self.forms: dict[str, dict[str, Any]] = {}  # local forms by id
        self.steps: list[dict[str, Any]] = []
        self.sections: dict[str, list[str]] = {}  # step id → its details, as Markdown
        project = [i for i, _ in known.roles.values()] + list(known.forms.values())
        self._taken: set[str] = {*RESERVED_IDS, *project}  # a local id never shadows one
        self._mapped = {i for kind in ids.ids.values() for i in kind.values()}  # kept free

    # -- the account --------------------------------------------------------------------

    def note(
        self, status: ItemStatus, place: Place, at: str, text: str = "", why: str | None = None
    ) -> None:
        reason = Message(f"import.why.{why}") if why else None
        self.items.append(ImportItem(status, place, at, _short(text), reason))

    def mapped(self, place: Place, at: str, text: str = "") -> None:
        self.note("mapped", place, at, text)

    def unknown(self, place: Place, text: str, why: str = "unrecognised") -> None:
        self.note("unknown", place, "", text, why)

    def keep(self, place: Place, step: dict[str, Any], text: str, why: str, at: str) -> None:
        """`text` into the step's notes, verbatim, and said so."""
        step.setdefault("notes", []).append(text)
        self.note("kept", place, f"{at}.notes", text, why)

    # -- ids ------------------------------------------------------------------------------

    def free_id(self, wanted: str, mapped: bool = False) -> str:
        """`wanted` as an id no other piece has: the id map's ids are kept for the
        names the map gives them (`mapped`), so that an inserted row takes none."""
        base = _NOT_IN_ID.sub("-", wanted).strip("-._") or "x"
        if not ID_PATTERN.fullmatch(base):
            base = f"x-{base}"
        candidate, n = base, 1
        while candidate in self._taken or (candidate in self._mapped and not mapped):
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate

    def mapped_id(self, kind: str, name: str, otherwise: str) -> str:
        """The id the id map gives `name`, else one made of `otherwise`."""
        found = self.ids.get(kind, name)
        if found is not None and found not in self._taken:
            return self.free_id(found, mapped=True)
        return self.free_id(otherwise)

    def step_id(self, title: str, index: int) -> str:
        return self.mapped_id("step", title, f"s{index + 1}")

    def is_department(self, text: str) -> bool:
        known = {d for _, d in self.known.roles.values() if d}
        return text in known or any(r.get("department") == text for r in self.roles.values())

    def role(self, name: str, department: str | None, place: Place) -> str:
        """The id of the role `name` (see the module's docstring), defined locally when
        the project does not have it."""
        if name in self.known.roles:
            return self.known.roles[name][0]
        for role_id, role in self.roles.items():
            if role["name"] == name:
                if department and not role.get("department"):
                    role["department"] = department
                return role_id
        role_id = self.mapped_id("role", name, name)
        self.roles[role_id] = {"name": name, **({"department": department} if department else {})}
        self.mapped(place, f"roles.{role_id}", name)
        return role_id

    def form(self, name: str, place: Place) -> str:
        """`form:ID` for the form `name`, defined locally when the project does not have it."""
        if name in self.known.forms:
            return f"form:{self.known.forms[name]}"
        for form_id, form in self.forms.items():
            if form["name"] == name:
                return f"form:{form_id}"
        form_id = self.mapped_id("form", name, name)
        self.forms[form_id] = {"name": name}
        self.mapped(place, f"forms.{form_id}", name)
        return f"form:{form_id}"

    def is_form(self, name: str) -> bool:
        return name in self.known.forms or any(f["name"] == name for f in self.forms.values())

    def role_names(self) -> list[str]:
        """Every role name known, longest first (so 客服主管 is found before 客服)."""
        names = {*self.known.roles, *(r["name"] for r in self.roles.values())}
        return sorted(names, key=lambda n: (-len(n), n))

    def role_named(self, text: str) -> str | None:
        """The id of a role the text names exactly, if the project or file has one."""
        if text in self.known.roles:
            return self.known.roles[text][0]
        return next((i for i, r in self.roles.items() if r["name"] == text), None)

    def cases(self, labels: list[str], place: Place) -> list[str]:
        """Case labels as the SOP's case values: `一般投诉` is the declared `一般`; without
        a declared dimension, the labels become one (its name the catalogue's 情形)."""
        cases = self.data.get("cases")
        if not cases:
            name = translator(self.known.language)("case")
            self.data["cases"] = {"name": name, "values": list(labels)}
            self.note("assumed", place, "cases.name", name, "cases")
            return labels
        values: list[str] = cases["values"]
        out = []
        for label in labels:
            near = [v for v in values if label.startswith(v) or v.startswith(label)]
            out.append(label if label in values or len(near) != 1 else near[0])
        return out

    # -- the result --------------------------------------------------------------------

    def sop(self) -> dict[str, Any]:
        """The SOP's fields in the format's order; empty ones left out."""
        data = dict(self.data)
        if self.roles:
            data["roles"] = {i: _ordered(r, RoleDef) for i, r in self.roles.items()}
        if self.forms:
            data["forms"] = {i: _ordered(f, FormDef) for i, f in self.forms.items()}
        if self.steps:
            data["steps"] = [_ordered(step, Step) for step in self.steps]
        if data.get("exceptions"):
            data["exceptions"] = [_ordered(e, SopException) for e in data["exceptions"]]
        return {key: data[key] for key in ORDER if data.get(key) not in (None, [], {}, "")}


def _ordered(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """`item`'s fields in the order the model (and the format's documentation) has them."""
    order = list(model.model_fields)
    return dict(sorted(item.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"
