"""The retry policy's waits, and the one knob that shortens them (the suite's own speed depends on it)."""

from __future__ import annotations

import random

import pytest

from composer.queue import retry


def test_unset_the_waits_are_the_documented_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLATE_WAIT_SCALE", raising=False)
    assert retry.poll_interval(0, None) == 1.0
    assert retry.poll_interval(20, None) == 15.0
    assert 0.5 <= retry.backoff(0, rng=random.Random(1)) <= 1.0
    assert 30.0 <= retry.backoff(10, rng=random.Random(1)) <= 60.0


def test_the_scale_shortens_slates_own_waits_but_never_a_servers_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLATE_WAIT_SCALE", "0.1")
    assert retry.poll_interval(0, None) == pytest.approx(0.1)
    assert retry.poll_interval(20, None) == pytest.approx(1.5)
    assert retry.backoff(3, rng=random.Random(7)) == pytest.approx(0.1 * 8 * (0.5 + random.Random(7).random() / 2))
    assert retry.poll_interval(0, 250) == 0.25  # the server's poll-after
    assert retry.backoff(0, retry_after=3.0) == 3.0  # the server's Retry-After


@pytest.mark.parametrize("bad", ["", "fast", "0", "-1", "nan", "inf"])
def test_an_unreadable_scale_is_no_scale(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("SLATE_WAIT_SCALE", bad)
    assert retry.wait_scale() == 1.0
    assert retry.poll_interval(0, None) == 1.0
