"""The names a checked project defines, and where: what hover, completion, go to
definition and find references look up.

Read from the files' positioned trees, like `locate.py`: an SOP that does not
validate still defines its steps and roles while the author types. Roles and forms
are the organisation's (`sopc.yaml`) and each SOP's own; an SOP's own shadows the
organisation's within that SOP, as in the rules (`SopContext.roles`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sopc.findings import FILE_START, Span
from sopc.load.tree import PMap, PSeq, Value, span_of
from sopc.lsp.locate import Kind, Spot, spots
from sopc.project import Project
from sopc.sources import SopFile


@dataclass(frozen=True)
class Place:
    """A place in a file of the project (`rel`: as findings name files)."""

    rel: str
    span: Span


@dataclass(frozen=True)
class Named:
    """A role, form, step or SOP: its id, display name and the facts a hover shows."""

    kind: Kind
    id: str
    name: str
    place: Place
    facts: dict[str, str] = field(default_factory=dict)  # department, status, version…


@dataclass
class Names:
    """One project's definitions and uses, from its files as last checked."""

    project: Project
    files: dict[str, SopFile]  # by rel
    earlier: dict[str, Value] = field(default_factory=dict)  # last trees of unparsable files
    _spots: dict[str, list[Spot]] = field(default_factory=dict, init=False)

    @classmethod
    def of(cls, project: Project, files: list[SopFile], before: Names | None = None) -> Names:
        """The names of `files`; a file that does not parse now (the author is typing
        `next: [rec`) keeps defining what it defined `before`."""
        earlier: dict[str, Value] = {}
        for source in files:
            if source.tree is None and before is not None:
                tree = before.defining_tree(source.rel)
                if tree is not None:
                    earlier[source.rel] = tree
        return cls(project, {f.rel: f for f in files}, earlier)

    @property
    def config_rel(self) -> str | None:
        path = self.project.config_path
        return self.project.rel(path) if path is not None else None

    def tree_of(self, rel: str) -> Value:
        if rel == self.config_rel:
            return self.project.config_tree
        found = self.files.get(rel)
        return found.tree if found is not None else None

    def defining_tree(self, rel: str) -> Value:
        """The tree that says what file `rel` defines: its own, else its last one."""
        tree = self.tree_of(rel)
        return tree if tree is not None else self.earlier.get(rel)

    def spots_of(self, rel: str) -> list[Spot]:
        if rel not in self._spots:
            self._spots[rel] = spots(self.tree_of(rel))
        return self._spots[rel]

    def roles(self, rel: str) -> dict[str, Named]:
        """The roles an SOP can name: the organisation's and its own."""
        return {**self._defined("roles", Kind.ROLE, None), **self._defined("roles", Kind.ROLE, rel)}

    def forms(self, rel: str) -> dict[str, Named]:
        return {**self._defined("forms", Kind.FORM, None), **self._defined("forms", Kind.FORM, rel)}

    def _defined(self, section: str, kind: Kind, rel: str | None) -> dict[str, Named]:
        """The roles or forms defined under `section` of an SOP (or of sopc.yaml)."""
        owner = rel if rel is not None else self.config_rel
        tree = self.defining_tree(owner) if owner is not None else None
        items = tree.get(section) if isinstance(tree, PMap) else None
        if owner is None or not isinstance(items, PMap):
            return {}
        found = {}
        for item_id, value in items.items():
            facts = _texts(value)
            name = facts.pop("name", item_id)
            place = Place(owner, Span(*items.key_spans[item_id]))
            found[item_id] = Named(kind, item_id, name, place, facts)
        return found

    def steps(self, rel: str) -> dict[str, Named]:
        tree = self.defining_tree(rel)
        items = tree.get("steps") if isinstance(tree, PMap) else None
        found: dict[str, Named] = {}
        for index, value in enumerate(items if isinstance(items, PSeq) else []):
            facts = _texts(value)
            step_id = facts.pop("id", None)
            if step_id:
                place = Place(rel, span_of(tree, ("steps", index, "id")))
                title = facts.pop("title", "")
                found.setdefault(step_id, Named(Kind.STEP, step_id, title, place, facts))
        return found

    def sops(self) -> dict[str, Named]:
        """Every SOP of the project by id (the first file that gives an id)."""
        found: dict[str, Named] = {}
        for rel in sorted(self.files):
            source = self.files[rel]
            if source.raw_id is None or source.raw_id in found:
                continue
            tree = self.defining_tree(rel)
            facts = _texts(tree)
            span = span_of(tree, ("id",)) if isinstance(tree, PMap) and "id" in tree else FILE_START
            title = facts.get("title", "")
            shown: dict[str, str] = {k: facts[k] for k in ("status", "version") if k in facts}
            found[source.raw_id] = Named(Kind.SOP, source.raw_id, title, Place(rel, span), shown)
        return found

    def lookup(self, rel: str, spot: Spot) -> Named | None:
        """What `spot` (in file `rel`) names, where it is defined."""
        if spot.kind is Kind.ROLE:
            return self.roles(rel).get(spot.word)
        if spot.kind is Kind.FORM:
            return self.forms(rel).get(spot.word)
        if spot.kind is Kind.STEP:
            return self.steps(rel).get(spot.word)
        if spot.kind is Kind.SOP:
            return self.sops().get(spot.word)
        return None

    def role_uses(self, role_id: str, rel: str) -> Iterator[tuple[Place, bool]]:
        """Every place that names the role `role_id` means in file `rel`, and whether it
        defines it there, in file order: an SOP's own role is named in that SOP only;
        the organisation's in every SOP that has no role of that id of its own."""
        if role_id in self._defined("roles", Kind.ROLE, rel):
            files = [rel]
        else:
            organisation = self._defined("roles", Kind.ROLE, None)
            if role_id in organisation:
                yield organisation[role_id].place, True
            files = [
                f for f in sorted(self.files) if role_id not in self._defined("roles", Kind.ROLE, f)
            ]
        for name in files:
            for spot in self.spots_of(name):
                if spot.kind is Kind.ROLE and spot.word == role_id:
                    yield Place(name, spot.span), spot.defines

    def path_of(self, rel: str) -> Path:
        return self.project.root / rel


def _texts(value: Value) -> dict[str, str]:
    """A mapping's text values by key (what a hover can show of it)."""
    if not isinstance(value, PMap):
        return {}
    return {key: item for key, item in value.items() if isinstance(item, str)}
