"""`Message`: a sentence for a person, kept as data until a writer knows the reader.

A finding, a note or a usage error is made where sopc knows *what* to say, deep in
the loader or a rule, long before it knows in which language the person reading
the report wants it (`--lang`, the project's `language`, `SOPC_LANG`). So it
travels as a catalogue key and its values; `Translator.say` turns it into text at
the edge, in a report, a summary line or the language server.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

Arg = Union[str, int, float, Decimal, "Message", None, tuple["Arg", ...]]
"""A value a message quotes: text and numbers as they are, a nested message in the
same language, nothing (shown as nothing), or a list (joined by the language's
`list_sep`: `a, b`, `a、b`)."""


class Message:
    """`Message("msg.unknown_role", role="cs-agnet", hint=…)`: the key of a label in
    the catalogue and the values of its placeholders.

    Equal messages have equal keys and values; messages are hashable and pickle
    (findings cross process boundaries when a large project is checked)."""

    __slots__ = ("args", "key")

    key: str
    args: dict[str, Arg]

    def __init__(self, key: str, /, **args: Arg | list[Arg]) -> None:
        self.key = key
        self.args = {name: _frozen(value) for name, value in args.items()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.args) == (other.key, other.args)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted(self.args.items()))))

    def __lt__(self, other: Message) -> bool:
        return (self.key, repr(self.args)) < (other.key, repr(other.args))

    def __repr__(self) -> str:
        values = "".join(f", {name}={value!r}" for name, value in self.args.items())
        return f"Message({self.key!r}{values})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.key, self.args))


def _rebuild(key: str, args: dict[str, Arg]) -> Message:
    return Message(key, **args)


def _frozen(value: object) -> Arg:
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value  # type: ignore[return-value]
