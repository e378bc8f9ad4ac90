"""A flowchart cut at rank boundaries for paper (`sopc.render.paper` chooses where):
every part repeats all the lanes, and a link between parts ends at a pair of
off-page connectors, a circled letter (one per target node) after the tail in
one part and before the head in the other, both in the head's lane."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sopc.render.swimlane import Chart, Link, LinkKind, Node, NodeKind


def connector_letter(index: int) -> str:
    """A, B, … Z, AA, AB, …: the letter of the index-th connector pair."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def split_chart(
    chart: Chart, rank: Mapping[str, int], ranges: Sequence[tuple[int, int]]
) -> list[tuple[Chart, dict[str, int]]]:
    """The chart cut into parts of consecutive ranks (`ranges`, inclusive), each with
    every lane, its own nodes and links, and connectors where links cross: each part
    with the columns to draw it on."""
    part_of = {
        node.name: next(i for i, (lo, hi) in enumerate(ranges) if lo <= rank[node.name] <= hi)
        for node in chart.nodes
    }
    order = {node.name: i for i, node in enumerate(chart.nodes)}
    by_name = {node.name: node for node in chart.nodes}
    crossing = [k for k in chart.links if part_of[k.tail] != part_of[k.head]]
    targets = sorted({k.head for k in crossing}, key=lambda n: (rank[n], order[n]))
    number = {name: i for i, name in enumerate(targets)}
    parts = []
    for index, (lo, _hi) in enumerate(ranges):
        nodes = [node for node in chart.nodes if part_of[node.name] == index]
        columns = {node.name: rank[node.name] - lo + 1 for node in nodes}
        links = [k for k in chart.links if part_of[k.tail] == index == part_of[k.head]]
        connectors: dict[str, Node] = {}
        for link in crossing:
            target = by_name[link.head]
            kind = LinkKind.FLOW if link.kind is LinkKind.BACK else link.kind
            letter = connector_letter(number[link.head])
            if part_of[link.tail] == index:
                name = f"co{number[link.head]}"
                connectors.setdefault(name, Node(name, NodeKind.CONNECTOR, target.lane, letter))
                columns[name] = max(columns.get(name, 0), columns[link.tail] + 1)
                links.append(Link(link.tail, name, kind, link.label))
            elif part_of[link.head] == index and f"ci{number[link.head]}" not in connectors:
                name = f"ci{number[link.head]}"
                connectors[name] = Node(name, NodeKind.CONNECTOR, target.lane, letter)
                columns[name] = columns[link.head] - 1
                links.append(Link(name, link.head, kind))
        start = min(columns.values())
        part = Chart(chart.title, chart.separator, list(chart.lanes))
        part.nodes = nodes + list(connectors.values())
        part.links = list(dict.fromkeys(links))
        parts.append((part, {name: column - start for name, column in columns.items()}))
    return parts
