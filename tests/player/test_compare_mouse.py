"""The compare window by mouse and keys (issue 16 §3), on real libvlc and clips made here: the step buttons step, a
click in the timeline seeks to the clicked frame, Esc and Ctrl+W close the window, Ctrl+Q quits Slate from it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionSlider

from tests.player.test_player import N, _clip, shown

pytestmark = pytest.mark.player

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A compare window as a person gets it: its own top-level window, shown and active."""
    from ui.player.compare_view import CompareView

    view = CompareView([_clip(tmp_path / "a.mp4"), _clip(tmp_path / "b.mp4", offset=5)])
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.activateWindow()
    qtbot.waitActive(view)
    qtbot.waitUntil(lambda: view.ready, timeout=8000)
    yield view
    view.close_players()


def _button(view, name: str) -> QPushButton:  # type: ignore[no-untyped-def]
    (button,) = [b for b in view.findChildren(QPushButton) if b.accessibleName() == name]
    return button


def _readout_frame(view) -> int:  # type: ignore[no-untyped-def]
    return int(view.readout.text().split()[1])


def _groove_x(slider, fraction: float) -> QPoint:  # type: ignore[no-untyped-def]
    """The point ``fraction`` of the way along the slider's groove, where the style draws it."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    groove = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                           QStyle.SubControl.SC_SliderGroove, slider)
    return QPoint(groove.x() + round(fraction * (groove.width() - 1)), slider.height() // 2)


def test_the_step_buttons_step_every_pane_by_one_frame(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.seek(20)
    forward, back = _button(window, "step forward"), _button(window, "step back")
    for expected in (21, 22):
        QTest.mouseClick(forward, Qt.MouseButton.LeftButton, pos=forward.rect().center())
        assert shown(window) == [expected, expected + 5] and _readout_frame(window) == expected
    for expected in (21, 20, 19):
        QTest.mouseClick(back, Qt.MouseButton.LeftButton, pos=back.rect().center())
        assert shown(window) == [expected, expected + 5] and _readout_frame(window) == expected


def test_a_click_in_the_timeline_shows_the_clicked_frame(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    slider = window.slider
    assert slider.maximum() == N - 1
    for fraction, expected in ((1.0, N - 1), (0.0, 0), (0.5, (N - 1) / 2), (0.75, 0.75 * (N - 1))):
        QTest.mouseClick(slider, Qt.MouseButton.LeftButton, pos=_groove_x(slider, fraction))
        frame = shown(window)[0]
        assert abs(frame - expected) <= 2, (fraction, frame)  # a page step would have moved 10 frames from 0
        assert shown(window) == [frame, frame + 5]
        assert _readout_frame(window) == frame == slider.value() == window.frame


def test_dragging_the_handle_still_seeks(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    slider = window.slider
    start = _groove_x(slider, 0.0)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(slider, _groove_x(slider, 0.3))
    QTest.mouseMove(slider, _groove_x(slider, 0.6))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=_groove_x(slider, 0.6))
    frame = shown(window)[0]
    # The handle follows the mouse by the pixels moved (its groove is shorter by its own width): past 60 %.
    assert 0.6 * (N - 1) - 2 <= frame <= N - 1, frame
    assert shown(window) == [frame, frame + 5] and _readout_frame(window) == frame == slider.value()


def test_a_click_in_the_timeline_while_playing_pauses_on_the_clicked_frame(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(_button(window, "play pause"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view.playing, timeout=5000)
    QTest.mouseClick(window.slider, Qt.MouseButton.LeftButton, pos=_groove_x(window.slider, 0.25))
    frame = shown(window)[0]
    assert window.transport.state == "paused" and abs(frame - 0.25 * (N - 1)) <= 2
    assert _readout_frame(window) == frame


@pytest.mark.parametrize("key,modifier", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                          (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)])
def test_esc_and_ctrl_w_close_the_compare_window_and_release_its_players(window, qtbot, key, modifier) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(window.focusWidget() or window, key, modifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    assert window.players == [], "a closed compare window must not keep libvlc playing"


def test_ctrl_q_in_a_compare_window_closes_it_and_the_main_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from composer.document.models import Project, Shot
    from composer.project.document import Document
    from ui.app import compose
    from ui.bridges.document import DocumentBridge

    bridge = DocumentBridge(Document(Project(name="Q", shots=[Shot(title="Shot 1")]), None))
    main = compose(bridge)
    qtbot.addWidget(main)
    main.show()
    view = main.open_compare([_clip(tmp_path / "a.mp4"), _clip(tmp_path / "b.mp4", offset=5)])
    view.activateWindow()
    qtbot.waitActive(view)
    qtbot.waitUntil(lambda: view.ready, timeout=8000)
    assert view.isWindow() and view.parent() is main  # owned by the main window, a window of its own
    QTest.keyClick(view.focusWidget() or view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=3000)
    assert view.players == []  # closed (and, deleted on close, maybe gone already) with its players released
    assert not shiboken6.isValid(view) or not view.isVisible()
    main.files.autosave_timer.stop()


DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from ui import app as slate
    from ui.app import compose
    from ui.main_window import MainWindow

    seen = {}

    def open_compare():
        main = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["view"] = view = main.open_compare([Path(p) for p in sys.argv[2:]])
        view.activateWindow()
        def when_ready():
            if not view.ready or not view.isActiveWindow():
                return QTimer.singleShot(20, when_ready)
            print("compare ready", flush=True)
            QTest.keyClick(view.focusWidget() or view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        when_ready()

    QTimer.singleShot(800, open_compare)
    code = slate.main([sys.argv[1]])
    print("main returned", code, "players left", len(seen["view"].players), flush=True)
    sys.exit(code)
""")


def test_ctrl_q_with_a_compare_window_open_ends_the_process_with_exit_0(tmp_path: Path) -> None:
    """The real app's quit path (ui/app.py main): nothing may keep the event loop or the process alive."""
    from composer.document.models import Project, Shot
    from composer.project import files as project_file

    project = project_file.save(Project(name="Quit", shots=[Shot(title="Shot 1")]), tmp_path / "quit.slate")
    clips = [str(_clip(tmp_path / "a.mp4")), str(_clip(tmp_path / "b.mp4", offset=5))]
    r = subprocess.run([sys.executable, "-c", DRIVER, str(project), *clips], capture_output=True, text=True,
                       timeout=90, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert "compare ready" in r.stdout, r.stdout + r.stderr[-1500:]
    assert r.returncode == 0, r.stdout + r.stderr[-1500:]
    assert "main returned 0 players left 0" in r.stdout, r.stdout
