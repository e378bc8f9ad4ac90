"""An SOP document (spec §2). Field names are English and stable; content is any language."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

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
)


class Signature(Model):
    name: Text = Field(description="Who signed.")
    date: IsoDate | None = Field(None, description="When, as YYYY-MM-DD.")


class Approval(Model):
    """Document control: 编制 (author), 审核 (reviewer), 批准 (approver)."""

    author: Signature | None = Field(None, description="编制: who wrote it, and when.")
    reviewer: Signature | None = Field(None, description="审核: who reviewed it, and when.")
    approver: Signature | None = Field(None, description="批准: who approved it, and when.")


class Review(Model):
    """Periodic review: `{interval: 6mo, last: DATE}` or `{next: DATE}`."""

    interval: Interval | None = Field(None, description="How often the SOP is reviewed.")
    last: IsoDate | None = Field(None, description="Date of the last review.")
    next: IsoDate | None = Field(None, description="Date of the next review (overrides).")

    @model_validator(mode="after")
    def _interval_or_next(self) -> Review:
        if self.interval is None and self.next is None:
            raise PydanticCustomError(
                "sop_missing", "review needs `interval` (with `last`) or `next`"
            )
        return self


class Scope(Model):
    start: Text | None = Field(None, description="Where the procedure starts (trigger).")
    end: Text | None = Field(None, description="Where it ends (result).")
    includes: list[Text] = Field(default_factory=list, description="What it covers.")
    excludes: list[Text] = Field(default_factory=list, description="What it does not cover.")


def _scope_kind(value: Any) -> str:
    """Validation sees a dict or text; serialisation sees the Scope it made."""
    return "fields" if isinstance(value, dict | Scope) else "text"


ScopeField = Annotated[
    Annotated[Scope, Tag("fields")] | Annotated[Text, Tag("text")], Discriminator(_scope_kind)
]


class Cases(Model):
    """A case dimension: time limits and deadlines may differ per value."""

    name: Text = Field(description="What varies, e.g. 严重程度.", examples=["严重程度"])
    values: list[Text] = Field(min_length=1, description="Its values, e.g. [一般, 严重, 重大].")


class Deadline(Model):
    """A time budget checked along the flow: worst-case path from `from` to `to`."""

    name: Text = Field(description="Name of the deadline, e.g. 首次响应.")
    from_: StepId | None = Field(
        None,
        alias="from",
        description="Step id it counts from (when it can start); default: start.",
    )
    to: Target = Field(description="Step id it counts to (its completion), or `end`.")
    within: TimeLimit = Field(description="The budget, or one per case value.")
    rework: Literal["exclude", "include"] = Field(
        "exclude",
        description="`include`: one round of each rework loop counts against the budget "
        "(SOP305); by default the worst path repeats no step and loops are SOP309's.",
    )


class Kpi(Model):
    name: Text = Field(description="Indicator, e.g. 投诉解决率.")
    target: Text | None = Field(None, description='Target, e.g. ">= 95%".')
    measure: Text | None = Field(None, description="How and how often it is measured.")


class Branch(Model):
    when: Text | None = Field(None, description="The answer that takes this branch, e.g. 是.")
    next: Target = Field(description="Step id, end, or sop:ID.")


class Step(Model):
    """One action, by one role: verb + object."""

    id: StepId = Field(description="Stable id used by next, branches, anchors and diffs.")
    title: Text = Field(description="Verb + object, one action, e.g. 接收并登记投诉.")
    role: Id | None = Field(None, description="Role id that performs the step.")
    support: list[Id] = Field(default_factory=list, description="Helping role ids.")
    inputs: list[Text] = Field(default_factory=list, description="Inputs; `form:ID` for forms.")
    outputs: list[Text] = Field(default_factory=list, description="Outputs; `form:ID` for forms.")
    time_limit: TimeLimit | None = Field(
        None, description="Most it may take once it can start; or one per case value."
    )
    standard: Text | None = Field(None, description="Quality standard (质量标准).")
    control: Text | None = Field(None, description="Key control point (关键控制点).")
    notes: list[Text] = Field(default_factory=list, description="Cautions (注意事项).")
    tools: list[Text] = Field(default_factory=list, description="Systems and tools used.")
    decision: Text | None = Field(None, description="The question a decision step asks.")
    branches: list[Branch] | None = Field(
        None, description="Answers of a decision and where they go."
    )
    next: Next | None = Field(
        None, description="Step id, end, sop:ID, or a list of step ids run in parallel."
    )


class SopException(Model):
    """An exception (异常): when it arises, what is done, by whom, escalated to whom."""

    id: StepId | None = Field(None, description="Stable id of the exception.")
    when: Text = Field(description="The situation, e.g. 客户拒绝解决方案.")
    steps: list[StepId] | None = Field(None, description="Steps where it can arise; default: all.")
    action: Text | None = Field(None, description="What is done.")
    role: Id | None = Field(None, description="Role id that handles it.")
    escalate_to: Id | None = Field(None, description="Role id it is escalated to.")
    within: StepDuration | None = Field(None, description="How fast it is handled.")


class Risk(Model):
    risk: Text = Field(description="The risk.")
    mitigation: Text | None = Field(None, description="How it is controlled.")
    steps: list[StepId] = Field(default_factory=list, description="Steps where it applies.")


class Revision(Model):
    version: Version = Field(description="The version this entry records.")
    date: IsoDate = Field(description="Date of the revision.")
    author: Text | None = Field(None, description="Who revised.")
    changes: Text | None = Field(None, description="What changed.")


class SOP(Model):
    """A Standard Operating Procedure: one per `*.sop.yaml` / `*.sop.md` file."""

    id: Id = Field(description="SOP id, e.g. CS-001; the file name starts with it.")
    title: Text = Field(description="Title, e.g. 客户投诉处理流程.")
    version: Version = Field(description='MAJOR.MINOR or MAJOR.MINOR.PATCH, quoted: "1.2".')
    status: Status = Field("draft", description="draft | review | approved | effective | retired")
    effective_date: IsoDate | None = Field(None, description="Date it takes effect.")
    review: Review | None = Field(None, description="Periodic review.")
    owner: Id | None = Field(None, description="Role id of the process owner.")
    departments: list[Text] = Field(default_factory=list, description="Departments involved.")
    approval: Approval | None = Field(None, description="编制 / 审核 / 批准.")
    purpose: Text | None = Field(None, description="Why the procedure exists (Markdown).")
    scope: ScopeField | None = Field(None, description="Start, end, includes, excludes.")
    cases: Cases | None = Field(None, description="Optional case dimension.")
    deadlines: list[Deadline] = Field(default_factory=list, description="Time budgets.")
    kpis: list[Kpi] = Field(default_factory=list, description="Indicators.")
    roles: RoleMap = Field(
        default_factory=dict, description="Local roles, added to the organisation's."
    )
    forms: FormMap = Field(default_factory=dict, description="Local forms.")
    steps: list[Step] = Field(min_length=1, description="The procedure, in order.")
    exceptions: list[SopException] = Field(default_factory=list, description="Exceptions.")
    risks: list[Risk] = Field(default_factory=list, description="Risks and mitigations.")
    references: list[Text] = Field(
        default_factory=list, description="sop:ID, URLs or document names."
    )
    revisions: list[Revision] = Field(default_factory=list, description="Newest first.")

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
