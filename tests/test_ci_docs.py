"""docs/ci.md and the pre-commit hook files are tested as users will paste them:
the YAML parses, every `sopc` command in it runs against `examples/`, the
reports it writes are what the CI systems read, and the hooks' `files`
patterns pick the right files."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import sopc

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CI_DOC = REPO / "docs" / "ci.md"
FIXED_DATE = "2026-11-20"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)

SHOULD_MATCH = [
    "sops/CS-001-x.sop.yaml",
    "a/b.sop.yml",
    "HR-001.sop.md",
    "sopc.yaml",
    "sub/sopc.yaml",
]
SHOULD_NOT_MATCH = ["README.md", "x.yaml", "notsopc.yaml"]


def blocks(language: str) -> list[str]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def yaml_blocks() -> list[Any]:
    return [yaml.safe_load(body) for body in blocks("yaml")]


def github_workflow(job: str = "check") -> dict[str, Any]:
    """The workflow holding `job`: `check` (code scanning) or `changes` (sopc diff)."""
    found = [b for b in yaml_blocks() if isinstance(b, dict) and job in b.get("jobs", {})]
    assert len(found) == 1
    workflow: dict[str, Any] = found[0]
    return workflow


def gitlab_job() -> dict[str, Any]:
    found = [
        job
        for b in yaml_blocks()
        if isinstance(b, dict) and "jobs" not in b
        for job in b.values()
        if isinstance(job, dict) and "script" in job
    ]
    assert len(found) == 1
    job: dict[str, Any] = found[0]
    return job


def shell_lines(document: Any) -> list[str]:
    """Every `run:` and `script:` line, in document order."""
    lines: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "run" and isinstance(value, str):
                lines += value.splitlines()
            elif key == "script" and isinstance(value, list):
                lines += [item for item in value if isinstance(item, str)]
            else:
                lines += shell_lines(value)
    elif isinstance(document, list):
        for item in document:
            lines += shell_lines(item)
    return lines


def sopc_commands() -> list[str]:
    """The commands that run on a plain copy of the examples (the change-control job
    needs a repository with a base branch: its own test makes one)."""
    changes = github_workflow("changes")
    commands = [
        line.strip()
        for document in yaml_blocks()
        if document != changes
        for line in shell_lines(document)
        if line.strip().startswith("sopc ")
    ]
    commands += [
        line.strip()
        for body in blocks("sh")
        for line in body.splitlines()
        if line.strip().startswith("sopc ")
    ]
    return commands


def argv(command: str) -> list[str]:
    """A documented `sopc ...` line as arguments: no `|| true`, a fixed date."""
    command = re.sub(r"\s*\|\|\s*true\s*$", "", command)
    command = command.replace("$(date +%F)", FIXED_DATE)
    args = shlex.split(command)
    assert args[0] == "sopc"
    assert not any(a in ("|", "||", "&&", ";", ">") for a in args), command
    return args[1:]


def output_of(args: list[str]) -> str | None:
    for flag in ("--output", "-o"):
        if flag in args:
            return args[args.index(flag) + 1]
    return None


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of examples/, so that nothing is written into the repository."""
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    return copy


def repo_examples_listing() -> list[str]:
    """The repository's example files, not sopc's cache: other tests build the examples
    in place meanwhile, and `.sopc-cache/` is the one folder sopc may write there."""
    return sorted(
        str(p.relative_to(EXAMPLES))
        for p in EXAMPLES.rglob("*")
        if p.relative_to(EXAMPLES).parts[0] != ".sopc-cache"
    )


# --- docs/ci.md -------------------------------------------------------------


def test_every_yaml_block_parses() -> None:
    bodies = blocks("yaml")
    assert len(bodies) >= 4  # GitHub, GitLab, two pre-commit configurations
    for body in bodies:
        assert yaml.safe_load(body) is not None, body


def test_github_workflow_uploads_sarif_and_annotates() -> None:
    workflow = github_workflow()
    assert workflow["permissions"]["security-events"] == "write"
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    sarif = [r for r in runs if r.startswith("sopc ") and "--format sarif" in r]
    assert len(sarif) == 1
    sarif_file = output_of(argv(sarif[0]))
    assert sarif_file
    upload = [
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    assert len(upload) == 1
    assert upload[0]["with"]["sarif_file"] == sarif_file
    assert runs.index(sarif[0]) < steps.index(upload[0])  # written before it is uploaded
    assert sarif[0].endswith("|| true")  # findings must not stop the upload
    github = [r for r in runs if r.startswith("sopc ") and "--format github" in r]
    assert len(github) == 1
    assert "|| true" not in github[0]  # this step fails the job on errors


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=审核", "-c", "user.email=qa@example.com", *args],
        cwd=root, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def test_change_control_job_comments_and_checks(tmp_path: Path) -> None:
    """The pull-request job on a real repository: main as origin/main, a branch that
    changes an SOP's owner; the comment names the change, the check enforces the bump."""
    workflow = github_workflow("changes")
    assert workflow["permissions"]["pull-requests"] == "write"
    [job] = workflow["jobs"].values()
    assert job["steps"][0]["with"]["fetch-depth"] == 0  # origin/main must be there
    runs = [line.strip() for line in shell_lines(workflow) if line.strip().startswith("sopc ")]
    [diff_line] = [r for r in runs if r.startswith("sopc diff")]
    [check_line] = [r for r in runs if r.startswith("sopc check")]
    command, _, comment_file = diff_line.partition(" > ")
    assert any(comment_file in line for line in shell_lines(workflow) if "gh pr comment" in line)

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "SOPs")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    sop = root / "sops" / "CS-001-complaint-handling.sop.yaml"
    text = sop.read_text(encoding="utf-8")
    assert "owner: cs-supervisor" in text
    sop.write_text(text.replace("owner: cs-supervisor", "owner: ops-director", 1), encoding="utf-8")
    git(root, "commit", "-qam", "CS-001: the operations director owns complaints")

    comment = sopc(*argv(command), cwd=root)
    assert comment.returncode == 0, comment.stderr
    assert "#### CS-001 客户投诉处理流程（变更）" in comment.stdout  # the project is zh-CN
    assert "| ~ | 流程负责人 | cs-supervisor | ops-director |" in comment.stdout
    assert 'version: "3.0"' in comment.stdout  # a new owner is a major change
    failing = sopc(*argv(check_line), cwd=root)
    assert failing.returncode == 1
    assert "SOP501" in failing.stdout

    text = sop.read_text(encoding="utf-8")
    assert 'version: "2.1"' in text
    text = text.replace('version: "2.1"', 'version: "3.0"', 1)
    text = text.replace(
        "revisions:\n",
        'revisions:\n  - {version: "3.0", date: 2026-11-20, changes: 更换负责人}\n',
        1,
    )
    sop.write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", "CS-001 3.0")
    passing = sopc(*argv(check_line), "--today", FIXED_DATE, cwd=root)
    assert passing.returncode == 0, passing.stdout


def test_gitlab_job_reports_code_quality() -> None:
    job = gitlab_job()
    gitlab = [line for line in job["script"] if "--format gitlab" in line]
    assert len(gitlab) == 1
    report_file = output_of(argv(gitlab[0]))
    assert job["artifacts"]["reports"]["codequality"] == report_file
    assert job["artifacts"]["when"] == "always"
    assert any(line.strip() == "sopc check" for line in job["script"])


def test_documented_commands_are_found() -> None:
    commands = sopc_commands()
    assert len(commands) == 5
    written = {argv(c)[argv(c).index("--format") + 1] for c in commands if output_of(argv(c))}
    assert written == {"sarif", "gitlab", "json"}


@pytest.mark.parametrize("command", sopc_commands())
def test_documented_command_runs_on_the_examples(examples: Path, command: str) -> None:
    before = repo_examples_listing()
    args = argv(command)
    run = sopc(*args, cwd=examples)
    assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
    output = output_of(args)
    if output is not None:
        written = examples / output
        assert written.is_file()
        assert written.resolve().is_relative_to(examples.parent)
        document = json.loads(written.read_text(encoding="utf-8"))
        format = args[args.index("--format") + 1]
        if format == "sarif":
            assert document["version"] == "2.1.0"
            assert document["runs"][0]["results"] == []
        elif format == "gitlab":
            assert document == []
        elif format == "json":
            assert document["version"] == 1
            assert document["summary"]["errors"] == 0
    elif "--format github" in command:
        assert run.stdout.splitlines() == ["sopc: 共 0 条检查结果（0 个错误、0 个警告、0 个提示）"]
    else:
        assert run.stdout.startswith("全部通过：共检查 7 个文件（7 个流程），用时 ")
    assert repo_examples_listing() == before


def script_lines() -> list[str]:
    [body] = [b for b in blocks("sh") if "python -c" in b]
    return [line.strip() for line in body.splitlines() if line.strip()]


def run_script(examples: Path) -> subprocess.CompletedProcess[str]:
    """The "Scripts" recipe: the sopc line writes the report the python line reads."""
    sopc_line, python_line = script_lines()
    args = argv(sopc_line)
    assert sopc(*args, cwd=examples).returncode == 0
    python = shlex.split(python_line)
    assert python[:2] == ["python", "-c"]
    return subprocess.run(
        [sys.executable, *python[1:]], cwd=examples, capture_output=True, text=True, timeout=60
    )


def test_script_recipe_passes_on_the_clean_examples(examples: Path) -> None:
    run = run_script(examples)
    assert run.returncode == 0, run.stderr
    assert (examples / "report.json").is_file()


def test_script_recipe_fails_on_a_warning(examples: Path) -> None:
    sop = examples / "sops" / "IT-001-incident-response.sop.yaml"
    text = sop.read_text(encoding="utf-8")
    assert "\nroles:\n" in text
    unused_role = text.replace("\nroles:\n", "\nroles:\n  idle-role: {name: 闲置岗位}\n", 1)
    sop.write_text(unused_role, encoding="utf-8")  # SOP202 unused-role: a warning
    run = run_script(examples)
    assert run.returncode == 1
    summary = json.loads((examples / "report.json").read_text(encoding="utf-8"))["summary"]
    assert summary["warnings"] >= 1
    assert summary["errors"] == 0


# --- pre-commit -------------------------------------------------------------


def hooks_file() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hooks


def local_hooks(config: dict[str, Any]) -> list[dict[str, Any]]:
    return [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]


def files_patterns() -> dict[str, str]:
    template = yaml.safe_load((REPO / "templates" / "init" / "pre-commit-config.yaml").read_text())
    documented = [b for b in yaml_blocks() if isinstance(b, dict) and "repos" in b]
    [documented_local] = [local_hooks(b) for b in documented if local_hooks(b)]
    return {
        ".pre-commit-hooks.yaml": hooks_file()[0]["files"],
        "templates/init/pre-commit-config.yaml": local_hooks(template)[0]["files"],
        "docs/ci.md": documented_local[0]["files"],
    }


def test_pre_commit_hooks_file() -> None:
    hooks = hooks_file()
    assert isinstance(hooks, list)
    [hook] = hooks
    assert hook["id"] == "sopc"
    assert hook["entry"] == "sopc check"
    assert hook["language"] == "python"
    assert "name" in hook


def test_pre_commit_configurations_run_sopc_check() -> None:
    template = yaml.safe_load((REPO / "templates" / "init" / "pre-commit-config.yaml").read_text())
    for hook in local_hooks(template):
        assert (hook["id"], hook["entry"], hook["language"]) == ("sopc", "sopc check", "system")
    documented = [b for b in yaml_blocks() if isinstance(b, dict) and "repos" in b]
    assert len(documented) == 2
    local = [h for b in documented for h in local_hooks(b)]
    assert [(h["id"], h["entry"]) for h in local] == [("sopc", "sopc check")]
    remote = [r for b in documented for r in b["repos"] if r["repo"] != "local"]
    assert [h["id"] for r in remote for h in r["hooks"]] == [hooks_file()[0]["id"]]


@pytest.mark.parametrize(
    "where", [".pre-commit-hooks.yaml", "templates/init/pre-commit-config.yaml", "docs/ci.md"]
)
def test_files_pattern(where: str) -> None:
    pattern = re.compile(files_patterns()[where])
    assert SHOULD_MATCH  # the loops below check something
    assert SHOULD_NOT_MATCH
    for name in SHOULD_MATCH:
        assert pattern.search(name), f"{where}: {name} should be checked"
    for name in SHOULD_NOT_MATCH:
        assert not pattern.search(name), f"{where}: {name} should not be checked"


def test_files_patterns_are_the_same_everywhere() -> None:
    assert len(set(files_patterns().values())) == 1


def changed_files(examples: Path, config: bool = True) -> list[str]:
    """What pre-commit would pass: the staged files that the hook's `files` matches."""
    (examples / "README.md").write_text("# 手册说明\n", encoding="utf-8")
    (examples / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    staged = [
        "README.md",
        "notes.yaml",
        *(["sopc.yaml"] if config else []),
        "sops/CS-001-complaint-handling.sop.yaml",
    ]
    pattern = re.compile(hooks_file()[0]["files"])
    return [name for name in staged if pattern.search(name)]


def test_pre_commit_run_on_changed_files(examples: Path) -> None:
    files = changed_files(examples)
    assert files == ["sopc.yaml", "sops/CS-001-complaint-handling.sop.yaml"]
    run = sopc("check", *files, cwd=examples)
    assert run.returncode == 0, run.stdout + run.stderr
    # a changed sopc.yaml can break any SOP, so the whole project is reported
    assert run.stdout.startswith("全部通过：共检查 7 个文件（7 个流程），用时 ")
    files = changed_files(examples, config=False)
    assert sopc("check", *files, cwd=examples).stdout.startswith(
        "全部通过：共检查 1 个文件（1 个流程）"
    )
    # and when pre-commit is configured without `files`, other files are skipped, not errors
    run = sopc("check", "README.md", "notes.yaml", *files, cwd=examples)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "已跳过（不是 SOP 文件）：README.md、notes.yaml" in run.stdout


def test_pre_commit_reports_only_the_changed_files(examples: Path) -> None:
    changed = examples / "sops" / "CS-001-complaint-handling.sop.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("role: cs-agent", "role: cs-agnet", 1),
        encoding="utf-8",
    )
    unchanged = examples / "sops" / "IT-001-incident-response.sop.yaml"
    unchanged.write_text(
        unchanged.read_text(encoding="utf-8").replace("role: service-desk", "role: ghost-desk"),
        encoding="utf-8",
    )
    whole = json.loads(sopc("check", "--format", "json", cwd=examples).stdout)
    assert {f["path"] for f in whole["findings"]} == {
        "sops/CS-001-complaint-handling.sop.yaml",
        "sops/IT-001-incident-response.sop.yaml",
    }
    files = changed_files(examples, config=False)
    run = sopc("check", *files, cwd=examples)
    assert run.returncode == 1
    assert "sops/CS-001-complaint-handling.sop.yaml:" in run.stdout
    assert "未知岗位 'cs-agnet'" in run.stdout
    assert "IT-001" not in run.stdout
    assert "ghost-desk" not in run.stdout
    document = json.loads(sopc("check", "--format", "json", *files, cwd=examples).stdout)
    assert {f["path"] for f in document["findings"]} == {"sops/CS-001-complaint-handling.sop.yaml"}
    assert [f["message"] for f in document["findings"]] == [
        "未知岗位 'cs-agnet'（是否想写 'cs-agent'？）"
    ]
    # CS-001 hands off to AS-001 and refers to SUP-001: the whole project was loaded
    assert not any(f["code"] == "SOP206" for f in document["findings"])
    assert (document["summary"]["files"], document["summary"]["sops"]) == (1, 1)


def test_pre_commit_from_a_repository_whose_project_is_in_a_subfolder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    project = repo / "docs" / "manual"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    sop = project / "sops" / "FIN-001-expense-reimbursement.sop.yaml"
    sop.write_text(sop.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    (repo / "README.md").write_text("# 仓库\n", encoding="utf-8")
    for git in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *git], cwd=repo, check=True, capture_output=True, timeout=60)
    # pre-commit runs from the repository's root with repository-relative paths
    pattern = re.compile(hooks_file()[0]["files"])
    staged = ["README.md", "docs/manual/sops/FIN-001-expense-reimbursement.sop.yaml"]
    files = [name for name in staged if pattern.search(name)]
    run = sopc("check", *files, cwd=repo)
    assert run.returncode == 1
    assert run.stdout.startswith("sops/FIN-001-expense-reimbursement.sop.yaml:")
    assert "SOP006" in run.stdout
    assert "共检查 1 个文件（0 个流程）" in run.stdout  # the file no longer validates


def test_a_changed_sopc_yaml_reports_the_whole_project(examples: Path) -> None:
    config = examples / "sopc.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  cs-supervisor:", "  cs-boss:", 1),
        encoding="utf-8",
    )
    document = json.loads(sopc("check", "--format", "json", "sopc.yaml", cwd=examples).stdout)
    assert document["summary"]["files"] == 7
    assert {f["code"] for f in document["findings"]} == {"SOP201"}
    assert len({f["path"] for f in document["findings"]}) > 1
