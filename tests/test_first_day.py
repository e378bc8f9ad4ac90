"""Issue 11's acceptance, as a new user meets sopc: a zh-CN project with one mistake of
each kind gets each finding in Chinese, at the character of the mistake, and only
that finding; the same project read with `--lang en` gets the same findings in
today's English. Each family has its own detailed tests; this one is the whole
first day in one project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BASE_SOP, CONFIG, FIN_SOP, locate, sopc

# name: (text replaced in the base SOP, its replacement, the mistake's text to point
# at, the one finding expected: code, Chinese message, English message)
MISTAKES: dict[str, tuple[str, str, str, str, str, str]] = {
    "fullwidth-colon": (
        "title: 客户投诉处理流程",
        "title：客户投诉处理流程",
        "：",
        "SOP001",
        "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格：应写成 title: 客户投诉处理流程",
        "a full-width colon '：' where YAML needs an English colon ':' and a space: "
        "write title: 客户投诉处理流程",
    ),
    "needs-quotes": (
        "purpose: 规范客户投诉处理。",
        "purpose: 目的: 规范客户投诉处理。",
        ": 规范",
        "SOP001",
        "值里的 ': ' 会被 YAML 当作新的键，请给这个值加上引号："
        'purpose: "目的: 规范客户投诉处理。"',
        "': ' inside a value reads as a new key; put the value in quotes: "
        'purpose: "目的: 规范客户投诉处理。"',
    ),
    "unclosed-quote": (
        "title: 回复客户处理结果",
        'title: "回复客户处理结果',
        '"回复',
        "SOP001",
        '这里的双引号（"）在本行没有闭合，值一直延续到第 38 行：请在这个值的末尾补上同样的引号',
        'this double quote (") is not closed on its line, so the value runs on to line 38: '
        "end the value with the same quote",
    ),
    "duration-typo": (
        "time_limit: 10m",
        "time_limit: 2个工作曰",
        "2个工作曰",
        "SOP007",
        "时限应写成数量加单位，如 30分钟、2小时、1天、3个工作日、1小时内、当日 或 立即，"
        "现在是 '2个工作曰'（是否想写 '2个工作日'？）",
        "expected a duration such as 30m, 2h, 1d, 4wh, 2wd, 3工作日 or immediate, "
        "got '2个工作曰' (did you mean '2个工作日'?)",
    ),
    "role-by-name": (
        "    role: cs-agent\n",
        "    role: 客服专员\n",
        "客服专员",
        "SOP201",
        "未知岗位 '客服专员'（是否想写 'cs-agent'（客服专员）？）",
        "unknown role '客服专员' (did you mean 'cs-agent' (客服专员)?)",
    ),
    "form-by-name": (
        'outputs: ["form:complaint-register"]',
        'outputs: ["form:客户投诉登记表"]',
        '"form:客户投诉登记表"',
        "SOP204",
        "未知表单 '客户投诉登记表'（是否想写 'form:complaint-register'（客户投诉登记表）？）",
        "unknown form '客户投诉登记表' (did you mean 'form:complaint-register' (客户投诉登记表)?)",
    ),
    "sop-by-title": (
        'references: ["sop:FIN-003"]',
        'references: ["sop:退款流程"]',
        '"sop:退款流程"',
        "SOP206",
        "项目中没有编号为 '退款流程' 的流程（是否想写 'sop:FIN-003'（退款流程）？）",
        "no SOP '退款流程' in the project (did you mean 'sop:FIN-003' (退款流程)?)",
    ),
    "duplicate-step": (
        "  - id: needs-refund\n",
        "  - id: receive\n",
        "receive\n    title: 判断",
        "SOP207",
        "步骤编号 'receive' 已被第 1 步（接收并登记投诉）使用：请换一个编号",
        "step id 'receive' is already used by step 1 (接收并登记投诉)",
    ),
    "unknown-next": (
        "    next: end\n",
        "    next: ending\n",
        "ending",
        "SOP203",
        "{id} 中没有步骤 'ending'",
        "no step 'ending' in {id}",
    ),
    "approval-before-revision": (
        '{version: "1.2", date: 2026-02-25',
        '{version: "1.2", date: 2026-02-28',
        "2026-02-25}\npurpose",
        "SOP109",
        "批准日期 2026-02-25 早于 1.2 版的修订日期 2026-02-28，这次批准可能针对的是旧版本："
        "请将 1.2 版重新报批并更新 approval.approver，或更正日期",
        "the approver signed on 2026-02-25, before version 1.2 was revised on 2026-02-28: "
        "the approval may be for an earlier version; have 1.2 approved and update "
        "approval.approver, or correct the dates",
    ),
}

# What authors copy from their Word tables, accepted as written.
PHRASES = {
    "time_limit: 10m": "time_limit: 接收后30分钟内",
    "time_limit: {一般: 1wd, 重大: 3wd}": "time_limit: {一般: 1个工作日内, 重大: 三个工作日}",
    "within: 1h": "within: 半小时",
}


def sop_id(n: int) -> str:
    return f"CS-{n}"


@pytest.fixture(scope="module")
def first_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The project, and each mistake's file → its text."""
    root = tmp_path_factory.mktemp("first-day")
    (root / "sopc.yaml").write_text("language: zh-CN\n" + CONFIG, encoding="utf-8")
    (root / "sops").mkdir()
    texts: dict[str, str] = {}
    clean = BASE_SOP
    for old, new in PHRASES.items():
        assert old in clean
        clean = clean.replace(old, new, 1)
    for n, (name, (old, new, *_)) in enumerate(MISTAKES.items(), 101):
        assert old in BASE_SOP, name
        text = BASE_SOP.replace("id: CS-001", f"id: {sop_id(n)}", 1).replace(old, new, 1)
        texts[f"sops/{sop_id(n)}-{name}.sop.yaml"] = text
    texts["sops/CS-100-phrases.sop.yaml"] = clean.replace("id: CS-001", "id: CS-100", 1)
    texts["sops/FIN-003-refund.sop.yaml"] = FIN_SOP  # titled 退款流程
    for rel, text in texts.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root, texts


def findings(root: Path, *args: str) -> list[dict[str, object]]:
    run = sopc("check", "--today", "2026-11-20", "--format", "json", *args, cwd=root)
    assert run.returncode == 1, run.stdout + run.stderr
    found: list[dict[str, object]] = json.loads(run.stdout)["findings"]
    return found


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_one_finding_per_mistake_at_its_character(
    first_day: tuple[Path, dict[str, str]], language: str
) -> None:
    root, texts = first_day
    found = findings(root, *(["--lang", "en"] if language == "en" else []))
    expected = []
    for n, (name, (_, _, needle, code, chinese, english)) in enumerate(MISTAKES.items(), 101):
        rel = f"sops/{sop_id(n)}-{name}.sop.yaml"
        line, column = locate(texts[rel], needle)
        message = (chinese if language == "zh-CN" else english).format(id=sop_id(n))
        expected.append((rel, line, column, code, message))
    got = [(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in found]
    assert sorted(got) == sorted(expected)  # nothing else: no cascade, no false alarm


def test_the_phrases_of_word_tables_are_shown_as_written(
    first_day: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, texts = first_day
    phrases = tmp_path / "phrases"
    (phrases / "sops").mkdir(parents=True)
    (phrases / "sopc.yaml").write_text((root / "sopc.yaml").read_text("utf-8"), "utf-8")
    for rel in ("sops/CS-100-phrases.sop.yaml", "sops/FIN-003-refund.sop.yaml"):
        (phrases / rel).write_text(texts[rel], encoding="utf-8")
    out = tmp_path / "site"
    run = sopc("build", str(phrases), "--format", "html", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("已为 2 个流程生成")
    page = (out / "sops" / "CS-100.html").read_text(encoding="utf-8")
    for shown in ("接收后30分钟内", "1个工作日内", "三个工作日", "半小时"):
        assert shown in page


def test_a_file_that_cannot_be_read_is_still_the_sop_it_says(tmp_path: Path) -> None:
    """References to an SOP whose file has a YAML slip are not also "unknown SOP":
    the file says which SOP it is on its `id:` line, and that one slip is the news."""
    (tmp_path / "sopc.yaml").write_text("language: zh-CN\n" + CONFIG, encoding="utf-8")
    (tmp_path / "sops").mkdir()
    broken = FIN_SOP.replace("title: 退款流程", "title：退款流程")
    (tmp_path / "sops" / "FIN-003-refund.sop.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "sops" / "CS-001-complaints.sop.yaml").write_text(BASE_SOP, encoding="utf-8")
    found = findings(tmp_path)
    assert [(f["path"], f["code"]) for f in found] == [("sops/FIN-003-refund.sop.yaml", "SOP001")]
