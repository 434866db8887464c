"""Render requests from the window: estimate, confirm spending, submit; finished takes become undoable edits."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.document.edits import ListInsert
from composer.document.models import TakeKind
from composer.errors import SlateError
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Job
from ui.bridges.document import DocumentBridge
from ui.dialogs.settings_dialog import endpoint_dialect
from ui.render.queue_view import QueueDock


class RenderController(QObject):
    def __init__(self, bridge: DocumentBridge, service: RenderService, dock: QueueDock, window: QWidget,
                 status: object) -> None:
        super().__init__(window)
        self.bridge, self.service, self.dock, self.window, self.status = bridge, service, dock, window, status
        dock.sig_render_requested.connect(self.render)
        dock.bridge.sig_job_changed.connect(self._on_job_changed)

    def backend(self) -> str:
        return "openai" if str(QSettings().value("base_url", "") or "").strip() else "animatic"

    def render(self, all_shots: bool, variants: int = 1) -> list[Job]:
        doc = self.bridge.document
        ids = [s.id for s in doc.project.shots] if all_shots else [self.bridge.shot_id]
        ids = [i for i in ids if i]
        backend = self.backend()
        s = QSettings()
        self.service.worker.concurrency = int(s.value("concurrency", 2))
        if backend == "openai":
            try:
                self.service.use_endpoint(Endpoint.configured(
                    "openai", base_url=str(s.value("base_url", "")), dialect=endpoint_dialect(s),
                    organization=str(s.value("organization", "")) or None))
            except SlateError as e:
                QMessageBox.warning(self.window, "Cannot render", e.describe())
                return []
        threshold = s.value("confirm_above")
        est = self.service.estimate(doc.project, ids, backend=backend, variants=variants,
                                    confirm_above=float(threshold) if threshold is not None else None)
        if est.needs_confirmation:
            answer = QMessageBox.question(self.window, "Confirm spending",
                                          f"{est.jobs} render(s), {est.seconds} s in all, cost about "
                                          f"{est.describe()}. Submit?")
            if answer != QMessageBox.StandardButton.Yes:
                return []
        try:
            jobs = self.service.submit(doc.project, ids, backend=backend, variants=variants, project_path=doc.path)
        except SlateError as e:
            QMessageBox.warning(self.window, "Cannot render", e.describe())
            return []
        self.status.showMessage(f"{len(jobs)} job(s) queued on {backend}"  # type: ignore[attr-defined]
                                + ("" if doc.path else " — save the project to keep the takes in it"), 6000)
        return jobs

    def derive(self, take_id: str, dialog_factory=None, kind: TakeKind | None = None) -> Job | None:  # type: ignore[no-untyped-def]
        """Remix, edit or extend a take: ask for the new prompt (one change), then submit it with lineage."""
        from composer.document.lineage import chain
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
        self.status.showMessage(f"{dlg.kind.value.title()} of {take.id} queued as {job.id}", 6000)  # type: ignore[attr-defined]
        return job

    def delete_remote(self, job_id: str) -> None:
        """Delete a take's video on the server (asked for when deleting the take); failures are said, not raised."""
        try:
            self.service.delete_remote(job_id)
        except (SlateError, KeyError) as e:
            message = e.describe() if isinstance(e, SlateError) else f"job {job_id} is not in this queue"
            QMessageBox.warning(self.window, "Could not delete on the server", message)
            return
        self.status.showMessage(f"Deleted {job_id}'s video on the server", 6000)  # type: ignore[attr-defined]

    def make_character(self, take_id: str, name: str | None = None) -> str | None:
        """Upload a take as a character on the take's own backend; the bible records its remote id."""
        from PySide6.QtWidgets import QInputDialog

        from composer.document.edits import ListInsert, SetField
        from composer.document.models import Character

        doc = self.bridge.document
        shot = self.bridge.shot
        take = next((t for t in shot.takes if t.id == take_id), None) if shot else None
        if take is None or not take.video_path or doc.path is None or not take.job_id:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Make character", "Character name (as the prompt uses it):")
            if not ok or not name.strip():
                return None
        try:
            remote = self.service.create_character(take.job_id, name.strip(), doc.path.parent / take.video_path)
        except (SlateError, KeyError) as e:
            QMessageBox.warning(self.window, "Cannot make character", str(e))
            return None
        chars = doc.project.characters
        existing = next((i for i, c in enumerate(chars) if c.name.lower() == name.strip().lower()), None)
        if existing is None:
            self.bridge.push(ListInsert(None, "characters", len(chars),
                                        Character(name=name.strip(), remote_character_id=remote.id)), "Add character")
        else:
            self.bridge.push(SetField(None, f"characters[{existing}].remote_character_id", remote.id), "Link character")
        self.status.showMessage(f"Character {name} uploaded as {remote.id}", 6000)  # type: ignore[attr-defined]
        return remote.id

    def _on_job_changed(self, job: Job) -> None:
        doc = self.bridge.document
        if job.state is not JobState.COMPLETED or doc.path is None or job.project_path != str(doc.path):
            return
        if any(t.job_id == job.id for s in doc.project.shots for t in s.takes):
            return
        take = self.service.take_for(job, doc.project, doc.path)
        if take is not None and job.shot_id:
            n = len(doc.project.shot(job.shot_id).takes)
            self.bridge.push(ListInsert(job.shot_id, "takes", n, take), "Add take")
            self.status.showMessage(f"Take ready for {job.shot_id}", 5000)  # type: ignore[attr-defined]
