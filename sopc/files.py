"""Writing a file whole or not at all: the one way sopc writes (the site, the cache,
new SOPs).

The bytes go to a temporary file beside the target (`.sopc-*.tmp`, on the same
filesystem), which then takes the target's name: by a rename, which replaces an old
file in one step, or by a hard link, which fails rather than replace one. A process
killed half-way, or a disk that fills up, leaves the old file (or none) and no
temporary file; a failed write is said as what the reader can do about it
(`errors.write_error`, exit 2).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sopc.errors import write_error

PREFIX = ".sopc-"  # of every temporary file: a folder sopc writes into may hold them


def write_whole(target: Path, data: bytes, *, replace: bool = True) -> bool:
    """Write `target`; with `replace=False` never over an existing file, and False
    (nothing written) when there is one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=PREFIX, suffix=".tmp")
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError as exc:
        raise write_error(target, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True
