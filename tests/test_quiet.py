"""Quiet, correct commands (issue 11, item 8): no Python warning reaches the user;
`sopc new` refuses an id the project has; `sopc init` recreates nothing.

`sopc build` and `sopc check` run on the examples as real processes with every
warning turned into an error (`python -W error`, and `PYTHONWARNINGS=error` for
any Python they start): they must exit 0 and write nothing on stderr but progress
lines. A progress line is what `sopc.progress` defines: `sopc: ` and one of its
stage labels (`progress.*` in the catalogue) in the run's language, placeholders
filled, alone on its line — `sopc: 正在绘制 7 张流程图`. A note, a warning or a
traceback is none of these.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sopc.i18n import translator
from sopc.progress import progress_line
from tests.conftest import CONFIG, CS_PATH, FIN_PATH, FIN_SOP, Project, sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
PROGRESS = progress_line(translator("zh-CN"))  # the examples say `language: zh-CN`


def strict_sopc(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -W error -m sopc ARGS`, piped as in CI (progress as plain lines)."""
    keep = ("FORCE_COLOR", "NO_COLOR", "SOPC_LANG", "SOPC_DEBUG", "PYTHONWARNINGS")
    env = {k: v for k, v in os.environ.items() if k not in keep}
    env["PYTHONWARNINGS"] = "error"
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "sopc", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def progress_only(stderr: str) -> list[str]:
    """stderr's lines, each one asserted to be a progress line."""
    lines = stderr.split("\n")
    assert lines[-1] == "", repr(stderr)  # every line ends, none is torn
    for line in lines[:-1]:
        assert PROGRESS.fullmatch(line), f"not a progress line on stderr: {line!r}\n{stderr}"
    return lines[:-1]


def test_the_definition_of_a_progress_line() -> None:
    assert PROGRESS.fullmatch("sopc: 正在绘制 7 张流程图")
    assert PROGRESS.fullmatch("sopc: 正在排版 bpmn、docx、pdf（15 个文件）")
    english = progress_line(translator("en"))
    assert english.fullmatch("sopc: drawing 7 flowcharts")
    assert english.fullmatch("sopc: laying out docx, pdf (8 files)")
    for other in (
        "sopc: note: holidays: cn covers 2024–2026 only",
        "sopc: error: dot failed on CS-001: syntax error",
        "UserWarning: something",
        "sopc: 正在绘制 7 张流程图\nTraceback (most recent call last):",
        "sopc: drawing 7 flowcharts",  # English is not the examples' language
    ):
        assert not PROGRESS.fullmatch(other), other


def test_a_first_build_of_every_format_is_quiet(tmp_path: Path) -> None:
    """From nothing (no cache, no site): every stage runs, every writer, the cache."""
    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    out = tmp_path / "site"
    run = strict_sopc("build", project, "--out", out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(
        "已为 7 个流程生成 13 个网页、1 个 PDF、7 个 Word 文件、7 个 BPMN 文件，"
    )
    stages = progress_only(run.stderr)
    assert stages == [
        "sopc: 正在绘制 7 张流程图",
        "sopc: 正在生成网页",
        "sopc: 正在排版 bpmn、docx、pdf（15 个文件）",
        "sopc: 正在装订 1 个 PDF",
    ]
    again = strict_sopc("build", project, "--out", out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.startswith(f"已是最新：{out} ")
    assert again.stderr == ""


def test_building_the_examples_with_their_history_is_quiet(tmp_path: Path) -> None:
    """The examples in a git repository of their own (`--history`); a copy, so that the
    build's cache never changes the repository's examples under another test."""
    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "SOPs"]):
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", *git]
        subprocess.run(command, cwd=project, check=True, capture_output=True, timeout=60)
    out = tmp_path / "site"
    run = strict_sopc("build", project, "--history", "--format", "html", "--out", out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "sopc: 正在从 git 读取各流程的修订历史" in progress_only(run.stderr)


def test_checking_the_examples_is_quiet() -> None:
    for report in ("text", "json", "sarif", "github", "gitlab"):
        run = strict_sopc("check", EXAMPLES, "--format", report)
        assert run.returncode == 0, run.stdout + run.stderr
        assert run.stderr == "", report
    text = strict_sopc("check", EXAMPLES)
    assert text.stdout.startswith("全部通过：共检查 7 个文件（7 个流程），用时 ")


# -- sopc new: an id is the project's, whichever file has it ------------------------------

ZH_CONFIG = CONFIG + "language: zh-CN\n"


def test_new_refuses_an_id_that_any_file_of_the_project_has(project: Project) -> None:
    broken_fin = FIN_SOP.replace("title: 退款流程\n", "")  # invalid, but its id is FIN-003
    root = project({FIN_PATH: broken_fin}, ZH_CONFIG)
    before = sorted(p.name for p in (root / "sops").iterdir())
    for sop_id, holder in (("CS-001", CS_PATH), ("FIN-003", FIN_PATH)):
        run = sopc("new", sop_id, "--title", "另一个流程", cwd=root)
        assert run.returncode == 2
        assert run.stderr == (
            f"sopc: error: 编号 '{sop_id}' 已被 {holder} 中的流程使用，请换一个编号\n"
        )
    english = sopc("new", "CS-001", "--title", "x", "--lang", "en", cwd=root / "sops")
    assert english.stderr == (
        f"sopc: error: 'CS-001' is already the id of the SOP in {CS_PATH}; choose another id\n"
    )
    assert sorted(p.name for p in (root / "sops").iterdir()) == before
    made = sopc("new", "CS-002", "--title", "投诉回访", cwd=root)
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"已写入 {root / 'CS-002.sop.yaml'}\n"  # CONFIG: sources [.]


# -- sopc init: a new folder, another folder, a project ---------------------------------

STARTING_SET = [
    "sopc.yaml",
    "sops/EX-001-example.sop.yaml",
    ".pre-commit-config.yaml",
    "schemas/sop.schema.json",
    "schemas/sopc.schema.json",
    ".gitignore",
]


def test_init_a_new_folder_writes_the_starting_set(tmp_path: Path) -> None:
    (tmp_path / "proj" / ".git").mkdir(parents=True)  # hidden entries leave a folder new
    run = sopc("init", "proj", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"已写入 proj/{rel}" for rel in STARTING_SET]
    ignore = (tmp_path / "proj" / ".gitignore").read_text(encoding="utf-8")
    assert ignore == "/site/\n.sopc-cache/\n"
    english = sopc("init", "other", "--lang", "en", cwd=tmp_path)
    assert english.stdout.splitlines() == [f"wrote other/{rel}" for rel in STARTING_SET]


def test_init_in_a_project_recreates_nothing(tmp_path: Path) -> None:
    assert sopc("init", "proj", cwd=tmp_path).returncode == 0
    root = tmp_path / "proj"
    for rel in STARTING_SET[1:]:
        (root / rel).unlink()
    (root / ".gitignore").write_text("site\n", encoding="utf-8")
    config = (root / "sopc.yaml").read_bytes()
    run = sopc("init", "proj", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".gitignore",
        "sopc.yaml",
    ]
    assert (root / "sopc.yaml").read_bytes() == config
    assert (root / ".gitignore").read_text(encoding="utf-8") == "site\n"  # told, not changed
    assert run.stdout.splitlines() == [
        "已保留原有文件 proj/sopc.yaml",
        "proj 已经是一个 sopc 项目（其中有 sopc.yaml），所以没有写入任何文件；"
        "新建流程请在其中运行 `sopc new 编号 --title 标题`，"
        "更新 JSON Schema 请运行 `sopc schema --out proj/schemas`",
        "proj/.gitignore 没有让 git 忽略 sopc 生成的文件，请在其中添加：.sopc-cache/",
    ]


def test_init_elsewhere_adds_no_example_and_only_missing_ignore_lines(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "README.md").write_text("# 制度文件\n", encoding="utf-8")
    (folder / ".gitignore").write_bytes(b"*.tmp\r\n/site")  # CRLF, no final line break
    run = sopc("init", "docs", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "wrote docs/sops/EX-001-example.sop.yaml" not in run.stdout
    assert run.stdout.splitlines()[-1] == "added to docs/.gitignore: .sopc-cache/"
    assert (folder / ".gitignore").read_bytes() == b"*.tmp\r\n/site\n.sopc-cache/\n"
    assert (folder / "sops").is_dir()
    assert sopc("check", "--strict", str(folder)).returncode == 0
    again = sopc("init", "docs", "--lang", "en", cwd=tmp_path)
    assert "nothing was written" in again.stdout
    assert "add:" not in again.stdout  # the .gitignore has every line now
