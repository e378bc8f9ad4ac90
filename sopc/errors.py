"""Errors that end a command with exit code 2 and a one-line message."""


class UsageError(Exception):
    """Bad command-line input or an action sopc refuses (it would overwrite a file)."""
