"""Finished renders become takes of the project they were made for, and are never lost on the way (issue 16 §1, §2).

The rule: a job belongs to the open document it was queued from (``Document.uid``, saved or not, whatever the file
was called then) or to the file it was queued for. Its files are copied beside the project — for a project never
saved, into Slate's unsaved folder, from where the first save copies them beside the file — and the take is added
to its shot. Adding it is not an undo step: Ctrl+Z undoes what the person did, and must never take a paid render
out of the project. The project is unsaved from then on (the undo stack's clean state is reset, so the title shows
it, autosave keeps it and closing asks). Takes that finished while their project was closed are added when it
opens; when the project is saved under a file name, its unfinished jobs follow it there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from composer.document.edits import ListInsert
from composer.document.names import shot_label, take_label
from composer.project.document import Document
from composer.queue.jobs import JobState
from composer.queue.service import RenderService, TakeFiles
from composer.queue.store import Job
from ui.bridges.document import DocumentBridge
from ui.ops.operation import describe, run_op


class TakeArrivals(QObject):
    sig_take_added = Signal(str, str)
    """(shot id, take id) of a take that just arrived in the open project."""

    def __init__(self, bridge: DocumentBridge, service: RenderService, window: QWidget, status: QStatusBar) -> None:
        super().__init__(window)
        self.bridge, self.service, self.window, self.status = bridge, service, window, status
        self._adopting: set[str] = set()  # completed jobs whose files are being copied into the project now
        bridge.sig_document_replaced.connect(self.collect_missing)

    def owns(self, job: Job) -> bool:
        doc = self.bridge.document
        return self.service.belongs(job, doc.uid, doc.path)

    def on_job_changed(self, job: Job) -> None:
        if job.state is JobState.COMPLETED and self.owns(job):
            self._adopt(job)

    def _adopt(self, job: Job) -> None:
        doc = self.bridge.document
        if job.id in self._adopting or any(t.job_id == job.id for s in doc.project.shots for t in s.takes):
            return
        self._adopting.add(job.id)
        anchor = doc.anchor
        run_op(self.window, lambda: self.service.copy_take_files(job, anchor), title="Take not added",
               on_done=lambda files: self._add(doc, job, files), on_error=lambda e: self._not_added(job, e))

    def _not_added(self, job: Job, error: BaseException) -> None:
        self._adopting.discard(job.id)
        QMessageBox.warning(self.window, "Take not added", f"The take of {job.hints.get('shot_label') or job.id} "
                            f"could not be copied into the project: {describe(error)}\nIt is still in the render "
                            "queue: Reveal file finds it.")

    def _add(self, doc: Document, job: Job, files: TakeFiles) -> None:
        self._adopting.discard(job.id)
        if doc is not self.bridge.document or any(t.job_id == job.id for s in doc.project.shots for t in s.takes):
            return  # another project is open now: the take is added when this one opens again
        take = self.service.take_from(job, doc.project, files)
        if take is None or not job.shot_id:
            return
        shot = doc.project.shot(job.shot_id)
        doc.apply(ListInsert(job.shot_id, "takes", len(shot.takes), take))  # not on the undo stack (§2)
        self.bridge.undo_stack.resetClean()  # the file lacks the take now: unsaved until saved
        where = "" if doc.path else " — save the project to keep it beside the file"
        self.status.showMessage(f"{take_label(shot, take)} of {shot_label(doc.project, shot.id)} is ready{where}",
                                8000)
        self.sig_take_added.emit(shot.id, take.id)

    def collect_missing(self) -> None:
        """A project opened: add the takes that finished while it was closed (after its last save)."""
        doc = self.bridge.document
        if doc.path is None or not doc.path.exists():
            return
        since = doc.path.stat().st_mtime
        for job in self.service.missing_takes(doc.project, doc.path, since=since):
            self._adopt(job)

    def on_saved(self, path: Path) -> None:
        """The document now has a file: its unfinished jobs follow it, so their takes find it after a restart."""
        self.service.follow(self.bridge.document.uid, path)
