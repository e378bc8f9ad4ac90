"""SOP305–SOP309 in Chinese: deadlines, time limits, cases and exceptions
(sopc/rules/time.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP305": """最坏情况下的路径超出了时限要求。

    对每项时限要求和每个情形取值，sopc 找出从 `from` 到 `to`、不重复经过任何步骤的最长路径（并行分支和判断取最长的那个分支；退回返工的部分不计入，那是 SOP309 检查的；转入其他 SOP 即离开本流程），再把路径上各步骤的时限相加。写了 `rework: include` 的时限要求，还会把每个返工循环多走的一轮计算在内。工作时间（wh、wd）和日历时间（m、h、d）按项目的工作日历换算，换算时总按对 SOP 不利的一方取值：周五开始的 1 个工作日，要到周一才算结束。检查结果会写明情形、路径，以及总耗时与时限的对比（详见 docs/time.md）。

    错误示例（重大投诉仅审批一步最长就要 5 个工作日）：

        deadlines: [{name: 闭环, from: receive, to: end, within: 7d}]
        steps:
          - {id: approve, title: 审批方案, time_limit: {一般: 2wd, 严重: 3wd, 重大: 5wd}}
          - {id: execute, title: 执行方案, time_limit: 1wd}
          - {id: survey, title: 回访客户, time_limit: 3wd}

    正确做法：缩短步骤时限，或定一个流程做得到的时限（`within: 15d`）。
    """,
    "SOP306": """时限要求覆盖的路径上，有步骤没有设定时限。

    只有路径上的步骤都设了时限，时限要求才能检查；没有 `time_limit` 的步骤按不花时间计算，会让时限要求显得比实际更容易达到。判断步骤没有时限时按不花时间处理，不会报告。

    错误示例：

        deadlines: [{name: 首次响应, to: classify, within: 4h}]
        steps:
          - {id: receive, title: 接收投诉}          # 没有 time_limit
          - {id: classify, title: 判定严重程度, time_limit: 30m}

    正确做法：给 `receive` 加上 `time_limit: 10m`。
    """,
    "SOP307": """按情形分别设定的时长漏了某个情形取值，或写了一个不存在的取值。

    设定了 `cases: {name: 严重程度, values: [一般, 严重, 重大]}` 后，按情形分别写的 `time_limit` 或时限要求的 `within`，要为每个取值各给一个时长：一个不漏，也不多写。没有 `cases` 时，按情形分别写的时长无从对应。

    错误示例：

        time_limit: {一般: 1wd, 重大: 3wd}            # 缺少“严重”

    正确示例：

        time_limit: {一般: 1wd, 严重: 2wd, 重大: 3wd}
    """,
    "SOP308": """异常情况缺少处理措施（`action`）或处理岗位（`role`）。

    异常情况只有写明做什么、由谁来做，才算是预案；只写一句“客户拒绝方案”，什么也没告诉别人。

    错误示例：

        exceptions:
          - {id: rejects, when: 客户拒绝解决方案, escalate_to: ops-director}

    正确示例：

        exceptions:
          - id: rejects
            when: 客户拒绝解决方案
            action: 升级至运营总监协调
            role: cs-manager
            escalate_to: ops-director
    """,
    "SOP309": """第一遍能按时完成，但返工一轮就会超出时限要求。

    SOP305 判断的是第一遍，即工作没有被退回时的走法。当判断把工作退回（审核 → 修改 → 审核）时，时限要求也要经得起这一轮返工。返工循环是经过一个判断、回到已经走过的步骤的路线；返工一轮，就是从工作退回到的那个步骤起，到把它退回的那个步骤止，把循环走一遍，然后流程继续往下走。对第一遍能满足的每项时限要求和每个情形取值，sopc 找出每个返工循环各走一轮之后的最坏路径，超出时限时报告这条路径和总耗时。写了 `rework: include` 的时限要求，这一轮改由 SOP305 计算，本规则不再报告（详见 docs/time.md）。

    错误示例（第一遍需要 10 个工作日，返工修改一轮后需要 15 个工作日）：

        deadlines: [{name: 审批, to: end, within: 12wd}]
        steps:
          - {id: draft, title: 起草方案, time_limit: 4wd}
          - id: review
            title: 审核方案
            time_limit: 2wd
            decision: 是否通过？
            branches: [{when: 通过, next: publish}, {when: 退回, next: revise}]
          - {id: revise, title: 修改方案, time_limit: 3wd, next: review}
          - {id: publish, title: 发布方案, time_limit: 4wd}

    正确做法：设定一个容得下一轮修改的时限（`within: 15wd`）；或者，时限必须把返工也算进去时，写上 `rework: include`（那时超出时限就是 SOP305 错误）。
    """,
}
