"""SOP201–SOP209 in Chinese: roles, steps, forms and SOPs that are named
(sopc/rules/references.py).

Translated from the rules' docstrings, which stay the source: their examples are
copied unchanged but for the comments (tests/test_rule_docs.py).
"""

# ruff: noqa: E501
# A Chinese paragraph is one line: a line break inside Chinese text shows as a stray space.

DOCS: dict[str, str] = {
    "SOP201": """用到的岗位在本 SOP 和 `sopc.yaml` 中都没有定义。

    检查范围：`owner`、每个步骤的 `role` 和 `support`、每个异常情况的 `role` 和 `escalate_to`。升级给一个不存在的岗位，就等于没有人接手。提示会给出最接近的已定义岗位；用岗位名称代替了岗位 id 的（某个岗位 `complaint-supervisor` 的名称是“投诉主管”，却写成 `owner: 投诉主管`），提示会给出这个岗位的 id。

    错误示例：

        role: cs-agnet
        owner: 投诉主管

    正确做法：写成 `role: cs-agent` 和 `owner: complaint-supervisor`，并在本 SOP 或 `sopc.yaml` 的 `roles:` 下定义这些岗位。
    """,
    "SOP202": """本 SOP 中定义了、却没有任何地方用到的岗位。

    列在 SOP 的 `roles:` 下，却从未担任流程负责人、步骤的执行或协助岗位、异常情况的处理岗位，这样的岗位只会让岗位职责表显得杂乱，也可能说明某个步骤丢了负责岗位。

    错误示例：

        roles:
          qa-lead: {name: 品控主管}     # 没有步骤提到 qa-lead

    正确做法：把它分配给它负责的步骤，或删除它。
    """,
    "SOP203": """引用的步骤 id 在本 SOP 中不存在。

    检查范围：`next`、判断的 `branches`、异常情况和风险的 `steps`、时限要求的 `from` 和 `to`，以及 Markdown 格式 SOP 正文中的 `{#step-id}` 标题。提示会给出最接近的步骤 id，或者给出标题与所写内容相同的步骤（用步骤标题代替了步骤 id 时）。

    错误示例：

        next: aprove

    正确示例：

        next: approve
    """,
    "SOP204": """`form:ID` 引用的表单在本 SOP 和 `sopc.yaml` 中都没有定义。

    表单和记录是步骤产出和使用的东西；引用一个不存在的表单，就无法打印、归档，也无法按期保存。提示会按 id 或名称给出最接近的表单：某张表单的名称是“客户投诉登记表”时，写成 `form:客户投诉登记表` 会建议改为 `form:complaint-register`。

    错误示例：

        outputs: ["form:complaint-registr"]

    正确做法：写成 `outputs: ["form:complaint-register"]`，并在 `forms:` 下定义这张表单。
    """,
    "SOP205": """本 SOP 中定义了、却没有任何步骤用到的表单。

    列在 SOP 的 `forms:` 下，却没有任何步骤在输入或输出（或 `references`）中以 `form:ID` 提到它，这张表单就永远不会有人填写：请写明由哪个步骤产出它，或删除它。如果有步骤以纯文字写出了这张表单的名称，这里不报告：SOP209 会指出那段文字，改正它就够了。

    错误示例：

        forms:
          survey-record: {name: 回访记录表}     # 没有步骤输出它

    正确做法：在填写它的步骤上加 `outputs: ["form:survey-record"]`。
    """,
    "SOP206": """`sop:ID` 指向的 SOP 在项目中不存在。

    转入（`next: "sop:FIN-003"`）和引用都必须指向存在的 SOP，否则读者和流程都会无处可去。即使只检查部分文件，项目中的所有 SOP 也都会读入。提示会给出最接近的 id，或给出标题与所写内容相同的 SOP：`next: "sop:供应商准入与复评流程"` 会建议改为 `sop:SUP-001`。

    错误示例：

        next: "sop:FIN-030"

    正确示例：

        next: "sop:FIN-003"
    """,
    "SOP207": """两个步骤使用了同一个 id。

    步骤 id 是 `next` 和分支的去向、手册中的跳转位置，也是 `sopc diff` 在不同版本之间追踪同一步骤的依据。

    错误示例：

        - {id: review, title: 审核申请}
        - {id: review, title: 复核申请}

    正确做法：分别用 `review` 和 `recheck`。
    """,
    "SOP208": """本 SOP 自己定义的岗位或表单，与公司统一定义的 id 重名。

    `sopc.yaml` 中的岗位和表单由所有 SOP 共用；本 SOP 再定义一个同名的，它就会悄悄地只在这一个 SOP 里变成另一个意思。

    错误示例（`cs-agent` 已在 `sopc.yaml` 中定义）：

        roles:
          cs-agent: {name: 客服人员}

    正确做法：直接使用公司统一的 `cs-agent`，或给本 SOP 的岗位另起一个 id。
    """,
    "SOP209": """输入、输出或相关文件中，以纯文字写出了一张已定义表单的名称。

    这些地方可以写纯文字：步骤用到或产出的东西不是表单时，就这样写。但如果这段文字正是本 SOP 或 `sopc.yaml` 中某张表单的名称（比较时不计《》、空格和全角字母），作者几乎肯定指的就是这张表单；只有写成 `form:ID`，手册才会链接到它、在表单目录中列出这个步骤，SOP204 也才会检查它。两种写法读起来都没错，所以这只是提示（info），不是警告：以前通过检查的文件，加上 `--strict` 也照样通过。

    错误示例：

        outputs: [《客户投诉登记表》]

    正确示例：

        outputs: ["form:complaint-register"]
    """,
}
