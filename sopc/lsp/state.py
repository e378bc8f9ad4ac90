"""What the server knows of each project between requests: the last check's findings,
files and names, and the texts they were computed from (positions convert against
those texts, so a finding's range is right for the text it was found in)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from sopc.findings import Finding
from sopc.flow.calendar import WorkCalendar
from sopc.i18n import Translator, message_language, translator
from sopc.lsp.answers import Describe
from sopc.lsp.names import Names
from sopc.project import Project
from sopc.sources import SopFile


@dataclass
class Checked:
    """One check of a project, as `sopc check` makes it (`commands/lsp.py`)."""

    project: Project
    findings: list[Finding]
    files: list[SopFile]
    config_text: str | None = None


Check = Callable[[Path, Mapping[Path, str]], Checked]
"""Check the project at a root, with these files' texts as the editor has them."""


@dataclass(frozen=True)
class Services:
    """What the server is given by the command: the check and the rules' pages."""

    check: Check
    describe: Describe
    today: Callable[[], date] = date.today
    language: str | None = None  # `--lang`: over every project's own


@dataclass
class ProjectState:
    root: Path
    checked: Checked
    today: date
    before: Names | None = None  # the names of the check before
    language: str | None = None  # `--lang`
    by_file: dict[str, list[Finding]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for finding in self.checked.findings:
            self.by_file.setdefault(finding.path, []).append(finding)

    @cached_property
    def names(self) -> Names:
        return Names.of(self.checked.project, self.checked.files, self.before)

    @cached_property
    def t(self) -> Translator:
        asked, own = self.language, self.checked.project.config.message_language
        return translator(message_language(asked, own))

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar.of(self.checked.project.config.calendar, self.today)

    def text_of(self, rel: str) -> str | None:
        """The text of file `rel` as it was checked."""
        if rel == self.names.config_rel:
            return self.checked.config_text
        found = self.names.files.get(rel)
        return found.text if found is not None else None
