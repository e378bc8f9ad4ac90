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

from sopc import __version__
from sopc.cache import store
from sopc.change.compare import SopDiff, compare
from sopc.diff.git import GitRepo, git_output
from sopc.diff.summary import FORMAT as summary_format
from sopc.diff.summary import summary
from sopc.i18n import fingerprint, translator
from sopc.load.text import decode
from sopc.model.sop import SOP
from sopc.project import Project, is_sop_file
from sopc.results import HistoryRow
from sopc.sources import parse_sop_file

NULL_SHA = "0" * 40


@dataclass(frozen=True)
class _Touch:
    """One SOP file in one commit: the blobs before and after."""

    commit: tuple[str, str, str, str]  # sha, date, author, subject
    old: str
    new: str
    old_path: str
    path: str
    moved: bool


@dataclass(frozen=True)
class Answer:
    """What one pair of blobs says: whose it is, its version after, what changed."""

    sop_id: str | None  # None: an SOP on neither side (neither blob validates)
    version: str | None  # after the commit; None: removed
    summary: str

    def to_json(self) -> bytes:
        data = {"id": self.sop_id, "version": self.version, "summary": self.summary}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, text: str) -> Answer | None:
        """The answer in a cache file, or None when the file holds no answer (torn,
        or edited): the pair is then compared again."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or set(data) != {"id", "version", "summary"}:
            return None
        sop_id, version, summary = data["id"], data["version"], data["summary"]
        if not all(isinstance(v, str | None) for v in (sop_id, version)):
            return None
        return cls(sop_id, version, summary) if isinstance(summary, str) else None


def history(project: Project, cache: Path | None) -> dict[str, list[HistoryRow]]:
    """SOP id → its history, newest first."""
    repo = GitRepo.of(project.root)
    root = project.root.resolve().relative_to(repo.top.resolve()).as_posix()
    root = "" if root == "." else root
    touches = _touches(repo, root)
    language = project.config.language
    answers: dict[tuple[str, str], Answer] = {}
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
            store(_cache_file(cache, touch, language), answer.to_json())
    rows: dict[str, list[HistoryRow]] = {}
    for touch in touches:
        answer = answers[(touch.old, touch.new)]
        if answer.sop_id is None:
            continue
        sha, date, author, subject = touch.commit
        rows.setdefault(answer.sop_id, []).append(
            HistoryRow(answer.sop_id, sha, date, author, subject, answer.version, answer.summary)
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


def _compare(touch: _Touch, old: SOP | None, new: SOP | None, language: str) -> Answer:
    t = translator(language)
    sop = new or old
    sop_id, version = (sop.id if sop else None), (new.version if new else None)
    if new is None:
        return Answer(sop_id, version, t("history_removed"))
    if old is None:
        return Answer(sop_id, version, t("history_added"))
    text = summary(SopDiff(new.id, new.title, old, new, changes=compare(old, new)), language)
    if not text and touch.moved:
        text = t("history_moved", path=touch.path)
    return Answer(sop_id, version, text or t("history_document"))


def _cache_file(cache: Path, touch: _Touch, language: str) -> Path:
    wording = f"{summary_format}\0{fingerprint(language)}"
    key = f"{__version__}\0{wording}\0{language}\0{touch.old}\0{touch.new}\0{touch.path}"
    return cache / "history" / f"{hashlib.sha256(key.encode()).hexdigest()}.json"


def _cached(cache: Path | None, touch: _Touch, language: str) -> Answer | None:
    if cache is None:
        return None
    try:
        text = _cache_file(cache, touch, language).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    return Answer.from_json(text)
