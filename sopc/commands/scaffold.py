"""`sopc new` and `sopc init`: skeletons from `templates/`, never overwriting a file.

Values are inserted as YAML double-quoted scalars (JSON strings), so a title
such as `a: "b" #c` cannot change the YAML around it.

What `sopc init DIR` writes depends on what DIR already is:

- a project (DIR has a `sopc.yaml`): nothing at all. Files deleted from a project
  stay deleted; init only says what its `.gitignore` lacks, if anything.
- a new folder, or one with nothing in it but hidden entries (`.git`): the
  starting set — `sopc.yaml`, the example SOP, the JSON Schemas, the pre-commit
  sample, a `.gitignore`.
- any other folder: the same without the example SOP (the folder holds someone's
  files; an example procedure among them would be noise), and with its first
  source folder made (empty), so that the new project checks clean.

The `.gitignore` keeps the output folder and `.sopc-cache/` out of git. A
missing one is written; an existing one is never rewritten: only the lines it
lacks are added at its end, and where it cannot be read (a link, not a file)
init says which lines to add instead.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from sopc.cache import CACHE_NAME
from sopc.commands.schema import render_schemas
from sopc.errors import UsageError
from sopc.files import write_whole
from sopc.i18n import Message
from sopc.load.text import read_text
from sopc.load.yaml import parse_yaml
from sopc.model.config import Config
from sopc.model.types import ID_PATTERN
from sopc.project import CONFIG_NAME, Project, discover, open_project
from sopc.resources import resource_dir
from sopc.sources import load_sop_file

IGNORE_FILE = ".gitignore"
EXAMPLE = "EX-001-example.sop.yaml"


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


def write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`, whole or not at all; False (and nothing written)
    when it exists."""
    return write_whole(path, text.encode("utf-8"), replace=False)


def new_sop(cwd: Path, sop_id: str, title: str, *, markdown: bool = False) -> Path:
    """Write `<ID>.sop.yaml` (or `.sop.md`) into the project's first source folder.
    Refused when an SOP of the project (in any file) already has that id, and when
    the file exists."""
    if not ID_PATTERN.fullmatch(sop_id):
        raise UsageError(Message("new.invalid_id", id=sop_id))
    if not title.strip():
        raise UsageError(Message("new.empty_title"))
    project = open_project([cwd])
    if project.config_findings:
        raise UsageError(Message("usage.config_invalid"))
    pattern = project.config.id_pattern
    if pattern and not re.search(pattern, sop_id):
        raise UsageError(Message("new.id_pattern", id=sop_id, pattern=pattern))
    holder = _file_with_id(project, sop_id)
    if holder is not None:
        raise UsageError(Message("new.id_taken", id=sop_id, path=holder))
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
    if not write_new(path, text):
        raise UsageError(Message("new.exists", path=str(path)))
    return path


def _file_with_id(project: Project, sop_id: str) -> str | None:
    """The project-relative file whose SOP has `sop_id` as its `id`, valid or not."""
    for item in discover(project):
        if item.refused is None:
            source = load_sop_file(item.path, project.rel(item.path))
            if source.raw_id == sop_id:
                return source.rel
    return None


def init_project(directory: Path) -> list[Message]:
    """Start a project in `directory` (see the module's docstring for what is written
    when); what was done, one message per file."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(Message("init.not_folder", path=str(directory)))
    if os.path.lexists(directory / CONFIG_NAME):
        return _existing_project(directory)
    fresh = not directory.exists() or all(e.name.startswith(".") for e in directory.iterdir())
    env = _environment()
    settings = env.get_template("init/sopc.yaml.j2").render(name=directory.resolve().name)
    config = _config_of(settings)
    sources = directory / config.sources[0]
    files = {directory / CONFIG_NAME: settings}
    if fresh:
        files[sources / EXAMPLE] = env.get_template("init/example.sop.yaml").render()
    files[directory / ".pre-commit-config.yaml"] = env.get_template(
        "init/pre-commit-config.yaml"
    ).render()
    files.update({directory / "schemas" / name: text for name, text in render_schemas().items()})
    said = [
        Message("files.wrote" if write_new(path, text) else "files.kept", path=str(path))
        for path, text in files.items()
    ]
    if not os.path.lexists(sources):
        sources.mkdir(parents=True)
    return [*said, _ignore(directory / IGNORE_FILE, _ignore_lines(config))]


def _existing_project(directory: Path) -> list[Message]:
    """A project is left as it is; only its .gitignore is looked at (and not changed)."""
    said = [
        Message("files.kept", path=str(directory / CONFIG_NAME)),
        Message("init.existing", folder=str(directory), schemas=str(directory / "schemas")),
    ]
    path = directory / IGNORE_FILE
    missing = _missing(_gitignore(path), _ignore_lines(open_project([directory]).config))
    if missing:
        said.append(Message("init.ignore_advice", path=str(path), lines=tuple(missing)))
    return said


def _config_of(settings: str) -> Config:
    """The configuration the template's sopc.yaml makes (its sources and output)."""
    tree, _ = parse_yaml(settings)
    return Config.model_validate(tree)


def _ignore_lines(config: Config) -> list[str]:
    """What git should not keep in a project: the output folder (where it is inside
    the project) and the cache, both made again by `sopc build`."""
    lines = [f"{CACHE_NAME}/"]
    out = Path(os.path.normpath(config.out))
    if not out.is_absolute() and out.parts and out.parts[0] != "..":
        lines.insert(0, f"/{out.as_posix()}/")
    return lines


def _gitignore(path: Path) -> str | None:
    """A .gitignore's text: empty when there is none, None when it is not a plain
    file that can be read (a link, a folder, not UTF-8)."""
    if not os.path.lexists(path):
        return ""
    text = None if path.is_symlink() else read_text(path)
    return text if isinstance(text, str) else None


def _missing(text: str | None, lines: list[str]) -> list[str]:
    """The lines a .gitignore lacks; `site`, `/site` and `site/` all count as `/site/`."""
    present = {line.strip().strip("/") for line in (text or "").splitlines()}
    return [line for line in lines if line.strip("/") not in present]


def _ignore(path: Path, lines: list[str]) -> Message:
    """Write the .gitignore, or add at its end the lines it lacks (it is never
    rewritten); one that is not a plain file is only told what to add."""
    if write_new(path, "".join(f"{line}\n" for line in lines)):
        return Message("files.wrote", path=str(path))
    text = _gitignore(path)
    missing = _missing(text, lines)
    if not missing:
        return Message("files.kept", path=str(path))
    if text is None:
        return Message("init.ignore_advice", path=str(path), lines=tuple(missing))
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(("\n" if text and not text.endswith("\n") else "") + "\n".join(missing) + "\n")
    return Message("init.added", path=str(path), lines=tuple(missing))
