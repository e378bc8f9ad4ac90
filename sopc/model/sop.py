"""An SOP document (spec §2). Field names are English and stable; content is any language."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from sopc.model.base import FormMap, Model, RoleMap, Status
from sopc.model.types import (
    Id,
    Interval,
    IsoDate,
    Next,
    StepDuration,
    StepId,
    Target,
    Text,
    TimeLimit,
    Version,
    add_interval,
    problem,
)


class Signature(Model):
    """A signature of document control: who signed, and when."""

    name: Text = Field(description="Who signed.", examples=["张伟"])
    date: IsoDate | None = Field(None, description="When, as YYYY-MM-DD.")


class Approval(Model):
    """Document control: 编制 (author), 审核 (reviewer), 批准 (approver)."""

    author: Signature | None = Field(
        None,
        description="编制: who wrote it, and when.",
        examples=[{"name": "张伟", "date": "2026-02-10"}],
    )
    reviewer: Signature | None = Field(
        None,
        description="审核: who reviewed it, and when.",
        examples=[{"name": "李娜", "date": "2026-02-20"}],
    )
    approver: Signature | None = Field(
        None,
        description="批准: who approved it, and when.",
        examples=[{"name": "王强", "date": "2026-02-25"}],
    )


class Review(Model):
    """Periodic review: `{interval: 6mo, last: DATE}` or `{next: DATE}`."""

    interval: Interval | None = Field(None, description="How often the SOP is reviewed.")
    last: IsoDate | None = Field(None, description="Date of the last review.")
    next: IsoDate | None = Field(None, description="Date of the next review (overrides).")

    @model_validator(mode="after")
    def _interval_or_next(self) -> Review:
        if self.interval is None and self.next is None:
            raise problem("schema.missing_review_interval")
        return self


class Scope(Model):
    """The scope (适用范围) as a mapping: where the procedure starts and ends, what it
    covers and what it does not."""

    start: Text | None = Field(
        None, description="Where the procedure starts (trigger).", examples=["客户提交投诉"]
    )
    end: Text | None = Field(
        None, description="Where it ends (result).", examples=["投诉关闭并归档"]
    )
    includes: list[Text] = Field(
        default_factory=list, description="What it covers.", examples=[["电话投诉", "在线投诉"]]
    )
    excludes: list[Text] = Field(
        default_factory=list, description="What it does not cover.", examples=[["产品质量索赔"]]
    )


def _scope_kind(value: Any) -> str:
    """Validation sees a dict or text; serialisation sees the Scope it made."""
    return "fields" if isinstance(value, dict | Scope) else "text"


ScopeField = Annotated[
    Annotated[Scope, Tag("fields")] | Annotated[Text, Tag("text")], Discriminator(_scope_kind)
]


class Cases(Model):
    """A case dimension: time limits and deadlines may differ per value."""

    name: Text = Field(description="What varies, e.g. 严重程度.", examples=["严重程度"])
    values: list[Text] = Field(
        min_length=1,
        description="Its values, e.g. [一般, 严重, 重大].",
        examples=[["一般", "严重", "重大"]],
    )


class Deadline(Model):
    """A time budget checked along the flow: worst-case path from `from` to `to`."""

    name: Text = Field(description="Name of the deadline, e.g. 首次响应.", examples=["首次响应"])
    from_: StepId | None = Field(
        None,
        alias="from",
        description="Step id it counts from (when it can start); default: start.",
        examples=["receive"],
    )
    to: Target = Field(
        description="Step id it counts to (its completion), or `end`.",
        examples=["classify", "end"],
    )
    within: TimeLimit = Field(
        description="The budget, or one per case value.",
        examples=["4h", "10d", {"一般": "5wd", "重大": "10wd"}],
    )
    rework: Literal["exclude", "include"] = Field(
        "exclude",
        description="`include`: one round of each rework loop counts against the budget "
        "(SOP305); by default the worst path repeats no step and loops are SOP309's.",
        examples=["include"],
    )


class Kpi(Model):
    """A key performance indicator (关键绩效指标) of the procedure."""

    name: Text = Field(description="Indicator, e.g. 投诉解决率.", examples=["投诉解决率"])
    target: Text | None = Field(None, description='Target, e.g. ">= 95%".', examples=[">= 95%"])
    measure: Text | None = Field(
        None, description="How and how often it is measured.", examples=["每月统计"]
    )


class Branch(Model):
    """One answer of a decision step, and where the flow goes on that answer."""

    when: Text | None = Field(
        None, description="The answer that takes this branch, e.g. 是.", examples=["是", "否"]
    )
    next: Target = Field(description="Step id, end, or sop:ID.")


class Step(Model):
    """One action, by one role: verb + object."""

    id: StepId = Field(
        description="Stable id used by next, branches, anchors and diffs.", examples=["receive"]
    )
    title: Text = Field(
        description="Verb + object, one action, e.g. 接收并登记投诉.", examples=["接收并登记投诉"]
    )
    role: Id | None = Field(
        None, description="Role id that performs the step.", examples=["cs-agent"]
    )
    support: list[Id] = Field(
        default_factory=list, description="Helping role ids.", examples=[["cs-manager"]]
    )
    inputs: list[Text] = Field(
        default_factory=list,
        description="Inputs; `form:ID` for forms.",
        examples=[["客户投诉信息"]],
    )
    outputs: list[Text] = Field(
        default_factory=list,
        description="Outputs; `form:ID` for forms.",
        examples=[["form:complaint-register", "处理方案"]],
    )
    time_limit: TimeLimit | None = Field(
        None,
        description="Most it may take once it can start; or one per case value.",
        examples=["10m", "2wd", {"一般": "1wd", "重大": "3wd"}],
    )
    standard: Text | None = Field(
        None,
        description="Quality standard (质量标准).",
        examples=["投诉人、联系方式、问题描述齐全"],
    )
    control: Text | None = Field(
        None,
        description="Key control point (关键控制点).",
        examples=["紧急投诉 1 小时内上报监督岗"],
    )
    notes: list[Text] = Field(
        default_factory=list, description="Cautions (注意事项).", examples=[["信息需客观准确"]]
    )
    tools: list[Text] = Field(
        default_factory=list, description="Systems and tools used.", examples=[["CRM", "企业微信"]]
    )
    decision: Text | None = Field(
        None, description="The question a decision step asks.", examples=["是否涉及赔偿？"]
    )
    branches: list[Branch] | None = Field(
        None,
        description="Answers of a decision and where they go.",
        examples=[[{"when": "是", "next": "sop:FIN-003"}, {"when": "否", "next": "reply"}]],
    )
    next: Next | None = Field(
        None,
        description="Step id, end, sop:ID, or a list of step ids run in parallel.",
        examples=["reply", "end", "sop:FIN-003", ["archive", "survey"]],
    )


class SopException(Model):
    """An exception (异常): when it arises, what is done, by whom, escalated to whom."""

    id: StepId | None = Field(
        None, description="Stable id of the exception.", examples=["customer-rejects"]
    )
    when: Text = Field(
        description="The situation, e.g. 客户拒绝解决方案.", examples=["客户拒绝解决方案"]
    )
    steps: list[StepId] | None = Field(
        None, description="Steps where it can arise; default: all.", examples=[["reply"]]
    )
    action: Text | None = Field(None, description="What is done.", examples=["升级至运营总监协调"])
    role: Id | None = Field(None, description="Role id that handles it.", examples=["cs-manager"])
    escalate_to: Id | None = Field(
        None, description="Role id it is escalated to.", examples=["ops-director"]
    )
    within: StepDuration | None = Field(None, description="How fast it is handled.")


class Risk(Model):
    """A risk (风险) of the procedure, how it is controlled, and where it applies."""

    risk: Text = Field(description="The risk.", examples=["投诉升级为舆情"])
    mitigation: Text | None = Field(
        None, description="How it is controlled.", examples=["重大投诉同步抄送部门负责人"]
    )
    steps: list[StepId] = Field(
        default_factory=list, description="Steps where it applies.", examples=[["classify"]]
    )


class Revision(Model):
    """An entry of the revision record (修订记录): one per version, newest first."""

    version: Version = Field(description="The version this entry records.")
    date: IsoDate = Field(description="Date of the revision.")
    author: Text | None = Field(None, description="Who revised.", examples=["张伟"])
    changes: Text | None = Field(None, description="What changed.", examples=["增加赔偿判断"])


class SOP(Model):
    """A Standard Operating Procedure: one per `*.sop.yaml` / `*.sop.md` file."""

    id: Id = Field(
        description="SOP id, e.g. CS-001; the file name starts with it.", examples=["CS-001"]
    )
    title: Text = Field(description="Title, e.g. 客户投诉处理流程.", examples=["客户投诉处理流程"])
    version: Version = Field(description='MAJOR.MINOR or MAJOR.MINOR.PATCH, quoted: "1.2".')
    status: Status = Field(
        "draft",
        description="Where the document stands: draft | review | approved | effective | retired.",
        examples=["effective"],
    )
    effective_date: IsoDate | None = Field(None, description="Date it takes effect.")
    review: Review | None = Field(
        None,
        description="Periodic review.",
        examples=[{"interval": "6mo", "last": "2026-03-01"}, {"next": "2026-09-01"}],
    )
    owner: Id | None = Field(
        None, description="Role id of the process owner.", examples=["cs-manager"]
    )
    departments: list[Text] = Field(
        default_factory=list, description="Departments involved.", examples=[["客服部", "品控部"]]
    )
    approval: Approval | None = Field(
        None,
        description="编制 / 审核 / 批准.",
        examples=[{"author": {"name": "张伟"}, "approver": {"name": "王强", "date": "2026-02-25"}}],
    )
    purpose: Text | None = Field(
        None,
        description="Why the procedure exists (Markdown).",
        examples=["规范客户投诉处理，4 小时内首次响应，10 天内闭环。"],
    )
    scope: ScopeField | None = Field(
        None,
        description="Start, end, includes, excludes.",
        examples=[{"start": "客户提交投诉", "end": "投诉关闭并归档"}, "客户投诉从受理到归档"],
    )
    cases: Cases | None = Field(
        None,
        description="Optional case dimension.",
        examples=[{"name": "严重程度", "values": ["一般", "严重", "重大"]}],
    )
    deadlines: list[Deadline] = Field(
        default_factory=list,
        description="Time budgets.",
        examples=[[{"name": "首次响应", "to": "classify", "within": "4h"}]],
    )
    kpis: list[Kpi] = Field(
        default_factory=list,
        description="Indicators.",
        examples=[[{"name": "投诉解决率", "target": ">= 95%", "measure": "每月统计"}]],
    )
    roles: RoleMap = Field(
        default_factory=dict,
        description="Local roles, added to the organisation's.",
        examples=[{"cs-manager": {"name": "客服主管", "department": "客服部"}}],
    )
    forms: FormMap = Field(
        default_factory=dict,
        description="Local forms.",
        examples=[{"complaint-register": {"name": "客户投诉登记表", "retention": "3y"}}],
    )
    steps: list[Step] = Field(
        min_length=1,
        description="The procedure, in order.",
        examples=[[{"id": "receive", "title": "接收并登记投诉", "role": "cs-agent"}]],
    )
    exceptions: list[SopException] = Field(
        default_factory=list,
        description="Exceptions.",
        examples=[
            [{"when": "客户拒绝解决方案", "action": "升级至运营总监协调", "role": "cs-manager"}]
        ],
    )
    risks: list[Risk] = Field(
        default_factory=list,
        description="Risks and mitigations.",
        examples=[[{"risk": "投诉升级为舆情", "mitigation": "重大投诉同步抄送部门负责人"}]],
    )
    references: list[Text] = Field(
        default_factory=list,
        description="sop:ID, URLs or document names.",
        examples=[["sop:FIN-003", "《消费者权益保护法》"]],
    )
    flow_direction: Literal["LR", "TB"] | None = Field(
        None,
        description="This SOP's flowchart direction: LR (lanes as rows) or TB (lanes as "
        "columns); wins over build.flow_direction of sopc.yaml. Unset, sopc chooses "
        "per medium.",
        examples=["TB"],
    )
    revisions: list[Revision] = Field(
        default_factory=list,
        description="Newest first.",
        examples=[
            [{"version": "1.2", "date": "2026-02-25", "author": "张伟", "changes": "增加赔偿判断"}]
        ],
    )

    def next_review(self) -> date | None:
        """When the next periodic review is due: `next`, or the last one (else the
        effective date) plus the interval."""
        if self.review is None:
            return None
        if self.review.next is not None:
            return self.review.next
        base = self.review.last or self.effective_date
        if base is None or self.review.interval is None:
            return None
        return add_interval(base, self.review.interval)
