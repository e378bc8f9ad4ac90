"""`sopc check`: load the project, validate every SOP, run the rules, report.

All SOPs are loaded even when only some files are named, so `sop:` references
resolve; findings are then kept for the named files only (pre-commit).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path

from sopc import pipeline
from sopc.model.sop import SOP
from sopc.project import (
    Discovered,
    Project,
    anchored,
    discover,
    is_sop_file,
    open_project,
    refusal,
    refused_finding,
)
from sopc.results import CheckResult
from sopc.rules.settings import apply_severities, config_problems


def check(
    paths: Sequence[Path] = (),
    *,
    config_file: Path | None = None,
    today: date | None = None,
    jobs: int | None = None,
    keep_files: bool = False,
    base: str | None = None,
    reuse: pipeline.Reuse | None = None,
    overlay: Mapping[Path, str] | None = None,
    project: Project | None = None,
    only: Collection[Path] | None = None,
) -> CheckResult:
    """Check the project that `paths` belong to; report on `paths` (all when empty).
    With `base` (a git revision), change control too: rules SOP501–SOP504. `reuse`
    keeps loaded files and their findings from one check to the next (`sopc serve`);
    `overlay` checks files as the given texts, written or not, in `project` when given
    (`sopc import`: the files and their folder may not exist yet); `only` runs the
    rules on those files alone (`sopc lsp`: the open ones)."""
    started = time.perf_counter()
    project = project or open_project(paths, config_file)
    if problems := config_problems(project):
        failed = apply_severities(problems, project.config)
        return CheckResult(project, failed, config_failed=True)

    wanted, skipped = _targets(project, paths)
    items = _sources(project, wanted)
    loadable = [item.path for item in items if not item.refused]
    loadable += [path for path in overlay or {} if path not in loadable]
    at_base = _at_base(project, base) if base is not None else None
    outcome = pipeline.run(
        project,
        loadable,
        today or date.today(),
        jobs,
        keep_files=keep_files,
        base=at_base,
        reuse=reuse,
        overlay=overlay,
        only=only,
    )
    refused = [refused_finding(project, item) for item in items if item.refused]

    def reported(rel: str) -> bool:
        return wanted is None or any(rel == w or rel.startswith(w + "/") for w in wanted)

    shown = [f for f in outcome.findings + refused if reported(f.path)]
    return CheckResult(
        project,
        apply_severities(shown, project.config),
        files=sum(1 for item in items if reported(project.rel(item.path))),
        sops=sum(1 for s in outcome.summaries if s.status is not None and reported(s.rel)),
        elapsed=time.perf_counter() - started,
        skipped=skipped,
        notes=outcome.notes,
        sources=outcome.files,
    )


def _at_base(project: Project, revision: str) -> dict[str, SOP]:
    """The project's valid SOPs at `revision`, by id (git plumbing; a usage error when
    the project is not in a repository or the revision is unknown)."""
    from sopc.diff.git import GitRepo
    from sopc.diff.snapshot import at_revision

    repo = GitRepo.of(project.root)
    snapshot = at_revision(project, repo, repo.commit(revision), revision)
    return {sop_id: source.sop for sop_id, source in snapshot.sops.items() if source.sop}


def _targets(project: Project, paths: Sequence[Path]) -> tuple[list[str] | None, list[str]]:
    """The project-relative files and folders to report on (None: everything)."""
    if not paths:
        return None, []
    wanted, skipped = [], []
    for path in paths:
        absolute = anchored(Path(path))
        rel = project.rel(absolute) if absolute != project.root else "."
        if rel == ".":
            return None, []
        if absolute == project.config_path:
            return None, []  # a changed sopc.yaml can break any SOP: report on all
        if absolute.is_file() and not is_sop_file(absolute.name):
            skipped.append(rel)
            continue
        wanted.append(rel)
    return wanted, skipped


def _sources(project: Project, wanted: list[str] | None) -> list[Discovered]:
    """Discovered SOP files, plus named files that lie outside the sources."""
    found = list(discover(project))
    known = {project.rel(item.path) for item in found}
    for rel in wanted or []:
        path = project.root / rel
        if rel not in known and is_sop_file(path.name) and (path.is_file() or path.is_symlink()):
            found.append(Discovered(path, refusal(path, project.root.resolve())))
    return found
