"""English labels of the screen area (see sopc/i18n/__init__.py)."""

LABELS: dict[str, str] = {
    "chart_locate": "Show in the flowchart",
    "chart_tools": "Flowchart view",
    "chart_zoom_in": "Zoom in",
    "chart_zoom_in_key": "Zoom in (+)",
    "chart_zoom_out": "Zoom out",
    "chart_zoom_out_key": "Zoom out (−)",
    "chart_fit": "Whole chart",
    "chart_fit_key": "Show the whole chart (0)",
    "chart_actual": "1:1",
    "chart_actual_key": "Actual size, 1:1 (1)",
    "chart_full_screen": "Full screen",
    "chart_leave_full_screen": "Leave full screen",
    "chart_leave_full_screen_key": "Leave full screen (Esc)",
    "chart_too_large": (
        "This procedure has more steps than a flowchart can show legibly, so it has none;"
        " split it into several procedures to draw each"
    ),
    "chart_hint": (
        "Drag or arrow keys to move; Ctrl + wheel or + − to zoom (the wheel alone once"
        " the chart is clicked); 0 for the whole chart."
    ),
    "chart_wheel_note": "Hold Ctrl and turn the wheel to zoom, or click the chart first",
}
