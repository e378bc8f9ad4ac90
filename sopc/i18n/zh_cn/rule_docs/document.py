"""SOP101–SOP109 in Chinese: document control (sopc/rules/document.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP101": """两个 SOP 使用了同一个 id。

    SOP 之间靠 id 互相引用（`sop:ID`），`sopc diff` 也靠 id 在文件改名后认出同一个 SOP，所以项目内每个 id 都必须唯一。使用该 id 的每个文件都会被报告，并列出其他几个文件。

    错误示例：

        # sops/CS-001-complaints.sop.yaml       # sops/CS-001-returns.sop.yaml
        id: CS-001                               id: CS-001

    正确做法：给第二个 SOP 另起一个 id，如 `CS-002`。
    """,
    "SOP102": """SOP 的 id 不符合项目的 `id_pattern`。

    统一的编号规则（如 `CS-001`：部门代码加序号）让手册便于查找；`sopc.yaml` 中的 `id_pattern` 用正则表达式写明这条规则。没有设置 `id_pattern` 时，这条规则不做检查。

    错误示例（设置了 `id_pattern: '^[A-Z]{2,5}-\\d{3}$'` 时）：

        id: complaint-handling

    正确示例：

        id: CS-001
    """,
    "SOP103": """文件名不是以 SOP 的 id 开头。

    大家在文件夹、git 和评审工具里都按 id 找 SOP；以 id 命名的文件（`CS-001-complaint-handling.sop.yaml`）一眼就能找到。id 后面必须紧跟文件后缀或分隔符（`-`、`_`、`.`），所以 `CS-0012.sop.yaml` 不能算作 `CS-001` 的文件。

    错误示例：`complaints.sop.yaml` 中写的是 `id: CS-001`。

    正确示例：`CS-001-complaints.sop.yaml` 或 `CS-001.sop.yaml`。
    """,
    "SOP104": """`revisions` 中没有当前版本的记录。

    修订记录告诉读者，他们手中的这一版改了什么。SOP 发布的每个版本都要有一条记录，最新的写在最前面。使用 `check --base REV` 时，自 REV 以来版本号变了却没有记录的，只作为 SOP502 报告一次（这是错误：需要记录的正是这次改动）；此时本规则不再对它报告，除非在 `sopc.yaml` 中关闭了 SOP502。

    错误示例：

        version: "1.3"
        revisions:
          - {version: "1.2", date: 2026-02-25, changes: 增加赔偿判断}

    正确做法：在最前面加上 `{version: "1.3", date: …, changes: …}`。
    """,
    "SOP105": """已批准或已生效的 SOP 缺少审批记录，或已生效的 SOP 缺少生效日期。

    受控文件要先签批后使用：状态为 `approved` 或 `effective` 时，`approval.approver` 中必须写明批准人的姓名和日期；`effective` 还必须有 `effective_date`。

    错误示例：

        status: effective
        approval: {author: {name: 张伟, date: 2026-02-10}}

    正确示例：

        status: effective
        effective_date: 2026-03-01
        approval:
          author:   {name: 张伟, date: 2026-02-10}
          approver: {name: 王强, date: 2026-02-25}
    """,
    "SOP106": """文件控制中的日期先后顺序不对，或修订记录没有按最新在前排列。

    先编制，再审核，再批准，然后生效：编制日期 ≤ 审核日期 ≤ 批准日期 ≤ 生效日期。修订记录按日期和版本号，把最新的版本排在最前面。批准日期早于当前版本修订日期的情况，由 SOP109 报告。

    错误示例：

        approval:
          reviewer: {name: 李娜, date: 2026-02-20}
          approver: {name: 王强, date: 2026-02-18}

    正确做法：批准日期不早于审核日期。
    """,
    "SOP107": """下次定期复审的日期已经过了。

    已批准和已生效的 SOP 要定期复审（`review: {interval: 6mo, last: DATE}` 或 `{next: DATE}`）；过了复审期的 SOP 可能已经与实际做法不符。用 `--today DATE` 指定“今天”的日期，持续集成（CI）中每次检查的结果就能一致。

    错误示例（今天是 2026-11-20）：

        review: {interval: 6mo, last: 2026-03-01}    # 应于 2026-09-01 复审

    正确做法：完成复审并记下日期：`last: 2026-11-18`。
    """,
    "SOP108": """引用或转入了一个已废止的 SOP。

    已废止的 SOP 不再执行：转入它的流程、让读者去查它的引用，都走不通。请改为指向取代它的 SOP。

    错误示例（FIN-003 为 `status: retired`）：

        - {when: 是, next: "sop:FIN-003"}

    正确示例：

        - {when: 是, next: "sop:FIN-004"}
    """,
    "SOP109": """已批准或已生效的 SOP，其批准日期早于当前版本的修订日期。

    审批针对的是某一个版本：批准签字的日期早于修订记录中当前版本那一条的日期，说明批准的可能是更早的文本，正在使用的这一版可能没有经过批准。修订日期写这一版起草的日期，批准日期写签字的日期（同一天或更晚）。这条规则独立于 SOP106：几个签字日期之间的先后可能都没有问题，要做的也不是改正笔误，而是重新审批（在此之前把状态设为 `review`）。它默认是警告而不是错误，因为单凭日期无法证明这一版没有批准：有些单位把修订记录的日期写成生效日期，也就是批准之后的日子。修订记录写起草日期的单位，可以把它设为错误（`rules: {approval-outdated: error}`）。当前版本还没有修订记录（SOP104、SOP502）、批准人没有写日期（SOP105），或批准日期已经与编制、审核日期顺序不对（SOP106：一个写错的日期，只报告一次）时，本规则不报告。

    错误示例：

        version: "1.3"
        status: effective
        effective_date: 2026-11-16
        approval:
          approver: {name: 王强, date: 2026-02-25}    # 批准的是 1.2 版
        revisions:
          - {version: "1.3", date: 2026-11-10, changes: 回访时限改为 2 个工作日}

    正确做法：1.3 版修订之后再批准，`approver: {name: 王强, date: 2026-11-12}`。
    """,
}
