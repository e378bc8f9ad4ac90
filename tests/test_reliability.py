"""Faults (issue 19): two builds at once, a full disk, a read-only source tree. Real
processes, a real lock, a real full filesystem (a small tmpfs) and a real read-only
mount (a bind mount in a private mount namespace: `unshare -m`, as root)."""

from __future__ import annotations

import fcntl
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import sopc

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def copy_examples(root: Path) -> Path:
    """The example project without its built site."""
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".sopc-site.lock"
    }


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "sopc", *args]


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    out = tmp_path / "site"
    assert sopc("build", str(root), "--out", str(out), "--format", "html").returncode == 0
    (root / "sops" / "CS-001-complaint-handling.sop.yaml").write_text(
        (root / "sops" / "CS-001-complaint-handling.sop.yaml")
        .read_text(encoding="utf-8")
        .replace("客户投诉处理流程", "客户投诉受理流程", 1),
        encoding="utf-8",
    )
    with open(out / ".sopc-site.lock", "w") as held:  # another build holds the folder
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            command("build", str(root), "--out", str(out), "--format", "html", "--lang", "en"),
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert waiting.stderr is not None
        said = waiting.stderr.readline()
        time.sleep(1)
        before = files(out)
        assert waiting.poll() is None  # still waiting, nothing written meanwhile
    assert "another sopc build is writing" in said
    assert waiting.wait(timeout=120) == 0
    assert "客户投诉受理流程" not in before["index.html"].decode()
    assert "客户投诉受理流程" in (out / "index.html").read_text(encoding="utf-8")


def test_two_builds_at_once_write_one_builds_site(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    alone = tmp_path / "alone"
    assert sopc("build", str(root), "--out", str(alone), "--no-cache").returncode == 0
    out = tmp_path / "site"
    both = [
        subprocess.Popen(command("build", str(root), "--out", str(out)), stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    assert [build.wait(timeout=600) for build in both] == [0, 0]
    assert files(out) == files(alone)


def in_private_mounts(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a mount namespace of its own, so its mounts vanish with it."""
    return subprocess.run(
        ["unshare", "-m", "sh", "-ec", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_full_disk_fails_clearly_and_keeps_the_site_it_had(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    out = tmp_path / "site"
    out.mkdir()
    build = " ".join(
        shlex.quote(a) for a in command("build", str(root), "--out", str(out), "--format", "html")
    )
    grown = tmp_path / "grown"  # the same SOPs, each with a long note: pages too big
    grown.mkdir()
    for path in (root / "sops").iterdir():  # every purpose is a block: `purpose: |`
        text = path.read_text(encoding="utf-8")
        start = text.index("\n", text.index("\npurpose: ") + 1)
        text = text[:start] + "\n  " + "补充说明" * 20000 + "\n" + text[start:]
        (grown / path.name).write_text(text, encoding="utf-8")
    grow = f"cp {shlex.quote(str(grown))}/* {shlex.quote(str(root / 'sops'))}/"
    listing = tmp_path / "first"
    script = f"""
        mount -t tmpfs -o size=2m tmpfs {shlex.quote(str(out))}
        {build} --lang en
        cp -a {shlex.quote(str(out))} {shlex.quote(str(listing))}
        {grow}
        set +e
        {build} --lang en
        echo "exit=$?"
        set -e
        find {shlex.quote(str(out))} -name '.sopc-*.tmp' | wc -l | sed 's/^/temporary=/'
        cp -a {shlex.quote(str(out))} {shlex.quote(str(tmp_path / "after"))}
    """
    done = in_private_mounts(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "exit=2" in done.stdout
    assert "temporary=0" in done.stdout
    assert "no space left to write" in done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    whole = tmp_path / "whole"  # the grown project built where there is room
    assert sopc("build", str(root), "--out", str(whole), "--format", "html").returncode == 0
    first, after, grown = files(listing), files(tmp_path / "after"), files(whole)
    assert sorted(after) == sorted(first)  # every file of the site it had is still there
    assert [rel for rel in first if after[rel] not in (first[rel], grown.get(rel))] == []


def test_a_read_only_source_tree_checks_and_builds(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    before = files(root)
    quoted, out = shlex.quote(str(root)), tmp_path / "site"
    run = " ".join(shlex.quote(a) for a in command("check", str(root), "--lang", "en"))
    build = " ".join(shlex.quote(a) for a in command("build", str(root), "--out", str(out)))
    script = f"""
        mount --bind {quoted} {quoted}
        mount -o remount,bind,ro {quoted}
        touch {quoted}/probe 2>/dev/null && echo writable || echo read-only
        {run}
        {build}
    """
    done = in_private_mounts(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("read-only")
    assert (out / "index.html").is_file()
    assert any(out.glob("*.pdf"))
    assert files(root) == before
    assert not (root / ".sopc-cache").exists()
    assert os.access(out / "index.html", os.R_OK)


def test_a_corrupt_or_foreign_cache_is_never_trusted(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    alone = tmp_path / "alone"
    assert sopc("build", str(root), "--out", str(alone), "--no-cache").returncode == 0
    out = tmp_path / "site"
    assert sopc("build", str(root), "--out", str(out)).returncode == 0
    cached = sorted(p for p in (root / ".sopc-cache").rglob("*") if p.is_file())
    assert len(cached) > 20
    # every kept file damaged one of three ways: cut short, bytes flipped, or replaced by a
    # pickle that would run a command when loaded
    evil = b"cos\nsystem\n(S'touch " + str(tmp_path / "pwned").encode() + b"'\ntR."
    for i, path in enumerate(cached):
        data = path.read_bytes()
        damaged = [data[: len(data) // 2], bytes(b ^ 0x5A for b in data), evil][i % 3]
        path.write_bytes(damaged)
    for path in out.rglob("*.html"):  # and the site: a page edited by hand
        path.write_text("<p>edited</p>", encoding="utf-8")
    done = sopc("build", str(root), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "pwned").exists()
    assert files(out) == files(alone)


def test_a_new_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """`sopc new` and `sopc import` create files through one writer: under a file size
    limit (the kernel's RLIMIT_FSIZE, as a full disk stops a write half-way) the SOP
    is not left half-written, and the message says what happened."""
    root = copy_examples(tmp_path / "project")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write instead of a kill

    done = subprocess.run(
        command("new", "QA-001", "--title", "来料检验流程", "--lang", "en"),
        cwd=root,
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "no space left to write" in done.stderr
    assert list((root / "sops").glob("QA-001*")) == []
    assert list((root / "sops").glob(".sopc-*")) == []
    assert sopc("new", "QA-001", "--title", "来料检验流程", cwd=root).returncode == 0
    assert sopc("check", str(root)).returncode == 0
