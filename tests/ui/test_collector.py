"""Reference cycles are freed on the GUI thread, whatever thread allocates (ui.ops.collector)."""

from __future__ import annotations

import gc
import threading

from ui.ops.collector import GuiThreadCollector


class _Node:
    freed_on: list[int] = []

    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it

    def __del__(self) -> None:
        _Node.freed_on.append(threading.get_ident())


def _churn() -> None:
    """Allocate container objects the way a busy queue thread does: enough to pass generation 0's threshold often."""
    keep = []
    for n in range(200_000):
        keep.append([n])
        if len(keep) > 1000:
            keep.clear()


def test_a_cycle_is_freed_on_the_gui_thread_not_on_the_thread_that_allocates(qtbot) -> None:  # type: ignore[no-untyped-def]
    gc.collect()
    collector = GuiThreadCollector(interval_ms=20)
    try:
        _Node.freed_on = []
        _Node()  # garbage at once, held only by its own cycle
        worker = threading.Thread(target=_churn)
        worker.start()
        worker.join()
        assert _Node.freed_on == [], "nothing is collected off the GUI thread"
        qtbot.waitUntil(lambda: bool(_Node.freed_on), timeout=5000)
        assert _Node.freed_on == [threading.get_ident()]
        assert collector.collections[0] >= 1
    finally:
        collector.stop()
    assert gc.isenabled(), "stopping gives Python its automatic collection back"


def test_the_app_collects_on_its_gui_thread(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real entry point installs the collector: after a run, Python's automatic collection is off."""
    import os
    import subprocess
    import sys

    code = ("import gc, sys\nfrom ui import app\nrc = app.main(['--screenshot', sys.argv[1]])\n"
            "print('automatic gc:', gc.isenabled(), 'rc:', rc)\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SLATE_DATA_DIR=str(tmp_path / "data"))
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "w.png")], capture_output=True, text=True,
                       env=env, timeout=120)
    assert "automatic gc: False rc: 0" in r.stdout, r.stdout + r.stderr
