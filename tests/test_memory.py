"""What a long build does with memory: a layout's document is gone when it returns,
with the cyclic collector as it found it, and freed heap goes back to the system."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from sopc.memory import give_back, no_cyclic_gc
from sopc.render.pdf import lay_out

HTML = '<html lang="zh-CN"><body><h1>客户投诉处理</h1><p>接收后30分钟内登记。</p></body></html>'


def boxes_alive() -> int:
    from weasyprint.formatting_structure.boxes import Box

    return sum(isinstance(thing, Box) for thing in gc.get_objects())


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_a_layout_leaves_none_of_its_document_behind() -> None:
    """The collector is paused while WeasyPrint lays out; once it returns, nothing
    of the document is left (a worker lays out a hundred documents)."""
    data, _faces = lay_out(HTML)
    assert data.startswith(b"%PDF-")
    assert gc.isenabled()
    assert boxes_alive() == 0


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with no_cyclic_gc(collect=True):
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with no_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_heap_freed_in_a_thread_goes_back_to_the_system() -> None:
    """A thread's arena keeps what it freed below a block still in use (the charts'
    chunks were drawn so): resident until `give_back`."""
    kept: list[bytes] = []

    def churn() -> None:
        made = [bytes(2048) for _ in range(100_000)]  # 200 MiB, past pymalloc's 512 bytes
        kept.extend(made[99::100])  # every hundredth stays: the heap's top stays in use
        del made

    thread = threading.Thread(target=churn)
    thread.start()
    thread.join()
    before = resident_mib()
    give_back()
    assert before - resident_mib() > 100
    assert len(kept) == 1000
