"""One SOP file through the first two stages: text → positioned tree → `SOP` model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from sopc.findings import FILE_START, Finding
from sopc.load.markdown import MarkdownBody, split_markdown
from sopc.load.text import TextProblem, read_text
from sopc.load.tree import PMap, Value
from sopc.load.yaml import parse_yaml
from sopc.model.errors import validation_findings
from sopc.model.sop import SOP


@dataclass
class SopFile:
    """A source file and what could be made of it.

    `raw_id` is the `id` as written even when the SOP does not validate, so
    references to a broken SOP are not also reported as unknown.
    """

    path: Path
    rel: str
    tree: Value = None
    sop: SOP | None = None
    body: MarkdownBody | None = None
    raw_id: str | None = None
    text: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_markdown(self) -> bool:
        return self.rel.endswith(".md")


def load_sop_file(path: Path, rel: str) -> SopFile:
    """Read, parse and validate one SOP file; every problem becomes a finding."""
    return parse_sop_file(path, rel, read_text(path))


def parse_sop_file(path: Path, rel: str, text: str | TextProblem) -> SopFile:
    """Parse and validate an SOP file's text (from disk, or from git at a revision)."""
    source = SopFile(path, rel)
    if isinstance(text, TextProblem):
        source.findings.append(Finding(rel, text.span, text.code, text.message))
        return source
    source.text = text
    yaml_text, line_offset = text, 0
    if source.is_markdown:
        split = split_markdown(text)
        source.findings += [Finding(rel, p.span, p.code, p.message) for p in split.problems]
        if split.front_matter is None:
            return source
        yaml_text, line_offset, source.body = (
            split.front_matter,
            split.front_matter_line,
            split.body,
        )
    tree, problems = parse_yaml(yaml_text, line_offset)
    source.tree = tree
    source.findings += [Finding(rel, p.span, p.code, p.message) for p in problems]
    if tree is None and problems:
        return source
    if isinstance(tree, PMap) and isinstance(tree.get("id"), str):
        source.raw_id = tree["id"]
    if tree is None:
        message = "the file is empty: an SOP needs at least id, title, version and steps"
        source.findings.append(Finding(rel, FILE_START, "SOP005", message))
        return source
    if not isinstance(tree, PMap):
        kind = "a list" if isinstance(tree, list) else "a single value"
        message = f"an SOP file holds a mapping of fields (id: …, title: …), not {kind}"
        source.findings.append(Finding(rel, FILE_START, "SOP007", message))
        return source
    if any(f.code == "SOP002" for f in source.findings):
        return source  # which of the duplicates is meant is for the author to say
    try:
        source.sop = SOP.model_validate(tree)
    except ValidationError as error:
        source.findings += validation_findings(error, SOP, tree, rel, source.raw_id)
    return source
