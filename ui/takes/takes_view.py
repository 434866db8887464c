"""Takes of the current shot as a lineage tree: rate, note, pick the hero, compare, remix / edit / extend, delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.document import fields
from composer.document.edits import Batch, Change, Edit, ListRemove, SetField
from composer.document.lineage import children, tier
from composer.document.models import Take
from composer.errors import SlateError
from composer.media.services import MediaServices
from composer.queue.endpoints import Endpoint
from ui.bridges.document import DocumentBridge
from ui.ops.operation import run_op
from ui.ops.thumbnails import Thumbnails
from ui.takes.take_scrubber import TakeScrubber


def has_paid_copy(take: Take) -> bool:
    """Whether a paid endpoint holds this take's video: the backend class says which are paid, nothing else."""
    try:
        return bool(take.remote_id) and Endpoint(kind=take.backend).is_paid
    except SlateError:  # a backend this Slate does not know: there is no way to delete anything through it
        return False


def trash_files(files: list[Path]) -> None:
    """Move files to the system trash (off the GUI thread: the trash may be on another disk, so a copy)."""
    stuck = [f.name for f in files if f.exists() and not QFile.moveToTrash(str(f))]
    if stuck:
        raise OSError(f"{', '.join(stuck)} could not be moved to the trash; delete them by hand if you need the room")


class TakesView(QWidget):
    sig_derive_requested = Signal(str)
    """Take id the user wants to remix, edit or extend (the window opens the dialog and submits)."""
    sig_character_requested = Signal(str)
    """Take id to upload as a Characters-API character (its likeness reused across shots)."""
    sig_compare_requested = Signal(list)
    """Video paths to compare: the selected takes (two to four), or one take and its parent (or the hero)."""
    sig_extend_requested = Signal(str)
    """Take id to extend (the derive dialog opens on 'extend')."""
    sig_delete_remote = Signal(str)
    """Render job id whose remote video the user asked to delete on the server too."""

    def __init__(self, bridge: DocumentBridge, thumbnails: Thumbnails, parent: QWidget | None = None, *,
                 media: MediaServices | None = None) -> None:
        super().__init__(parent)
        self.media = media or MediaServices.from_env()
        self.bridge = bridge
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Take", "Kind", "Rating", "Hero", "Notes"])
        self.tree.setAccessibleName("takes and lineage")
        self.tree.setColumnWidth(0, 210)
        self.tree.setColumnWidth(1, 60)
        self.tree.setColumnWidth(2, 70)
        self.tree.setColumnWidth(3, 45)
        self.tree.setIconSize(QSize(96, 54))
        self.thumbnails = thumbnails
        thumbnails.sig_loaded.connect(self._show_icons)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.rating = QSpinBox()
        self.rating.setRange(0, 5)
        self.rating.setPrefix("★ ")
        self.rating.setAccessibleName("rating")
        self.rating.valueChanged.connect(self._rate)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Notes on this take (what works, what to change)")
        self.notes.setAccessibleName("take notes")
        self.notes.editingFinished.connect(self._note)
        row = QHBoxLayout()
        tips = {"Compare": "Compare the selected takes (Ctrl+click two to four), or one take with its parent",
                "Extend…": "Continue this take: a new clip that starts where it ends",
                "Delete…": "Remove the take from the project; its files go to the system trash"}
        for text, slot in (("Set as hero", self._hero), ("Compare", self._compare),
                           ("Remix / edit…", self._derive), ("Extend…", self._extend),
                           ("Make character…", self._character), ("Reveal file", self._reveal),
                           ("Delete…", self.delete_selected)):
            b = QPushButton(text)
            b.setToolTip(tips.get(text, ""))
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addWidget(self.rating)
        row.addStretch()
        self.scrubber = TakeScrubber(media=self.media)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.notes)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addWidget(self.scrubber, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(body)
        self.tree.currentItemChanged.connect(lambda *_: self._sync_rating())
        self.tree.itemDoubleClicked.connect(lambda *_: self._compare())
        bridge.sig_document_changed.connect(self._on_change)
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)

    def _on_change(self, change: Change) -> None:
        if change.structure or change.project_level or fields.TAKES in change.roots:
            self.refresh()  # typing in other fields never rebuilds the take tree

    def _index(self) -> int | None:
        item = self.tree.currentItem()
        shot = self.bridge.shot
        if item is None or shot is None:
            return None
        tid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((i for i, t in enumerate(shot.takes) if t.id == tid), None)

    def refresh(self) -> None:
        item = self.tree.currentItem()
        current = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.tree.clear()
        shot = self.bridge.shot
        if shot is None:
            return
        base = self.bridge.document.path.parent if self.bridge.document.path else Path.cwd()
        ids = {t.id for t in shot.takes}

        def add(take: Take, parent_item: QTreeWidgetItem | None) -> None:
            missing = take.video_path is not None and not (base / take.video_path).exists()
            if take.video_path and not missing:  # its display-size copy, so comparing it seeks at once
                self.media.cache.prepare_in_background(base / take.video_path)
            item = QTreeWidgetItem([f"{take.id}  {take.created_at:%m-%d %H:%M}"
                                    + ("  (file missing)" if missing else ""),
                                    take.kind.value + ("  draft" if tier(take) == "draft" else ""),
                                    "★" * take.rating, "hero" if take.hero else "", take.notes])
            item.setData(0, Qt.ItemDataRole.UserRole, take.id)
            icon = self.thumbnails.icon(base / take.thumbnail_path) if take.thumbnail_path else None
            if icon is not None:
                item.setIcon(0, icon)
            (parent_item.addChild(item) if parent_item else self.tree.addTopLevelItem(item))
            if take.id == current:
                self.tree.setCurrentItem(item)
            for child in children(shot, take.id):
                add(child, item)
        for take in shot.takes:
            if take.parent_take_id is None or take.parent_take_id not in ids:
                add(take, None)
        self.tree.expandAll()

    def _show_icons(self) -> None:
        shot, path = self.bridge.shot, self.bridge.document.path
        if shot is None:
            return
        base = path.parent if path else Path.cwd()
        thumbs = {t.id: base / t.thumbnail_path for t in shot.takes if t.thumbnail_path}
        for item in self.tree.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive):
            thumb = thumbs.get(item.data(0, Qt.ItemDataRole.UserRole))
            icon = self.thumbnails.icon(thumb) if thumb else None
            if icon is not None:
                item.setIcon(0, icon)

    def _sync_rating(self) -> None:
        i = self._index()
        take = self.bridge.shot.takes[i] if i is not None and self.bridge.shot else None
        self.rating.blockSignals(True)
        self.rating.setValue(take.rating if take else 0)
        self.rating.blockSignals(False)
        self.notes.setText(take.notes if take else "")
        self.notes.setEnabled(take is not None)
        base = self.bridge.document.path.parent if self.bridge.document.path else None
        video = base / take.video_path if take and take.video_path and base else None
        self.scrubber.set_video(video if video and video.exists() else None)

    def _note(self) -> None:
        i = self._index()
        shot = self.bridge.shot
        if i is not None and shot is not None and shot.takes[i].notes != self.notes.text():
            self.bridge.push(SetField(self.bridge.shot_id, f"takes[{i}].notes", self.notes.text()), "Take notes")

    def selected_takes(self) -> list[Take]:
        shot = self.bridge.shot
        if shot is None:
            return []
        ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()]
        return [t for t in shot.takes if t.id in ids]

    def delete_selected(self, *, confirm: bool = True, remote: bool | None = None) -> int:
        """Remove the selected takes (one undo step); files go to the system trash, the server copy on request."""
        takes = self.selected_takes()
        shot = self.bridge.shot
        if not takes or shot is None:
            return 0
        remote_jobs = [t.job_id for t in takes if t.job_id and has_paid_copy(t)]
        if confirm:
            box = QMessageBox(QMessageBox.Icon.Question, "Delete takes",
                              f"Remove {len(takes)} take(s) from the shot? Their files go to the system trash; "
                              "Undo puts the takes back in the project.", parent=self)
            also = QCheckBox("Also delete them on the server") if remote_jobs else None
            if also is not None:
                box.setCheckBox(also)
            box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
            if box.exec() != QMessageBox.StandardButton.Ok:
                return 0
            remote = bool(also and also.isChecked())
        base = self.bridge.document.path.parent if self.bridge.document.path else None
        ids = {t.id for t in takes}
        edits: list[Edit] = [ListRemove(self.bridge.shot_id, "takes", i) for i in
                 sorted((i for i, t in enumerate(shot.takes) if t.id in ids), reverse=True)]
        self.bridge.push(Batch(edits, "Delete takes"), "Delete takes")
        if base is not None:
            files = [base / rel for t in takes for rel in (t.video_path, t.thumbnail_path, t.spritesheet_path) if rel]
            run_op(self, lambda: trash_files(files), title="Could not move the take files to the trash")
        for job_id in remote_jobs if remote else []:
            self.sig_delete_remote.emit(job_id)
        return len(takes)

    def _rate(self, value: int) -> None:
        i = self._index()
        if i is not None:
            self.bridge.push(SetField(self.bridge.shot_id, f"takes[{i}].rating", value), "Rate take")

    def _hero(self) -> None:
        i = self._index()
        shot = self.bridge.shot
        if i is None or shot is None:
            return
        edits: list[Edit] = [SetField(self.bridge.shot_id, f"takes[{j}].hero", j == i)
                             for j, t in enumerate(shot.takes) if t.hero != (j == i)]
        if edits:
            self.bridge.push(Batch(edits, "Set hero take"), "Set hero take")

    def _derive(self) -> None:
        i = self._index()
        if i is not None and self.bridge.shot is not None:
            self.sig_derive_requested.emit(self.bridge.shot.takes[i].id)

    def compare_paths(self) -> list[Path]:
        """The selected takes (two to four); one take: it and its parent (what a remix changed), else the hero."""
        i = self._index()
        shot = self.bridge.shot
        if i is None or shot is None or self.bridge.document.path is None:
            return []
        chosen = self.selected_takes()
        if len(chosen) >= 2:
            return [self.bridge.document.path.parent / t.video_path for t in chosen[:4] if t.video_path]
        take = shot.takes[i]
        other = next((t for t in shot.takes if t.id == take.parent_take_id), None) or next(
            (t for t in shot.takes if t.hero and t.id != take.id), None)
        base = self.bridge.document.path.parent
        return [base / t.video_path for t in (other, take) if t is not None and t.video_path]

    def _compare(self) -> None:
        paths = self.compare_paths()
        if paths:
            self.sig_compare_requested.emit(paths)

    def _extend(self) -> None:
        i = self._index()
        if i is not None and self.bridge.shot is not None:
            self.sig_extend_requested.emit(self.bridge.shot.takes[i].id)

    def _character(self) -> None:
        i = self._index()
        if i is not None and self.bridge.shot is not None:
            self.sig_character_requested.emit(self.bridge.shot.takes[i].id)

    def _reveal(self) -> None:
        i = self._index()
        shot, path = self.bridge.shot, self.bridge.document.path
        video = shot.takes[i].video_path if i is not None and shot is not None else None
        if video and path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent / video)))
