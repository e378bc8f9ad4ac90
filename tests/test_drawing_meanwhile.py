"""The site's pages are made while `dot` draws: a page waits for its own chart, and a
drawing that fails stops the build before a page without its chart is written."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from sopc.parallel import Arrivals
from tests.conftest import BASE_SOP, CS_PATH, Project, sopc


def test_a_wait_ends_when_its_name_comes() -> None:
    arrivals = Arrivals()
    seen: list[str] = []
    waiter = threading.Thread(target=lambda: (arrivals.wait("b"), seen.append("b")))
    waiter.start()
    arrivals.add(["a"])
    time.sleep(0.1)
    assert seen == []  # "a" is not what it waits for
    arrivals.add(["b"])
    waiter.join(timeout=5)
    assert seen == ["b"]


def test_a_wait_raises_what_stopped_the_maker_and_keeps_what_came() -> None:
    arrivals = Arrivals()
    arrivals.add(["a"])
    arrivals.close(RuntimeError("dot is gone"))
    arrivals.wait("a")  # it came before the failure: nothing to raise
    with pytest.raises(RuntimeError, match="dot is gone"):
        arrivals.wait("b")


def test_a_wait_after_a_clean_close_returns() -> None:
    arrivals = Arrivals()
    arrivals.close()
    arrivals.wait("never drawn")  # an SOP without a chart: its page shows none


def test_a_build_without_graphviz_says_so_and_writes_no_page(
    project: Project, tmp_path: Path
) -> None:
    root = project({CS_PATH: BASE_SOP})
    bin_dir = tmp_path / "bin"  # a PATH with Python and git, not Graphviz
    bin_dir.mkdir()
    for tool in ("git",):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    out = tmp_path / "site"
    run = sopc(
        "build",
        str(root),
        "--format",
        "html",
        "--out",
        str(out),
        "--lang",
        "en",
        env={"PATH": f"{bin_dir}:{Path(sys.executable).parent}"},
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "Graphviz" in run.stderr
    assert not list(out.rglob("*.html"))
