"""A real MainWindow over a real Document for each test (offscreen Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from composer.document.models import Project
from composer.project import files as project_file
from composer.project.document import Document
from composer.queue.service import RenderService
from tests.standin.conftest import start_standin  # noqa: F401  (a real stand-in for tests/ui/test_ops_threads.py)
from ui.app import compose
from ui.bridges.document import DocumentBridge
from ui.main_window import MainWindow


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    p = project_file.load(project_file.examples()[0])  # fisherman interview: characters, beats, dialogue
    return project_file.save(p, tmp_path / "film.slate")


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Modal questions cannot be answered offscreen: answer "Discard" unless a test says otherwise."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def open_window(qtbot, doc: Document, service: RenderService | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """The app's window over ``doc``, shown (with a render queue when given a ``service``)."""
    bridge = DocumentBridge(doc)
    w = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    w.show()
    return w


@pytest.fixture
def window(qtbot, project_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, Document.open(project_path))
    yield w
    w.files.autosave_timer.stop()


def project(w: MainWindow) -> Project:
    return w.bridge.document.project


def preview_text(w: MainWindow) -> str:
    return w.preview.text.toPlainText()


def render_window(qtbot, project_path: Path, service: RenderService) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window with a render queue over a 4-second version of the example shot (the queue is not started)."""
    doc = Document.open(project_path)
    doc.project.shots[0].render.seconds = 4
    bridge = DocumentBridge(doc)
    w = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    return w


def click_in_next_dialog(button: str, *, timeout_ms: int = 10_000) -> list[str]:
    """Click the button labelled ``button`` in the next modal dialog that opens, with the mouse, as a person would.

    Returns (filled once clicked) the dialog's text, so a test can check what it said. A box that never opens, or
    has no such button, leaves the list empty: the test's own assertion then fails rather than hanging.
    """
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog

    said: list[str] = []
    clock = QElapsedTimer()
    clock.start()

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QDialog):
            for b in w.findChildren(QAbstractButton):
                if b.text().replace("&", "") == button and b.isVisible():
                    said.append(w.text() if isinstance(w, QMessageBox) else w.windowTitle())
                    QTest.mouseClick(b, Qt.MouseButton.LeftButton)
                    return
        if clock.elapsed() < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return said
