"""`sopc build`: the manual, as a pipeline.

check the project      → errors stop the build (exit 1; warnings too with --strict)
claim the output folder → a folder sopc did not make is refused (exit 2)
gather the manual      → pages' data: SOPs, roles, forms, changes, search
draw the flowcharts    → Graphviz, few processes, content-hash cache
render the pages       → Jinja templates, autoescaped
write                  → atomically, only what changed; stale files removed
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sopc.buildstate import fingerprint, remember, up_to_date
from sopc.commands.check import CheckResult, check
from sopc.output import OutputFolder
from sopc.project import open_project
from sopc.render.charts import draw_flowcharts, graphviz_version
from sopc.render.pages import Pages
from sopc.render.site import Manual
from sopc.resources import resource_dir

Report = Callable[[str], None]


@dataclass
class BuildResult:
    checked: CheckResult
    status: int = 0  # the exit code
    out: Path | None = None
    pages: int = 0
    changed: int = 0
    removed: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.pages:
            return f"Up to date: {self.out} was built from these exact inputs ({self.elapsed:.2f}s)"
        return (
            f"Built {self.pages} pages for {len(self.checked.sources)} SOPs into {self.out} "
            f"in {self.elapsed:.2f}s ({self.changed} files written, {len(self.removed)} removed); "
            f"open {self.out}{os.sep}index.html"
        )


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def build(
    paths: Sequence[Path] = (),
    *,
    out: Path | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    strict: bool = False,
    report: Report = lambda _message: None,
) -> BuildResult:
    started = time.perf_counter()
    today = build_date()
    project = open_project(paths)
    out_dir = (out or project.root / project.config.out).absolute()
    cache = project.root / ".sopc-cache" if use_cache else None
    stamp = ""
    if cache is not None and not project.config_findings:
        stamp = fingerprint(project, out_dir, today, strict, graphviz_version())
        if up_to_date(cache, out_dir, stamp):  # nothing a build reads has changed
            return BuildResult(
                CheckResult(project, []), out=out_dir, elapsed=time.perf_counter() - started
            )
    checked = check(paths, today=today, keep_files=True)
    result = BuildResult(checked, status=checked.exit_code(strict))
    if result.status:
        return result
    project = checked.project
    config = project.config
    output = OutputFolder(out_dir)
    output.claim()
    result.out = output.path
    manual = Manual.of(checked.sources, config, today)

    report(f"drawing {len(manual.sops)} flowcharts")
    charts = draw_flowcharts(manual, cache, jobs)

    report("rendering pages")
    override = project.root / config.build.templates if config.build.templates else None
    pages = Pages(manual, override).render(charts)
    for rel, text in sorted(pages.items()):
        output.write(rel, text.encode("utf-8"))
    for asset in ("sopc.css", "search.js"):
        output.write(f"assets/{asset}", _asset(asset, override))

    result.removed = output.finish()
    result.pages, result.changed = len(pages), output.changed
    if cache is not None and stamp:
        remember(cache, out_dir, stamp, sorted(output.written))
    result.notes = [
        f"{fmt}: not built by sopc {_version()} yet"
        for fmt in config.build.formats
        if fmt != "html"
    ]
    result.elapsed = time.perf_counter() - started
    return result


def _asset(name: str, override: Path | None) -> bytes:
    for folder in ([override / "assets"] if override else []) + [
        resource_dir("templates") / "site" / "assets"
    ]:
        if (folder / name).is_file():
            return (folder / name).read_bytes()
    raise FileNotFoundError(name)


def _version() -> str:
    from sopc import __version__

    return __version__
