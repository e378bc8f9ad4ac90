"""Who reads this run's messages: the language sopc speaks in (spec §4). `--lang`,
else the `language` of the project's sopc.yaml, else SOPC_LANG, else English; for
a run that ended in an error, told from its command line alone. And where they read
it: the terminal (in colour when it is one) or the `--output` file."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sopc.i18n import Translator
    from sopc.model.config import Config


def reader(
    lang: str | None,
    config: Config | None = None,
    places: Sequence[Path] = (),
    config_file: Path | None = None,
) -> Translator:
    """The translator for this run's messages (spec §4): `--lang`, else the `language`
    the project's sopc.yaml sets, else SOPC_LANG, else English. The project's is read
    from `config` when the command has loaded a valid one, else from the sopc.yaml
    of the project at `places` (the current folder when there are none)."""
    from sopc.i18n import message_language, translator

    chosen = config.message_language if config is not None else None
    if lang is None and config is None:
        from sopc.project import language_at

        chosen = language_at(places, config_file)
    return translator(message_language(lang, chosen))


def invocation_reader() -> Translator:
    """The reader of a run that ended in an error, told from its command line alone (the
    command's own state is gone): the value of `--lang`, else the language of the
    project that the first argument naming an existing file or folder belongs to
    (the current folder's when no argument does), else SOPC_LANG, else English."""
    from sopc.i18n import CATALOGUES, translator

    args = sys.argv[1:]
    lang = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    places = [place for arg in args[1:] if (place := named_place(arg)) is not None]
    try:
        return reader(lang if lang in CATALOGUES else None, places=places[:1])
    except Exception:  # what went wrong may be what the lookup reads: say it in English
        return translator("en")


def named_place(arg: str) -> Path | None:
    """The file or folder an argument names: one that exists, or one that is a path
    into a folder that exists (`sops/CS-01.sop.yaml`; not `CS-01` nor `json`)."""
    if arg.startswith("-"):
        return None
    folder = os.path.dirname(arg)
    return Path(arg) if os.path.lexists(arg) or (folder and os.path.isdir(folder)) else None


def emit(text: str, output: Path | None) -> None:
    """A report to stdout, or into the `--output` file."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def use_color(output: Path | None) -> bool:
    """Colour for a terminal, never for a file; NO_COLOR and FORCE_COLOR decide first."""
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()
