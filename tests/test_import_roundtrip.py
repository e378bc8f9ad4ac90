"""The round trip: every example SOP, built to Word by `sopc build --format docx` and
imported again by `sopc import` into the examples' project (its sopc.yaml, no SOPs),
is the same SOP: ids, steps (every field), roles, time limits, forms, exceptions and
revisions.

Durations compare by value (`立即` and `0` are the same limit; the Word file shows the
limit in words, not the author's spelling), and text by its words (a YAML block
scalar's closing newline is not part of them)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sopc.model.sop import SOP
from sopc.model.types import Duration
from sopc.sources import load_sop_file
from tests.conftest import sopc

EXAMPLES = Path(__file__).parent.parent / "examples"
IDS = sorted(p.name.split("-", 2)[0] + "-" + p.name.split("-", 2)[1] for p in
             (EXAMPLES / "sops").glob("*.sop.*"))  # fmt: skip


def plain(value: Any) -> Any:
    """`value` with durations as (amount, unit) and text without its closing newline."""
    if isinstance(value, Duration):
        return (value.amount.normalize(), value.unit.value)
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def compared(sop: SOP) -> dict[str, Any]:
    """The parts the round trip keeps (module docstring), as plain data."""
    forms = {i: (f.name, plain(f.retention)) for i, f in sop.forms.items()}
    roles = {i: (r.name, r.department, r.duties) for i, r in sop.roles.items()}
    return {
        "id": sop.id, "title": sop.title, "version": sop.version, "status": sop.status,
        "steps": [plain(dict(step)) for step in sop.steps],
        "roles": roles, "forms": forms,
        "exceptions": [plain(dict(e)) for e in sop.exceptions],
        "revisions": [plain(dict(r)) for r in sop.revisions],
        "cases": plain(dict(sop.cases)) if sop.cases else None,
        "owner": sop.owner, "departments": sop.departments,
    }  # fmt: skip


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[SOP, SOP]]:
    """Each example's id → (the example, the same SOP after Word and back)."""
    work = tmp_path_factory.mktemp("roundtrip")
    project = work / "project"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    built = sopc("build", str(project), "--format", "docx", "--out", str(work / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    originals = {}
    for path in sorted((project / "sops").iterdir()):
        source = load_sop_file(path, path.name)
        assert source.sop is not None
        originals[source.sop.id] = source.sop
        path.unlink()
    words = sorted((work / "site" / "docx").glob("*.docx"))
    done = sopc("import", *map(str, words), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    again = {}
    for path in sorted((project / "sops").iterdir()):
        source = load_sop_file(path, path.name)
        assert source.sop is not None, [f.message for f in source.findings]
        again[source.sop.id] = source.sop
    assert sorted(again) == sorted(originals)
    return {sop_id: (originals[sop_id], again[sop_id]) for sop_id in originals}


@pytest.mark.parametrize("sop_id", IDS)
def test_an_example_comes_back_from_word(
    round_trip: dict[str, tuple[SOP, SOP]], sop_id: str
) -> None:
    original, imported = round_trip[sop_id]
    before, after = compared(original), compared(imported)
    for part in before:
        assert after[part] == before[part], part
