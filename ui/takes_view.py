"""Takes of the current shot as a lineage tree: rate, pick the hero, remix / edit / extend, reveal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.edits import Batch, SetField
from composer.lineage import children
from composer.models import Take
from ui.bridge import DocumentBridge


class TakesView(QWidget):
    sig_derive_requested = Signal(str)
    """Take id the user wants to remix, edit or extend (the window opens the dialog and submits)."""
    sig_character_requested = Signal(str)
    """Take id to upload as a Characters-API character (its likeness reused across shots)."""
    sig_compare_requested = Signal(list)
    """Video paths to compare: the selected take and its parent (or the hero)."""

    def __init__(self, bridge: DocumentBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Take", "Kind", "Rating", "Hero", "Notes"])
        self.tree.setAccessibleName("takes and lineage")
        self.tree.setColumnWidth(0, 260)
        self.rating = QSpinBox()
        self.rating.setRange(0, 5)
        self.rating.setPrefix("★ ")
        self.rating.setAccessibleName("rating")
        self.rating.valueChanged.connect(self._rate)
        row = QHBoxLayout()
        for text, slot in (("Set as hero", self._hero), ("Remix / edit / extend…", self._derive),
                           ("Compare with parent", self._compare), ("Make character…", self._character),
                           ("Reveal file", self._reveal)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addWidget(self.rating)
        row.addStretch()
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.tree)
        self.tree.currentItemChanged.connect(lambda *_: self._sync_rating())
        bridge.sig_document_changed.connect(self._on_change)
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)

    def _on_change(self, change) -> None:  # type: ignore[no-untyped-def]
        if change.structure or change.project_level or any(p.startswith("takes") for p in change.paths):
            self.refresh()  # typing in other fields never rebuilds the take tree

    def _index(self) -> int | None:
        item = self.tree.currentItem()
        shot = self.bridge.shot
        if item is None or shot is None:
            return None
        tid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((i for i, t in enumerate(shot.takes) if t.id == tid), None)

    def refresh(self) -> None:
        current = self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) if self.tree.currentItem() else None
        self.tree.clear()
        shot = self.bridge.shot
        if shot is None:
            return
        base = self.bridge.document.path.parent if self.bridge.document.path else Path.cwd()
        ids = {t.id for t in shot.takes}

        def add(take: Take, parent_item: QTreeWidgetItem | None) -> None:
            item = QTreeWidgetItem([f"{take.id}  {take.created_at:%Y-%m-%d %H:%M}", take.kind.value,
                                    "★" * take.rating, "hero" if take.hero else "", take.notes])
            item.setData(0, Qt.ItemDataRole.UserRole, take.id)
            if take.thumbnail_path:
                pix = QPixmap(str(base / take.thumbnail_path))
                if not pix.isNull():
                    item.setIcon(0, QIcon(pix))
            (parent_item.addChild(item) if parent_item else self.tree.addTopLevelItem(item))
            if take.id == current:
                self.tree.setCurrentItem(item)
            for child in children(shot, take.id):
                add(child, item)
        for take in shot.takes:
            if take.parent_take_id is None or take.parent_take_id not in ids:
                add(take, None)
        self.tree.expandAll()

    def _sync_rating(self) -> None:
        i = self._index()
        self.rating.blockSignals(True)
        self.rating.setValue(self.bridge.shot.takes[i].rating if i is not None and self.bridge.shot else 0)
        self.rating.blockSignals(False)

    def _rate(self, value: int) -> None:
        i = self._index()
        if i is not None:
            self.bridge.push(SetField(self.bridge.shot_id, f"takes[{i}].rating", value), "Rate take")

    def _hero(self) -> None:
        i = self._index()
        shot = self.bridge.shot
        if i is None or shot is None:
            return
        edits = [SetField(self.bridge.shot_id, f"takes[{j}].hero", j == i) for j, t in enumerate(shot.takes)
                 if t.hero != (j == i)]
        if edits:
            self.bridge.push(Batch(edits, "Set hero take"), "Set hero take")

    def _derive(self) -> None:
        i = self._index()
        if i is not None and self.bridge.shot is not None:
            self.sig_derive_requested.emit(self.bridge.shot.takes[i].id)

    def compare_paths(self) -> list[Path]:
        """The selected take and its parent (a remix against what it changed), else the hero take."""
        i = self._index()
        shot = self.bridge.shot
        if i is None or shot is None or self.bridge.document.path is None:
            return []
        take = shot.takes[i]
        other = next((t for t in shot.takes if t.id == take.parent_take_id), None) or next(
            (t for t in shot.takes if t.hero and t.id != take.id), None)
        base = self.bridge.document.path.parent
        return [base / t.video_path for t in (other, take) if t is not None and t.video_path]

    def _compare(self) -> None:
        paths = self.compare_paths()
        if len(paths) == 2:
            self.sig_compare_requested.emit(paths)

    def _character(self) -> None:
        i = self._index()
        if i is not None and self.bridge.shot is not None:
            self.sig_character_requested.emit(self.bridge.shot.takes[i].id)

    def _reveal(self) -> None:
        i = self._index()
        shot = self.bridge.shot
        if i is not None and shot is not None and shot.takes[i].video_path and self.bridge.document.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.bridge.document.path.parent /
                                                            shot.takes[i].video_path)))
