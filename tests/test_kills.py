"""A build killed at any moment (issue 19): SIGKILL to `sopc build` and its `dot`s at 50
random points, each time with the sources changed from what the site shows; after every
kill the site is the last one or the new one, byte for byte, never a mix, and the next
build finishes it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import sopc
from tests.test_reliability import copy_examples, files

KILLS = 50


def put_state(root: Path, original: dict[str, str], state: int) -> None:
    """Sources in state 0 (as the examples are) or 1 (every SOP's title changed, which
    every page shows: the whole site changes)."""
    for rel, text in original.items():
        changed = text if state == 0 else text.replace("title: ", "title: 修订版", 1)
        (root / rel).write_text(changed, encoding="utf-8")


def build_args(root: Path, out: Path) -> list[str]:
    return ["build", str(root), "--out", str(out), "--format", "html"]


def test_a_killed_build_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    original = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((root / "sops").iterdir())
    }
    sites = []
    for state in (0, 1):  # what each state's site is, built alone without the cache
        put_state(root, original, state)
        reference = tmp_path / f"state{state}"
        assert sopc(*build_args(root, reference), "--no-cache").returncode == 0
        sites.append(files(reference))
    assert sites[0] != sites[1]

    out = tmp_path / "site"
    put_state(root, original, 0)
    assert sopc(*build_args(root, out)).returncode == 0
    shown, took, left = 0, [1.0], {"old": 0, "new": 0}
    rng = random.Random(19)
    for kill in range(KILLS):
        wanted = 1 - shown
        put_state(root, original, wanted)
        # up to a little past the longest build so far: before, during and after its work
        wait = rng.uniform(0, max(took) * 1.1)
        started = time.perf_counter()
        build = subprocess.Popen(
            [sys.executable, "-m", "sopc", *build_args(root, out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: its `dot`s die with it
        )
        try:
            build.wait(timeout=wait)
            took.append(time.perf_counter() - started)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
        now = files(out)
        assert now in sites, f"kill {kill} after {wait:.2f} s left a mix of two sites"
        left["new" if sites.index(now) == wanted else "old"] += 1
        if kill % 10 == 9:  # the next build, left to finish, makes the site it should
            assert sopc(*build_args(root, out)).returncode == 0
            now = files(out)
            assert now == sites[wanted]
        shown = sites.index(now)
    assert not list(out.rglob(".sopc-*.tmp"))
    assert left["old"] > 0
    assert left["new"] > 0
