"""The field reference of `docs/format.md`, generated from the pydantic models.

One table per object an author writes (an SOP, a step, a deadline, `sopc.yaml`
and its blocks…), one row per field: its name as written in YAML, its type in
the author's words, whether it is required or what it defaults to, examples,
and its description. The rows come from `model_fields`, the type hints and the
JSON Schema, so a new field appears by itself; a field without a description
or an example, or a model without a docstring, stops the generator instead of
leaving a hole. `python -m sopc.commands.reference docs/format.md` rewrites the
part between the markers; a test fails while it is stale.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import annotated_types
from pydantic import BaseModel, Discriminator, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic.fields import FieldInfo

from sopc.model import types as value_types
from sopc.model.config import Config
from sopc.model.sop import SOP

COMMAND = "python -m sopc.commands.reference docs/format.md"
BEGIN = (
    f"<!-- BEGIN field reference: generated from the models by `{COMMAND}`. "
    "Edit the models' descriptions and examples, not this part. -->"
)
END = "<!-- END field reference -->"
_BEGIN_PREFIX = "<!-- BEGIN field reference"


@dataclass(frozen=True)
class Root:
    """A file an author writes: its model, the heading of its table, how a sentence
    names it, and the start of its tables' anchors."""

    model: type[BaseModel]
    heading: str
    where: str
    anchor: str


ROOTS = (
    Root(SOP, "An SOP file", "an SOP file", "field-sop"),
    Root(Config, "`sopc.yaml`", "`sopc.yaml`", "field-config"),
)

# (value type, its name in the author's words, the plural for "list of …" or None)
_WORDS: tuple[tuple[object, str, str | None], ...] = (
    (value_types.Text, "text", "texts"),
    (value_types.Id, "id", "ids"),
    (value_types.StepId, "step id", "step ids"),
    (value_types.IsoDate, "date YYYY-MM-DD", "dates YYYY-MM-DD"),
    (value_types.Version, "version MAJOR.MINOR or MAJOR.MINOR.PATCH", None),
    (value_types.StepDuration, "duration", "durations"),
    (value_types.Interval, "interval (days, months or years)", "intervals"),
    (value_types.Retention, "interval (days, months or years), or `permanent` / `永久`", None),
    (value_types.TimeLimit, "duration, or a mapping: case value → duration", None),
    (value_types.Target, "step id, `end` or `sop:ID`", None),
    (value_types.Next, "step id, `end`, `sop:ID`, or a list of step ids run in parallel", None),
    (str, "text", "texts"),
    (bool, "`true` or `false`", None),
    (float, "number", "numbers"),
    (int, "whole number", "whole numbers"),
)


class ReferenceGap(ValueError):
    """The models lack something the reference must show: a description, an
    example, a docstring, or words for a type."""


@dataclass(frozen=True)
class Row:
    """One field as the reference shows it."""

    name: str
    type: str
    default: str
    examples: tuple[Any, ...]
    description: str


@dataclass
class Table:
    """One object: where authors write it, what it is, its fields."""

    model: type[BaseModel]
    anchor: str
    places: list[tuple[Root, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def heading(self) -> str:
        root, path = self.places[0]
        paths = dict.fromkeys(p for r, p in self.places if r is root)
        return ", ".join(f"`{p}`" for p in paths) if path else root.heading

    @property
    def roots(self) -> list[Root]:
        return list(dict.fromkeys(root for root, _ in self.places))


def tables(roots: Sequence[Root] = ROOTS) -> list[Table]:
    """Every object reachable from the roots (an SOP file, `sopc.yaml`), each once,
    in the order an author meets them; raises `ReferenceGap` naming every hole."""
    builder = _Builder()
    for root in roots:
        builder.register(root.model, root, "")
        builder.build(root.model)
    if builder.gaps:
        raise ReferenceGap("\n".join(builder.gaps))
    return builder.built


class _Builder:
    def __init__(self) -> None:
        self.tables: dict[type[BaseModel], Table] = {}
        self.built: list[Table] = []
        self.gaps: list[str] = []

    def register(self, model: type[BaseModel], root: Root, path: str) -> Table:
        table = self.tables.get(model)
        if table is None:
            anchor = "-".join([root.anchor, *re.findall(r"[a-z0-9]+", path.lower())])
            table = self.tables[model] = Table(model, anchor)
        table.places.append((root, path))
        return table

    def build(self, model: type[BaseModel]) -> None:
        """Fill the model's rows, then build each object first met in them."""
        table = self.tables[model]
        self.built.append(table)
        if not (model.__dict__.get("__doc__") or "").strip():
            self.gaps.append(f"{model.__name__} has no docstring: say what the object is")
        root, prefix = table.places[0]
        met: list[type[BaseModel]] = []

        def link(child: type[BaseModel], path: str) -> str:
            if child not in self.tables:
                met.append(child)
            return f"[`{path}`](#{self.register(child, root, path).anchor})"

        hints = get_type_hints(model, include_extras=True)
        for name, info in model.model_fields.items():
            alias = info.alias or name
            row = _row(model, alias, info, hints[name], link, f"{prefix}.{alias}".lstrip("."))
            if not row.description:
                self.gaps.append(f"{model.__name__}.{name} has no description")
            if not row.examples:
                self.gaps.append(f"{model.__name__}.{name} has no example: add examples=[…]")
            table.rows.append(row)
        for child in met:
            self.build(child)


def _row(
    model: type[BaseModel],
    alias: str,
    info: FieldInfo,
    hint: Any,
    link: Callable[[type[BaseModel], str], str],
    path: str,
) -> Row:
    kind, _ = _words(hint, link, path)
    limits = _limits(info)
    if limits:
        kind += ", " + " and ".join(limits)
    examples = tuple(info.examples or _schema_examples(model, alias))
    description = " ".join((info.description or "").split())
    return Row(alias, kind, _default(info), examples, description)


Words = tuple[str, str | None]
"""A type said once ("step id") and, when it reads naturally, in the plural."""


def _words(hint: Any, link: Callable[[type[BaseModel], str], str], path: str) -> Words:
    """A type hint in the author's words; nested objects become links to their table."""
    for known, single, plural in _WORDS:
        if hint == known:
            return single, plural
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        return _words(args[0], link, path)
    if origin in (Union, types.UnionType):
        parts = [_words(a, link, path) for a in args if a is not type(None)]
        plurals = [p for _, p in parts if p]
        return _either([s for s, _ in parts]), (
            _either(plurals) if len(plurals) == len(parts) else None
        )
    if origin is list:
        single, plural = _words(args[0], link, path + "[]")
        return ("list of " + plural if plural else "list, each " + single), None
    if origin is dict:
        key, _ = _words(args[0], link, path)
        value, _ = _words(args[1], link, path + ".ID")
        return f"mapping: {key} → {value}", None
    if origin is Literal:
        choices = " | ".join(f"`{v}`" for v in args)
        return (choices if len(args) == 1 else "one of " + choices), None
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        target = link(hint, path)
        return f"mapping (see {target})", f"mappings (see {target})"
    raise ReferenceGap(f"no words for the type {hint!r}: add it to _WORDS in {__name__}")


def _either(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


_TYPE_MACHINERY = (PlainValidator, PlainSerializer, WithJsonSchema, Discriminator)
"""What a value type carries besides its name: said by `_WORDS`, not as a limit."""


def _limits(info: FieldInfo) -> list[str]:
    said = []
    for limit in info.metadata:
        if isinstance(limit, _TYPE_MACHINERY):
            continue
        match limit:
            case annotated_types.MinLen(min_length=1):
                said.append("at least one")
            case annotated_types.MinLen(min_length=n):
                said.append(f"at least {n}")
            case annotated_types.MaxLen(max_length=n):
                said.append(f"at most {n}")
            case annotated_types.Gt(gt=n):
                said.append(f"more than {n}")
            case annotated_types.Ge(ge=n):
                said.append(f"at least {n}")
            case annotated_types.Lt(lt=n):
                said.append(f"less than {n}")
            case annotated_types.Le(le=n):
                said.append(f"at most {n}")
            case _:
                raise ReferenceGap(f"no words for the constraint {limit!r} in {__name__}")
    return said


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if value is None or value == [] or value == {} or isinstance(value, BaseModel):
        return "optional"
    return _code(flow_yaml(value))


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True, mode="validation")


def _schema_examples(model: type[BaseModel], alias: str) -> list[Any]:
    """The examples the field's type gives in the JSON Schema (a date, a duration…)."""
    schema = _schema(model)
    defs: dict[str, Any] = schema.get("$defs", {})

    def find(node: dict[str, Any]) -> list[Any]:
        if "examples" in node:
            return list(node["examples"])
        if "$ref" in node:
            return find(defs[node["$ref"].rsplit("/", 1)[-1]])
        for member in node.get("anyOf", []) + node.get("oneOf", []):
            if found := find(member):
                return found
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            items = find(node["items"])
            return [items[:2]] if items else []
        return []

    return find(schema["properties"][alias])


# -- YAML as authors write it ----------------------------------------------------

_NEEDS_QUOTES = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`.\s]|[:,\[\]{}\\]|\s#|\s$|^$""")
_READ_AS_OTHER = re.compile(r"[-+]?[\d.]+(e[-+]?\d+)?|true|false|null|~", re.I)


def flow_yaml(value: Any) -> str:
    """A value as one line of YAML flow style, quoted only where YAML needs it or
    an editor would read it as something else (`"1.2"`, `"sop:FIN-003"`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_yaml(k)}: {flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    if not isinstance(value, str):
        raise ReferenceGap(f"an example must be text, a number, a list or a mapping: {value!r}")
    if not (_NEEDS_QUOTES.search(value) or _READ_AS_OTHER.fullmatch(value)):
        return value
    if "\\" in value or '"' in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


# -- Markdown ----------------------------------------------------------------------


def _code(text: str) -> str:
    if "`" in text:
        raise ReferenceGap(f"an example cannot hold a backtick: {text}")
    return f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table_markdown(table: Table, level: str) -> list[str]:
    doc = " ".join(inspect.cleandoc(table.model.__doc__ or "").split())
    lines = ["", f'<a id="{table.anchor}"></a>', "", f"{level} {table.heading}", "", doc]
    if len(table.roots) > 1:
        lines += ["", "The same in " + " and in ".join(r.where for r in table.roots) + "."]
    lines += [
        "",
        "| field | type | required / default | examples | what it is |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in table.rows:
        examples = ", ".join(_code(flow_yaml(e)) for e in row.examples)
        cells = [f"`{row.name}`", row.type, row.default, examples, row.description]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def field_reference() -> str:
    """The generated part of docs/format.md, markers included."""
    lines = [BEGIN]
    for table in tables():
        is_root = table.places[0][1] == ""
        lines += _table_markdown(table, "###" if is_root else "####")
    return "\n".join([*lines, "", END]) + "\n"


def _bounds(document: str) -> tuple[int, int]:
    start = document.find(_BEGIN_PREFIX)
    end = document.find(END, max(start, 0))
    if start < 0 or end < 0:
        raise ReferenceGap(f"no field reference markers ({_BEGIN_PREFIX} … {END}) found")
    return start, end + len(END) + document[end + len(END) :].startswith("\n")


def generated_part(document: str) -> str:
    """The part of `document` between the markers, markers included."""
    start, end = _bounds(document)
    return document[start:end]


def splice(document: str, reference: str) -> str:
    """`document` with its generated part replaced by `reference`."""
    start, end = _bounds(document)
    return document[:start] + reference + document[end:]


def main(argv: Sequence[str]) -> int:
    """No argument: print the reference. A file: rewrite its generated part."""
    try:
        reference = field_reference()
        if not argv:
            print(reference, end="")
            return 0
        path = Path(argv[0])
        text = path.read_text(encoding="utf-8")
        updated = splice(text, reference)
    except (ReferenceGap, OSError) as exc:
        print(f"{__name__}: {exc}", file=sys.stderr)
        return 2
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    print(f"{path}: field reference {'updated' if updated != text else 'already current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
