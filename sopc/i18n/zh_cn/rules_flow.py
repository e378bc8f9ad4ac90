"""Simplified Chinese messages of the rules on the flow and on time (SOP3xx), and the
working calendar's notes."""

LABELS: dict[str, str] = {
    # -- SOP301–SOP304: the flow ---------------------------------------------------------
    "flow.unreachable": (
        "从流程开始没有任何路径能到达步骤 {step!r}（{title}），这一步永远不会被执行："
        "请检查前面的 next 是否跳过了它，或补上通向它的分支"
    ),
    "flow.dead_end": (
        "从步骤 {step!r} 出发走不到结束，也无法转入其他流程{loop}：请检查它之后的 next 和分支"
    ),
    "flow.dead_end_loop": "（每条路径都会陷入 {step!r} 处的循环）",
    "flow.endless_loop": (
        "循环 {loop} 没有出口，永远走不到结束或转入其他流程："
        "请在循环中设一个决策，用一个分支离开循环"
    ),
    "flow.branches_without_decision": (
        "写了 branches（分支）却没有 decision（要判断的问题）：请补上 decision，例如“是否批准？”"
    ),
    "flow.decision_without_branches": (
        "决策步骤需要 branches（分支）：请写明每个答案（when）接下来走向哪一步（next）"
    ),
    "flow.too_few_branches": "决策至少需要两个分支，{step!r} 只有 {count} 个",
    "flow.next_on_decision": "决策步骤不要写 next：流程走向由它的 branches（分支）决定",
    "flow.branch_without_when": "分支缺少 when（选择这个分支的答案，例如“是”）",
    "flow.repeated_branch_label": "分支答案 {when!r} 与第 {branch} 个分支重复",
    # -- SOP305, SOP309: deadlines ------------------------------------------------------
    "time.deadline_exceeded": (
        "{case}时限“{name}”（{limit}）会被超出：{path} 合计 {total}（{worst}）。"
        "请缩短这条路径上步骤的时限，或放宽该时限"
    ),
    "time.deadline_exceeded_rework": (
        "{case}返工一轮后，时限“{name}”（{limit}）会被超出：{path} 合计 {total}（{worst}）。"
        "请缩短这条路径上步骤的时限，或放宽该时限"
    ),
    "time.deadline_at_risk": (
        "{case}每个返工循环各走一轮时，时限“{name}”（{limit}）会被超出：{path} 合计 {total}"
        "（{worst}）。一次通过时不会超时；如果返工常见，请放宽该时限或缩短返工步骤的时限"
    ),
    "time.for_case": "{cases}为“{value}”时，",
    "time.worst_day": "最坏情况下 {days} 个自然日",
    "time.worst_days": "最坏情况下 {days} 个自然日",
    "time.worst_calendar": "最坏情况下 {amount}",
    "time.worst_working": "最坏情况下需要工作时间 {amount}",
    "time.sum": "{working} + {calendar}",
    "time.amount": "{head}{tail}",
    "time.working_days": "{n}个工作日",
    "time.days": "{n}天",
    "time.hours": "{n}小时",
    "time.minutes": "{n}分钟",
    "time.zero": "0",
    # -- SOP306–SOP308 ------------------------------------------------------------------
    "time.missing_time_limit": (
        "步骤 {step!r} 在时限“{name}”的路径上，却没有 time_limit（步骤时限）："
        "它会按不耗时计算，让时限显得比实际宽松，请补上时限"
    ),
    "time.cases_undefined": (
        "这里按情形分别写了时长，但本 SOP 没有定义 cases（情形）："
        "请在 SOP 中加上 cases，或只写一个时长"
    ),
    "time.case_missing": "没有给出{cases}为“{missing}”时的时长，请补上",
    "time.case_unknown": "{value!r} 不是{cases}的取值（可选：{known}）",
    "time.exception_no_action": (
        "异常情况 {exception!r} 没有写 action（处理措施）：请写明发生时怎么做"
    ),
    "time.exception_no_role": "异常情况 {exception!r} 没有写 role（负责岗位）：请写明由谁处理",
    "time.exception_no_action_or_role": (
        "异常情况 {exception!r} 没有写 action（处理措施）和 role（负责岗位）："
        "请写明怎么做、由谁处理"
    ),
    # -- the working calendar's notes ---------------------------------------------------
    "calendar.cn_past_data": (
        "holidays: cn 的法定节假日数据覆盖 {first}–{last} 年；"
        "{missing} 年的最坏情况暂按 {years} 年的假期估算。"
        "国务院公布新一年的放假安排后，请更新 sopc 所用的 chinesecalendar 组件"
    ),
    "calendar.cn_not_installed": (
        "没有安装 chinesecalendar 组件，holidays: cn 取不到法定节假日：请重新安装 sopc"
    ),
}
