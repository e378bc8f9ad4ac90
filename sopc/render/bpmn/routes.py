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
    if s is t:  # a step that loops to itself: out of the right, over the top, back in
        over = s.y - GAP
        return [
            (s.right, s.cy),
            (s.right + GAP, s.cy),
            (s.right + GAP, over),
            (s.cx, over),
            (s.cx, s.y),
        ]
    others = [b for b in obstacles if b is not s and b is not t]
    fallback: tuple[int, list[Point]] | None = None
    for candidate in _candidates(s, t, way, back, others, pool):
        inside = _inside(pool, candidate)
        crossed = _crossings(others, candidate) if inside else len(others) + 1
        if crossed == 0:
            return _tidy(candidate)
        if fallback is None or crossed < fallback[0]:  # the fewest crossings, in the pool
            fallback = (crossed, candidate)
    assert fallback is not None  # every way yields a route
    return _tidy(fallback[1])


def _crossings(boxes: list[Box], route: list[Point]) -> int:
    """How many of the boxes the route passes through; only boxes that meet the
    route's bounding box are tried."""
    xs, ys = [p[0] for p in route], [p[1] for p in route]
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    near = [b for b in boxes if b.x < hi_x and b.right > lo_x and b.y < hi_y and b.bottom > lo_y]
    return sum(_crosses(b, route) for b in near)


def _inside(area: Box, route: list[Point]) -> bool:
    return all(area.x < x < area.right and area.y < y < area.bottom for x, y in route)


def _crosses(box: Box, route: list[Point]) -> bool:
    return any(box.crossed(a, b) for a, b in pairwise(route))


def _candidates(
    s: Box, t: Box, way: Way, back: bool, others: list[Box], pool: Box
) -> Iterator[list[Point]]:
    """Orthogonal routes from s to t, the plainest first."""
    if back or t.x < s.right:  # a loop: back through a free channel, shortest first
        yield from _loops(s, t, others, pool)
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
        for y in sorted(beyond, key=lambda y: (abs(y - step), y)):
            yield [start, (s.cx, y), (x2, y), (x2, t.cy), end]
        return
    if way is Way.GATEWAY and not s.y <= t.cy <= s.bottom:  # from the top or bottom vertex
        vertex = (s.cx, s.y) if t.cy < s.y else (s.cx, s.bottom)
        yield [vertex, (s.cx, t.cy), end]
    start = (s.right, s.cy)
    for x in ((s.right + t.x) // 2, x1, x2):
        yield [start, (x, s.cy), (x, t.cy), end]
    for y in sorted(ys, key=lambda y: (abs(y - s.cy), y)):
        yield [start, (x1, s.cy), (x1, y), (x2, y), (x2, t.cy), end]


def _loops(s: Box, t: Box, others: list[Box], pool: Box) -> Iterator[list[Point]]:
    """Routes back from s to t through a channel at some height y (just above or below
    a shape, or above or below both ends): out of s's top or bottom and into t's, or
    out of s's right side and into t's left one, around both."""
    ys = {y for b in others for y in (b.y - GAP // 2, b.bottom + GAP // 2)}
    ys |= {min(s.y, t.y) - GAP, max(s.bottom, t.bottom) + GAP}
    options: list[tuple[int, int, list[Point]]] = []
    for y in ys:
        if not pool.y < y < pool.bottom:
            continue
        leave = s.y if y < s.y else s.bottom if y > s.bottom else None
        enter = t.y if y < t.y else t.bottom if y > t.bottom else None
        if leave is not None and enter is not None:
            length = abs(y - leave) + abs(s.cx - t.cx) + abs(y - enter)
            options.append((length, y, [(s.cx, leave), (s.cx, y), (t.cx, y), (t.cx, enter)]))
        out, back = s.right + GAP, t.x - GAP
        length = abs(y - s.cy) + abs(out - back) + abs(y - t.cy) + 2 * GAP + s.w + t.w
        around = [(s.right, s.cy), (out, s.cy), (out, y), (back, y), (back, t.cy), (t.x, t.cy)]
        options.append((length, y, around))
    for _, _, route in sorted(options, key=lambda o: (o[0], o[1])):
        yield route


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
