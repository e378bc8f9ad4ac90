"""SOP001–SOP008 in Chinese: what the loader and the schema report (sopc/rules/source.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP001": """YAML 或 Markdown 文件头（front matter）无法解析。

    文件无法解析时，其他内容都无从检查，所以这条规则始终按错误报告，也不能关闭。常见原因：用 Tab 键缩进、引号或括号没有闭合、文件里又出现一个 `---` 开始了第二个文档、Markdown 文件头缺少结尾的 `---`。

    错误示例：

        steps:
        →   - id: receive        # 用 Tab 键缩进（→）

    正确示例：

        steps:
          - id: receive        # 用空格缩进
    """,
    "SOP002": """同一组字段里重复出现了同一个字段名。

    一般的 YAML 读取程序会悄悄只保留最后一个值，作者写下的内容就丢了一半。检查结果中会同时列出这两处所在的行。

    错误示例：

        - id: approve
          time_limit: 2wd
          time_limit: 3wd

    正确做法：只保留一个 `time_limit`，或按情形分别写：`{一般: 2wd, 重大: 3wd}`。
    """,
    "SOP003": """文件不是 UTF-8 编码的文本。

    SOP 文件须为 UTF-8 编码（允许带字节顺序标记 BOM）。检查结果会说明这些字节看起来是哪种编码：最常见的是中文 Windows 下的编辑器保存的 GB18030/GBK；二进制文件和 UTF-16 也会指出。

    解决办法：打开文件，另存为“UTF-8”编码。
    """,
    "SOP004": """文件用到了 sopc 出于安全考虑拒绝的 YAML 写法，或文件本身不能安全读取。

    SOP 文件只存放普通数据。sopc 从不按 `!!python/object/apply` 这类 YAML 标签创建对象，并限制恶意文件可能造成的消耗：别名展开（10 万个值）、嵌套（64 层）、递归别名、文件大小（1 MiB）。指向项目以外的符号链接，或不是普通文件的文件，同样不会读取。

    错误示例：

        title: !!python/object/apply:os.system ["rm -rf /"]

    正确示例：

        title: 客户投诉处理流程
    """,
    "SOP005": """缺少必填字段。

    SOP 必须有 `id`、`title`、`version` 和至少一个步骤；每个步骤必须有 `id` 和 `title`；其中的各类记录也各有必填字段。检查结果指向缺少字段的那一组内容。

    错误示例：

        - id: receive
          role: cs-agent

    正确示例：

        - id: receive
          title: 接收并登记投诉
          role: cs-agent
    """,
    "SOP006": """填写了格式中没有的字段。

    字段名写错时如果不报出来，它会被悄悄忽略，作者想设定的时限也就永远不会被检查。检查结果会给出最接近的正确字段名。

    错误示例：

        time_limt: 2h

    正确示例：

        time_limit: 2h
    """,
    "SOP007": """取值的类型或格式不对。

    时长（`30m`、`2h`、`1d`、`4wh`、`2wd`、`3个工作日`、`立即`）、周期（`6mo`、`1y`）、日期（`YYYY-MM-DD`，而且必须是真实存在的日期）、版本号（`"1.2"`）、`status`、各类 id 和流程去向都有规定的写法；提示会说明应当怎样写。

    错误示例：

        time_limit: 两天
        effective_date: 2026-13-45

    正确示例：

        time_limit: 2d
        effective_date: 2026-03-01
    """,
    "SOP008": """`sopc.yaml` 有误。

    项目配置与 SOP 文件用同一套方式读取，检查得同样仔细：无法解析、未知字段、无效取值、未知的规则名称、无效的 `id_pattern`、源文件夹不存在或在项目之外。配置有误时，`sopc` 不检查 SOP，直接停止（退出码 2）。

    错误示例：

        rules:
          vauge-term: off

    正确示例：

        rules:
          vague-term: off
    """,
}
