"""Which version a change needs, by `policy.major_changes` / `patch_changes`:
a change in a major category needs a new major version, one in a patch
category a patch, any other change to the procedure a minor version;
document control (status, approval, review, revisions) needs none.

`verdict()` is the one place that weighs the version an author gave against
the one the changes need: `sopc diff` reports it, SOP501 and SOP504 enforce it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from sopc.change.compare import Change, compare
from sopc.model.config import Policy
from sopc.model.sop import SOP
from sopc.model.types import version_key


class Level(IntEnum):
    """A version step, in order. Changes need `none` to `major`; `down` is only
    ever a step taken (a lower version), and is less than any need."""

    DOWN = -1
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    def __str__(self) -> str:
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class Verdict:
    """What the version policy says of one changed SOP."""

    needed: Level  # the smallest step the changes call for
    step: Level  # the step the author took, old version → new
    suggested: str  # the version to give it (the new one when it is enough)

    @property
    def enough(self) -> bool:
        return self.step >= self.needed


def verdict(old: SOP, new: SOP, policy: Policy, changes: Sequence[Change] | None = None) -> Verdict:
    """The verdict on `old` → `new`; pass `changes` (`compare(old, new)`) when they
    are at hand, so that they are not compared twice."""
    level = needed(compare(old, new) if changes is None else changes, policy)
    step = bump(old.version, new.version)
    if step >= level and step is not Level.NONE:
        return Verdict(level, step, new.version)
    return Verdict(level, step, next_version(old.version, level))


def recorded(sop: SOP, version: str) -> bool:
    """Whether `sop`'s revisions have an entry for `version`: then `sopc diff` offers
    no other entry for it."""
    return any(version_key(entry.version) == version_key(version) for entry in sop.revisions)


def needed(changes: Iterable[Change], policy: Policy) -> Level:
    """The smallest version step the changes call for."""
    level = Level.NONE
    for change in changes:
        if change.category == "document":
            continue
        if change.category in policy.major_changes:
            return Level.MAJOR
        level = max(level, Level.PATCH if change.category in policy.patch_changes else Level.MINOR)
    return level


def bump(old: str, new: str) -> Level:
    """The step from version `old` to `new`: none, patch, minor, major, or down."""
    a, b = version_key(old), version_key(new)
    if b < a:
        return Level.DOWN
    if b[0] > a[0]:
        return Level.MAJOR
    if b[1] > a[1]:
        return Level.MINOR
    return Level.PATCH if b > a else Level.NONE


def next_version(old: str, level: Level) -> str:
    """The version after `old` for a change of `level` ("1.2" + minor → "1.3")."""
    major, minor, patch = version_key(old)
    if level is Level.MAJOR:
        return f"{major + 1}.0"
    if level is Level.MINOR:
        return f"{major}.{minor + 1}"
    if level is Level.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return old
