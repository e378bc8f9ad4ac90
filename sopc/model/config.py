"""`sopc.yaml`: the project's configuration (spec §1). Every field is optional."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from sopc.model.base import FormMap, Model, RoleMap
from sopc.model.types import IsoDate, Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RuleLevel = Literal["error", "warning", "info", "off"]
PdfManual = Literal["all", "department"]
Format = Literal["html", "pdf", "docx", "bpmn"]
DEFAULT_FORMATS: tuple[Format, ...] = ("html",)

WORKWEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


def _holidays_kind(value: Any) -> str:
    return "named" if isinstance(value, str) else "dates"


Holidays = Annotated[
    Annotated[list[IsoDate], Tag("dates")] | Annotated[Literal["cn"], Tag("named")],
    Discriminator(_holidays_kind),
]


class Calendar(Model):
    """Working time for wd/wh durations."""

    workdays: list[Weekday] = Field(
        default_factory=lambda: list(WORKWEEK),
        min_length=1,
        description="Days of the week that are working days.",
        examples=[["mon", "tue", "wed", "thu", "fri", "sat"]],
    )
    hours_per_day: float = Field(
        8, gt=0, le=24, description="Working hours in a working day.", examples=[7.5]
    )
    holidays: Holidays = Field(
        default_factory=list,
        description="Public holidays: a list of dates, or `cn` for mainland China's "
        "statutory holidays and adjusted working days (from the chinesecalendar package).",
        examples=["cn", ["2026-10-01", "2026-10-02"]],
    )
    extra_workdays: list[IsoDate] = Field(
        default_factory=list,
        description="Adjusted working days on weekends (调休).",
        examples=[["2026-09-27", "2026-10-10"]],
    )


class VagueTerms(Model):
    """Changes to the built-in list of vague words that rule SOP401 flags."""

    add: list[Text] = Field(
        default_factory=list,
        description="More vague words to flag.",
        examples=[["看情况", "原则上"]],
    )
    remove: list[Text] = Field(
        default_factory=list, description="Built-in words not to flag.", examples=[["及时"]]
    )


StepField = Literal[
    "role", "support", "inputs", "outputs", "time_limit", "standard", "control", "notes", "tools"
]

DEFAULT_STEP_REQUIRES: tuple[StepField, ...] = ("role",)

# what a change to an SOP touches (sopc diff); document control is never one of them
ChangeCategory = Literal["flow", "roles", "time", "exceptions", "forms", "text"]
DEFAULT_MAJOR: tuple[ChangeCategory, ...] = ("flow", "roles", "time")


class Policy(Model):
    """The house rules of writing: what every step must say, which words are too vague,
    and which changes need which version."""

    step_requires: list[StepField] = Field(
        default_factory=lambda: list(DEFAULT_STEP_REQUIRES),
        description="Fields every step must have (rule SOP402).",
        examples=[["role", "time_limit", "outputs"]],
    )
    vague_terms: VagueTerms = Field(
        default_factory=VagueTerms,
        description="Rule SOP401.",
        examples=[{"add": ["看情况"], "remove": ["及时"]}],
    )
    major_changes: list[ChangeCategory] = Field(
        default_factory=lambda: list(DEFAULT_MAJOR),
        description="Changes that need a major version (sopc diff, rule SOP504): "
        "flow (steps, order, branches), roles (owner, who does a step), time "
        "(time limits, deadlines, cases), exceptions, forms, text. Every other "
        "change to the procedure needs a minor version.",
        examples=[["flow", "roles", "time", "exceptions"]],
    )
    patch_changes: list[ChangeCategory] = Field(
        default_factory=list,
        description="Changes for which a patch version is enough (e.g. [text] for "
        "wording); they must not also be major.",
        examples=[["text"]],
    )


class BuildConfig(Model):
    """What `sopc build` writes, and how."""

    formats: list[Format] = Field(
        default_factory=lambda: list(DEFAULT_FORMATS),
        description="Outputs.",
        examples=[["html", "pdf", "docx"], ["html", "bpmn"]],
    )
    templates: Text | None = Field(
        None, description="Folder of templates overriding the built-in.", examples=["theme/"]
    )
    flow_direction: Literal["LR", "TB"] | None = Field(
        None,
        description="Flowchart direction for every SOP: LR (lanes as rows) or TB (lanes "
        "as columns). Unset, sopc chooses per medium (screen, A4 portrait, A4 landscape) "
        "the direction that gives the largest text; an SOP's own flow_direction wins.",
        examples=["TB"],
    )
    pdf_manuals: list[PdfManual] = Field(
        ["all"],
        min_length=1,
        description=(
            "The PDF manuals to write: `all` (the whole manual) and `department` (one "
            "manual per department, NAME-DEPARTMENT.pdf, holding the SOPs that list it "
            "under `departments`), each with its own cover, contents and page numbers."
        ),
        examples=[["all", "department"]],
    )
    pdf_per_sop: bool = Field(
        False,
        description="Also write one PDF per SOP (pdf/ID.pdf), each numbered from 1.",
        examples=[True],
    )


class Config(Model):
    """The project configuration in `sopc.yaml`."""

    name: Text = Field("SOP 手册", description="Title of the manual.", examples=["运营管理手册"])
    organization: Text | None = Field(
        None, description="The organisation's name.", examples=["示例科技有限公司"]
    )
    language: Literal["zh-CN", "en"] = Field(
        "zh-CN",
        description="Labels of the manual, and the language of sopc's messages "
        "(unless --lang says otherwise).",
        examples=["en"],
    )
    sources: list[Text] = Field(
        default_factory=lambda: ["."],
        description="Folders holding SOP files.",
        examples=[["sops"]],
    )
    out: Text = Field("site", description="Build output folder.", examples=["public"])
    id_pattern: Text | None = Field(
        None,
        description="Regular expression SOP ids must match (SOP102).",
        examples=["^[A-Z]{2,5}-\\d{3}$"],
    )
    calendar: Calendar = Field(
        default_factory=Calendar,
        description="Working time.",
        examples=[{"hours_per_day": 8, "holidays": "cn"}],
    )
    roles: RoleMap = Field(
        default_factory=dict,
        description="Organisation-wide roles.",
        examples=[{"cs-agent": {"name": "客服专员", "department": "客服部"}}],
    )
    forms: FormMap = Field(
        default_factory=dict,
        description="Organisation-wide forms.",
        examples=[{"complaint-register": {"name": "客户投诉登记表", "retention": "3y"}}],
    )
    policy: Policy = Field(
        default_factory=Policy,
        description="Writing policy.",
        examples=[{"step_requires": ["role", "time_limit"]}],
    )
    rules: dict[str, RuleLevel] = Field(
        default_factory=dict,
        description="Severity per rule code or name: error|warning|info|off.",
        examples=[{"SOP107": "error", "vague-term": "off"}],
    )
    build: BuildConfig = Field(
        default_factory=BuildConfig,
        description="Build options.",
        examples=[{"formats": ["html", "pdf"], "flow_direction": "TB"}],
    )

    @property
    def message_language(self) -> str | None:
        """The `language` this sopc.yaml sets, or None when it sets none: messages then
        follow `SOPC_LANG` or English, while the manual keeps its default labels."""
        return self.language if "language" in self.model_fields_set else None
