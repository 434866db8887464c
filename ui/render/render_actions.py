"""Render requests from the window: estimate, confirm spending, submit, derive; finished takes: ``arrivals``.

What talks to an endpoint or copies files — making the endpoint's backend ready (it imports the SDK), a remote
delete, a character upload, copying a finished take into the project — runs as an operation (``ui/ops``): the slot
returns at once, and the result, or the failure's message, comes back on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QStatusBar, QWidget

from composer.document.edits import ListInsert, SetField
from composer.document.lineage import chain
from composer.document.models import Character, Shot, Take, TakeKind
from composer.document.names import shot_label, take_label
from composer.errors import SlateError
from composer.lint.fixes import fix_edit, fix_reason
from composer.lint.rule import Finding
from composer.project.document import Document
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Job
from ui.bridges.document import DocumentBridge
from ui.dialogs.settings_dialog import endpoint_dialect
from ui.ops.operation import run_op
from ui.render.arrivals import TakeArrivals
from ui.render.queue_view import QueueDock

if TYPE_CHECKING:
    from ui.dialogs.remix_dialog import RemixDialog


class RenderController(QObject):
    sig_take_requested = Signal(str, str)
    """(shot id, take id) to show in the Takes tab (a double-clicked finished job)."""

    def __init__(self, bridge: DocumentBridge, service: RenderService, dock: QueueDock, window: QWidget,
                 status: QStatusBar) -> None:
        super().__init__(window)
        self.bridge, self.service, self.dock, self.window, self.status = bridge, service, dock, window, status
        self.arrivals = TakeArrivals(bridge, service, window, status)
        dock.sig_render_requested.connect(self.render)
        dock.sig_delete_remote_requested.connect(self.delete_remote)
        dock.sig_job_activated.connect(self.show_job)
        dock.bridge.sig_job_changed.connect(self.arrivals.on_job_changed)
        dock.namer = self.names
        bridge.sig_document_changed.connect(lambda _c: dock.model.relabel())
        bridge.sig_document_replaced.connect(dock.model.relabel)

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
        errors = {sid: [f for f in doc.findings(sid) if str(f.severity) == "error"] for sid in ids}
        errors = {sid: fs for sid, fs in errors.items() if fs}
        if errors and Endpoint(kind=backend).is_paid and not self._fix_before_paying(doc, errors):
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
                                       tier=tier, chain=chain, document=doc.uid, media_root=doc.folder)
        except SlateError as e:
            QMessageBox.warning(self.window, "Cannot render", e.describe())
            return []
        codes = sorted({f.code for fs in errors.values() for f in fs})
        note = (f" — the animatic renders despite {', '.join(codes)} (shown in the lint panel); a paid render "
                "waits until they are fixed") if codes else ""
        self.status.showMessage(f"{len(jobs)} {'draft ' if tier == 'draft' else ''}job(s) queued on {backend}"
                                + (" as a chain" if chain else "") + note, 10000)
        return jobs

    def _fix_before_paying(self, doc: Document, errors: dict[str, list[Finding]]) -> bool:
        """A paid render with lint errors: list them, with the automatic fix where there is one, or why not.

        Returns True when every error was fixed here (the render then goes ahead with the fixed shots).
        """
        lines, fixable = [], []
        for sid, fs in errors.items():
            lines.append(f"{shot_label(doc.project, sid)}:")
            for f in fs:
                how = (f"automatic fix: {f.fix.title}" if f.fix and f.fix.automatic
                       else f"no automatic fix — {fix_reason(f)}")
                lines.append(f"  • {f.code} {f.name}: {f.message} ({how})")
                if f.fix and f.fix.automatic:
                    fixable.append(f)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot render",
                          "These lint errors block a paid render (the endpoint would refuse or bill a broken "
                          "request):\n\n" + "\n".join(lines), parent=self.window)
        every = len(fixable) == sum(len(fs) for fs in errors.values())
        fix = box.addButton("Apply the fixes and render" if every else f"Apply {len(fixable)} automatic fix(es)",
                            QMessageBox.ButtonRole.AcceptRole) if fixable else None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if fix is None or box.clickedButton() is not fix:
            return False
        for f in fixable:
            self.bridge.push(fix_edit(f), f"Fix {f.code} {f.name}")
        return every

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
        doc = self.bridge.document
        try:
            job = self.service.derive(parent, dlg.kind, dlg.text.toPlainText(),
                                      seconds=dlg.seconds.value() if dlg.kind.value == "extend" else None,
                                      project_path=doc.path, document=doc.uid)
        except SlateError as e:
            QMessageBox.warning(self.window, "Cannot derive", e.describe())
            return None
        self.status.showMessage(f"{dlg.kind.value.title()} of {take_label(shot, take)} queued", 6000)
        return job

    def names(self, job: Job) -> tuple[str, str]:
        """(shot, take) as the queue shows them: the names in the open project, else what the job remembers."""
        doc = self.bridge.document
        mine = self.service.belongs(job, doc.uid, doc.path)
        shot = shot_label(doc.project, job.shot_id) if mine else None
        shot = shot or job.hints.get("shot_label") or "(a shot of another project)"
        found = self._take_of(job) if mine else None
        if found is not None:
            return shot, take_label(*found)
        parent = self._take_of_job(str(job.hints.get("parent_job") or "")) if mine else None
        kind = job.kind if job.kind != "create" else "new take"
        return shot, f"{kind} of {take_label(*parent)}" if parent is not None else kind

    def _take_of(self, job: Job) -> tuple[Shot, Take] | None:
        return self._take_of_job(job.id)

    def _take_of_job(self, job_id: str) -> tuple[Shot, Take] | None:
        if not job_id:
            return None
        for s in self.bridge.document.project.shots:
            for t in s.takes:
                if t.job_id == job_id:
                    return s, t
        return None

    def show_job(self, job: Job) -> None:
        """A double-click on a queue row: the finished take in the Takes tab, or what the job is waiting for."""
        found = self._take_of(job) if self.arrivals.owns(job) else None
        if found is not None:
            self.sig_take_requested.emit(found[0].id, found[1].id)
            return
        shot, take = self.names(job)
        if job.state is JobState.COMPLETED and not self.arrivals.owns(job):
            where = Path(job.project_path).name if job.project_path else "a project that was never saved"
            self.dock.say(f"{shot} · {take} belongs to {where}: open it to see the take (Reveal file finds the file).")
        elif job.state is JobState.COMPLETED:
            self.dock.say(f"{shot} · {take}: copying the take into the project…")
        else:
            self.dock.say(f"{shot} · {take} is {job.state} ({job.progress}%)"
                          + (f": {job.error_message}" if job.error_message else ""))

    def delete_remote(self, job_id: str) -> None:
        """Delete a take's video on the server that made it (asked for when deleting the take or in the queue)."""
        run_op(self.window, lambda: self.service.delete_remote(job_id), title="Could not delete on the server",
               on_done=lambda _none: self.status.showMessage(f"Deleted {job_id}'s video on the server", 6000))

    def make_character(self, take_id: str, name: str | None = None) -> None:
        """Upload a take as a character on the take's own backend; the bible records its remote id when it is done."""
        doc = self.bridge.document
        shot = self.bridge.shot
        take = next((t for t in shot.takes if t.id == take_id), None) if shot else None
        if shot is None or take is None or not take.video_path or not take.job_id:
            return
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Make character", "Character name (as the prompt uses it):")
            if not ok:
                return
        name = name.strip()
        if not name:
            return
        job_id, video = take.job_id, doc.folder / take.video_path
        self.status.showMessage(f"Uploading {take_label(shot, take)} as the character {name}…", 6000)
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
