"""The label catalogue: every word and punctuation mark that sopc shows a reader of
the manual, the flowchart, the diff and the history, one module per `language` of
`sopc.yaml` (`en`, `zh_cn`). Nothing in sopc writes such a word itself.

Code and templates ask for a key, `t("key", **values)`. A key that a language
lacks falls back to English, so an incomplete catalogue shows words, not keys
(tests/test_i18n.py keeps the catalogues' keys equal). A label whose placeholders
take something other than text (a link, a Word field, a CSS counter) is split
with `parts`, so its words and punctuation still come from here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sopc.i18n import en, zh_cn

FALLBACK = "en"
CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.LABELS, "zh-CN": zh_cn.LABELS}

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
