"""What a rule sees: one valid SOP, its file, and an index of the whole project."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from sopc.findings import Finding, Span
from sopc.flow.calendar import WorkCalendar
from sopc.flow.deadlines import StepCosts, Verdict, evaluate, has_rounds
from sopc.flow.graph import FlowGraph
from sopc.i18n import Message
from sopc.load.tree import TreePath, span_of
from sopc.model.base import FormDef, RoleDef
from sopc.model.config import Config
from sopc.model.sop import SOP
from sopc.model.types import split_ref
from sopc.rules.names import Names
from sopc.sources import SopFile


@dataclass(frozen=True, slots=True)
class SopSummary:
    """What other SOPs' rules need to know of a file: small enough to send between
    processes when a large project is checked in parallel."""

    rel: str
    id: str | None  # as written, even when the SOP does not validate
    status: str | None = None  # None when it does not validate
    title: str | None = None

    @classmethod
    def of(cls, source: SopFile) -> SopSummary:
        sop = source.sop
        if sop is None:
            return cls(source.rel, source.raw_id)
        return cls(source.rel, source.raw_id, sop.status, sop.title)


@dataclass
class ProjectIndex:
    """Everything rules look up across SOPs; built once per run (per process)."""

    config: Config
    today: date
    paths_by_id: dict[str, list[str]] = field(default_factory=dict)
    valid: dict[str, SopSummary] = field(default_factory=dict)  # the first valid SOP per id
    id_pattern: re.Pattern[str] | None = None
    calendar: WorkCalendar | None = None
    base: dict[str, SOP] | None = None  # with `check --base REV`: the SOPs at REV, by id
    notes: list[Message] = field(default_factory=list)  # for the whole run, each once
    heard: list[Message] | None = None  # while set: every note, as said (`pipeline.Reuse`)
    looked: set[str] | None = None  # while set: the ids the rules looked up, "" for all
    _titles: Names | None = field(default=None, repr=False)

    def paths_of(self, sop_id: str) -> list[str]:
        """The files that give `sop_id` as their id."""
        self._look(sop_id)
        return self.paths_by_id.get(sop_id, [])

    def knows(self, sop_id: str) -> bool:
        """Whether some file gives `sop_id` as its id."""
        self._look(sop_id)
        return sop_id in self.paths_by_id

    def summary(self, sop_id: str) -> SopSummary | None:
        """The first valid SOP with `sop_id`."""
        self._look(sop_id)
        return self.valid.get(sop_id)

    def every_id(self) -> list[str]:
        """Every SOP id of the project (a rule that reads them all reads every SOP)."""
        self._look("")
        return list(self.paths_by_id)

    def titles(self) -> Names:
        """Every SOP id with its title ("" for an SOP that does not validate), to
        look up what an unknown `sop:` reference meant: built once, on the first."""
        self._look("")
        if self._titles is None:
            valid = self.valid
            self._titles = Names(
                {i: (valid[i].title or "") if i in valid else "" for i in self.paths_by_id}
            )
        return self._titles

    def fact(self, sop_id: str) -> tuple[tuple[str, ...], SopSummary | None]:
        """What a rule can learn of `sop_id` here: its files and its summary."""
        return tuple(self.paths_by_id.get(sop_id, ())), self.valid.get(sop_id)

    def facts(self) -> dict[str, tuple[tuple[str, ...], SopSummary | None]]:
        return {sop_id: self.fact(sop_id) for sop_id in self.paths_by_id}

    def _look(self, sop_id: str) -> None:
        if self.looked is not None:
            self.looked.add(sop_id)

    def note(self, message: Message) -> None:
        """Say `message` once at the end of the run, however many SOPs give rise to it."""
        if self.heard is not None:
            self.heard.append(message)
        if message not in self.notes:
            self.notes.append(message)

    @classmethod
    def build(
        cls,
        summaries: list[SopSummary],
        config: Config,
        today: date,
        base: dict[str, SOP] | None = None,
    ) -> ProjectIndex:
        index = cls(config, today, calendar=WorkCalendar.of(config.calendar, today), base=base)
        if config.id_pattern:
            index.id_pattern = re.compile(config.id_pattern)
        for summary in summaries:
            if summary.id is not None:
                index.paths_by_id.setdefault(summary.id, []).append(summary.rel)
                if summary.status is not None:
                    index.valid.setdefault(summary.id, summary)
        return index


Worked = TypeVar("Worked")


@dataclass
class SopContext:
    file: SopFile
    sop: SOP
    index: ProjectIndex
    _graph: FlowGraph | None = field(default=None, repr=False)
    _refs: list[tuple[TreePath, str, str]] | None = field(default=None, repr=False)
    _verdicts: dict[tuple[int, bool], list[Verdict]] = field(default_factory=dict, repr=False)
    _costs: StepCosts | None = field(default=None, repr=False)
    _once: dict[Callable[[SopContext], Any], Any] = field(default_factory=dict, repr=False)

    def once(self, work: Callable[[SopContext], Worked]) -> Worked:
        """`work(self)`, worked out once for all the rules of the SOP that ask for it
        (the forms named as text: SOP205 and SOP209)."""
        if work not in self._once:
            self._once[work] = work(self)
        return cast(Worked, self._once[work])

    @property
    def graph(self) -> FlowGraph:
        """The SOP's flow, built once for all the rules that read it."""
        if self._graph is None:
            self._graph = FlowGraph.of(self.sop)
        return self._graph

    def verdicts(self, deadline: int, *, rework: bool) -> list[Verdict]:
        """The worst cases of the `deadline`-th deadline, one per case value that a
        bound does not already prove met (`deadlines.evaluate`): its first pass, or
        with `rework` one round of each rework loop (docs/time.md; the same when no
        loop lies on its way). Computed once for SOP305 and SOP309; when one rests on
        working days and the calendar's holiday data falls short, the run notes it."""
        rule = self.sop.deadlines[deadline]
        key = (deadline, rework and has_rounds(self.graph, rule))
        if key not in self._verdicts:
            cases: list[str | None] = [*self.sop.cases.values] if self.sop.cases else [None]
            if self._costs is None:
                self._costs = StepCosts(self.graph, self.work_calendar)
            found = list(evaluate(self._costs, rule, cases, rework=key[1]))
            shortfall = self._costs.calendar.shortfall
            if shortfall and any(v.depends_on_workdays for v in found):
                self.index.note(shortfall)
            self._verdicts[key] = found
        return self._verdicts[key]

    @property
    def work_calendar(self) -> WorkCalendar:
        assert self.index.calendar is not None
        return self.index.calendar

    @property
    def config(self) -> Config:
        return self.index.config

    def finding(
        self,
        code: str,
        path: TreePath,
        message: Message,
        *,
        key: bool = False,
        word: tuple[re.Pattern[str], int] | None = None,
    ) -> Finding:
        """A finding at the value (or key) that `path` names in this SOP's file.

        With `word` (a pattern and which of its matches), at that match inside a
        one-line value, found by the same pattern in the source line."""
        span = span_of(self.file.positioned(), path, key=key)
        if word and self.file.text and span.line == span.end_line:
            pattern, occurrence = word
            line = self.file.text.split("\n")[span.line - 1]
            matches = list(pattern.finditer(line, span.column - 1, span.end_column - 1))
            if occurrence < len(matches):
                match = matches[occurrence]
                span = Span(span.line, match.start() + 1, span.line, match.end() + 1)
        return Finding(self.file.rel, span, code, message, self.sop.id)

    @property
    def roles(self) -> dict[str, RoleDef]:
        return {**self.config.roles, **self.sop.roles}

    @property
    def forms(self) -> dict[str, FormDef]:
        return {**self.config.forms, **self.sop.forms}

    @property
    def step_ids(self) -> set[str]:
        return {step.id for step in self.sop.steps}

    def role_uses(self) -> Iterator[tuple[TreePath, str]]:
        """Every place an SOP names a role: owner, step role and support, exceptions."""
        if self.sop.owner:
            yield ("owner",), self.sop.owner
        for i, step in enumerate(self.sop.steps):
            if step.role:
                yield ("steps", i, "role"), step.role
            for j, role in enumerate(step.support):
                yield ("steps", i, "support", j), role
        for i, exc in enumerate(self.sop.exceptions):
            if exc.role:
                yield ("exceptions", i, "role"), exc.role
            if exc.escalate_to:
                yield ("exceptions", i, "escalate_to"), exc.escalate_to

    def refs(self, kind: str) -> Iterator[tuple[TreePath, str]]:
        """Every `form:ID` or `sop:ID` (by `kind`) with its path."""
        if self._refs is None:
            self._refs = list(self._all_refs())
        for where, ref_kind, ref_id in self._refs:
            if ref_kind == kind:
                yield where, ref_id

    def _all_refs(self) -> Iterator[tuple[TreePath, str, str]]:
        places: list[tuple[TreePath, str]] = [
            (("references", i), text) for i, text in enumerate(self.sop.references)
        ]
        for i, step in enumerate(self.sop.steps):
            places += [(("steps", i, "inputs", j), t) for j, t in enumerate(step.inputs)]
            places += [(("steps", i, "outputs", j), t) for j, t in enumerate(step.outputs)]
            if isinstance(step.next, str):
                places.append((("steps", i, "next"), step.next))
            for j, branch in enumerate(step.branches or []):
                places.append((("steps", i, "branches", j, "next"), branch.next))
        for path, text in places:
            ref = split_ref(text)
            if ref is not None:
                yield path, ref[0], ref[1]
