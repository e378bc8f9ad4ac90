"""Inputs from the outside world (issue 19): file names with spaces, CJK and emoji,
paths over 255 bytes, CRLF and CR line ends, NFC and NFD names, names that differ only
in case, a project without SOPs, a git repository of 10,000 commits and a shallow clone.
Each is checked and built for real."""

from __future__ import annotations

import subprocess
import time
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

from tests.conftest import sopc
from tests.test_reliability import EXAMPLES, copy_examples, files

CS_001 = "CS-001-complaint-handling.sop.yaml"


def built(root: Path, out: Path) -> str:
    done = sopc("build", str(root), "--out", str(out), "--format", "html", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_names_with_spaces_cjk_and_emoji(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "项目 folder 📁")
    sops = root / "sops"
    (sops / CS_001).rename(sops / "客户 投诉 处理 😀.sop.yaml")
    (sops / "采购 审批").mkdir()
    (sops / "PUR-001-purchase-approval.sop.yaml").rename(sops / "采购 审批" / "采购.sop.yaml")
    done = sopc("check", str(root), "--lang", "en")
    assert done.returncode == 0, done.stdout
    assert "7 files" in done.stdout
    built(root, tmp_path / "网站 site")
    assert (tmp_path / "网站 site" / "sops" / "CS-001.html").is_file()


def test_a_path_over_255_bytes(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    deep = root / "sops"
    for level in range(4):  # four folders of 80 CJK characters: 240 bytes each
        deep = deep / (str(level) + "流程文件夹" * 16)[:80]
    deep.mkdir(parents=True)
    (root / "sops" / CS_001).rename(deep / CS_001)
    assert len(str(deep / CS_001).encode()) > 1000
    done = sopc("check", str(root), "--lang", "en", "--format", "json")
    assert done.returncode == 0, done.stdout
    built(root, tmp_path / "site")


def test_crlf_and_cr_line_ends_check_as_lf_does(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    path = root / "sops" / CS_001
    text = path.read_bytes()
    broken = text.replace(b"owner: cs-supervisor", b"owner: nobody-here", 1)
    answers = []
    for end in (b"\n", b"\r\n", b"\r"):
        path.write_bytes(broken.replace(b"\n", end))
        done = sopc("check", str(root), "--lang", "en")
        answers.append((done.returncode, done.stdout.split("\n\nFound")[0]))
    assert answers[0][0] == 1
    assert "nobody-here" in answers[0][1]
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]
    path.write_bytes(text.replace(b"\n", b"\r\n"))
    built(root, tmp_path / "site")


def test_nfc_and_nfd_names_are_two_files_with_one_page_each(tmp_path: Path) -> None:
    """macOS writes names decomposed (NFD); Linux keeps both forms as two files."""
    root = copy_examples(tmp_path / "project")
    sops = root / "sops"
    name = "投诉处理（café）.sop.yaml"
    (sops / CS_001).rename(sops / unicodedata.normalize("NFD", name))
    text = (sops / "AS-001-returns-exchanges.sop.yaml").read_text(encoding="utf-8")
    (sops / "AS-001-returns-exchanges.sop.yaml").unlink()
    (sops / unicodedata.normalize("NFC", name)).write_text(text, encoding="utf-8")
    assert len(list(sops.glob("*café*"))) + len(list(sops.glob("*cafe\u0301*"))) == 2
    done = sopc("check", str(root), "--lang", "en")
    assert done.returncode == 0, done.stdout
    built(root, tmp_path / "site")
    pages = sorted(p.name for p in (tmp_path / "site" / "sops").glob("*.html"))
    assert {"AS-001.html", "CS-001.html"} <= set(pages)


def test_names_that_differ_only_in_case_are_two_sops(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "project")
    sops = root / "sops"
    text = (sops / CS_001).read_text(encoding="utf-8")
    (sops / "cs-001-COMPLAINT-handling.sop.yaml").write_text(
        text.replace("id: CS-001", "id: CS-002", 1), encoding="utf-8"
    )
    done = sopc("check", str(root), "--lang", "en")
    assert "8 files" in done.stdout
    built(root, tmp_path / "site")
    assert {"CS-001.html", "CS-002.html"} <= {
        p.name for p in (tmp_path / "site" / "sops").glob("*.html")
    }


def test_a_project_of_no_sops(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    (root / "sops").mkdir(parents=True)
    (root / "sopc.yaml").write_text("name: 空手册\nsources: [sops]\nroles: {}\n", encoding="utf-8")
    done = sopc("check", str(root), "--lang", "en")
    assert done.returncode == 0, done.stdout
    assert "0 files" in done.stdout
    out = tmp_path / "site"
    done = sopc("build", str(root), "--out", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").is_file()
    assert "Traceback" not in done.stderr
    assert files(out)


def ten_thousand_commits(repo: Path) -> str:
    """A repository of the examples with 10,000 commits, each revising one SOP's purpose
    (written by `git fast-import` in a second); returns the first commit."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    files = {
        p.relative_to(EXAMPLES).as_posix(): p.read_bytes()
        for p in [EXAMPLES / "sopc.yaml", *sorted((EXAMPLES / "sops").iterdir())]
    }
    names = sorted(rel for rel in files if rel.endswith(".yaml") and rel.startswith("sops/"))
    stream = []
    for i in range(10_000):
        changed = files if i == 0 else {names[i % len(names)]: b""}
        message = b"revision %d" % i
        stream.append(
            b"commit refs/heads/main\ncommitter Tester <t@example.com> %d +0800\n"
            b"data %d\n%s\n" % (1_700_000_000 + 60 * i, len(message), message)
        )
        for rel in changed:
            data = files[rel]
            if i:
                data = data.replace(b"purpose: |\n", f"purpose: |\n  第{i}次修订。\n".encode(), 1)
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (rel.encode(), len(data), data))
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=repo, check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)
    return subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()


def test_a_repository_of_10000_commits_and_a_shallow_clone_of_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    first = ten_thousand_commits(repo)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True)
    assert count.stdout.strip() == b"10000"
    done = sopc("diff", first, "HEAD", "--lang", "en", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "5 changed" in done.stdout  # AS-001's purpose is a `>-` block: not revised
    history = built_with_history(repo, tmp_path / "site")
    assert "第9999次修订" in (tmp_path / "site" / "sops" / "IT-001.html").read_text(
        encoding="utf-8"
    )
    assert "shallow" not in history

    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    done = sopc("diff", "HEAD~1", "HEAD", "--lang", "en", cwd=shallow)
    assert done.returncode == 2
    assert "this clone is shallow" in done.stderr
    assert "Traceback" not in done.stderr
    assert "this git clone is shallow" in built_with_history(shallow, tmp_path / "shallow-site")


def built_with_history(root: Path, out: Path) -> str:
    done = sopc(
        "build", str(root), "--out", str(out), "--history", "--format", "html", "--lang", "en"
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_an_sop_of_2000_steps_checks_and_builds_in_bounded_time(tmp_path: Path) -> None:
    """Its flowchart is not drawn (far past what `dot` lays out in minutes): the build
    says so, the page says why, the BPMN file is laid out on a plain grid."""
    root = copy_examples(tmp_path / "project")
    roles = ["cs-agent", "cs-supervisor", "qc-inspector", "fin-accountant"]
    steps = "".join(
        f"  - {{id: s{i}, title: 第{i}步处理, role: {roles[i % 4]}, time_limit: 1h,"
        " outputs: [记录]}\n"
        for i in range(2000)
    )
    (root / "sops" / "BIG-001-long.sop.yaml").write_text(
        'id: BIG-001\ntitle: 超长流程\nversion: "1.0"\nstatus: draft\nowner: cs-agent\n'
        "purpose: 测试\nscope: {start: 开始, end: 结束}\nsteps:\n"
        + steps
        + 'revisions:\n  - {version: "1.0", date: 2026-01-05, changes: 初稿}\n',
        encoding="utf-8",
    )
    started = time.perf_counter()
    done = sopc("check", str(root), "--lang", "en")
    assert time.perf_counter() - started < 20
    assert done.returncode == 0, done.stdout
    assert "8 files (8 SOPs)" in done.stdout
    out = tmp_path / "site"
    started = time.perf_counter()
    done = sopc("build", str(root), "--out", str(out), "--format", "html,bpmn", "--lang", "en")
    assert time.perf_counter() - started < 120
    assert done.returncode == 0, done.stderr
    assert "BIG-001's flowchart is not drawn: 2002 boxes" in done.stderr
    page = (out / "sops" / "BIG-001.html").read_text(encoding="utf-8")
    assert "本流程步骤过多" in page  # the manual speaks the project's language
    assert "<svg" not in page.split('class="flow"')[1].split("</section>")[0]
    diagram = ElementTree.parse(out / "bpmn" / "BIG-001.bpmn").getroot()
    shapes = diagram.iter("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNShape")
    assert sum(1 for _ in shapes) > 2000
