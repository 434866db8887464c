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


@pytest.fixture
def window(qtbot, project_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    doc = Document.open(project_path)
    bridge = DocumentBridge(doc)
    w = compose(bridge)
    qtbot.addWidget(w)
    bridge.replace(doc)
    w.show()
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
