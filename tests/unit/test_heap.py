"""runtime.heap: long-lived objects leave the collector's walks; garbage is freed first, and only when asked."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from composer.runtime import heap


class _Node:
    """A cyclic object: only the garbage collector (not reference counting) can free it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """Each test starts and ends with nothing frozen, so the rest of the session collects as usual."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _walked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())  # frozen objects are in no generation


def test_frozen_objects_are_no_longer_walked_and_garbage_is_freed_not_frozen() -> None:
    alive = _Node()
    dead = _Node()
    gone = weakref.ref(dead)
    del dead
    assert _walked(alive) and gone() is not None
    frozen = heap.freeze_long_lived()
    assert frozen == gc.get_freeze_count() > 0
    assert gone() is None, "existing garbage was collected before the freeze"
    assert not _walked(alive)
    later = _Node()
    later_ref = weakref.ref(later)
    del later
    gc.collect()
    assert later_ref() is None, "objects made after the freeze are collected as before"


def test_without_collect_no_collection_runs() -> None:
    """The queue thread's freeze after a lazy SDK import must not itself be the full-collection pause."""
    runs: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        runs.append(phase)

    gc.callbacks.append(seen)
    try:
        assert heap.freeze_long_lived(collect=False) > 0
    finally:
        gc.callbacks.remove(seen)
    assert runs == []
