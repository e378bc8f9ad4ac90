"""The site's search: what the search box finds, written as a script
(`assets/search-index.js`) so that it also works from `file://`."""

from __future__ import annotations

import json
from typing import Any

from sopc.i18n import translator
from sopc.render.site import Manual


def search_script(manual: Manual) -> str:
    """`assets/search-index.js`: the index and the names of its kinds."""
    t = translator(manual.config.language)
    kinds = {"sop": t("sops"), "step": t("step"), "role": t("role"), "form": t("forms")}
    return (
        "window.SOPC_INDEX = "
        + json.dumps(search_index(manual), ensure_ascii=False, separators=(",", ":"))
        + ";\nwindow.SOPC_KINDS = "
        + json.dumps(kinds, ensure_ascii=False)
        + ";\n"
    )


def search_index(manual: Manual) -> list[dict[str, Any]]:
    """What the search box finds: SOPs, steps, roles, forms (small: titles and names)."""
    t = translator(manual.config.language)
    items: list[dict[str, Any]] = []
    for entry in manual.sops:
        sop = entry.sop
        items.append({"k": "sop", "t": f"{sop.id} {sop.title}", "u": entry.page})
        for step in sop.steps:
            performer = entry.role_name(step.role)
            items.append(
                {
                    "k": "step",
                    "t": step.title,
                    "s": f"{sop.id}{t('sep')}{performer}",
                    "u": f"{entry.page}#step-{step.id}",
                }
            )
    for role in manual.role_index():
        label = role.definition.name
        if role.definition.department:
            label += f" {t('paren', text=role.definition.department)}"
        items.append({"k": "role", "t": label, "u": f"roles.html#role-{role.key}"})
    for form in manual.form_index():
        items.append({"k": "form", "t": form.definition.name, "u": f"forms.html#form-{form.key}"})
    return items
