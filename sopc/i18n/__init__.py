"""The label catalogue: every word and punctuation mark that sopc shows a person (the
manual, the flowchart, the diff and the history, and every finding, note and line
a command prints), one package per `language` of `sopc.yaml` (`en`, `zh_cn`), one
module per area. Nothing in sopc writes such a word itself.

Code and templates ask for a key, `t("key", **values)`. A key that a language
lacks falls back to English, so an incomplete catalogue shows words, not keys
(tests/test_i18n.py keeps the catalogues' keys equal). A label whose placeholders
take something other than text (a link, a Word field, a CSS counter) is split
with `parts`, so its words and punctuation still come from here.

What sopc says about the SOPs (findings, notes, errors) is made long before the
reader's language is known, so it travels as a `Message` (a key and its values)
and becomes text in `Translator.say`. The language of messages is chosen by
`message_language` (spec §4); the manual's labels always follow `language`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sopc.i18n import en, zh_cn
from sopc.i18n.message import Arg, Message
from sopc.i18n.zh_cn.rule_docs import DOCS as ZH_CN_RULE_DOCS

__all__ = [
    "CATALOGUES",
    "RULE_DOCS",
    "Message",
    "Slot",
    "Translator",
    "message_language",
    "translator",
]

FALLBACK = "en"
CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.LABELS, "zh-CN": zh_cn.LABELS}
LANGUAGES = tuple(CATALOGUES)
# The rules' documentation by language and code. English is not here: its source is
# each rule's docstring (sopc/rules/), which a language without a text falls back to.
RULE_DOCS: Mapping[str, Mapping[str, str]] = {"zh-CN": ZH_CN_RULE_DOCS}
ENVIRONMENT = "SOPC_LANG"


def message_language(asked: str | None = None, project: str | None = None) -> str:
    """The language of messages: `--lang`, else the `language` the project's sopc.yaml
    sets, else `SOPC_LANG`, else English (spec §4). An unknown `SOPC_LANG` is
    ignored, as a locale variable would be."""
    for choice in (asked, project, os.environ.get(ENVIRONMENT)):
        if choice is not None and choice in CATALOGUES:
            return choice
    return FALLBACK


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Slot:
    """A label's placeholder, `{name}`, where a writer puts a value of its own kind."""

    name: str


def parts(text: str) -> list[str | Slot]:
    """A label's text and placeholders in order, empty text left out:
    `第 {page} 页` → `["第 ", Slot("page"), " 页"]`."""
    pieces = _PLACEHOLDER.split(text)
    return [Slot(piece) if i % 2 else piece for i, piece in enumerate(pieces) if i % 2 or piece]


@dataclass(frozen=True, eq=False)
class Translator:
    """`t(key, **values)`: the label in `language` (English where it has none),
    formatted with `values`; a key no catalogue holds comes back as itself."""

    language: str
    labels: Mapping[str, str]

    def __call__(self, key: str, /, **values: object) -> str:
        text = self.labels.get(key, key)
        return text.format(**values) if values else text

    def say(self, message: Message | str) -> str:
        """A message as text in this language. Its values are shown as they are, a
        nested message in the same language, a list joined by `list_sep` (`a, b`,
        `a、b`), nothing as nothing. A message's label is always formatted, so its
        literal braces are doubled (`{{#step}}`) even when it has no values."""
        if isinstance(message, str):
            return message
        values = {name: self._shown(value) for name, value in message.args.items()}
        return self.labels.get(message.key, message.key).format(**values)

    def _shown(self, value: Arg) -> object:
        if isinstance(value, Message):
            return self.say(value)
        if isinstance(value, tuple):
            return self.labels["list_sep"].join(str(self._shown(item)) for item in value)
        return "" if value is None else value

    def parts(self, key: str) -> list[str | Slot]:
        """The label split at its placeholders (see `parts`)."""
        return parts(self.labels.get(key, key))


@lru_cache(maxsize=8)
def fingerprint(language: str) -> str:
    """A hash of every label of `language`: part of the key of cached text, so that an
    edited catalogue is never served from an old cache."""
    labels = translator(language).labels
    return hashlib.sha256(json.dumps(dict(labels), sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=8)
def translator(language: str) -> Translator:
    """The catalogue of `language` over the English one."""
    return Translator(language, {**CATALOGUES[FALLBACK], **CATALOGUES.get(language, {})})
