"""A real browser for the tests that look at the site as a reader does: Debian's
headless Chromium driven through its ChromeDriver by Selenium (`make test` installs
both packages). Pages are opened from `file://`, as a reader opens the built site.

`browser` (the fixture) is one Chromium per test process, shared by its tests; a
test sets the window size it needs with `browser.set_window_size`.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# no network: the machine's closed network refuses Chromium's background calls
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars=false",
    "--allow-file-access-from-files",
    "--force-device-scale-factor=1",
    "--lang=zh-CN",
)


def chromium() -> tuple[str, str]:
    """The browser and its driver; the test fails (not skips) when they are missing."""
    browser = shutil.which("chromium") or CHROMIUM
    driver = shutil.which("chromedriver") or CHROMEDRIVER
    missing = [p for p in (browser, driver) if not Path(p).is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: `make test` installs chromium, chromium-driver")
    return browser, driver


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    binary, driver_path = chromium()
    options = Options()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: webdriver.Chrome, path: Path, width: int, height: int = 900) -> None:
    """Open a page of a built site at a window of `width` × `height` CSS pixels (the
    viewport, not the window: headless Chromium's window has no frame)."""
    driver.set_window_size(width, height)
    driver.get(path.resolve().as_uri())
    driver.execute_script("return document.fonts.ready")


def screenshot(driver: webdriver.Chrome, target: Path, *, full_page: bool = False) -> Path:
    """The viewport (or, `full_page`, the whole page) as a PNG file."""
    if not full_page:
        driver.save_screenshot(str(target))
        return target
    size = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
        },
    )
    target.write_bytes(base64.b64decode(shot["data"]))
    return target
