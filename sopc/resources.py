"""Where the built-in templates and schemas are: inside the installed package
(the wheel carries them), or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """`templates` or `schemas`, wherever this sopc runs from."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sopc's {name}/ folder is missing from the installation")
