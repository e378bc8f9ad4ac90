"""Incremental builds: after each edit, a build with the cache renders only the pages
whose inputs changed, and the site is byte for byte the one a cold build makes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sopc.commands.build import Session, build
from tests.test_build import EXAMPLES, tree

Edit = Callable[[Path], None]
IT = "sops/IT-001-incident-response.sop.yaml"  # HR-001 links to it
CS = "sops/CS-001-complaint-handling.sop.yaml"  # names AS-001; its search records, then too


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def add_sop(root: Path) -> None:
    text = (root / "sops/IT-001-incident-response.sop.yaml").read_text(encoding="utf-8")
    copy = text.replace("id: IT-001", "id: IT-002").replace("title: ", "title: 副本", 1)
    (root / "sops/IT-002-copy.sop.yaml").write_text(copy, encoding="utf-8")


def delete_sop(root: Path) -> None:
    (root / "sops/IT-002-copy.sop.yaml").unlink()


def override_template(root: Path) -> None:
    (root / "theme").mkdir()
    built_in = Path(__file__).resolve().parent.parent / "templates/site/sop.html.j2"
    text = built_in.read_text(encoding="utf-8").replace(
        "{% block main %}", "{% block main %}<!--x-->"
    )
    (root / "theme/sop.html.j2").write_text(text, encoding="utf-8")
    replace("sopc.yaml", "build:\n", "build:\n  templates: theme\n")(root)


EDITS: list[tuple[str, Edit]] = [
    ("a step title", replace(IT, "title: Log the", "title: Open the")),
    (
        "an input naming an SOP",
        replace(
            CS, "inputs: [客户来电或在线留言, 电商平台投诉工单]", 'inputs: [客户来电, "sop:AS-001"]'
        ),
    ),
    (
        "a title other pages show",
        replace("sops/AS-001-returns-exchanges.sop.yaml", "title: 售后", "title: 新售后"),
    ),
    ("an SOP added", add_sop),
    ("an SOP deleted", delete_sop),
    ("a role renamed", replace("sopc.yaml", "name: 客服专员", "name: 客户服务专员")),
    ("sopc.yaml changed", replace("sopc.yaml", "name: 澄川电器", "name: 新澄川电器")),
    ("a template overridden", override_template),
]


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    return root


@pytest.mark.parametrize("kept", [False, True], ids=["build", "serve"])
def test_every_edit_builds_the_cold_site(examples: Path, tmp_path: Path, kept: bool) -> None:
    """`sopc build` (the last build's state on disk) and `sopc serve` (a session that
    also keeps files, findings, charts and page fragments in memory)."""
    session = Session() if kept else None
    first = build([examples], formats=["html"], session=session)
    assert first.status == 0
    assert first.pages > 10
    for number, (what, edit) in enumerate(EDITS):
        edit(examples)
        warm = build([examples], formats=["html"], session=session)
        cold = build([examples], formats=["html"], out=tmp_path / f"cold-{number}", use_cache=False)
        assert warm.status == cold.status == 0, what
        assert tree(examples / "site") == tree(tmp_path / f"cold-{number}"), what


def test_a_step_title_renders_its_page_and_the_manual_pages_only(examples: Path) -> None:
    build([examples], formats=["html"])
    edit = replace(IT, "title: Diagnose the", "title: Find the")
    before = tree(examples / "site")
    edit(examples)
    result = build([examples], formats=["html"])
    after = tree(examples / "site")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "sops/IT-001.html" in changed
    assert not any(rel.startswith("sops/") and rel != "sops/IT-001.html" for rel in changed)
    assert result.changed == len(changed)


def test_a_page_edited_by_hand_is_rendered_again(examples: Path) -> None:
    build([examples], formats=["html"])
    page = examples / "site/sops/CS-001.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</body>", b"<script>alert(1)</script></body>"))
    (examples / "site/sops/HR-001.html").unlink()
    replace(IT, "title: Log the", "title: Open the")(examples)
    build([examples], formats=["html"])
    assert page.read_bytes() == good
    assert (examples / "site/sops/HR-001.html").is_file()


def test_a_foreign_build_state_is_not_trusted(examples: Path, tmp_path: Path) -> None:
    build([examples], formats=["html"])
    for state in (examples / ".sopc-cache/builds").iterdir():
        state.write_text('{"fingerprint": 1, "files": [], "pages": {"x": "y"}}', encoding="utf-8")
    replace(IT, "title: Log the", "title: Open the")(examples)
    assert build([examples], formats=["html"]).status == 0
    build([examples], formats=["html"], out=tmp_path / "cold", use_cache=False)
    assert tree(examples / "site") == tree(tmp_path / "cold")


def test_a_damaged_index_of_site_charts_is_not_trusted(examples: Path, tmp_path: Path) -> None:
    build([examples], formats=["html"])
    index = examples / ".sopc-cache/flowcharts/site.json"
    entries = json.loads(index.read_text(encoding="utf-8"))
    assert len(entries) == 7  # one per SOP
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg>secret</svg>", encoding="utf-8")
    bad = [
        ["../../../" + "secret", "LR", []],  # a path out of the cache
        ["0" * 64, "LR", []],  # no such drawing
        ["a" * 64, "XX", ["legend_decision"]],
        [entries[next(iter(entries))][0], "LR", ["<script>"]],
        "not a list",
    ]
    damaged = {key: bad[n % len(bad)] for n, key in enumerate(sorted(entries))}
    index.write_text(json.dumps(damaged), encoding="utf-8")
    shutil.rmtree(examples / "site")
    assert build([examples], formats=["html"]).status == 0
    build([examples], formats=["html"], out=tmp_path / "cold", use_cache=False)
    assert tree(examples / "site") == tree(tmp_path / "cold")
    assert b"secret" not in b"".join(tree(examples / "site").values())
