"""The command line as users and CI run it: exit codes, formats, files, usage errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sopc.commands.rules import rules_markdown
from sopc.commands.schema import render_schemas
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, Project, sopc

REPO = Path(__file__).resolve().parent.parent


def broken(project: Project) -> Path:
    return project({CS_PATH: BASE_SOP.replace("role: cs-agent", "role: cs-agnet")})


def test_exit_0_on_a_clean_project(project: Project) -> None:
    run = sopc("check", "--today", "2026-11-20", str(project()))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("All clean: 2 files (2 SOPs) checked in ")


def test_text_format_is_a_compilers(project: Project) -> None:
    run = sopc("check", "--today", "2026-11-20", cwd=broken(project))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == (
        f"{CS_PATH}:24:11: SOP201 [error] unknown role 'cs-agnet' (did you mean 'cs-agent'?)"
    )
    assert lines[1:4] == ["   |", "24 |     role: cs-agnet", "   |           ^^^^^^^^"]
    assert lines[-1].startswith("Found 1 error, 0 warnings in 2 files (2 SOPs) in ")
    assert "\x1b[" not in run.stdout  # no colour when piped


def test_text_caret_is_aligned_under_cjk(project: Project) -> None:
    text = BASE_SOP.replace("role: complaint-lead", "role: 投诉专员")
    run = sopc("check", str(project({CS_PATH: text})))
    lines = run.stdout.splitlines()
    source = next(i for i, line in enumerate(lines) if line.endswith("role: 投诉专员"))
    assert lines[source + 1] == "   |           ^^^^^^^^"  # four wide characters = eight cells


def test_long_messages_are_not_wrapped_when_piped(project: Project) -> None:
    long_role = "a-really-long-role-name-" * 8
    text = BASE_SOP.replace("role: cs-agent", f"role: {long_role}")
    run = sopc("check", str(project({CS_PATH: text})))
    assert any(line.endswith(f"unknown role '{long_role}'") for line in run.stdout.splitlines())


def test_json_shape(project: Project) -> None:
    run = sopc("check", "--format", "json", str(broken(project)))
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == 1
    assert document["findings"] == [
        {
            "path": CS_PATH,
            "line": 24,
            "column": 11,
            "end_line": 24,
            "end_column": 19,
            "code": "SOP201",
            "name": "unknown-role",
            "severity": "error",
            "message": "unknown role 'cs-agnet' (did you mean 'cs-agent'?)",
            "sop": "CS-001",
        }
    ]
    assert document["summary"] == {"errors": 1, "warnings": 0, "infos": 0, "files": 2, "sops": 2}


def test_json_sop_is_null_for_files_without_an_id(project: Project) -> None:
    run = sopc("check", "-f", "json", str(project({"sops/X-001.sop.yaml": "- a\n"})))
    finding = json.loads(run.stdout)["findings"][0]
    assert (finding["code"], finding["sop"]) == ("SOP007", None)


def test_output_file(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "check.json"
    run = sopc("check", "-f", "json", "--output", str(out), str(broken(project)))
    assert run.returncode == 1
    assert run.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 1


def test_strict_fails_on_warnings(project: Project) -> None:
    root = project({CS_PATH: BASE_SOP.replace('version: "1.2"\n', 'version: "1.3"\n', 1)})
    assert sopc("check", str(root)).returncode == 0
    assert sopc("check", "--strict", str(root)).returncode == 1


def test_today_option(project: Project) -> None:
    root = project()
    assert sopc("check", "--strict", "--today", "2027-03-02", str(root)).returncode == 1
    bad = sopc("check", "--today", "2027-13-01", str(root))
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr


def test_check_a_file_loads_the_project(project: Project) -> None:
    root = broken(project)
    run = sopc("check", "sops/FIN-003-refund.sop.yaml", cwd=root)
    assert run.returncode == 0
    assert "1 file (1 SOP)" in run.stdout
    assert sopc("check", CS_PATH, cwd=root).returncode == 1


def test_root_is_found_from_a_nested_folder(project: Project) -> None:
    root = broken(project)
    assert sopc("check", cwd=root / "sops").returncode == 1
    assert "2 files" in sopc("check", str(root)).stdout


def test_config_option(project: Project, tmp_path: Path) -> None:
    root = project()
    config = root / "sopc.yaml"
    run = sopc("check", "--config", str(config), cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    missing = sopc("check", "--config", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "config file not found" in missing.stderr


@pytest.mark.parametrize(
    ("extra", "needle", "words"),
    [
        ("rules:\n  unknwn-role: off\n", "unknwn-role", "did you mean 'unknown-role'"),
        ("rules:\n  SOP001: off\n", "SOP001", "cannot be turned off"),
        ("rules:\n  SOP104: loud\n", "loud", "expected one of error, warning, info, off"),
        ("sourcs: [sops]\n", "sourcs", "did you mean 'sources'"),
        ("sources: [../elsewhere]\n", "../elsewhere", "outside the project"),
        ("sources: [nowhere]\n", "nowhere", "does not exist"),
        ("id_pattern: '[A-Z'\n", "'[A-Z'", "not a valid regular expression"),
        ("calendar: {hours_per_day: 30}\n", "30", "hours_per_day"),
        ("calendar: {holidays: [2026-02-30]}\n", "2026-02-30", "not a real date"),
        ("name: a\nname: b\n", "name: b", "duplicate key"),
    ],
)
def test_invalid_config_is_sop008_and_exit_2(
    project: Project, extra: str, needle: str, words: str
) -> None:
    config = CONFIG + extra
    if extra.startswith("id_pattern"):
        config = CONFIG.replace("id_pattern: '^[A-Z]{2,5}-\\d{3}$'\n", extra)
    root = project(config=config)
    run = sopc("check", "-f", "json", str(root))
    assert run.returncode == 2, run.stdout
    findings = json.loads(run.stdout)["findings"]
    assert {f["code"] for f in findings} == {"SOP008"}
    line = config[: config.index(needle)].count("\n") + 1
    assert any(
        f["path"] == "sopc.yaml" and f["line"] == line and words in f["message"] for f in findings
    ), findings


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = sopc("check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert sopc("check", "--format", "xml").returncode == 2
    assert sopc("frobnicate").returncode == 2


def test_help_and_version() -> None:
    run = sopc("--help")
    assert run.returncode == 0
    for command in ("check", "schema", "new", "init", "rules"):
        assert command in run.stdout
    assert sopc("--version").stdout.startswith("sopc ")


def test_help_does_not_import_the_heavy_stages() -> None:
    """Nor the label catalogue (40 ms, loaded when a message is said) or pygls."""
    heavy = "('pydantic','jinja2','markdown_it','yaml','pygls','lsprotocol')"
    code = (
        "import sys; sys.argv=['sopc','--help']\nfrom sopc.cli import main\ntry: main()\n"
        "except SystemExit: pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{heavy} or m.startswith('sopc.i18n')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_rules_command() -> None:
    table = sopc("rules")
    assert table.returncode == 0
    assert "SOP201  unknown-role" in table.stdout
    one = sopc("rules", "unknown-role")
    assert one.stdout.startswith("SOP201 unknown-role (default: error)")
    assert "Bad:" in one.stdout
    unknown = sopc("rules", "SOP999")
    assert unknown.returncode == 2


# -- authoring helpers ----------------------------------------------------------------


def test_checked_in_schemas_are_current() -> None:
    schemas = render_schemas()
    assert sorted(schemas) == ["sop.schema.json", "sopc.schema.json"]
    for name, text in schemas.items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run `make schemas`"
        )


def test_docs_rules_is_current() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `python -m sopc.commands.rules > docs/rules.md`"
    )


def test_schema_command_writes_both(tmp_path: Path) -> None:
    run = sopc("schema", "--out", str(tmp_path / "s"))
    assert run.returncode == 0
    for name in ("sop.schema.json", "sopc.schema.json"):
        schema = json.loads((tmp_path / "s" / name).read_text(encoding="utf-8"))
        assert schema["title"]
        assert schema["properties"]


def test_init_then_new_check_clean_and_never_overwrite(tmp_path: Path) -> None:
    assert sopc("init", "proj", cwd=tmp_path).returncode == 0
    root = tmp_path / "proj"
    for rel in (
        "sopc.yaml",
        "sops/EX-001-example.sop.yaml",
        ".pre-commit-config.yaml",
        "schemas/sop.schema.json",
    ):
        assert (root / rel).is_file()
    assert sopc("check", "--strict", str(root)).returncode == 0

    config = (root / "sopc.yaml").read_text(encoding="utf-8")
    (root / "sopc.yaml").write_text(config.replace("示例公司", "我的公司"), encoding="utf-8")
    again = sopc("init", "proj", "--lang", "en", cwd=tmp_path)
    assert "kept existing proj/sopc.yaml" in again.stdout
    assert "我的公司" in (root / "sopc.yaml").read_text(encoding="utf-8")

    title = '投诉: "升级" #处理 {{ 7*7 }}'
    made = sopc("new", "CS-002", "--title", title, cwd=root)
    assert made.returncode == 0, made.stderr
    path = root / "sops" / "CS-002.sop.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/sop.schema.json\n")
    md = sopc("new", "CS-003", "--title", "入职", "--md", cwd=root)
    assert md.returncode == 0, md.stderr
    run = sopc("check", "-f", "json", "--strict", str(root))
    assert json.loads(run.stdout)["findings"] == []
    from sopc.load.yaml import parse_yaml

    tree, _ = parse_yaml(text)
    assert isinstance(tree, dict)
    assert tree["title"] == title

    path.write_text("keep me", encoding="utf-8")  # the file is there, the id no more
    clash = sopc("new", "CS-002", "--title", "x", "--lang", "en", cwd=root)
    assert clash.returncode == 2
    assert "not overwritten" in clash.stderr
    assert path.read_text(encoding="utf-8") == "keep me"


def test_new_refuses_ids_against_the_pattern(project: Project) -> None:
    run = sopc("new", "complaints", "--title", "x", cwd=project())
    assert run.returncode == 2
    assert "id_pattern" in run.stderr


def test_messages_quoting_sop_text_stay_on_one_line(project: Project) -> None:
    title = '"登记\\n::warning file=README.md,line=1::伪造"'
    text = BASE_SOP.replace("title: 接收并登记投诉", f"title: {title}").replace(
        "  - id: reply", "  - id: receive"
    )
    run = sopc("check", str(project({CS_PATH: text})))
    assert not any(line.startswith("::") for line in run.stdout.splitlines())
    assert "登记\\n::warning" in run.stdout


def test_format_choices_match_the_writers() -> None:
    """cli.py repeats the writers' formats so that `--help` imports no writer."""
    from typing import get_args

    from sopc import cli
    from sopc.commands import graph
    from sopc.diff import report as diff_report
    from sopc.report import FORMATS

    assert get_args(cli.CheckFormat) == FORMATS
    assert get_args(cli.DiffFormat) == diff_report.FORMATS
    assert get_args(cli.GraphFormat) == graph.FORMATS


def test_unknown_format_is_refused_with_the_choices(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sopc", "graph", "CS-001", "--format", "visio"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert "'visio' is not one of 'svg', 'png', 'dot', 'mermaid', 'bpmn'" in run.stderr


# -- messages in the reader's language --------------------------------------------------

ZH_CONFIG = CONFIG + "language: zh-CN\n"
SECONDS = r"\d+\.\d\d"


def test_the_summary_line_follows_the_projects_language(project: Project) -> None:
    clean = sopc("check", "--today", "2026-11-20", str(project(config=ZH_CONFIG)))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.fullmatch(f"全部通过：共检查 2 个文件（2 个流程），用时 {SECONDS} 秒\n", clean.stdout)
    english = sopc("check", "--today", "2026-11-20", "--lang", "en", str(project()))
    assert re.fullmatch(f"All clean: 2 files \\(2 SOPs\\) checked in {SECONDS}s\n", english.stdout)

    root = project({CS_PATH: BASE_SOP.replace("role: cs-agent", "role: cs-agnet")}, ZH_CONFIG)
    run = sopc("check", "--today", "2026-11-20", str(root))
    assert run.returncode == 1
    assert run.stdout.splitlines()[0].endswith("未知岗位 'cs-agnet'（是否想写 'cs-agent'？）")
    assert re.fullmatch(
        f"发现 1 个错误、0 个警告，共检查 2 个文件（2 个流程），用时 {SECONDS} 秒",
        run.stdout.splitlines()[-1],
    )
    run = sopc("check", "--today", "2026-11-20", "--lang", "en", str(root))
    assert re.fullmatch(
        f"Found 1 error, 0 warnings in 2 files \\(2 SOPs\\) in {SECONDS}s",
        run.stdout.splitlines()[-1],
    )
    misspelt = {CS_PATH: BASE_SOP.replace("role: cs-agent", "role: cs-agnet")}
    informed = project(misspelt, ZH_CONFIG + "rules:\n  SOP201: info\n")
    run = sopc("check", "--today", "2026-11-20", str(informed))
    assert run.returncode == 0
    assert re.fullmatch(
        f"发现 0 个错误、0 个警告、1 个提示，共检查 2 个文件（2 个流程），用时 {SECONDS} 秒",
        run.stdout.splitlines()[-1],
    )


def test_sopc_lang_speaks_where_the_project_says_nothing(project: Project) -> None:
    chinese = {"SOPC_LANG": "zh-CN"}
    unset = sopc("check", str(project()), env=chinese)  # CONFIG sets no language
    assert unset.stdout.startswith("全部通过：共检查 2 个文件（2 个流程）")
    english = sopc("check", str(project(config=CONFIG + "language: en\n")), env=chinese)
    assert english.stdout.startswith("All clean: 2 files (2 SOPs) checked in ")
    asked = sopc("check", "--lang", "en", str(project(config=ZH_CONFIG)), env=chinese)
    assert asked.stdout.startswith("All clean: ")


def test_an_invalid_sopc_yaml_is_reported_in_the_language_it_sets(project: Project) -> None:
    run = sopc("check", str(project(config=ZH_CONFIG + "sourcs: [sops]\n")))
    assert run.returncode == 2
    assert run.stdout.splitlines()[-1] == (
        "sopc.yaml 有误（1 个错误），其他文件都没有检查；请先修正 sopc.yaml"
    )
    english = sopc("check", "--lang", "en", str(project(config=ZH_CONFIG + "sourcs: [x]\n")))
    assert english.stdout.splitlines()[-1] == (
        "sopc.yaml is invalid: 1 error; nothing else was checked"
    )


def test_usage_errors_speak_the_language_of_the_project_named(
    project: Project, tmp_path: Path
) -> None:
    root = project(config=ZH_CONFIG)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = sopc("build", str(root), "--format", "pdfx", cwd=elsewhere)  # the ROOT's project
    assert run.returncode == 2
    assert run.stderr == (
        "sopc: error: --format：无法识别的格式 pdfx；请从 html、pdf、docx、bpmn 中选择，"
        "多个格式用英文逗号分隔\n"
    )
    english = sopc("build", str(root), "--format", "pdfx", "--lang", "en", cwd=elsewhere)
    assert english.stderr == (
        "sopc: error: --format: unknown format pdfx; "
        "expected a comma-separated list of html, pdf, docx, bpmn\n"
    )
    here = sopc("graph", "CS-01", cwd=root)  # no path named: the current folder's project
    assert here.returncode == 2
    assert (
        here.stderr == f"sopc: error: {root} 中没有编号为 'CS-01' 的流程（是否想写 'CS-001'？）\n"
    )
    date = sopc("check", "--today", "2026-13-01", str(root / "sops" / "missing.sop.yaml"))
    assert date.returncode == 2
    assert "日期应写成 YYYY-MM-DD（例如 2026-11-20），这里写的是 '2026-13-01'" in date.stderr


def test_every_count_and_stage_is_in_every_catalogue() -> None:
    """Counts and progress stages are keys made at run time, which the test of the keys
    in use cannot see: each noun has its form for one and for many."""
    from typing import get_args

    from sopc.i18n import CATALOGUES
    from sopc.progress import STAGES
    from sopc.results import Noun

    keys = [f"count.{noun}.{form}" for noun in get_args(Noun) for form in ("one", "many")]
    for language, labels in CATALOGUES.items():
        assert [key for key in [*keys, *STAGES] if key not in labels] == [], language
