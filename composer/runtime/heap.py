"""Keep full garbage collections short, so no thread stops the GUI thread for tens of milliseconds.

A generation-2 collection walks every object the collector tracks, holding the GIL the whole time: whichever thread
triggers it (often the render queue's), the GUI thread cannot run a line of Python until it ends. With PySide6 and
the UI loaded that is ~55k objects and ~18 ms; with the openai SDK and its pydantic models ~110k objects and
~60 ms, measured as 56-66 ms event-loop stalls in benchmarks/queue_load. Almost all of those objects are modules,
classes, functions and schemas that live as long as the process, so once they exist they are moved to the
permanent generation (``gc.freeze``), where collections no longer walk them; objects made later are collected as
before.
"""

from __future__ import annotations

import gc


def freeze_long_lived(*, collect: bool = True) -> int:
    """Move every object alive now out of the collector's walks; returns how many objects are frozen in all.

    Call it when what is alive is what stays alive: after start-up, and after a lazily imported SDK is built.
    ``collect`` first frees existing garbage so it is not kept for ever with them; that is itself a full collection,
    so it belongs where a pause is harmless (start-up, before the queue thread runs), not on the queue thread.
    """
    if collect:
        gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
