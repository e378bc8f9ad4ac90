"""`sopc import FILE…`: read Word and Excel SOPs, write one `.sop.yaml` per SOP found
(never over an existing file), and report what became of every piece, with the
check's findings on each result (docs/import.md).

The pipeline: each file through `ingest.office` (refused files are said and
skipped), its documents through `ingest.read_sops`, each SOP an id (its 编号, the
id map of a Word file of sopc's, or `--id-prefix` and the next free number), a
file name, its YAML; then one check of the results as they would stand in the
project (written or, with `--dry-run`, not); then the files written.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sopc.commands.check import check
from sopc.commands.scaffold import write_new
from sopc.errors import UsageError
from sopc.i18n import Message, translator
from sopc.ingest import Drafted, finish, nothing_found, read_office, read_sops
from sopc.ingest.draft import Known
from sopc.ingest.emit import sop_markdown, sop_yaml
from sopc.ingest.office import Refused
from sopc.load.text import read_text
from sopc.model.config import Config
from sopc.model.types import ID_PATTERN
from sopc.project import CONFIG_NAME, Project, anchored, discover, open_project
from sopc.results import ImportedSop, ImportResult
from sopc.sources import written_id

_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|\s\x00-\x1f]+")
_NAME_LENGTH = 40


def import_files(
    files: Sequence[Path],
    *,
    out: Path | None = None,
    id_prefix: str = "SOP",
    dry_run: bool = False,
    today: date | None = None,
) -> ImportResult:
    started = time.perf_counter()
    project = _project(out)
    if project.config_findings:
        raise UsageError(Message("usage.config_invalid"))
    folder = anchored(out) if out is not None else _first_source(project)
    if folder.exists() and not folder.is_dir():
        raise UsageError(Message("init.not_folder", path=str(folder)))
    for path in files:
        if not path.is_file():
            raise UsageError(Message("import.no_file", path=str(path)))
    if not ID_PATTERN.fullmatch(f"{id_prefix}-001"):
        raise UsageError(Message("import.bad_prefix", prefix=id_prefix))
    taken = _sop_ids(project)
    known = _known(project.config, frozenset(taken))
    result = ImportResult(dry_run=dry_run)
    for path in files:
        try:
            document = read_office(path)
        except Refused as refused:
            result.refused.append((path, refused.message))
            continue
        found = read_sops(document, known)
        if not found:
            result.refused.append((path, nothing_found(document)))
        for one in found:
            result.sops.append(_placed(one, folder, id_prefix, taken, project))
    if result.sops:
        _check(project, result, today)
    if not dry_run:
        for sop in result.sops:
            sop.written = not (sop.exists or sop.taken) and write_new(sop.path, sop.text)
            sop.exists |= not sop.written and not sop.taken  # written meanwhile: not ours
    result.elapsed = time.perf_counter() - started
    return result


def _project(out: Path | None) -> Project:
    """The project the SOPs will be in: the one whose sopc.yaml is at or above `out`
    (or here), else a project of the folder alone, even one not made yet, so that
    nothing above it is searched for SOPs."""
    place = anchored(out) if out is not None else anchored(Path.cwd())
    for folder in (place, *place.parents):
        if (folder / CONFIG_NAME).is_file():
            return open_project([folder])
    return Project(place, Config(), None)


def _first_source(project: Project) -> Path:
    if project.config_path is None:
        return anchored(Path.cwd())
    return project.root / project.config.sources[0]


def _sop_ids(project: Project) -> dict[str, str]:
    """The ids the project's SOP files give themselves, valid or not, and the files."""
    ids: dict[str, str] = {}
    for item in discover(project):
        text = read_text(item.path) if item.refused is None else None
        if isinstance(text, str) and (found := written_id(text)):
            ids.setdefault(found, project.rel(item.path))
    return ids


def _known(config: Config, sops: frozenset[str]) -> Known:
    roles = {role.name: (role_id, role.department) for role_id, role in config.roles.items()}
    forms = {form.name: form_id for form_id, form in config.forms.items()}
    return Known(roles, forms, sops, config.id_pattern, config.language)


def _placed(
    drafted: Drafted, folder: Path, prefix: str, taken: dict[str, str], project: Project
) -> ImportedSop:
    """The SOP's id, file and text. An id the file gives keeps it, even when the project
    has an SOP of that id already: that SOP is the one the file describes, and the
    import is refused rather than written as a second procedure."""
    draft, document = drafted.draft, drafted.document
    written = draft.data.get("id") or draft.ids.sop
    sop_id = str(written) if written else _next_id(prefix, taken)
    holder = taken.get(sop_id)
    sheet = next((b.place.sheet for b in drafted.blocks if b.place.sheet), None)
    finish(drafted, sop_id, sheet or document.path.stem)
    path = folder / _file_name(sop_id, str(draft.data["title"]), "md" if draft.sections else "yaml")
    if path.parent.resolve() != folder.resolve():  # an id is an id: never a path
        raise AssertionError(f"{path} is outside {folder}")
    source = document.path.name + (f" [{sheet}]" if sheet else "")
    header = translator(project.config.language).say(Message("import.header", source=source))
    taken.setdefault(sop_id, project.rel(path))
    imported = ImportedSop(document.path, sop_id, path, _text(drafted, header), draft.items)
    imported.exists, imported.taken = os.path.lexists(path), holder  # a link too: not ours
    return imported


def _file_name(sop_id: str, title: str, kind: str) -> str:
    """`ID-title.sop.yaml`: the title without what a file name cannot or should not
    hold (separators, controls, bidi and zero-width marks), at most 40 characters."""
    shown = "".join(c for c in title if unicodedata.category(c) not in ("Cc", "Cf"))
    shown = _UNSAFE_NAME.sub("-", shown).strip("-.")[:_NAME_LENGTH].strip("-.")
    return f"{sop_id}-{shown}.sop.{kind}" if shown else f"{sop_id}.sop.{kind}"


def _text(drafted: Drafted, header: str) -> str:
    """The file: YAML, or Markdown when steps have prose of their own (`sections`)."""
    draft = drafted.draft
    if not draft.sections:
        return sop_yaml(draft.sop(), header)
    sections = [(s["title"], s["id"], draft.sections[s["id"]]) for s in draft.steps
                if s["id"] in draft.sections]  # fmt: skip
    return sop_markdown(draft.sop(), header, sections)


def _next_id(prefix: str, taken: dict[str, str]) -> str:
    number = 1
    while f"{prefix}-{number:03d}" in taken:
        number += 1
    return f"{prefix}-{number:03d}"


def _check(project: Project, result: ImportResult, today: date | None) -> None:
    """The check's findings on each result, as it would stand in the project."""
    overlay = {sop.path: sop.text for sop in result.sops if sop.taken is None}
    if not overlay:
        return
    checked = check(list(overlay), project=project, overlay=overlay, today=today)
    for sop in result.sops:
        rel = checked.project.rel(sop.path)
        sop.findings = [f for f in checked.findings if f.path == rel]
