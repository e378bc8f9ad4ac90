"""What each page of the site was made from, so that a build renders only the pages
whose inputs changed, and the site stays byte for byte the site a cold build makes.

A page's *trace* is a key and the SOPs it read. The key hashes the build's settings
(`base`: sopc itself, sopc.yaml, the template overrides, the day, the history, the
documents built beside the site), then:

    an SOP's page      its own entry (file path and text), its chart and legend, and
                       the entries of the SOPs it looked up (`Manual.by_id`: `sop:`
                       references, hand-offs), as recorded while it was rendered
    every other page   every entry of the manual, in order (the index, the role
                       and form indexes, the matrix, the change log, the search index)

A page is rendered again unless its key, computed from this build's inputs with the
reads recorded last time, equals the key recorded last time and its file in the
output folder is the one that build wrote. Same inputs and same reads give the same
rendering, which reads the same SOPs: the recorded reads stay right (a dynamic
dependency trace, as build systems that verify traces keep them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sopc.cache import Memo
from sopc.render.site import Manual, SopEntry

V = TypeVar("V")


@dataclass(frozen=True)
class Trace:
    key: str
    reads: tuple[str, ...] = ()  # ids of the SOPs the page looked up, sorted

    def to_json(self) -> list[Any]:
        return [self.key, list(self.reads)]

    @classmethod
    def from_json(cls, value: object) -> Trace | None:
        """A trace as `to_json` wrote it, or None for anything else (a foreign state)."""
        if not isinstance(value, list) or len(value) != 2:
            return None
        key, reads = value
        if not isinstance(key, str) or not isinstance(reads, list):
            return None
        if not all(isinstance(read, str) for read in reads):
            return None
        return cls(key, tuple(reads))


class Traces:
    """The keys of one build's pages."""

    def __init__(self, manual: Manual, base: str, *, overridden: bool = False) -> None:
        self.manual = manual
        self.base = base
        self._whole: str | None = None
        # a project's own templates may read any SOP (`manual.sops` in a sidebar), not
        # only through `by_id`: then every key holds every entry
        self.everything = overridden

    def of_sop(self, entry: SopEntry, extra: Sequence[str], reads: Iterable[str]) -> Trace:
        """An SOP page's trace: its entry, `extra` (its chart, its legend), and the
        entries of the SOPs it read."""
        return self.of_entries((entry,), ("sop", *extra), reads)

    def of_entries(
        self, entries: Sequence[SopEntry], extra: Sequence[str], reads: Iterable[str]
    ) -> Trace:
        """The trace of what was made from `entries` and `extra`, having read `reads`."""
        ordered = tuple(sorted(set(reads)))
        parts = [self.base, *extra, *(entry.digest for entry in entries)]
        if self.everything:
            parts.append(self.whole())
        for sop_id in ordered:
            other = self.manual.by_id_quietly(sop_id)
            parts += [sop_id, other.digest if other else "-"]
        return Trace(_hash(parts), ordered)

    def of_manual(self, rel: str) -> Trace:
        """A page over the whole manual: every entry."""
        return Trace(_hash((self.base, rel, self.whole())))

    def whole(self) -> str:
        """Every entry of the manual, in order."""
        if self._whole is None:
            self._whole = _hash(entry.digest for entry in self.manual.sops)
        return self._whole


def _hash(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    """A key over a few strings (a page's chart and legend, a build's settings)."""
    return _hash(parts)


@dataclass(frozen=True)
class Kept(Generic[V]):
    """A part of a page, with the trace it was made under."""

    trace: Trace
    value: V
    owner: str = ""  # the file of the one SOP it was made from ("": several, or none)
    inner: tuple[str, ...] = ()  # the parts it was made of (kept while it is)


class Remember:
    """Parts of the manual's pages made from a few SOPs (one role's rows of one SOP, a
    form's section, an SOP's search records), kept in a memo between the builds of
    one process (`sopc serve`) and made again when their trace no longer holds. So a
    page over the whole manual costs what changed, not the whole manual."""

    def __init__(self, traces: Traces, memo: Memo[Kept[Any]] | None) -> None:
        self.traces = traces
        self.memo = memo
        self._making: list[list[str]] = []  # the parts asked for by each part being made

    def __call__(self, name: str, entries: Sequence[SopEntry], make: Callable[[], V]) -> V:
        if self.memo is None:
            return make()
        if self._making:
            self._making[-1].append(name)
        kept = self.memo.get(name)
        if kept is not None and self.traces.of_entries(entries, (name,), kept.trace.reads) == (
            kept.trace
        ):
            self.traces.manual.noted(kept.trace.reads)  # what it read, an outer part read
            self._keep(kept)
            value: V = kept.value
            return value
        self._making.append([])
        try:
            with self.traces.manual.reading() as reads:
                value = make()
        finally:
            inner = tuple(self._making.pop())
        owner = entries[0].source.rel if len(entries) == 1 else ""
        trace = self.traces.of_entries(entries, (name,), reads)
        self.memo.put(name, Kept(trace, value, owner, inner))
        return value

    def _keep(self, kept: Kept[Any]) -> None:
        """A part found: the parts it was made of are kept too (asked for), so that the
        next time it is made again, they are there."""
        assert self.memo is not None
        for name in kept.inner:
            if (part := self.memo.get(name)) is not None:
                self._keep(part)
