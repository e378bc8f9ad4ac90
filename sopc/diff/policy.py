"""Which version a change needs, by `policy.major_changes` / `patch_changes`:
a change in a major category needs a new major version, one in a patch
category a patch, any other change to the procedure a minor version;
document control (status, approval, review, revisions) needs none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sopc.diff.compare import Change
from sopc.model.config import Policy
from sopc.model.types import version_key

Level = Literal["none", "patch", "minor", "major"]
LEVELS: tuple[Level, ...] = ("none", "patch", "minor", "major")


def needed(changes: Iterable[Change], policy: Policy) -> Level:
    """The smallest version step the changes call for."""
    level: Level = "none"
    for change in changes:
        if change.category == "document":
            continue
        if change.category in policy.major_changes:
            return "major"
        step: Level = "patch" if change.category in policy.patch_changes else "minor"
        level = max(level, step, key=LEVELS.index)
    return level


def bump(old: str, new: str) -> Level | Literal["down"]:
    """The step from version `old` to `new`: none, patch, minor, major, or down."""
    a, b = version_key(old), version_key(new)
    if b < a:
        return "down"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "minor"
    return "patch" if b > a else "none"


def next_version(old: str, level: Level) -> str:
    """The version after `old` for a change of `level` ("1.2" + minor → "1.3")."""
    major, minor, patch = version_key(old)
    if level == "major":
        return f"{major + 1}.0"
    if level == "minor":
        return f"{major}.{minor + 1}"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return old
