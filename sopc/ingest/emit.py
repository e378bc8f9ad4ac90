"""An imported SOP as the YAML an author would write: the format's field order,
block style, multi-line text as literal blocks, and every scalar quoted where
YAML would read it as something else (`"2.1"`, `"2026-07-01"`, `"0"`), so that the
file means exactly what was read. Same input, same bytes."""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def sop_yaml(sop: dict[str, Any], header: str) -> str:
    """The file's text: `header` as a comment line, then the SOP."""
    body = yaml.dump(
        sop, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
        default_flow_style=False,
    )  # fmt: skip
    return f"# {header}\n{body}"


_ITEM = re.compile(r"^(?:- |\d{1,3}\. )")


def sop_markdown(
    sop: dict[str, Any], header: str, sections: list[tuple[str, str, list[str]]]
) -> str:
    """A Markdown SOP: the fields as front matter, then a section per step with details
    (`## 标题 {#id}`), its list items kept together and its paragraphs apart."""
    body = []
    for title, step_id, lines in sections:
        text = ""
        for index, line in enumerate(lines):
            together = index and _ITEM.match(line) and _ITEM.match(lines[index - 1])
            text += ("\n" if together else "\n\n" if index else "") + line
        body.append(f"## {title} {{#{step_id}}}\n\n{text}\n")
    return f"---\n{sop_yaml(sop, header)}---\n\n" + "\n".join(body)
