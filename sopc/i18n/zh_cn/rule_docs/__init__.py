"""The rules' documentation in Simplified Chinese, one module per rule family as in
`sopc/rules/`: what `sopc rules CODE --lang zh-CN` prints and docs/rules.zh-CN.md holds.

The English source of each text is its rule's docstring; tests/test_rule_docs.py
fails when a rule has no translation here or its examples differ from the English.
"""

from inspect import cleandoc

from sopc.i18n.zh_cn.rule_docs import change, document, flow, references, source, time, writing

FAMILIES = (source, document, references, flow, time, writing, change)


def _merged() -> dict[str, str]:
    """Every family's texts by code, laid out as the docstrings are (`cleandoc`)."""
    docs: dict[str, str] = {}
    for family in FAMILIES:
        for code, text in family.DOCS.items():
            if code in docs:
                raise ValueError(f"{code} is documented twice in the Chinese rule docs")
            docs[code] = cleandoc(text)
    return docs


DOCS: dict[str, str] = _merged()
