"""The queue dock: render from the window on the offline backend, watch progress, the take lands in the shot."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.document import Document
from composer.queue.service import RenderService
from composer.queue.store import Store
from ui.bridge import DocumentBridge
from ui.main_window import MainWindow


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    yield svc
    svc.worker.stop()


def test_render_shot_from_the_dock_adds_an_undoable_take(qtbot, project_path: Path, service) -> None:  # type: ignore[no-untyped-def]
    doc = Document.open(project_path)
    doc.project.shots[0].render.seconds = 4
    bridge = DocumentBridge(doc)
    w = MainWindow(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    service.worker.start()
    jobs = w.renders.render(all_shots=False)
    assert len(jobs) == 1 and w.queue_view.model.rowCount() == 1
    shot = doc.project.shots[0]
    qtbot.waitUntil(lambda: len(shot.takes) == 1, timeout=60_000)
    take = shot.takes[0]
    assert take.hero and take.prompt_sent == doc.assembled(shot.id).text, "the preview text is what was sent"
    assert (project_path.parent / str(take.video_path)).exists()
    row = w.queue_view.model.jobs[0]
    assert str(row.state) == "completed" and row.progress == 100
    bridge.undo_stack.undo()
    assert shot.takes == []
    qtbot.waitUntil(lambda: True)


def test_the_gui_thread_never_blocks_while_rendering(qtbot, project_path: Path, service) -> None:  # type: ignore[no-untyped-def]
    import time

    from PySide6.QtCore import QTimer

    doc = Document.open(project_path)
    bridge = DocumentBridge(doc)
    w = MainWindow(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    service.worker.start()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer()
    timer.timeout.connect(probe)
    timer.start(5)
    w.renders.render(all_shots=False)
    qtbot.waitUntil(lambda: len(doc.project.shots[0].takes) == 1, timeout=60_000)
    timer.stop()
    # A hang detector, not a speed goal: the loop kept turning during the render (no multi-second freeze).
    assert len(gaps) > 20 and max(gaps) < 2.0
