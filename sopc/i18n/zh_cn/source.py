"""Simplified Chinese messages of the loader: reading files, YAML and Markdown syntax,
sopc.yaml and source folders. They speak to the person who wrote the file: what is
wrong on this line, and what to type instead."""

LABELS: dict[str, str] = {
    # -- reading a file (sopc/load/text.py) ---------------------------------------------
    "file.unreadable": "无法读取文件：{reason}",
    "file.not_regular": "不是普通文件，未读取",
    "file.too_large": "文件大小为 {size}，超过单个 SOP 的上限 {limit}，未读取",
    "file.over_limit": "文件超过 {limit} 的上限",
    "file.wide_encoding": "文件是 {encoding} 编码，不是 UTF-8：请另存为 UTF-8",
    "file.legacy_encoding": "文件不是 UTF-8 编码，看起来是 {encoding}：请另存为 UTF-8",
    "file.binary": "文件不是 UTF-8 文本（看起来是二进制文件），未读取",
    "file.nul": "这是二进制文件（含 NUL 字节），不是文本",
    "encoding.gb18030": "GB18030（GBK，Windows 编辑器保存中文时的常用编码）",
    "encoding.big5": "Big5（繁体中文）",
    "encoding.shift_jis": "Shift_JIS（日文）",
    "encoding.euc_kr": "EUC-KR（韩文）",
    "encoding.latin1": "Latin-1/Windows-1252",
    # -- Markdown SOPs (sopc/load/markdown.py) ------------------------------------------
    "markdown.unclosed_front_matter": "开头的 YAML 信息区从这里开始，却没有用一行 '---' 结束："
    "请在信息区末尾加一行 '---'",
    "markdown.no_front_matter": "Markdown 格式的 SOP 必须以 YAML 信息区开头：第一行和信息区"
    "末尾各写一行 '---'，id、title 等字段写在两行之间",
    # -- what the composer refuses (sopc/load/yaml.py) ----------------------------------
    "yaml.tag_refused": "不能使用标签 {tag!r}：SOP 文件只写普通文字和数据，不会构造任何对象",
    "yaml.tag_text": "不能使用标签 {tag!r}：SOP 文件只写普通文字和数据；如果这是普通文字，"
    "请给这个值加上引号：{fixed}",
    "yaml.too_many": "展开别名后超过 {limit} 个值（可能是恶意的“别名炸弹”），未读取",
    "yaml.too_deep": "嵌套超过 {limit} 层，未读取",
    "yaml.alias_self": "别名 *{anchor} 引用了它自己",
    "yaml.alias_unknown": "值开头的 '*' 表示引用锚点，但没有名为 {anchor} 的锚点；"
    "如果这是普通文字，请给这个值加上引号：{fixed}",
    "yaml.second_document": "这里的 '---' 开始了第二个 YAML 文档：一个文件只写一个 SOP，"
    "请删除这一行",
    "yaml.key_not_text": "键必须是普通文字",
    "yaml.duplicate_key": "键 {key!r} 重复：第 {line} 行已经写过；YAML 会悄悄只保留最后一个",
    # -- typing slips (sopc/load/slips.py) ----------------------------------------------
    "yaml.fullwidth_colon": "这里用了中文冒号 '：'，YAML 需要英文冒号 ':' 加一个空格："
    "应写成 {fixed}",
    "yaml.fullwidth_space": "冒号后面是全角空格 '　'，YAML 需要半角空格：应写成 {fixed}",
    "yaml.fullwidth_indent": "这一行用全角空格 '　' 缩进，YAML 只认半角空格：请换成半角空格",
    "yaml.colon_space": "冒号 ':' 后面缺少空格，YAML 要求键和值之间有一个空格：应写成 {fixed}",
    "yaml.dash_space": "'-' 后面缺少空格，列表项要写成 '- ' 再加内容：应写成 {fixed}",
    # -- YAML syntax, at the cause (sopc/load/syntax.py) --------------------------------
    "yaml.quote_value": "{why}，请给这个值加上引号：{fixed}",
    "yaml.why_start": "YAML 的值不能以 '{char}' 开头",
    "yaml.why_colon": "值里的 ': ' 会被 YAML 当作新的键",
    "yaml.why_anchor": "值开头的 '{char}' 在 YAML 中表示锚点或别名",
    "yaml.why_tag": "值开头的 '!' 在 YAML 中表示标签",
    "yaml.why_block": "值开头的 '{char}' 在 YAML 中表示下面几行是一段多行文字",
    "yaml.why_after_quote": "这个值以引号开头，但引号闭合后还有文字",
    "yaml.why_after_bracket": "这个值以 '{open}' 开头，但 '{close}' 后面还有文字",
    "yaml.dash_value": "列表不能和它的键写在同一行：请把每个 '- ' 列表项单独写一行，放在 "
    "'{key}:' 下面；如果 '-' 只是文字，请给这个值加上引号：{fixed}",
    "yaml.not_key_value": "这一行不是“键: 值”的写法：请在键后面写英文冒号 ':' 和一个空格，"
    "再写值；如果它接着上一行的文字，请再多缩进一些；如果是列表项，请以 '- ' 开头",
    "yaml.key_too_long": "这一行前 1024 个字符里没有 ':'，不能作为键：请缩短键，"
    "或把这一行缩进到它所接续的键下面",
    "yaml.indented_key": "{key!r} 比第 {line} 行的 {parent!r} 缩进得更深，YAML 会把它当作 "
    "{parent!r} 的值的一部分：请与 {parent!r} 对齐（第 {column} 列）",
    "yaml.indented_item": "这个列表项比第 {line} 行的 {parent!r} 缩进得更深，YAML 会把它当作"
    "那个值的一部分：请把 '-' 放在第 {column} 列",
    "yaml.quote_continued": "这一行接着第 {line} 行 {parent!r} 的值，其中的 ': ' 会被当作新的键："
    "请给整个值加上引号，或改成写在 '{parent}: |' 下面的多行文字",
    "yaml.item_misaligned": "这个列表项从第 {column} 列开始，而同一列表的列表项（第 {line} 行）"
    "从第 {expected} 列开始：请让每一项的 '-' 上下对齐",
    "yaml.item_among_keys": "这里是一个列表项，但从第 {line} 行开始的都是“键: 值”字段："
    "请改写成“键: 值”，或把列表放到它所属的键下面",
    "yaml.key_misaligned": "{key!r} 没有和第 {line} 行的 {sibling!r} 对齐：请把它缩进到第 "
    "{column} 列",
    "yaml.key_between": "{key!r} 缩进到了第 {column} 列，介于上面的 {outer!r}（第 {outer_column} "
    "列）和 {inner!r}（第 {inner_column} 列）之间：请与它所属的那一项对齐",
    "yaml.list_interrupted": "从第 {line} 行开始的列表里出现了不是列表项的一行：如果它是列表项，"
    "请以 '- ' 开头；否则请移到它所属字段的那一列",
    "yaml.extra_closing": "这里的 '{char}' 前面没有对应的 '{open}'：请删除它",
    "yaml.extra_comma": "这里多了一个逗号 ','：请删除它",
    "yaml.bracket_unclosed": "这里的 '{open}' 没有闭合，后面几行都被当成了它的内容：请补上 "
    "'{close}'",
    "yaml.flow_comma": "在 '{open} {close}' 里，各项之间用英文逗号 ',' 分隔：这里缺少 ','，"
    "或者前一项需要加引号",
    "yaml.double_quote": '双引号（"）',
    "yaml.single_quote": "单引号（'）",
    "yaml.quote_unclosed": "这里的{quote}没有闭合：请在这个值的末尾补上同样的引号",
    "yaml.quote_closed_late": "这里的{quote}在本行没有闭合，值一直延续到第 {line} 行："
    "请在这个值的末尾补上同样的引号",
    "yaml.escape": "双引号里的反斜杠表示转义（如 '\\n'），这里不是有效的转义：请改用单引号，"
    "写成 {fixed}",
    "yaml.flow_colon": "在 '[ ]' 或 '{{ }}' 里，冒号 ':' 后面要有一个空格；如果这是普通文字，"
    "请加上引号",
    "yaml.directive": "以 '%' 开头的行是 YAML 指令，SOP 文件用不到：请删除这一行；"
    "如果这是普通文字，请给它加上引号",
    "yaml.document_end": "'...' 表示 YAML 文档到此结束，后面的内容都不会被读取：请删除这一行",
    "yaml.after_document": "前面已经是一个完整的值，这里不能再接着写：SOP 文件应当整体由"
    "“键: 值”字段组成",
    "yaml.control_char": "这里有一个看不见的控制字符（{code}）：请删除它（常见于从 Word 或"
    "网页复制的文字）",
    "yaml.tab": "这里用了制表符（Tab），YAML 只能用空格缩进：请换成空格",
    "yaml.syntax": "YAML 语法错误：{problem}{where}；请检查这一行及上一行的缩进、冒号和引号",
    "yaml.syntax_since": "（{context}，始于第 {line} 行）",
    "yaml.syntax_during": "（{context}）",
    # -- an SOP file as a whole (sopc/sources.py) ---------------------------------------
    "sop_file.empty": "文件是空的：一个 SOP 至少需要 id、title、version 和 steps",
    "sop_file.not_a_mapping": "SOP 文件应由字段组成（id: …、title: …），而不是{kind}",
    "sop_file.list": "一个列表",
    "sop_file.single_value": "单个值",
    # -- the project: its root, sopc.yaml and sources (sopc/project.py) -----------------
    "project.config_not_found": "找不到配置文件：{path}",
    "project.no_such_path": "没有这个文件或文件夹：{path}",
    "project.different_projects": "这些路径属于不同的项目：{roots}",
    "project.bad_id_pattern": "id_pattern 不是有效的正则表达式：{error}",
    "project.source_outside": "源文件夹 {source!r} 在项目之外",
    "project.source_missing": "源文件夹 {source!r} 不存在",
    "project.link_loop": "符号链接形成了循环，未读取",
    "project.link_outside": "指向项目之外 {target} 的符号链接，未读取",
}
