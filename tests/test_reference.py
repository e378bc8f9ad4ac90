"""docs/format.md's field reference is the models' own, and the docs stand alone.

The reference is generated from the pydantic models (`sopc.commands.reference`):
the checked-in part must be what the generator writes today, hold every field
of every model, and show for each a description and examples that sopc really
accepts when they are written into a file. The docs must not send a reader
outside the repository.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from typing import get_type_hints
from urllib.parse import urlsplit

import pytest
from pydantic import BaseModel, Field, TypeAdapter

import sopc.model
from sopc.commands.reference import (
    COMMAND,
    END,
    ROOTS,
    ReferenceGap,
    Root,
    Table,
    field_reference,
    flow_yaml,
    generated_part,
    tables,
)
from sopc.load.yaml import parse_yaml
from sopc.model import base, sop
from sopc.model.base import Model
from sopc.model.config import Config
from sopc.model.sop import SOP
from sopc.model.types import Text

REPO = Path(__file__).resolve().parents[1]
FORMAT_DOC = REPO / "docs" / "format.md"
DOCS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]


def _models_defined_in_sopc_model() -> set[type[BaseModel]]:
    """Every object an author can write: the `Model`s of every `sopc.model` module."""
    for module in pkgutil.iter_modules(sopc.model.__path__):
        importlib.import_module(f"sopc.model.{module.name}")
    found: set[type[BaseModel]] = set()
    todo = [Model]
    while todo:
        for child in todo.pop().__subclasses__():
            todo.append(child)
            if child.__module__.startswith("sopc.model."):
                found.add(child)
    return found


def _doc_tables() -> dict[str, list[str]]:
    """The field names listed under each anchor of the checked-in reference."""
    part = generated_part(FORMAT_DOC.read_text(encoding="utf-8"))
    anchors = re.findall(r'^<a id="([\w-]+)"></a>$', part, flags=re.MULTILINE)
    sections = re.split(r'^<a id="[\w-]+"></a>$', part, flags=re.MULTILINE)[1:]
    return {
        anchor: re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)
        for anchor, section in zip(anchors, sections, strict=True)
    }


# -- the reference is current and complete ----------------------------------------


def test_the_field_reference_in_format_md_is_current() -> None:
    checked_in = generated_part(FORMAT_DOC.read_text(encoding="utf-8"))
    assert checked_in == field_reference(), (
        f"the field reference in docs/format.md is stale: run `{COMMAND}`"
    )


def test_every_model_is_a_table_and_every_field_a_row_of_format_md() -> None:
    built = tables()
    assert {t.model for t in built} == _models_defined_in_sopc_model()
    listed = _doc_tables()
    assert sorted(listed) == sorted(t.anchor for t in built)
    for table in built:
        names = [info.alias or name for name, info in table.model.model_fields.items()]
        assert listed[table.anchor] == names, table.model.__name__


def test_aliases_are_written_as_in_yaml() -> None:
    deadline = next(t for t in tables() if t.model is sop.Deadline)
    assert [r.name for r in deadline.rows][:3] == ["name", "from", "to"]


def test_every_field_has_a_description_and_examples() -> None:
    for table in tables():
        for row in table.rows:
            where = f"{table.model.__name__}.{row.name}"
            assert row.description, f"{where} has no description"
            assert row.examples, f"{where} has no example"
            assert row.type, where
            assert row.default, where


def test_types_and_defaults_are_said_in_the_authors_words() -> None:
    rows = {(t.model.__name__, r.name): r for t in tables() for r in t.rows}
    assert rows["SOP", "id"].type == "id"
    assert rows["SOP", "id"].default == "**required**"
    assert rows["SOP", "status"].type.startswith("one of `draft` | `review`")
    assert rows["SOP", "status"].default == "`draft`"
    assert rows["SOP", "effective_date"].type == "date YYYY-MM-DD"
    assert rows["SOP", "steps"].type.endswith(", at least one")
    assert "[`steps[]`](#field-sop-steps)" in rows["SOP", "steps"].type
    assert rows["SopException", "steps"].type == "list of step ids"
    assert rows["Calendar", "hours_per_day"].type == "number, more than 0 and at most 24"
    assert rows["Calendar", "hours_per_day"].default == "`8`"
    assert rows["Calendar", "holidays"].type == "list of dates YYYY-MM-DD or `cn`"
    assert rows["Config", "sources"].default == '`["."]`'
    assert rows["Deadline", "rework"].default == "`exclude`"
    assert rows["Step", "time_limit"].type.startswith("duration")


def test_objects_met_in_both_files_are_one_table_that_says_so() -> None:
    role = next(t for t in tables() if t.model is base.RoleDef)
    assert [root.model for root in role.roots] == [SOP, Config]
    part = generated_part(FORMAT_DOC.read_text(encoding="utf-8"))
    section = part.split(f'<a id="{role.anchor}"></a>')[1].split("<a id=")[0]
    assert "The same in an SOP file and in `sopc.yaml`." in section


@pytest.mark.parametrize("table", tables(), ids=lambda t: t.model.__name__)
def test_every_example_is_a_value_sopc_accepts_as_written(table: Table) -> None:
    """Each example, written into YAML as the reference shows it, is read by sopc's
    own loader and validated by the field's own type."""
    hints = get_type_hints(table.model, include_extras=True)
    fields = table.model.model_fields.items()
    for row, (name, _) in zip(table.rows, fields, strict=True):
        adapter: TypeAdapter[object] = TypeAdapter(hints[name])
        for example in row.examples:
            text = f"{row.name}: {flow_yaml(example)}\n"
            tree, problems = parse_yaml(text)
            assert problems == [], text
            assert isinstance(tree, dict)
            adapter.validate_python(tree[row.name])


def test_the_annotated_examples_of_format_md_validate() -> None:
    """The two whole files format.md shows (`# sopc.yaml`, `# CS-001-….sop.yaml`)."""
    fences = re.findall(r"^```yaml\n(.*?)^```$", FORMAT_DOC.read_text("utf-8"), re.M | re.S)
    checked = set()
    for body in fences:
        first = body.splitlines()[0]
        model = Config if first == "# sopc.yaml" else SOP if first.endswith(".sop.yaml") else None
        if model is None:
            continue
        tree, problems = parse_yaml(body)
        assert problems == []
        model.model_validate(tree)
        checked.add(model)
    assert checked == {SOP, Config}


# -- the generator refuses a gap ------------------------------------------------------


class Undocumented(Model):
    """An object for the test: one field lacks an example, one a description."""

    note: Text = Field(description="A note.")
    bare: Text = Field(examples=["x"])
    inner: Nameless | None = Field(None, description="Nested.", examples=[{"x": "y"}])


class Nameless(Model):
    x: Text = Field(description="X.", examples=["y"])


Undocumented.model_rebuild()


def test_a_field_without_description_or_example_stops_the_generator() -> None:
    with pytest.raises(ReferenceGap) as raised:
        tables((Root(Undocumented, "Test", "the test", "field-test"),))
    gaps = str(raised.value).splitlines()
    assert gaps == [
        "Undocumented.note has no example: add examples=[…]",
        "Undocumented.bare has no description",
        "Nameless has no docstring: say what the object is",
    ]


def test_the_generator_rewrites_only_its_part_of_a_document(tmp_path: Path) -> None:
    doc = tmp_path / "format.md"
    text = FORMAT_DOC.read_text(encoding="utf-8")
    stale = text.replace(generated_part(text), generated_part(text).replace("`id`", "`ident`"))
    doc.write_text(stale, encoding="utf-8")
    run = [sys.executable, "-m", "sopc.commands.reference", str(doc)]
    first = subprocess.run(run, capture_output=True, text=True, cwd=REPO, check=False)
    assert (first.returncode, first.stderr) == (0, "")
    assert "field reference updated" in first.stdout
    assert doc.read_text(encoding="utf-8") == text.replace(generated_part(text), field_reference())
    again = subprocess.run(run, capture_output=True, text=True, cwd=REPO, check=False)
    assert "already current" in again.stdout

    doc.write_text("# no markers\n", encoding="utf-8")
    refused = subprocess.run(run, capture_output=True, text=True, cwd=REPO, check=False)
    assert refused.returncode == 2
    assert "no field reference markers" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert doc.read_text(encoding="utf-8") == "# no markers\n"


def test_printed_without_a_file_the_reference_is_the_generated_part() -> None:
    run = [sys.executable, "-m", "sopc.commands.reference"]
    printed = subprocess.run(run, capture_output=True, text=True, cwd=REPO, check=True)
    assert printed.stdout == field_reference()
    assert printed.stdout.rstrip().endswith(END)


def test_the_roots_are_the_two_files_an_author_writes() -> None:
    assert [r.model for r in ROOTS] == [SOP, Config]


# -- the docs stand alone -------------------------------------------------------------

PUBLIC_SITES: frozenset[str] = frozenset()
"""Hosts a doc may link to. None today: everything a reader needs is in the repository."""
OUTSIDE_MARKS = re.compile(r"\.\./shared|shared/(spec|seeds)|SOP-FORMAT\.md|/work/")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_UP = re.compile(r"(?<![\w/.])(?:\.\./)+[\w./-]*")


def outside_pointers(text: str, doc: Path, repo: Path) -> list[str]:
    """What in a Markdown text sends a reader outside `repo`: links that resolve
    outside it (or to nothing), links to sites not in PUBLIC_SITES, `../` paths in
    the prose that climb out of it, and any mention of the material beside it."""
    found = [f"mentions {m.group(0)!r}" for m in OUTSIDE_MARKS.finditer(text)]
    prose = _FENCE.sub("", text)
    for path in _UP.findall(prose):
        if not (doc.parent / path).resolve().is_relative_to(repo):
            found.append(f"path {path!r} leaves the repository")
    plain = _CODE.sub("", prose)
    for target in _LINK.findall(plain) + _DEFINITION.findall(plain) + _HTML.findall(plain):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https"):
            if parts.hostname not in PUBLIC_SITES:
                found.append(f"link {target!r} leaves the repository")
        elif parts.scheme or target.startswith("/"):
            found.append(f"link {target!r} is not a path in the repository")
        elif parts.path:
            resolved = (doc.parent / parts.path).resolve()
            if not resolved.is_relative_to(repo) or not resolved.exists():
                found.append(f"link {target!r} names nothing in the repository")
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_the_docs_point_nowhere_outside_the_repository(doc: Path) -> None:
    assert outside_pointers(doc.read_text(encoding="utf-8"), doc, REPO) == []


def test_the_scanner_sees_each_way_out(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "time.md").write_text("# time\n", encoding="utf-8")
    doc = repo / "docs" / "format.md"
    text = (
        "The contract is `../shared/spec/`.\n"
        "See [time](time.md), [the schema](../../elsewhere/x.json), [gone](gone.md),\n"
        "[a site](https://example.com/spec), [mail](mailto:a@b.c), [root](/etc/passwd),\n"
        "[anchor](#field-reference) and `../../outside/notes.txt`.\n"
        '<img src="../../logo.png">\n\n'
        "[def]: ../../defined.md\n"
        "```yaml\n# yaml-language-server: $schema=../../schemas/sop.schema.json\n```\n"
    )
    assert outside_pointers(text, doc, repo) == [
        "mentions '../shared'",
        "path '../../elsewhere/x.json' leaves the repository",
        "path '../../outside/notes.txt' leaves the repository",
        "path '../../logo.png' leaves the repository",
        "path '../../defined.md' leaves the repository",
        "link '../../elsewhere/x.json' names nothing in the repository",
        "link 'gone.md' names nothing in the repository",
        "link 'https://example.com/spec' leaves the repository",
        "link 'mailto:a@b.c' is not a path in the repository",
        "link '/etc/passwd' is not a path in the repository",
        "link '../../defined.md' names nothing in the repository",
        "link '../../logo.png' names nothing in the repository",
    ]
    assert outside_pointers("[time](time.md), [top](../docs/time.md#two-kinds)\n", doc, repo) == []
