"""Frames arrive through libvlc callbacks at display size, and the view paints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.player.test_player import _clip, shown

pytestmark = pytest.mark.player


def test_a_real_clip_plays_through_callbacks_and_paints(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    a, b = _clip(tmp_path / "a.mp4"), _clip(tmp_path / "b.mp4", offset=5)
    view = CompareView([a, b])
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=10_000)
    assert all(p.latest()[0] is not None and p.latest()[0].shape == (96, 160, 4) for p in view.players)
    assert shown(view) == [0, 5]  # ready = paused on frame 0, exactly
    img = view.view.grab().toImage()
    assert img.width() > 0 and img.pixelColor(img.width() // 4, img.height() // 2).green() < 8
    view.close_players()
