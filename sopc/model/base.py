"""The base of every model: unknown fields are errors, aliases for keywords."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sopc.model.types import Id, IsoDate, Retention, Text

Status = Literal["draft", "review", "approved", "effective", "retired"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class RoleDef(Model):
    """A role (岗位): who does a step, supports it, owns the SOP or handles an exception."""

    name: Text = Field(description="Display name, e.g. 客服专员.", examples=["客服专员"])
    department: Text | None = Field(
        None, description="Department the role belongs to.", examples=["客服部"]
    )
    duties: list[Text] = Field(
        default_factory=list,
        description="Duties (职责) of the role.",
        examples=[["判定严重程度", "审批处理方案"]],
    )


class FormField(Model):
    """A field of a form: its label, and whether it must be filled in."""

    name: Text = Field(description="Field label on the form.", examples=["投诉编号"])
    required: bool = Field(
        False, description="Whether the field must be filled in.", examples=[True]
    )


class FormDef(Model):
    """A form or record (表单/记录) that steps fill in: referenced as `form:ID`."""

    name: Text = Field(description="Form title, e.g. 客户投诉登记表.", examples=["客户投诉登记表"])
    fields: list[FormField] = Field(
        default_factory=list,
        description="The form's fields.",
        examples=[[{"name": "投诉编号", "required": True}, {"name": "客户诉求"}]],
    )
    retention: Retention | None = Field(
        None, description="How long filled-in forms are kept: 3y, 6mo, 永久."
    )


RoleMap = dict[Id, RoleDef]
FormMap = dict[Id, FormDef]
__all__ = ["FormDef", "FormField", "IsoDate", "Model", "RoleDef", "RoleMap", "Status"]
