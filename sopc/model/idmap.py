"""Which name stands for which id: the small XML part a Word file of sopc's carries
(`customXml/item1.xml`), so that `sopc import` of that file gives back the SOP's ids.

A Word page shows names (a step's title, a role's name), never ids. The map is
keyed by those names, not by row numbers, so it survives the edits people make in
Word: a reordered table keeps its ids, a renamed step gets a new one and the rest
keep theirs. Word keeps custom XML parts when it saves a file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from sopc.model.sop import SOP
from sopc.model.types import ID_PATTERN

NAMESPACE = "urn:sopc:ids:1"
KINDS = ("step", "role", "form", "exception")


@dataclass
class IdMap:
    sop: str | None = None
    ids: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})

    def get(self, kind: str, name: str) -> str | None:
        return self.ids[kind].get(name)


def write_ids(sop: SOP, role_names: dict[str, str], form_names: dict[str, str]) -> bytes:
    """The map of `sop`: its steps by title, exceptions by situation, and the roles
    and forms it shows by name (`role_names`, `form_names`: id → name)."""
    root = ET.Element(f"{{{NAMESPACE}}}ids", {"sop": sop.id})
    pairs: list[tuple[str, str, str]] = [("step", s.title, s.id) for s in sop.steps]
    pairs += [("exception", e.when, e.id) for e in sop.exceptions if e.id]
    pairs += [("role", name, role_id) for role_id, name in role_names.items()]
    pairs += [("form", name, form_id) for form_id, name in form_names.items()]
    for kind, name, ident in pairs:
        ET.SubElement(root, f"{{{NAMESPACE}}}{kind}", {"name": name, "id": ident})
    ET.register_namespace("", NAMESPACE)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def read_ids(blob: bytes | None) -> IdMap:
    """The map in `blob`; an empty one when there is none or it cannot be read (the
    names then get ids of their own)."""
    found = IdMap()
    if not blob or b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
        return found
    try:
        root = ET.fromstring(blob)
    except ET.ParseError:
        return found
    sop = root.get("sop")
    found.sop = sop if sop and ID_PATTERN.fullmatch(sop) else None
    for child in root:
        kind = child.tag.removeprefix(f"{{{NAMESPACE}}}")
        name, ident = child.get("name"), child.get("id")
        if kind in found.ids and name and ident and ID_PATTERN.fullmatch(ident):
            found.ids[kind].setdefault(name, ident)
    return found
