"""`sopc lsp`: the language server (sopc/lsp/), on the checks of `sopc check`.

The server is given the check and the rules' pages as services; this command keeps
one `pipeline.Reuse` per project, so that a check after an edit parses and checks
again only the files whose text changed (and those whose lookups in the project index
now answer differently)."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path

from sopc import pipeline
from sopc.commands.check import check
from sopc.commands.rules import describe_rule
from sopc.load.text import read_text
from sopc.lsp.state import Checked, Services
from sopc.project import CONFIG_NAME, is_sop_file, open_project, refusal


class ProjectChecks:
    """`sopc check` of a project with the editor's texts, kept warm between checks."""

    def __init__(self) -> None:
        self.reuse: dict[Path, pipeline.Reuse] = {}
        self.frozen = False

    def __call__(self, root: Path, texts: Mapping[Path, str]) -> Checked:
        config_path = root / CONFIG_NAME
        config_text = texts.get(config_path)
        readable = config_path.is_file() and refusal(config_path, root.resolve()) is None
        if config_text is None and readable:  # read once, for both uses; never via a link out
            on_disk = read_text(config_path)
            config_text = on_disk if isinstance(on_disk, str) else None  # else: reported
        project = open_project([root], config_text=config_text)
        reuse = self.reuse.setdefault(root, pipeline.Reuse())
        # an editor may keep a byte-order mark that reading from disk drops (`decode`)
        sops = {p: t.removeprefix("\ufeff") for p, t in texts.items() if is_sop_file(p.name)}
        result = check(
            [root], project=project, reuse=reuse, overlay=sops, keep_files=True, only=list(sops)
        )
        files = result.sources or list(reuse.files.values())
        # The project's trees and models, loaded by the first check, stay alive for the
        # session: frozen, the cyclic collector stops scanning them (a full collection
        # over 1,000 SOPs took 0.6 s, in the middle of an edit's check). Later garbage
        # is collected as usual.
        if not self.frozen:
            gc.freeze()
            self.frozen = True
        return Checked(project, result.findings, files, config_text)


def lsp(lang: str | None = None) -> None:
    """Serve the language server on stdin and stdout; messages in `lang` when given,
    else in each project's language (spec §4)."""
    from sopc.lsp.handlers import run

    run(Services(check=ProjectChecks(), describe=describe_rule, language=lang))
