"""Files at a git revision, read through plumbing (`rev-parse`, `ls-tree`,
`cat-file --batch`): the work tree, the index and HEAD are never touched.

Revisions come from users and CI, so each is checked before use: one that
starts with `-` could be taken for an option and is refused outright, and
every other is resolved with `--end-of-options` to a commit or refused.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from sopc.errors import UsageError
from sopc.i18n import Message

TIMEOUT = 120.0


@dataclass(frozen=True)
class Blob:
    path: str  # relative to the repository's top
    sha: str


class GitRepo:
    """The repository holding a folder."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @classmethod
    def of(cls, folder: Path) -> GitRepo:
        """The repository `folder` is in; a usage error outside one, or without git."""
        try:
            top = _git(folder, "rev-parse", "--show-toplevel").strip()
        except GitError as error:
            message = Message("diff.not_a_repository", folder=str(folder), error=str(error))
            raise UsageError(message) from None
        return cls(Path(top))

    def commit(self, revision: str) -> str:
        """The commit a revision names, or a usage error saying why not."""
        if not revision or revision.startswith("-"):
            raise UsageError(Message("diff.option_like_revision", revision=revision))
        try:
            sha = _git(
                self.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                f"{revision}^{{commit}}",
            ).strip()  # fmt: skip
        except GitError:
            sha = ""
        if not sha:
            unknown = "diff.unknown_in_shallow" if self.shallow() else "diff.unknown_revision"
            raise UsageError(Message(unknown, revision=revision))
        return sha

    def shallow(self) -> bool:
        """Whether this is a shallow clone (`git clone --depth`, CI's default): older
        commits are missing, and with them revisions and history."""
        try:
            return _git(self.top, "rev-parse", "--is-shallow-repository").strip() == "true"
        except GitError:
            return False

    def knows(self, revision: str) -> bool:
        """Whether `revision` names a commit (never for an option-like text)."""
        try:
            self.commit(revision)
        except UsageError:
            return False
        return True

    def blobs(self, commit: str, folder: str) -> list[Blob]:
        """Every file under `folder` (relative to the top; "" for all) at `commit`."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if folder:
            args += ["--", folder]
        out = _git(self.top, *args)
        blobs = []
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split()
            if kind == "blob" and mode in ("100644", "100755"):
                blobs.append(Blob(path, sha))
        return blobs

    def read(self, shas: list[str]) -> dict[str, bytes]:
        """Blob contents by sha, all through one `cat-file --batch`."""
        if not shas:
            return {}
        unique = list(dict.fromkeys(shas))
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.top,
            input="".join(f"{sha}\n" for sha in unique).encode(),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode:
            raise GitError(done.stderr.decode("utf-8", "replace").strip())
        data, at, blobs = done.stdout, 0, {}
        for sha in unique:
            header_end = data.index(b"\n", at)
            header = data[at:header_end].split()
            if len(header) < 3 or header[1] != b"blob":
                raise GitError(f"cannot read blob {sha}")
            size = int(header[2])
            blobs[sha] = data[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1
        return blobs


class GitError(Exception):
    """git failed or is missing; the message is git's own first line."""


def git_output(cwd: Path, *args: str) -> str:
    """`git ARGS` in `cwd`: its output, or GitError with git's first line."""
    return _git(cwd, *args)


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(str(error)) from None
    if done.returncode:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[0] if lines else f"git {args[0]} failed")
    return done.stdout.decode("utf-8", "surrogateescape")
