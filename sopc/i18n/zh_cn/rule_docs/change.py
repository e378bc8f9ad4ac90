"""SOP501–SOP504 in Chinese: versions and the revision record against a base revision
(sopc/rules/change.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP501": """与对比基准相比，流程内容有改动，但版本号没有变。

    手里拿着 2.1 版的读者，必须能相信手里的就是 2.1 版。只改动文件控制信息（状态、审批、复审日期、修订记录）不需要新版本；其他任何改动都需要。检查结果会列出最先发现的几处改动，以及按版本规则建议的版本号。

    错误示例（与 `--base origin/main` 对比，那里的 CS-001 是 2.1 版）：

        version: "2.1"
        owner: complaint-lead      # 原为 cs-manager

    正确示例：

        version: "3.0"
        owner: complaint-lead
    """,
    "SOP502": """与对比基准相比，版本号变了，但 `revisions` 中没有这个版本的记录。

    修订记录就是文件的历史：每个版本都写明何时发布、改了什么。`sopc diff` 会给出一条可以直接粘贴的记录。缺少这条记录只报告这一次：SOP104（revision-missing，不需要 `--base` 的那个警告）在本规则报告时不再报告，因为本规则更具体（它知道版本号变了），而且会让 CI 失败。

    错误示例：`version: "2.2"`，而 `revisions` 的第一条是 `- {version: "2.1", …}`。

    正确示例：

        revisions:
          - {version: "2.2", date: 2026-11-20, changes: 回访时限改为 2 个工作日}
          - {version: "2.1", date: 2026-07-01, changes: …}
    """,
    "SOP503": """版本号比对比基准中的低。

    版本号只能往上升：号码变小，会让较新的流程看起来比已经在用的副本还旧。

    错误示例：对比基准中是 `"2.0"`，现在却是 `version: "1.9"`。
    """,
    "SOP504": """版本号升了，但升得不够。

    `sopc.yaml` 中的 `policy.major_changes`（默认为 flow、roles、time）列出需要升主版本号的改动：增加、删除步骤或调整步骤顺序，更换流程负责人或执行岗位，修改时限或时限要求；`policy.patch_changes`（默认为空）列出只需升修订号的改动。其他改动至少要升次版本号。

    错误示例：删除了一个步骤，版本却只从 `2.1` 升到 `2.2`。

    正确示例：`2.1` → `3.0`。
    """,
}
