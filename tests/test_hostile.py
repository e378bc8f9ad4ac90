"""Hostile inputs: each gives a finding and exit 1 in under 5 s and 300 MB,
with no traceback, nothing executed and nothing outside the project read.

Every case builds a real project (one valid SOP plus the hostile file) and runs
`sopc check` in a subprocess through `tests/_measure.py`, which reports the
exit code, wall time, peak memory, the files opened outside the interpreter
and sopc's installation, and any attempt to start a process. The project's
files must be byte-identical afterwards: sopc never alters a source.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import re
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sopc.i18n import translator
from sopc.load.text import TextProblem, decode
from sopc.load.yaml import parse_yaml

MEASURE = Path(__file__).with_name("_measure.py")
MAX_SECONDS = 5.0
IN_PROCESS_SECONDS = 2.0
"""Bounds that tell a guard from a hang, with room for a loaded CI machine: the
guarded parses take 0.2 s at most here, an unguarded one minutes."""
MAX_RSS_MB = 300.0
PASSWD = Path("/etc/passwd")
ENGLISH = translator("en")  # what the loader says, in the words these tests look for

CONFIG = """\
sources: [sops]
roles:
  operator: {name: 执行人, department: 运营部}
"""


def sop_text(
    sop_id: str,
    *,
    title: str = "登记申请流程",
    step: str = "接收并登记申请",
    purpose: str = "统一申请的登记方式，1 小时内完成登记。",
    extra: str = "",
) -> str:
    """A valid SOP that checks clean against CONFIG; `extra` lines go after `status`."""
    return f"""\
id: {sop_id}
title: {title}
version: "1.0"
status: draft
{extra}owner: operator
purpose: {purpose}
scope: {{start: 收到申请, end: 申请已登记}}
steps:
  - id: receive
    title: {step}
    role: operator
    time_limit: 1h
    outputs: [登记记录]
revisions:
  - {{version: "1.0", date: 2026-01-05, changes: 初稿}}
"""


VALID = sop_text("OK-001")
BAD = sop_text("BAD-001")


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# -- the hostile files ----------------------------------------------------------

Writer = Callable[[Path, Path], None]
"""Creates the hostile file at its path; the second argument is the canary file."""


def _bytes(data: bytes) -> Writer:
    return lambda path, _canary: path.write_bytes(data)


def _billion_laughs(path: Path, _canary: Path) -> None:
    lines = ["id: BAD-001", 'lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"lol{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def alias_bomb_10() -> str:
    """Ten items per level, nine levels: 10**9 values once expanded."""
    lines = ["id: BAD-001", "b0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def python_tag(canary: Path) -> str:
    command = json.dumps(f"touch {canary}")
    return BAD.replace("title: 登记申请流程", f"title: !!python/object/apply:os.system [{command}]")


def _python_tag(path: Path, canary: Path) -> None:
    path.write_text(python_tag(canary), encoding="utf-8")


def _python_tag_front_matter(path: Path, canary: Path) -> None:
    path.write_text(f"---\n{python_tag(canary)}---\n\n# 说明\n", encoding="utf-8")


def _thirty_megabytes(path: Path, _canary: Path) -> None:
    item = "  - " + "很长的注意事项" * 12 + "\n"
    count = 30 * 1024 * 1024 // len(item.encode()) + 1
    path.write_text(BAD + "notes:\n" + item * count, encoding="utf-8")


def _binary(path: Path, _canary: Path) -> None:
    noise = random.Random(20260101).randbytes(8192)
    body = bytes(0 if i % 97 == 0 else b for i, b in enumerate(noise))
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + body)


def _tabs(path: Path, _canary: Path) -> None:
    path.write_text(BAD.replace("\n    ", "\n\t\t"), encoding="utf-8")


def _symlink(target: Path) -> Writer:
    def write(path: Path, _canary: Path) -> None:
        if not target.exists():
            pytest.skip(f"{target} does not exist here")
        path.symlink_to(target)

    return write


def _loop(path: Path, _canary: Path) -> None:
    path.symlink_to(path.name)


def _fifo(path: Path, _canary: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(path)


BIG5 = """\
id: BAD-001
title: 登記申請流程
version: "1.0"
status: draft
owner: operator
purpose: 統一申請的登記方式，一小時內完成登記。
steps:
  - {id: receive, title: 接收並登記申請, role: operator, time_limit: 1h}
"""
SHIFT_JIS = """\
id: BAD-001
title: 申請受付の手順
version: "1.0"
status: draft
owner: operator
purpose: 申請の受付方法を統一する。
steps:
  - {id: receive, title: 申請書を受け付けて登録する, role: operator, time_limit: 1h}
"""
DATE = sop_text("BAD-001", extra="effective_date: 2026-13-45\n")


@dataclass(frozen=True)
class Hostile:
    name: str
    """The hostile file under `sops/`."""
    write: Writer
    codes: tuple[str, ...]
    """The finding's code (or the codes accepted)."""
    says: str = ""
    """Text the finding's message must contain."""
    at: tuple[int, int] | None = None
    """The exact line and column of the finding, when the value is known."""
    seconds: float = MAX_SECONDS


CASES: list[Any] = [
    # the acceptance criterion's list
    pytest.param(Hostile("BAD-001.sop.yaml", _billion_laughs, ("SOP004",)), id="billion-laughs"),
    pytest.param(Hostile("BAD-001.sop.yaml", _python_tag, ("SOP004",)), id="python-object-apply"),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(BAD.encode("gb18030")), ("SOP003",), says="GB18030"),
        id="gb18030",
    ),
    pytest.param(
        Hostile(
            "BAD-001.sop.yaml",
            _bytes(b"id: BAD-001\nsteps: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
            ("SOP004",),
        ),
        id="deep-100000",
    ),
    pytest.param(Hostile("BAD-001.sop.yaml", _thirty_megabytes, ("SOP004",)), id="size-30mb"),
    pytest.param(Hostile("BAD-001.sop.yaml", _binary, ("SOP003",)), id="binary-png"),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _tabs, ("SOP001",), says="not tabs"), id="tab-indentation"
    ),
    pytest.param(Hostile("BAD-001.sop.yaml", _bytes(b""), ("SOP005",)), id="empty"),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(b"- id: BAD-001\n- title: x\n"), ("SOP007",)),
        id="top-level-list",
    ),
    pytest.param(
        Hostile(
            "BAD-001.sop.yaml",
            _bytes(b"id: BAD-001\nsteps: &s\n  - id: a\n    title: b\n    next: *s\n"),
            ("SOP004",),
        ),
        id="recursive-alias",
    ),
    pytest.param(
        Hostile(
            "BAD-001.sop.yaml",
            _bytes(DATE.encode()),
            ("SOP007",),
            says="2026-13-45",
            at=position(DATE, "2026-13-45"),
        ),
        id="impossible-date",
    ),
    pytest.param(
        Hostile("BAD-001.sop.md", _bytes(f"---\n{BAD}\n# 说明\n\n正文。\n".encode()), ("SOP001",)),
        id="unclosed-front-matter",
    ),
    pytest.param(Hostile("LEAK-001.sop.yaml", _symlink(PASSWD), ("SOP004",)), id="symlink-passwd"),
    # more of the same kind
    pytest.param(Hostile("BAD-001.sop.yaml", _fifo, ("SOP004",), seconds=2.0), id="fifo"),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(f"{BAD}---\nid: BAD-002\n".encode()), ("SOP001",)),
        id="second-document",
    ),
    pytest.param(
        Hostile(
            "BAD-001.sop.yaml", _bytes(f"? {{a: 1}}\n: x\n{BAD}".encode()), ("SOP007", "SOP001")
        ),
        id="mapping-as-key",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(BIG5.encode("big5")), ("SOP003",)),
        id="big5",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(SHIFT_JIS.encode("shift_jis")), ("SOP003",)),
        id="shift-jis",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(BAD.encode("utf-16")), ("SOP003",), says="UTF-16"),
        id="utf16-bom",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(BAD.encode("utf-32")), ("SOP003",), says="UTF-32"),
        id="utf32-bom",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(BAD.encode("utf-16-le")), ("SOP003",)),
        id="utf16-no-bom",
    ),
    pytest.param(
        Hostile(
            "BAD-001.sop.yaml",
            _bytes(b"id: BAD-001\nnotes: " + b"{a: " * 1000 + b"b" + b"}" * 1000 + b"\n"),
            ("SOP004",),
        ),
        id="deep-1000-small",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(alias_bomb_10().encode()), ("SOP004",), seconds=3.0),
        id="alias-bomb-10",
    ),
    pytest.param(
        Hostile("BAD-001.sop.md", _python_tag_front_matter, ("SOP004",)),
        id="python-tag-in-front-matter",
    ),
    pytest.param(
        Hostile("BAD-001.sop.yaml", _bytes(b"# nothing but a comment\n\n"), ("SOP005",)),
        id="comment-only",
    ),
    pytest.param(Hostile("leak", _symlink(Path("/etc")), ("SOP004",)), id="symlink-dir-etc"),
    pytest.param(Hostile("BAD-001.sop.yaml", _loop, ("SOP004", "SOP001")), id="symlink-loop"),
]


# -- running sopc -----------------------------------------------------------------


@dataclass
class Run:
    exit: int
    seconds: float
    max_rss_mb: float
    opened: list[str]
    spawned: list[str]
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_sopc(*args: str | Path, cwd: Path, timeout: float = 60) -> Run:
    """`sopc ARGS` in a fresh interpreter, through tests/_measure.py."""
    env = {k: v for k, v in os.environ.items() if k not in {"SOPC_DEBUG", "FORCE_COLOR"}}
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        [sys.executable, str(MEASURE), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    stderr, _, last = done.stderr.rstrip("\n").rpartition("\n")
    try:
        measured = json.loads(last)
    except json.JSONDecodeError:
        pytest.fail(f"no measurement (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    assert measured["exit"] == done.returncode
    return Run(
        exit=measured["exit"],
        seconds=measured["seconds"],
        max_rss_mb=measured["max_rss_mb"],
        opened=measured["opened"],
        spawned=measured["spawned"],
        stdout=done.stdout,
        stderr=stderr,
    )


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "sops").mkdir(parents=True)
    (root / "sopc.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "sops" / "OK-001.sop.yaml").write_text(VALID, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root`: file contents hashed, links and special files by kind.

    Never opens anything but regular files (a FIFO would block), never follows links.
    """
    entries = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                entry = "link -> " + os.readlink(path)
            elif stat.S_ISREG(mode):
                with path.open("rb") as handle:
                    entry = "file " + hashlib.file_digest(handle, "sha256").hexdigest()
            elif stat.S_ISDIR(mode):
                entry = "folder"
            else:
                entry = f"special {stat.S_IFMT(mode):o}"
            entries[path.relative_to(root).as_posix()] = entry
    return entries


def passwd_lines() -> list[str]:
    try:
        text = PASSWD.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if len(line) >= 8 and ":" in line]


TEXT_FINDING = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<code>SOP\d{3}) ")


def text_findings(stdout: str) -> list[dict[str, Any]]:
    found = []
    for line in stdout.splitlines():
        match = TEXT_FINDING.match(line)
        if match:
            found.append(
                {
                    "path": match["path"],
                    "line": int(match["line"]),
                    "column": int(match["column"]),
                    "code": match["code"],
                    "message": line[match.end() :],
                }
            )
    return found


def assert_contained(run: Run, root: Path, canary: Path) -> None:
    """Nothing executed, nothing read outside the project, no traceback, no leak."""
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output
    assert run.spawned == [], f"sopc tried to start a process: {run.spawned}"
    assert not canary.exists(), "a YAML tag ran a command"
    real_root = root.resolve()
    outside = [p for p in run.opened if not Path(p).is_relative_to(real_root)]
    assert outside == [], f"sopc opened files outside the project: {outside}"
    leaked = [line for line in passwd_lines() if line in run.output]
    assert leaked == [], f"/etc/passwd leaked into the output: {leaked[:3]}"


# -- the acceptance criterion -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("case", CASES)
def test_hostile_input(
    case: Hostile, fmt: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    root = make_project(tmp_path)
    canary = tmp_path / "CANARY"
    case.write(root / "sops" / case.name, canary)
    before = snapshot(root)

    run = run_sopc("check", "--format", fmt, root, cwd=tmp_path)
    print(f"\n{request.node.name}: {run.seconds:.3f} s, {run.max_rss_mb:.1f} MB")

    assert run.exit == 1, run.output
    assert_contained(run, root, canary)
    assert run.seconds < case.seconds, f"took {run.seconds:.2f} s"
    assert run.max_rss_mb < MAX_RSS_MB, f"peak memory {run.max_rss_mb:.0f} MB"
    assert snapshot(root) == before, "sopc changed the project's files"

    rel = f"sops/{case.name}"
    if fmt == "json":
        report = json.loads(run.stdout)
        findings = report["findings"]
        assert report["summary"]["sops"] >= 1, "the valid SOP was not checked"
    else:
        findings = text_findings(run.stdout)
        assert re.search(r"^Found \d+ errors?, .*\(\d+ SOPs?\)", run.stdout, re.M), run.stdout
        assert "(0 SOPs)" not in run.stdout, "the valid SOP was not checked"
    assert [f for f in findings if f["path"] != rel] == [], "the valid SOP got findings"
    mine = [f for f in findings if f["code"] in case.codes]
    assert mine, f"no {'/'.join(case.codes)} finding for {rel}: {findings}"
    finding = mine[0]
    assert finding["line"] >= 1
    assert finding["column"] >= 1
    assert case.says in finding["message"]
    if case.at is not None:
        assert (finding["line"], finding["column"]) == case.at
        if fmt == "json":
            assert finding["end_line"] == case.at[0]
            assert finding["end_column"] == case.at[1] + len("2026-13-45")


def test_utf8_with_bom_checks_clean(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    path = root / "sops" / "BOM-001.sop.yaml"
    path.write_bytes(codecs.BOM_UTF8 + sop_text("BOM-001").encode())
    before = snapshot(root)

    run = run_sopc("check", "--format", "json", root, cwd=tmp_path)

    assert run.exit == 0, run.output
    report = json.loads(run.stdout)
    assert report["findings"] == []
    assert report["summary"]["sops"] == 2
    assert_contained(run, root, tmp_path / "CANARY")
    assert snapshot(root) == before


def test_output_file_is_the_only_write(tmp_path: Path) -> None:
    """`--output` writes the report and nothing else changes."""
    root = make_project(tmp_path)
    (root / "sops" / "BAD-001.sop.yaml").write_bytes(BAD.encode("gb18030"))
    before = snapshot(root)
    report = tmp_path / "out" / "report.json"

    run = run_sopc("check", "--format", "json", "--output", report, root, cwd=tmp_path)

    assert run.exit == 1, run.output
    assert run.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["findings"][0]["code"] == "SOP003"
    assert snapshot(root) == before


def test_a_flood_of_findings_stays_within_limits(tmp_path: Path) -> None:
    """Just under the node limit, every key unknown: each gets a did-you-mean search."""
    root = make_project(tmp_path)
    keys = "".join(f"titel{i}: x\n" for i in range(49_000))
    (root / "sops" / "BAD-001.sop.yaml").write_text(BAD + keys, encoding="utf-8")

    run = run_sopc("check", "--format", "json", root, cwd=tmp_path)
    print(f"\nfinding flood: {run.seconds:.3f} s, {run.max_rss_mb:.1f} MB")

    assert run.exit == 1, run.output
    assert_contained(run, root, tmp_path / "CANARY")
    report = json.loads(run.stdout)
    assert {f["code"] for f in report["findings"]} == {"SOP006"}
    assert run.seconds < MAX_SECONDS
    assert run.max_rss_mb < MAX_RSS_MB


# -- the loader in-process ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(alias_bomb_10(), id="alias-bomb-10"),
        pytest.param(
            "a: &a ["
            + ", ".join(["x"] * 10)
            + "]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
                for i in range(20)
            ),
            id="alias-bomb-10x20",
        ),
        pytest.param(
            "a: &a [x, x]\n" + "".join(f"a{i}: &a{i} [*a, *a, *a]\n" for i in range(50_000)),
            id="many-small-aliases",
        ),
    ],
)
def test_alias_bomb_stops_fast(text: str) -> None:
    started = time.perf_counter()
    tree, problems = parse_yaml(text)
    seconds = time.perf_counter() - started

    assert tree is None
    assert [p.code for p in problems] == ["SOP004"]
    assert problems[0].span.line >= 1
    assert seconds < IN_PROCESS_SECONDS, f"took {seconds:.3f} s"


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system [{cmd}]",
        "!!python/object/new:os.system [{cmd}]",
        "!!python/name:os.system",
        "!<tag:yaml.org,2002:python/object/apply:os.system> [{cmd}]",
        "!py!object/apply:os.system [{cmd}]",
        "{{x: !!python/object/apply:subprocess.call [[sh, -c, {cmd}]]}}",
        "[!!python/object/apply:os.system [{cmd}]]",
    ],
)
def test_python_tags_are_never_constructed(tagged: str, tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    directive = "%TAG !py! tag:yaml.org,2002:python/\n---\n" if "!py!" in tagged else ""
    text = f"{directive}id: X-001\ntitle: {tagged.format(cmd=json.dumps(f'touch {canary}'))}\n"

    tree, problems = parse_yaml(text)

    assert tree is None
    assert [p.code for p in problems] == ["SOP004"]
    assert "python/" in ENGLISH.say(problems[0].message)
    assert not canary.exists()


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_nesting_stops_at_the_limit(depth: int) -> None:
    started = time.perf_counter()
    tree, problems = parse_yaml("a: " + "[" * depth + "]" * depth + "\n")

    assert tree is None
    assert [p.code for p in problems] == ["SOP004"]
    assert time.perf_counter() - started < IN_PROCESS_SECONDS


def test_nesting_within_the_limit_is_read() -> None:
    tree, problems = parse_yaml("a: " + "[" * 60 + "x" + "]" * 60 + "\n")

    assert problems == []
    assert isinstance(tree, dict)


# -- known sopc bugs (strict: they fail loudly once fixed, so the marker goes) ------------


@pytest.mark.parametrize(
    ("link", "target"),
    [("sops/LEAK-001.sop.yaml", PASSWD), ("sops/leak", Path("/etc"))],
    ids=["file-link", "folder-link"],
)
def test_named_symlink_out_of_project_is_refused(link: str, target: Path, tmp_path: Path) -> None:
    """Pre-commit passes changed files by name; a link among them must not be followed."""
    if not target.exists():
        pytest.skip(f"{target} does not exist here")
    root = make_project(tmp_path)
    (root / link).symlink_to(target)

    run = run_sopc("check", "--format", "json", link, cwd=root)

    assert_contained(run, root, tmp_path / "CANARY")
    assert run.exit == 1, run.output
    findings = json.loads(run.stdout)["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [(link, "SOP004")]


def test_config_symlink_out_of_project_is_not_read(tmp_path: Path) -> None:
    if not PASSWD.exists():
        pytest.skip("no /etc/passwd here")
    root = make_project(tmp_path)
    (root / "sopc.yaml").unlink()
    (root / "sopc.yaml").symlink_to(PASSWD)

    run = run_sopc("check", "--format", "json", root, cwd=tmp_path)

    assert run.exit == 2, run.output
    assert_contained(run, root, tmp_path / "CANARY")
    assert json.loads(run.stdout)["findings"][0]["code"] == "SOP008"


def test_text_report_does_not_read_an_oversized_file(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with (root / "sops" / "BAD-001.sop.yaml").open("wb") as handle:
        handle.write(b"id: BAD-001\n")
        handle.truncate(400 * 1024 * 1024)  # sparse: costs no disk

    run = run_sopc("check", root, cwd=tmp_path)
    print(f"\n400 MiB, text: {run.seconds:.3f} s, {run.max_rss_mb:.1f} MB")

    assert run.exit == 1, run.output
    assert "SOP004" in run.stdout
    assert run.max_rss_mb < MAX_RSS_MB, f"peak memory {run.max_rss_mb:.0f} MB"
    assert run.seconds < MAX_SECONDS


def test_anchor_on_a_key_can_be_aliased() -> None:
    tree, problems = parse_yaml("&k id: X-001\ntitle: *k\n")

    assert problems == []
    assert tree == {"id": "X-001", "title": "id"}


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [(SHIFT_JIS, "shift_jis", "Shift_JIS"), (BIG5, "big5", "Big5")],
    ids=["shift-jis", "big5"],
)
def test_legacy_encoding_is_named(text: str, codec: str, label: str) -> None:
    problem = decode(text.encode(codec))

    assert isinstance(problem, TextProblem)
    assert problem.code == "SOP003"
    assert label in ENGLISH.say(problem.message)
