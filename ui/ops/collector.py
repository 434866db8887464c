"""The cyclic garbage collector runs on the GUI thread only.

Python runs a collection in whichever thread happens to allocate past the threshold: the render queue's, an
operation's, the frame-cache copier's. A window, dialog or relay that is only held by a reference cycle is then
freed there, and its C++ object is deleted off the GUI thread while the GUI thread may be delivering a queued signal
to it: a segfault (seen in the test suite: ``QObject::property`` from ``SignalManager::callPythonMetaMethod`` on a
deleted object). Reference counting still frees almost everything at once; only cycles wait for the GUI thread,
which collects them between events with Python's own thresholds. A generation-2 pass still pauses the GUI thread,
as it always did; ``composer.runtime.heap`` keeps those passes short.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """While it lives (and until ``stop``), automatic collection is off and this collects on its own thread."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = [0, 0, 0]  # by generation: what a test or a log can read back
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        enabled = self._was_enabled  # the wrapper may be gone when destroyed fires: capture the flag, not self
        self.destroyed.connect(lambda *_: gc.enable() if enabled else None)

    def check(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold, as Python's automatic collection does;
        otherwise the young generation whenever anything was allocated since (cheap: it walks only new objects),
        because a thread that allocates and frees in bursts passes the threshold between two ticks, not at one."""
        counts = gc.get_count()
        generation = 0 if counts[0] > 0 else None
        for g in range(1, 3):
            if counts[g] > self.thresholds[g]:
                generation = g
        if generation is None:
            return None
        gc.collect(generation)
        self.collections[generation] += 1
        return generation

    def stop(self) -> None:
        self._timer.stop()
        self._restore()

    def _restore(self) -> None:
        if self._was_enabled:
            gc.enable()
