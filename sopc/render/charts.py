"""Flowcharts for the manual: each SOP's chart drawn whole in every direction it may
take, the direction that suits the screen picked for the site, and the paper plan
(`sopc.render.paper`: inline, landscape or split) drawn for the PDF (SVG) and Word
(PNG). All drawing goes through few Graphviz processes and a content-hash cache
(`.sopc-cache/flowcharts/`), so unchanged charts are not drawn again.

The cache key is the DOT source and the Graphviz version: a change to an SOP,
to its roles, to sopc's drawing or to Graphviz draws anew; nothing else does.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from sopc.cache import Memo, read_sealed
from sopc.memory import give_back
from sopc.model.base import RoleDef
from sopc.model.config import Config
from sopc.model.sop import SOP
from sopc.parallel import Arrivals, iter_jobs
from sopc.render.dot import drawing_key, drawn_cached
from sopc.render.graphviz import MOST_NODES
from sopc.render.site import Manual, SopEntry
from sopc.render.site_charts import ScreenChart, SiteCharts

CHUNK = 48  # SOPs drawn at a time: Graphviz starts twice a chunk (measure, draw)
CHUNKS_AT_ONCE = 2  # chunks in threads: one is planned while Graphviz draws another
_NICE = 10  # the drawing workers' priority below this process's (the pages, one core)
_DRAWING = tuple(
    f"sopc.render.{name}" for name in ("cut", "graphviz", "grid", "paper", "splines", "swimlane")
)

if TYPE_CHECKING:  # drawing is loaded by the builds that draw
    from sopc.render.paper import Draw, PaperChart, Part
    from sopc.render.swimlane import Chart


class Drawings(Mapping[str, bytes]):
    """The site's SVGs by SOP id. One found in the cache is read when first asked for:
    the page of an SOP that did not change is not made again, and never reads it (a
    thousand SVG files, 0.2–0.4 s of a one-off build)."""

    def __init__(self) -> None:
        self._held: dict[str, bytes | Path] = {}
        # draws one SOP's chart again when the one in the cache turns out damaged
        self.redraw: Callable[[str], bytes] | None = None

    def __getitem__(self, sop_id: str) -> bytes:
        held = self._held[sop_id]
        if isinstance(held, Path):
            found = read_sealed(held)
            if found is None:  # damaged in the cache
                if self.redraw is None:
                    raise ValueError(f"a damaged drawing in the cache: {held}")
                found = self.redraw(sop_id)
            held = self._held[sop_id] = found
        return held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def __setitem__(self, sop_id: str, svg: bytes | Path) -> None:
        self._held[sop_id] = svg

    def update(self, other: Drawings) -> None:
        self._held.update(other._held)


@dataclass(frozen=True)
class Flowcharts:
    """By SOP id: the site's SVG and its direction, and the plan on paper (with PNGs
    for Word)."""

    screen: Drawings = field(default_factory=Drawings)
    directions: dict[str, str] = field(default_factory=dict)  # the screen's
    paper: dict[str, PaperChart] = field(default_factory=dict)
    legends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the screen's keys
    screen_keys: dict[str, str] = field(default_factory=dict)  # the site SVG's DOT key
    # (what the SVG is made from, with Graphviz's version: what a page's key holds of it)
    arrivals: Arrivals = field(default_factory=Arrivals)  # the SOPs drawn so far
    too_large: dict[str, int] = field(default_factory=dict)  # not drawn: SOP id → nodes


def forced_direction(sop: SOP, config: Config) -> str | None:
    """The direction the SOP (first) or sopc.yaml sets, or None: chosen per medium."""
    return sop.flow_direction or config.build.flow_direction


def draw_flowcharts(
    manual: Manual,
    cache: Path | None,
    jobs: int | None,
    *,
    screen: bool = True,
    paper: bool = False,
    word: bool = False,
    memo: Memo[ScreenChart] | None = None,
    into: Flowcharts | None = None,
    forked: bool = False,
) -> Flowcharts:
    """Every SOP's chart for the site (`screen`), the PDF (`paper`) and Word (`word`),
    drawn CHUNK SOPs at a time: what drawing holds on the way (every DOT source, both
    directions whole, each split tried) is let go before the next SOPs, and only the
    charts kept grow with the manual. Chunks are drawn in forked worker processes
    (`forked`, see `_drawn`), else CHUNKS_AT_ONCE at once in threads: while Graphviz
    draws one chunk's round, the other's is planned in Python. For the
    site alone, an SOP whose entry and settings did not change is not even made into
    DOT: its chart is found by the entry's key in `memo` (`sopc serve`) or in the
    cache's index of site charts. `into` is filled chunk by chunk, its `arrivals`
    saying which SOPs are in (for a caller in another thread). `forked` draws in worker
    processes forked from this one (a one-off build: not a server's many threads)."""
    result = into if into is not None else Flowcharts()
    try:
        _draw_all(manual, cache, jobs, screen, paper, word, memo, result, forked)
    except BaseException as error:
        result.arrivals.close(error)
        raise
    result.arrivals.close()
    return result


def _draw_all(
    manual: Manual,
    cache: Path | None,
    jobs: int | None,
    screen: bool,
    paper: bool,
    word: bool,
    memo: Memo[ScreenChart] | None,
    result: Flowcharts,
    forked: bool,
) -> None:
    if not (screen or paper or word):  # BPMN files alone draw no chart
        return
    site_only = screen and not (paper or word)
    found = SiteCharts(manual, cache, memo) if site_only else None
    by_id = {entry.sop.id: entry for entry in manual.sops}

    def redraw(sop_id: str) -> bytes:
        return _draw_some(manual, [by_id[sop_id]], cache, jobs, True, False, False).screen[sop_id]

    result.screen.redraw = redraw
    todo = [e for e in manual.sops if found is None or not _known(found, e.sop.id, result)]
    result.arrivals.add(set(result.screen))
    chunks = [todo[start : start + CHUNK] for start in range(0, len(todo), CHUNK)]

    def draw(entries: Sequence[SopEntry]) -> Flowcharts:
        return _draw_some(manual, entries, cache, jobs, screen, paper, word)

    for entries, some in zip(chunks, _drawn(draw, chunks, forked), strict=True):
        _merge(result, some, entries, found)
        result.arrivals.add(entry.sop.id for entry in entries)
        if not forked:
            give_back()  # the chunk's drawing is freed, but held by its thread's arena
    if found is not None:
        found.save()


def _drawn(
    draw: Callable[[Sequence[SopEntry]], Flowcharts], chunks: list[list[SopEntry]], forked: bool
) -> Iterator[Flowcharts]:
    """Each chunk drawn, in order: in forked worker processes (`forked`, and more than
    one chunk), so that the drawing's own Python (charts made, placed, written as DOT,
    SVGs tidied: a third of it) runs beside the pages' and not in turns with them;
    else in threads of this process. The modules the drawing uses are imported before
    the workers fork, so that none of them imports one while another thread may."""
    if forked and len(chunks) > 1:
        for module in _DRAWING:
            import_module(module)
        jobs = [partial(_packed, draw, c) for c in chunks]
        yield from map(pickle.loads, iter_jobs(jobs, nice=_NICE))
        return
    with ThreadPoolExecutor(max_workers=CHUNKS_AT_ONCE) as pool:
        yield from pool.map(draw, chunks)


def _packed(draw: Callable[[Sequence[SopEntry]], Flowcharts], entries: Sequence[SopEntry]) -> bytes:
    return pickle.dumps(draw(entries), protocol=pickle.HIGHEST_PROTOCOL)


def _merge(
    result: Flowcharts, some: Flowcharts, entries: Sequence[SopEntry], found: SiteCharts | None
) -> None:
    """One chunk's charts into the manual's."""
    result.screen.update(some.screen)
    result.screen_keys.update(some.screen_keys)
    result.directions.update(some.directions)
    result.paper.update(some.paper)
    result.legends.update(some.legends)
    result.too_large.update(some.too_large)
    if found is not None:
        for entry in entries:
            i = entry.sop.id
            if i not in some.too_large:
                chart = (some.screen[i], some.directions[i], tuple(some.legends[i]))
                found.put(i, (*chart, some.screen_keys[i]))


def _known(found: SiteCharts, sop_id: str, into: Flowcharts) -> bool:
    """Whether the SOP's chart was kept (then it is in `into`)."""
    chart = found.get(sop_id)
    if chart is None:
        return False
    svg, into.directions[sop_id], into.legends[sop_id], into.screen_keys[sop_id] = chart
    into.screen[sop_id] = svg
    return True


def _draw_some(
    manual: Manual,
    entries: Sequence[SopEntry],
    cache: Path | None,
    jobs: int | None,
    screen: bool,
    paper: bool,
    word: bool,
) -> Flowcharts:
    from sopc.render.graphviz import least_width
    from sopc.render.paper import DIRECTIONS, Medium, choose, legend_keys, plan_paper, settled
    from sopc.render.swimlane import build_chart

    def draw(sources: Mapping[str, str], fmt: str = "svg") -> dict[str, bytes]:
        return drawn_cached(sources, fmt, cache, jobs)

    config = manual.config
    charts = {
        entry.sop.id: build_chart(entry.sop, entry.roles, config.language, _step_href, _sop_href)
        for entry in entries
    }
    too_large = {
        i: len(chart.nodes) for i, chart in charts.items() if len(chart.nodes) > MOST_NODES
    }
    for sop_id in too_large:
        del charts[sop_id]
    ways = {
        entry.sop.id: (forced,) if (forced := forced_direction(entry.sop, config)) else DIRECTIONS
        for entry in entries
        if entry.sop.id in charts
    }
    if screen and not (paper or word):  # TB first: the other is drawn only if it could win
        whole = _whole(charts, {i: ways[i][-1:] for i in ways}, draw)
        rest = {
            i: ways[i][:-1]
            for i in ways
            if settled(
                {d: part.size for d, part in whole[i].items()},
                {d: least_width(charts[i], d) for d in ways[i][:-1]},
                Medium.SCREEN,
            )
            is None
        }
        for i, others in _whole(charts, rest, draw).items():
            whole[i] = {d: {**whole[i], **others}[d] for d in ways[i]}  # in DIRECTIONS' order
    else:
        whole = _whole(charts, ways, draw)
    result = Flowcharts(too_large=too_large)
    if screen:
        for sop_id, drawings in whole.items():
            best = choose({d: part.size for d, part in drawings.items()}, Medium.SCREEN)
            result.screen[sop_id] = drawings[best].svg
            result.screen_keys[sop_id] = drawing_key(drawings[best].dot)
            result.directions[sop_id] = best
            result.legends[sop_id] = legend_keys(charts[sop_id])  # never split on screen
    if paper or word:
        result.paper.update(plan_paper(charts, whole, draw))
    if word:
        parts = {
            f"{sop_id} part {k + 1}": part.dot
            for sop_id, plan in result.paper.items()
            for k, part in enumerate(plan.parts)
        }
        pngs = draw(parts, "png")
        for sop_id, plan in result.paper.items():
            images = tuple(pngs[f"{sop_id} part {k + 1}"] for k in range(len(plan.parts)))
            result.paper[sop_id] = replace(plan, pngs=images)
    result.paper.update((sop_id, plan.printed()) for sop_id, plan in result.paper.items())
    return result


def _whole(
    charts: Mapping[str, Chart], ways: Mapping[str, Sequence[str]], draw: Draw
) -> dict[str, dict[str, Part]]:
    """Each chart drawn whole in each of its directions."""
    from sopc.render.graphviz import Drawing, lay_out
    from sopc.render.paper import Part

    drawings = {
        f"{i} {d}": Drawing(charts[i], d) for i, directions in ways.items() for d in directions
    }
    laid = lay_out(drawings, lambda dots: draw(dots, "plain"))
    drawn = draw({name: part.dot for name, part in laid.items()})
    return {
        i: {d: Part.of(laid[f"{i} {d}"], drawn[f"{i} {d}"]) for d in directions}
        for i, directions in ways.items()
    }


def screen_dot(sop: SOP, roles: Mapping[str, RoleDef], config: Config) -> str:
    """The chart `sopc graph` draws: the site's, in the direction it has on screen
    (drawn both ways to choose, unless one is forced), with its title on top."""
    from sopc.render.dot import render_many
    from sopc.render.graphviz import Drawing, lay_out
    from sopc.render.paper import DIRECTIONS, Medium, choose
    from sopc.render.svg import svg_size
    from sopc.render.swimlane import build_chart

    def measure(dots: Mapping[str, str]) -> dict[str, bytes]:
        return render_many(dots, "plain", jobs=1)

    chart = build_chart(sop, roles, config.language, _step_href, _sop_href)
    forced = forced_direction(sop, config)
    if forced is None:
        laid = lay_out({d: Drawing(chart, d) for d in DIRECTIONS}, measure)
        drawn = render_many({d: part.dot for d, part in laid.items()}, jobs=1)
        forced = choose({d: svg_size(svg) for d, svg in drawn.items()}, Medium.SCREEN)
    return lay_out({"chart": Drawing(chart, forced, titled=True)}, measure)["chart"].dot


def chart_key(sop_id: str, charts: Mapping[str, bytes], keys: Mapping[str, str] | None) -> str:
    """What a page's key holds of its chart: its DOT (the SVG unread), or its hash."""
    known = (keys or {}).get(sop_id)
    return known or hashlib.sha256(charts.get(sop_id, b"")).hexdigest()


def inline_svg(svg: bytes) -> str:
    """An SVG document as markup to put inside HTML: from `<svg` on (no XML prolog,
    doctype or comments; render_many already made its ids valid names)."""
    text = svg.decode("utf-8")
    return text[text.index("<svg") :]


def _step_href(step_id: str) -> str:
    return f"#step-{step_id}"


def _sop_href(sop_id: str) -> str:
    return f"{sop_id}.html"
