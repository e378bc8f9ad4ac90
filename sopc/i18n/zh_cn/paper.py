"""Simplified Chinese labels of the paper area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "flow_direction": "流程图方向",  # the SOP field, as `sopc diff` names it
    "legend": "图例",
    "legend_decision": "菱形：判断（步骤名称与判断问题）",
    "legend_control": "⚑ 红框：关键控制点",
    "legend_limit": "≤ 时限",
    "legend_exception": "橙色虚线：异常与升级",
    "legend_parallel": "黑条：并行分支与汇合",
    "legend_handoff": "箭头框：转至其他流程",
    "legend_connector": "圆圈字母：在另一页的同一字母处接续",
    "legend_sep": "；",
    "flowchart_part": "{caption}（第 {part} 部分，共 {parts} 部分）",
}
