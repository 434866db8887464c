"""Who decodes first: a person's seek or step, then playback, then background work (indexes, frame-cache copies).

Why a shared object: the paused player, the background index of every open take and the frame-cache copier all
decode on the same two cores. A person waiting for a frame marks the gate; background work waits on it between
pictures, and while a take plays (libvlc's decoders need the cores) copies hold. The in-memory index budget is
shared here too, so all open readers together stay under it. One gate per app, made where the app is composed.
"""

from __future__ import annotations

import threading
import time

QUIET_S = 0.3  # background decoding pauses this long after any frame had to be decoded for a person
YIELD_S = 0.002  # background copier's pause between pictures (leaves the GIL to the GUI thread)
INDEX_BUDGET_BYTES = 512 * 2**20  # display-size frames kept by all readers' background indexes together


class DecodeGate:
    def __init__(self, *, index_budget: int = INDEX_BUDGET_BYTES) -> None:
        self._lock = threading.Lock()
        self._quiet_until = 0.0
        self._holds = 0
        self._go = threading.Event()
        self._go.set()
        self.index_budget = index_budget
        self._index_used = 0

    # --- a person first ---------------------------------------------------------------------
    def person_waiting(self) -> None:
        """A frame is being decoded for someone looking at the screen: background decoding steps aside."""
        self._quiet_until = time.monotonic() + QUIET_S

    def wait_quiet(self) -> None:
        """Background decoding (indexes, copies) waits here until no person's decode happened for QUIET_S."""
        while time.monotonic() < self._quiet_until:
            time.sleep(0.05)

    # --- playback holds copies --------------------------------------------------------------
    def hold_copies(self, hold: bool) -> None:
        """While a take plays, copies wait; calls nest, one release per hold."""
        with self._lock:
            self._holds = max(0, self._holds + (1 if hold else -1))
            (self._go.clear if self._holds else self._go.set)()

    def wait_turn(self) -> None:
        """Between two pictures of background copying: wait for playback and people, then leave the GIL."""
        self._go.wait()
        self.wait_quiet()
        # Otherwise the GUI thread can wait a whole switch interval (5 ms) for the GIL, twice when the queue thread
        # also runs (benchmarks/queue_load counts the stalls).
        time.sleep(YIELD_S)

    # --- the shared index budget ------------------------------------------------------------
    def reserve(self, nbytes: int) -> bool:
        """Take ``nbytes`` of the index budget; False (nothing taken) when it would go over."""
        with self._lock:
            if self._index_used + nbytes > self.index_budget:
                return False
            self._index_used += nbytes
            return True

    def release(self, nbytes: int) -> None:
        with self._lock:
            self._index_used = max(0, self._index_used - nbytes)

    @property
    def index_used(self) -> int:
        return self._index_used
