"""When to rebuild: the files a build reads changed, and the changes settled.

watchfiles (Rust's `notify`) reports changes under the project's root; only those a
build reads count: SOP files (`*.sop.yaml`, `*.sop.md`), sopc.yaml and the files of
the template overrides. Editors' swap and backup files (`.x.swp`, `x~`, `.#x`,
vim's `4913`), dot-folders (`.git`, `.sopc-cache`) and the output folder never do.
An editor's atomic save (write a temporary file, rename it over the old one) is one
settled change: a batch is yielded once nothing changed for `SETTLE_MS`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from sopc.project import Project, is_sop_file

SETTLE_MS = 100  # quiet time that ends a batch of changes
LONGEST_MS = 1500  # a batch is yielded after this long even while changes go on


class Sources:
    """The watch filter: does a changed path matter to a build of `project`?"""

    def __init__(self, project: Project) -> None:
        self.refresh(project)

    def refresh(self, project: Project) -> None:
        """Follow sopc.yaml: a new `out` or `build.templates` folder counts from now."""
        self.root = project.root.resolve()
        self.config = project.config_path.resolve() if project.config_path else None
        templates = project.config.build.templates
        self.templates = (self.root / templates).resolve() if templates else None
        self.out = project.out_dir

    def __call__(self, _change: object, path: str) -> bool:
        candidate = Path(path)
        name = candidate.name
        if name.endswith(("~", ".swp", ".swx", ".tmp")) or name.startswith(".#") or name == "4913":
            return False
        if self.config is not None and candidate == self.config:
            return True
        try:
            inside = candidate.relative_to(self.root)
        except ValueError:
            return False
        if candidate == self.out or self.out in candidate.parents:
            return False
        if any(part.startswith(".") for part in inside.parts):
            return False
        if self.templates is not None and self.templates in candidate.parents:
            return True
        # an SOP file, or a folder (moved or removed, it may hold SOPs: the build's
        # fingerprint says whether anything it reads changed)
        return is_sop_file(name) or candidate.is_dir() or "." not in name


def changes(watching: Sources, stop: threading.Event) -> Iterator[set[Path]]:
    """Each settled batch of changed paths that matter, until `stop` is set; an empty
    one each `rust_timeout` with nothing changed, the first of them once the watcher
    is up (what was saved before it started is then caught up)."""
    from watchfiles import watch

    for batch in watch(
        watching.root,
        watch_filter=watching,
        debounce=LONGEST_MS,
        step=SETTLE_MS,
        stop_event=stop,
        rust_timeout=500,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        yield {Path(path) for _change, path in batch}
