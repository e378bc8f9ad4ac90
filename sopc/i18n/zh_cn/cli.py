"""Simplified Chinese messages of the commands: reports of a check (text, CI formats),
build, new, init, rules, usage errors."""

LABELS: dict[str, str] = {
    # -- counts: English says one and many apart, Chinese the same way for both ---------
    "count.file.one": "{n} 个文件",
    "count.file.many": "{n} 个文件",
    "count.sop.one": "{n} 个流程",
    "count.sop.many": "{n} 个流程",
    "count.error.one": "{n} 个错误",
    "count.error.many": "{n} 个错误",
    "count.warning.one": "{n} 个警告",
    "count.warning.many": "{n} 个警告",
    "count.info.one": "{n} 个提示",
    "count.info.many": "{n} 个提示",
    "count.finding.one": "{n} 条检查结果",
    "count.finding.many": "{n} 条检查结果",
    "count.notice.one": "{n} 个提示",
    "count.notice.many": "{n} 个提示",
    "count.pdf.one": "{n} 个 PDF",
    "count.pdf.many": "{n} 个 PDF",
    "count.word_file.one": "{n} 个 Word 文件",
    "count.word_file.many": "{n} 个 Word 文件",
    "count.bpmn_file.one": "{n} 个 BPMN 文件",
    "count.bpmn_file.many": "{n} 个 BPMN 文件",
    # -- sopc check: the summary line, files skipped --------------------------------------
    "check.clean": "全部通过：",
    "check.summary_clean": "{verdict}共检查 {scope}，用时 {seconds:.2f} 秒",
    "check.found": "发现 {errors}、{warnings}",
    "check.found_infos": "发现 {errors}、{warnings}、{infos}",
    "check.summary_found": "{verdict}，共检查 {scope}，用时 {seconds:.2f} 秒",
    "check.scope": "{files}（{sops}）",
    "check.config_invalid": "sopc.yaml 有误（{errors}），其他文件都没有检查；请先修正 sopc.yaml",
    "check.skipped": "已跳过（不是 SOP 文件）：{files}",
    # -- the github format's closing line (after "sopc: ") --------------------------------
    "github.closing": "共 {findings}（{errors}、{warnings}、{notices}）",
    "github.beyond_caps": (
        "；另有 {beyond} 条超出了 GitHub 的注释数量上限（GitHub Actions 每个作业步骤最多显示 "
        "{cap} 个错误、{cap} 个警告和 {cap} 个提示），已作为普通文本列在上方"
    ),
    # -- sopc build: its summary, progress, refusals --------------------------------------
    "build.summary": (
        "已为 {sops} 个流程生成 {made}，输出到 {out}，用时 {seconds:.2f} 秒"
        "（写入 {changed} 个文件，删除 {removed} 个）{open}"
    ),
    "build.pages": "{n} 个网页",
    "build.open": "；打开 {index} 即可浏览",
    "build.up_to_date": (
        "已是最新：{out} 就是用当前这些文件生成的，无需重新生成（{seconds:.2f} 秒）"
    ),
    "serve.broken_template": "模板有错，无法使用：{where}：{why}",
    "serve.unreadable": "有文件无法读取：{why}",
    "serve.built": "已生成 {pages} 个网页（{changed} 个文件有变化），用时 {seconds:.2f} 秒",
    "serve.listening": "正在预览：{url}（按 Ctrl-C 停止；保存文件后网站自动重新生成）",
    "serve.exposed": "--host {host}：能访问本机的任何人都能看到这些流程",
    "serve.port_busy": "端口 {port} 已被占用；请用 --port 换一个（0 表示任选空闲端口）",
    "serve.cannot_listen": "无法在 {address} 上监听：{why}",
    "serve.stopped": "预览已停止",
    "serve.failed": "生成失败：网站仍是上一次成功生成的版本",
    "serve.failed_hint": "修正下列问题并保存，页面会自动刷新。",
    "build.stopped": "已停止：请先修正上面列出的问题，再生成手册",
    "build.chart_small": (
        "{sop} 的流程图只能以 {pt} pt 打印，低于 {floor} pt 的下限："
        "岗位（泳道）太多，A4 纸放不下；建议把该流程拆分"
    ),
    "build.no_cache": "无法写入 {path}：本次构建不使用缓存，所有内容都重新生成",
    "build.chart_too_large": (
        "{sop} 的流程图未绘制：共 {nodes} 个图形，超过清晰可读的上限 {most} 个"
        "（Graphviz 也无法在合理时间内排版）；建议把该流程拆分"
    ),
    "build.unknown_format": (
        "--format：无法识别的格式 {names}；请从 {formats} 中选择，多个格式用英文逗号分隔"
    ),
    "output.not_folder": "{path} 不是 sopc 可以写入的文件夹",
    "output.not_ours": (
        "{path} 不是空文件夹，也不是 sopc build 生成的（其中没有 {marker}）；"
        "为免覆盖其中的文件，sopc 不会写入，请用 --out 另选一个文件夹"
    ),
    "output.waiting": "另一个 sopc 构建正在写入 {path}，正在等待它完成……",
    "write.disk_full": (
        "磁盘空间不足，无法写入 {path}：已生成的文件都没有被替换；请清理磁盘空间后重新构建"
    ),
    "write.read_only": "无法写入 {path}：磁盘是只读的；请用 --out 另选一个文件夹",
    "write.no_permission": "无法写入 {path}：没有写入权限；请用 --out 另选一个文件夹",
    "write.failed": "无法写入 {path}：{reason}",
    "progress.checking": "正在检查",
    "progress.history": "正在从 git 读取各流程的修订历史",
    "progress.flowcharts": "正在绘制 {n} 张流程图",
    "progress.pages": "正在生成网页",
    "progress.documents": "正在排版 {formats}（{n} 个文件）",
    "progress.binding": "正在装订 {n} 个 PDF",
    "progress.parts": "已排版的流程",
    # -- sopc new, init, schema -------------------------------------------------------------
    "files.wrote": "已写入 {path}",
    "files.kept": "已保留原有文件 {path}",
    "init.added": "已在 {path} 末尾添加：{lines}",
    "init.existing": (
        "{folder} 已经是一个 sopc 项目（其中有 sopc.yaml），所以没有写入任何文件；"
        "新建流程请在其中运行 `sopc new 编号 --title 标题`，"
        "更新 JSON Schema 请运行 `sopc schema --out {schemas}`"
    ),
    "init.ignore_advice": "{path} 没有让 git 忽略 sopc 生成的文件，请在其中添加：{lines}",
    "init.not_folder": "{path} 不是文件夹",
    "new.invalid_id": "{id!r} 不能用作流程编号：编号只能由字母、数字和 '-'、'_'、'.' 组成",
    "new.empty_title": "--title（流程标题）不能为空",
    "new.id_pattern": "{id!r} 不符合本项目 sopc.yaml 中 id_pattern 规定的编号格式 {pattern!r}",
    "new.exists": "{path} 已存在，没有覆盖",
    "new.id_taken": "编号 {id!r} 已被 {path} 中的流程使用，请换一个编号",
    # -- sopc graph, and Graphviz for graph and build ---------------------------------------
    "graph.unknown_format": "无法识别的图形格式 {format!r}：可选 {formats}",
    "usage.config_invalid": "sopc.yaml 有误：请先运行 sopc check 查看并修正",
    "graph.invalid_sop": "{path} 有错误，画不出流程图：请运行 sopc check {path} 查看并修正",
    "graph.unknown_sop": "{root} 中没有编号为 {key!r} 的流程{hint}",
    "graph.png_binary": "PNG 是图片文件，不能直接显示在终端里：请用 --output 文件名 指定保存位置",
    "graphviz.missing": (
        "找不到 Graphviz 的 `dot` 程序（画流程图要用到它）："
        "请先安装 Graphviz（例如 apt install graphviz），并确认它在 PATH 中"
    ),
    "graphviz.timeout": "Graphviz 绘制 {graph} 超过了 {seconds:.0f} 秒，已停止",
    "graphviz.not_started": "无法启动 Graphviz 的 `dot` 程序：{error}",
    "graphviz.failed": "Graphviz 绘制 {graph} 失败：{reason}",
    "graphviz.signal": "进程被信号 {signal} 终止",
    "graphviz.exit_status": "退出码 {code}",
    # -- the command line itself ------------------------------------------------------------
    "cli.bad_date": "日期应写成 YYYY-MM-DD（例如 2026-11-20），这里写的是 {value!r}",
    "cli.internal_hint": (
        "（这是 sopc 自身的问题：设置环境变量 SOPC_DEBUG=1 后重新运行可看到详细信息，"
        "请把它报告给 sopc 的维护者）"
    ),
    # -- sopc rules: the rule table, one rule's page, docs/rules.zh-CN.md ---------------
    "rules.severity_error": "错误",
    "rules.severity_warning": "警告",
    "rules.severity_info": "提示",
    "rules.table_hint": "运行 sopc rules 规则代码（如 sopc rules SOP201）可查看一条规则的说明。",
    "rules.heading": "{code} {name}（默认级别：{severity}）",
    "rules.unknown": "没有代码或名称为 {key!r} 的规则{hint}",
    "rules.doc_title": "规则",
    "rules.doc_language": "简体中文",
    "rules.doc_generated": (
        "由各条规则的中文说明（sopc/i18n/zh_cn/rule_docs/）生成，重新生成请运行 `{command}`。"
    ),
    "rules.doc_intro": (
        "表中为默认级别；可在 `sopc.yaml` 的 `rules:` 下按代码或名称改设为 `error`（错误）、"
        "`warning`（警告）、`info`（提示）或 `off`（关闭）。"
        "运行 `sopc rules 规则代码` 可在命令行中查看下面任一条规则的说明。"
    ),
    "rules.column_code": "代码",
    "rules.column_name": "名称",
    "rules.column_default": "默认级别",
    "rules.column_summary": "说明",
    "rules.doc_default": "**{name}**（默认级别：{severity}）",
}
