"""语言服务器（`sopc lsp`，sopc/lsp/）的简体中文文字：编辑器里的悬停提示、补全和快速修复。"""

LABELS: dict[str, str] = {
    # -- 悬停：名称指的是什么 ----------------------------------------------------------------
    "lsp.role": "岗位",
    "lsp.form": "表单",
    "lsp.step": "步骤",
    "lsp.sop": "流程",
    "lsp.department": "部门：{department}",
    "lsp.performed_by": "执行岗位：{role}",
    "lsp.status": "状态：{status}",
    "lsp.version": "版本：{version}",
    "lsp.retention": "保存期限：{retention}",
    "lsp.defined_in": "定义于 {file}",
    "lsp.undefined": "本项目没有定义 {word}。",
    # -- 悬停：时长的文字说法与工作时间 ------------------------------------------------------
    "lsp.working_time": "工作时间共 {hours}；按项目日历最长 {days}",
    "lsp.calendar_time": "日历时间；最多相当于 {hours}工作时间",
    "lsp.per_case": "{case}：{words}",
    # -- 快速修复 ----------------------------------------------------------------------------
    "lsp.ignore_line": "在本行忽略 {code}",
    "lsp.add_revision": "添加版本 {version} 的修订记录",
    "lsp.replace": "改为“{word}”",
    # -- 补全：取值的含义 --------------------------------------------------------------------
    "lsp.level_off": "关闭",
    "lsp.end": "流程结束",
}
