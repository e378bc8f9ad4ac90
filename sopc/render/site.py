"""The manual as data: what each page shows, gathered once from the loaded SOPs.

Pages (templates) only lay this out. Cross-SOP views — the role index ("what
do I do as 客服专员?"), the forms catalogue, the change log, the search
index — are computed here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import Generic, Protocol, TypeVar, overload

from sopc.load.markdown import Section
from sopc.model.base import FormDef, RoleDef
from sopc.model.config import Config
from sopc.model.sop import SOP, Revision, SopException, Step
from sopc.model.types import Duration, split_ref
from sopc.results import HistoryRow
from sopc.sources import SopFile


class _Definition(Protocol):
    """What an index entry needs of its definition (RoleDef, FormDef): a name."""

    @property
    def name(self) -> str: ...


D = TypeVar("D", bound=_Definition)  # a definition: RoleDef, FormDef
E = TypeVar("E")  # its index entry: RoleEntry, FormEntry


@dataclass
class SopEntry:
    """One SOP with what its page needs resolved."""

    source: SopFile
    sop: SOP
    roles: dict[str, RoleDef]
    forms: dict[str, FormDef]
    department: str
    next_review: date | None
    overdue: bool
    sections: dict[str, Section]

    @property
    def page(self) -> str:
        return f"sops/{self.sop.id}.html"

    @cached_property
    def digest(self) -> str:
        """What the entry is made of besides the manual's settings (sopc.yaml, the day,
        the history): its file's path and text."""
        text = f"{self.source.rel}\0{self.source.text}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def role_name(self, role_id: str | None) -> str:
        role = self.roles.get(role_id or "")
        return role.name if role else (role_id or "")

    def role_department(self, role_id: str | None) -> str:
        role = self.roles.get(role_id or "")
        return role.department or "" if role else ""

    def step_title(self, step_id: str) -> str:
        """The title of the step `step_id`, or the id when there is no such step."""
        return next((s.title for s in self.sop.steps if s.id == step_id), step_id)

    def has_details(self, step: Step) -> bool:
        """Whether the step has guidance beyond its row: notes, tools, a Markdown section."""
        return bool(step.notes or step.tools or step.id in self.sections)

    def form_refs(self) -> Iterator[tuple[Step, str, str]]:
        """(step, "inputs" or "outputs", form id) for every `form:ID` the steps name."""
        for step in self.sop.steps:
            for kind, items in (("inputs", step.inputs), ("outputs", step.outputs)):
                for text in items:
                    ref = split_ref(text)
                    if ref and ref[0] == "form":
                        yield step, kind, ref[1]

    def forms_used(self) -> list[FormUse]:
        """Every form the SOP uses: those its steps name (its own or the manual's), in
        the order the steps first name them, then its own forms no step names."""
        uses: dict[str, dict[str, list[str]]] = {}  # form id → step id → kinds
        for step, kind, form_id in self.form_refs():
            if form_id in self.forms:
                uses.setdefault(form_id, {}).setdefault(step.id, []).append(kind)
        for form_id in self.sop.forms:
            uses.setdefault(form_id, {})
        steps = {step.id: step for step in self.sop.steps}
        return [
            FormUse(
                form_id,
                self.forms[form_id],
                form_id not in self.sop.forms,
                tuple((steps[s], tuple(kinds)) for s, kinds in by_step.items()),
            )
            for form_id, by_step in uses.items()
        ]

    def roles_in_order(self) -> list[tuple[str, RoleDef]]:
        """Roles of this SOP in order of first appearance, then unused local ones."""
        sop = self.sop
        order = [sop.owner] + [r for s in sop.steps for r in (s.role, *s.support)]
        order += [r for e in sop.exceptions for r in (e.role, e.escalate_to)]
        order += list(sop.roles)
        seen: dict[str, RoleDef] = {}
        for role_id in order:
            if role_id and role_id not in seen and role_id in self.roles:
                seen[role_id] = self.roles[role_id]
        return list(seen.items())


@dataclass(frozen=True)
class FormUse:
    """A form as an SOP's forms section lists it: where its steps fill it in or read it."""

    form_id: str
    form: FormDef
    shared: bool  # the manual's form (sopc.yaml), not the SOP's own
    steps: tuple[tuple[Step, tuple[str, ...]], ...]  # step, its kinds: "inputs", "outputs"


@dataclass(frozen=True)
class RolePart:
    """One line of the role index: what a role does in one step or exception of an SOP.
    `kind` is the catalogue key of its name: performs, supports, handles,
    receives_escalation."""

    kind: str
    anchor: str  # on the SOP's page: step-<id>, exception-<id>, exceptions
    title: str  # the step's title, or the exception's situation
    limit: Duration | Mapping[str, Duration] | None


@dataclass
class Listed(Generic[D]):
    """A role or form on its index page: the manual's own, or local to one SOP."""

    key: str  # the anchor: role-<key>, form-<key>
    id: str  # as SOPs name it
    definition: D
    local_to: SopEntry | None = None

    @property
    def shows_id(self) -> bool:
        """Whether the id says more than the name (`客服专员: {name: 客服专员}` does not)."""
        return self.id != self.definition.name


@dataclass
class RoleEntry(Listed[RoleDef]):
    owns: list[SopEntry] = field(default_factory=list)
    performs: list[tuple[SopEntry, Step]] = field(default_factory=list)
    supports: list[tuple[SopEntry, Step]] = field(default_factory=list)
    handles: list[tuple[SopEntry, SopException, str]] = field(default_factory=list)

    # the names templates read (overrides written before `Listed` among them)
    role = property(lambda self: self.definition)
    role_id = property(lambda self: self.id)

    def parts(self) -> list[tuple[SopEntry, Sequence[RolePart]]]:
        """Everything the role does, by SOP in the manual's order: the steps it performs
        or supports in step order, then the exceptions it handles or receives."""
        steps: dict[str, dict[str, str]] = {}  # sop id → step id → kind
        for kind, pairs in (("performs", self.performs), ("supports", self.supports)):
            for entry, step in pairs:
                steps.setdefault(entry.sop.id, {}).setdefault(step.id, kind)
        exceptions: dict[str, list[tuple[SopException, str]]] = {}
        for entry, exc, how in self.handles:
            kind = "handles" if how == "handles" else "receives_escalation"
            exceptions.setdefault(entry.sop.id, []).append((exc, kind))
        entries = {e.sop.id: e for e, _ in (*self.performs, *self.supports)}
        entries.update({e.sop.id: e for e, _, _ in self.handles})
        out: list[tuple[SopEntry, Sequence[RolePart]]] = []
        for sop_id in sorted(entries):
            entry = entries[sop_id]
            kinds = steps.get(sop_id, {})
            handled = exceptions.get(sop_id, [])
            out.append((entry, RoleLines(partial(_role_lines, entry, kinds, handled))))
        return out


class RoleLines(Sequence[RolePart]):
    """A role's lines in one SOP, made when first read: a page fragment kept from the
    last build (`sopc serve`) never reads them."""

    def __init__(self, make: Callable[[], list[RolePart]]) -> None:
        self._make: Callable[[], list[RolePart]] | None = make
        self._lines: list[RolePart] = []

    def _made(self) -> list[RolePart]:
        if self._make is not None:
            self._lines, self._make = self._make(), None
        return self._lines

    @overload
    def __getitem__(self, index: int) -> RolePart: ...
    @overload
    def __getitem__(self, index: slice) -> list[RolePart]: ...
    def __getitem__(self, index: int | slice) -> RolePart | list[RolePart]:
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._made())


def _role_lines(
    entry: SopEntry, kinds: dict[str, str], handled: list[tuple[SopException, str]]
) -> list[RolePart]:
    lines = [
        RolePart(kinds[s.id], f"step-{s.id}", s.title, s.time_limit)
        for s in entry.sop.steps
        if s.id in kinds
    ]
    lines += [
        RolePart(kind, f"exception-{e.id}" if e.id else "exceptions", e.when, e.within)
        for e, kind in handled
    ]
    return lines


@dataclass
class FormEntry(Listed[FormDef]):
    used_in: list[tuple[SopEntry, Step, str]] = field(default_factory=list)

    form = property(lambda self: self.definition)  # the names templates read
    form_id = property(lambda self: self.id)


@dataclass
class Manual:
    config: Config
    sops: list[SopEntry]
    today: date
    _by_id: dict[str, SopEntry] | None = field(default=None, repr=False)
    history: dict[str, list[HistoryRow]] = field(default_factory=dict)  # build --history
    _reads: set[str] | None = field(default=None, repr=False)  # while `reading`
    _roles: list[RoleEntry] | None = field(default=None, repr=False)
    _forms: list[FormEntry] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls,
        files: list[SopFile],
        config: Config,
        today: date,
        history: dict[str, list[HistoryRow]] | None = None,
    ) -> Manual:
        """The manual of the valid SOPs in `files`; `history` from `build --history`."""
        entries = []
        for source in files:
            sop = source.sop
            if sop is None:
                continue
            roles = {**config.roles, **sop.roles}
            owner = roles.get(sop.owner or "")
            department = (
                sop.departments[0]
                if sop.departments
                else (owner.department if owner and owner.department else "")
            )
            due = sop.next_review()
            sections = {s.step_id: s for s in source.body.sections} if source.body else {}
            entries.append(
                SopEntry(
                    source,
                    sop,
                    roles,
                    {**config.forms, **sop.forms},
                    department,
                    due,
                    due is not None and due < today and sop.status in ("approved", "effective"),
                    sections,
                )
            )
        entries.sort(key=lambda e: e.sop.id)
        return cls(config, entries, today, history=history or {})

    def by_id(self, sop_id: str) -> SopEntry | None:
        """The SOP `sop_id` (the one other SOPs' pages show); noted while `reading`."""
        if self._reads is not None:
            self._reads.add(sop_id)
        return self.by_id_quietly(sop_id)

    def noted(self, sop_ids: Iterable[str]) -> None:
        """While `reading`: these SOPs were read (by a part kept from an earlier build)."""
        if self._reads is not None:
            self._reads.update(sop_ids)

    def by_id_quietly(self, sop_id: str) -> SopEntry | None:
        """`by_id`, not noted: for what keeps the notes."""
        if self._by_id is None:
            self._by_id = {}
            for entry in self.sops:
                self._by_id.setdefault(entry.sop.id, entry)
        return self._by_id.get(sop_id)

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """The ids of the SOPs looked up (`by_id`) inside the block: what a page made in
        it shows of other SOPs (`sopc.render.traces`)."""
        outer, self._reads = self._reads, set()
        try:
            yield self._reads
        finally:
            if outer is not None:
                outer |= self._reads
            self._reads = outer

    def departments(self) -> list[tuple[str, list[SopEntry]]]:
        """SOPs grouped by department (their first one), departments by name."""
        groups: dict[str, list[SopEntry]] = {}
        for entry in self.sops:
            groups.setdefault(entry.department, []).append(entry)
        return sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))

    def _with_local(
        self,
        index: dict[str, E],
        local: Callable[[SOP], Mapping[str, D]],
        make: Callable[[str, str, D, SopEntry], E],
    ) -> Iterator[tuple[SopEntry, Callable[[str | None], E | None]]]:
        """Each SOP with a lookup of the ids it names: its own definitions (roles or
        forms) first, then the manual's. `index` gains each SOP's own under their
        anchor key (`CS-001-complaint-lead`), as the index pages list them."""
        for entry in self.sops:
            own = {k: make(f"{entry.sop.id}-{k}", k, d, entry) for k, d in local(entry.sop).items()}
            index.update({f"{entry.sop.id}-{k}": e for k, e in own.items()})

            def find(key: str | None, own: dict[str, E] = own) -> E | None:
                return own.get(key or "") or index.get(key or "")

            yield entry, find

    def role_index(self) -> list[RoleEntry]:
        """Every role with everything it does across the manual (made once: the role
        index, the matrix and the search index all read it)."""
        if self._roles is None:
            self._roles = self._role_index()
        return self._roles

    def form_index(self) -> list[FormEntry]:
        """Every form with the steps that use it (made once)."""
        if self._forms is None:
            self._forms = self._form_index()
        return self._forms

    def _role_index(self) -> list[RoleEntry]:
        index = {key: RoleEntry(key, key, role) for key, role in self.config.roles.items()}
        for entry, find in self._with_local(index, lambda sop: sop.roles, RoleEntry):
            if (owner := find(entry.sop.owner)) is not None:
                owner.owns.append(entry)
            for step in entry.sop.steps:
                if (performer := find(step.role)) is not None:
                    performer.performs.append((entry, step))
                for helper in step.support:
                    if (supporter := find(helper)) is not None:
                        supporter.supports.append((entry, step))
            for exc in entry.sop.exceptions:
                if (handler := find(exc.role)) is not None:
                    handler.handles.append((entry, exc, "handles"))
                if (target := find(exc.escalate_to)) is not None:
                    target.handles.append((entry, exc, "escalate_to"))
        return sorted(
            index.values(),
            key=lambda r: (r.definition.department or "", r.local_to is not None, r.key),
        )

    def _form_index(self) -> list[FormEntry]:
        index = {key: FormEntry(key, key, form) for key, form in self.config.forms.items()}
        for entry, find in self._with_local(index, lambda sop: sop.forms, FormEntry):
            for step, kind, form_id in entry.form_refs():
                if (found := find(form_id)) is not None:
                    found.used_in.append((entry, step, kind))
        return sorted(index.values(), key=lambda f: (f.local_to is not None, f.key))

    def form_anchor(self, entry: SopEntry, form_id: str) -> str:
        """The forms-page anchor for `form:ID` as written in `entry`."""
        return f"form-{entry.sop.id}-{form_id}" if form_id in entry.sop.forms else f"form-{form_id}"

    def role_anchor(self, entry: SopEntry, role_id: str) -> str:
        return f"role-{entry.sop.id}-{role_id}" if role_id in entry.sop.roles else f"role-{role_id}"

    def git_log(self) -> list[tuple[SopEntry, HistoryRow]]:
        """With `build --history`: every commit to every SOP in the manual, newest first."""
        rows = [(entry, row) for entry in self.sops for row in self.history.get(entry.sop.id, [])]
        return sorted(rows, key=lambda item: (item[1].date, item[0].sop.id), reverse=True)

    def change_log(self) -> list[tuple[SopEntry, Revision]]:
        """Every revision of every SOP, newest first."""
        rows = [(entry, revision) for entry in self.sops for revision in entry.sop.revisions]
        return sorted(rows, key=lambda row: (row[1].date, row[0].sop.id), reverse=True)
