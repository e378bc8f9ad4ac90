"""Simplified Chinese labels of the screen area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "chart_locate": "在流程图中查看",
    "chart_tools": "流程图视图",
    "chart_zoom_in": "放大",
    "chart_zoom_in_key": "放大（+）",
    "chart_zoom_out": "缩小",
    "chart_zoom_out_key": "缩小（−）",
    "chart_fit": "全图",
    "chart_fit_key": "显示全图（0）",
    "chart_actual": "1:1",
    "chart_actual_key": "原始大小 1:1（1）",
    "chart_full_screen": "全屏",
    "chart_leave_full_screen": "退出全屏",
    "chart_leave_full_screen_key": "退出全屏（Esc）",
    "chart_too_large": (
        "本流程步骤过多，无法画出清晰的流程图，因此不显示；拆分为几个流程后即可分别绘制"
    ),
    "chart_hint": (
        "拖动或方向键平移；Ctrl + 滚轮或 + − 缩放（点一下图后可直接用滚轮）；0 显示全图。"
    ),
    "chart_wheel_note": "按住 Ctrl 滚动滚轮即可缩放，或先点一下流程图",
}
