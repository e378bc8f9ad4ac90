"""Errors that end a command with exit code 2 and a one-line message."""

from __future__ import annotations

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
