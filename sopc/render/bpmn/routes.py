"""Orthogonal routes for a diagram's flows, around its shapes.

A flow takes the first of a few candidate routes, plainest first, that crosses no
other shape: one bend between the two shapes, near either of them, or a detour
through a free channel above or below the shapes between. It leaves a boundary
event from its outer side and a gateway from the vertex facing its target; a loop
goes back over the shapes between (or under them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

__all__ = ["GAP", "Box", "Point", "Way", "route"]

Point = tuple[int, int]
GAP = 20  # where a flow bends near a shape


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2

    def moved(self, dx: int, dy: int) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    def crossed(self, a: Point, b: Point) -> bool:
        """Whether the axis-parallel segment a–b passes through the box's inside."""
        (x1, y1), (x2, y2) = a, b
        lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        return (
            lo_x < self.right - 1
            and hi_x > self.x + 1
            and lo_y < self.bottom - 1
            and hi_y > self.y + 1
        )


class Way(StrEnum):
    """Where a flow leaves its source."""

    SIDE = "side"  # the right side, at the middle
    DOWN = "down"  # a boundary event on the bottom edge: out of its bottom
    UP = "up"  # a boundary event on the top edge: out of its top
    GATEWAY = "gateway"  # the vertex that faces the target


def route(s: Box, t: Box, way: Way, *, back: bool, obstacles: list[Box], pool: Box) -> list[Point]:
    """The waypoints of a flow from `s` to `t`: the first candidate that stays inside
    `pool` (the lanes, without their name strips) and crosses none of `obstacles`
    (other than `s` and `t`), else the plainest."""
    others = [b for b in obstacles if b is not s and b is not t]
    first: list[Point] | None = None
    for candidate in _candidates(s, t, way, back, others, pool):
        first = first or candidate
        if _inside(pool, candidate) and not _blocked(others, candidate):
            return _tidy(candidate)
    assert first is not None  # every way yields a route
    return _tidy(first)


def _blocked(boxes: list[Box], route: list[Point]) -> bool:
    """Whether a segment of the route passes through one of the boxes; only boxes
    that meet the route's bounding box are tried."""
    xs, ys = [p[0] for p in route], [p[1] for p in route]
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    near = [b for b in boxes if b.x < hi_x and b.right > lo_x and b.y < hi_y and b.bottom > lo_y]
    return any(_crosses(b, route) for b in near)


def _inside(area: Box, route: list[Point]) -> bool:
    return all(area.x < x < area.right and area.y < y < area.bottom for x, y in route)


def _crosses(box: Box, route: list[Point]) -> bool:
    return any(box.crossed(a, b) for a, b in pairwise(route))


def _candidates(
    s: Box, t: Box, way: Way, back: bool, others: list[Box], pool: Box
) -> Iterator[list[Point]]:
    """Orthogonal routes from s to t, the plainest first."""
    if back or t.x < s.right:  # a loop: over the shapes between, else under them
        between = [b for b in others if b.right > min(s.x, t.x) and b.x < max(s.right, t.right)]
        over = min([s.y, t.y, *(b.y for b in between)]) - GAP // 2
        under = max([s.bottom, t.bottom, *(b.bottom for b in between)]) + GAP // 2
        for y in (min(s.y, t.y) - GAP, max(over, pool.y + 4)):
            yield [(s.cx, s.y), (s.cx, y), (t.cx, y), (t.cx, t.y)]
        y = min(under, pool.bottom - 4)
        yield [(s.cx, s.bottom), (s.cx, y), (t.cx, y), (t.cx, t.bottom)]
        return
    end, x1, x2 = (t.x, t.cy), s.right + GAP, t.x - GAP
    ys = {
        y
        for b in others
        if b.right > x1 and b.x < x2
        for y in (b.y - GAP // 2, b.bottom + GAP // 2)
        if pool.y < y < pool.bottom
    }
    if way in (Way.DOWN, Way.UP):  # out of the event's outer side, then across
        down = way is Way.DOWN
        start = (s.cx, s.bottom) if down else (s.cx, s.y)
        if (t.cy > start[1]) if down else (t.cy < start[1]):
            yield [start, (s.cx, t.cy), end]
        step = start[1] + GAP if down else start[1] - GAP
        beyond = [y for y in ys | {step} if (y >= step if down else y <= step)]
        for y in sorted(beyond, key=lambda y: abs(y - step)):
            yield [start, (s.cx, y), (x2, y), (x2, t.cy), end]
        return
    if way is Way.GATEWAY and not s.y <= t.cy <= s.bottom:  # from the top or bottom vertex
        vertex = (s.cx, s.y) if t.cy < s.y else (s.cx, s.bottom)
        yield [vertex, (s.cx, t.cy), end]
    start = (s.right, s.cy)
    for x in ((s.right + t.x) // 2, x1, x2):
        yield [start, (x, s.cy), (x, t.cy), end]
    for y in sorted(ys, key=lambda y: abs(y - s.cy)):
        yield [start, (x1, s.cy), (x1, y), (x2, y), (x2, t.cy), end]


def _tidy(points: list[Point]) -> list[Point]:
    """Without repeated points and without points in the middle of a straight run."""
    out: list[Point] = []
    for p in points:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
            continue
        out.append(p)
    return out if len(out) >= 2 else [points[0], points[-1]]
