"""The first pass of a large check parses without positions (`parse_yaml(positions=
False)`): the values and the problems are those of a positioned parse, whatever the
file; only the spans below mappings and sequences are left out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from sopc.load.markdown import split_markdown
from sopc.load.text import decode
from sopc.load.tree import PMap, PSeq, Value
from sopc.load.yaml import MAX_NODES, parse_yaml
from tests.fuzz_inputs import mutated_files

CASES = {
    "a clean mapping": "id: CS-001\nsteps:\n  - {id: a, title: 接收}\n  - id: b\n",
    "a key written twice": "id: CS-001\ntitle: 甲\ntitle: 乙\n",
    "a key written twice, deep": "steps:\n  - id: a\n    role: x\n    role: y\n",
    "a full-width colon in a flow key": "steps:\n  - {title：接收, id: a}\n",
    "a full-width colon, no value": "title：接收:\n",
    "full-width spaces for indentation": "steps:\n  - id: a\n\u3000\u3000title: 接收\n",
    "a dash without its space": "steps:\n  -id: a\n",
    "a refused tag on a scalar": "id: !!python/object/apply:os.system [echo]\n",
    "a refused tag on a mapping": "id: !custom {a: 1}\n",
    "a second document": "id: a\n---\nid: b\n",
    "an alias of an open anchor": "a: &x [*x]\n",
    "an unknown alias": "a: *nowhere\n",
    "a mapping as a key": "? {a: 1}\n: b\n",
    "too many values": "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 6)),
    "a syntax error": "steps:\n  - {id: a, title: [未闭合\n",
    "nulls and anchors": "a: ~\nb: &n null\nc: *n\nd: !!null x\n",
}


def structure(value: Value) -> object:
    """The values with the kind of each container, without spans."""
    if isinstance(value, PMap):
        return ("map", [(key, structure(item)) for key, item in value.items()])
    if isinstance(value, PSeq):
        return ("seq", [structure(item) for item in value])
    return value


def same_without_positions(text: str, offset: int = 0) -> None:
    positioned, problems = parse_yaml(text, offset)
    bare, bare_problems = parse_yaml(text, offset, positions=False)
    assert structure(bare) == structure(positioned)
    assert bare_problems == problems
    if isinstance(bare, PMap | PSeq) and isinstance(positioned, PMap | PSeq):
        assert bare.span == positioned.span


@pytest.mark.parametrize("text", CASES.values(), ids=CASES)
def test_without_positions_values_and_problems_are_the_same(text: str) -> None:
    same_without_positions(text)
    same_without_positions(text, offset=3)  # front matter after three lines


def test_the_cases_reach_the_problems_they_name() -> None:
    codes = {name: [p.code for p in parse_yaml(text)[1]] for name, text in CASES.items()}
    assert codes["a clean mapping"] == []
    assert codes["a key written twice"] == codes["a key written twice, deep"] == ["SOP002"]
    assert codes["a refused tag on a scalar"] == codes["too many values"] == ["SOP004"]
    assert codes["a second document"] == ["SOP001"]
    assert all(codes[name] for name in CASES if "colon" in name or "indentation" in name)
    assert MAX_NODES < 10**6  # "too many values" expands to a million


def test_without_positions_keys_and_values_have_no_spans() -> None:
    tree, _ = parse_yaml(CASES["a clean mapping"], positions=False)
    assert isinstance(tree, PMap)
    assert (tree.key_spans, tree.value_spans, tree["steps"].item_spans) == ({}, {}, [])
    assert tree.span == (1, 1, 5, 1)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=mutated_files())
def test_a_mutated_sop_parses_the_same_without_positions(case: tuple[str, bytes]) -> None:
    name, data = case
    text = decode(data)
    if not isinstance(text, str):
        return  # not text: the decoder's finding, before any YAML
    if name.endswith(".md"):
        split = split_markdown(text)
        if split.front_matter is not None:
            same_without_positions(split.front_matter, split.front_matter_line)
    else:
        same_without_positions(text)
