"""The swimlane chart's layout: sopc places every node on the lane grid itself and
Graphviz only draws (the links' paths: splines.py; the DOT: graphviz.py; running
Graphviz: dot.py).

Why not `dot`. `dot` has no swimlanes, and clusters make poor ones: it reorders
clusters freely, so lane order and alignment cannot be forced. Fences can force
them (invisible nodes between the lanes in every column, heavy edges along each
lane boundary), and sopc drew that way until it measured the cost: the boundary
edges made `dot` spend about 19 ms on a chart that takes it 2 ms without them,
whatever their weight or `dot`'s parameters (docs/performance.md). Here the grid
is known before anything is drawn, so nothing has to be forced.

The grid. Columns are ranks (the longest path from a start, loops not counted,
`ranks`), from FIRST_COLUMN on: the columns before hold the frame's side, the lane
names and the line right of them; one more column closes the frame. Lanes run
across the columns in order of first appearance, each as thick as its fullest
column needs, so every lane boundary is one straight line. A node sits in its
lane's cell of its column; a link that spans columns passes the ones between
through a slot of its own (in the tail's lane, or the head's where that lane's
cells are free), so it never runs through a box.

Order and place inside a lane. The nodes of a cell are sorted by the mean place
of their neighbours in the column before, then after (two sweeps each way: what
`dot`'s median step does, lanes held); then each cell's nodes are placed as near
as they can be to the weighted mean of their neighbours' places (a link within
one lane weighs most, so a lane's chain of steps is straight), with `NODESEP`
between them and inside the lane's boundaries: a least-squares fit under
order constraints, solved exactly by pooling adjacent violators, in rounds
forward and back until a round moves nothing. A passing slot sits level with its
link's end in its lane, so a long link runs straight.

Links: sopc.render.splines.

Coordinates: points; `along` is the flow's axis (x for LR, y for TB), `across`
the lanes' (lane 0 first: the top for LR, the left for TB).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from sopc.render.swimlane import Chart, LinkKind, NodeKind

__all__ = ["FENCE", "FIRST_COLUMN", "NODESEP", "RANKSEP", "Grid", "Item", "place", "ranks"]

FIRST_COLUMN = 3  # the column of rank 0: frame, lane names and their line come first
NODESEP = 0.08 * 72  # between neighbours across the flow, and a lane's edge and its nodes
RANKSEP = 0.22 * 72  # between columns: room for a branch's answer
FENCE = 2.0  # room a lane line takes across the flow
_SLOT = 2.0  # a passing link's thickness across the flow
_SWEEPS = 2  # ordering sweeps each way
_ROUNDS = 8  # placing rounds
_SAME_LANE = 6.0  # weight of a link within one lane
_PASSING = 4.0  # weight of a link's piece to or between its passing slots
_HOME = 0.3  # a node's pull toward its lane's middle
_STILL = 0.25  # points: a placing round that moves nothing further is the last
_SHAPES = {NodeKind.DECISION: "diamond", NodeKind.CONNECTOR: "circle"}


def ranks(chart: Chart) -> dict[str, int]:
    """Each node's column: the longest path to it from a node without predecessors,
    counting from 0; edges that close a loop do not count."""
    links = [link for link in chart.links if link.kind is not LinkKind.BACK]
    incoming: dict[str, int] = {n.name: 0 for n in chart.nodes}
    outgoing: dict[str, list[str]] = {}
    for link in links:
        incoming[link.head] += 1
        outgoing.setdefault(link.tail, []).append(link.head)
    rank = {n.name: 0 for n in chart.nodes}
    ready = [n.name for n in chart.nodes if incoming[n.name] == 0]
    while ready:
        name = ready.pop(0)
        for head in outgoing.get(name, []):
            rank[head] = max(rank[head], rank[name] + 1)
            incoming[head] -= 1
            if incoming[head] == 0:
                ready.append(head)
    return rank


@dataclass(eq=False)
class Item:
    """Something in a cell: a node (or a lane's name), or a link's passing slot."""

    name: str
    column: int
    lane: int
    along: float  # size along the flow
    across: float  # size across it
    shape: str = "box"  # or "diamond", "circle": where its outline lies (sopc.render.splines)
    ends: tuple[Item, Item] | None = None  # a passing slot's link's tail and head
    at: float = 0.0  # place across the flow (centre)
    key: float = 0.0  # place in the order of its column
    neighbours: list[tuple[Item, float]] = field(default_factory=list)  # (item, weight)

    def reach(self, off: float) -> float:
        """How far the outline reaches along the flow from the centre, `off` across it."""
        half = self.across / 2
        if self.shape == "diamond" and half > 0:
            return self.along / 2 * max(0.0, 1 - abs(off) / half)
        if self.shape == "circle" and half > 0:
            return float(self.along / 2 * max(0.0, 1 - (off / half) ** 2) ** 0.5)
        return self.along / 2


@dataclass(frozen=True)
class Grid:
    """The chart placed: its nodes and lane names by name, each forward link as its
    tail, passing slots and head (by its index in `chart.links`, tail to head as DOT
    writes it), the columns' middles and extents along the flow, the lane boundaries
    across it."""

    direction: str
    items: dict[str, Item]
    chains: dict[int, list[Item]]
    middles: list[float]
    extents: list[float]
    bounds: list[float]
    by_column: dict[int, list[Item]]  # the nodes of each column

    @property
    def last(self) -> int:
        """The frame's closing column."""
        return len(self.middles) - 1

    def point(self, along: float, across: float) -> tuple[float, float]:
        """Graphviz's coordinates (points, y upwards) of a place on the grid."""
        return (along, -across) if self.direction == "LR" else (across, -along)

    def centre(self, name: str) -> tuple[float, float]:
        item = self.items[name]
        return self.point(self.middles[item.column], item.at)

    def fence(self, boundary: int, column: int) -> tuple[float, float]:
        return self.point(self.middles[column], self.bounds[boundary])


def place(
    chart: Chart,
    direction: str,
    sizes: Mapping[str, tuple[float, float]],
    columns: Mapping[str, int] | None = None,
) -> Grid:
    """The chart laid out on its grid. `sizes` are every node's and lane name's
    (`lane{i}`) width and height in points; `columns` the nodes' ranks, unless computed."""
    given = columns if columns is not None else ranks(chart)
    flow = 0 if direction == "LR" else 1  # which of (width, height) runs along the flow

    def item(name: str, column: int, lane: int, shape: str = "box") -> Item:
        size = sizes[name]
        return Item(name, column, lane, size[flow], size[1 - flow], shape)

    items = {
        n.name: item(n.name, given[n.name] + FIRST_COLUMN, n.lane, _SHAPES.get(n.kind, "box"))
        for n in chart.nodes
    }
    lanes = len(chart.lanes)
    names = [item(f"lane{i}", 1, i) for i in range(lanes)]
    last = max([i.column for i in items.values()], default=FIRST_COLUMN) + 1
    chains = _chains(chart, items)
    cells: dict[tuple[int, int], list[Item]] = {}
    for member in [*names, *items.values(), *(s for c in chains.values() for s in c[1:-1])]:
        cells.setdefault((member.column, member.lane), []).append(member)
    _order(cells)
    bounds = _lane_bounds(cells, lanes)
    _place_across(cells, bounds)
    extents = _column_extents(cells, last)
    middles = [extents[0] / 2]
    for r in range(1, last + 1):  # columns as wide as their widest item, RANKSEP apart
        middles.append(middles[-1] + (extents[r - 1] + extents[r]) / 2 + RANKSEP)
    by_column: dict[int, list[Item]] = {}
    for member in items.values():
        by_column.setdefault(member.column, []).append(member)
    everything = {**{m.name: m for m in names}, **items}
    return Grid(direction, everything, chains, middles, extents, bounds, by_column)


def _chains(chart: Chart, items: Mapping[str, Item]) -> dict[int, list[Item]]:
    """Each forward link as its tail, the slots it passes and its head, by link index;
    the neighbours each item's place is pulled toward."""
    busy = {(i.column, i.lane) for i in items.values()}
    chains: dict[int, list[Item]] = {}
    for index, link in enumerate(chart.links):
        back = link.kind is LinkKind.BACK
        tail, head = items[link.tail], items[link.head]
        if back:
            tail, head = head, tail
        if head.column <= tail.column:
            continue  # a loop on one node, or within a column: Graphviz routes it
        between = range(tail.column + 1, head.column)
        lane = tail.lane
        if any((c, lane) in busy for c in between) and not any(
            (c, head.lane) in busy for c in between
        ):
            lane = head.lane
        slots = [Item(f"{index}@{c}", c, lane, 0.0, _SLOT, ends=(tail, head)) for c in between]
        chain = [tail, *slots, head]
        for a, b in pairwise(chain):
            weight = _PASSING if (a.ends or b.ends) else 1.0
            weight *= _SAME_LANE if a.lane == b.lane else 1.0
            a.neighbours.append((b, weight))
            b.neighbours.append((a, weight))
        chains[index] = chain
    return chains


def _order(cells: dict[tuple[int, int], list[Item]]) -> None:
    """Sort each cell by its items' neighbours' mean place in the order of the column
    before (forward sweeps) or after (backward sweeps)."""

    def number(lane: int, cell: list[Item]) -> None:
        for i, member in enumerate(cell):
            member.key = lane + (i + 0.5) / len(cell)

    for (_, lane), cell in cells.items():
        number(lane, cell)
    full = sorted(key for key, cell in cells.items() if len(cell) > 1)  # the others stay
    for sweep in range(2 * _SWEEPS):
        side = -1 if sweep % 2 == 0 else 1  # the column the neighbours are in
        for column, lane in full if side == -1 else reversed(full):
            cell = cells[column, lane]
            cell.sort(key=lambda m: _mean_key(m, column + side))
            number(lane, cell)


def _mean_key(member: Item, column: int) -> float:
    near = [n.key for n, _ in member.neighbours if n.column == column]
    return sum(near) / len(near) if near else member.key


def _lane_bounds(cells: Mapping[tuple[int, int], list[Item]], lanes: int) -> list[float]:
    """The lane boundaries across the flow: each lane as thick as its fullest cell."""
    thick = [0.0] * lanes
    for (_, lane), cell in cells.items():
        stack = sum(m.across for m in cell) + NODESEP * (len(cell) + 1) + FENCE
        thick[lane] = max(thick[lane], stack)
    bounds = [0.0]
    for t in thick:
        bounds.append(bounds[-1] + t)
    return bounds


def _place_across(cells: Mapping[tuple[int, int], list[Item]], bounds: list[float]) -> None:
    """Each cell's items as near their neighbours as they can be (see above)."""
    for (_, lane), cell in cells.items():  # to begin with, a cell's stack centred
        stack = sum(m.across for m in cell) + NODESEP * (len(cell) - 1)
        at = (bounds[lane] + bounds[lane + 1] - stack) / 2
        for member in cell:
            member.at = at + member.across / 2
            at += member.across + NODESEP
    # a lane name's cell has nothing to follow; a round that moves nothing is the last
    order = [key for key in sorted(cells) if any(m.neighbours for m in cells[key])]
    for round_ in range(_ROUNDS):
        moved = 0.0
        for key in order if round_ % 2 == 0 else reversed(order):
            cell, lane = cells[key], key[1]
            low = bounds[lane] + FENCE / 2 + NODESEP
            high = bounds[lane + 1] - FENCE / 2 - NODESEP
            wanted = [_wanted(member, (low + high) / 2) for member in cell]
            if len(cell) == 1:
                half = cell[0].across / 2
                at = max(low + half, min(high - half, wanted[0]))
                moved, cell[0].at = max(moved, abs(at - cell[0].at)), at
            else:
                before = [m.at for m in cell]
                _fit(cell, wanted, low, high)
                moved = max(moved, *(abs(m.at - b) for m, b in zip(cell, before, strict=True)))
        if moved < _STILL:
            break


def _wanted(member: Item, middle: float) -> float:
    """The weighted mean of the places an item is pulled toward: its neighbours' and
    its lane's middle; a passing slot's, the place of its link's ends in its lane."""
    if member.ends is not None:
        level = [end.at for end in member.ends if end.lane == member.lane]
        if level:
            return sum(level) / len(level)
    total = _HOME if member.ends is None else 0.0
    weighted = middle * total
    for neighbour, weight in member.neighbours:
        total += weight
        weighted += neighbour.at * weight
    return weighted / total if total else member.at


def _fit(cell: list[Item], wanted: list[float], low: float, high: float) -> None:
    """Places as near `wanted` as may be (least squares), in order with NODESEP between
    neighbours and within low..high: adjacent violators pooled on the places less the
    room the items before take, then each pushed inside the bounds."""
    offsets, room = [], 0.0
    for i, member in enumerate(cell):
        if i:
            room += (cell[i - 1].across + member.across) / 2 + NODESEP
        offsets.append(room)
    blocks: list[list[float]] = []  # [sum, count]
    for w, o in zip(wanted, offsets, strict=True):
        blocks.append([w - o, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    shifted = [b[0] / b[1] for b in blocks for _ in range(int(b[1]))]
    ats = [s + o for s, o in zip(shifted, offsets, strict=True)]
    first, end = low + cell[0].across / 2, high - cell[-1].across / 2
    ats = [max(a, first + o) for a, o in zip(ats, offsets, strict=True)]
    ats = [min(a, end - (offsets[-1] - o)) for a, o in zip(ats, offsets, strict=True)]
    for member, at in zip(cell, ats, strict=True):
        member.at = at


def _column_extents(cells: Mapping[tuple[int, int], list[Item]], last: int) -> list[float]:
    extent = [FENCE] * (last + 1)
    for (column, _), cell in cells.items():
        extent[column] = max([extent[column], *(m.along for m in cell)])
    return extent
