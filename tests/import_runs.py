"""The import tests' project and runs: a project with the shared roles and forms of
tests/conftest.py and no SOPs (fixture `root`, loaded through `pytest_plugins`), and
`imported`, which runs `sopc import` in it as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopc.model.sop import SOP
from sopc.sources import load_sop_file
from tests.conftest import CONFIG, sopc


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with the shared roles and forms of tests/conftest.py, and no SOPs."""
    config = CONFIG + "language: zh-CN\nsources: [sops]\n"
    (tmp_path / "sopc.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "sops").mkdir()
    return tmp_path


def imported(root: Path, *files: Path, expect: int = 0) -> list[SOP]:
    """Run `sopc import` in `root`; the SOPs it wrote, in file order."""
    before = set((root / "sops").iterdir())
    done = sopc("import", *map(str, files), cwd=root)
    assert done.returncode == expect, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    written = sorted(set((root / "sops").iterdir()) - before)
    sops = []
    for path in written:
        source = load_sop_file(path, path.name)
        assert source.sop is not None, [f.message for f in source.findings]
        sops.append(source.sop)
    return sops
