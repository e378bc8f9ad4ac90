"""`sopc new` and `sopc init`: skeletons from `templates/`, never overwriting a file.

Values are inserted as YAML double-quoted scalars (JSON strings), so a title
such as `a: "b" #c` cannot change the YAML around it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sopc.commands.schema import render_schemas
from sopc.errors import UsageError
from sopc.model.types import _ID
from sopc.project import open_project
from sopc.resources import resource_dir


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir("templates")),
        autoescape=False,  # YAML, not HTML: values pass through the `yaml` filter
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def _write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`; False (and nothing written) when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def new_sop(cwd: Path, sop_id: str, title: str, *, markdown: bool = False) -> Path:
    """Write `<ID>.sop.yaml` (or `.sop.md`) into the project's first source folder."""
    if not _ID.fullmatch(sop_id):
        raise UsageError(f"{sop_id!r} is not a valid SOP id (letters, digits, '-', '_', '.')")
    if not title.strip():
        raise UsageError("--title must not be empty")
    project = open_project([cwd])
    pattern = project.config.id_pattern
    if pattern:
        import re

        if not re.search(pattern, sop_id):
            raise UsageError(f"{sop_id!r} does not match the project's id_pattern {pattern!r}")
    folder = project.root / project.config.sources[0]
    path = folder / f"{sop_id}.sop.{'md' if markdown else 'yaml'}"
    schema = os.path.relpath(project.root / "schemas" / "sop.schema.json", folder)
    text = (
        _environment()
        .get_template(f"new/sop.{'md' if markdown else 'yaml'}.j2")
        .render(
            id=sop_id,
            title=title,
            today=date.today().isoformat(),
            schema=Path(schema).as_posix(),
            en=project.config.language == "en",
        )
    )
    if not _write_new(path, text):
        raise UsageError(f"{path} exists; not overwritten")
    return path


def init_project(directory: Path) -> Iterator[tuple[Path, bool]]:
    """Write the files of a new project; yield (path, written) for each."""
    env = _environment()
    files: dict[str, str] = {
        "sopc.yaml": env.get_template("init/sopc.yaml.j2").render(name=directory.resolve().name),
        "sops/EX-001-example.sop.yaml": env.get_template("init/example.sop.yaml").render(),
        ".pre-commit-config.yaml": env.get_template("init/pre-commit-config.yaml").render(),
    }
    files.update({f"schemas/{name}": text for name, text in render_schemas().items()})
    for rel, text in files.items():
        path = directory / rel
        yield path, _write_new(path, text)
