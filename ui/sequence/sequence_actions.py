"""The Sequence menu: render a chain (after the continuity recap), draft all, promote a draft, delete rejected
drafts, split a shot, play and export the cut, and the iteration log (issue 20).

Decisions live in the core (``composer.sequence``, ``RenderService``); slow work — decoding last frames, writing
the cut — runs as operations (``ui/ops``). Renders go through the window's RenderController, so drafts and chains
are estimated and confirmed like any other render.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QMessageBox, QStatusBar, QWidget

from composer.document.edits import Batch, Edit, ListRemove
from composer.document.lineage import tier
from composer.document.models import Take
from composer.errors import SlateError
from composer.media.services import MediaServices
from composer.media.stills import save_last_frame
from composer.project import paths
from composer.sequence.cut import Cut, build_cut
from composer.sequence.export import write_cut
from composer.sequence.recap import Recap, recaps
from composer.sequence.split import split_shot
from ui.bridges.document import DocumentBridge
from ui.ops.operation import describe, run_op
from ui.render.render_actions import RenderController
from ui.sequence.recap_dialog import DONT_ASK, RecapDialog
from ui.takes.takes_view import has_paid_copy, trash_files


def rejected_drafts(takes: list[Take]) -> list[Take]:
    """Drafts nobody kept: not the hero, not promoted (no final made from them), not rated 3 stars or more."""
    promoted = {t.parent_take_id for t in takes if tier(t) == "final"}
    return [t for t in takes if tier(t) == "draft" and not t.hero and t.id not in promoted and t.rating < 3]


def _frames(items: list[Recap]) -> dict[str, bytes]:
    """PNG bytes of each previous take's last frame (decoded off the GUI thread)."""
    out: dict[str, bytes] = {}
    folder = Path(tempfile.mkdtemp(prefix="slate-recap-"))
    for r in items:
        if r.video is not None:
            out[r.after.shot_id] = save_last_frame(r.video, folder / f"{r.after.shot_id}.png").read_bytes()
    return out


class SequenceController(QObject):
    def __init__(self, bridge: DocumentBridge, renders: RenderController | None, window: QWidget,
                 status: QStatusBar, *, media: MediaServices, selected_takes: Callable[[], list[Take]]) -> None:
        super().__init__(window)
        self.bridge, self.renders, self.window, self.status = bridge, renders, window, status
        self.media, self.selected_takes = media, selected_takes
        self.dialog_factory: type[RecapDialog] = RecapDialog
        self.last_cut: Cut | None = None

    # --- the menu -----------------------------------------------------------------------------------------------
    def install_menu(self, bar: QMenuBar) -> QMenu:
        """A Sequence menu, before Help."""
        menu = QMenu("Se&quence", bar)
        for text, slot, tip in (
                ("Render &Chain (All Shots)…", lambda: self.render_chain(from_current=False),
                 "Each shot starts on the previous take's last frame"),
                ("Render Chain From &This Shot…", lambda: self.render_chain(from_current=True), ""),
                (None, None, None),
                ("&Draft All Shots", self.draft_all, "Each model's cheap draft settings (shortest, smallest, fast)"),
                ("&Promote Selected Draft", self.promote_selected, "Re-render the draft with the final settings"),
                ("Delete &Rejected Drafts…", self.delete_rejected, "Drafts not kept, here and on the server"),
                (None, None, None),
                ("&Split Shot in Two", self.split_current, "Two half-length shots, beats and lines divided"),
                (None, None, None),
                ("Play the C&ut", self.play_cut, "The hero takes in shot order, as one sequence"),
                ("&Export the Cut as MP4…", self.export_cut_dialog, ""),
                ("Iteration &Log", self.open_log, "Every take: prompt diff, parameters, note, rating")):
            if text is None:
                menu.addSeparator()
                continue
            action = QAction(text, menu)
            action.setToolTip(tip or "")
            action.triggered.connect(lambda _c=False, slot=slot: slot())
            menu.addAction(action)
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
        return menu

    def _say(self, text: str) -> None:
        self.status.showMessage(text, 8000)

    # --- chain ----------------------------------------------------------------------------------------------------
    def chain_ids(self, *, from_current: bool) -> list[str]:
        ids = [s.id for s in self.bridge.document.project.shots]
        sid = self.bridge.shot_id
        return ids[ids.index(sid):] if from_current and sid in ids else ids

    def render_chain(self, *, from_current: bool = False) -> None:
        """Show the continuity recap of each link (unless "don't ask"), then send the run as a chain."""
        ids = self.chain_ids(from_current=from_current)
        if self.renders is None or not ids:
            return
        doc = self.bridge.document
        media_root = doc.path.parent if doc.path else None
        items = recaps(doc.project, ids, media_root=media_root)
        if QSettings().value(DONT_ASK, False, type=bool) or not items:
            self.renders.render_shots(ids, chain=True)
            return
        run_op(self.window, lambda: _frames(items), title="Could not read the last frames",
               on_done=lambda frames: self._confirm_chain(ids, items, frames))

    def _confirm_chain(self, ids: list[str], items: list[Recap], frames: dict[str, bytes]) -> None:
        dlg = self.dialog_factory(items, frames, self.window)
        self.recap_dialog = dlg
        result = dlg.exec()
        if result == RecapDialog.EDIT and dlg.edit_shot_id:
            self.bridge.select(dlg.edit_shot_id)
            self._say("Edit the shot, then render the chain again.")
        elif result and self.renders is not None:
            self.renders.render_shots(ids, chain=True)

    # --- drafts ---------------------------------------------------------------------------------------------------
    def draft_all(self) -> None:
        if self.renders is not None:
            self.renders.render_shots([s.id for s in self.bridge.document.project.shots], tier="draft")

    def promote_selected(self) -> None:
        if self.renders is None:
            return
        chosen = [t for t in self.selected_takes() if tier(t) == "draft" and t.job_id]
        if not chosen:
            QMessageBox.information(self.window, "Promote", "Select a draft take in the Takes tab first.")
            return
        service = self.renders.service
        for take in chosen:
            try:
                job = service.promote(service.store.get(str(take.job_id)), project_path=self.bridge.document.path)
            except (KeyError, SlateError) as e:
                QMessageBox.warning(self.window, "Cannot promote", describe(e))
                return
            self._say(f"{take.id} promoted: {job.id} renders it with {job.model} {job.size} {job.seconds} s")

    def delete_rejected(self, *, confirm: bool = True) -> int:
        """Every rejected draft of the project, removed in one undo step; files to the trash, server copies deleted."""
        doc = self.bridge.document
        doomed = {s.id: rejected_drafts(s.takes) for s in doc.project.shots}
        count = sum(len(v) for v in doomed.values())
        if not count:
            self._say("No rejected drafts: every draft is kept (hero, promoted, or rated 3★ or more).")
            return 0
        if confirm and QMessageBox.question(
                self.window, "Delete rejected drafts",
                f"Delete {count} draft take(s) nobody kept, here (files to the trash) and on the server that made "
                "them? Undo puts the takes back in the project, not the server copies.") \
                != QMessageBox.StandardButton.Yes:
            return 0
        edits: list[Edit] = []
        files: list[Path] = []
        remote: list[str] = []
        base = doc.path.parent if doc.path else None
        for shot in doc.project.shots:
            ids = {t.id for t in doomed[shot.id]}
            edits += [ListRemove(shot.id, "takes", i) for i in
                      sorted((i for i, t in enumerate(shot.takes) if t.id in ids), reverse=True)]
            for t in doomed[shot.id]:
                files += [base / p for p in (t.video_path, t.thumbnail_path, t.spritesheet_path) if p and base]
                if t.job_id and has_paid_copy(t):
                    remote.append(t.job_id)
        self.bridge.push(Batch(edits, "Delete rejected drafts"), "Delete rejected drafts")
        run_op(self.window, lambda: trash_files(files), title="Could not move the draft files to the trash")
        for job_id in remote:
            if self.renders is not None:
                self.renders.delete_remote(job_id)
        self._say(f"Deleted {count} rejected draft(s); {len(remote)} on the server")
        return count

    # --- split ----------------------------------------------------------------------------------------------------
    def split_current(self) -> None:
        sid = self.bridge.shot_id
        if not sid:
            return
        try:
            edit = split_shot(self.bridge.document.project, sid)
        except SlateError as e:
            QMessageBox.information(self.window, "Cannot split", e.describe())
            return
        self.bridge.push(edit, "Split shot")
        self._say("Split in two half-length shots; render them as a chain to stitch them.")

    # --- the cut --------------------------------------------------------------------------------------------------
    def _cut_then(self, dest: Path | None, then: Callable[[Cut, Path], object]) -> None:
        doc = self.bridge.document
        if doc.path is None:
            QMessageBox.information(self.window, "The cut", "Save the project first: its takes live beside it.")
            return
        project, path = doc.project.model_copy(deep=True), doc.path
        out = dest or paths.data_dir() / "cuts" / f"{path.stem}.cut.mp4"

        def work() -> tuple[Cut, Path]:
            cut = build_cut(project, path)
            return cut, write_cut(cut, out)
        self._say("Putting the cut together…")
        run_op(self.window, work, title="Could not make the cut", on_done=lambda r: then(*r))

    def play_cut(self) -> None:
        self._cut_then(None, self.open_cut)

    def open_cut(self, cut: Cut, video: Path) -> QWidget:
        from ui.sequence.cut_view import CutView

        self.last_cut = cut
        view = CutView(cut, video, parent=self.window, media=self.media)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.setWindowTitle(f"The cut — {len(cut.clips)} shots, {cut.seconds:.1f} s — Slate")
        view.resize(1100, 700)
        view.show()
        self.cut_view = view
        return view

    def export_cut(self, dest: Path) -> None:
        self._cut_then(dest, lambda cut, p: self._say(f"Wrote {p.name}: {len(cut.clips)} shots, {cut.seconds:.2f} s"))

    def export_cut_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Export the cut", "cut.mp4", "MP4 video (*.mp4)")
        if name:
            self.export_cut(Path(name))

    # --- the log --------------------------------------------------------------------------------------------------
    def open_log(self) -> QWidget:
        from ui.sequence.log_view import LogView

        view = LogView(self.bridge, self.window)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.setWindowTitle("Iteration log — Slate")
        view.resize(820, 640)
        view.show()
        self.log_view = view
        return view
