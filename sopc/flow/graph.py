"""The flow of an SOP as a graph (spec §2, Flow).

Nodes are step indexes plus START, END and one node per hand-off target
(`sop:ID`, where the flow leaves the SOP). Edges follow the rules of the
format: `branches` for a decision, else `next` (a list runs in parallel),
else the next step in the list, the last one flowing to END. Targets that
name no step are left out here (SOP203 reports them), and a step id used twice
names its first step (SOP207 reports the second): `resolved` says whether the
graph is the whole flow, which the flow rules need before they speak.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum

from sopc.model.sop import SOP
from sopc.model.types import RESERVED_IDS, SOP_REF

START = -1
END = -2
FIRST_HANDOFF = -3  # hand-off nodes count down from here: -3, -4, … in order of first use
_NONE: tuple[int, ...] = ()


def is_handoff(node: int) -> bool:
    """Whether `node` is a hand-off (the flow leaves for another SOP), not a step,
    START or END."""
    return node <= FIRST_HANDOFF


class EdgeKind(StrEnum):
    SEQUENCE = "sequence"  # the default: the next step in the list
    NEXT = "next"  # an explicit `next`
    PARALLEL = "parallel"  # one branch of a parallel split
    BRANCH = "branch"  # one answer of a decision


@dataclass(frozen=True, slots=True)
class Edge:
    source: int
    target: int
    kind: EdgeKind
    label: str | None = None  # a branch's `when`


@dataclass
class FlowGraph:
    sop: SOP
    edges: list[Edge] = field(default_factory=list)
    handoffs: dict[int, str] = field(default_factory=dict)  # node → SOP id
    unknown_targets: set[int] = field(default_factory=set)  # steps with a missing target
    duplicates: set[int] = field(default_factory=set)  # steps whose id an earlier step has
    _out: dict[int, list[Edge]] | None = field(default=None, repr=False)
    _next: dict[int, list[int]] | None = field(default=None, repr=False)
    _previous: dict[int, list[int]] | None = field(default=None, repr=False)
    _reached: dict[tuple[int, ...], frozenset[int]] = field(default_factory=dict, repr=False)
    _back: dict[int, set[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _passes: dict[int, FirstPass] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, sop: SOP) -> FlowGraph:
        graph = cls(sop)
        index: dict[str, int] = {}
        for i, step in enumerate(sop.steps):
            if step.id in index:
                graph.duplicates.add(i)
            index.setdefault(step.id, i)
        graph.add(START, sop.steps[0].id if sop.steps else "end", EdgeKind.SEQUENCE, index)
        for i, step in enumerate(sop.steps):
            if step.branches:  # a decision (SOP304 checks the question is there)
                for branch in step.branches:
                    graph.add(i, branch.next, EdgeKind.BRANCH, index, branch.when)
            elif isinstance(step.next, list):
                for target in step.next:
                    graph.add(i, target, EdgeKind.PARALLEL, index)
            elif isinstance(step.next, str):
                graph.add(i, step.next, EdgeKind.NEXT, index)
            else:
                following = sop.steps[i + 1].id if i + 1 < len(sop.steps) else "end"
                graph.add(i, following, EdgeKind.SEQUENCE, index)
        return graph

    def add(
        self,
        source: int,
        target: str,
        kind: EdgeKind,
        index: dict[str, int],
        label: str | None = None,
    ) -> None:
        if target in RESERVED_IDS:
            node = END
        elif target.startswith(SOP_REF):
            sop_id = target[len(SOP_REF) :]
            known = [n for n, s in self.handoffs.items() if s == sop_id]
            node = known[0] if known else FIRST_HANDOFF - len(self.handoffs)
            self.handoffs[node] = sop_id
        elif target in index:
            node = index[target]
        else:
            self.unknown_targets.add(source)
            return
        self.edges.append(Edge(source, node, kind, label))

    @property
    def resolved(self) -> bool:
        """Whether every step id is unique and every target names a step: only then is
        this graph the flow the author wrote."""
        return not self.unknown_targets and not self.duplicates

    # -- structure --------------------------------------------------------------------

    @property
    def steps(self) -> range:
        return range(len(self.sop.steps))

    def successors(self, node: int) -> Sequence[int]:
        """The nodes `node` leads to, in the order the SOP writes them."""
        if self._next is None:
            outgoing = self._outgoing().items()
            self._next = {source: [edge.target for edge in edges] for source, edges in outgoing}
        return self._next.get(node, _NONE)

    def out_edges(self, node: int) -> list[Edge]:
        return self._outgoing().get(node, [])

    def _outgoing(self) -> dict[int, list[Edge]]:
        if self._out is None:
            self._out = {}
            for edge in self.edges:
                self._out.setdefault(edge.source, []).append(edge)
        return self._out

    def reachable(self, sources: Iterable[int]) -> frozenset[int]:
        """Nodes some path from `sources` reaches (themselves included); remembered,
        as the rules and every deadline's first pass ask again."""
        key = tuple(sources)
        if key not in self._reached:
            self._reached[key] = frozenset(_closure(key, self.successors))
        return self._reached[key]

    def finishing(self) -> frozenset[int]:
        """Nodes from which some path reaches END or a hand-off. A step whose target
        is unknown counts as finishing: SOP203 reports it, nothing else should."""
        return self.reaching(END, *self.handoffs, *self.unknown_targets)

    def cycle_order(self, component: list[int]) -> list[int]:
        """The steps of a loop in the order the flow walks them, from its first step."""
        start = min(component)
        inside = set(component)
        path = [start]
        seen = {start}
        node = start
        while True:
            following = [t for t in self.successors(node) if t in inside]
            if start in following and (len(path) > 1 or following == [start]):
                return path  # back at the start (or a step that loops on itself)
            unseen = [t for t in following if t not in seen]
            if not unseen:
                return path
            node = unseen[0]
            seen.add(node)
            path.append(node)

    def reaching(self, *targets: int) -> frozenset[int]:
        """Nodes from which some path reaches one of `targets` (themselves included)."""
        if self._previous is None:
            self._previous = {}
            for edge in self.edges:
                self._previous.setdefault(edge.target, []).append(edge.source)
        previous = self._previous
        return frozenset(_closure(targets, lambda node: previous.get(node, _NONE)))

    def cycles(self, among: Set[int]) -> list[list[int]]:
        """Strongly connected components within `among` that hold a cycle (Tarjan, iterative)."""
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack: set[int] = set()
        stack: list[int] = []
        found: list[list[int]] = []
        counter = 0
        for root in sorted(n for n in among if n >= 0):
            if root in index:
                continue
            work: list[tuple[int, Iterator[int]]] = [(root, iter(self._inside(root, among)))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                child = next(children, None)
                if child is not None:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(self._inside(child, among))))
                    elif child in on_stack:
                        low[node] = min(low[node], index[child])
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in self.successors(node):
                        found.append(sorted(component))
        return sorted(found)

    def _inside(self, node: int, among: Set[int]) -> list[int]:
        return [t for t in self.successors(node) if t in among]

    def first_pass(self, source: int) -> FirstPass:
        """The flow from `source` as the work goes when nothing is sent back, with its
        rework loops (built once per source)."""
        if source not in self._passes:
            self._passes[source] = FirstPass.of(self, source)
        return self._passes[source]

    def back_edges(self, root: int = START) -> set[tuple[int, int]]:
        """Edges that close a loop, found by depth-first search from `root`, each step's
        targets in the order the SOP writes them (from START, then from every step
        not reached yet, in list order, so that every loop has one).

        Without them the flow is acyclic: its first pass from `root`, the way the
        work goes when nothing is sent back (docs/time.md, Rework).
        """
        if root in self._back:
            return self._back[root]
        back: set[tuple[int, int]] = set()
        state: dict[int, int] = {}  # 1 on the path, 2 done
        for start in [START, *self.steps] if root == START else [root]:
            if start in state:
                continue
            work: list[tuple[int, Iterator[int]]] = [(start, iter(self.successors(start)))]
            state[start] = 1
            while work:
                node, children = work[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    work.pop()
                elif state.get(child) == 1:
                    back.add((node, child))
                elif child not in state:
                    state[child] = 1
                    work.append((child, iter(self.successors(child))))
        self._back[root] = back
        return back


@dataclass(frozen=True)
class Loop:
    """A rework loop: `last` sends the work back to `first` (an edge back of the first
    pass) and a decision lies on the way between them. `steps` are the steps on some
    way of the first pass from `first` to `last`, in its order (`inside`: the same,
    to look up): one round walks the longest such way once."""

    first: int
    last: int
    steps: tuple[int, ...]
    inside: frozenset[int]


@dataclass(frozen=True)
class FirstPass:
    """The flow from one step without the edges that send work back (`back_edges` from
    that step): acyclic, so no way through it repeats a step. `order` lists every node
    it reaches so that each edge goes later; `loops` are the rework loops by the step
    they come back to."""

    source: int
    forward: dict[int, list[int]]
    order: list[int]
    loops: dict[int, list[Loop]]
    _leading: dict[int, set[int]] = field(default_factory=dict, repr=False, compare=False)

    _visits: dict[tuple[int, bool], tuple[tuple[int, int], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def visits(self, target: int, rework: bool) -> tuple[tuple[int, int], ...]:
        """The steps a way to `target` may pass, each with how often at most: once on
        the first pass, and once more in each round of a loop that comes back to a
        step on the way (`rework`). Bounds what any way can cost (`deadlines`)."""
        key = (target, rework)
        if key not in self._visits:
            leading = self.leading_to(target)
            count = dict.fromkeys((n for n in self.order if n in leading and n >= 0), 1)
            for node in self.order if rework else ():
                for loop in self.loops.get(node, []) if node in leading else ():
                    for step in loop.steps:
                        count[step] = count.get(step, 0) + 1
            self._visits[key] = tuple((n, times) for n, times in count.items() if n >= 0)
        return self._visits[key]

    def leading_to(self, target: int) -> set[int]:
        """The nodes from which the first pass reaches `target` (none if it does not)."""
        if target not in self._leading:
            self._leading[target] = (
                _coreach(target, self.forward, self.order) if target in self.forward else set()
            )
        return self._leading[target]

    @classmethod
    def of(cls, graph: FlowGraph, source: int) -> FirstPass:
        back = graph.back_edges(source)
        reached = graph.reachable([source])
        forward = {n: [t for t in graph.successors(n) if (n, t) not in back] for n in reached}
        order = _topological(source, forward)
        position = {node: i for i, node in enumerate(order)}
        loops: dict[int, list[Loop]] = {}
        for last, first in sorted(back, key=lambda edge: (position[edge[1]], position[edge[0]])):
            between = _closure([first], forward.__getitem__) & _coreach(last, forward, order)
            if any(graph.sop.steps[n].branches for n in between):
                steps = tuple(n for n in order if n in between)
                loops.setdefault(first, []).append(Loop(first, last, steps, frozenset(between)))
        return cls(source, forward, order, loops)


def _topological(source: int, forward: dict[int, list[int]]) -> list[int]:
    """The nodes of an acyclic `forward` reached from `source`, each edge going later
    (reverse post-order of a depth-first walk)."""
    done: list[int] = []
    seen = {source}
    work: list[tuple[int, Iterator[int]]] = [(source, iter(forward[source]))]
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is None:
            done.append(node)
            work.pop()
        elif child not in seen:
            seen.add(child)
            work.append((child, iter(forward[child])))
    return done[::-1]


def _coreach(target: int, forward: dict[int, list[int]], order: list[int]) -> set[int]:
    """The nodes from which `forward` reaches `target` (one sweep backwards of `order`)."""
    found = {target}
    for node in reversed(order[: order.index(target)]):
        if any(t in found for t in forward[node]):
            found.add(node)
    return found


def _closure(starts: Iterable[int], neighbours: Callable[[int], Sequence[int]]) -> set[int]:
    """Every node reached from `starts` by following `neighbours`."""
    seen: set[int] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(neighbours(node))
    return seen
