"""SOP401–SOP403 in Chinese: how the procedure is written (sopc/rules/writing.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP401": """标题、质量标准、关键控制点或异常处理措施中有含糊的措辞。

    “尽快处理”“通知相关部门”这样的话既无法执行，也无法审核：请写明由谁做、多长时间内完成。检查范围：SOP 的标题，步骤的标题、质量标准和关键控制点，异常情况的处理措施。中文词语出现在文字中任何位置都算，英文词语按整词匹配，不区分大小写。内置词表为：尽快、及时、适当、相关部门、有关人员、视情况、必要时，以及 as soon as possible、ASAP、promptly、timely、appropriate、as needed、relevant department；在 `sopc.yaml` 的 `policy.vague_terms` 中可以增加（`add`）或去掉（`remove`）词语。

    错误示例：

        title: 尽快回复客户
        standard: 通知相关部门

    正确示例：

        title: 回复客户
        time_limit: 2h
        standard: 书面通知品控部和物流部
    """,
    "SOP402": """步骤缺少 `policy.step_requires` 要求的字段。

    一个步骤要能执行，就要写明由谁做（`role`）、要多长时间（`time_limit`）、产出什么（`outputs`）。每个步骤必须有哪些字段，由组织自己规定，写在 `sopc.yaml` 的 `policy.step_requires` 中（默认为 `[role]`）。判断步骤从不要求 `time_limit`。

    错误示例（设置了 `step_requires: [role, time_limit, outputs]` 时）：

        - {id: classify, title: 判定严重程度, role: cs-manager}

    正确示例：

        - {id: classify, title: 判定严重程度, role: cs-manager,
           time_limit: 30m, outputs: [投诉分级结论]}
    """,
    "SOP403": """SOP 没有 `purpose` 或没有 `scope`。

    读者首先要知道这个流程为什么而设、从哪里开始到哪里结束（目的、适用范围）；评审人也要据此衡量每个步骤。

    错误示例：SOP 一开头就直接是 `steps:`。

    正确示例：

        purpose: 规范客户投诉处理，4 小时内首次响应，10 天内闭环。
        scope: {start: 客户提交投诉, end: 投诉关闭并归档}
    """,
}
