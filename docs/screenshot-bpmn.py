"""docs/images/bpmn-cs001.png: an example SOP's BPMN file as bpmn-js draws it (the
viewer of bpmn.io and Camunda Modeler), from tests/node/ (`make test-clients`), in
Debian's headless Chromium. Usage: .venv/bin/python docs/screenshot-bpmn.py [SOP] [OUT]"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.browser import FLAGS, chromium  # noqa: E402

from sopc.commands.graph import draw  # noqa: E402


def main() -> None:
    sop = sys.argv[1] if len(sys.argv) > 1 else "CS-001"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else REPO / "docs/images/bpmn-cs001.png")
    xml = draw(str(next((REPO / "examples/sops").glob(f"{sop}-*"))), "bpmn").decode("utf-8")
    binary, driver_path = chromium()
    options = Options()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            driver.set_window_size(3000, 1000)
            driver.get((REPO / "tests/node/viewer.html").as_uri())
            shown = driver.execute_async_script(
                "window.show(arguments[0]).then(arguments[1], e => arguments[1]({error: String(e)}))",
                xml,
            )
            if shown.get("error") or shown.get("warnings"):
                raise SystemExit(f"bpmn-js: {shown}")
            driver.save_screenshot(str(out))
        finally:
            driver.quit()
    print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
