"""An SOP's history from git, for `sopc build --history`: every commit that
touched it, with the version it had then and what changed, by meaning.

One `git log --raw` lists the commits and, per file, the blobs before and
after; SOPs are followed across moves (`-M`) and known by their id. What
changed between two blobs never changes, so each pair is compared once and
kept in `.sopc-cache/history/`: a later build reads the answer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopc import __version__
from sopc.cache import store
from sopc.diff.compare import SopDiff, compare
from sopc.diff.git import GitRepo, git_output
from sopc.diff.report import summary
from sopc.load.text import decode
from sopc.model.sop import SOP
from sopc.project import Project, is_sop_file
from sopc.results import HistoryRow
from sopc.sources import parse_sop_file

NULL_SHA = "0" * 40
_WORDS = {
    "zh-CN": {
        "added": "新建", "removed": "删除", "moved": "移动到 {path}",
        "document": "文件控制信息更新",
    },
    "en": {
        "added": "created", "removed": "removed", "moved": "moved to {path}",
        "document": "document control",
    },
}  # fmt: skip


@dataclass(frozen=True)
class _Touch:
    """One SOP file in one commit: the blobs before and after."""

    commit: tuple[str, str, str, str]  # sha, date, author, subject
    old: str
    new: str
    old_path: str
    path: str
    moved: bool


def history(project: Project, cache: Path | None) -> dict[str, list[HistoryRow]]:
    """SOP id → its history, newest first."""
    repo = GitRepo.of(project.root)
    root = project.root.resolve().relative_to(repo.top.resolve()).as_posix()
    root = "" if root == "." else root
    touches = _touches(repo, root)
    language = project.config.language
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    missing: list[_Touch] = []
    for touch in touches:
        cached = _cached(cache, touch, language)
        if cached is not None:
            answers[(touch.old, touch.new)] = cached
        else:
            missing.append(touch)
    blobs = repo.read(sorted({s for t in missing for s in (t.old, t.new) if s != NULL_SHA}))
    for touch in missing:
        old = _sop(blobs, touch.old, touch.old_path)
        answer = _compare(touch, old, _sop(blobs, touch.new, touch.path), language)
        answers[(touch.old, touch.new)] = answer
        if cache is not None:
            _store(cache, touch, language, answer)
    rows: dict[str, list[HistoryRow]] = {}
    for touch in touches:
        answer = answers[(touch.old, touch.new)]
        if answer["id"] is None:
            continue
        sha, date, author, subject = touch.commit
        rows.setdefault(answer["id"], []).append(
            HistoryRow(
                answer["id"], sha, date, author, subject, answer["version"], answer["summary"]
            )
        )
    return rows


def _touches(repo: GitRepo, root: str) -> list[_Touch]:
    out = git_output(
        repo.top, "-c", "core.quotePath=false", "log", "--raw", "--no-abbrev", "-M",
        "--format=%x1e%H%x1f%cs%x1f%an%x1f%s", "HEAD", "--", root or ".",
    )  # fmt: skip
    touches: list[_Touch] = []
    for record in out.split("\x1e")[1:]:
        head, _, raw = record.partition("\n")
        sha, date, author, subject = [*head.split("\x1f"), "", "", ""][:4]
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, paths = line.partition("\t")
            _modes, _modes2, old, new, status = meta[1:].split()[:5]
            names = paths.split("\t")
            path = names[-1]
            if not any(is_sop_file(name) for name in names):
                continue
            moved = status.startswith("R") and names[0] != names[-1]
            touch = _Touch((sha, date, author, subject), old, new, names[0], path, moved)
            touches.append(touch)
    return touches


def _sop(blobs: dict[str, bytes], sha: str, path: str) -> SOP | None:
    """The SOP in a blob, read as its file name says (YAML or Markdown)."""
    if sha not in blobs:
        return None
    return parse_sop_file(Path(path), path, decode(blobs[sha])).sop


def _compare(touch: _Touch, old: SOP | None, new: SOP | None, language: str) -> dict[str, Any]:
    words = _WORDS.get(language, _WORDS["en"])
    sop = new or old
    answer: dict[str, Any] = {
        "id": sop.id if sop else None,
        "version": new.version if new else None,
    }
    if new is None:
        answer["summary"] = words["removed"]
    elif old is None:
        answer["summary"] = words["added"]
    else:
        diff = SopDiff(new.id, new.title, old, new, changes=compare(old, new))
        text = summary(diff, language)
        if not text and touch.moved:
            text = words["moved"].format(path=touch.path)
        answer["summary"] = text or words["document"]
    return answer


def _key(touch: _Touch, language: str) -> str:
    return hashlib.sha256(
        f"{__version__}\0{language}\0{touch.old}\0{touch.new}\0{touch.path}".encode()
    ).hexdigest()


def _cached(cache: Path | None, touch: _Touch, language: str) -> dict[str, Any] | None:
    if cache is None:
        return None
    try:
        data: dict[str, Any] = json.loads(
            (cache / "history" / f"{_key(touch, language)}.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    return data


def _store(cache: Path, touch: _Touch, language: str, answer: dict[str, Any]) -> None:
    data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    store(cache / "history" / f"{_key(touch, language)}.json", data)
