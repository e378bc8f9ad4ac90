"""Where a flowchart goes and how big it is drawn: on screen, on an A4 page, or split
over several pages, so that its text stays legible.

Each medium has a box a chart may fill (points): the site's content width, and on
A4 the text area less heading, caption and legend, in portrait (what the SOP's first
page leaves after its document control and purpose, or a whole page) and in
landscape, the smaller of the PDF's and Word's so one plan serves both. A chart's scale on a medium
comes from its real rendered size (never enlarged); its smallest text then prints at
`SMALLEST_PT × scale`, which on paper must not fall below FLOOR_PT. Per medium the
direction that gives the larger scale wins (LR: lanes as rows; TB: lanes as
columns), unless the SOP or sopc.yaml forces one.

On paper, a chart goes inline on the SOP's first page when legible there, else on a
landscape page, else on a portrait page; else it is split at rank boundaries into
parts that each meet the floor: every part repeats all the lanes, and a link between
parts ends at a pair of off-page connectors, a circled letter (one per target node)
after the tail in one part and before the head in the other, both in the head's lane.
The cuts are estimated from the whole chart's column positions, then each part is
drawn and measured, the estimate corrected and the chart cut anew until the parts
meet the floor. Of the directions and orientations, the plan with the fewest legible
parts (then the largest text) wins.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import accumulate, pairwise
from typing import Protocol

from sopc.render.cut import connector_letter, split_chart
from sopc.render.graphviz import SMALLEST_PT, Drawing, Laid, Measure, lay_out
from sopc.render.grid import FIRST_COLUMN, ranks
from sopc.render.svg import svg_size
from sopc.render.swimlane import Chart, NodeKind

__all__ = [
    "BOXES",
    "DIRECTIONS",
    "FLOOR_PT",
    "Medium",
    "PaperChart",
    "Part",
    "choose",
    "connector_letter",
    "fit",
    "legend_keys",
    "plan_paper",
    "settled",
    "split_chart",
]

MM = 72 / 25.4
FLOOR_PT = 7.0  # the smallest text a printed chart may show
DIRECTIONS = ("LR", "TB")
_ROUNDS = 6  # times a part that misses the floor is cut again
_CONNECTOR_PT = 40.0  # what a column of connectors adds to a part's length
_HOPELESS = 1.3  # lanes this much wider than the page at the floor: no split helps


class Medium(StrEnum):
    SCREEN = "screen"
    INLINE = "inline"  # portrait, on the SOP's first page after its purpose
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"

    @property
    def landscape(self) -> bool:
        return self is Medium.LANDSCAPE


BOXES: Mapping[Medium, tuple[float, float]] = {
    Medium.SCREEN: (852.0, math.inf),  # 1136 CSS px, scrolled down
    Medium.INLINE: (165 * MM, 120 * MM),
    Medium.PORTRAIT: (165 * MM, 215 * MM),
    Medium.LANDSCAPE: (250 * MM, 135 * MM),
}
WHOLE = (Medium.INLINE, Medium.LANDSCAPE, Medium.PORTRAIT)  # a chart on one page, by preference
PAGES = (Medium.PORTRAIT, Medium.LANDSCAPE)  # the parts of a split one
LEGEND = (
    "legend_decision",
    "legend_control",
    "legend_limit",
    "legend_exception",
    "legend_parallel",
    "legend_handoff",
    "legend_connector",
)


class Draw(Protocol):
    """DOT sources by name → their drawings by name (drawn, or from the cache): SVG,
    or what `fmt` names (`plain`: the nodes' sizes, sopc.render.graphviz.lay_out)."""

    def __call__(self, sources: Mapping[str, str], fmt: str = "svg") -> Mapping[str, bytes]: ...


@dataclass(frozen=True)
class Part:
    """A chart, or one part of a split one, as drawn: DOT (empty once planned, see
    `PaperChart.printed`), SVG, natural size (pt). The SVG is kept compressed: a
    build keeps every SOP's plan until its pages are made, and compressed an SVG
    takes a tenth (0.1 MiB of an SOP's 0.5 MiB of charts)."""

    dot: str
    packed: bytes  # the SVG, zlib-compressed
    size: tuple[float, float]
    columns: tuple[float, ...] = ()  # where each DOT column lies along the flow (Laid)

    @classmethod
    def of(cls, laid: Laid, svg: bytes) -> Part:
        return cls(laid.dot, zlib.compress(svg, 1), svg_size(svg), laid.columns)

    @property
    def svg(self) -> bytes:
        return zlib.decompress(self.packed)


@dataclass(frozen=True)
class PaperChart:
    """A chart's plan on paper: direction, page orientation, the parts in order, the
    scale they all print at, and the legend entries (catalogue keys) that apply."""

    direction: str
    medium: Medium
    parts: tuple[Part, ...]
    scale: float
    legend: tuple[str, ...]
    pngs: tuple[bytes, ...] = ()  # the parts drawn for Word, when Word is made

    def printed(self) -> PaperChart:
        """The plan with what printing needs: its parts' DOT let go (as text it takes
        twice the memory of the SVG, 0.24 MiB an SOP, and a build keeps every plan)."""
        return replace(self, parts=tuple(Part("", part.packed, part.size) for part in self.parts))

    @property
    def smallest_pt(self) -> float:
        """The printed size of the chart's smallest text."""
        return SMALLEST_PT * self.scale


def fit(size: tuple[float, float], medium: Medium) -> float:
    """The scale at which a drawing of `size` fills the medium's box, at most 1."""
    width, height = BOXES[medium]
    return min(1.0, width / size[0], height / size[1])


def legible(scale: float) -> bool:
    return SMALLEST_PT * scale >= FLOOR_PT - 1e-6


def choose(sizes: Mapping[str, tuple[float, float]], medium: Medium) -> str:
    """The direction whose drawing shows the largest text on the medium; of equals,
    the one that is lower at that scale (less to scroll, more room left on the page)."""

    def merit(direction: str) -> tuple[float, float]:
        scale = fit(sizes[direction], medium)
        return round(scale, 2), -sizes[direction][1] * scale

    return max(sizes, key=merit)


def settled(
    drawn: Mapping[str, tuple[float, float]], least: Mapping[str, float], medium: Medium
) -> str | None:
    """The direction `choose` picks, known from the directions drawn and the least
    width of those not drawn (`least_width`): when the best drawn one's scale, as
    `choose` rounds it, beats the most any undrawn one could reach. None: draw them."""
    best = choose(drawn, medium)
    scale = round(fit(drawn[best], medium), 2)
    box = BOXES[medium][0]
    reach = [round(min(1.0, box / width), 2) if width > 0 else 1.0 for width in least.values()]
    return best if all(scale > most for most in reach) else None


def legend_keys(chart: Chart, *, split: bool = False) -> tuple[str, ...]:
    """The legend entries that explain something this chart shows, in LEGEND's order."""
    kinds = {node.kind for node in chart.nodes}
    shown = {
        "legend_decision": NodeKind.DECISION in kinds,
        "legend_control": any(node.control for node in chart.nodes),
        "legend_limit": any(node.limits for node in chart.nodes),
        "legend_exception": bool(kinds & {NodeKind.EXCEPTION, NodeKind.ESCALATION}),
        "legend_parallel": bool(kinds & {NodeKind.SPLIT, NodeKind.JOIN}),
        "legend_handoff": NodeKind.HANDOFF in kinds,
        "legend_connector": split,
    }
    return tuple(key for key in LEGEND if shown[key])


# -- splitting ----------------------------------------------------------------------------


@dataclass
class _Split:
    """One way to split a chart (a direction and an orientation), refined round by
    round: after each round's drawings, the estimate of every rank gap's length is
    corrected by what the parts measured, and the chart is cut anew; the best plan
    whose parts all meet the floor is kept."""

    sop_id: str
    chart: Chart
    direction: str
    medium: Medium
    rank: dict[str, int]
    positions: list[float]  # along the flow, of every DOT column of the whole chart
    measure: Measure
    ranges: list[tuple[int, int]] = field(default_factory=list)
    drawn: dict[str, Part] = field(default_factory=dict)  # by DOT source
    written: dict[tuple[tuple[int, int], ...], dict[str, Laid]] = field(default_factory=dict)
    best: PaperChart | None = None

    def __post_init__(self) -> None:
        self.last = max(self.rank.values())
        at = self.positions[FIRST_COLUMN : FIRST_COLUMN + self.last + 1]
        self.gaps = [b - a for a, b in pairwise(at)]
        self._sums()
        self.ranges = self._cut(0, self.last)
        self.estimate = len(self.ranges)  # parts, as the whole chart's columns suggest

    @property
    def flow(self) -> int:
        return 0 if self.direction == "LR" else 1

    def _fixed(self, lo: int, hi: int) -> float:
        """What a part's length holds besides its rank gaps: frame, lane names, the
        half nodes at both ends, connector columns."""
        at, end = self.positions, len(self.positions) - 1
        connectors = _CONNECTOR_PT * ((lo > 0) + (hi < self.last))
        return at[FIRST_COLUMN] - at[0] + at[end] - at[end - 1] + connectors

    def length(self, lo: int, hi: int) -> float:
        """The estimated length (pt, along the flow) of a part holding ranks lo..hi."""
        return self._fixed(lo, hi) + self.sums[hi] - self.sums[lo]

    def _sums(self) -> None:
        """The gaps' running sums: a length is asked for thousands of times a cut."""
        self.sums = list(accumulate(self.gaps, initial=0.0))

    def _greedy(self, lo: int, hi: int, budget: float) -> list[tuple[int, int]]:
        ranges, start = [], lo
        for r in range(lo, hi + 1):
            if r > start and self.length(start, r) > budget:
                ranges.append((start, r - 1))
                start = r
        return [*ranges, (start, hi)]

    def _cut(self, lo: int, hi: int, pieces: int = 0) -> list[tuple[int, int]]:
        """Ranks lo..hi in as few parts as fit the page at the floor (or `pieces`
        parts), as even in length as can be."""
        budget = BOXES[self.medium][self.flow] * SMALLEST_PT / FLOOR_PT
        count = pieces or len(self._greedy(lo, hi, budget))
        low, high = 0.0, max(budget, self.length(lo, hi))
        for _ in range(30):  # the smallest budget that still needs no more parts
            middle = (low + high) / 2
            low, high = (
                (middle, high) if len(self._greedy(lo, hi, middle)) > count else (low, middle)
            )
        return self._greedy(lo, hi, high)

    def _sources(self) -> dict[str, Laid]:
        """Every current part laid out, by a name that says which it is."""
        cuts = tuple(self.ranges)
        if cuts not in self.written:
            parts = split_chart(self.chart, self.rank, self.ranges)
            drawings = {
                f"{self.sop_id} {self.direction} {self.medium} ranks {lo}-{hi}": Drawing(
                    part, self.direction, columns
                )
                for (lo, hi), (part, columns) in zip(self.ranges, parts, strict=True)
            }
            self.written[cuts] = lay_out(drawings, self.measure)
        return self.written[cuts]

    def wanted(self) -> dict[str, str]:
        """The current parts not drawn yet."""
        laid = self._sources().items()
        return {name: part.dot for name, part in laid if part.dot not in self.drawn}

    def take(self, svgs: Mapping[str, bytes], sources: Mapping[str, str]) -> None:
        for name, laid in self._sources().items():
            if name in svgs and sources.get(name) == laid.dot:
                self.drawn[laid.dot] = Part.of(laid, svgs[name])

    def _plan(self) -> PaperChart:
        parts = tuple(self.drawn[laid.dot] for laid in self._sources().values())
        scale = min(fit(part.size, self.medium) for part in parts)
        legend = legend_keys(self.chart, split=len(parts) > 1)
        return PaperChart(self.direction, self.medium, parts, scale, legend)

    def refine(self) -> bool:
        """Learn from the drawn parts and cut anew; False when that changes nothing, or
        when a part's lanes alone are too wide for the page (no cut can help)."""
        plan = self._plan()
        if legible(plan.scale) and (self.best is None or _merit(plan) > _merit(self.best)):
            self.best = plan
        crosses, missed = 1 - self.flow, []
        for (lo, hi), part in zip(self.ranges, plan.parts, strict=True):
            if sum(self.gaps[lo:hi]) > 0:  # what its gaps really took, all in proportion
                factor = (part.size[self.flow] - self._fixed(lo, hi)) / sum(self.gaps[lo:hi])
                self.gaps[lo:hi] = [gap * max(factor, 0.1) for gap in self.gaps[lo:hi]]
                self._sums()
            if not legible(fit(part.size, self.medium)):
                missed.append((lo, hi))
                across = part.size[crosses] * FLOOR_PT / SMALLEST_PT / BOXES[self.medium][crosses]
                if across > _HOPELESS:
                    return False
        ranges = self._cut(0, self.last)
        if ranges == self.ranges and missed:  # too tall or too wide across: halve it
            ranges = []
            for lo, hi in self.ranges:
                ranges += self._cut(lo, hi, 2) if (lo, hi) in missed and hi > lo else [(lo, hi)]
        worth = missed or len(ranges) < len(self.ranges)
        if ranges == self.ranges or not worth:
            return False
        self.ranges = ranges
        return True

    def plan(self) -> PaperChart:
        """The best legible plan seen, else the last one."""
        return self.best or self._plan()


def plan_paper(
    charts: Mapping[str, Chart],
    whole: Mapping[str, Mapping[str, Part]],
    draw: Draw,
) -> dict[str, PaperChart]:
    """Every SOP's plan on paper. `whole` holds each chart drawn whole in each direction
    it may take; parts are drawn by `draw`, all SOPs' at once, round by round."""
    plans: dict[str, PaperChart] = {}
    splits: list[_Split] = []
    for sop_id, chart in charts.items():
        drawings = whole[sop_id]
        for medium in WHOLE:
            direction = choose({d: p.size for d, p in drawings.items()}, medium)
            scale = fit(drawings[direction].size, medium)
            if legible(scale):
                parts = (drawings[direction],)
                plans[sop_id] = PaperChart(direction, medium, parts, scale, legend_keys(chart))
                break
        else:
            splits += _ways_to_split(sop_id, chart, drawings, lambda dots: draw(dots, "plain"))
    active = list(splits)
    for round_ in range(_ROUNDS + 1):
        sources = {name: dot for split in active for name, dot in split.wanted().items()}
        svgs = draw(sources) if sources else {}
        for split in active:
            split.take(svgs, sources)
        if round_ == _ROUNDS:  # out of rounds: the last cuts are drawn, and stay
            break
        active = [split for split in active if split.refine()]
    for sop_id in dict.fromkeys(split.sop_id for split in splits):
        options = [split.plan() for split in splits if split.sop_id == sop_id]
        plans[sop_id] = max(options, key=_merit)
    return {sop_id: plans[sop_id] for sop_id in charts}


def _ways_to_split(
    sop_id: str, chart: Chart, drawings: Mapping[str, Part], measure: Measure
) -> list[_Split]:
    """The splits worth drawing, per direction and orientation: not those whose lanes
    alone are too wide for the page at the floor, nor those that need clearly more
    parts than another (unless that leaves none: then the least hopeless)."""
    rank = ranks(chart)
    ways: list[tuple[float, _Split]] = []
    for direction, whole in drawings.items():
        positions = list(whole.columns)
        cross = 1 if direction == "LR" else 0
        for medium in PAGES:
            overflow = whole.size[cross] * FLOOR_PT / SMALLEST_PT / BOXES[medium][cross]
            split = _Split(sop_id, chart, direction, medium, rank, positions, measure)
            ways.append((overflow, split))
    hopeful = [split for overflow, split in ways if overflow <= _HOPELESS]
    if not hopeful:
        return [min(ways, key=lambda way: way[0])[1]]
    fewest = min(split.estimate for split in hopeful)
    return [split for split in hopeful if split.estimate <= fewest + 1]


def _merit(plan: PaperChart) -> tuple[bool, float, float]:
    """Legible first; then the fewest parts, the largest text (if none is legible: the
    largest text, then the fewest parts)."""
    ok = legible(plan.scale)
    count = -float(len(plan.parts))
    return (ok, count, plan.scale) if ok else (ok, plan.scale, count)
