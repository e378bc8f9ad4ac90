"""Running Graphviz's `dot`: many graphs per process, processes over the cores.

Running. Starting `dot` costs more than laying out a chart, so graphs go to a
temporary folder and a few processes render several files each (`dot -Tsvg -O
a.gv b.gv` writes `a.gv.svg`, ... and goes on past a broken file). A failing
batch is retried graph by graph only to name the graph at fault. The output
depends on the source alone, whichever batch it was in.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from sopc.cache import read_sealed, seal, store
from sopc.i18n import Message, translator
from sopc.render.svg import finish

__all__ = ["FORMATS", "PNG_DPI", "GraphvizError", "render", "render_many"]

FORMATS = ("svg", "png", "plain")  # plain: the layout alone, read back (BPMN)
PNG_DPI = 150  # sharp enough for Word and print
TIMEOUT = 60.0  # seconds one graph may take before `dot` counts as stuck
BATCH = 40  # graphs per process at most, so a stuck one is found soon


class GraphvizError(Exception):
    """`dot` is missing, failed or hung; the message is one line that names the graph,
    said in the reader's language by the command (`str()` is its English)."""

    def __init__(self, message: Message) -> None:
        super().__init__(translator("en").say(message))
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:  # from a worker process, as a Message
        return (type(self), (self.message,))


def render(source: str, fmt: str = "svg") -> bytes:
    """One DOT graph as SVG, PNG or plain-text layout bytes."""
    return render_many({"graph": source}, fmt, jobs=1)["graph"]


def render_many(
    sources: Mapping[str, str], fmt: str = "svg", jobs: int | None = None
) -> dict[str, bytes]:
    """Render many DOT graphs with few `dot` processes (several graphs per process,
    processes over the cores); SVG post-processed so text uses FONT_FAMILY; `plain` is
    the layout alone (positions, for BPMN's diagram); deterministic."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if not sources:
        return {}
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizError(Message("graphviz.missing"))
    names = sorted(sources)
    cores = os.cpu_count() or 1
    workers = max(1, min(jobs or cores, cores, len(names)))
    with tempfile.TemporaryDirectory(prefix="sopc-dot-") as tmp:
        folder = Path(tmp)
        files = {name: folder / f"g{i}.gv" for i, name in enumerate(names)}
        for name, path in files.items():
            path.write_text(sources[name], encoding="utf-8")
        batches = _batches(names, sources, max(workers, -(-len(names) // BATCH)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(lambda batch: _run(dot, fmt, batch, files), batches))
    rendered = {name: data for batch in done for name, data in batch.items()}
    return {name: finish(rendered[name]) if fmt == "svg" else rendered[name] for name in sources}


def _batches(names: list[str], sources: Mapping[str, str], count: int) -> list[list[str]]:
    """Split the graphs into `count` batches of about equal work (longest first into
    the lightest batch), in a fixed order so runs are repeatable."""
    batches: list[list[str]] = [[] for _ in range(count)]
    load = [0] * count
    for name in sorted(names, key=lambda n: (-len(sources[n]), n)):
        lightest = load.index(min(load))
        batches[lightest].append(name)
        load[lightest] += len(sources[name]) + 2000  # a graph costs more than its text
    return [sorted(batch) for batch in batches if batch]


def _run(dot: str, fmt: str, batch: list[str], files: Mapping[str, Path]) -> dict[str, bytes]:
    """Render a batch in one process; on failure find and name the graph at fault."""
    paths = [files[name] for name in batch]
    command = [dot, f"-T{fmt}", "-O", *(p.name for p in paths)]
    if fmt == "png":
        command.insert(1, f"-Gdpi={PNG_DPI}")
    folder = paths[0].parent
    try:
        result = subprocess.run(
            command, cwd=folder, capture_output=True, timeout=_limit(batch), check=False
        )
    except subprocess.TimeoutExpired:
        if len(batch) > 1:
            return {name: _run(dot, fmt, [name], files)[name] for name in batch}
        raise GraphvizError(Message("graphviz.timeout", seconds=TIMEOUT, graph=batch[0])) from None
    except OSError as error:
        raise GraphvizError(Message("graphviz.not_started", error=str(error))) from None
    outputs = {name: folder / f"{files[name].name}.{fmt}" for name in batch}
    if result.returncode == 0 and all(path.is_file() for path in outputs.values()):
        return {name: path.read_bytes() for name, path in outputs.items()}
    if len(batch) > 1:
        return {name: _run(dot, fmt, [name], files)[name] for name in batch}
    reason = _reason(result.stderr, result.returncode)
    raise GraphvizError(Message("graphviz.failed", graph=batch[0], reason=reason))


def _limit(batch: list[str]) -> float:
    """Seconds a batch may take: one stuck graph, plus a generous share for the others."""
    return TIMEOUT + 2.0 * (len(batch) - 1)


def _reason(stderr: bytes, code: int) -> Message | str:
    """The first error line of `dot`, without its temporary file name."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    errors = [line for line in lines if line and not line.startswith("Warning")] or lines
    first = next((line for line in errors if line), "")
    first = re.sub(r"\bg\d+\.gv: ", "", first)
    if first:
        return first
    if code < 0:
        return Message("graphviz.signal", signal=-code)
    return Message("graphviz.exit_status", code=code)


def drawn_cached(
    sources: Mapping[str, str], fmt: str, cache: Path | None, jobs: int | None
) -> dict[str, bytes]:
    """Each source drawn: from the cache (`.sopc-cache/flowcharts/<key>.<fmt>`, sealed,
    so a damaged file is drawn again), or by `dot`, each distinct source once."""
    keys = {name: drawing_key(source) for name, source in sources.items()}
    found: dict[str, bytes] = {}
    if cache is not None:
        for key in set(keys.values()):
            kept = read_sealed(cache / "flowcharts" / f"{key}.{fmt}")
            if kept is not None:  # a damaged or foreign file is drawn again
                found[key] = kept
    todo: dict[str, str] = {}  # key → the first name with that source
    for name in sorted(sources):
        if keys[name] not in found:
            todo.setdefault(keys[name], name)
    if todo:
        fresh = render_many({name: sources[name] for name in todo.values()}, fmt, jobs)
        for key, name in todo.items():
            found[key] = fresh[name]
            if cache is not None:
                store(cache / "flowcharts" / f"{key}.{fmt}", seal(found[key]))
    return {name: found[key] for name, key in keys.items()}


def drawing_key(source: str) -> str:
    """A DOT source's key in the cache (and the site's chart key): its hash and Graphviz's."""
    return hashlib.sha256(f"{graphviz_version()}\0{source}".encode()).hexdigest()


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    """`dot -V`, part of every cache key: a new Graphviz draws anew."""
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "unknown"
    return (done.stderr or done.stdout).strip()
