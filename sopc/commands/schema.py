"""`sopc schema`: JSON Schemas from the pydantic models, for editors.

VS Code's YAML extension (yaml-language-server) reads them through the
`# yaml-language-server: $schema=…` modeline and then completes fields,
shows their descriptions and flags typos while the author types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sopc.model.config import Config
from sopc.model.sop import SOP

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "sop.schema.json": (SOP, "sopc SOP file (*.sop.yaml, *.sop.yml, front matter of *.sop.md)"),
    "sopc.schema.json": (Config, "sopc project configuration (sopc.yaml)"),
}
_BASE = "https://sopc.dev/schemas/"


def schema_for(model: type[BaseModel], title: str, name: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": _BASE + name,
        **{k: v for k, v in schema.items() if k != "title"},
        "title": title,
    }


def render_schemas() -> dict[str, str]:
    """File name → the exact text written (same models, same bytes)."""
    return {
        name: json.dumps(schema_for(model, title, name), ensure_ascii=False, indent=2) + "\n"
        for name, (model, title) in SCHEMAS.items()
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
