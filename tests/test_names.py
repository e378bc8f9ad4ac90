"""The did-you-mean of unknown names (`sopc.rules.names`): `Closest` gives difflib's
answer exactly, however many candidates, and a project's SOP titles are looked up
through one index for all its unknown `sop:` references."""

from __future__ import annotations

import difflib
import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sopc.i18n import Message
from sopc.model.config import Config
from sopc.rules.context import ProjectIndex, SopSummary
from sopc.rules.names import Closest, Names, meant

# few letters, so that candidates share characters, tie and repeat them
LETTERS = st.sampled_from("ab-01客户投诉ＡA 《》")
TEXTS = st.text(LETTERS, max_size=9)


def difflib_best(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


@settings(max_examples=1500, deadline=None)
@given(st.lists(TEXTS, max_size=40), TEXTS)
def test_closest_is_difflibs_answer(candidates: list[str], word: str) -> None:
    assert Closest(candidates).best(word) == difflib_best(word, candidates)


def test_closest_among_thousands_of_sop_ids() -> None:
    """The shape of SOP206 in a project copied in part: ids that differ in a few
    digits, where bounds tie by the hundred."""
    rng = random.Random(7)
    departments = ["CS", "QA", "FIN", "PUR", "HR", "IT"]
    ids = sorted({f"{rng.choice(departments)}-{rng.randrange(100000):05d}" for _ in range(2000)})
    words = [f"{rng.choice(departments)}-{rng.randrange(100000):05d}" for _ in range(200)]
    words += ["cs-00001", "", "投诉处理", "FIN-0003", "QA-000011"]
    closest = Closest(ids)
    assert [closest.best(w) for w in words] == [difflib_best(w, ids) for w in words]
    assert closest.best(words[0]) == difflib_best(words[0], ids)  # asked again: remembered


def test_names_suggest_the_id_then_the_name() -> None:
    names = {"complaint-supervisor": "投诉主管", "cs-agent": "客服人员"}
    assert meant("Complaint-Supervisor", names) == Message(
        "did_you_mean", word="complaint-supervisor"
    )
    assert meant("投诉 主管", names, "role:") == Message(
        "ref.did_you_mean_named", word="role:complaint-supervisor", name="投诉主管"
    )
    assert meant("cs-agnet", names) == Message("did_you_mean", word="cs-agent")
    assert meant("客服人", names) == Message(
        "ref.did_you_mean_named", word="cs-agent", name="客服人员"
    )
    assert meant("zzz", names) is None


def test_a_projects_titles_are_indexed_once_and_read_as_every_sop() -> None:
    """Built on the first unknown `sop:` reference, shared by the rest; and the SOP
    that asked has read every SOP, so `sopc serve` checks it again when one changes."""
    summaries = [
        SopSummary("sops/a.sop.yaml", "SUP-001", "active", "供应商准入与复评流程"),
        SopSummary("sops/b.sop.yaml", "FIN-003", "active", "付款审批流程"),
        SopSummary("sops/c.sop.yaml", "FIN-004"),  # does not validate: no title
    ]
    index = ProjectIndex.build(
        summaries, Config.model_validate({"name": "手册"}), date(2026, 12, 5)
    )
    index.looked = set()
    titles = index.titles()
    assert index.titles() is titles
    assert index.looked == {""}
    assert titles.names == {
        "SUP-001": "供应商准入与复评流程",
        "FIN-003": "付款审批流程",
        "FIN-004": "",
    }
    assert titles.meant("供应商准入与复评流程", "sop:") == Message(
        "ref.did_you_mean_named", word="sop:SUP-001", name="供应商准入与复评流程"
    )
    assert titles.meant("SUP-01") == Message("did_you_mean", word="SUP-001")
    assert isinstance(titles, Names)
