"""The words Word and Excel SOPs use for their columns, sections and control fields,
as data (docs/import.md lists them). Each list starts with the wording of the seeds'
templates; the labels of sopc's own manual, in every language of the catalogue,
are added, so that a Word file of sopc's imports back.

A header or heading is compared after `normal`: full width folded, spaces, numbering
(`一、`, `1.`, `（二）`, `第三章`) and a trailing colon or `（必填）` removed.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import TypeVar

from sopc.i18n import translator

LANGUAGES = ("zh-CN", "en")


def _w(words: str) -> tuple[str, ...]:
    """The names of one column, section or field, written apart by spaces."""
    return tuple(words.split())


class Column(StrEnum):
    NUMBER = "number"
    STEP = "step"
    ACTION = "action"
    ROLE = "role"
    DEPARTMENT = "department"
    SUPPORT = "support"
    TIME = "time_limit"
    INPUT = "inputs"
    OUTPUT = "outputs"
    STANDARD = "standard"
    CONTROL = "control"
    NOTES = "notes"
    TOOLS = "tools"
    EXCEPTION = "exception"
    DECISION = "decision"


COLUMNS: dict[Column, tuple[str, ...]] = {
    Column.NUMBER: _w("序号 编号 步骤编号 no no. #"),
    Column.STEP: _w("流程步骤 步骤 环节 流程环节 步骤名称 工作步骤 作业步骤 流程节点 节点 活动 "
                    "工作事项 步骤/环节 流程名称"),
    Column.ACTION: _w("操作说明 操作内容 工作内容 具体操作 操作要点 作业内容 工作描述 活动描述 "
                      "描述 说明 内容 执行说明 工作要求 操作步骤"),
    Column.ROLE: _w("责任部门/岗位 责任岗位/部门 部门/岗位 责任岗位 责任人 执行人 负责人 执行岗位 "
                    "岗位 承办人 责任方 角色 owner role"),
    Column.DEPARTMENT: _w("责任部门 执行部门 部门 所属部门 主责部门 department"),
    Column.SUPPORT: _w("协助 协助岗位 配合部门 配合岗位 协助部门"),
    Column.TIME: _w("时间要求 时限 完成时限 时间 时效 时限要求 完成时间 办理时限 处理时限"),
    Column.INPUT: _w("输入 输入资料 输入物 输入文件"),
    Column.OUTPUT: _w("输出成果 输出 交付物 输出物 输出结果 输出文件 输出记录 记录/表单 相关表单 "
                      "表单 记录 输出/记录"),
    Column.STANDARD: _w("质量标准 标准 工作标准 执行标准 完成标准 验收标准 要求"),
    Column.CONTROL: _w("关键控制点 控制点 风险控制点 关键点 控制要点 风控要点"),
    Column.NOTES: _w("注意事项 备注 说明事项"),
    Column.TOOLS: _w("工具 系统 使用工具 工具/系统 工具/模板 使用系统"),
    Column.EXCEPTION: _w("异常处理 异常情况 异常处理措施"),
    Column.DECISION: _w("判断 决策点 判断条件"),
}  # fmt: skip

_COLUMN_LABELS = {
    Column.STEP: "step", Column.ACTION: "action", Column.ROLE: "role_department",
    Column.TIME: "time_limit", Column.INPUT: "inputs", Column.OUTPUT: "outputs",
    Column.STANDARD: "standard", Column.CONTROL: "control",
}  # fmt: skip
"""The columns of sopc's own step table (`render/docx_parts.py`): its 步骤 column
holds the number and its 操作内容 column the title."""


class Section(StrEnum):
    CONTROL = "control"
    PURPOSE = "purpose"
    SCOPE = "scope"
    DUTIES = "duties"
    FLOWCHART = "flowchart"
    RACI = "raci"
    STEPS = "steps"
    DETAILS = "details"
    EXCEPTIONS = "exceptions"
    DEADLINES = "deadlines"
    FORMS = "forms"
    RISKS = "risks"
    REFERENCES = "references"
    REVISIONS = "revisions"
    OTHER = "other"  # under a heading of no known section: reported, not read


SECTIONS: dict[Section, tuple[str, ...]] = {
    Section.CONTROL: _w("文件控制 文件信息 基本信息 流程基本信息 文件控制信息"),
    Section.PURPOSE: _w("目的 流程目的 编制目的 目的与范围 目的和范围 目标 流程目标"),
    Section.SCOPE: _w("适用范围 范围 适用对象"),
    Section.DUTIES: _w("职责 职责分工 岗位职责 岗位与职责 职责与权限 组织与职责"),
    Section.FLOWCHART: _w("流程图"),
    Section.RACI: _w("职责矩阵 raci"),
    Section.STEPS: _w("流程说明 流程步骤 操作步骤 工作程序 流程描述 作业流程 工作流程 流程与标准 "
                      "流程步骤与标准 作业程序 操作流程 流程"),
    Section.DETAILS: _w("步骤说明"),
    Section.EXCEPTIONS: _w("异常处理 异常处理与升级 例外处理 异常情况处理 应急处理"),
    Section.DEADLINES: _w("时限要求与绩效指标 时限要求 绩效指标 考核指标 kpi"),
    Section.FORMS: _w("相关表单 表单 记录表单 相关表单与记录 相关记录 表单与记录 记录"),
    Section.RISKS: _w("风险与控制 风险控制"),
    Section.REFERENCES: _w("相关文件 引用文件 参考文件 相关制度 相关文件与制度 引用标准"),
    Section.REVISIONS: _w("修订记录 修订历史 变更记录 版本记录 修改记录"),
}  # fmt: skip

_SECTION_LABELS: dict[Section, tuple[str, ...]] = {
    Section.CONTROL: ("document_control",), Section.PURPOSE: ("purpose",),
    Section.SCOPE: ("scope",), Section.DUTIES: ("roles_duties",),
    Section.FLOWCHART: ("flowchart",), Section.RACI: ("raci",), Section.STEPS: ("steps",),
    Section.DETAILS: ("step_details",), Section.EXCEPTIONS: ("exceptions",),
    Section.DEADLINES: ("deadlines_kpis",), Section.FORMS: ("forms",),
    Section.RISKS: ("risks",), Section.REFERENCES: ("references",),
    Section.REVISIONS: ("revisions",),
}  # fmt: skip

CONTROL_KEYS: dict[str, tuple[str, ...]] = {
    "id": _w("编号 文件编号 流程编号 sop编号 文件号"),
    "title": _w("流程名称 文件名称 sop名称 名称 标题"),
    "version": _w("版本 版本号 文件版本"),
    "status": _w("状态 文件状态"),
    "effective_date": _w("生效日期 实施日期 发布日期"),
    "owner": _w("流程负责人 流程所有者 负责人 归口部门 负责部门"),
    "departments": _w("适用部门 适用部门/岗位 使用部门"),
    "author": _w("编制 编制人 起草 起草人 拟制"),
    "reviewer": _w("审核 审核人"),
    "approver": _w("批准 批准人 审批 审批人"),
    "review": _w("下次复审 复审周期 复审"),
    "case": _w("情形 分级"),
}
_CONTROL_LABELS = {
    "id": "id", "title": "title", "version": "version", "status": "status",
    "effective_date": "effective_date", "owner": "owner", "departments": "departments",
    "author": "author", "reviewer": "reviewer", "approver": "approver",
    "review": "next_review", "case": "case",
}  # fmt: skip

FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "roles": {"name": _w("岗位 角色 岗位名称 角色名称"), "department": _w("部门 所属部门"),
              "duties": _w("职责 岗位职责 主要职责 核心职责 职责描述")},
    "revisions": {"version": _w("版本 版本号"), "date": _w("日期 修订日期 变更日期"),
                  "author": _w("编制 修订人 变更人 编制人"),
                  "changes": _w("修订内容 变更内容 修订说明 变更说明")},
    "exceptions": {"when": _w("情形 异常情况 异常 异常情形"),
                   "action": _w("操作内容 处理措施 处理方式 应对措施 处理办法"),
                   "steps": _w("发生环节 相关步骤"), "role": _w("处理岗位 处理人 责任岗位"),
                   "escalate_to": _w("升级至 升级对象 上报至"), "within": _w("时限 处理时限")},
    "forms": {"name": _w("表单 表单名称 记录名称"), "retention": _w("保存期限 保存期 保管期限"),
              "used": _w("使用环节")},
    "deadlines": {"name": _w("时限要求 时限名称"), "from": _w("起 起点"), "to": _w("止 终点"),
                  "within": _w("时限")},
    "kpis": {"name": _w("指标 指标名称"), "target": _w("目标值 目标"),
             "measure": _w("统计方法 计算方法 统计口径")},
    "risks": {"risk": _w("风险 风险描述"), "mitigation": _w("应对措施 控制措施"),
              "steps": _w("发生环节 相关步骤")},
    "raci": {"corner": _w("步骤/岗位")},
}  # fmt: skip
"""The columns of the SOP's other tables, by the field each fills. A table is of a
kind when its header row names the kind's first field and another of its fields."""

_FIELD_LABELS = {
    "roles": {"name": "role", "department": "department", "duties": "duties"},
    "revisions": {"version": "version", "date": "date", "author": "author",
                  "changes": "changes_made"},
    "exceptions": {"when": "when", "steps": "where", "action": "action", "role": "handled_by",
                   "escalate_to": "escalate_to", "within": "within"},
    "forms": {"name": "form", "retention": "retention", "used": "used_in"},
    "deadlines": {"name": "deadline", "from": "from", "to": "to", "within": "within"},
    "kpis": {"name": "kpi", "target": "target", "measure": "measure"},
    "risks": {"risk": "risk", "mitigation": "mitigation", "steps": "where"},
    "raci": {"corner": "raci_corner"},
}  # fmt: skip

_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[章节部分条]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+[、.．]|\d+(?:[.．]\d+)*[、.．)）]?|[a-z][.)])\s*",
)
_TRAILER = re.compile(r"[:：*＊]+$|[（(]必填[)）]$")
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """A header or heading as compared: see the module's docstring."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _NUMBERING.sub("", text, count=1)
    text = _SPACES.sub("", text)
    return _TRAILER.sub("", text)


K = TypeVar("K")


def _with_labels(table: dict[K, tuple[str, ...]], labels: dict[K, tuple[str, ...]]) -> dict[str, K]:
    out: dict[str, K] = {}
    for kind, names in table.items():
        words = [*names]
        for language in LANGUAGES:
            t = translator(language)
            words += [t(key) for key in labels.get(kind, ())]
        for word in words:
            out.setdefault(normal(word), kind)
    return out


COLUMN_NAMES: dict[str, Column] = _with_labels(
    COLUMNS, {c: (k,) for c, k in _COLUMN_LABELS.items()}
)
SECTION_NAMES: dict[str, Section] = _with_labels(SECTIONS, _SECTION_LABELS)
CONTROL_NAMES: dict[str, str] = _with_labels(
    CONTROL_KEYS, {k: (v,) for k, v in _CONTROL_LABELS.items()}
)
FIELD_NAMES: dict[str, dict[str, str]] = {
    kind: _with_labels(fields, {f: (k,) for f, k in _FIELD_LABELS[kind].items()})
    for kind, fields in FIELDS.items()
}


def column_of(header: str) -> Column | None:
    return COLUMN_NAMES.get(normal(header))


def section_of(heading: str) -> Section | None:
    """The section a heading names: `三、异常处理` → EXCEPTIONS; `目的 · 适用范围` → PURPOSE;
    `标准操作流程步骤详解` → STEPS (the longest name of three characters or more in it)."""
    key = normal(heading)
    if key in SECTION_NAMES:
        return SECTION_NAMES[key]
    first = re.split(r"[·・/、与和及]", key, maxsplit=1)[0]
    if first != key and first in SECTION_NAMES:
        return SECTION_NAMES[first]
    inside = [name for name in SECTION_NAMES if len(name) >= 3 and name in key]
    return SECTION_NAMES[max(inside, key=len)] if inside else None


def control_key(label: str) -> str | None:
    return CONTROL_NAMES.get(normal(label))


def table_kind(header: tuple[str, ...]) -> tuple[str, dict[int, str]] | None:
    """The kind of a table by its header row, and which column fills which field."""
    for kind, names in FIELD_NAMES.items():
        columns: dict[int, str] = {}
        for index, cell in enumerate(header):
            field = names.get(normal(cell))
            if field is not None and field not in columns.values():
                columns[index] = field
        first = next(iter(FIELDS[kind]))
        if first in columns.values() and (len(columns) >= 2 or kind == "raci"):
            return kind, columns
    return None
