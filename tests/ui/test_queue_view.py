"""The queue dock: render from the window on the offline backend, watch progress, the take lands in the shot."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from composer.document.models import TakeKind
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.ui.conftest import render_window


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    yield svc
    svc.worker.stop()


def _window(qtbot, project_path: Path, service):  # type: ignore[no-untyped-def]
    """A window over a 4-second version of the example shot, its render queue running."""
    w = render_window(qtbot, project_path, service)
    service.worker.start()
    return w, w.bridge.document, w.bridge


def test_render_shot_from_the_dock_adds_an_undoable_take(qtbot, project_path: Path, service) -> None:  # type: ignore[no-untyped-def]
    w, doc, bridge = _window(qtbot, project_path, service)
    w.renders.render(all_shots=False)
    assert w.queue_view.model.rowCount() == 1, "an offline render is queued at once"
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

    w, doc, bridge = _window(qtbot, project_path, service)
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


def test_remix_from_a_take_records_lineage(qtbot, project_path: Path, service) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.remix_dialog import RemixDialog

    w, doc, bridge = _window(qtbot, project_path, service)
    w.renders.render(all_shots=False)
    shot = doc.project.shots[0]
    qtbot.waitUntil(lambda: len(shot.takes) == 1, timeout=60_000)
    parent = shot.takes[0]

    class OneChange(RemixDialog):
        def exec(self) -> int:  # a person typing one change and pressing OK
            self.text.setPlainText(self.parent_prompt.replace("medium close-up", "close-up"))
            return 1

    job = w.renders.derive(parent.id, OneChange)
    assert job is not None and job.kind == "remix"
    assert job.parent_remote_id == service.store.get(parent.job_id or "").remote_id
    qtbot.waitUntil(lambda: len(shot.takes) == 2, timeout=60_000)
    child = shot.takes[1]
    assert child.kind.value == "remix" and child.parent_take_id == parent.id and "close-up" in child.prompt_sent
    w.form.setCurrentWidget(w.takes)
    top = w.takes.tree.topLevelItem(0)
    assert top.childCount() == 1, "the remix shows under its parent"
    asked: list[str] = []

    class Cancelled(RemixDialog):
        def exec(self) -> int:  # "Extend…" opens the same dialog, already on extend
            asked.append(self.kind.value)
            return 0

    w.takes.sig_extend_requested.disconnect()
    w.takes.sig_extend_requested.connect(lambda tid: w.renders.derive(tid, Cancelled, kind=TakeKind.EXTEND))
    w.takes.tree.setCurrentItem(top)
    w.takes._extend()
    assert asked == ["extend"]
    w.renders.make_character(parent.id, name="Fisherman")
    qtbot.waitUntil(lambda: bool(doc.project.character("Fisherman").remote_character_id), timeout=10_000)


def test_remix_dialog_counts_changes_and_guards_extension_limits(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from composer.document.models import TakeKind
    from ui.dialogs.remix_dialog import RemixDialog

    d = RemixDialog("Medium shot, 35mm lens, warm light.")
    qtbot.addWidget(d)
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "Change one thing" in d.advice.text()
    d.text.setPlainText("Medium shot, 85mm lens, cold light.")
    assert ok.isEnabled() and "2 separate changes" in d.advice.text() and "85mm" in d.diff.text()
    e = RemixDialog("x", kind=TakeKind.EXTEND, chain=(6, 100.0), model="sora-2")  # its profile: 6 / 120 s
    qtbot.addWidget(e)
    assert not e.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled() and "limit of 6" in e.advice.text()
    u = RemixDialog("x", kind=TakeKind.EXTEND, chain=(6, 100.0), model="acme-video-9")  # limits unknown: no guard
    qtbot.addWidget(u)
    assert "unknown" in u.limit_note.text() and "limit of" not in u.advice.text()


def test_the_app_freezes_start_up_objects_before_the_queue_thread_starts(service, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A full collection walking start-up's objects held the GIL ~60 ms on the queue thread: they are frozen first."""
    from ui.app import start_queue

    frozen_at_start: list[int] = []
    monkeypatch.setattr(service.worker, "start", lambda: frozen_at_start.append(gc.get_freeze_count()))
    gc.unfreeze()
    try:
        start_queue(service)
    finally:
        gc.unfreeze()
    assert len(frozen_at_start) == 1 and frozen_at_start[0] > 0
