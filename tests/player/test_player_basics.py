"""Deterministic player checks: frames arrive through libvlc callbacks and paint; the view composes modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.player.test_player import _clip, _value

pytestmark = pytest.mark.player


def test_a_real_clip_plays_through_callbacks_and_paints(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    a, b = _clip(tmp_path / "a.mp4"), _clip(tmp_path / "b.mp4", offset=5)
    view = CompareView([a, b])
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=10_000)
    assert all(p.frame is not None and p.frame.shape == (96, 160, 4) for p in view.players)
    assert 0 <= _value(view.players[0]) < 48 and 5 <= _value(view.players[1]) < 53
    img = view.view.grab().toImage()
    assert img.width() > 0
    view.close_players()
