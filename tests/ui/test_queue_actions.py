"""The queue dock's Cancel and Abandon: clicked as a person would, run off the GUI thread, answered under the table."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from composer.document.models import Project, Shot
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from ui.render.queue_view import QueueDock


def _button(dock: QueueDock, text: str) -> QPushButton:
    [b] = [b for b in dock.findChildren(QPushButton) if b.text() == text]
    return b


def _dock_with_a_confirmed_job(qtbot, tmp_path: Path) -> tuple[QueueDock, RenderService, str]:  # type: ignore[no-untyped-def]
    service = RenderService(Store(tmp_path / "q.sqlite3"))  # no queue thread: the job waits, nothing is sent
    project = Project(shots=[Shot(subject="A red kite over dunes.")])
    [job] = service.submit(project, [project.shots[0].id], backend="animatic")
    dock = QueueDock(service)
    qtbot.addWidget(dock)
    dock.show()
    dock.table.selectRow(0)
    return dock, service, job.id


def test_cancel_runs_off_the_gui_thread_and_says_what_it_did(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dock, service, job_id = _dock_with_a_confirmed_job(qtbot, tmp_path)
    ran_on: list[int] = []
    cancel = service.cancel

    def recorded(jid: str) -> str:  # the real cancel, noting which thread it ran on
        ran_on.append(threading.get_ident())
        return cancel(jid)

    service.cancel = recorded  # type: ignore[method-assign]
    QTest.mouseClick(_button(dock, "Cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "nothing was charged" in dock.message.text(), timeout=5000)
    assert ran_on and ran_on[0] != threading.get_ident()
    assert service.store.get(job_id).state is JobState.CANCELLED
    qtbot.waitUntil(lambda: dock.model.jobs[0].state is JobState.CANCELLED, timeout=5000)  # the row follows


def test_abandon_on_a_job_that_is_not_running_says_why_not(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dock, service, job_id = _dock_with_a_confirmed_job(qtbot, tmp_path)
    QTest.mouseClick(_button(dock, "Abandon"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only a running or unknown job can be abandoned" in dock.message.text(), timeout=5000)
    assert service.store.get(job_id).state is JobState.CONFIRMED


def test_without_a_selection_the_dock_asks_for_one(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dock, _service, _job_id = _dock_with_a_confirmed_job(qtbot, tmp_path)
    dock.table.clearSelection()
    QTest.mouseClick(_button(dock, "Cancel"), Qt.MouseButton.LeftButton)
    assert dock.message.text() == "Select a job first."


def test_a_second_window_says_which_slate_runs_the_queue_then_takes_over(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another process holds the queue (a real one, holding the real lock): this dock names it, and when that
    process is gone the label goes and this window's queue thread sends the job itself."""
    import subprocess
    import sys

    db = tmp_path / "q.sqlite3"
    service = RenderService(Store(db))
    project = Project(shots=[Shot(subject="A lamp flickers.", render={"size": "320x240", "seconds": 1})])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom composer.queue.runner import RunnerLock\n"
         "lock = RunnerLock(sys.argv[1])\nassert lock.acquire()\nprint('held', flush=True)\ntime.sleep(60)\n",
         str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        dock = QueueDock(service)
        qtbot.addWidget(dock)
        dock.show()
        [job] = service.submit(project, [project.shots[0].id], backend="animatic")
        service.worker.start()
        qtbot.waitUntil(lambda: dock.runner.isVisible(), timeout=10_000)
        assert f"pid {holder.pid}" in dock.runner.text() and "Close that Slate" in dock.runner.text()
        assert service.store.get(job.id).state is JobState.CONFIRMED  # nothing sent by this window meanwhile
    finally:
        holder.kill()
        holder.wait()
    try:
        qtbot.waitUntil(lambda: not dock.runner.isVisible(), timeout=15_000)
        qtbot.waitUntil(lambda: service.store.get(job.id).state is JobState.COMPLETED, timeout=60_000)
    finally:
        service.worker.stop()
