"""pydantic validation errors → findings at the author's line and column.

SOP005 missing-field lands on the enclosing mapping, SOP006 unknown-field on
the key (with the closest known field), SOP007 invalid-value on the value.
Every message is a `Message` of the `values` catalogue: the value types raise
errors whose type is their message's key (`types.problem`), and pydantic's own
errors are named here from their type and context, never from their English.
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sopc.findings import Finding
from sopc.i18n import Message
from sopc.i18n.message import Arg
from sopc.load.tree import Value, get_path, span_of
from sopc.model.types import describe


def validation_findings(
    error: ValidationError,
    model: type[BaseModel],
    tree: Value,
    path: str,
    sop: str | None = None,
    code_override: str | None = None,
) -> list[Finding]:
    """One finding per pydantic error, the first `MAX_PER_FILE` of them, then a line
    saying how many more; `code_override` turns them all into SOP008."""
    findings: list[Finding] = []
    details = error.errors(include_url=False)
    for detail in details[: MAX_PER_FILE + 1]:
        code, message, key = _explain(detail, model, tree)
        if len(findings) == MAX_PER_FILE:
            message = Message("schema.more_problems", more=len(details) - MAX_PER_FILE)
        loc = tuple(detail["loc"])
        findings.append(
            Finding(path, span_of(tree, loc, key=key), code_override or code, message, sop)
        )
    return findings


MAX_PER_FILE = 100
"""Like a compiler's error limit: past it, more findings only bury the first ones."""


def _explain(
    detail: ErrorDetails, model: type[BaseModel], tree: Value
) -> tuple[str, Message, bool]:
    kind, loc = detail["type"], tuple(detail["loc"])
    name = next((p for p in reversed(loc) if isinstance(p, str) and not p.startswith("[")), "")
    value = detail.get("input")
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    if kind == "missing":
        return "SOP005", Message("schema.missing_field", name=name), False
    if kind == "extra_forbidden":
        hint = suggestion(name, fields_at(model, loc[:-1]))
        return "SOP006", Message("schema.unknown_field", name=name, hint=hint), True
    key = "[key]" in loc
    if kind.startswith("schema.missing_"):
        return "SOP005", Message(kind, **context), False
    if kind.startswith("value."):
        return "SOP007", Message(kind, **context), key
    field = Message("value.field", name=name) if name else None
    if kind == "literal_error" and (choices := literal_choices(model, loc)):
        hint = suggestion(value, choices) if isinstance(value, str) else None
        message = Message(
            "value.expected_choice", choices=tuple(choices), got=describe(value), hint=hint
        )
        return "SOP007", message, key
    if kind in _EXPECTED:
        got = describe(value if get_path(tree, loc) is None else get_path(tree, loc))
        return "SOP007", Message(_EXPECTED[kind], field=field, got=got), key
    return "SOP007", _bound(kind, context, field) or _fallback(detail, field), key


_EXPECTED = {
    "list_type": "value.expected_list",
    "dict_type": "value.expected_mapping",
    "model_type": "value.expected_fields",
    "model_attributes_type": "value.expected_fields",
    "string_type": "value.expected_text",
    "bool_parsing": "value.expected_bool",
    "bool_type": "value.expected_bool",
    "float_parsing": "value.expected_number",
    "float_type": "value.expected_number",
    "int_parsing": "value.expected_whole_number",
    "int_type": "value.expected_whole_number",
}


def _bound(kind: str, context: dict[str, Any], field: Message | None) -> Message | None:
    """A number or a list outside the bounds a field sets (`gt=0`, `le=24`, `min_length=1`)."""
    if kind == "greater_than":
        return Message("value.greater_than", field=field, gt=_number(context["gt"]))
    if kind == "less_than_equal":
        return Message("value.at_most", field=field, le=_number(context["le"]))
    if kind == "too_short" and context.get("field_type") == "List":
        least, actual = context["min_length"], context["actual_length"]
        if least == 1:
            return Message("value.too_few_one", field=field, actual_length=actual)
        return Message("value.too_few", field=field, min_length=least, actual_length=actual)
    return None


def _number(bound: Any) -> Arg:
    """`0.0` → 0: a bound as pydantic's message shows it."""
    if isinstance(bound, float) and bound.is_integer():
        return int(bound)
    return bound if isinstance(bound, int | float) else str(bound)


def _fallback(detail: ErrorDetails, field: Message | None) -> Message:
    """An error of a kind the models do not produce today: pydantic's own words."""
    return Message("value.invalid", field=field, detail=detail["msg"])


def suggestion(word: str, candidates: list[str]) -> Message | None:
    """`（是否想写 'time_limit'？）` / ` (did you mean 'time_limit'?)` when a candidate is
    close enough: the hint a message puts in its `{hint}`."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return Message("did_you_mean", word=close[0]) if close else None


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names (aliases) of the model found by following `loc` from `model`."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field(current, part) if isinstance(part, str) else None
            if field is not None:
                current = field
        elif get_origin(current) is list and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict and isinstance(part, str):
            current = get_args(current)[1]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def literal_choices(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The values a `Literal` field allows, found by following `loc` from `model`
    through fields, list items, mapping values and the tags of tagged unions."""
    current: Any = model
    for part in loc:
        current = _inside(current, part)
        if current is None:
            return []
    current = _bare(current)
    return [str(c) for c in get_args(current)] if get_origin(current) is Literal else []


def _inside(annotation: Any, part: Any) -> Any:
    """The annotation of `part` of a value of `annotation`; None when it has no such part."""
    annotation = _bare(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _field(annotation, part) if isinstance(part, str) else None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[0] if part == "[key]" else args[1]
    if origin is Union or origin is types.UnionType:
        tagged = [a for a in args if part in _tags(a)]
        return tagged[0] if tagged else None
    return None


def _bare(annotation: Any) -> Any:
    """Without `Annotated` and without `None` in an optional: what the value is."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _tags(annotation: Any) -> list[str]:
    """The discriminator tags on an annotated union member (`Tag("cases")`)."""
    if get_origin(annotation) is not Annotated:
        return []
    return [m.tag for m in annotation.__metadata__ if hasattr(m, "tag")]


def _field(model: type[BaseModel], name: str) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and unions down to the model or container inside."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            members = [_unwrap(a) for a in get_args(annotation) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            containers = [m for m in members if get_origin(m) in (list, dict)]
            return (models or containers or members or [annotation])[0]
        else:
            return annotation
