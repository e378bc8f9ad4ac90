"""SOP301–SOP304 in Chinese: the flow of steps (sopc/rules/flow.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP301": """从流程起点出发，没有任何路径能到达这个步骤。

    流程从第一个步骤开始，按 `next`、判断的分支和步骤在列表中的先后顺序往下走。没有任何步骤通向的步骤永远不会被执行：可能是某个 `next` 跳过了它，或是缺了一个本应通向它的分支。

    错误示例：

        - {id: receive, title: 接收投诉, next: reply}
        - {id: classify, title: 判定严重程度}     # 被跳过
        - {id: reply, title: 回复客户}

    正确做法：让 `receive` 接着走到 `classify`（去掉 `next`），或删除 `classify`。
    """,
    "SOP302": """从这个步骤出发，没有任何路径能走到结束（或转入其他 SOP）。

    每个步骤都必须能把流程走完：到达 `end`，或转入另一个 SOP。如果一个步骤的每条路径都陷进一个出不去的循环（SOP303），流程就永远结束不了。去向只有不存在的步骤的，交由 SOP203 报告。

    错误示例：

        - {id: review, title: 复核方案, next: revise}
        - {id: revise, title: 修改方案, next: review}   # 没有出口的循环
        - {id: notify, title: 通知客户}

    正确做法：在循环中加一个判断，让其中一个分支离开循环。
    """,
    "SOP303": """几个步骤构成了一个出不去的循环。

    返工循环本身没有问题，只要循环中有某个步骤能离开它（一个判断分支，或一个通向循环外的 `next`）。没有出口的循环会无休止地转下去。每个循环只报告一次，报在它的第一个步骤上，并列出循环中的步骤。

    错误示例：

        - {id: check, title: 检查资料, next: fix}
        - {id: fix, title: 补正资料, next: check}

    正确示例：

        - id: check
          title: 检查资料
          decision: 资料是否齐全？
          branches: [{when: 是, next: approve}, {when: 否, next: fix}]
        - {id: fix, title: 补正资料, next: check}
    """,
    "SOP304": """判断步骤写得不完整或自相矛盾。

    判断步骤提出一个问题（`decision`），再按回答分流（`branches`，每个分支有一个 `when` 标签和一个 `next`）。两者缺一不可，而且至少要有两个分支，每个分支都有标签，标签不能重复；判断步骤上再写 `next` 是自相矛盾的（去向由分支决定）。

    错误示例：

        - id: approve
          title: 审批方案
          decision: 是否批准？
          branches:
            - {when: 批准, next: execute}

    正确做法：加上 `{when: 退回, next: revise}`。
    """,
}
