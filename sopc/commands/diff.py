"""`sopc diff`: what changed in the procedures between two revisions.

resolve the revisions   → through git plumbing; an unknown or option-like one is refused
read both sides         → SOPs at the base revision, and at the head (or the work tree)
match and compare       → SOPs by id (a moved file is the same SOP), steps by id
apply the policy        → the version each change needs, and a revisions entry for it
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sopc.change.compare import SopDiff, compare
from sopc.change.policy import verdict
from sopc.diff.git import GitRepo
from sopc.diff.snapshot import Snapshot, at_revision, working_tree
from sopc.errors import UsageError
from sopc.i18n import Message
from sopc.project import Project, anchored, is_sop_file, open_project
from sopc.results import DiffResult
from sopc.rules.settings import config_problems


def split_arguments(
    arguments: Sequence[str], cwd: Path, is_revision: Callable[[str], bool]
) -> tuple[list[str], list[Path]]:
    """`[BASE [HEAD]] [PATHS…]`: an existing file or folder is a path; otherwise a
    revision git knows (`A..B` is two), or else a path that no longer exists (a
    deleted SOP, as `git diff --name-only` lists it) if it looks like one."""
    revisions: list[str] = []
    paths: list[Path] = []
    for argument in arguments:
        option_like = argument.startswith("-")
        if not option_like and (cwd / argument).exists():
            paths.append(cwd / argument)
            continue
        if ".." in argument and not option_like and not paths:
            base, _, head = argument.partition("..")
            revisions += [base or "HEAD", head or "HEAD"]
        elif option_like or paths or is_revision(argument) or not _path_like(argument):
            if paths:
                raise UsageError(Message("diff.revision_after_path", argument=argument))
            revisions.append(argument)  # checked again, with the reason, when read
        else:
            paths.append(cwd / argument)
    if len(revisions) > 2:
        raise UsageError(Message("diff.too_many_revisions", revisions=str(revisions)))
    return revisions, paths


def _path_like(argument: str) -> bool:
    return "/" in argument or "\\" in argument or is_sop_file(argument)


def diff(arguments: Sequence[str], *, cwd: Path, today: date | None = None) -> DiffResult:
    existing = [cwd / a for a in arguments if not a.startswith("-") and (cwd / a).exists()]
    project = open_project(existing or [cwd])
    if config_problems(project):
        raise UsageError(Message("diff.invalid_config", path=str(project.config_path)))
    repo = GitRepo.of(project.root)
    revisions, paths = split_arguments(arguments, cwd, repo.knows)
    base_name = revisions[0] if revisions else "HEAD"
    base = at_revision(project, repo, repo.commit(base_name), base_name)
    if len(revisions) == 2:
        head = at_revision(project, repo, repo.commit(revisions[1]), revisions[1])
    else:
        head = working_tree(project)
    result = DiffResult(base.label, head.label, project.config, today or date.today())
    result.sops = _compare(base, head, _wanted(project, paths))
    for sop in result.sops:
        if sop.old is not None and sop.new is not None and sop.kind == "changed":
            result.verdicts[sop.sop_id] = verdict(
                sop.old, sop.new, project.config.policy, sop.changes
            )
    return result


def _compare(base: Snapshot, head: Snapshot, wanted: list[str] | None) -> list[SopDiff]:
    diffs = []
    for sop_id in sorted(base.sops.keys() | head.sops.keys()):
        old, new = base.sops.get(sop_id), head.sops.get(sop_id)
        paths = [source.rel for source in (old, new) if source is not None]
        if wanted is not None and not any(_under(p, w) for p in paths for w in wanted):
            continue
        old_sop = old.sop if old else None
        new_sop = new.sop if new else None
        title = (new_sop or old_sop).title  # type: ignore[union-attr]
        entry = SopDiff(sop_id, title, old_sop, new_sop)
        entry.old_path, entry.new_path = (old.rel if old else None), (new.rel if new else None)
        if old_sop is not None and new_sop is not None:
            entry.changes = compare(old_sop, new_sop)
        if entry.kind != "unchanged":
            diffs.append(entry)
    return diffs


def _wanted(project: Project, paths: list[Path]) -> list[str] | None:
    """The named paths relative to the project root, or None for the whole project."""
    if not paths:
        return None
    wanted = []
    for path in paths:
        rel = anchored(path).relative_to(project.root.resolve()).as_posix()
        wanted.append("" if rel == "." else rel)
    return wanted


def _under(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder.rstrip("/") + "/")
