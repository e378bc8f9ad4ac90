"""The SOPs of a project as they were at a revision, or are in the work tree.

Files at a revision come from git (never checked out) and are read exactly as
`sopc check` reads files on disk; the source folders are those of the
current `sopc.yaml`. SOPs are keyed by id, so a moved or renamed file is the
same SOP; a file that does not validate at that revision is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sopc.diff.git import GitRepo
from sopc.load.text import decode
from sopc.project import Project, discover, is_sop_file
from sopc.sources import SopFile, load_sop_file, parse_sop_file

WORKING_TREE = "working tree"
"""The label of the files as they are now: no revision can be called that (git refuses
a name with a space), so reports know it and put it in the reader's words."""


@dataclass
class Snapshot:
    label: str  # a revision as given, or WORKING_TREE
    sops: dict[str, SopFile] = field(default_factory=dict)  # by id; valid SOPs only

    def add(self, source: SopFile) -> None:
        if source.sop is not None:
            self.sops.setdefault(source.sop.id, source)


def at_revision(project: Project, repo: GitRepo, commit: str, label: str) -> Snapshot:
    """The project's valid SOPs at `commit`."""
    root = project.root.resolve().relative_to(repo.top.resolve()).as_posix()
    root = "" if root == "." else root
    folders = [_inside(root, source) for source in project.config.sources]
    out = _inside(root, project.config.out)
    blobs = [
        blob
        for blob in repo.blobs(commit, root)
        if is_sop_file(blob.path)
        and any(_under(blob.path, folder) for folder in folders)
        and not _under(blob.path, out)
        and not any(part.startswith(".") for part in PurePosixPath(blob.path).parts)
    ]
    contents = repo.read([blob.sha for blob in blobs])
    snapshot = Snapshot(label)
    for blob in sorted(blobs, key=lambda b: b.path):
        rel = blob.path[len(root) + 1 :] if root else blob.path
        snapshot.add(parse_sop_file(repo.top / blob.path, rel, decode(contents[blob.sha])))
    return snapshot


def working_tree(project: Project) -> Snapshot:
    """The project's valid SOPs as the files are now."""
    snapshot = Snapshot(WORKING_TREE)
    for item in discover(project):
        if item.refused is None:
            snapshot.add(load_sop_file(item.path, project.rel(item.path)))
    return snapshot


def _inside(root: str, rel: str) -> str:
    joined = PurePosixPath(root, rel) if root else PurePosixPath(rel)
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _under(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")
