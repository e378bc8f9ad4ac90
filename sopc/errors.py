"""Errors that end a command with exit code 2 and a one-line message."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the catalogue loads when an error is made, not for `sopc --help`
    from sopc.i18n import Message


class UsageError(Exception):
    """Bad command-line input or an action sopc refuses (it would overwrite a file).

    Its `message` is said in the reader's language by `sopc.cli.main`, which knows
    the reader; `str()` of the error is its English, for logs and tracebacks."""

    def __init__(self, message: Message) -> None:
        from sopc.i18n import translator

        super().__init__(translator("en").say(message))
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message,))


WRITE_MESSAGES = {
    errno.ENOSPC: "write.disk_full",
    errno.EDQUOT: "write.disk_full",
    errno.EFBIG: "write.disk_full",  # a file size limit (RLIMIT_FSIZE) means the same
    errno.EROFS: "write.read_only",
    errno.EACCES: "write.no_permission",
    errno.EPERM: "write.no_permission",
}
"""The catalogue key for what went wrong, by errno; others are `write.failed`."""


def write_error(path: Path, exc: OSError) -> UsageError:
    """A file sopc could not write, said as what the reader can do about it (exit 2)."""
    from sopc.i18n import Message

    key = WRITE_MESSAGES.get(exc.errno or 0, "write.failed")
    return UsageError(Message(key, path=str(path), reason=exc.strerror or str(exc)))
