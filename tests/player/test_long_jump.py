"""After a long jump back, libvlc must keep decoding real pictures (a regression test for a libvlc 3 bug).

Measured here: on H.264 takes without B-frames, play → pause → seek far back → play made both panes show
pictures decoded against the wrong reference from ~frame 31 to the next keyframe (a grey smear, mean pixel error
~85 against the true frame instead of ~2), in every run. libavcodec's frame threads inside libvlc were the
cause: with ``--avcodec-threads=1`` (ui/player/availability.py) it never happened in 7 runs of the sequence.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.player


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The benchmark's takes (moving test pattern with a frame-number barcode, GOP 48, no B-frames): with them the
    bug showed every time; a plain moving pattern without the barcode did not show it."""
    from benchmarks.compare_sync import make_clip

    d = tmp_path_factory.mktemp("jump")
    return [make_clip(d / f"take{seed}.mp4", seed, bframes=0) for seed in (1, 2)]


def _error(player, picture: np.ndarray, around: int) -> float:  # type: ignore[no-untyped-def]
    """Mean pixel error of a libvlc picture against the nearest true frame (PyAV) within two frames."""
    sub = picture[::4, ::4, :3].astype(np.int16)
    return min(float(np.abs(player.reader.frame(k)[::4, ::4, :3].astype(np.int16) - sub).mean())
               for k in range(max(0, around - 2), min(player.frames, around + 3)))


def test_pictures_after_a_long_jump_back_are_real_frames(qtbot, takes) -> None:  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    view = CompareView(takes)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=10_000)
    qtbot.waitUntil(lambda: all(p.reader.index_done() for p in view.players), timeout=30_000)
    errors: list[float] = []
    in_window: list[int] = []  # frames sampled where the bug showed (~31 up to the keyframe at 48)

    def sample() -> None:
        if view.transport.state == "playing" and view.view.playing:
            now = view.transport.playing_frame()
            errors.extend(_error(p, p.latest()[0], now) for p in view.players)
            if 31 <= now < 48:
                in_window.append(now)

    view.seek(420)
    view.toggle()
    qtbot.waitUntil(lambda: view.view.playing, timeout=5000)
    qtbot.wait(1000)
    view.toggle()
    view.seek(0)
    view.view.sig_tick.connect(sample)
    view.toggle()
    # Until past the window and enough pictures seen: on a loaded machine ticks come slower (each sample decodes
    # ten true frames), so the wait is for samples, not for a time; later frames are checked the same way.
    qtbot.waitUntil(lambda: view.transport.state == "playing" and view.transport.playing_frame() >= 47
                    and len(errors) > 60, timeout=30_000)
    view.view.sig_tick.disconnect(sample)
    view.close_players()
    assert len(in_window) >= 3, f"only frames {in_window} of the window were sampled"
    assert max(errors) < 20, f"{sum(e >= 20 for e in errors)} of {len(errors)} pictures were not a real frame"
