from __future__ import annotations

from pathlib import Path

import pytest

from composer.queue.backends.animatic import AnimaticBackend
from composer.queue.store import Store


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("SLATE_DATA_DIR", str(d))
    return d


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir / "queue.sqlite3")


@pytest.fixture
def animatic(data_dir: Path) -> AnimaticBackend:
    return AnimaticBackend(data_dir / "animatic")


def tiny_job(store: Store, prompt: str = "A red kite over dunes.", **kw):  # type: ignore[no-untyped-def]
    """A job small enough to render in a fraction of a second (sizes are not validated by the store)."""
    return store.add(backend="animatic", prompt=prompt, model="sora-2", size=kw.pop("size", "160x96"),
                     seconds=kw.pop("seconds", 1), **kw)
