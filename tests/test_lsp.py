"""`sopc lsp` driven over stdio as an editor drives it (tests/lsp_client.py): the
findings of unsaved text at UTF-16 ranges, hover, completion, definition, references
and quick fixes, on real projects in temporary folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BASE_SOP, CONFIG, CS_PATH, FIN_PATH, Project
from tests.lsp_client import Client, position, utf16

ZH_CONFIG = CONFIG + "language: zh-CN\n"
EXT_B = "𠀀𠀁𠀂"  # CJK Extension B: two UTF-16 units each
# the purpose line in Extension B, and a step whose role is misspelt after more of it
SOP = BASE_SOP.replace(
    "purpose: 规范客户投诉处理。", f"purpose: {EXT_B}规范客户投诉处理。"
).replace(
    "    title: 回复客户处理结果\n    role: complaint-lead",
    f"    title: 回复{EXT_B}客户\n    role: complaint-lead",
)
BROKEN = SOP.replace(
    "  - id: receive\n    title: 接收并登记投诉\n    role: cs-agent\n"
    '    outputs: ["form:complaint-register"]\n    time_limit: 10m\n',
    f"  - {{id: receive, title: {EXT_B}接收并登记投诉, role: cs-agnet,\n"
    '     outputs: ["form:complaint-register"], time_limit: 10m}\n',
)


@pytest.fixture
def zh(project: Project) -> Path:
    return project({CS_PATH: SOP}, config=ZH_CONFIG)


@pytest.fixture
def client(zh: Path) -> Iterator[Client]:
    found = Client(zh)
    yield found
    found.close()


def codes(diagnostics: list[dict[str, Any]]) -> list[str]:
    return sorted(d["code"] for d in diagnostics)


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """`text` with LSP text edits applied (UTF-16 positions), last first."""
    lines = text.split("\n")

    def offset(place: dict[str, int]) -> int:
        before = sum(len(line) + 1 for line in lines[: place["line"]])
        line, units, index = lines[place["line"]], 0, 0
        while units < place["character"]:
            units += utf16(line[index])
            index += 1
        return before + index

    ordered = sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True)
    for edit in ordered:
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def test_an_unknown_role_after_extension_b_text_is_found_at_its_utf16_range(
    client: Client, zh: Path
) -> None:
    path = zh / CS_PATH
    client.open(path, BROKEN)
    found = client.diagnostics(path)
    assert codes(found) == ["SOP201"]
    role = found[0]
    start = position(BROKEN, "cs-agnet")
    assert role["range"] == {
        "start": start,
        "end": {"line": start["line"], "character": start["character"] + len("cs-agnet")},
    }
    line = BROKEN.split("\n")[start["line"]]
    assert start["character"] == line.index("cs-agnet") + len(EXT_B)  # one more unit each
    assert role["severity"] == 1
    assert role["source"] == "sopc"
    assert role["message"] == "未知岗位 'cs-agnet'（是否想写 'cs-agent'？）"
    page = Path(role["codeDescription"]["href"].removeprefix("file://"))
    assert page.read_text(encoding="utf-8").startswith("SOP201 unknown-role")

    client.change(path, SOP)  # the fix, still unsaved
    assert client.diagnostics(path) == []
    assert path.read_text(encoding="utf-8") == SOP  # nothing written to sources


def test_hover_on_a_role_a_form_an_sop_a_duration_and_a_rule_code(client: Client, zh: Path) -> None:
    path = zh / CS_PATH
    text = SOP.replace("    time_limit: 10m\n", "    time_limit: 10m  # sopc: ignore SOP401\n")
    client.open(path, text)
    client.diagnostics(path)

    def hover(needle: str, occurrence: int = 1) -> str:
        answer = client.at("textDocument/hover", path, position(text, needle, occurrence))
        assert answer is not None, needle
        value: str = answer["contents"]["value"]
        return value

    assert hover("cs-agent").startswith("**客服专员** `cs-agent` · 岗位")
    assert "部门：客服部" in hover("cs-agent")
    assert "客户投诉登记表" in hover("complaint-register")
    assert "保存期限：3年" in hover("complaint-register")
    fin = hover("FIN-003")
    assert "**退款流程** `FIN-003` · 流程" in fin
    assert "状态：草稿" in fin
    assert "定义于 `sops/FIN-003-refund.sop.yaml`" in fin
    assert hover("1wd") == "**1 个工作日**\n\n工作时间共 8 小时；按项目日历最长 3 天"
    assert hover("10m") == "**10 分钟**\n\n日历时间；最多相当于 10 分钟工作时间"
    assert hover("SOP401").startswith("SOP401 ")
    assert "complaint-lead" in hover("complaint-lead")


def test_completion_offers_roles_steps_forms_sops_and_statuses_with_their_names(
    client: Client, zh: Path
) -> None:
    path = zh / CS_PATH
    text = SOP.replace("    role: cs-manager\n    decision:", "    role: cs-\n    decision:")
    text = text.replace('outputs: ["form:survey-record"]', 'outputs: ["form:"]')
    text = text.replace("    steps: [reply]", "    steps: [rep")  # the YAML is broken now
    client.open(path, SOP)
    assert client.diagnostics(path) == []
    client.change(path, text)

    def labels(needle: str, after: str) -> dict[str, str]:
        place = position(text, needle)
        place["character"] += utf16(after)
        answer = client.at("textDocument/completion", path, place)
        return {item["label"]: item.get("detail", "") for item in answer["items"]}

    roles = labels("role: cs-\n", "role: cs-")
    assert roles["cs-agent"] == "客服专员 · 客服部"
    assert roles["complaint-lead"] == "投诉专员 · 客服部"  # the SOP's own
    assert labels('["form:"]', '["form:') == {
        "complaint-register": "客户投诉登记表",
        "survey-record": "回访记录表",
    }
    steps = labels("steps: [rep", "steps: [rep")
    assert steps["reply"] == f"回复{EXT_B}客户"
    assert "end" not in steps  # an exception arises at steps, it does not end there
    sops = labels('next: "sop:FIN-003"', 'next: "sop:')
    assert sops == {"CS-001": "客户投诉处理流程", "FIN-003": "退款流程"}
    statuses = labels("status: effective", "status: ")
    assert statuses["effective"] == "生效"
    assert list(statuses) == ["draft", "review", "approved", "effective", "retired"]


def test_definition_of_a_role_a_step_a_form_and_an_sop(client: Client, zh: Path) -> None:
    path = zh / CS_PATH
    client.open(path, SOP)

    def target(needle: str, occurrence: int = 1) -> tuple[str, int]:
        answer = client.at("textDocument/definition", path, position(SOP, needle, occurrence))
        assert answer is not None, needle
        return answer["uri"].rsplit("/", 1)[-1], answer["range"]["start"]["line"]

    config = (zh / "sopc.yaml").read_text(encoding="utf-8")
    assert target("cs-agent") == ("sopc.yaml", position(config, "cs-agent:")["line"])
    assert target("reply", 1) == (Path(CS_PATH).name, position(SOP, "id: reply")["line"])
    assert target("complaint-register") == (
        "sopc.yaml",
        position(config, "complaint-register")["line"],
    )
    assert target("FIN-003") == (Path(FIN_PATH).name, 0)
    assert target("survey-record") == (Path(CS_PATH).name, position(SOP, "survey-record:")["line"])


def test_references_of_a_role_span_the_project(client: Client, zh: Path) -> None:
    path = zh / CS_PATH
    client.open(path, SOP)
    place = position(SOP, "cs-agent")
    answer = client.at("textDocument/references", path, place, context={"includeDeclaration": True})
    found = sorted((a["uri"].rsplit("/", 1)[-1], a["range"]["start"]["line"]) for a in answer)
    fin = (zh / FIN_PATH).read_text(encoding="utf-8")
    config = (zh / "sopc.yaml").read_text(encoding="utf-8")
    assert found == sorted(
        [
            (Path(CS_PATH).name, position(SOP, "role: cs-agent")["line"]),
            (Path(FIN_PATH).name, position(fin, "cs-agent")["line"]),
            ("sopc.yaml", position(config, "cs-agent")["line"]),
        ]
    )
    without = client.at(
        "textDocument/references", path, place, context={"includeDeclaration": False}
    )
    assert len(without) == 2


def quick_fixes(client: Client, path: Path, diagnostic: dict[str, Any]) -> list[dict[str, Any]]:
    params = {
        "textDocument": {"uri": client.uri(path)},
        "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]},
    }
    answer: list[dict[str, Any]] = client.request("textDocument/codeAction", params)
    return answer


def test_quick_fixes_ignore_the_code_or_take_the_suggestion(client: Client, zh: Path) -> None:
    path = zh / CS_PATH
    client.open(path, BROKEN)
    [found] = client.diagnostics(path)
    fixes = {fix["title"]: fix for fix in quick_fixes(client, path, found)}
    assert set(fixes) == {"改为“cs-agent”", "在本行忽略 SOP201"}
    assert fixes["改为“cs-agent”"]["isPreferred"] is True

    edits = fixes["在本行忽略 SOP201"]["edit"]["changes"][client.uri(path)]
    ignored = apply(BROKEN, edits)
    assert "role: cs-agnet,  # sopc: ignore SOP201\n" in ignored
    client.change(path, ignored)
    assert client.diagnostics(path) == []

    client.change(path, BROKEN)
    client.diagnostics(path)
    taken = apply(BROKEN, fixes["改为“cs-agent”"]["edit"]["changes"][client.uri(path)])
    assert "role: cs-agent," in taken
    client.change(path, taken)
    assert client.diagnostics(path) == []


def test_the_missing_revisions_entry_is_added_first_and_dated_today(
    client: Client, zh: Path
) -> None:
    path = zh / CS_PATH
    text = SOP.replace('version: "1.2"\nstatus', 'version: "1.3"\nstatus')
    client.open(path, text)
    found = [d for d in client.diagnostics(path) if d["code"] == "SOP104"]
    [fix] = [f for f in quick_fixes(client, path, found[0]) if "修订记录" in f["title"]]
    assert fix["title"] == "添加版本 1.3 的修订记录"
    added = apply(text, fix["edit"]["changes"][client.uri(path)])
    first = added.split("revisions:\n", 1)[1].split("\n", 1)[0]
    assert first.startswith('  - {version: "1.3", date: 20')
    client.change(path, added)
    assert "SOP104" not in codes(client.diagnostics(path))


def test_a_role_removed_from_unsaved_sopc_yaml_shows_on_the_open_sop(
    client: Client, zh: Path
) -> None:
    sop, config = zh / CS_PATH, zh / "sopc.yaml"
    client.open(sop, SOP)
    assert client.diagnostics(sop) == []
    text = config.read_text(encoding="utf-8")
    client.open(config, text)
    client.change(
        config, text.replace("  ops-director: {name: 运营总监, department: 运营部}\n", "")
    )
    found = client.diagnostics(sop)
    assert codes(found) == ["SOP201"]
    assert found[0]["range"]["start"] == position(SOP, "ops-director")


def test_a_file_changed_on_disk_refreshes_the_open_sops(client: Client, zh: Path) -> None:
    sop = zh / CS_PATH
    client.open(sop, SOP)
    assert client.diagnostics(sop) == []
    fin = zh / FIN_PATH
    fin.write_text(fin.read_text(encoding="utf-8").replace("FIN-003", "FIN-004"), encoding="utf-8")
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": fin.as_uri(), "type": 2}]}
    )
    assert codes(client.diagnostics(sop)) == ["SOP206", "SOP206"]


def test_a_client_that_pulls_gets_no_pushes_and_its_pulls_answered(project: Project) -> None:
    root = project({CS_PATH: BROKEN}, config=ZH_CONFIG)
    capabilities = {
        "textDocument": {"diagnostic": {"dynamicRegistration": False}},
        "workspace": {"diagnostics": {"refreshSupport": True}},
    }
    client = Client(root, capabilities)
    try:
        path = root / CS_PATH
        client.open(path, BROKEN)
        answer = client.request(
            "textDocument/diagnostic", {"textDocument": {"uri": client.uri(path)}}
        )
        assert answer["kind"] == "full"
        assert codes(answer["items"]) == ["SOP201"]
        client.change(path, SOP)
        answer = client.request(
            "textDocument/diagnostic", {"textDocument": {"uri": client.uri(path)}}
        )
        assert answer["items"] == []
        assert client.notes.empty()  # nothing was pushed
    finally:
        client.close()


def test_a_client_counting_utf8_gets_utf8_columns(project: Project) -> None:
    root = project({CS_PATH: BROKEN}, config=ZH_CONFIG)
    client = Client(root, {"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    try:
        assert client.initialized["capabilities"]["positionEncoding"] == "utf-8"
        path = root / CS_PATH
        client.open(path, BROKEN)
        [found] = client.diagnostics(path)
        line = BROKEN.split("\n")[found["range"]["start"]["line"]]
        prefix = line[: line.index("cs-agnet")]
        assert found["range"]["start"]["character"] == len(prefix.encode("utf-8"))
    finally:
        client.close()


def test_lang_chooses_the_messages_language_and_stdio_is_accepted(project: Project) -> None:
    """VS Code's client adds `--stdio`; `--lang` speaks over the project's language."""
    root = project({CS_PATH: BROKEN})  # a project without `language:`: English
    for args, said in (
        ((), "unknown role 'cs-agnet'"),
        (("--lang", "zh-CN", "--stdio"), "未知岗位"),
    ):
        client = Client(root, args=args)
        try:
            client.open(root / CS_PATH, BROKEN)
            [found] = client.diagnostics(root / CS_PATH)
            assert said in found["message"]
        finally:
            client.close()


def test_vscode_s_protocol_library_pulls_the_findings(zh: Path, tmp_path: Path) -> None:
    """The client side of VS Code (vscode-languageserver-protocol, pinned in
    tests/node) speaks to the server: pull diagnostics, quick fixes, hover."""
    import json
    import subprocess
    import sys

    broken, fixed = zh / CS_PATH, tmp_path / "fixed.sop.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    fixed.write_text(SOP, encoding="utf-8")
    script = Path(__file__).parent / "node" / "lsp.mjs"
    sopc = str(Path(sys.executable).with_name("sopc"))
    done = subprocess.run(
        ["node", str(script), sopc, str(zh), str(broken), str(fixed)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["capabilities"]["diagnosticProvider"]["interFileDependencies"] is True
    assert answer["before"]["kind"] == "full"
    assert codes(answer["before"]["items"]) == ["SOP201"]
    assert answer["before"]["items"][0]["range"]["start"] == position(BROKEN, "cs-agnet")
    assert answer["actions"] == ["改为“cs-agent”", "在本行忽略 SOP201"]
    assert answer["hover"] == "本项目没有定义 `cs-agnet`。"
    assert answer["after"]["items"] == []
    assert answer["pushed"] == 0  # a client that pulls is never pushed to
