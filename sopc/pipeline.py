"""Load every SOP, index the project, run the rules: in one process, or in
shards over the cores for large projects.

Each worker loads its own shard and keeps its models (not their trees); only small
summaries (id, status, title) travel to the parent, which sends the project index
back, and only findings and notes travel home (a note said by several workers, such as the
holiday calendar's, is said once). Heavy objects (trees, models) never cross a
process boundary, so the parallel run pays almost nothing for pickling.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sopc.findings import Finding
from sopc.i18n import Message
from sopc.load.text import TextProblem, read_text
from sopc.memory import no_cyclic_gc
from sopc.model.sop import SOP
from sopc.project import Project
from sopc.rules import ProjectIndex, SopContext, run_rules
from sopc.rules.context import SopSummary
from sopc.rules.suppress import Suppressions
from sopc.sources import SopFile, load_sop_file, parse_sop_file

Fact = tuple[tuple[str, ...], SopSummary | None]  # an id's files and summary (`ProjectIndex`)
NO_FACT: Fact = ((), None)
Stamp = tuple[int, int, int, int]  # a file's mtime, ctime (ns), size and inode
FILES_PER_WORKER = 400
"""Below this many files per core a second process costs more than it saves."""


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    summaries: list[SopSummary] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)  # for the whole run, each once
    files: list[SopFile] = field(default_factory=list)  # with keep_files (one process)


@dataclass
class Reuse:
    """What a long-lived process (`sopc serve`) keeps from one check to the next: each
    file as loaded, its findings and notes, and the SOP ids its rules looked up in the
    project index. A file whose text did not change is not parsed again, and its
    findings stand while sopc.yaml, the day and what the index says of each id it
    looked up (its files, its summary) are the same: the rules read nothing else of
    other SOPs (`ProjectIndex`; "" among the ids: it read them all)."""

    files: dict[Path, SopFile] = field(default_factory=dict)
    findings: dict[Path, list[Finding]] = field(default_factory=dict)
    notes: dict[Path, list[Message]] = field(default_factory=dict)  # each file's, as said
    looked: dict[Path, frozenset[str]] = field(default_factory=dict)  # ids its rules read
    facts: dict[str, Fact] = field(default_factory=dict)  # the index's, by SOP id
    index: tuple[object, ...] | None = None  # sopc.yaml and the day
    stamps: dict[Path, Stamp] = field(default_factory=dict)  # of each file read from disk
    trees: bool = True  # keep each file's tree (False: a build's, let go of once loaded)


def run(
    project: Project,
    paths: list[Path],
    today: date,
    jobs: int | None = None,
    *,
    keep_files: bool = False,
    base: dict[str, SOP] | None = None,
    reuse: Reuse | None = None,
    overlay: Mapping[Path, str] | None = None,
    only: Collection[Path] | None = None,
) -> Outcome:
    """Check `paths`; with `keep_files` (the build needs the SOPs) in this process;
    `base` holds the SOPs at `check --base REV`; `reuse` is kept between checks;
    `overlay` gives the text of files not (or not yet) written as they are; `only`:
    run the rules on these files alone (the others are loaded for the index: the
    language server shows the findings of open files only)."""
    serial = keep_files or reuse or overlay or only is not None
    workers = 1 if serial else jobs if jobs is not None else _default_jobs(len(paths))
    # Loading builds hundreds of thousands of small containers that all stay alive: the
    # cyclic collector would scan them again and again (a third of the time, 10,000 SOPs).
    with no_cyclic_gc():
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            # a build: nothing reads the trees again
            release = keep_files and (reuse is None or not reuse.trees)
            outcome = _serial(project, paths, today, base, reuse, overlay, only, release)
            if not keep_files:
                outcome.files = []
            return outcome
        return _sharded(project, paths, today, workers, base)


def _default_jobs(count: int) -> int:
    return max(1, min(os.cpu_count() or 1, count // FILES_PER_WORKER))


def _load(
    project: Project,
    paths: list[Path],
    reuse: Reuse | None = None,
    overlay: Mapping[Path, str] | None = None,
    release: bool = False,
) -> list[SopFile]:
    """Each file as loaded; from `overlay` where it gives the text; with `release`,
    its tree let go of as soon as it is loaded (`SopFile.release`). With `reuse`, a
    file whose stamp is the one it had when last read is not read again (the stamp is
    taken before reading, so a write during the read shows next time), and a file whose
    text is the one `reuse` holds is not parsed again."""
    if reuse is None and not overlay:
        loaded = []
        for path in paths:  # one tree at a time when released, made without positions
            loaded.append(load_sop_file(path, project.rel(path), positions=not release))
            if release:
                loaded[-1].release()
        return loaded
    files, stamps = [], {}
    for path in paths:
        known = reuse.files.get(path) if reuse is not None else None
        if overlay and path in overlay:
            text: str | TextProblem = overlay[path]
        else:
            stamp = _stamp(path) if reuse is not None else None
            if stamp is not None:
                stamps[path] = stamp
                if known is not None and reuse is not None and reuse.stamps.get(path) == stamp:
                    files.append(known)
                    continue
            text = read_text(path)
        same = known is not None and isinstance(text, str) and known.text == text
        if not same or known is None:
            known = parse_sop_file(path, project.rel(path), text, positions=not release)
        files.append(known)
        if release:
            files[-1].release()
    if reuse is not None:
        reuse.stamps = stamps
    return files


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino


def _check(
    files: list[SopFile],
    index: ProjectIndex,
    known: Mapping[Path, tuple[list[Finding], list[Message]]] | None = None,
) -> list[tuple[list[Finding], list[Message], frozenset[str]]]:
    """Each file's own findings plus the rules', less what comments silence, the notes
    its rules said and the ids they looked up; `known`: those of files whose text and
    index did not change (their notes are said again)."""
    answers: list[tuple[list[Finding], list[Message], frozenset[str]]] = []
    for source in files:
        if known is not None and source.path in known:
            found, notes = known[source.path]
            for note in notes:
                index.note(note)
            answers.append((found, notes, frozenset()))
            continue
        index.heard, index.looked = [], set()
        found = _check_one(source, index)
        answers.append((found, index.heard, frozenset(index.looked)))
        index.heard = index.looked = None
    return answers


def _check_one(source: SopFile, index: ProjectIndex) -> list[Finding]:
    found = list(source.findings)
    if source.sop is not None:
        found += run_rules(SopContext(source, source.sop, index))
    if source.text is not None:
        suppressions = Suppressions.scan(source.text)
        found = [f for f in found if not suppressions.silences(f)]
    return found


def _serial(
    project: Project,
    paths: list[Path],
    today: date,
    base: dict[str, SOP] | None,
    reuse: Reuse | None = None,
    overlay: Mapping[Path, str] | None = None,
    only: Collection[Path] | None = None,
    release: bool = False,
) -> Outcome:
    loaded = _load(project, paths, reuse, overlay, release)
    summaries = [SopSummary.of(f) for f in loaded]
    files = loaded if only is None else [f for f in loaded if f.path in only]
    index = ProjectIndex.build(summaries, project.config, today, base)
    inputs = (project.config, today) if base is None else None
    known: dict[Path, tuple[list[Finding], list[Message]]] | None = None
    facts = index.facts() if reuse is not None else {}
    if reuse is not None and inputs is not None and inputs == reuse.index:
        kept = {id(f) for f in reuse.files.values()}
        known = {
            f.path: (reuse.findings[f.path], reuse.notes.get(f.path, []))
            for f in files
            if id(f) in kept and f.path in reuse.findings and _same(reuse, f.path, facts)
        }
    answers = _check(files, index, known)
    if reuse is not None:
        looked = {f.path: ids for f, (_, _, ids) in zip(files, answers, strict=True)}
        for path in known or {}:
            looked[path] = reuse.looked.get(path, frozenset({""}))
        reuse.files = {f.path: f for f in loaded}
        reuse.findings = {f.path: found for f, (found, _, _) in zip(files, answers, strict=True)}
        reuse.notes = {f.path: notes for f, (_, notes, _) in zip(files, answers, strict=True)}
        reuse.looked, reuse.facts, reuse.index = looked, facts, inputs
    findings = [f for found, _, _ in answers for f in found]
    return Outcome(findings, summaries, index.notes, loaded)


def _same(reuse: Reuse, path: Path, facts: Mapping[str, Fact]) -> bool:
    """Whether the index says what it said of every id the file's rules looked up."""
    looked = reuse.looked.get(path)
    if looked is None or "" in looked:
        return facts == reuse.facts
    return all(facts.get(i, NO_FACT) == reuse.facts.get(i, NO_FACT) for i in looked)


def _sharded(
    project: Project,
    paths: list[Path],
    today: date,
    workers: int,
    base: dict[str, SOP] | None,
) -> Outcome:
    context = multiprocessing.get_context("fork")
    shards = [paths[i::workers] for i in range(workers)]
    conns: list[Connection] = []
    processes = []
    for shard in shards:
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker, args=(project, shard, today, base, child), daemon=True
        )
        process.start()
        child.close()
        processes.append(process)
        conns.append(parent)
    try:
        order = {project.rel(path): i for i, path in enumerate(paths)}
        received = [s for conn in conns for s in _receive(conn)]
        summaries = sorted(received, key=lambda s: order[s.rel])  # as a serial run sees them
        for conn in conns:
            conn.send(summaries)
        answers = [_receive(conn) for conn in conns]
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    findings = [f for found, _ in answers for f in found]
    notes: list[Message] = []
    for _, noted in answers:  # each worker notes what its shard gave rise to
        notes += [note for note in noted if note not in notes]
    return Outcome(findings, summaries, notes)


@dataclass(frozen=True, slots=True)
class _Answer:
    """What a worker sends home: its payload, or why it failed (never both)."""

    payload: list[Any] = field(default_factory=list)
    failure: str | None = None


def _receive(conn: Connection) -> list[Any]:
    answer: _Answer = conn.recv()
    if answer.failure is not None:
        raise RuntimeError(f"a worker process failed: {answer.failure}")
    return answer.payload


def _worker(
    project: Project,
    paths: list[Path],
    today: date,
    base: dict[str, SOP] | None,
    conn: Connection,
) -> None:
    try:
        # the trees are most of a loaded file (0.1 MiB an SOP); only a finding's place
        # needs one again (`SopFile.positioned`), and clean files have none
        files = _load(project, paths, release=True)
        conn.send(_Answer([SopSummary.of(f) for f in files]))
        summaries = conn.recv()
        index = ProjectIndex.build(summaries, project.config, today, base)
        findings = [f for found, _, _ in _check(files, index) for f in found]
        conn.send(_Answer([findings, index.notes]))
    except BaseException as exc:  # report, do not hang the parent
        conn.send(_Answer(failure=f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
