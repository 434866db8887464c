"""A real stand-in server on a free loopback port, and the real openai SDK pointed at it."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from composer.standin.app import StandinConfig
from composer.standin.server import StandinThread

Start = Callable[..., StandinThread]


@pytest.fixture
def start_standin(tmp_path: Path) -> Iterator[Start]:
    running: list[StandinThread] = []

    def start(**kw: object) -> StandinThread:
        kw.setdefault("state_dir", tmp_path / "standin")
        kw.setdefault("speed", 30.0)
        kw.setdefault("poll_after_ms", 20)
        kw.setdefault("content_scale", 0.125)
        s = StandinThread(StandinConfig(**kw)).start()  # type: ignore[arg-type]
        running.append(s)
        return s
    yield start
    for s in running:
        s.stop()


@pytest.fixture
def standin(start_standin: Start) -> StandinThread:
    return start_standin()


@pytest.fixture
def sdk(standin: StandinThread):  # type: ignore[no-untyped-def]
    import openai

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield openai.OpenAI(api_key="sk-test-standin", base_url=standin.base_url)


def stats(s: StandinThread) -> dict:  # type: ignore[type-arg]
    return httpx.get(s.root_url + "/_standin/stats").json()  # type: ignore[no-any-return]
