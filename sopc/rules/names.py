"""What an author meant by a name that is not an id: the did-you-mean of SOP201,
SOP203, SOP204, SOP206 and the forms written as plain text of SOP209.

People know roles, forms, steps and SOPs by their display names (投诉主管,
《客户投诉登记表》, 供应商准入与复评流程), and write those where sopc wants the
id. A name matches after `normalised` (so full-width letters, 《》 and spaces do
not matter); failing an exact match, the closest id, then the closest name, is
suggested.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

from sopc.i18n import Message
from sopc.model.errors import suggestion

_IGNORED = str.maketrans("", "", "《》〈〉 \t")


def normalised(text: str) -> str:
    """`《客户投诉登记表 》` → `客户投诉登记表`: NFKC (full-width letters and spaces
    become plain ones), without book-title marks and spaces, case folded."""
    return unicodedata.normalize("NFKC", text).translate(_IGNORED).casefold()


def meant(word: str, names: Mapping[str, str], prefix: str = "") -> Message | None:
    """The hint for `word`, which is no id of `names` (id → display name).

    An id equal to `word` once normalised comes first, then a display name equal to
    it ("did you mean 'complaint-supervisor' (投诉主管)?"), then the closest id
    (today's hint), then the closest display name. A suggestion by name shows the
    reference to write, `prefix` included (`form:complaint-register`), and the name
    that matched."""
    ids = sorted(names)
    key = normalised(word)
    same_id = next((i for i in ids if normalised(i) == key), None)
    if same_id is not None:
        return Message("did_you_mean", word=same_id)
    by_name = name_index(names)
    if key in by_name:
        return _by_name(by_name[key], names, prefix)
    close = suggestion(word, ids)
    if close is not None:
        return close
    found = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.6)
    return _by_name(by_name[found[0]], names, prefix) if found else None


def name_index(names: Mapping[str, str]) -> dict[str, str]:
    """Each display name, normalised, → the first id (in id order) that has it: built
    once, so that every text of an SOP is looked up, not compared with every name."""
    index: dict[str, str] = {}
    for item_id in sorted(names):
        key = normalised(names[item_id])
        if key:
            index.setdefault(key, item_id)
    return index


def _by_name(found: str, names: Mapping[str, str], prefix: str) -> Message:
    return Message("ref.did_you_mean_named", word=prefix + found, name=names[found])
