"""The site's charts by their SOP entry: what lets a site-only build skip an SOP
whose entry and settings did not change, without even making it into DOT (the
drawing itself: charts.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sopc.cache import Memo, content_key, own_code, store
from sopc.render.dot import graphviz_version
from sopc.render.site import Manual

__all__ = ["SITE_INDEX", "ScreenChart", "SiteCharts"]

SITE_INDEX = "flowcharts/site.json"  # the site's charts by SOP entry (`SiteCharts`)
_HEX = re.compile("[0-9a-f]{64}")
ScreenChart = tuple["bytes | Path", str, tuple[str, ...], str]
"""The site's SVG (or its file in the cache), its direction, its legend keys, its DOT key."""


class SiteCharts:
    """The site's charts by their SOP entry's key (its file, sopc.yaml, Graphviz, sopc's
    code): in a
    memo, and in `flowcharts/site.json` of the cache (entry key → the drawing's DOT
    key, direction, legend; the SVG is the cache's own `<DOT key>.svg`)."""

    def __init__(self, manual: Manual, cache: Path | None, memo: Memo[ScreenChart] | None):
        settings = content_key(own_code(), graphviz_version(), manual.config.model_dump_json())
        self.keys = {e.sop.id: content_key(settings, e.digest) for e in manual.sops}
        self.cache, self.memo = cache, memo
        self.index: dict[str, list[Any]] = {}
        if cache is not None:
            try:
                loaded = json.loads((cache / SITE_INDEX).read_text(encoding="utf-8"))
                self.index = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                pass
        self.kept: dict[str, list[Any]] = {}
        self.drawn: dict[str, str] = {}  # SOP id → DOT key, of the charts drawn now

    def get(self, sop_id: str) -> ScreenChart | None:
        """The SOP's chart, if its entry is unchanged and the chart is kept."""
        key = self.keys[sop_id]
        chart = self.memo.get(key) if self.memo is not None else None
        if chart is not None and key in self.index:
            self.kept[key] = self.index[key]  # the index keeps what the memo found
        if chart is None and self.cache is not None:
            chart = self._from_cache(key)
        return chart

    def _from_cache(self, key: str) -> ScreenChart | None:
        """The chart the index names, if the entry is well-formed and its SVG is there
        (a foreign or damaged cache is not trusted: a bad entry is drawn anew)."""
        from sopc.render.paper import DIRECTIONS, LEGEND

        entry = self.index.get(key)
        if self.cache is None or not isinstance(entry, list) or len(entry) != 3:
            return None
        dot_key, direction, legend = entry
        if not (isinstance(dot_key, str) and _HEX.fullmatch(dot_key)):
            return None
        if direction not in DIRECTIONS or not isinstance(legend, list):
            return None
        if not all(item in LEGEND for item in legend):
            return None
        svg = self.cache / "flowcharts" / f"{dot_key}.svg"
        if not svg.is_file():
            return None
        chart = (svg, direction, tuple(legend), dot_key)
        self.kept[key] = entry
        if self.memo is not None:
            self.memo.put(key, chart)
        return chart

    def put(self, sop_id: str, chart: ScreenChart) -> None:
        """The SOP's chart as just drawn."""
        key = self.keys[sop_id]
        dot_key = chart[3]
        if self.memo is not None:
            self.memo.put(key, chart)
        self.kept[key] = [dot_key, chart[1], list(chart[2])]

    def save(self) -> None:
        """The index of this manual's charts (others' are let go), if it changed."""
        if self.cache is not None and self.kept != self.index:
            text = json.dumps(self.kept, sort_keys=True, ensure_ascii=False)
            store(self.cache / SITE_INDEX, text.encode("utf-8"))
