"""A prompt writer's first hour, by mouse and keyboard on the real window (issue 16): every step a person takes.

New project (Ctrl+N) → type a subject → click a finding and its Fix button → Render shot on the offline animatic
before the first save → the take appears (and Ctrl+Z does not take it away) → a double-click on the finished queue
row shows it → Ctrl+S → reopen (Ctrl+O) → the take is there → Remix… → Compare → click |▶ and click in the timeline →
the frame shown follows → Ctrl+Q closes every window.

What is not real here, and why: the two file dialogs (the platform's native picker cannot be driven offscreen) are
answered with a path, as a person typing it would. The exit code of the process after Ctrl+Q with a compare window
open is proven by tests/player/test_compare_mouse.py::test_ctrl_q_with_a_compare_window_open_ends_the_process_with_
exit_0 (the real ``ui.app.main`` in a subprocess); here, Ctrl+Q must leave no Slate window open, which is what lets
the QApplication quit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QTreeWidget, QTreeWidgetItem, QWidget

from composer.document import fields
from composer.document.models import Project, Shot
from composer.project.document import Document
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.player.test_compare_mouse import _groove_x, _readout_frame
from ui.app import compose
from ui.bridges.document import DocumentBridge
from ui.main_window import MainWindow

pytestmark = pytest.mark.player

SUBJECT = "A pho vendor ladles broth into a bowl at dawn."


@pytest.fixture
def settings_dir(tmp_path: Path) -> Iterator[Path]:
    """Window geometry and the last folder go to this test's own QSettings folder, never the user's."""
    where = tmp_path / "settings"
    fmt, scope = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    before = QSettings().fileName()
    QSettings.setPath(fmt, scope, str(where))
    yield where
    QSettings.setPath(fmt, scope, str(Path(before).parent.parent))


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RenderService]:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    yield svc
    svc.worker.stop()


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(parent: QWidget, text: str) -> QPushButton:
    (b,) = [b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    return b


def click_item(tree: QTreeWidget, item: QTreeWidgetItem, *, double: bool = False) -> None:
    tree.scrollToItem(item)
    where = tree.visualItemRect(item).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    if double:
        QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)


def items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []

    def walk(item: QTreeWidgetItem) -> None:
        out.append(item)
        for i in range(item.childCount()):
            walk(item.child(i))
    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def reactivate(qtbot, w: QWidget) -> None:  # type: ignore[no-untyped-def]
    """What a window manager does when a dialog closes; the offscreen platform leaves the hidden dialog active."""
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)


def keys(w: QWidget, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    QTest.keyClick(w.focusWidget() or w, key, mod)


def test_the_first_hour_by_mouse_and_keyboard(qtbot, tmp_path: Path, settings_dir: Path, service,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    start = Document(Project(name="Scratch", shots=[Shot(title="Shot 1")]), None)
    bridge = DocumentBridge(start)
    w: MainWindow = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(start)
    w.show()
    w.activateWindow()
    assert QTest.qWaitForWindowActive(w)
    service.worker.start()

    # New project, a subject typed into the Subject field.
    keys(w, Qt.Key.Key_N)
    doc = w.bridge.document
    assert doc is not start and doc.path is None and len(doc.project.shots) == 1
    subject = w.registry.widgets[str(fields.SUBJECT)]
    click(subject)
    QTest.keyClicks(subject, SUBJECT)
    qtbot.waitUntil(lambda: w.bridge.shot is not None and w.bridge.shot.subject == SUBJECT, timeout=5000)
    assert SUBJECT in w.preview.text.toPlainText()

    # A finding with a deterministic fix: click it, then Fix (the reason is shown under the list).
    tree = w.findings.tree
    [sl003] = [i for i in items(tree) if i.text(0).startswith("SL003")]
    assert sl003.text(1) == "Camera movement", "the Field column names the field as people do"
    click_item(tree, sl003)
    assert w.findings.fix.isEnabled() and "Set the camera to static" in w.findings.reason.text()
    click(w.findings.fix)
    assert w.bridge.shot.camera.movement == "static on tripod"
    assert not any(i.text(0).startswith("SL003") for i in items(tree))

    # Render on the animatic before the project was ever saved: the take arrives all the same (issue 16 §1).
    click(button(w.queue_view, "Render shot"))
    shot = w.bridge.shot
    qtbot.waitUntil(lambda: len(shot.takes) == 1, timeout=90_000)
    take = shot.takes[0]
    assert (doc.folder / str(take.video_path)).is_file()
    assert w.queue_view.model.data(w.queue_view.model.index(0, 0)) == "Shot 1 · A pho vendor ladles broth into a bowl…"
    assert w.isWindowModified(), "the take is not in any file yet"
    keys(w, Qt.Key.Key_Z)  # Ctrl+Z undoes the Fix, never the paid-for (here: free) render (issue 16 §2)
    assert w.bridge.shot.camera.movement == "" and [t.id for t in shot.takes] == [take.id]
    keys(w, Qt.Key.Key_Y)  # and Ctrl+Y redoes it (issue 16 §8)
    assert w.bridge.shot.camera.movement == "static on tripod"

    # A double-click on the finished queue row shows its take in the Takes tab.
    table = w.queue_view.table
    cell = table.visualRect(w.queue_view.model.index(0, 2)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert w.form.currentWidget() is w.takes
    current = w.takes.tree.currentItem()
    assert current is not None and current.data(0, Qt.ItemDataRole.UserRole) == take.id
    assert current.text(0).startswith("Take 1")

    # Save (Ctrl+S asks where: the dialog opens in a real folder, the name is typed), the take goes with it.
    target = tmp_path / "films" / "pho.slate"
    target.parent.mkdir()
    asked: list[str] = []

    def save_as(_parent: object, _title: str, start: str, *_a: object) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    keys(w, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: target.exists() and not w.isWindowModified(), timeout=10_000)
    assert asked and Path(asked[0]).parent.is_dir()
    saved = json.loads(target.read_text(encoding="utf-8"))
    [saved_take] = saved["shots"][0]["takes"]
    assert (target.parent / saved_take["video_path"]).is_file(), "the take's file is beside the project"
    assert saved["name"] == "pho", "the project is named after its file, not 'Untitled'"

    # Reopen it (a new project first, then Ctrl+O): the take is there.
    keys(w, Qt.Key.Key_N)
    assert w.bridge.document.path is None and not w.bridge.shot.takes
    assert w.takes.scrubber.frames == 0 and w.takes.scrubber.text() == "Select a take to scrub through it", \
        "the Takes tab must not keep showing the previous project's picture"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(target), ""))
    keys(w, Qt.Key.Key_O)
    doc = w.bridge.document
    assert doc.path == target
    shot = w.bridge.shot
    assert [t.id for t in shot.takes] == [take.id]
    w.form.setCurrentWidget(w.takes)
    [row] = items(w.takes.tree)
    click_item(w.takes.tree, row)

    # Remix it: the dialog opens, one change is typed, OK.
    def answer_remix() -> None:
        from ui.dialogs.remix_dialog import RemixDialog

        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, RemixDialog):
            QTimer.singleShot(20, answer_remix)
            return
        at = dlg.parent_prompt.index("static on tripod")  # select the words (as a drag would), type over them
        cursor = dlg.text.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + len("static on tripod"), QTextCursor.MoveMode.KeepAnchor)
        dlg.text.setTextCursor(cursor)
        dlg.text.setFocus()
        QTest.keyClicks(dlg.text, "slow push-in")
        click(dlg.buttons.button(dlg.buttons.StandardButton.Ok))
    QTimer.singleShot(0, answer_remix)
    click(button(w.takes, "Remix / edit…"))
    qtbot.waitUntil(lambda: len(shot.takes) == 2, timeout=90_000)
    remix = shot.takes[1]
    assert remix.parent_take_id == take.id and "slow push-in" in remix.prompt_sent
    qtbot.waitUntil(lambda: len(items(w.takes.tree)) == 2, timeout=5000)
    [child] = [i for i in items(w.takes.tree) if i.data(0, Qt.ItemDataRole.UserRole) == remix.id]
    assert child.text(0).startswith("Take 2 · remix: slow push-in")
    reactivate(qtbot, w)  # the window manager gives the main window back its focus when the dialog closes
    keys(w, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not w.isWindowModified(), timeout=10_000)

    # Compare the remix with its parent; step with |▶, then click in the timeline: the shown frame follows.
    from ui.player.compare_view import CompareView

    click_item(w.takes.tree, child)
    click(button(w.takes, "Compare"))
    qtbot.waitUntil(lambda: any(isinstance(t, CompareView) and t.isVisible() for t in QApplication.topLevelWidgets()),
                    timeout=5000)
    [view] = [t for t in QApplication.topLevelWidgets() if isinstance(t, CompareView) and t.isVisible()]
    qtbot.waitUntil(lambda: view.ready, timeout=15_000)
    labels = {lbl.accessibleName(): lbl.text() for lbl in view.findChildren(type(view.readout))
              if lbl.accessibleName().startswith("take ")}
    assert labels == {"take A": "A: Take 1", "take B": "B: Take 2 · remix: slow push-in"}
    before = _readout_frame(view)
    click([b for b in view.findChildren(QPushButton) if b.accessibleName() == "step forward"][0])
    qtbot.waitUntil(lambda: _readout_frame(view) == before + 1, timeout=5000)
    QTest.mouseClick(view.slider, Qt.MouseButton.LeftButton, pos=_groove_x(view.slider, 0.5))
    qtbot.waitUntil(lambda: _readout_frame(view) == view.slider.value() != before + 1, timeout=5000)

    # Ctrl+Q from the compare window: it and the main window close; nothing keeps the application alive.
    view.activateWindow()
    assert QTest.qWaitForWindowActive(view)
    keys(view, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: not [t for t in QApplication.topLevelWidgets() if t.isVisible()], timeout=5000)
    w.files.autosave_timer.stop()
