"""The flowchart on the site's SOP page in a real Chromium (tests/browser.py), used as
a reader uses it: fitted to the page while its text stays legible, else a pan-and-zoom
viewport (wheel, drag, buttons, keys); full screen; the links between a step's node
and its row; the legend; print; and the page without its script.

The screenshots in docs/images are made by running this module, never by the tests:
`.venv/bin/python -m tests.test_screen_chart docs/images`.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver import ActionChains, Chrome
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from sopc.i18n import translator
from tests.browser import open_page
from tests.conftest import sopc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_IDS = sorted("-".join(p.name.split("-")[:2]) for p in (EXAMPLES / "sops").glob("*.sop.*"))
BIG = "BIG-001"
SMALL = "SMA-001"
FLOOR_PX = 28 / 3  # chart.js's legibility floor: 7 pt
T = translator("zh-CN")
BUTTON_LABELS = ("chart_zoom_in_key", "chart_zoom_out_key", "chart_fit_key", "chart_actual_key")
BUTTON_LABELS += ("chart_full_screen",)
LEGEND = ("decision", "control", "limit", "exception", "parallel", "handoff")
SVG = "document.querySelector('figure.flowchart svg')"
Rect = dict[str, float]


def big_sop(steps: int = 40, lanes: int = 9) -> str:
    """A 40-step SOP over 9 roles, with decisions that loop back: no page is wide enough."""
    lines = [f"id: {BIG}", "title: 四十步的大流程", 'version: "1.0"', "status: draft"]
    lines += ["owner: r0", "purpose: 检验屏幕上的大流程图。", "roles:"]
    lines += [f"  r{k}: {{name: 岗位{k}, department: 部门{k % 4}}}" for k in range(lanes)]
    lines.append("steps:")
    for i in range(steps):
        lines += [f"  - id: s{i:02d}", f"    title: 第{i + 1}步处理事项"]
        lines += [f"    role: r{(i * 4) % lanes}", "    time_limit: 2h"]
        if i % 10 == 5:
            lines += ["    decision: 是否通过？", "    branches:"]
            lines.append(f"      - {{when: 是, next: s{i + 1:02d}}}")
            lines.append(f"      - {{when: 否, next: s{i - 2:02d}}}")  # a loop back
    return "\n".join(lines) + "\n"


SMALL_SOP = """\
id: SMA-001
title: 四步的小流程
version: "1.0"
status: draft
owner: cs-agent
purpose: 检验屏幕上的小流程图。
steps:
  - {id: take, title: 接收申请, role: cs-agent, time_limit: 1h}
  - {id: check, title: 审核申请, role: cs-supervisor, time_limit: 1wd}
  - {id: reply, title: 答复申请人, role: cs-agent}
  - {id: file, title: 归档, role: cs-agent}
"""


def build_site(root: Path) -> Path:
    """The examples, a 4-step and a 40-step SOP, built as a site into `root`/out."""
    project = root / "examples"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns("site", ".sopc-cache"))
    (project / "sops" / f"{BIG}.sop.yaml").write_text(big_sop(), encoding="utf-8")
    (project / "sops" / f"{SMALL}.sop.yaml").write_text(SMALL_SOP, encoding="utf-8")
    out = root / "out"
    run = sopc("build", str(project), "--format", "html", "--out", str(out), "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("screen"))


@pytest.fixture
def driver(browser: Chrome) -> Iterator[Chrome]:
    """The shared browser, put back to screen media and scripts on after each test."""
    yield browser
    ActionChains(browser).reset_actions()  # no key left pressed by a failed test
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def page(driver: Chrome, site: Path, sop: str, width: int) -> WebElement:
    """An SOP's page at `width` px, scrolled to its chart; the chart's figure."""
    open_page(driver, site / "sops" / f"{sop}.html", width)
    figure = driver.find_element(By.CSS_SELECTOR, "figure.flowchart")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", figure)
    return figure


def js(driver: Chrome, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def rect(driver: Chrome, element: WebElement) -> Rect:
    box: Rect = js(driver, "return arguments[0].getBoundingClientRect().toJSON()", element)
    return box


def window(driver: Chrome) -> Rect:
    size = js(driver, "const d = document.documentElement; return [d.clientWidth, d.clientHeight]")
    return {"left": 0, "top": 0, "right": size[0], "bottom": size[1]}


def inside(inner: Rect, outer: Rect, slack: float = 1.0) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def no_page_scroll(driver: Chrome) -> bool:
    root = "document.documentElement"
    return bool(js(driver, f"return {root}.scrollWidth <= {root}.clientWidth"))


def mode(figure: WebElement) -> str:
    return figure.get_attribute("data-chart-mode") or ""


def view(figure: WebElement) -> WebElement:
    return figure.find_element(By.CSS_SELECTOR, ".chart-view")


def button(figure: WebElement, what: str) -> WebElement:
    return figure.find_element(By.CSS_SELECTOR, f'[data-chart-do="{what}"]')


def state(driver: Chrome) -> tuple[float, float, float]:
    """The pan viewport's scale and offset, as chart.js last set them (the transform it
    glides to, not a frame of the glide)."""
    text = js(driver, f"return {SVG}.style.transform")
    number = r"(-?[\d.]+(?:e-?\d+)?)"
    found = re.fullmatch(rf"translate\({number}px(?:, {number}px)?\) scale\({number}\)", text)
    assert found, text
    x, y, s = found.groups()
    return float(s), float(x), float(y or 0)


def drawn_scale(driver: Chrome) -> float:
    """The chart's drawn width over its natural width (as Graphviz sized it)."""
    script = f"const s = {SVG}; return s.getBoundingClientRect().width / s.width.baseVal.value"
    return float(js(driver, script))


def natural_text_px(driver: Chrome) -> float:
    """The chart's smallest text at natural size, in CSS px."""
    script = f"""const svg = {SVG};
      const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
        .map(t => parseFloat(t.getAttribute('font-size')));
      return Math.min(...sizes) * svg.width.baseVal.value / svg.viewBox.baseVal.width;"""
    return float(js(driver, script))


def node(figure: WebElement, step: str) -> WebElement:
    return figure.find_element(By.CSS_SELECTOR, f"g#flow-{step}")


def end_node(figure: WebElement) -> WebElement:
    """The chart's 结束, shown or not (its drawn text, not its DOT name)."""
    script = """return [...arguments[0].querySelectorAll('g.node')].filter(node =>
      [...node.querySelectorAll('text')].map(t => t.textContent).join('').trim() === arguments[1])"""
    ends: list[WebElement] = figure.parent.execute_script(script, figure, T("chart_end"))
    assert len(ends) == 1
    return ends[0]


def shown(driver: Chrome, target: WebElement, figure: WebElement) -> bool:
    """The node is inside the chart's viewport and the window."""
    box = rect(driver, target)
    return inside(box, rect(driver, view(figure))) and inside(box, window(driver))


def settled(driver: Chrome) -> bool:
    """The chart is where chart.js moved it, no longer gliding there."""
    return not js(driver, f"return {SVG}.classList.contains('chart-glide')")


def pointer_at(driver: Chrome, figure: WebElement, target: WebElement) -> ActionChains:
    """The mouse moved onto the middle of `target`, a node (or link) the chart's
    viewport shows whole: moved to its window coordinates, so that WebDriver does not
    scroll the hidden-overflow viewport to reach it. The page (only the page)
    is scrolled first so that the target is in the window's middle: a tall chart's
    node can lie below the window, where the pointer cannot go."""
    js(
        driver,
        "var r = arguments[0].getBoundingClientRect();"
        " window.scrollBy(0, (r.top + r.bottom) / 2 - innerHeight / 2);",
        target,
    )
    box, frame = rect(driver, target), rect(driver, view(figure))
    assert inside(box, frame), "the node is not in the viewport"
    x, y = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
    hit = js(driver, "return document.elementFromPoint(arguments[0], arguments[1])", x, y)
    assert js(driver, "return arguments[0].contains(arguments[1])", target, hit)
    chain = ActionChains(driver)
    chain.w3c_actions.pointer_action.move_to_location(round(x), round(y))  # window pixels
    return chain


def wait(driver: Chrome, check: Callable[[], bool], message: str) -> None:
    WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda _: check(), message)


@pytest.mark.parametrize("sop", EXAMPLE_IDS)
def test_every_example_is_whole_on_a_1400_px_page(driver: Chrome, site: Path, sop: str) -> None:
    figure = page(driver, site, sop, 1400)
    assert no_page_scroll(driver)
    assert inside(rect(driver, figure), window(driver) | {"top": -1e6, "bottom": 1e6})
    width = float(js(driver, "return arguments[0].clientWidth", view(figure)))
    natural = float(js(driver, f"return {SVG}.width.baseVal.value"))
    floor = min(1.0, FLOOR_PX / natural_text_px(driver))
    # fitted exactly when fitting keeps the text at the floor, and never enlarged
    assert mode(figure) == ("fit" if width / natural >= floor else "pan")
    if mode(figure) == "fit":
        assert drawn_scale(driver) == pytest.approx(min(1.0, width / natural), abs=0.01)
        assert natural_text_px(driver) * drawn_scale(driver) >= FLOOR_PX - 0.01
    else:
        button(figure, "fit").click()
    ending = end_node(figure)
    wait(driver, lambda: inside(rect(driver, ending), rect(driver, view(figure))), "结束 not shown")
    assert inside(rect(driver, view(figure)), rect(driver, figure))


@pytest.mark.parametrize("width", [1400, 800])
def test_a_small_chart_is_fitted_and_never_enlarged(driver: Chrome, site: Path, width: int) -> None:
    figure = page(driver, site, SMALL, width)
    assert mode(figure) == "fit"
    assert no_page_scroll(driver)
    assert 0 < drawn_scale(driver) <= 1
    sheet = driver.find_element(By.CSS_SELECTOR, "figure.flowchart svg")
    assert inside(rect(driver, sheet), rect(driver, view(figure)))
    buttons = figure.find_elements(By.CSS_SELECTOR, ".chart-tools button")
    shown = [b.get_attribute("data-chart-do") for b in buttons if b.is_displayed()]
    assert shown == ["full"]  # nothing to move: full screen only
    assert view(figure).get_attribute("tabindex") is None


def test_a_40_step_chart_pans_inside_the_page(driver: Chrome, site: Path) -> None:
    # lanes as columns, nine of them fit 1,400 px legibly (render/paper.py chooses the
    # direction for the screen); at 800 px they cannot
    figure = page(driver, site, BIG, 1400)
    assert mode(figure) == "fit"
    assert no_page_scroll(driver)
    for width in (800,):
        figure = page(driver, site, BIG, width)
        assert mode(figure) == "pan"
        assert no_page_scroll(driver)
        assert inside(rect(driver, view(figure)), rect(driver, figure))
        s, x, y = state(driver)  # it opens legible, at its start
        assert s * natural_text_px(driver) == pytest.approx(FLOOR_PX, abs=0.01)
        assert (x, y) == (0, 0)
        assert view(figure).get_attribute("tabindex") == "0"


def test_the_wheel_scrolls_the_page_until_ctrl_or_a_click_engages_the_chart(
    driver: Chrome, site: Path
) -> None:
    figure = page(driver, site, BIG, 800)
    frame = view(figure)
    box = rect(driver, frame)
    origin = ScrollOrigin.from_viewport(int(box["left"]) + 200, int(box["top"]) + 150)
    scale, top = state(driver)[0], js(driver, "return scrollY")
    ActionChains(driver).scroll_from_origin(origin, 0, 200).perform()
    wait(driver, lambda: js(driver, "return scrollY") > top, "the page did not scroll")
    assert state(driver)[0] == scale
    assert figure.find_element(By.CSS_SELECTOR, ".chart-wheel-note").is_displayed()
    ctrl = ActionChains(driver).key_down(Keys.CONTROL)
    ctrl.scroll_from_origin(ScrollOrigin.from_element(frame), 0, -200)
    ctrl.key_up(Keys.CONTROL).perform()
    assert state(driver)[0] > scale
    assert js(driver, "return document.activeElement") != frame


def test_the_wheel_zooms_at_the_pointer_once_the_chart_is_clicked(
    driver: Chrome, site: Path
) -> None:
    figure = page(driver, site, BIG, 800)
    frame = view(figure)
    box = rect(driver, frame)
    corner = (-(box["right"] - box["left"]) / 2 + 4, -(box["bottom"] - box["top"]) / 2 + 4)
    ActionChains(driver).move_to_element_with_offset(frame, *corner).click().perform()
    assert js(driver, "return document.activeElement") == frame
    assert js(driver, "return location.hash") == ""
    origin = ScrollOrigin.from_viewport(int(box["left"]) + 200, int(box["top"]) + 150)
    s0, x0, y0 = state(driver)
    under = ((200 - x0) / s0, (150 - y0) / s0)  # the chart's point under the pointer
    top = js(driver, "return scrollY")
    ActionChains(driver).scroll_from_origin(origin, 0, -300).perform()
    s1, x1, y1 = state(driver)
    assert s1 > s0 * 1.3
    assert ((200 - x1) / s1, (150 - y1) / s1) == pytest.approx(under, abs=1.0)
    ActionChains(driver).scroll_from_origin(origin, 0, 150).perform()
    assert state(driver)[0] < s1
    assert js(driver, "return scrollY") == top  # the page stays put meanwhile
    assert no_page_scroll(driver)


def test_a_drag_pans_and_does_not_follow_the_link_under_it(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    button(figure, "in").click()
    s, x, y = state(driver)
    wait(driver, lambda: settled(driver), "still gliding")  # the nodes are where they stay
    frame = rect(driver, view(figure))
    links = figure.find_elements(By.CSS_SELECTOR, "g.node a")
    # one with room on its left for the drag, which must stay inside the window
    link = next(
        a for a in links if inside(rect(driver, a), frame) and rect(driver, a)["left"] > 160
    )
    pointer_at(driver, figure, link).click_and_hold().move_by_offset(-150, -60).release().perform()
    assert state(driver) == pytest.approx((s, x - 150, y - 60), abs=1.0)
    assert js(driver, "return location.hash") == ""


def test_the_buttons_zoom_fit_and_show_1_to_1(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    s0 = state(driver)[0]
    button(figure, "in").click()
    assert state(driver)[0] == pytest.approx(s0 * 1.25, rel=1e-5)  # 6 digits read back
    button(figure, "out").click()
    button(figure, "out").click()
    assert state(driver)[0] == pytest.approx(s0 / 1.25, rel=1e-5)
    button(figure, "actual").click()
    assert state(driver)[0] == pytest.approx(1.0)
    button(figure, "fit").click()
    sheet = driver.find_element(By.CSS_SELECTOR, "figure.flowchart svg")
    wait(driver, lambda: inside(rect(driver, sheet), rect(driver, view(figure))), "not whole")
    assert state(driver)[0] < s0  # the whole of a chart this big is below the floor


def test_the_keys_zoom_and_pan_when_the_viewport_has_focus(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    js(driver, "arguments[0].focus()", view(figure))
    s0 = state(driver)[0]
    keys = ActionChains(driver)
    keys.send_keys("+").perform()
    s1, x1, y1 = state(driver)
    assert s1 == pytest.approx(s0 * 1.25, rel=1e-5)
    keys.send_keys(Keys.ARROW_RIGHT).perform()
    assert state(driver)[1] < x1
    keys.send_keys(Keys.ARROW_DOWN).perform()
    assert state(driver)[2] < y1
    keys.send_keys("-").send_keys("-").perform()
    assert state(driver)[0] == pytest.approx(s0 / 1.25, rel=1e-5)
    keys.send_keys("0").perform()
    sheet = driver.find_element(By.CSS_SELECTOR, "figure.flowchart svg")
    wait(driver, lambda: inside(rect(driver, sheet), rect(driver, view(figure))), "not whole")


def test_the_tab_key_brings_the_step_it_reaches_into_view(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    js(driver, "arguments[0].focus()", view(figure))
    ActionChains(driver).send_keys(*[Keys.ARROW_RIGHT] * 12).perform()
    first = figure.find_element(By.CSS_SELECTOR, "g.node a")
    wait(driver, lambda: not inside(rect(driver, first), rect(driver, view(figure))), "in view")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert js(driver, "return document.activeElement") == first
    wait(driver, lambda: inside(rect(driver, first), rect(driver, view(figure))), "not in view")


def test_two_fingers_pinch_and_one_finger_pans(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    box = rect(driver, view(figure))
    x, y = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2

    def touch(kind: str, *points: tuple[float, float]) -> None:
        fingers = [{"x": px, "y": py, "id": i} for i, (px, py) in enumerate(points)]
        driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": fingers})

    s0 = state(driver)[0]
    touch("touchStart", (x - 50, y), (x + 50, y))
    for step in range(1, 6):
        touch("touchMove", (x - 50 - 20 * step, y), (x + 50 + 20 * step, y))
    touch("touchEnd")
    s1, x1, y1 = state(driver)
    assert s1 == pytest.approx(s0 * 3, rel=0.01)  # the fingers went from 100 to 300 px apart
    touch("touchStart", (x, y))
    for step in range(1, 6):
        touch("touchMove", (x - 20 * step, y - 10 * step))
    touch("touchEnd")
    assert state(driver) == pytest.approx((s1, x1 - 100, y1 - 50), abs=1.0)
    assert js(driver, "return location.hash") == ""


@pytest.mark.parametrize(("sop", "step", "width"), [(BIG, "s39", 800), ("CS-001", "close", 1400)])
def test_a_row_links_back_to_its_node(
    driver: Chrome, site: Path, sop: str, step: str, width: int
) -> None:
    figure = page(driver, site, sop, width)
    row = driver.find_element(By.ID, f"step-{step}")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element(By.CSS_SELECTOR, "a.to-chart").click()
    target = node(figure, step)
    wait(
        driver, lambda: shown(driver, target, figure) and settled(driver), "the node is not in view"
    )
    assert "chart-located" in (target.get_attribute("class") or "")
    assert js(driver, "return location.hash") == f"#flow-{step}"
    if mode(figure) == "pan":  # centred, and legible
        box, frame = rect(driver, target), rect(driver, view(figure))
        middle = (frame["left"] + frame["right"]) / 2
        assert (box["left"] + box["right"]) / 2 == pytest.approx(middle, abs=2)
        assert state(driver)[0] * natural_text_px(driver) >= FLOOR_PX - 0.01


@pytest.mark.parametrize(("sop", "width"), [("CS-001", 1400), (BIG, 800)])
def test_a_click_on_a_step_goes_to_its_row(
    driver: Chrome, site: Path, sop: str, width: int
) -> None:
    figure = page(driver, site, sop, width)
    first = js(driver, "return document.querySelector('tr[id^=step-]').id")
    target = node(figure, first.removeprefix("step-"))
    pointer_at(driver, figure, target).click().perform()
    assert js(driver, "return location.hash") == f"#{first}"
    row = driver.find_element(By.ID, first)
    wait(driver, lambda: inside(rect(driver, row), window(driver)), "the row is not in view")


def test_full_screen_and_back_with_esc(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, "CS-001", 800)
    before = rect(driver, view(figure))
    full = button(figure, "full")
    full.click()
    wait(driver, lambda: "chart-full" in (figure.get_attribute("class") or ""), "not full screen")
    assert js(driver, "return document.fullscreenElement") == figure
    assert full.get_attribute("aria-label") == T("chart_leave_full_screen_key")
    assert mode(figure) == "pan"
    screen = window(driver)
    wait(driver, lambda: rect(driver, view(figure))["bottom"] > screen["bottom"] - 200, "small")
    assert inside(rect(driver, figure), window(driver))
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait(driver, lambda: js(driver, "return document.fullscreenElement") is None, "still full")
    wait(driver, lambda: "chart-full" not in (figure.get_attribute("class") or ""), "still full")
    assert full.get_attribute("aria-label") == T("chart_full_screen")
    after = rect(driver, view(figure))
    assert after["width"] == pytest.approx(before["width"], abs=1)


def test_without_the_fullscreen_api_an_overlay_stands_in(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, "CS-001", 800)
    js(driver, "Element.prototype.requestFullscreen = () => Promise.reject(new Error('no'))")
    covered = lambda: inside(window(driver), rect(driver, figure))  # noqa: E731
    button(figure, "full").click()
    wait(driver, lambda: "chart-overlay" in (figure.get_attribute("class") or ""), "no overlay")
    assert js(driver, "return document.fullscreenElement") is None
    assert covered()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait(driver, lambda: "chart-overlay" not in (figure.get_attribute("class") or ""), "stays")
    button(figure, "full").click()
    wait(driver, covered, "no overlay")
    pointer_at(driver, figure, node(figure, "receive")).click().perform()
    row = driver.find_element(By.ID, "step-receive")  # a step's row: the page is back
    wait(driver, lambda: js(driver, "return location.hash") == "#step-receive", "no row")
    wait(driver, lambda: inside(rect(driver, row), window(driver)), "the row is not in view")
    assert "chart-overlay" not in (figure.get_attribute("class") or "")


def test_the_tools_and_the_legend_speak_the_manuals_language(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, "CS-001", 800)
    buttons = figure.find_elements(By.CSS_SELECTOR, ".chart-tools button")
    assert [b.get_attribute("aria-label") for b in buttons] == [T(k) for k in BUTTON_LABELS]
    legend = figure.find_element(By.CSS_SELECTOR, ".chart-legend")
    assert legend.find_element(By.CSS_SELECTOR, ".chart-legend-title").text == T("legend")
    entries = [li.text for li in legend.find_elements(By.TAG_NAME, "li")]
    assert entries == [T(f"legend_{k}") for k in LEGEND]  # CS-001 shows each kind
    assert T("legend_connector") not in legend.text  # off-page connectors are paper's
    assert rect(driver, legend)["top"] >= rect(driver, view(figure))["bottom"]  # under the chart
    assert figure.find_elements(By.CSS_SELECTOR, "svg > g > title")  # the SVG keeps its title


def test_the_legend_explains_only_what_the_chart_shows(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, SMALL, 1400)  # steps and time limits, nothing else
    legend = figure.find_element(By.CSS_SELECTOR, ".chart-legend")
    entries = [li.text for li in legend.find_elements(By.TAG_NAME, "li")]
    assert entries == [T("legend_limit")]


def test_reduced_motion_highlights_without_moving(driver: Chrome, site: Path) -> None:
    features = [{"name": "prefers-reduced-motion", "value": "reduce"}]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})
    figure = page(driver, site, BIG, 800)
    row = driver.find_element(By.ID, "step-s20")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element(By.CSS_SELECTOR, "a.to-chart").click()
    target = node(figure, "s20")
    assert inside(rect(driver, target), rect(driver, view(figure)))  # at once, no glide
    assert js(driver, "return getComputedStyle(arguments[0]).animationName", target) == "none"
    assert "chart-located" in (target.get_attribute("class") or "")


def test_print_shows_the_whole_chart_without_tools(driver: Chrome, site: Path) -> None:
    figure = page(driver, site, BIG, 800)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    sheet = driver.find_element(By.CSS_SELECTOR, "figure.flowchart svg")
    assert not figure.find_element(By.CSS_SELECTOR, ".chart-tools").is_displayed()
    assert js(driver, "return getComputedStyle(arguments[0]).transform", sheet) == "none"
    assert inside(rect(driver, sheet), rect(driver, figure))
    assert no_page_scroll(driver)


def test_without_its_script_the_chart_still_shows_and_scrolls(driver: Chrome, site: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    figure = page(driver, site, "CS-001", 1400)
    assert mode(figure) == ""
    assert not figure.find_element(By.CSS_SELECTOR, ".chart-tools").is_displayed()
    assert figure.find_element(By.CSS_SELECTOR, "svg").is_displayed()
    assert no_page_scroll(driver)
    frame = view(figure)
    scrolls = js(driver, "return arguments[0].scrollWidth > arguments[0].clientWidth", frame)
    assert scrolls or inside(rect(driver, end_node(figure)), rect(driver, frame))


def make_screenshots(folder: Path) -> list[Path]:
    """CS-001's chart at 1,400 and 800 px, as docs/images shows it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from tests.browser import FLAGS, chromium

    binary, driver_path = chromium()
    options = Options()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    made: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sopc-shots-") as tmp:
        out = build_site(Path(tmp))
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            for width in (1400, 800):
                driver.set_window_size(width, 1000)
                figure = page(driver, out, "CS-001", width)
                shot = folder / f"screen-chart-{width}.png"
                assert figure.screenshot(str(shot)), shot
                made.append(shot)
        finally:
            driver.quit()
    return made


if __name__ == "__main__":
    for path in make_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(path)
