"""pydantic validation errors → findings at the author's line and column.

SOP005 missing-field lands on the enclosing mapping, SOP006 unknown-field on
the key (with the closest known field), SOP007 invalid-value on the value.
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sopc.findings import Finding
from sopc.i18n import Message
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
            more = len(details) - MAX_PER_FILE
            message = f"... and {more} more problems in this file; fix the ones above first"
        loc = tuple(detail["loc"])
        findings.append(
            Finding(path, span_of(tree, loc, key=key), code_override or code, message, sop)
        )
    return findings


MAX_PER_FILE = 100
"""Like a compiler's error limit: past it, more findings only bury the first ones."""


def _explain(detail: ErrorDetails, model: type[BaseModel], tree: Value) -> tuple[str, str, bool]:
    kind, loc = detail["type"], tuple(detail["loc"])
    name = next((p for p in reversed(loc) if isinstance(p, str) and not p.startswith("[")), "")
    value = detail.get("input")
    if kind == "missing":
        return "SOP005", f"missing required field {name!r}", False
    if kind == "sop_missing":
        return "SOP005", detail["msg"], False
    if kind == "extra_forbidden":
        known = fields_at(model, loc[:-1])
        return "SOP006", f"unknown field {name!r}" + did_you_mean(name, known), True
    key = "[key]" in loc
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return "SOP007", f"expected one of {', '.join(choices)}; got {describe(value)}{hint}", key
    if kind.startswith("sop_"):
        return "SOP007", detail["msg"], key
    what = _EXPECTED.get(kind)
    if what:
        got = describe(value if get_path(tree, loc) is None else get_path(tree, loc))
        return "SOP007", f"{_label(name)}expected {what}, got {got}", key
    return "SOP007", f"{_label(name)}{detail['msg']}", key


def _label(name: str) -> str:
    return f"{name}: " if name else ""


_EXPECTED = {
    "list_type": "a list (for example [a, b])",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "string_type": "text",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
}


def suggestion(word: str, candidates: list[str]) -> Message | None:
    """`（是否想写 'time_limit'？）` / ` (did you mean 'time_limit'?)` when a candidate is
    close enough: the hint a message puts in its `{hint}`."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return Message("did_you_mean", word=close[0]) if close else None


def did_you_mean(word: str, candidates: list[str]) -> str:
    """` (did you mean 'time_limit'?)` when a candidate is close enough."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
