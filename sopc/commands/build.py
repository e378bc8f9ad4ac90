"""`sopc build`: the manual, as a pipeline.

check the project      → errors stop the build (exit 1; warnings too with --strict)
claim the output folder → a folder sopc did not make is refused (exit 2)
gather the manual      → pages' data: SOPs, roles, forms, changes, search
draw the flowcharts    → per medium (screen, A4), split to stay legible; Graphviz, cached
render the pages       → Jinja templates, autoescaped
make the documents     → Word files (python-docx), BPMN files (lxml) and the PDF manual's parts
                         (WeasyPrint), in parallel; then the PDFs bound from the parts (pikepdf)
write                  → atomically, only what changed; stale files removed
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sopc.buildstate import BuildInputs, BuildState, fingerprint, last_build, remember, settings
from sopc.cache import Memo, cache_dir, writable_cache
from sopc.commands.check import check
from sopc.errors import UsageError
from sopc.i18n import Message
from sopc.memory import no_cyclic_gc, put_back, set_aside
from sopc.model.config import Format
from sopc.output import MARKER, OutputFolder
from sopc.pipeline import Reuse
from sopc.progress import Count, Report
from sopc.project import open_project
from sopc.render.charts import Flowcharts, draw_flowcharts
from sopc.render.documents import make_documents, plan_documents
from sopc.render.dot import graphviz_version
from sopc.render.graphviz import MOST_NODES as MOST
from sopc.render.pages import Pages
from sopc.render.paper import FLOOR_PT
from sopc.render.site import Manual
from sopc.render.site_charts import ScreenChart
from sopc.render.templating import Compiled
from sopc.render.traces import Kept, Trace
from sopc.resources import resource_dir
from sopc.results import BuildResult
from sopc.rules.settings import config_problems
from sopc.snapshot import Snapshot, restore

FORMATS: tuple[Format, ...] = ("html", "pdf", "docx", "bpmn")


@dataclass
class Session:
    """What a process that builds again and again (`sopc serve`) keeps between builds:
    the files as loaded with their findings, the site's charts, page fragments and
    compiled templates. A
    one-off `sopc build` keeps nothing (its caches are on disk, in .sopc-cache/)."""

    files: Reuse = field(default_factory=Reuse)
    charts: Memo[ScreenChart] = field(default_factory=Memo)
    fragments: Memo[Kept[Any]] = field(default_factory=Memo)
    compiled: Compiled = field(default_factory=Compiled)

    early: Callable[[list[str]], None] = lambda _written: None
    primed: bool = False  # a build ran with it (an up-to-date site is not yet known)

    def sweep(self, *, pages: bool = True) -> None:
        """Let go of what the last build did not use (the pages' parts: if it made
        the pages)."""
        self.charts.sweep()
        if pages:
            self.fragments.sweep()


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def parse_formats(text: str) -> list[Format]:
    """`--format html,pdf,docx` → the formats, in a fixed order; unknown names refused."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        named = tuple(unknown) if unknown else repr(text)
        raise UsageError(Message("build.unknown_format", names=named, formats=tuple(FORMATS)))
    return [fmt for fmt in FORMATS if fmt in names]


def build(
    paths: Sequence[Path] = (),
    *,
    out: Path | None = None,
    formats: Sequence[Format] | None = None,
    history: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    strict: bool = False,
    report: Report = lambda _message: None,
    count: Count = lambda _done, _total: None,
    session: Session | None = None,
) -> BuildResult:
    started = time.perf_counter()
    serving = session is not None  # `sopc serve`: a process of many threads, never forked
    today = build_date()
    project = open_project(paths)
    out_dir = (out or project.root / project.config.out).absolute()
    cache = writable_cache(project.root) if use_cache else None
    stamp = base = ""
    kept: Snapshot | None = None
    wanted = set(formats or project.config.build.formats)
    state = BuildState(out_dir)
    # a one-off build swaps the whole site in; `sopc serve` shows pages as they come
    staged = cache / "next-site" if cache is not None and session is None else None
    output = OutputFolder(out_dir, staged)
    if (out_dir / MARKER).is_file():  # ours already: lock it before reading what it holds
        output.lock(report)
    if cache is not None and not config_problems(project):
        inputs = BuildInputs(
            out_dir,
            today,
            graphviz_version(),
            strict,
            tuple(sorted(wanted)),
            _head(project.root) if history else "",
        )
        base, stamp = settings(project, inputs), fingerprint(project, inputs)
        state = last_build(cache, out_dir)
        primed = session is None or session.primed  # a new session learns the project
        if state.up_to_date(stamp) and primed:  # nothing a build reads has changed
            output.release()
            return BuildResult(None, out=out_dir, elapsed=time.perf_counter() - started)
        if session is None:  # a one-off build takes over the last one's session
            with no_cyclic_gc():  # a million objects that live to the end: never scanned
                kept = restore(cache)
                set_aside()
            session = Session(kept.reuse, fragments=kept.parts, primed=True)
    checked = check(paths, today=today, keep_files=True, reuse=session.files if session else None)
    result = BuildResult(checked, status=checked.exit_code(strict), notes=checked.notes)
    if use_cache and cache is None:
        result.notes.append(Message("build.no_cache", path=str(cache_dir(project.root))))
    if result.status:
        if kept is not None:
            kept.save()  # the files' findings: fixing one file checks that one again
            put_back()
        output.release()
        return result
    project = checked.project
    config = project.config
    output.claim(report)
    result.out = output.path
    rows = None
    if history:
        from sopc.diff.git import GitRepo
        from sopc.diff.history import history as git_history

        report(Message("progress.history"))
        rows = git_history(project, cache)
        if GitRepo.of(project.root).shallow():
            result.notes.append(Message("build.shallow_history"))
    manual = Manual.of(checked.sources, config, today, rows)

    override = project.root / config.build.templates if config.build.templates else None
    traces: dict[str, Trace] = {}

    if wanted & {"html", "pdf", "docx"}:
        report(Message("progress.flowcharts", n=len(manual.sops)))
    flowcharts = Flowcharts()
    drawer = ThreadPoolExecutor(max_workers=1)  # `dot` draws while the site's pages are made
    drawing = drawer.submit(
        draw_flowcharts,
        manual,
        cache,
        jobs,
        screen="html" in wanted,
        paper="pdf" in wanted,
        word="docx" in wanted,
        memo=session.charts if session else None,
        into=flowcharts,
        forked=not serving,
    )
    if wanted & {"pdf", "docx"}:
        drawing.result()  # the documents are planned from every chart's plan on paper

    for sop_id, plan in sorted(flowcharts.paper.items()):
        if plan.smallest_pt < FLOOR_PT:  # more lanes than any page can hold legibly
            pt = f"{plan.smallest_pt:.1f}"
            result.notes.append(Message("build.chart_small", sop=sop_id, pt=pt, floor=FLOOR_PT))
    documents = plan_documents(manual, wanted, flowcharts.paper, override)
    if "html" in wanted:
        report(Message("progress.pages"))
        memo = session.fragments if session else None
        compiled = session.compiled if session else None
        pages = Pages(manual, override, memo=memo, compiled=compiled).render(
            flowcharts.screen,
            documents.paths,
            flowcharts.legends,
            documents.manuals,
            chart_keys=flowcharts.screen_keys,
            base=base,
            previous=state.pages,
            kept=state.kept,
            between=lambda: session.early(list(output.updated)) if session else None,
            wait=flowcharts.arrivals.wait,
            # a one-off build makes the manual's pages while charts are drawn; `sopc
            # serve` shows the SOPs' pages first (the page being edited comes early)
            ready=(lambda _sop_id: True) if serving else flowcharts.arrivals.ready,
        )
        for page in pages:  # only pages whose inputs changed come with text
            if page.text is None:
                output.keep(page.rel)
            else:
                output.write(page.rel, page.text.encode("utf-8"))
            traces[page.rel] = page.trace
        for asset in ("sopc.css", "chart.css", "search.css", "chart.js", "search.js"):
            output.write(f"assets/{asset}", _asset(asset, override))
        result.pages = len(traces)
    drawing.result()  # its error, had no page waited for a chart
    drawer.shutdown()
    for sop_id, nodes in sorted(flowcharts.too_large.items()):
        result.notes.append(Message("build.chart_too_large", sop=sop_id, nodes=nodes, most=MOST))

    if documents:
        kinds = tuple(sorted(wanted - {"html"}))
        report(Message("progress.documents", formats=kinds, n=len(documents)))
        for rel, data in make_documents(documents, cache, jobs, report, count):
            output.write(rel, data)
        result.documents = documents.paths

    result.removed = output.finish()
    result.changed, result.updated = output.changed, output.updated
    if cache is not None and stamp:
        # a source saved while this build read it: the next build must not be a no-op
        stable = stamp == fingerprint(project, inputs)
        remember(cache, out_dir, stamp if stable else "", sorted(output.written), traces)
    if session is not None:
        session.sweep(pages="html" in wanted)
        session.primed = True
    if kept is not None:
        kept.save()
        put_back()
    output.release()
    result.elapsed = time.perf_counter() - started
    return result


def _head(root: Path) -> str:
    """The commit a history build shows (part of its fingerprint: a new commit is new input)."""
    from sopc.diff.git import GitRepo

    repo = GitRepo.of(root)
    return repo.commit("HEAD")


def _asset(name: str, override: Path | None) -> bytes:
    for folder in ([override / "assets"] if override else []) + [
        resource_dir("templates") / "site" / "assets"
    ]:
        if (folder / name).is_file():
            return (folder / name).read_bytes()
    raise FileNotFoundError(name)
