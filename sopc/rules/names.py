"""What an author meant by a name that is not an id: the did-you-mean of SOP201,
SOP203, SOP204, SOP206 and the forms written as plain text of SOP209.

People know roles, forms, steps and SOPs by their display names (投诉主管,
《客户投诉登记表》, 供应商准入与复评流程), and write those where sopc wants the
id. A name matches after `normalised` (so full-width letters, 《》 and spaces do
not matter); failing an exact match, the closest id, then the closest name, is
suggested.

A project's SOPs are many (10,000 ids and titles for SOP206), and a project
imported or copied in part has an unknown `sop:` reference in every other file:
`Names` is built once for them all, and `Closest` finds the closest id without
comparing the word with each one.
"""

from __future__ import annotations

import difflib
import heapq
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from sopc.i18n import Message

_IGNORED = str.maketrans("", "", "《》〈〉 \t")
CUTOFF = 0.6  # difflib's: below it, a hint misleads more than it helps


def normalised(text: str) -> str:
    """`《客户投诉登记表 》` → `客户投诉登记表`: NFKC (full-width letters and spaces
    become plain ones), without book-title marks and spaces, case folded."""
    return unicodedata.normalize("NFKC", text).translate(_IGNORED).casefold()


class Closest:
    """The candidate closest to a word: `difflib.get_close_matches(word, candidates,
    n=1, cutoff=0.6)`, the same answer, without a comparison per candidate.

    difflib's ratio of two texts is at most its `quick_ratio`: the characters they
    share whatever their order, twice, over both lengths. An index of each
    character's count in each candidate, grouped by length, gives every candidate's
    bound at once (C-level counting); candidates are then compared in order of their
    bound, and the search stops when no bound can beat the best ratio found; a
    candidate whose longest common subsequence with the word (a tighter bound, found
    with a few integer operations a character) cannot beat it is skipped. Ties go to
    the greater text, as in difflib. For 2,000 SOP ids this is a few difflib
    comparisons a word instead of 2,000."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self._texts = list(dict.fromkeys(candidates))
        # length → character → k → the candidates with at least k of the character
        self._index: dict[int, dict[str, list[list[int]]]] = {}
        for number, text in enumerate(self._texts):
            by_char = self._index.setdefault(len(text), {})
            for char, count in Counter(text).items():
                levels = by_char.setdefault(char, [])
                levels.extend([] for _ in range(count - len(levels)))
                for level in levels[:count]:
                    level.append(number)
        self._known: dict[str, str | None] = {}

    def best(self, word: str) -> str | None:
        if word not in self._known:
            self._known[word] = self._search(word)
        return self._known[word]

    def _search(self, word: str) -> str | None:
        if not word:  # every ratio is 0, or 1 for an empty candidate: nothing to prune
            found = difflib.get_close_matches(word, self._texts, n=1, cutoff=CUTOFF)
            return found[0] if found else None
        wanted = Counter(word).items()
        queue: list[tuple[float, int, int, list[tuple[int, int]]]] = []
        for length, by_char in self._index.items():
            shared: Counter[int] = Counter()
            for char, count in wanted:
                for level in by_char.get(char, ())[:count]:
                    shared.update(level)
            ranked = shared.most_common()
            if ranked:
                queue.append((-self._bound(ranked[0][1], len(word) + length), length, 0, ranked))
        heapq.heapify(queue)
        positions: dict[str, int] = {}
        for place, char in enumerate(word):
            positions[char] = positions.get(char, 0) | 1 << place
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        while queue:
            bound, length, at, ranked = queue[0]
            if -bound < CUTOFF or (best is not None and -bound < best[0]):
                break
            text = self._texts[ranked[at][0]]
            if _may_win(-bound, text, best):
                common = self._bound(_common(text, positions, len(word)), len(word) + length)
                if common >= CUTOFF and _may_win(common, text, best):
                    matcher.set_seq1(text)
                    ratio = matcher.ratio()
                    if ratio >= CUTOFF and (best is None or (ratio, text) > best):
                        best = (ratio, text)
            if at + 1 < len(ranked):
                following = -self._bound(ranked[at + 1][1], len(word) + length)
                heapq.heapreplace(queue, (following, length, at + 1, ranked))
            else:
                heapq.heappop(queue)
        return best[1] if best is not None else None

    @staticmethod
    def _bound(shared: int, total: int) -> float:
        return 2.0 * shared / total  # as difflib computes it, to the last bit


def _may_win(bound: float, text: str, best: tuple[float, str] | None) -> bool:
    """Whether a candidate whose ratio is at most `bound` can beat `best`."""
    return best is None or bound > best[0] or (bound == best[0] and text > best[1])


def _common(text: str, positions: dict[str, int], length: int) -> int:
    """The length of the longest common subsequence of `text` and the word whose
    characters are at `positions` (bit masks): a second bound, tighter than shared
    characters and cheaper than difflib's ratio, whose matching blocks are one such
    subsequence. Bit-parallel, after Hyyrö (2004)."""
    full = (1 << length) - 1
    row = full
    for char in text:
        matched = row & positions.get(char, 0)
        row = ((row + matched) | (row - matched)) & full
    return length - row.bit_count()


class Names:
    """Ids with their display names (id → name), looked up by what an author wrote."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        ids = sorted(names)
        self._by_id: dict[str, str] = {}
        for item_id in ids:
            self._by_id.setdefault(normalised(item_id), item_id)
        self.by_name = name_index(names)
        self._ids = Closest(ids)
        self._titles: Closest | None = None

    def meant(self, word: str, prefix: str = "") -> Message | None:
        """The hint for `word`, which is no id here.

        An id equal to `word` once normalised comes first, then a display name equal
        to it ("did you mean 'complaint-supervisor' (投诉主管)?"), then the closest id,
        then the closest display name. A suggestion by name shows the reference to
        write, `prefix` included (`form:complaint-register`), and the name that
        matched."""
        key = normalised(word)
        if key in self._by_id:
            return Message("did_you_mean", word=self._by_id[key])
        if key in self.by_name:
            return self._by_name(self.by_name[key], prefix)
        close = self._ids.best(word)
        if close is not None:
            return Message("did_you_mean", word=close)
        if self._titles is None:
            self._titles = Closest(self.by_name)
        found = self._titles.best(key)
        return self._by_name(self.by_name[found], prefix) if found is not None else None

    def _by_name(self, found: str, prefix: str) -> Message:
        return Message("ref.did_you_mean_named", word=prefix + found, name=self.names[found])


def meant(word: str, names: Mapping[str, str], prefix: str = "") -> Message | None:
    """`Names(names).meant(word, prefix)`: for the few roles, steps or forms of an SOP."""
    return Names(names).meant(word, prefix)


def name_index(names: Mapping[str, str]) -> dict[str, str]:
    """Each display name, normalised, → the first id (in id order) that has it: built
    once, so that every text of an SOP is looked up, not compared with every name."""
    index: dict[str, str] = {}
    for item_id in sorted(names):
        key = normalised(names[item_id])
        if key:
            index.setdefault(key, item_id)
    return index
