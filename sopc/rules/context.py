"""What a rule sees: one valid SOP, its file, and an index of the whole project."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sopc.findings import Finding, Span
from sopc.flow.calendar import WorkCalendar
from sopc.flow.graph import FlowGraph
from sopc.load.tree import Path, span_of
from sopc.model.base import FormDef, RoleDef
from sopc.model.config import Config
from sopc.model.sop import SOP
from sopc.model.types import split_ref
from sopc.sources import SopFile


@dataclass
class ProjectIndex:
    """Everything rules look up across SOPs; built once per run."""

    config: Config
    today: date
    files_by_id: dict[str, list[SopFile]] = field(default_factory=dict)
    sops: dict[str, SOP] = field(default_factory=dict)
    id_pattern: re.Pattern[str] | None = None
    calendar: WorkCalendar | None = None

    @classmethod
    def build(cls, files: list[SopFile], config: Config, today: date) -> ProjectIndex:
        index = cls(config, today, calendar=WorkCalendar.of(config.calendar, today))
        if config.id_pattern:
            index.id_pattern = re.compile(config.id_pattern)
        for source in files:
            if source.raw_id is not None:
                index.files_by_id.setdefault(source.raw_id, []).append(source)
            if source.sop is not None:
                index.sops.setdefault(source.sop.id, source.sop)
        return index


@dataclass
class SopContext:
    file: SopFile
    sop: SOP
    index: ProjectIndex
    _graph: FlowGraph | None = field(default=None, repr=False)

    @property
    def graph(self) -> FlowGraph:
        """The SOP's flow, built once for all the rules that read it."""
        if self._graph is None:
            self._graph = FlowGraph.of(self.sop)
        return self._graph

    @property
    def work_calendar(self) -> WorkCalendar:
        assert self.index.calendar is not None
        return self.index.calendar

    @property
    def config(self) -> Config:
        return self.index.config

    def finding(
        self, code: str, path: Path, message: str, *, key: bool = False, word: str | None = None
    ) -> Finding:
        """A finding at the value (or key) that `path` names in this SOP's file;
        with `word`, at that word inside a one-line value when it can be found."""
        span = span_of(self.file.tree, path, key=key)
        if word and self.file.text and span.line == span.end_line:
            line = self.file.text.split("\n")[span.line - 1]
            start = line.lower().find(word.lower(), span.column - 1, span.end_column - 1)
            if start >= 0:
                span = Span(span.line, start + 1, span.line, start + 1 + len(word))
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

    def role_uses(self) -> Iterator[tuple[Path, str]]:
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

    def refs(self, kind: str) -> Iterator[tuple[Path, str]]:
        """Every `form:ID` or `sop:ID` (by `kind`) with its path."""
        places: list[tuple[Path, str]] = [
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
            if ref is not None and ref[0] == kind:
                yield path, ref[1]
