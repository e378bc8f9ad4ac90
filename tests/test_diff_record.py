"""`sopc diff` reads like a revision record (issue 11, item 9): an SOP that only moved
is headed as moved, a change to `revisions` reads as the entries added or edited,
a pasted entry completes the record, and every word of every format is in the
reader's language (a `language: zh-CN` project reads Chinese; `--lang en` gives the
English report as it always was). All on real git repositories in temp folders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sopc.change.compare import SOP_FIELDS, STEP_FIELDS, Change, Edge, Kind, compare
from sopc.diff.wording import place
from sopc.i18n import translator
from sopc.sources import parse_sop_file
from tests.conftest import BASE_SOP, CONFIG, CS_PATH, FIN_PATH, Project
from tests.conftest import sopc as run_sopc
from tests.test_diff import TODAY, Repo, git_env, init, sop, yaml_block

ZH = CONFIG + "language: zh-CN\n"
EN = CONFIG + "language: en\n"
MOVED = "sops/退款/FIN-003.sop.yaml"
CS_MOVED = "sops/客服/CS-001.sop.yaml"
Make = Callable[[str], Repo]


@pytest.fixture
def make(project: Project, tmp_path: Path) -> Make:
    """A project with this sopc.yaml in a folder of its own, committed once (CS-001 at
    1.2, FIN-003 at 1.0)."""
    made: list[Repo] = []

    def one(config: str) -> Repo:
        root = project(config=config).rename(tmp_path / f"project-{len(made) + 1}")
        repo = init(root, tmp_path)
        repo.commit("基线")
        made.append(repo)
        return repo

    return one


def _move(repo: Repo, rel: str, to: str) -> None:
    (repo.root / to).parent.mkdir(parents=True, exist_ok=True)
    repo.git("mv", rel, to)


def _owner(repo: Repo) -> None:
    repo.edit(CS_PATH, "owner: cs-manager", "owner: complaint-lead")


def _pull_request(repo: Repo) -> None:
    """A change of each kind a report lists: a field, a step added, a per-case
    limit, a branch's answer and its edges; and FIN-003 only moved."""
    _owner(repo)
    repo.edit(CS_PATH, "time_limit: {一般: 1wd, 重大: 3wd}", "time_limit: {一般: 1wd, 重大: 2wd}")
    repo.edit(CS_PATH, "- {when: 否, next: reply}", "- {when: 不退款, next: reply}")
    repo.edit(
        CS_PATH,
        "    next: end\n",
        "    next: survey\n  - {id: survey, title: 回访客户, role: cs-manager}\n",
    )
    _move(repo, FIN_PATH, MOVED)


def _nothing(repo: Repo, fmt: str) -> str:
    """The report on the last commit against itself: nothing changed."""
    return repo.diff("HEAD", "HEAD", "--format", fmt).stdout


# --- an SOP that only moved --------------------------------------------------------------


def test_an_sop_that_only_moved_is_headed_as_moved(make: Make) -> None:
    repo = make(CONFIG)
    _move(repo, CS_PATH, CS_MOVED)
    text = repo.diff().stdout
    assert f"CS-001 客户投诉处理流程 [moved] {CS_PATH} → {CS_MOVED}\n" in text
    assert "[changed]" not in text
    assert text.endswith("SOPs: 0 changed, 1 moved, 0 added, 0 removed (HEAD → working tree)\n")
    assert "  = moved, procedure unchanged (1.2)\n" in text
    lines = repo.diff("--format", "markdown").stdout.splitlines()
    assert (
        lines[0] == "### SOP changes: 0 changed, 1 moved, 0 added, 0 removed (HEAD → working tree)"
    )
    assert "#### CS-001 客户投诉处理流程 — moved" in lines
    assert f"Moved: `{CS_PATH}` → `{CS_MOVED}`" in lines
    page = repo.diff("--format", "html").stdout
    assert '<small class="k-moved">moved</small>' in page
    assert f"<p>Moved: {CS_PATH} → {CS_MOVED}</p>" in page
    data = repo.json()  # scripts see the shape they always saw
    assert (sop(data, "CS-001")["kind"], sop(data, "CS-001")["changes"]) == ("changed", [])
    assert data["summary"] == {"changed": 1, "added": 0, "removed": 0}
    # moved and changed: changed, with the move said as well
    repo.edit(CS_MOVED, "purpose: 规范客户投诉处理。", "purpose: 规范投诉处理。")
    text = repo.diff().stdout
    assert f"CS-001 客户投诉处理流程 [changed] {CS_PATH} → {CS_MOVED}\n" in text
    assert text.endswith("SOPs: 1 changed, 0 added, 0 removed (HEAD → working tree)\n")
    assert '<small class="k-changed">changed</small>' in repo.diff("--format", "html").stdout


def test_a_moved_sop_in_chinese(make: Make) -> None:
    repo = make(ZH)
    _move(repo, CS_PATH, CS_MOVED)
    text = repo.diff().stdout
    assert f"CS-001 客户投诉处理流程（移动） {CS_PATH} → {CS_MOVED}\n" in text
    assert "  = 仅移动了文件，流程未变（版本 1.2）\n" in text
    assert text.endswith("流程：变更 0 个、移动 1 个、新增 0 个、删除 0 个（HEAD → 工作区）\n")
    markdown = repo.diff("--format", "markdown").stdout.splitlines()
    assert "#### CS-001 客户投诉处理流程（移动）" in markdown
    assert f"文件移动：`{CS_PATH}` → `{CS_MOVED}`" in markdown
    assert '<small class="k-moved">移动</small>' in repo.diff("--format", "html").stdout


# --- a change to revisions, in words -----------------------------------------------------

ADDED = '  - {version: "1.3", date: 2026-11-20, author: 李娜, changes: 调整负责人}\n'


def _revise_the_record(repo: Repo) -> None:
    """One entry added (1.3), one edited (1.2), one removed (1.1)."""
    repo.edit(CS_PATH, "revisions:\n", "revisions:\n" + ADDED)
    repo.edit(CS_PATH, "changes: 增加退款判断}", "changes: 增加退款判断与回访}")
    repo.edit(
        CS_PATH, '  - {version: "1.1", date: 2025-08-01, author: 张伟, changes: 调整时限}\n', ""
    )


@pytest.mark.parametrize(
    ("config", "name", "words", "verdict"),
    [
        (
            EN,
            ("revisions", "removed ", "added ", "edited "),
            (
                "1.1 (2025-08-01, 张伟): 调整时限",
                "1.3 (2026-11-20, 李娜): 调整负责人",
                "1.2 (2026-02-25, 张伟): 增加退款判断",
                "1.2 (2026-02-25, 张伟): 增加退款判断与回访",
            ),
            "document control only: no new version needed (1.2)",
        ),
        (
            ZH,
            ("修订记录", "删除：", "新增：", "修改："),
            (
                "1.1（2025-08-01，张伟）调整时限",
                "1.3（2026-11-20，李娜）调整负责人",
                "1.2（2026-02-25，张伟）增加退款判断",
                "1.2（2026-02-25，张伟）增加退款判断与回访",
            ),
            "只改了文件控制信息，无需升级版本（版本 1.2）",
        ),
    ],
    ids=["en", "zh-CN"],
)
def test_a_change_to_revisions_reads_as_the_entries_in_words(
    make: Make, config: str, name: tuple[str, ...], words: tuple[str, ...], verdict: str
) -> None:
    repo = make(config)
    _revise_the_record(repo)
    field, removed, added, edited = name
    gone, new, before, after = words
    colon = ": " if config == EN else ""
    text = repo.diff().stdout
    assert text.splitlines()[1:5] == [
        f"  - {field}{colon}{removed}{gone}",
        f"  + {field}{colon}{added}{new}",
        f"  ~ {field}{colon}{edited}{before} → {after}",
        f"  = {verdict}",
    ]
    assert '"version"' not in text
    assert "{" not in text
    data = repo.json()
    item = sop(data, "CS-001")
    assert [(c["what"], c["key"], c["old"], c["new"]) for c in item["changes"]] == [
        ("revisions[1.1]", ["1.1"], gone, None),
        ("revisions[1.3]", ["1.3"], None, new),
        ("revisions[1.2]", ["1.2"], before, after),
    ]
    assert {c["category"] for c in item["changes"]} == {"document"}
    table = repo.diff("--format", "markdown").stdout.splitlines()
    assert f"| + | {field} | — | {new} |" in table
    assert f"| ~ | {field} | {before} | {after} |" in table
    page = repo.diff("--format", "html").stdout
    assert f"<tr><th>{field}</th><td>—</td><td>{new}</td></tr>" in page


# --- the suggested entry, once it is in the file -------------------------------------------


def _paste(repo: Repo, text_report: str) -> list[str]:
    """The entry of the text report pasted at the top of `revisions`; its lines."""
    lines = text_report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    - version:"))
    entry = [line[2:] for line in lines[start : start + 3]]
    repo.edit(CS_PATH, "revisions:\n", "revisions:\n" + "\n".join(entry) + "\n")
    return entry


def test_once_the_suggested_entry_is_in_the_file_the_record_is_complete(make: Make) -> None:
    repo = make(CONFIG)
    _owner(repo)
    first = repo.diff().stdout
    assert "  revisions entry:\n" in first
    _paste(repo, first)
    # pasted, the version not raised yet: the entry is not offered again
    text = repo.diff().stdout
    assert "  = major change: version 1.2 → 1.2 is not enough; make it 2.0\n" in text
    assert "  = revisions already has the entry for 2.0\n" in text
    assert "revisions entry:" not in text
    assert sop(repo.json(), "CS-001")["revision"] is None
    # and raised: the record is complete
    repo.edit(CS_PATH, 'version: "1.2"\nstatus', 'version: "2.0"\nstatus')
    text = repo.diff().stdout
    assert text.splitlines()[1:5] == [
        "  ~ owner: cs-manager → complaint-lead",
        # the entry is the SOP's own text: in its (Chinese) manual's words and marks
        f"  + revisions: added 2.0（{TODAY}）流程负责人 cs-manager → complaint-lead",
        "  = major change: version 1.2 → 2.0 is enough",
        "  = revision record complete: revisions has the entry for 2.0",
    ]
    assert "revisions entry:" not in text
    markdown = repo.diff("--format", "markdown").stdout
    assert "```" not in markdown
    assert "revision record complete: revisions has the entry for 2.0" in markdown.splitlines()
    page = repo.diff("--format", "html").stdout
    assert "<pre>" not in page
    assert "<p>revision record complete: revisions has the entry for 2.0</p>" in page
    item = sop(repo.json(), "CS-001")
    assert (item["bump"], item["suggested_version"], item["revision"]) == ("major", "2.0", None)


def test_an_entry_for_another_version_than_the_policy_asks_is_not_the_record(make: Make) -> None:
    repo = make(CONFIG)
    _owner(repo)
    repo.edit(CS_PATH, 'version: "1.2"\nstatus', 'version: "1.3"\nstatus')
    repo.edit(CS_PATH, "revisions:\n", 'revisions:\n  - {version: "1.3", date: 2026-11-30}\n')
    text = repo.diff().stdout
    assert "  = major change: version 1.2 → 1.3 is not enough; make it 2.0\n" in text
    assert "  revisions entry:\n" in text
    assert "record complete" not in text
    assert yaml_block(repo.diff("--format", "markdown").stdout)["revisions"][0]["version"] == "2.0"
    assert sop(repo.json(), "CS-001")["revision"]["version"] == "2.0"


def test_the_record_complete_in_chinese(make: Make) -> None:
    repo = make(ZH)
    _owner(repo)
    first = repo.diff().stdout
    assert "  请把以下条目加到 revisions 列表的最前面：\n" in first
    _paste(repo, first)
    assert "  = revisions 中已有 2.0 版的条目\n" in repo.diff().stdout
    repo.edit(CS_PATH, 'version: "1.2"\nstatus', 'version: "2.0"\nstatus')
    text = repo.diff().stdout
    assert "  = 重大变更：版本 1.2 → 2.0，符合要求\n" in text
    assert "  = 修订记录已完整：revisions 中已有 2.0 版的条目\n" in text
    assert f"  + 修订记录新增：2.0（{TODAY}）流程负责人 cs-manager → complaint-lead\n" in text
    assert "修订记录已完整" in repo.diff("--format", "markdown").stdout
    assert (
        "<p>修订记录已完整：revisions 中已有 2.0 版的条目</p>"
        in repo.diff("--format", "html").stdout
    )


# --- every format in the project's language, and --lang en --------------------------------

ZH_TEXT = f"""\
CS-001 客户投诉处理流程（变更） {CS_PATH}
  ~ 流程负责人：cs-manager → complaint-lead
  + 步骤 survey：回访客户
  ~ 步骤 reply「回复客户处理结果」时限（重大）：3wd → 2wd
  - 流转 needs-refund → reply（否）
  - 流转 reply → end
  + 流转 needs-refund → reply（不退款）
  + 流转 reply → survey
  + 流转 survey → end
  = 重大变更：版本 1.2 → 1.2 不够，请改为 2.0
  请把以下条目加到 revisions 列表的最前面：
    - version: "2.0"
      date: {TODAY}
      changes: "流程负责人 cs-manager → complaint-lead；新增步骤「回访客户」；「回复客户处理结果」时限（重大） 3wd → 2wd"

FIN-003 退款流程（移动） {FIN_PATH} → {MOVED}
  = 仅移动了文件，流程未变（版本 1.0）

流程：变更 1 个、移动 1 个、新增 0 个、删除 0 个（HEAD → 工作区）
"""
EN_TEXT = f"""\
CS-001 客户投诉处理流程 [changed] {CS_PATH}
  ~ owner: cs-manager → complaint-lead
  + step survey: 回访客户
  ~ step reply (回复客户处理结果): time_limit[重大]: 3wd → 2wd
  - flow needs-refund → reply [否]
  - flow reply → end
  + flow needs-refund → reply [不退款]
  + flow reply → survey
  + flow survey → end
  = major change: version 1.2 → 1.2 is not enough; make it 2.0
  revisions entry:
    - version: "2.0"
      date: {TODAY}
      changes: "流程负责人 cs-manager → complaint-lead；新增步骤「回访客户」；「回复客户处理结果」时限（重大） 3wd → 2wd"

FIN-003 退款流程 [moved] {FIN_PATH} → {MOVED}
  = moved, procedure unchanged (1.0)

SOPs: 1 changed, 1 moved, 0 added, 0 removed (HEAD → working tree)
"""
# the report's own English words, none of which a Chinese report may hold
ENGLISH = re.compile(
    r"\b(changed|added|removed|moved|change|before|after|version \d|step|flow|owner|major|"
    r"enough|working tree|SOPs?|time_limit|Moved|revisions entry)\b"
)


def _chrome(report: str) -> str:
    """A report without the YAML of its revisions entry, where English keys belong."""
    report = re.sub(r"```yaml\n.*?```", "", report, flags=re.S)
    return re.sub(r"<pre>.*?</pre>", "", report, flags=re.S)


def test_the_text_report_in_chinese(make: Make) -> None:
    repo = make(ZH)
    _pull_request(repo)
    assert repo.diff().stdout == ZH_TEXT
    assert repo.diff("--lang", "en").stdout == EN_TEXT


def test_the_markdown_report_in_chinese(make: Make) -> None:
    repo = make(ZH)
    _pull_request(repo)
    markdown = repo.diff("--format", "markdown").stdout
    lines = markdown.splitlines()
    assert lines[0] == "### 流程变更：变更 1 个、移动 1 个、新增 0 个、删除 0 个（HEAD → 工作区）"
    assert "#### CS-001 客户投诉处理流程（变更）" in lines
    assert "#### FIN-003 退款流程（移动）" in lines
    assert "| | 变更项 | 修改前 | 修改后 |" in lines
    assert "| ~ | 流程负责人 | cs-manager | complaint-lead |" in lines
    assert "| ~ | 步骤 reply「回复客户处理结果」时限（重大） | 3wd | 2wd |" in lines
    assert "| + | 流转 needs-refund → reply（不退款） | — | — |" in lines
    assert "**重大变更：版本 1.2 → 1.2 不够，请改为 2.0**" in lines
    assert "**仅移动了文件，流程未变（版本 1.0）**" in lines
    assert yaml_block(markdown)["revisions"][0]["version"] == "2.0"
    assert ENGLISH.search(_chrome(markdown)) is None, ENGLISH.findall(_chrome(markdown))
    nothing = _nothing(repo, "markdown")
    assert nothing.splitlines()[2] == "没有流程变更。"


def test_the_html_report_in_chinese(make: Make) -> None:
    repo = make(ZH)
    _pull_request(repo)
    page = repo.diff("--format", "html").stdout
    assert '<html lang="zh-CN">' in page
    assert (
        "<title>测试手册 · 变更 1 个、移动 1 个、新增 0 个、删除 0 个（HEAD → 工作区）</title>"
        in page
    )
    assert "<tr><th>变更项</th><th>修改前</th><th>修改后</th></tr>" in page
    assert '<small class="k-changed">变更</small>' in page
    assert "<tr><th>流程负责人</th><td>cs-manager</td><td>complaint-lead</td></tr>" in page
    assert "<p><strong>重大变更：版本 1.2 → 1.2 不够，请改为 2.0</strong></p>" in page
    assert f"<p>文件移动：{FIN_PATH} → {MOVED}</p>" in page
    assert "<pre>revisions:\n  - version: &#34;2.0&#34;" in page
    words = re.sub(r"<[^>]+>", " ", _chrome(page.split("</style>", 1)[1]))
    assert ENGLISH.search(words) is None, ENGLISH.findall(words)


def test_the_json_report_is_the_same_for_every_reader(make: Make) -> None:
    """JSON is for scripts: keys, `what`, `head` and the values never depend on the
    reader; its one sentence, the entry's `changes`, is in the manual's language."""
    repo = make(ZH)
    _pull_request(repo)
    data = repo.json()
    assert repo.json("--lang", "en") == data
    assert data["head"] == "working tree"
    cs = sop(data, "CS-001")
    assert [c["what"] for c in cs["changes"]][:3] == [
        "owner",
        "step survey",
        "step reply (回复客户处理结果): time_limit[重大]",
    ]
    assert cs["revision"]["changes"].startswith("流程负责人 cs-manager → complaint-lead；")
    assert (cs["needed"], cs["suggested_version"]) == ("major", "2.0")
    assert sop(data, "FIN-003")["kind"] == "changed"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_lang_en_on_a_chinese_project_is_the_english_report(make: Make, fmt: str) -> None:
    """`--lang en` on a zh-CN project reads exactly as the English report of a project
    whose sopc.yaml sets no language (a Chinese manual, an English reader): the
    report as it always was."""
    reports = []
    for config in (ZH, CONFIG):
        repo = make(config)
        _pull_request(repo)
        reports.append(repo.diff("--format", fmt, "--lang", "en").stdout)
    zh_en, plain = reports
    assert zh_en == plain
    if fmt == "text":
        assert zh_en == EN_TEXT
    if fmt in ("markdown", "html"):
        assert "major change: version 1.2 → 1.2 is not enough; make it 2.0" in zh_en
        assert "变更项" not in zh_en
        assert "流程负责人</th>" not in zh_en


def test_nothing_changed_in_both_languages(make: Make) -> None:
    repo = make(ZH)
    assert _nothing(repo, "text") == "没有流程变更（HEAD → HEAD）\n"
    assert repo.diff().stdout == "没有流程变更（HEAD → 工作区）\n"
    assert repo.diff("--lang", "en").stdout == "No SOP changed (HEAD → working tree)\n"


def test_sopc_lang_is_the_reader_when_the_project_sets_no_language(make: Make) -> None:
    repo = make(CONFIG)
    _owner(repo)
    chinese = run_sopc(
        "diff", "--today", TODAY, cwd=repo.root, env={**repo.env, "SOPC_LANG": "zh-CN"}
    )
    assert chinese.returncode == 0, chinese.stderr
    assert "  = 重大变更：版本 1.2 → 1.2 不够，请改为 2.0\n" in chinese.stdout
    english = make(EN)  # the language a sopc.yaml sets comes before SOPC_LANG
    _owner(english)
    run = run_sopc(
        "diff", "--today", TODAY, cwd=english.root, env={**english.env, "SOPC_LANG": "zh-CN"}
    )
    assert "  = major change: version 1.2 → 1.2 is not enough; make it 2.0\n" in run.stdout


# --- why diff cannot compare, in the reader's language -------------------------------------


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (("nope",), "找不到版本 'nope'：仓库中没有这个名称的提交", "unknown revision 'nope'"),
        (("--", "--output=x"), "'--output=x' 不能作为版本（以 - 开头，会被当成命令选项）",
         "'--output=x' is not a revision (it would be read as an option)"),
        ((CS_PATH, "HEAD"), "'HEAD'：版本要写在文件路径前面", "'HEAD': revisions come before paths"),
        (("HEAD", "HEAD", "HEAD"), "最多只能比较两个版本（BASE HEAD 或 BASE..HEAD）",
         "at most two revisions (BASE HEAD or BASE..HEAD)"),
    ],
)  # fmt: skip
def test_a_refused_diff_says_why_in_the_readers_language(
    make: Make, args: tuple[str, ...], chinese: str, english: str
) -> None:
    repo = make(ZH)
    for lang, expected in ((), chinese), (("--lang", "en"), english):
        run = repo.sopc("diff", *lang, *args)
        assert run.returncode == 2, run.stdout + run.stderr
        assert run.stdout == ""
        assert run.stderr.startswith("sopc: error: " + expected), run.stderr
        assert "Traceback" not in run.stderr


def test_outside_a_repository_in_chinese(project: Project, tmp_path: Path) -> None:
    root = project(config=ZH)
    run = run_sopc("diff", cwd=root, env=git_env(tmp_path))
    assert run.returncode == 2
    assert run.stderr.startswith(f"sopc: error: {root} 不在 git 仓库中，无法读取以前的版本（")
    assert "Traceback" not in run.stderr


def test_an_invalid_sopc_yaml_in_chinese(make: Make) -> None:
    repo = make(ZH)
    repo.write("sopc.yaml", ZH + "rules: {SOP999: loud}\n")
    run = repo.sopc("diff")
    assert run.returncode == 2
    assert "sopc.yaml 有错误，请先运行 `sopc check` 查看并修改" in run.stderr


# --- every place has a name in every language -----------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_compared_field_is_named_in_the_readers_language(language: str) -> None:
    """English names a place as JSON's `what` does; Chinese by the manual's labels, never
    by a model name."""
    t = translator(language)
    changes = [Change("CS-001", c, field=f, key=("重大",)) for f, c in SOP_FIELDS.items()]
    changes += [
        Change("CS-001", c, step="reply", field=f, key=("重大",), title="回复客户处理结果")
        for f, c in STEP_FIELDS.items()
    ]
    changes += [
        Change("CS-001", "flow", Kind.STEP_ADDED, step="survey", new="回访客户"),
        Change("CS-001", "flow", Kind.STEP_ORDER, old="a → b", new="b → a"),
        Change("CS-001", "flow", Kind.FLOW_ADDED, new="", edge=Edge("a", "b", True, "是")),
        Change("CS-001", "flow", Kind.FLOW_REMOVED, old="", edge=Edge("a", "end")),
    ]
    for change in changes:
        named = place(change, t)
        if language == "en":
            expected = "revisions" if change.field == "revisions" else change.what
            assert named == expected
        else:
            assert not re.search(r"[a-z]{2}", named.replace("reply", "").replace("survey", "")
                                 .replace("end", "")), named  # fmt: skip


def test_a_revisions_place_names_the_record_not_the_version() -> None:
    before = parse_sop_file(Path(CS_PATH), CS_PATH, BASE_SOP).sop
    after = parse_sop_file(
        Path(CS_PATH), CS_PATH, BASE_SOP.replace("revisions:\n", "revisions:\n" + ADDED)
    ).sop
    assert before is not None
    assert after is not None
    (change,) = compare(before, after)
    assert change.what == "revisions[1.3]"
    assert place(change, translator("en")) == "revisions"
    assert place(change, translator("zh-CN")) == "修订记录"
