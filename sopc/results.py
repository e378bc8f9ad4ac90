"""What the commands answer, as data: a check, a build, an SOP's history.

Results sit below `commands/` so that reports (`sopc.report`, `sopc.diff.report`)
and the site read them without importing a command. What a result says about
itself (a build's summary, notes) is a `Message`, said in the reader's language
by whoever prints it; `counted` gives the counted nouns such messages are
made of.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from sopc.change.compare import SopDiff, SopKind
from sopc.change.policy import Verdict
from sopc.findings import Finding, Severity
from sopc.i18n import Message
from sopc.i18n.message import Arg
from sopc.model.config import Config
from sopc.project import Project
from sopc.sources import SopFile

Noun = Literal[
    "file", "sop", "error", "warning", "info", "finding", "notice", "pdf", "word_file", "bpmn_file"
]


def counted(n: int, noun: Noun) -> Message:
    """`3 files`, `1 file`, `3 个文件`: the catalogue has a form for one and one for
    many (`count.file.one`, `count.file.many`), so English keeps its plural and
    Chinese needs no English word glued in."""
    return Message(f"count.{noun}.{'one' if n == 1 else 'many'}", n=n)


@dataclass
class CheckResult:
    project: Project
    findings: list[Finding]
    files: int = 0
    sops: int = 0
    elapsed: float = 0.0
    config_failed: bool = False
    skipped: list[str] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    sources: list[SopFile] = field(default_factory=list)  # loaded SOPs, with keep_files

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        if self.config_failed:
            return 2
        worst = Severity.WARNING if strict else Severity.ERROR
        return 1 if any(f.severity and f.severity.rank >= worst.rank for f in self.findings) else 0


@dataclass
class BuildResult:
    """A build, or the word that the site is already built from these exact inputs
    (`checked` is then None: nothing was checked, nothing written)."""

    checked: CheckResult | None
    status: int = 0  # the exit code
    out: Path | None = None
    pages: int = 0
    documents: list[str] = field(default_factory=list)
    changed: int = 0
    updated: list[str] = field(default_factory=list)  # the files written anew
    removed: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    notes: list[Message] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.checked is None

    def summary(self) -> Message:
        """The line `sopc build` ends with: what it made, or that nothing needed making."""
        if self.checked is None or (not self.pages and not self.documents):
            return Message("build.up_to_date", out=str(self.out), seconds=self.elapsed)
        pdfs = sum(name.endswith(".pdf") for name in self.documents)
        words = sum(name.endswith(".docx") for name in self.documents)
        processes = sum(name.endswith(".bpmn") for name in self.documents)
        made: list[Arg] = [Message("build.pages", n=self.pages)] if self.pages else []
        made += [counted(pdfs, "pdf")] if pdfs else []
        made += [counted(words, "word_file")] if words else []
        made += [counted(processes, "bpmn_file")] if processes else []
        index = f"{self.out}{os.sep}index.html"
        return Message(
            "build.summary",
            made=made,
            sops=len(self.checked.sources),
            out=str(self.out),
            seconds=self.elapsed,
            changed=self.changed,
            removed=len(self.removed),
            open=Message("build.open", index=index) if self.pages else None,
        )


@dataclass(frozen=True)
class HistoryRow:
    """One commit that touched an SOP, for `sopc build --history`."""

    sop_id: str
    commit: str
    date: str
    author: str
    subject: str
    version: str | None  # the SOP's version after the commit (None: removed)
    summary: str


@dataclass
class DiffResult:
    """`sopc diff`: the SOPs that changed between two revisions, and the version
    policy's verdict on each one that both revisions have."""

    base: str
    head: str
    config: Config
    today: date
    sops: list[SopDiff] = field(default_factory=list)
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def count(self, kind: SopKind) -> int:
        return sum(1 for sop in self.sops if sop.kind == kind)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an imported piece came from: a paragraph, or a cell (1-based, as people
    count), in a sheet of a workbook."""

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    part: str | None = None  # "header" or "footer": a page header's paragraph

    def cell(self, row: int, column: int | None = None) -> Place:
        return Place(table=self.table, row=row, column=column, sheet=self.sheet)


ItemStatus = Literal["mapped", "kept", "unknown", "assumed", "derived"]


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One piece of an imported file: mapped to `field`, kept verbatim in `field`
    (notes), not understood, assumed (a required field the file does not have), or
    derived (what sopc makes from the steps itself: a flowchart, a RACI matrix)."""

    status: ItemStatus
    place: Place
    field: str
    text: str = ""
    reason: Message | None = None


@dataclass
class ImportedSop:
    """One SOP found in a file: where it is written (or would be), its YAML, what the
    import made of each piece, and the check's findings on the result."""

    source: Path
    sop_id: str
    path: Path
    text: str
    items: list[ImportItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: bool = False
    exists: bool = False  # the file was there already: nothing written
    taken: str | None = None  # the project's file with this SOP's id: nothing written


@dataclass
class ImportResult:
    sops: list[ImportedSop] = field(default_factory=list)
    refused: list[tuple[Path, Message]] = field(default_factory=list)
    dry_run: bool = False
    elapsed: float = 0.0

    def exit_code(self) -> int:
        failed = self.refused or any(s.exists or s.taken is not None for s in self.sops)
        errors = any(f.severity is Severity.ERROR for s in self.sops for f in s.findings)
        return 1 if failed or errors else 0
