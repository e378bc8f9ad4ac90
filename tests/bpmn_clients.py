"""The real readers of BPMN files, for the BPMN tests: the OMG XML Schemas (lxml) and
Node's bpmn-moddle, the model under bpmn-js and Camunda Modeler. `make test`
installs bpmn-moddle and bpmn-js into tests/node/ from the pinned lock file; a
missing one fails the test, it never skips it."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

NODE_FOLDER = Path(__file__).parent / "node"
XSD = Path(__file__).parents[2] / "shared" / "vendor" / "bpmn-2.0-xsd" / "BPMN20.xsd"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "sopc": "urn:sopc:bpmn:1",
}


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    if not XSD.is_file():
        pytest.fail(f"{XSD} missing: the OMG BPMN 2.0 schemas belong in ../shared/vendor/")
    return etree.XMLSchema(etree.parse(str(XSD)))


def schema_errors(data: bytes) -> list[str]:
    """What the BPMN 2.0 XML Schema says against the file (nothing: it is valid)."""
    checker = schema()
    if checker.validate(etree.fromstring(data)):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]


def moddle(paths: list[Path]) -> list[dict[str, Any]]:
    """bpmn-moddle's reading of each file: its warnings and the elements it found."""
    node = shutil.which("node")
    if node is None or not (NODE_FOLDER / "node_modules" / "bpmn-moddle").is_dir():
        pytest.fail("node or bpmn-moddle missing: `make test` installs them (tests/node/)")
    run = subprocess.run(
        [node, "moddle.mjs", *map(str, paths)],
        cwd=NODE_FOLDER,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in run.stdout.splitlines()]
