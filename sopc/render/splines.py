"""The links' paths on the lane grid (sopc.render.grid), as the splines Graphviz
draws, and the side of each branch's answer.

A link leaves its tail's far side and enters its head's near side (with room for
the arrowhead); two links between the same two nodes (a step and the loop back to
it) leave and enter side by side. Between two neighbouring columns it is one
S-curve, a cubic Bézier whose control points run along the flow, when nothing of
either column stands in the curve's box; else it runs straight to the edge of its
column, crosses the gap between the columns as the S-curve (nothing stands there)
and runs straight on. Through a column it only passes, it runs straight along its
slot.

Corners. A link that must move across much more than along to its next column
would be a steep S; it leaves its tail's side facing where it goes instead (a
box's near its far corner, a diamond's or circle's at its corner) and turns into
the flow in a quarter curve, when that curve's box is clear: one such link a side.
A decision's branches leave from different corners so: the straightest from the
far one, the others from the sides facing them. A branch's answer sits beside the
decision's end of its link, on the outside of its bend (branches that leave
together: the outer ones outside), so answers meet neither their link nor each
other.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from sopc.render.grid import Grid, Item
from sopc.render.swimlane import Chart, LinkKind

__all__ = ["ARROW", "Spline", "splines"]

ARROW = 7.0  # an arrowhead's length (`arrowsize=0.7`)
_APART = 6.0  # between links that join the same two nodes, where they leave and enter
_TURN = 0.6  # how far a quarter curve's control points reach toward its corner
_CLEAR = 1.0  # how close to a node a curve's box may come
_CORNER = 8.0  # how close to a box's corner a link may leave or enter it
_LEAN = 0.5  # how far toward the other end, of the way across, a link leaves a box
_STEEP = 2.0  # across per along past which a link leaves from a side
_GAP = 1.5  # between an answer and its link's end

Point = tuple[float, float]
Spline = tuple[list[Point], Point, Point | None]
"""The points Graphviz reads (a start, then three per Bézier piece), the arrowhead's
tip, and the centre of the branch's answer (None: the link has none)."""


def splines(
    grid: Grid, chart: Chart, sizes: Mapping[str, tuple[float, float]]
) -> dict[int, Spline]:
    """Every forward link's spline in Graphviz's coordinates, by its index in
    `chart.links`: the arrowhead at the start for a link drawn back, else at the end;
    `sizes` hold each answer's (`a{index}`, points)."""
    offsets = _side_by_side(grid.chains)
    wanted = _corners(grid, chart)
    leaving = _leaving(grid, offsets, wanted)
    paths: dict[int, tuple[list[Point], Point, int]] = {}
    for index, chain in grid.chains.items():
        back = chart.links[index].kind is LinkKind.BACK
        off, corner = offsets.get(index, 0.0), wanted.get(index, 0)
        paths[index] = _path(grid, chain, back, (leaving.get(index, off), off), corner)
    answers = _answers(grid, chart, paths, sizes)
    return {
        index: ([grid.point(*p) for p in points], grid.point(*tip), answers.get(index))
        for index, (points, tip, _) in paths.items()
    }


def _side_by_side(chains: Mapping[int, list[Item]]) -> dict[int, float]:
    """Offsets across the flow for links that join the same two nodes."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for index, chain in chains.items():
        pairs.setdefault((chain[0].name, chain[-1].name), []).append(index)
    offsets = {}
    for indexes in pairs.values():
        for i, index in enumerate(indexes):
            offsets[index] = (i - (len(indexes) - 1) / 2) * _APART
    return offsets


def _lean(grid: Grid, index: int) -> float:
    chain = grid.chains[index]
    return chain[1].at - chain[0].at


def _corners(grid: Grid, chart: Chart) -> dict[int, int]:
    """The side each link would leave its tail from (see above): -1 the side of earlier
    lanes, 1 of later ones; the far side (0) is not listed."""
    leaving: dict[str, list[int]] = {}
    for index, chain in grid.chains.items():
        if chart.links[index].kind is not LinkKind.BACK:
            leaving.setdefault(chain[0].name, []).append(index)
    corners: dict[int, int] = {}
    for indexes in leaving.values():
        tail = grid.chains[indexes[0]][0]
        if tail.shape == "diamond" and len(indexes) > 1:
            straightest = min(indexes, key=lambda i: (abs(_lean(grid, i)), i))
            for index in indexes:
                if index != straightest and abs(_lean(grid, index)) > _APART:
                    corners[index] = 1 if _lean(grid, index) > 0 else -1
            continue
        steepest: dict[int, tuple[float, int]] = {}
        for index in indexes:
            chain = grid.chains[index]
            along = _near(grid, chain[1].column) - grid.middles[tail.column] - tail.along / 2
            steep = abs(_lean(grid, index)) / max(along, 1.0)
            side = 1 if _lean(grid, index) > 0 else -1
            if steep > _STEEP and steep > steepest.get(side, (0.0, 0))[0]:
                steepest[side] = (steep, index)
        corners.update((index, side) for side, (_, index) in steepest.items())
    return corners


def _answers(
    grid: Grid,
    chart: Chart,
    paths: Mapping[int, tuple[list[Point], Point, int]],
    sizes: Mapping[str, tuple[float, float]],
) -> dict[int, Point]:
    """Where each answer's centre goes (Graphviz's coordinates): beside the decision's
    end of its link, outside the link's bend; of the branches that leave one far side
    together, the outer ones outside them all. A link drawn back is answered where it
    enters its decision, on the side away from where it comes."""
    flow = 0 if grid.direction == "LR" else 1
    together: dict[str, list[int]] = {}
    found = {}

    def beside(at: Point, size: tuple[float, float], along: float, across: float) -> Point:
        """The centre of a box of `size` beside `at` on the given sides (-1 or 1 along
        and across the flow), `_GAP` away."""
        w, h = size[flow] + 2 * _GAP, size[1 - flow] + 2 * _GAP
        return grid.point(at[0] + along * w / 2, at[1] + across * h / 2)

    for index, chain in grid.chains.items():
        link = chart.links[index]
        size = sizes.get(f"a{index}")
        if not link.label or size is None:
            continue
        points, _, corner = paths[index]
        if link.kind is LinkKind.BACK:
            come = chain[-2].at - chain[-1].at
            found[index] = beside(points[-1], size, -1, -1.0 if come > 0 else 1.0)
        elif corner:  # it leaves across, then turns into the flow: behind it
            found[index] = beside(points[0], size, -1, corner)
        else:
            together.setdefault(chain[0].name, []).append(index)
    for indexes in together.values():
        indexes.sort(key=lambda i: (_lean(grid, i), i))
        for i, index in enumerate(indexes):
            outside = -1.0 if _lean(grid, index) > 0 else 1.0
            if len(indexes) > 1 and i in (0, len(indexes) - 1):
                outside = -1.0 if i == 0 else 1.0
            found[index] = beside(paths[index][0][0], sizes[f"a{index}"], 1, outside)
    return found


def _leaving(
    grid: Grid, offsets: Mapping[int, float], corners: Mapping[int, int]
) -> dict[int, float]:
    """Where across its tail's far side each link leaves, off the tail's middle: toward
    where it goes, and links that leave one box apart (`_APART`, in the order of where
    they go, within the box's side short of its corners)."""
    by_tail: dict[str, list[int]] = {}
    for index, chain in grid.chains.items():
        if not corners.get(index):
            by_tail.setdefault(chain[0].name, []).append(index)
    found: dict[int, float] = {}
    for indexes in by_tail.values():
        tail = grid.chains[indexes[0]][0]
        wanted = sorted(
            (offsets.get(i, 0.0) + _toward(tail, grid.chains[i][1].at), _lean(grid, i), i)
            for i in indexes
        )
        at = [w for w, _, _ in wanted]
        if tail.shape == "box" and tail.ends is None and len(at) > 1:
            room = max(0.0, tail.across / 2 - _CORNER)
            apart = min(_APART, 2 * room / (len(at) - 1))
            for k in range(1, len(at)):
                at[k] = max(at[k], at[k - 1] + apart)
            for k in range(len(at) - 1, -1, -1):
                at[k] = min(at[k], room - (len(at) - 1 - k) * apart)
        found.update((i, a) for a, (_, _, i) in zip(at, wanted, strict=True))
    return found


def _path(
    grid: Grid, chain: list[Item], back: bool, offs: tuple[float, float], corner: int
) -> tuple[list[Point], Point, int]:
    """A link's path in grid coordinates (along, across), its arrowhead's tip, and
    the side it left its tail from (0: the far side); `offs`: where across its tail's
    far side it leaves, and its offset beside another link between the same nodes."""
    tail, head = chain[0], chain[-1]
    middles, extents = grid.middles, grid.extents
    first = (ARROW if back else 0.0, 0.0 if back else ARROW)  # room for the arrowhead
    leave, off = offs
    points = [(middles[tail.column] + tail.reach(leave) + first[0], tail.at + leave)]
    if corner:
        target = chain[1]
        side = (_side_along(grid, tail), tail.at + corner * tail.across / 2)
        end = _entry(grid, target, head, tail, off, first[1])
        if _clear(grid, side, end, (tail, target)):
            points = [side]
            _turn(points, end)
            chain = chain[1:]
            if target is not head:
                _line(points, middles[target.column] + extents[target.column] / 2)
        else:
            corner = 0
    for a, b in pairwise(chain):
        end = _entry(grid, b, head, a, off, first[1])
        if _clear(grid, points[-1], end, (a, b)):
            _curve(points, end)
        else:
            _line(points, max(points[-1][0], middles[a.column] + extents[a.column] / 2))
            _curve(points, (max(points[-1][0], min(end[0], _near(grid, b.column))), end[1]))
            _line(points, end[0])
        if b is not head:  # straight through the column it passes
            _line(points, middles[b.column] + extents[b.column] / 2)
    (a_along, a_across), (z_along, z_across) = points[0], points[-1]
    tip = (a_along - ARROW, a_across) if back else (z_along + ARROW, z_across)
    return points, tip, corner


def _side_along(grid: Grid, item: Item) -> float:
    """Where along the flow a link leaves a node's side: a box's near its far corner,
    a diamond's or circle's at its corner."""
    middle = grid.middles[item.column]
    if item.shape != "box":
        return middle
    return middle + max(0.0, min(item.along / 4, item.along / 2 - _CORNER))


def _entry(grid: Grid, item: Item, head: Item, before: Item, off: float, arrow: float) -> Point:
    """Where a link enters `item`: the head's near side (less the arrowhead), or the
    near edge of a passing slot's column."""
    if item is head:
        off += _toward(head, before.at)
        return (grid.middles[item.column] - item.reach(off) - arrow, item.at + off)
    return (_near(grid, item.column), item.at)


def _toward(item: Item, at: float) -> float:
    """Where on a box's side a link leaves or enters: off its middle toward the place
    across the flow it comes from or goes to (as a line from centre to centre would),
    short of the corners; a diamond's or circle's at its corner."""
    if item.shape != "box" or item.ends is not None:
        return 0.0
    room = max(0.0, item.across / 2 - _CORNER)
    return max(-room, min(room, (at - item.at) * _LEAN))


def _near(grid: Grid, column: int) -> float:
    return grid.middles[column] - grid.extents[column] / 2


def _clear(grid: Grid, a: Point, b: Point, ends: tuple[Item, Item]) -> bool:
    """Whether no node of the two columns but `ends` stands in the box of a to b."""
    low, high = min(a[1], b[1]) - _CLEAR, max(a[1], b[1]) + _CLEAR
    for column in (ends[0].column, ends[1].column):
        for item in grid.by_column.get(column, []):
            if item is ends[0] or item is ends[1]:
                continue
            middle = grid.middles[column]
            if item.at + item.across / 2 <= low or item.at - item.across / 2 >= high:
                continue
            if middle + item.along / 2 > a[0] and middle - item.along / 2 < b[0]:
                return False
    return True


def _line(points: list[Point], to: float) -> None:
    """Straight on along the flow to `to`."""
    along, across = points[-1]
    if to > along:
        step = (to - along) / 3
        points += [(along + step, across), (along + 2 * step, across), (to, across)]


def _curve(points: list[Point], to: Point) -> None:
    """An S-curve to `to`, leaving and arriving along the flow."""
    along, across = points[-1]
    half = (to[0] - along) / 2
    points += [(along + half, across), (to[0] - half, to[1]), to]


def _turn(points: list[Point], to: Point) -> None:
    """A quarter curve to `to`, leaving across the flow and arriving along it."""
    along, across = points[-1]
    bend = (along, across + (to[1] - across) * _TURN)
    points += [bend, (to[0] - (to[0] - along) * _TURN, to[1]), to]
