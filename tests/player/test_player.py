"""Real libvlc (video callbacks, offscreen) on clips generated here: exact seeks and steps on every pane, synced
playback, loop, offsets, wipe, difference, export; and each way libvlc can be missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.media import write_clip

pytestmark = pytest.mark.player

W, H, FPS, N = 160, 96, 24, 60


def _clip(path: Path, *, offset: int = 0, bframes: int = 0, frames: int = N) -> Path:
    """Frame n is a flat grey of value 3*(n+offset): the displayed frame number can be read from any pixel."""
    return write_clip(path, (np.full((H, W, 3), 3 * (n + offset), np.uint8) for n in range(frames)), fps=FPS,
                      options={"bf": str(bframes), "g": "12", "crf": "10"})


def _read(frame: np.ndarray | None) -> int:
    return -1 if frame is None else int(round(float(frame[H // 4:, :, 1].mean()) / 3))


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("clips")
    # B is a B-frame MP4 (x264's default structure), A has none: libvlc treats them differently when seeking.
    return _clip(d / "a.mp4"), _clip(d / "b.mp4", offset=5, bframes=2)


def shown(view) -> list[int]:  # type: ignore[no-untyped-def]
    """Frame numbers read from the pixels each pane paints right now."""
    return [_read(f) for f in view.view.frames()]


@pytest.fixture
def compare(qtbot, clips):  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    view = CompareView(list(clips))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=8000)
    yield view
    view.close_players()


def test_seek_lands_every_pane_on_the_exact_frame(compare) -> None:  # type: ignore[no-untyped-def]
    for target in (10, 30, 3, 31, 58, 0):
        compare.seek(target)
        assert shown(compare) == [target, target + 5], f"seek {target}"
        assert compare.shown() == [target, target]  # the readout's numbers are the pictures' numbers


def test_step_forward_and_back_move_every_pane_by_one(compare) -> None:  # type: ignore[no-untyped-def]
    compare.seek(20)
    for expected in (21, 22, 23):
        compare.step()
        assert shown(compare) == [expected, expected + 5]
    for expected in (22, 21, 20, 19):
        compare.step_back()
        assert shown(compare) == [expected, expected + 5]
    assert "frame 19" in compare.readout.text()


def _playing_samples(qtbot, view, seconds: float) -> list[list[int]]:  # type: ignore[no-untyped-def]
    samples: list[list[int]] = []

    def sample() -> None:
        if view.transport.state == "playing" and view.view.playing:
            samples.append(shown(view))

    view.view.sig_tick.connect(sample)
    qtbot.wait(int(seconds * 1000))
    view.view.sig_tick.disconnect(sample)
    return samples


def test_playback_keeps_panes_within_a_frame_and_pause_holds_one_exact_frame(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    compare.seek(4)
    compare.toggle()
    qtbot.waitUntil(lambda: compare.view.playing, timeout=5000)
    samples = _playing_samples(qtbot, compare, 1.0)
    assert len(samples) > 20
    assert samples[-1][0] > samples[0][0], "pictures advance while playing"
    drift = [abs(a - (b - 5)) for a, b in samples]
    assert max(drift) <= 1, samples
    # Resume went through the barrier: the first pictures after it are the same frame on both panes.
    assert drift[0] == 0, samples[:3]
    compare.toggle()
    a, b = shown(compare)
    assert b - a == 5 and compare.shown() == [a, a] and a > 4


def test_offset_lines_up_takes_that_start_on_different_frames(compare) -> None:  # type: ignore[no-untyped-def]
    compare.seek(12)
    compare.offsets[0].setValue(5)  # A shifted 5 frames later: A's frame 17 against B's frame 12 (value 17)
    assert shown(compare) == [17, 17]
    compare.step()
    assert shown(compare) == [18, 18]
    assert "A 18" in compare.readout.text() and "B 13" in compare.readout.text()


def test_loop_range_wraps_playback(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    compare.seek(10)
    compare.mark_loop(start=True)
    compare.seek(16)
    compare.mark_loop(start=False)
    assert compare.transport.loop == (10, 16)
    compare.seek(10)
    compare.toggle()
    seen: list[tuple[int, bool]] = []
    compare.view.sig_tick.connect(lambda: seen.append((shown(compare)[0], compare.view.playing)))

    def wrapped() -> bool:  # played up to the out point, then played again from the in point
        late = [i for i, (v, playing) in enumerate(seen) if v >= 15 and playing]
        return bool(late) and any(v <= 14 and playing for v, playing in seen[late[0]:])

    try:
        qtbot.waitUntil(wrapped, timeout=8000)
    except Exception:
        raise AssertionError(str(seen)) from None
    assert all(9 <= v <= 17 for v, _ in seen if v >= 0), str(seen)  # never leaves the loop (±1 frame playing)
    compare.toggle()


def test_speed_sets_every_player_rate(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    compare.rate.setCurrentIndex(0)  # 0.25×
    compare.toggle()
    qtbot.waitUntil(lambda: compare.view.playing, timeout=5000)
    assert [round(p.player.get_rate(), 2) for p in compare.players] == [0.25, 0.25]
    start = compare.transport.playing_frame()
    qtbot.wait(800)
    advanced = compare.transport.playing_frame() - start
    assert 2 <= advanced <= 8, advanced  # ~4.8 frames at 0.25× (19 at 1×)
    compare.toggle()


def test_difference_and_wipe_show_the_right_pixels(compare) -> None:  # type: ignore[no-untyped-def]
    compare.seek(8)
    compare._set_mode("difference")
    (diff,) = compare.view.composed()
    assert abs(diff.pixelColor(W // 2, H // 2).green() - 15) <= 2, "|3*8 - 3*13| = 15 everywhere"
    compare._set_mode("wipe")
    compare.view.divider = 0.5
    (wipe,) = compare.view.composed()
    left, right = wipe.pixelColor(10, H // 2).green(), wipe.pixelColor(W - 10, H // 2).green()
    assert abs(left - 24) <= 2 and abs(right - 39) <= 2


def test_zoom_is_shared_by_every_pane(compare) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF

    compare.view.set_zoom(2.0, QPointF(0.25, 0.25))
    img = compare.view.composed()[0]
    src = compare.view._source(img)
    assert (src.width(), src.height()) == (W / 2, H / 2) and src.x() == 0 and src.y() == 0
    compare.view.set_zoom(100)
    assert compare.view.zoom == 8.0


def test_export_frames_writes_full_resolution_pngs_of_the_shown_frames(compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    compare.seek(21)
    paths = compare.export_frames(tmp_path)
    assert [p.name for p in paths] == ["A_a_f00021.png", "B_b_f00021.png"]
    values = []
    for p in paths:
        img = QImage(str(p))
        assert (img.width(), img.height()) == (W, H)
        values.append(round(img.pixelColor(W // 2, H // 2).green() / 3))
    assert values == [21, 26]


def test_four_takes_play_in_a_grid(qtbot, clips, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    extra = [_clip(tmp_path / "c.mp4", offset=10), _clip(tmp_path / "d.mp4", offset=20)]
    view = CompareView([*clips, *extra])
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=8000)
    view.seek(7)
    assert shown(view) == [7, 12, 17, 27]
    cells = view.view._cells(4)
    assert len({c.x() for c in cells}) == 2 and len({c.y() for c in cells}) == 2
    view.close_players()


def test_two_players_keep_none_refcount_stable(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Short soak: libvlc callbacks on its threads while Qt runs (PySide6 6.12 + Py 3.11 lost ~2.7 per callback).

    The 10-minute soak is ``python -m benchmarks.compare_sync --soak-seconds 600``.
    """
    compare.transport.set_loop(0, N - 1)  # the whole take: every wrap revives players that ran off the end
    compare.toggle()
    qtbot.waitUntil(lambda: compare.view.playing, timeout=5000)
    import gc

    gc.collect()  # garbage from earlier tests, freed mid-window, would move the count by itself
    before = sys.getrefcount(None)
    displays = sum(p.latest()[1] for p in compare.players)
    qtbot.wait(4000)
    gc.collect()
    displays = sum(p.latest()[1] for p in compare.players) - displays
    assert displays > 100, "both players delivered pictures through callbacks"
    assert abs(sys.getrefcount(None) - before) < 50
    compare.toggle()


def test_each_libvlc_failure_degrades_to_a_clear_message(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """python-vlc raises, returns None or calls sys.exit: each is simulated, each gives the install command."""
    import vlc

    from ui.player import availability
    from ui.player.compare_view import CompareView

    def problem() -> str:
        availability._cache.clear()
        view = CompareView([Path("x.mp4")])
        qtbot.addWidget(view)
        return view.problem.text()

    monkeypatch.setattr(vlc, "Instance", lambda *a: None)  # plugins missing: Instance() returns None
    assert "without its plugins" in problem() and "apt-get install vlc-plugin-base" in problem()
    monkeypatch.setitem(sys.modules, "vlc", None)  # library missing: the import fails
    assert "VLC is not available" in problem()
    monkeypatch.undo()
    availability._cache.clear()


def test_a_take_that_is_not_a_video_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"not a video")
    view = CompareView([bad])
    qtbot.addWidget(view)
    assert "broken.mp4 is not a playable video" in view.problem.text()


def test_bad_python_vlc_lib_path_is_caught_in_a_real_process() -> None:
    code = ("import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
            "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
            "from pathlib import Path\n"
            "from ui.player.compare_view import CompareView\n"
            "v = CompareView([Path('x.mp4')]); print('MSG:', v.problem.text())\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, PYTHON_VLC_LIB_PATH="/nonexistent/libvlc.so.5"),
                       cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 0, r.stderr[-800:]
    assert "apt-get install vlc-plugin-base" in r.stdout, r.stdout + r.stderr[-500:]


def test_looping_the_whole_take_wraps_again_and_again(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At the true end libvlc stops (Ended) and cannot seek: the transport revives it on every wrap."""
    compare.transport.set_loop(0, N - 1)
    compare.toggle()
    wraps = [0]
    last = [0]

    def on_tick() -> None:
        a = shown(compare)[0]
        if compare.view.playing and 0 <= a < last[0] - 20:
            wraps[0] += 1
        if compare.view.playing and a >= 0:
            last[0] = a

    compare.view.sig_tick.connect(on_tick)
    qtbot.waitUntil(lambda: wraps[0] >= 2, timeout=15_000)
    assert compare.transport.state == "playing"
    compare.toggle()


def test_takes_with_a_frame_cache_copy_seek_exactly_from_the_first_moment(qtbot, clips) -> None:  # type: ignore[no-untyped-def]
    """Takes the queue brought in have a display-size copy: no background index, every seek a lookup."""
    from composer.media.decode import display_size
    from composer.media.services import MediaServices
    from ui.player.compare_view import CompareView

    media = MediaServices.from_env()
    for clip in clips:
        assert media.cache.build(clip, *display_size(W, H)) is not None
    view = CompareView(list(clips), media=media)
    qtbot.addWidget(view)
    try:
        assert all(p.reader.index_done() and p.reader._index_thread is None for p in view.players)
        view.show()
        qtbot.waitUntil(lambda: view.ready, timeout=8000)
        for target in (41, 7, 30, 59):
            view.seek(target)
            assert shown(view) == [target, target + 5], f"seek {target}"
        assert all(p.reader._decoder is None for p in view.players)  # the takes themselves were never decoded
        assert media.gate._holds == 0
        view.toggle()  # playing: background copies of other takes wait for libvlc
        qtbot.waitUntil(lambda: view.view.playing, timeout=8000)
        assert media.gate._holds == 1
        view.toggle()
        assert media.gate._holds == 0
    finally:
        view.close_players()


def test_the_transport_keeps_time_on_its_own_timer_not_the_views_paint_timer(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The clock, the resume and the end of the take work with no repaints at all (issue 14: the master clock was
    the view's paint timer)."""
    from composer.playback import PlayState

    compare.view.stop()
    compare.seek(N - 12)
    compare.toggle()
    qtbot.waitUntil(lambda: compare.transport.state is PlayState.PLAYING, timeout=5000)
    assert compare.view.playing  # the transport switched the view to libvlc's pictures itself
    qtbot.waitUntil(lambda: compare.transport.state is PlayState.PAUSED, timeout=5000)  # ran to the end
    assert compare.frame == N - 1 and shown(compare) == [N - 1, N - 1 + 5]
    assert "frame 59" in compare.readout.text()


def test_a_negative_offset_plays_in_step_and_pauses_without_a_jump(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A shifted 5 frames earlier: paused at 0 it is held on its first frame; play starts where A has frames, so
    A's picture is always 10 frames behind B's value (B's clip starts 5 frames on) and pause does not jump."""
    compare.offsets[0].setValue(-5)
    compare.seek(0)
    assert shown(compare) == [0, 5]  # A held on its frame 0
    compare.toggle()
    qtbot.waitUntil(lambda: compare.view.playing, timeout=5000)
    assert compare.transport.playing_frame() >= 5
    samples = _playing_samples(qtbot, compare, 0.8)
    assert samples and all(abs((b - a) - 10) <= 1 for a, b in samples), samples
    compare.toggle()
    a, b = shown(compare)
    assert b - a == 10 and compare.shown() == [a, a + 5]
