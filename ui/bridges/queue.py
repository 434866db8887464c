"""Core events -> Qt signals. Queue listeners fire on worker threads; the signal is queued to the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from composer.queue.service import RenderService
from composer.queue.store import Job


class QueueBridge(QObject):
    sig_job_changed = Signal(object)
    """A queue Job whose state, progress or files changed (delivered on the GUI thread)."""
    sig_runner_changed = Signal(object)
    """The other Slate process (a runner.Holder) that runs this queue for us now, or None when this one runs it."""

    def __init__(self, service: RenderService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        service.subscribe(self._from_worker)
        service.on_waiting(self.sig_runner_changed.emit)  # cross-thread emit, queued like the job signal

    def _from_worker(self, job: Job) -> None:
        self.sig_job_changed.emit(job)  # cross-thread emit: Qt queues it to the receiver's thread
