"""One SOP file through the first two stages: text → positioned tree → `SOP` model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from sopc.findings import FILE_START, Finding
from sopc.i18n import Message
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
    released: bool = False  # the tree let go of (`release`)

    @property
    def is_markdown(self) -> bool:
        return self.rel.endswith(".md")

    def release(self) -> None:
        """Let go of the positioned tree once the model is made. A build holds every
        SOP while it checks them, and the trees are most of that (0.1 MiB an SOP);
        only a finding needs one again (`positioned`)."""
        self.tree, self.released = None, self.released or self.tree is not None

    def positioned(self) -> Value:
        """The positioned tree, parsed again from the text if it was let go of."""
        if self.released and self.text is not None:
            self.tree = parse_yaml(*_yaml_of(self.text, self.is_markdown))[0]
            self.released = False
        return self.tree


def load_sop_file(path: Path, rel: str, *, positions: bool = True) -> SopFile:
    """Read, parse and validate one SOP file; every problem becomes a finding."""
    return parse_sop_file(path, rel, read_text(path), positions=positions)


def parse_sop_file(
    path: Path, rel: str, text: str | TextProblem, *, positions: bool = True
) -> SopFile:
    """Parse and validate an SOP file's text (from disk, or from git at a revision).
    Without `positions`, the tree has no spans below its mappings and sequences: for a
    file to be `release`d at once (its findings place themselves with `positioned`)."""
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
    tree, problems = parse_yaml(yaml_text, line_offset, positions=positions)
    source.tree = tree
    source.findings += [Finding(rel, p.span, p.code, p.message) for p in problems]
    if tree is None and problems:
        source.raw_id = written_id(yaml_text)
        return source
    if isinstance(tree, PMap) and isinstance(tree.get("id"), str):
        source.raw_id = tree["id"]
    if tree is None:
        source.findings.append(Finding(rel, FILE_START, "SOP005", Message("sop_file.empty")))
        return source
    if not isinstance(tree, PMap):
        kind = Message("sop_file.list" if isinstance(tree, list) else "sop_file.single_value")
        message = Message("sop_file.not_a_mapping", kind=kind)
        source.findings.append(Finding(rel, FILE_START, "SOP007", message))
        return source
    if any(f.code == "SOP002" for f in source.findings):
        return source  # which of the duplicates is meant is for the author to say
    try:
        source.sop = SOP.model_validate(tree)
    except ValidationError as error:
        tree = tree if positions else parse_yaml(yaml_text, line_offset)[0]
        source.findings += validation_findings(error, SOP, tree, rel, source.raw_id)
    return source


def _yaml_of(text: str, markdown: bool) -> tuple[str, int]:
    """The YAML of a file's text and the line it starts after: a Markdown file's
    front matter (empty when it has none), or the whole text."""
    if not markdown:
        return text, 0
    split = split_markdown(text)
    return split.front_matter or "", split.front_matter_line


_ID_LINE = re.compile(r"""^id[ \t]*[:：][ \t\u3000]*["']?([^\s"'#,{}\[\]]+)""", re.MULTILINE)


def written_id(yaml_text: str) -> str | None:
    """The `id` of a file whose YAML could not be read, from its top-level `id:` line
    (a full-width colon too): the file exists and says which SOP it is, so `sop:`
    references to it are not also reported as unknown while its mistake is fixed."""
    match = _ID_LINE.search(yaml_text)
    return match[1] if match else None
