"""Full-text search: what the index holds (sopc/render/search.py) and what a reader
finds with it in a real browser (assets/search.js in headless Chromium, from file://).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from sopc.commands.check import check
from sopc.i18n import translator
from sopc.render.search import (
    FIELDS,
    Field,
    Kind,
    load_index,
    search_index,
    search_script,
    shown_texts,
)
from sopc.render.search_text import decode, encode, fold, keys, markdown_text
from sopc.render.site import Manual
from tests.browser import open_page
from tests.conftest import BASE_SOP, CS_PATH, TODAY, Project, sopc, write

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ENGLISH_CONFIG = """\
name: Returns Manual
organization: Example Ltd
language: en
sources: [sops]
roles:
  agent: {name: Service Agent, department: Customer Service, duties: [Answer customer calls]}
  lead: {name: Service Lead, department: Customer Service}
forms:
  refund-form: {name: Refund Request Form, fields: [{name: Order number}]}
"""
ENGLISH_SOP = """\
id: RET-001
title: Customer Returns
version: "1.0"
status: draft
owner: lead
purpose: Handle **returned goods** within [two days](https://example.com/policy).
steps:
  - id: receive
    title: Receive the returned parcel
    role: agent
    outputs: ["form:refund-form"]
    standard: The parcel is checked against the ＣＲＭ order
    notes: [Funds stay on hold until the refunds clear]
    next: pay
  - id: pay
    title: Pay the refund
    role: lead
    standard: Refunds go back to the original payment method, logged in CRM
    control: A refund above 500 is approved by the lead
    notes: ["<b>bold</b> </script><!-- stays text", "Spare parts 𠮷野 and 﨎﨏 are rare"]
    next: end
exceptions:
  - {id: bank-rejects, when: The bank rejects the refund, action: Call the customer, role: lead}
"""


@dataclass
class Entry:
    """A record of the index as the tests read it: texts as shown."""

    kind: Kind
    sop: str | None
    url: str
    number: int
    title: str
    fields: list[tuple[Field, str]]

    def text(self, field: Field) -> list[str]:
        return [text for code, text in self.fields if code is field]


def entries(index: dict[str, Any]) -> list[Entry]:
    found = []
    for record, texts in zip(index["records"], shown_texts(index), strict=True):
        sop = index["sops"][record[1]][0] if record[1] >= 0 else None
        fields = [(Field(code), text) for code, text in zip(record[4:], texts[1:], strict=True)]
        found.append(Entry(Kind(record[0]), sop, record[2], record[3], texts[0], fields))
    return found


def manual_of(root: Path) -> Manual:
    result = check([root], today=TODAY, keep_files=True)
    assert result.project is not None
    assert result.exit_code() == 0
    return Manual.of(result.sources, result.project.config, TODAY)


@pytest.fixture(scope="module")
def examples_index() -> dict[str, Any]:
    return search_index(manual_of(EXAMPLES))


def find(found: list[Entry], sop: str, url: str) -> Entry:
    return next(e for e in found if e.sop == sop and e.url == url)


# -- the index ---------------------------------------------------------------------


def test_steps_exceptions_roles_and_forms_are_indexed(examples_index: dict[str, Any]) -> None:
    found = entries(examples_index)
    refund = find(found, "AS-001", "#step-request-refund")
    assert refund.kind is Kind.STEP
    assert refund.title == "提交退款申请"
    assert any("退款金额" in text for text in refund.text(Field.STANDARD))
    assert refund.text(Field.CONTROL) == ["同一订单号在 ERP 中只允许存在一张有效退款申请"]
    receive = find(found, "CS-001", "#step-receive")
    assert receive.number == 1
    assert "客户投诉登记表" in receive.text(Field.OUTPUTS)[0]  # form:complaint-register, by name
    failed = find(found, "AS-001", "#exception-refund-failed")
    assert failed.kind is Kind.EXCEPTION
    assert "原路退款失败" in failed.title
    assert failed.text(Field.ACTION)
    roles = [e for e in found if e.kind is Kind.ROLE]
    lead = next(e for e in roles if e.url == "roles.html#role-AS-001-after-sales-lead")
    assert lead.sop == "AS-001"  # a role of its own SOP
    assert lead.title == "售后主管"
    assert "审核退款申请" in lead.text(Field.DUTIES)
    assert lead.text(Field.DEPARTMENT) == ["客服部"]
    agent = next(e for e in roles if e.url == "roles.html#role-cs-agent")
    assert agent.sop is None  # the manual's own
    assert agent.text(Field.DUTIES)
    register = next(e for e in found if e.url == "forms.html#form-complaint-register")
    assert register.kind is Kind.FORM
    assert register.title == "客户投诉登记表"
    steps = [e for e in found if e.kind is Kind.STEP]
    assert len(steps) == sum(len(entry.sop.steps) for entry in manual_of(EXAMPLES).sops)


def test_an_sop_is_indexed_by_its_own_fields(examples_index: dict[str, Any]) -> None:
    cs = find(entries(examples_index), "CS-001", "")
    assert cs.kind is Kind.SOP
    assert cs.title == "客户投诉处理流程"
    assert cs.text(Field.ID) == ["CS-001"]
    (purpose,) = cs.text(Field.PURPOSE)
    assert "有登记、有分级、有方案、有回访" in purpose
    assert "*" not in purpose  # Markdown → text
    assert all(cs.text(field) for field in (Field.SCOPE, Field.KPI, Field.RISK))
    assert examples_index["sops"][1][:3] == ["CS-001", "客户投诉处理流程", "sops/CS-001.html"]
    assert entries(examples_index)[examples_index["sops"][1][3]] == cs


def test_markdown_becomes_its_words() -> None:
    text = "做到**有登记**，见[制度](https://example.com/x)与`CRM`。\n\n- 第一条\n- 第二条"
    assert markdown_text(text) == "做到有登记，见制度与CRM。 第一条 第二条"
    assert markdown_text(None) == markdown_text("") == ""


def test_every_key_leads_to_exactly_the_records_that_hold_it(
    examples_index: dict[str, Any],
) -> None:
    expected: dict[str, list[int]] = {}
    for number, line in enumerate(examples_index["folded"].split("\n")):
        for key in set().union(*(keys(text) for text in line.split("\t"))):
            expected.setdefault(key, []).append(number)
    listed = examples_index["keys"].split("\n")
    postings = [decode(code) for code in examples_index["postings"].split(" ")]
    assert dict(zip(listed, postings, strict=True)) == expected
    assert {"退款", "回访", "登记", "记表", "incident"} <= set(listed)


def test_text_is_folded_as_both_sides_compare_it() -> None:
    assert fold("ＣＲＭ１２３，ＡＢＣ") == "crm123,abc"  # full-width → half-width
    assert fold("Straße ﬁle ㈱ ｶﾀｶﾅ") == "strasse file (株) カタカナ"
    assert fold("退款：ＯＫ") == "退款:ok"


def test_keys_are_cjk_bigrams_and_words() -> None:
    assert keys(fold("退款申请 ERP中的Refund，是")) == {
        "退款",
        "款申",
        "申请",
        "erp",
        "中的",
        "refund",
        "是",  # a CJK run of one character is its own key
    }
    assert keys(fold("𠮷野家")) == {"𠮷野", "野家"}


def test_keys_are_in_javascript_order(tmp_path: Path) -> None:
    root = tmp_path / "en"
    write(root, "sopc.yaml", ENGLISH_CONFIG)
    write(root, "sops/RET-001-returns.sop.yaml", ENGLISH_SOP)
    listed = search_index(manual_of(root))["keys"].split("\n")
    assert listed == sorted(listed, key=lambda key: key.encode("utf-16-be"))
    assert listed.index("𠮷野") < listed.index("﨎﨏")  # surrogates sort before U+FA0E


def test_postings_are_delta_coded() -> None:
    assert encode([0, 1, 2, 34]) == "111x0"  # 32 = "x" (1, more follows) "0"
    for numbers in ([], [0], [5, 6, 7], [31, 32, 1000, 40_000, 1_000_000]):
        assert decode(encode(numbers)) == numbers


def test_the_index_is_deterministic() -> None:
    assert search_script(manual_of(EXAMPLES)) == search_script(manual_of(EXAMPLES))


def test_sop_text_cannot_end_the_script_or_break_its_lines(project: Project) -> None:
    nasty = "退款</script><script>alert(1)</script><!-- a\u2028b\u2029c & d"
    quoted = nasty.replace("\u2028", "\\L").replace("\u2029", "\\P")
    text = BASE_SOP.replace("title: 接收并登记投诉", f'title: "{quoted}"')
    script = search_script(manual_of(project({CS_PATH: text})))
    for unsafe in ("</", "<!--", "<script", "\u2028", "\u2029", "&"):
        assert unsafe not in script
    assert script.startswith("window.SOPC_SEARCH = {")
    assert script.endswith("};\n")
    titles = [e.title for e in entries(load_index(script))]
    assert "退款</script><script>alert(1)</script><!-- a b c & d" in titles  # whitespace made one


def test_labels_follow_the_manual_language(tmp_path: Path) -> None:
    root = tmp_path / "en"
    write(root, "sopc.yaml", ENGLISH_CONFIG)
    write(root, "sops/RET-001-returns.sop.yaml", ENGLISH_SOP)
    index = search_index(manual_of(root))
    assert index["labels"]["kinds"][Kind.STEP] == "Step"
    assert index["fields"][Field.STANDARD][0] == translator("en")(FIELDS[Field.STANDARD].label)
    assert search_index(manual_of(EXAMPLES))["labels"]["kinds"][Kind.STEP] == "步骤"


# -- in the browser ----------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built as a site, from a copy (others build the examples too)."""
    root = tmp_path_factory.mktemp("search-zh") / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    return built(root)


@pytest.fixture(scope="module")
def en_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-en") / "returns"
    write(root, "sopc.yaml", ENGLISH_CONFIG)
    write(root, "sops/RET-001-returns.sop.yaml", ENGLISH_SOP)
    return built(root)


def built(root: Path) -> Path:
    out = root.parent / "site"
    run = sopc("build", str(root), "--out", str(out), "--format", "html")
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def search(driver: webdriver.Chrome, page: Path, query: str) -> list[WebElement]:
    """Type `query` into the box of `page`: the result links shown."""
    open_page(driver, page, 1400)
    box = driver.find_element(By.ID, "q")
    box.click()
    box.send_keys(query)
    return driver.find_elements(By.CSS_SELECTOR, "#results a.hit")


def link_to(links: list[WebElement], href_end: str) -> WebElement:
    matching = [a for a in links if a.get_attribute("href").endswith(href_end)]
    assert matching, [a.get_attribute("href") for a in links]
    return matching[0]


def marks(element: WebElement) -> list[str]:
    return [mark.text for mark in element.find_elements(By.TAG_NAME, "mark")]


def group_of(link: WebElement) -> WebElement:
    return link.find_element(By.XPATH, "ancestor::li[contains(@class, 'group')]")


@pytest.mark.parametrize(
    ("query", "sop", "step", "title"),
    [
        ("退款", "AS-001", "request-refund", "提交退款申请"),  # a step title and standard
        ("回访", "CS-001", "callback", "回访客户满意度"),
        ("登记表", "CS-001", "receive", "登记客户投诉"),  # only in the standard and outputs
    ],
)
def test_chinese_words_find_their_sop_and_step(
    browser: webdriver.Chrome, zh_site: Path, query: str, sop: str, step: str, title: str
) -> None:
    links = search(browser, zh_site / "index.html", query)
    link = link_to(links, f"sops/{sop}.html#step-{step}")
    assert title in link.text
    assert marks(link)
    assert set(marks(link)) == {query}
    head = group_of(link).find_element(By.CSS_SELECTOR, "a.hit")  # the group's SOP
    assert head.get_attribute("href").split("/")[-1].startswith(f"{sop}.html")
    assert sop in head.text
    assert "流程" in head.text
    assert browser.find_element(By.CSS_SELECTOR, "#results li.count").text.startswith("共 ")


def test_an_english_word_is_found_by_its_start(browser: webdriver.Chrome, en_site: Path) -> None:
    for query in ("refund", "Refun", "REFUND"):
        link = link_to(search(browser, en_site / "index.html", query), "sops/RET-001.html#step-pay")
        assert "2. Pay the refund" in link.text
        assert {m.lower() for m in marks(link)} == {query.lower()}
    links = search(browser, en_site / "index.html", "fund")  # a word's start, not inside one
    link = link_to(links, "sops/RET-001.html#step-receive")
    assert marks(link) == ["Fund"]  # not the "fund" of "refunds" after it
    assert not any("#step-pay" in a.get_attribute("href") for a in links)


def test_words_in_several_places_all_must_be_there(
    browser: webdriver.Chrome, en_site: Path
) -> None:
    links = search(browser, en_site / "index.html", "refund lead")
    hrefs = {a.get_attribute("href").split("/")[-1] for a in links}
    assert "RET-001.html#step-pay" in hrefs  # title and control point
    assert "RET-001.html#step-receive" not in hrefs


def test_a_query_without_hits_says_so(browser: webdriver.Chrome, zh_site: Path) -> None:
    assert search(browser, zh_site / "index.html", "不存在的词") == []
    none = browser.find_element(By.CSS_SELECTOR, "#results li.none")
    assert none.text == translator("zh-CN")("search_none", query="不存在的词")
    assert browser.find_element(By.ID, "search-status").get_attribute("textContent") == none.text


def test_keys_choose_open_and_close(browser: webdriver.Chrome, zh_site: Path) -> None:
    links = search(browser, zh_site / "index.html", "退款")
    box = browser.find_element(By.ID, "q")
    box.send_keys(Keys.ARROW_DOWN)
    assert "active" in links[0].get_attribute("class")
    assert box.get_attribute("aria-activedescendant") == links[0].get_attribute("id")
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_UP)
    assert "active" in links[1].get_attribute("class")
    assert "active" not in links[0].get_attribute("class")
    box.send_keys(Keys.ESCAPE)
    assert not browser.find_element(By.ID, "results").is_displayed()
    assert box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ARROW_DOWN)  # opens again, on the first result
    target = browser.find_element(By.CSS_SELECTOR, "#results a.hit.active").get_attribute("href")
    box.send_keys(Keys.ENTER)
    assert browser.current_url == target


def test_results_link_from_an_sop_page(browser: webdriver.Chrome, zh_site: Path) -> None:
    links = search(browser, zh_site / "sops" / "CS-001.html", "退款")
    link = link_to(links, "#step-request-refund")
    assert link.get_attribute("href") == (zh_site / "sops" / "AS-001.html").as_uri() + (
        "#step-request-refund"
    )
    role = link_to(
        search(browser, zh_site / "sops" / "CS-001.html", "售后主管"), "-after-sales-lead"
    )
    assert role.get_attribute("href").startswith((zh_site / "roles.html").as_uri())


def test_width_and_case_do_not_matter(browser: webdriver.Chrome, en_site: Path) -> None:
    for query, step in (("crm", "receive"), ("ＣＲＭ", "pay"), ("ｃｒｍ", "receive")):
        link = link_to(search(browser, en_site / "index.html", query), f"#step-{step}")
        assert marks(link) in (["ＣＲＭ"], ["CRM"])


def test_sop_text_stays_text_in_results(browser: webdriver.Chrome, en_site: Path) -> None:
    link = link_to(search(browser, en_site / "index.html", "bold"), "#step-pay")
    snippet = link.find_element(By.CSS_SELECTOR, ".snippet")
    assert "<b>bold</b> </script><!-- stays text" in snippet.text
    assert marks(link) == ["bold"]
    assert not browser.find_elements(By.CSS_SELECTOR, "#results script, #results b")


def test_single_characters_and_rare_ideographs(
    browser: webdriver.Chrome, en_site: Path, zh_site: Path
) -> None:
    for query in ("𠮷野", "﨎﨏", "野"):
        link = link_to(search(browser, en_site / "index.html", query), "#step-pay")
        assert marks(link) == [query]
    links = search(browser, zh_site / "index.html", "退")
    assert len(links) > 10
    assert all(set(marks(a)) <= {"退"} for a in links)
    assert any(marks(a) for a in links)


def test_a_page_without_the_index_loads_it_at_the_box(
    browser: webdriver.Chrome, zh_site: Path
) -> None:
    page = (zh_site / "index.html").read_text(encoding="utf-8")
    tag = '<script src="assets/search-index.js"></script>'
    assert tag in page
    lazy = zh_site / "lazy.html"
    lazy.write_text(page.replace(tag, ""), encoding="utf-8")
    open_page(browser, lazy, 1400)
    assert browser.execute_script("return window.SOPC_SEARCH === undefined")
    box = browser.find_element(By.ID, "q")
    box.click()
    box.send_keys("退款")
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, "#results a.hit")
    )
    links = browser.find_elements(By.CSS_SELECTOR, "#results a.hit")
    assert marks(link_to(links, "sops/AS-001.html#step-request-refund")) == ["退款", "退款"]
