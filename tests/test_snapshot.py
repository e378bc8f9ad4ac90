"""A one-off `sopc build` takes over the session the last one kept in
`.sopc-cache/session/` (`sopc.snapshot`): what it reuses is what a fresh check and a
cold build would make, only what changed is written again, and nothing it reads can
run code or come from another folder."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from sopc.cache import pack, unpack
from sopc.commands.build import build
from sopc.commands.check import check
from sopc.snapshot import restore
from tests.test_build import tree
from tests.test_incremental import CS, IT, examples, replace

__all__ = ["examples"]  # the fixture, shared with test_incremental


def entries(root: Path) -> dict[str, int]:
    """The session's files and when each was last written."""
    folder = root / ".sopc-cache/session"
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


def test_only_what_changed_is_written_again(examples: Path) -> None:
    build([examples], formats=["html"])
    before = entries(examples)
    assert len([name for name in before if name.startswith("sop-")]) == 7
    replace(IT, "title: Log the", "title: Open the")(examples)
    assert build([examples], formats=["html"]).status == 0
    after = entries(examples)
    rewritten = {name for name in after if after[name] != before.get(name)}
    # the edited file's entry (its model and parts), the shared parts, the head
    assert len([name for name in rewritten if name.startswith("sop-")]) == 1
    assert rewritten - {name for name in rewritten if name.startswith("sop-")} <= {
        "head",
        "parts",
    }
    kept = restore(examples / ".sopc-cache")
    edited = kept.reuse.files[(examples / IT).absolute()]
    assert edited.sop is not None
    assert edited.sop.steps[0].title.startswith("Open the")
    assert all(source.tree is None for source in kept.reuse.files.values())


def test_a_kept_file_keeps_its_findings(examples: Path) -> None:
    """A warning found by the first build is reported by the next, at the same place,
    though that file was not checked again; and as `sopc check` reports it."""
    replace(CS, "title: 登记客户投诉", "title: 尽快登记客户投诉")(examples)
    first = build([examples], formats=["html"])
    assert first.checked is not None
    assert first.checked.findings, "the vague term is a finding"
    replace(IT, "title: Log the", "title: Open the")(examples)
    second = build([examples], formats=["html"])
    fresh = check([examples])
    assert second.checked is not None
    assert second.checked.findings == fresh.findings == first.checked.findings


def test_a_broken_file_is_checked_again_once_fixed(examples: Path, tmp_path: Path) -> None:
    build([examples], formats=["html"])
    replace(IT, "title: Log the", "title: [Log the")(examples)
    broken = build([examples], formats=["html"])
    assert broken.status == 1
    assert broken.checked is not None
    assert any(
        f.path.endswith("IT-001-incident-response.sop.yaml") for f in broken.checked.findings
    )
    replace(IT, "title: [Log the", "title: Open the")(examples)
    fixed = build([examples], formats=["html"])
    assert fixed.status == 0
    assert fixed.checked is not None
    assert fixed.checked.findings == check([examples]).findings
    build([examples], formats=["html"], out=tmp_path / "cold", use_cache=False)
    assert tree(examples / "site") == tree(tmp_path / "cold")


def test_a_copied_session_is_not_read(examples: Path, tmp_path: Path) -> None:
    """A cache committed to git or copied with the project is another folder."""
    build([examples], formats=["html"])
    assert restore(examples / ".sopc-cache").reuse.files
    copy = tmp_path / "copy"
    shutil.copytree(examples, copy)
    assert not restore(copy / ".sopc-cache").reuse.files
    replace(IT, "title: Log the", "title: Open the")(copy)
    assert build([copy], formats=["html"]).status == 0
    build([copy], formats=["html"], out=tmp_path / "cold", use_cache=False)
    assert tree(copy / "site") == tree(tmp_path / "cold")


def test_damaged_entries_are_as_good_as_none(examples: Path, tmp_path: Path) -> None:
    build([examples], formats=["html"])
    folder = examples / ".sopc-cache/session"
    for n, path in enumerate(sorted(folder.iterdir())):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if n % 2 else b"\x80\x05garbage")
    replace(IT, "title: Log the", "title: Open the")(examples)
    assert build([examples], formats=["html"]).status == 0
    build([examples], formats=["html"], out=tmp_path / "cold", use_cache=False)
    assert tree(examples / "site") == tree(tmp_path / "cold")


def test_a_session_from_another_sopc_is_not_read(examples: Path) -> None:
    build([examples], formats=["html"])
    head = examples / ".sopc-cache/session/head"
    kept = unpack(head.read_bytes())
    kept["code"] = "0" * 64
    head.write_bytes(pack(kept))
    assert not restore(examples / ".sopc-cache").reuse.files


class _Call:
    """A pickle that calls `function(*args)` when loaded."""

    def __init__(self, function: object, *args: object) -> None:
        self.function, self.args = function, args

    def __reduce__(self) -> tuple[object, ...]:
        return (self.function, self.args)


@pytest.mark.parametrize(
    "payload",
    [
        _Call(os.system, "touch {marker}"),
        _Call(open, "{marker}", "w"),
        _Call(shutil.rmtree, "{marker}"),
        _Call(getattr, "text", "upper"),
    ],
    ids=["os.system", "open", "rmtree", "getattr"],
)
def test_a_kept_file_cannot_run_code(tmp_path: Path, payload: _Call) -> None:
    marker = tmp_path / "ran"
    payload.args = tuple(
        str(a).format(marker=marker) if isinstance(a, str) else a for a in payload.args
    )
    assert unpack(pickle.dumps(payload, protocol=5)) is None
    assert unpack(pickle.dumps(payload, protocol=0)) is None
    assert not marker.exists()


def test_only_sopcs_data_classes_are_made(tmp_path: Path) -> None:
    """Not a function of sopc's (one that writes files), not a module never loaded."""
    from sopc import cache

    target = tmp_path / "written"
    assert unpack(pickle.dumps(_Call(cache.store, target, b"x"))) is None
    assert not target.exists()
    forged = b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x0csopc.__main__\x8c\x03run\x93)R."
    assert unpack(forged) is None
    assert "sopc.__main__" not in sys.modules
    assert unpack(pack([Path("a"), {"k": (1, "二")}])) == [Path("a"), {"k": (1, "二")}]
