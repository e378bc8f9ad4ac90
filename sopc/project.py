"""A project: its root, its `sopc.yaml`, and the SOP files under its sources (spec §1).

Commands find the root from the paths they are given: the nearest folder at
or above them that holds `sopc.yaml`; failing that, the folder given (or the
current one). Nothing outside the root is read through a symbolic link.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from sopc.errors import UsageError
from sopc.findings import FILE_START, Finding
from sopc.i18n import CATALOGUES, Message
from sopc.load.text import TextProblem, read_text
from sopc.load.tree import PMap, Value, span_of
from sopc.load.yaml import parse_yaml
from sopc.model.config import Config
from sopc.model.errors import validation_findings

CONFIG_NAME = "sopc.yaml"
SOP_SUFFIXES = (".sop.yaml", ".sop.yml", ".sop.md")


@dataclass
class Project:
    root: Path
    config: Config
    config_path: Path | None
    config_findings: list[Finding] = field(default_factory=list)
    config_tree: Value = field(default=None, repr=False)  # for spans in later checks

    def rel(self, path: Path) -> str:
        """`path` relative to the root, POSIX-style, as findings show it."""
        text, root = str(path), str(self.root)
        if os.sep == "/" and text.startswith(root) and text[len(root) : len(root) + 1] == "/":
            return text[len(root) + 1 :]  # what relative_to says, without its parsing
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def out_dir(self) -> Path:
        return (self.root / self.config.out).resolve()

    @cached_property
    def repo_prefix(self) -> str:
        """The root's path inside its git repository (`""` at the top, or no repository):
        CI tools want repository-relative paths. Asked once per finding: looked up once."""
        for folder in (self.root, *self.root.parents):
            if (folder / ".git").exists():
                prefix = self.root.relative_to(folder).as_posix()
                return "" if prefix == "." else prefix + "/"
        return ""


def is_sop_file(name: str) -> bool:
    return name.endswith(SOP_SUFFIXES)


def find_root(paths: Sequence[Path], config_file: Path | None = None) -> tuple[Path, Path | None]:
    """The project root and its config file (None when there is none)."""
    if config_file is not None:
        if not config_file.is_file():
            raise UsageError(Message("project.config_not_found", path=str(config_file)))
        return config_file.resolve().parent, config_file.resolve()
    cwd = Path.cwd().resolve()
    starts = [anchored(p) for p in paths] or [cwd]
    for path in starts:
        if not os.path.lexists(path):
            raise UsageError(Message("project.no_such_path", path=str(path)))
    roots = {_root_for(p, cwd) for p in starts}
    if len(roots) > 1:
        shown = tuple(str(root) for root in roots)
        raise UsageError(Message("project.different_projects", roots=shown))
    root = roots.pop()
    config = root / CONFIG_NAME
    return root, config if config.is_file() else None


def anchored(path: Path) -> Path:
    """`path` made absolute with its folders resolved but not its last part, so a
    named symbolic link stays a link (and is refused if it leads outside)."""
    absolute = Path(os.path.normpath(path.absolute()))
    return (real(absolute.parent) or absolute.parent) / absolute.name


def real(path: Path) -> Path | None:
    """`path.resolve()`, or None where a link loops or cannot be followed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _root_for(path: Path, cwd: Path) -> Path:
    is_folder = path.is_dir() and not path.is_symlink()
    folder = path if is_folder else path.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    if is_folder:
        return path
    return cwd if path.is_relative_to(cwd) else folder


def open_project(
    paths: Sequence[Path], config_file: Path | None = None, *, config_text: str | None = None
) -> Project:
    """Find the root and read `sopc.yaml` (as `config_text` when given: an editor's
    unsaved text); its problems become SOP008 findings."""
    root, config_path = find_root(paths, config_file)
    if config_path is None:
        return Project(root, Config(), None)
    rel = config_path.relative_to(root).as_posix()
    if config_file is None and (reason := refusal(config_path, root)):
        return _broken(root, config_path, [Finding(rel, FILE_START, "SOP008", reason)])
    text = read_text(config_path) if config_text is None else config_text
    if isinstance(text, TextProblem):
        return _broken(root, config_path, [Finding(rel, text.span, "SOP008", text.message)])
    tree, problems = parse_yaml(text)
    findings = [Finding(rel, p.span, "SOP008", p.message) for p in problems]
    if tree is None and not findings:
        return Project(root, Config(), config_path)
    if tree is None:
        return _broken(root, config_path, findings)
    try:
        config = Config.model_validate(tree)
    except ValidationError as error:
        findings += validation_findings(error, Config, tree, rel, code_override="SOP008")
        return _broken(root, config_path, findings)
    findings += _check_config(config, tree, root, rel)
    return Project(root, config, config_path, findings, tree)


def _broken(root: Path, config_path: Path, findings: list[Finding]) -> Project:
    return Project(root, Config(), config_path, findings)


def _check_config(config: Config, tree: Value, root: Path, rel: str) -> list[Finding]:
    """What the schema cannot say: the id regex, source folders. (Rule names and
    levels are the rules' to check: `sopc.rules.settings`.)"""
    findings = []
    if config.id_pattern is not None:
        try:
            re.compile(config.id_pattern)
        except re.error as exc:
            message = Message("project.bad_id_pattern", error=str(exc))
            findings.append(Finding(rel, span_of(tree, ("id_pattern",)), "SOP008", message))
    real_root = root.resolve()
    for index, source in enumerate(config.sources):
        folder = real(root / source)
        if folder is None or not folder.is_relative_to(real_root):
            message = Message("project.source_outside", source=source)
        elif not folder.is_dir():
            message = Message("project.source_missing", source=source)
        else:
            continue
        findings.append(Finding(rel, span_of(tree, ("sources", index)), "SOP008", message))
    return findings


@dataclass(frozen=True, slots=True)
class Discovered:
    """A SOP file found under the sources, or a link that was not followed."""

    path: Path
    refused: Message | None = None


def discover(project: Project) -> Iterator[Discovered]:
    """SOP files under the sources, sorted, skipping dot-folders and the output folder."""
    real_root = project.root.resolve()
    skip = {project.out_dir}
    seen: set[Path] = set()
    for source in project.config.sources:
        top = real(project.root / source)
        if top is None or not top.is_dir() or not top.is_relative_to(real_root):
            continue
        for folder, dirs, files in os.walk(top):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if _descend(here / d, skip))
            for name in sorted(files):
                path = here / name
                if not is_sop_file(name) or path in seen:
                    continue
                seen.add(path)
                # os.walk does not follow linked folders: only a link can lead outside
                yield Discovered(path, refusal(path, real_root) if path.is_symlink() else None)
            for name in dirs:
                if (here / name).is_symlink():
                    reason = refusal(here / name, real_root)
                    if reason:
                        yield Discovered(here / name, reason)


def _descend(path: Path, skip: set[Path]) -> bool:
    return not (path.name.startswith(".") or real(path) in skip)


def refusal(path: Path, real_root: Path) -> Message | None:
    """Why `path` is not read: a link pointing outside the project."""
    target = real(path)
    if target is None:
        return Message("project.link_loop")
    if target.is_relative_to(real_root):
        return None
    shown = os.readlink(path) if path.is_symlink() else target
    return Message("project.link_outside", target=str(shown))


def refused_finding(project: Project, item: Discovered) -> Finding:
    assert item.refused is not None
    return Finding(project.rel(item.path), FILE_START, "SOP004", item.refused)


def language_at(places: Sequence[Path], config_file: Path | None = None) -> str | None:
    """The `language` set in the sopc.yaml of the project that the first of `places`
    (its folder, when it is missing) belongs to, found as the commands find it. Only
    that key is read, the rest is not validated (this runs when a command could not
    load the project, to say why in its language): a sopc.yaml with a mistake elsewhere
    still says in which language the mistake is reported. A link out of the project
    is not read."""
    start = [Path(places[0])] if places else []
    if start and not os.path.lexists(start[0]):
        start = [start[0].parent]  # a file that is not there yet: its folder's project
    try:
        root, found = find_root(start, config_file)
        if found is None or (config_file is None and refusal(found, root.resolve())):
            return None
    except (UsageError, OSError):
        return None
    text = read_text(found)
    tree = parse_yaml(text)[0] if isinstance(text, str) else None
    language = tree.get("language") if isinstance(tree, PMap) else None
    return language if isinstance(language, str) and language in CATALOGUES else None
