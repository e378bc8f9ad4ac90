"""examples/ is the product's showcase: it checks clean, uses every field, fits the schemas."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from sopc.commands.check import check
from sopc.load.tree import PMap, PSeq, Value
from sopc.model.config import Config
from sopc.model.errors import _unwrap
from sopc.model.sop import SOP
from tests.conftest import TODAY

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def test_examples_check_clean_even_strict() -> None:
    result = check([EXAMPLES], today=TODAY)
    assert result.findings == []
    assert result.exit_code(strict=True) == 0
    assert result.sops >= 6


def test_examples_cover_three_departments_markdown_and_english() -> None:
    result = check([EXAMPLES], today=TODAY)
    files = sorted((EXAMPLES / "sops").iterdir())
    assert any(f.name.endswith(".sop.md") for f in files)
    assert result.project.config.language == "zh-CN"
    from sopc.sources import load_sop_file

    sops = [load_sop_file(f, f.name).sop for f in files]
    departments = {r.department for r in result.project.config.roles.values()}
    assert len(departments) >= 3
    english = [s for s in sops if s and s.title.isascii()]
    assert len(english) == 1


def field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field path of a model, e.g. `steps.time_limit`, `approval.author.date`."""
    paths = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = f"{prefix}{key}"
        paths.add(path)
        inner = _unwrap(info.annotation)
        while hasattr(inner, "__origin__") and inner.__origin__ in (list, dict):
            inner = _unwrap(inner.__args__[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            paths |= field_paths(inner, path + ".")
    return paths


def used_paths(node: Value, prefix: str = "", keyed: frozenset[str] = frozenset()) -> set[str]:
    """The field paths a positioned tree uses; `keyed` maps (roles, forms) skip their ids."""
    paths: set[str] = set()
    if isinstance(node, PMap):
        for key, value in node.items():
            paths.add(prefix + key)
            if prefix + key in keyed and isinstance(value, PMap):
                for item in value.values():  # role and form ids are data, not fields
                    paths |= used_paths(item, f"{prefix}{key}.", keyed)
            else:
                paths |= used_paths(value, f"{prefix}{key}.", keyed)
    elif isinstance(node, PSeq):
        for item in node:
            paths |= used_paths(item, prefix, keyed)
    return paths


def test_examples_use_every_field_of_the_format() -> None:
    from sopc.sources import load_sop_file

    used: set[str] = set()
    for path in (EXAMPLES / "sops").iterdir():
        source = load_sop_file(path, path.name)
        used |= used_paths(
            source.tree, keyed=frozenset({"roles", "forms", "steps.time_limit", "deadlines.within"})
        )
    missing = field_paths(SOP) - used
    assert not missing, f"no example uses {sorted(missing)}"


def test_example_config_uses_every_field_but_templates() -> None:
    from sopc.load.yaml import parse_yaml

    tree, _ = parse_yaml((EXAMPLES / "sopc.yaml").read_text(encoding="utf-8"))
    used = used_paths(tree, keyed=frozenset({"roles", "forms", "rules"}))
    # theme overrides come with `build`; the direction is left to sopc's choice per medium
    # (PUR-001 forces one for itself)
    missing = field_paths(Config) - used - {"build.templates", "build.flow_direction"}
    assert not missing, f"examples/sopc.yaml does not use {sorted(missing)}"


def as_editor_reads(path: Path) -> Any:
    """What a YAML 1.2 editor sees: dates are text (PyYAML's YAML 1.1 makes them dates)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    data = yaml.safe_load(text)

    def plain(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(data)


@pytest.mark.parametrize(
    "path", [*sorted((EXAMPLES / "sops").iterdir()), EXAMPLES / "sopc.yaml"], ids=lambda p: p.name
)
def test_examples_validate_against_the_published_schemas(path: Path) -> None:
    name = "sopc.schema.json" if path.name == "sopc.yaml" else "sop.schema.json"
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = [
        e.message for e in jsonschema.Draft7Validator(schema).iter_errors(as_editor_reads(path))
    ]
    assert errors == []


def test_schemas_describe_every_field() -> None:
    for name in ("sop.schema.json", "sopc.schema.json"):
        schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert schema.get("properties"), name
        assert schema.get("$defs"), name
        for definition in [schema, *schema.get("$defs", {}).values()]:
            for field, spec in definition.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {field} has no description"
