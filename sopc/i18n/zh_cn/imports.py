"""`sopc import` 的简体中文消息：拒绝导入的文件、导入报告，以及某项内容为何保留或未能识别。"""

LABELS: dict[str, str] = {
    # -- 读取前即拒绝的文件 ----------------------------------------------------------------
    "import.no_file": "{path}：文件不存在",
    "import.bad_prefix": "--id-prefix {prefix}：生成的编号不合规（只能用字母、数字、. 和 -）",
    "import.unknown_type": "{path}：不是 Word（.docx）或 Excel（.xlsx）文件",
    "import.macros": "{path}：含宏的文件不予导入；请另存为不含宏的 .docx 或 .xlsx",
    "import.old_format": (
        "{path}：这是 Word 97-2003（.doc）或 Excel 97-2003（.xls）格式；"
        "请打开后另存为 .docx 或 .xlsx"
    ),
    "import.not_office": "{path}：不是 Word 或 Excel 文件（不是 Office Open XML 压缩包）",
    "import.too_big": "{path}：超过 {mb} MB，不像是一份 SOP",
    "import.bomb": "{path}：解压后超过 {mb} MB，按压缩炸弹拒绝",
    "import.too_long": "{path}：表 {table} 有 {rows} 行；一份 SOP 最多 {most} 个步骤，请拆分",
    "import.too_wide": "{path}：表 {table} 宽 {columns} 列；步骤表最多 {most} 列",
    "import.unreadable": "{path}：无法读取（{reason}）",
    "import.no_steps": "{path}：没有找到步骤表（含“步骤、操作说明、责任岗位、时限”等列的表格）",
    "import.header": "由 sopc import 从 {source} 导入；请核对内容后删除本行",
    # -- 导入报告 ----------------------------------------------------------------------------
    "import.sop": "{source} → {path}（{id}）",
    "import.sop_exists": "{source} → {path}（{id}）：文件已存在，没有覆盖",
    "import.sop_taken": (
        "{source}：项目中已有编号为 {id} 的流程（{path}），没有写入；"
        "请修改该文件，或为本文件另编编号"
    ),
    "import.sop_dry": "{source} → {path}（{id}）（试运行：未写入）",
    "import.counts": (
        "  已对应 {mapped} 项，保留在注意事项 {kept} 项，"
        "未能识别 {unknown} 项，自动补全 {assumed} 项"
    ),
    "import.status.mapped": "已对应",
    "import.status.kept": "已保留",
    "import.status.unknown": "未能识别",
    "import.status.assumed": "自动补全",
    "import.status.derived": "由步骤生成",
    "import.at_paragraph": "第 {paragraph} 段",
    "import.at_header": "页眉第 {paragraph} 段",
    "import.at_footer": "页脚第 {paragraph} 段",
    "import.at_cell": "表 {table} 第 {row} 行第 {column} 列",
    "import.at_row": "表 {table} 第 {row} 行",
    "import.at_table": "表 {table}",
    "import.at_sheet": "工作表 {sheet}，",
    "import.findings": "  检查：{findings}",
    "import.clean": "  检查：未发现问题",
    "import.refused": "拒绝导入：{reason}",
    "import.summary": "从 {files}导入 {sops}，拒绝 {refused} 个，用时 {seconds:.2f} 秒",
    # -- 保留或未能识别的原因 -------------------------------------------------------------------
    "import.why.unrecognised": "不属于 SOP 的任何部分",
    "import.why.row_without_title": "步骤行没有名称",
    "import.why.description": "操作说明（表格另有质量标准列）",
    "import.why.column": "sopc 不认识的列",
    "import.why.time_limit": "无法识别的时限",
    "import.why.repaired": "按最接近的可识别时限读取",
    "import.why.decision": "判断的去向不是表中的步骤",
    "import.why.flow": "流向不是表中的步骤",
    "import.why.step_name": "不是表中任何步骤的名称",
    "import.why.situation": "不是“若…，需…”形式的异常情形",
    "import.why.retention": "无法识别的保存期限",
    "import.why.deadline": "时限要求的起止步骤或时限无法识别",
    "import.why.revision": "修订记录缺少可识别的版本或日期",
    "import.why.second_step_table": "第二张步骤表：请作为另一份 SOP 单独导入",
    "import.why.table_kind": "无法识别的表格",
    "import.why.control_id": "不是编号",
    "import.why.control_title": "不是流程名称",
    "import.why.control_version": "不是 2.1 这样的版本号",
    "import.why.control_status": "不是状态（草稿、审核中、生效、已废止）",
    "import.why.control_effective_date": "不是日期",
    "import.why.control_owner": "不是岗位",
    "import.why.control_departments": "不是部门列表",
    "import.why.control_review": "不是“每 6 个月”这样的复审周期",
    "import.why.control_case": "不是“严重程度: 一般 / 严重 / 重大”这样的情形",
    "import.why.cases": "时限按情形分列而文件没有声明情形：按此命名",
    "import.why.formula": "Excel 从未计算过的公式：请用 Excel 打开并保存该文件",
    "import.why.error_value": "Excel 的错误值",
    "import.why.reordered": "修订记录已按新版本在前排列",
    "import.why.outside_sops": "文件含多个流程，此内容不属于其中任何一个",
    "import.why.id": "文件没有写明可用的编号",
    "import.why.title": "文件没有流程名称",
    "import.why.version": "文件没有版本号",
    "import.why.status": "文件没有状态：导入的 SOP 在批准前按草稿处理",
}
