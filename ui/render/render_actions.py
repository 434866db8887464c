"""Render requests from the window: estimate, confirm spending, submit; finished takes become undoable edits.

What talks to an endpoint or copies files — making the endpoint's backend ready (it imports the SDK), a remote
delete, a character upload, copying a finished take into the project — runs as an operation (``ui/ops``): the slot
returns at once, and the result, or the failure's message, comes back on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox, QStatusBar, QWidget

from composer.document.edits import ListInsert, SetField
from composer.document.lineage import chain
from composer.document.models import Character, TakeKind
from composer.errors import SlateError
from composer.project.document import Document
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService, TakeFiles
from composer.queue.store import Job
from ui.bridges.document import DocumentBridge
from ui.dialogs.settings_dialog import endpoint_dialect
from ui.ops.operation import describe, run_op
from ui.render.queue_view import QueueDock

if TYPE_CHECKING:
    from ui.dialogs.remix_dialog import RemixDialog


class RenderController(QObject):
    def __init__(self, bridge: DocumentBridge, service: RenderService, dock: QueueDock, window: QWidget,
                 status: QStatusBar) -> None:
        super().__init__(window)
        self.bridge, self.service, self.dock, self.window, self.status = bridge, service, dock, window, status
        self._adopting: set[str] = set()  # completed jobs whose files are being copied into the project now
        dock.sig_render_requested.connect(self.render)
        dock.sig_delete_remote_requested.connect(self.delete_remote)
        dock.bridge.sig_job_changed.connect(self._on_job_changed)

    def backend(self) -> str:
        return "openai" if str(QSettings().value("base_url", "") or "").strip() else "animatic"

    def render(self, all_shots: bool, variants: int = 1) -> None:
        """Render the current shot (or every shot). A remote endpoint is made ready off the GUI thread first."""
        doc = self.bridge.document
        ids = [s.id for s in doc.project.shots] if all_shots else [self.bridge.shot_id]
        self.render_shots([i for i in ids if i], variants=variants)

    def render_shots(self, ids: list[str], *, variants: int = 1, tier: str = "final", chain: bool = False) -> None:
        """Render these shots: as drafts (``tier="draft"``) or finals, one by one or as a chain (issue 20)."""
        doc = self.bridge.document
        backend = self.backend()
        s = QSettings()
        self.service.set_concurrency(int(str(s.value("concurrency", 2))))
        if backend == "animatic":
            self._submit(doc, ids, backend, variants, tier, chain)
            return
        endpoint = Endpoint.configured("openai", base_url=str(s.value("base_url", "")), dialect=endpoint_dialect(s),
                                       organization=str(s.value("organization", "")) or None)
        self.status.showMessage(f"Connecting to {endpoint.base_url or 'the endpoint'}…", 4000)
        run_op(self.window, lambda: self.service.use_endpoint(endpoint), title="Cannot render",
               on_done=lambda _ready: self._submit(doc, ids, backend, variants, tier, chain))

    def _submit(self, doc: Document, ids: list[str], backend: str, variants: int, tier: str = "final",
                chain: bool = False) -> list[Job]:
        if doc is not self.bridge.document:  # another project was opened while the endpoint got ready
            return []
        threshold = QSettings().value("confirm_above")
        est = self.service.estimate(doc.project, ids, backend=backend, variants=variants, tier=tier,
                                    confirm_above=float(str(threshold)) if threshold is not None else None)
        if est.needs_confirmation:
            answer = QMessageBox.question(self.window, "Confirm spending",
                                          f"{est.jobs} render(s), {est.seconds} s in all, cost about "
                                          f"{est.describe()}. Submit?")
            if answer != QMessageBox.StandardButton.Yes:
                return []
        try:
            jobs = self.service.submit(doc.project, ids, backend=backend, variants=variants, project_path=doc.path,
                                       tier=tier, chain=chain)
        except SlateError as e:
            QMessageBox.warning(self.window, "Cannot render", e.describe())
            return []
        self.status.showMessage(f"{len(jobs)} {'draft ' if tier == 'draft' else ''}job(s) queued on {backend}"
                                + (" as a chain" if chain else "")
                                + ("" if doc.path else " — save the project to keep the takes in it"), 6000)
        return jobs

    def derive(self, take_id: str, dialog_factory: type[RemixDialog] | None = None,
               kind: TakeKind | None = None) -> Job | None:
        """Remix, edit or extend a take: ask for the new prompt (one change), then submit it with lineage."""
        from ui.dialogs.remix_dialog import RemixDialog

        shot = self.bridge.shot
        take = next((t for t in shot.takes if t.id == take_id), None) if shot else None
        if shot is None or take is None:
            return None
        if not take.job_id:
            QMessageBox.information(self.window, "Cannot derive", "This take has no render job to build on.")
            return None
        try:
            parent = self.service.store.get(take.job_id)
        except KeyError:
            QMessageBox.information(self.window, "Cannot derive", "This take's render job is not in this queue.")
            return None
        dlg = (dialog_factory or RemixDialog)(take.prompt_sent, chain=chain(shot, take.id), parent=self.window,
                                              kind=kind or TakeKind.REMIX, model=parent.model)
        if not dlg.exec():
            return None
        try:
            job = self.service.derive(parent, dlg.kind, dlg.text.toPlainText(),
                                      seconds=dlg.seconds.value() if dlg.kind.value == "extend" else None)
        except SlateError as e:
            QMessageBox.warning(self.window, "Cannot derive", e.describe())
            return None
        self.status.showMessage(f"{dlg.kind.value.title()} of {take.id} queued as {job.id}", 6000)
        return job

    def delete_remote(self, job_id: str) -> None:
        """Delete a take's video on the server that made it (asked for when deleting the take or in the queue)."""
        run_op(self.window, lambda: self.service.delete_remote(job_id), title="Could not delete on the server",
               on_done=lambda _none: self.status.showMessage(f"Deleted {job_id}'s video on the server", 6000))

    def make_character(self, take_id: str, name: str | None = None) -> None:
        """Upload a take as a character on the take's own backend; the bible records its remote id when it is done."""
        doc = self.bridge.document
        shot = self.bridge.shot
        take = next((t for t in shot.takes if t.id == take_id), None) if shot else None
        if take is None or not take.video_path or doc.path is None or not take.job_id:
            return
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Make character", "Character name (as the prompt uses it):")
            if not ok:
                return
        name = name.strip()
        if not name:
            return
        job_id, video = take.job_id, doc.path.parent / take.video_path
        self.status.showMessage(f"Uploading {take.id} as the character {name}…", 6000)
        run_op(self.window, lambda: self.service.create_character(job_id, name, video).id,
               title="Cannot make character", on_done=lambda remote_id: self._link_character(doc, name, remote_id))

    def _link_character(self, doc: Document, name: str, remote_id: str) -> None:
        if doc is not self.bridge.document:
            self.status.showMessage(f"Character {name} uploaded as {remote_id}; its project was closed meanwhile", 9000)
            return
        chars = doc.project.characters
        existing = next((i for i, c in enumerate(chars) if c.name.lower() == name.lower()), None)
        if existing is None:
            self.bridge.push(ListInsert(None, "characters", len(chars),
                                        Character(name=name, remote_character_id=remote_id)), "Add character")
        else:
            self.bridge.push(SetField(None, f"characters[{existing}].remote_character_id", remote_id), "Link character")
        self.status.showMessage(f"Character {name} uploaded as {remote_id}", 6000)

    def _on_job_changed(self, job: Job) -> None:
        doc = self.bridge.document
        if job.state is not JobState.COMPLETED or doc.path is None or job.project_path != str(doc.path):
            return
        if job.id in self._adopting or any(t.job_id == job.id for s in doc.project.shots for t in s.takes):
            return
        self._adopting.add(job.id)
        path = doc.path
        run_op(self.window, lambda: self.service.copy_take_files(job, path), title="Take not added",
               on_done=lambda files: self._add_take(doc, job, files), on_error=lambda e: self._not_added(job, e))

    def _not_added(self, job: Job, error: BaseException) -> None:
        self._adopting.discard(job.id)
        QMessageBox.warning(self.window, "Take not added", f"{job.id}'s take could not be copied into the project: "
                            f"{describe(error)}\nThe take is still in the render queue: Reveal file finds it.")

    def _add_take(self, doc: Document, job: Job, files: TakeFiles) -> None:
        self._adopting.discard(job.id)
        if doc is not self.bridge.document or doc.path is None or str(doc.path) != job.project_path:
            return
        take = self.service.take_from(job, doc.project, files)
        if take is not None and job.shot_id:
            n = len(doc.project.shot(job.shot_id).takes)
            self.bridge.push(ListInsert(job.shot_id, "takes", n, take), "Add take")
            self.status.showMessage(f"Take ready for {job.shot_id}", 5000)
