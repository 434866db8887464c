"""The shot list: add, duplicate, delete, drag to reorder, lint badge and hero thumbnail per shot."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.document.edits import AddShot, Change, MoveShot, RemoveShot, duplicate_shot
from composer.document.models import Shot
from ui.bridges.document import DocumentBridge
from ui.ops.thumbnails import Thumbnails


class ShotList(QWidget):
    def __init__(self, bridge: DocumentBridge, thumbnails: Thumbnails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.list = QListWidget()
        self.list.setAccessibleName("shot list")
        self.list.setIconSize(QSize(64, 36))
        self.thumbnails = thumbnails
        thumbnails.sig_loaded.connect(self._show_icons)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentRowChanged.connect(self._on_row_changed)
        buttons = QHBoxLayout()
        for label, tip, slot in (("Add", "Add a shot after this one", self.add_shot),
                                 ("Duplicate", "Duplicate this shot", self.duplicate_shot),
                                 ("Delete", "Delete this shot (undoable)", self.delete_shot)):
            b = QPushButton(label)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        bridge.sig_document_changed.connect(self._on_document_changed)
        bridge.sig_document_replaced.connect(self.refresh)
        bridge.sig_shot_selected.connect(self._select_row)

    def _on_document_changed(self, change: Change) -> None:
        if change.structure or change.project_level or self.list.count() != len(self.bridge.document.project.shots):
            self.refresh()
            return
        for i, shot in enumerate(self.bridge.document.project.shots):  # typing in one shot: redraw its row only
            if shot.id in change.shot_ids:
                self._fill(self.list.item(i), i, shot)

    def _fill(self, item: QListWidgetItem, i: int, shot: Shot) -> None:
        findings = self.bridge.document.shown(shot.id)
        errors = sum(str(f.severity) == "error" for f in findings)
        warnings = sum(str(f.severity) == "warning" for f in findings)
        badge = (f"  · {errors} error{'s' * (errors != 1)}" if errors else
                 f"  · {warnings} warning{'s' * (warnings != 1)}" if warnings else "  ✓")
        text = f"{i + 1}. {shot.title or shot.subject[:30] or shot.id}{badge}"
        if item.text() != text:
            item.setText(text)
        item.setData(Qt.ItemDataRole.UserRole, shot.id)
        item.setToolTip(f"{errors} errors, {warnings} warnings")
        icon = self._hero_icon(shot)
        if icon is not None:
            item.setIcon(icon)

    def _show_icons(self) -> None:
        for i, shot in enumerate(self.bridge.document.project.shots[:self.list.count()]):
            icon = self._hero_icon(shot)
            item = self.list.item(i)
            if icon is not None and item is not None:
                item.setIcon(icon)

    def refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i, shot in enumerate(self.bridge.document.project.shots):
            item = QListWidgetItem()
            self._fill(item, i, shot)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._select_row(self.bridge.shot_id)

    def _hero_icon(self, shot: Shot) -> QIcon | None:
        hero = next((t for t in shot.takes if t.hero and t.thumbnail_path), None)
        if hero is None or self.bridge.document.path is None:
            return None
        return self.thumbnails.icon(self.bridge.document.path.parent / str(hero.thumbnail_path))

    def _select_row(self, shot_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == shot_id and self.list.currentRow() != i:
                self.list.blockSignals(True)
                self.list.setCurrentRow(i)
                self.list.blockSignals(False)

    def _on_row_changed(self, row: int) -> None:
        if row >= 0:
            self.bridge.select(self.list.item(row).data(Qt.ItemDataRole.UserRole))

    def _on_rows_moved(self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int) -> None:
        shot_id = self.bridge.document.project.shots[start].id
        self.bridge.push(MoveShot(shot_id, row if row < start else row - 1), "Move shot")

    def add_shot(self) -> None:
        index = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        shot = Shot(title=f"Shot {len(self.bridge.document.project.shots) + 1}")
        self.bridge.push(AddShot(index, shot), "Add shot")
        self.bridge.select(shot.id)

    def duplicate_shot(self) -> None:
        if self.bridge.shot_id:
            edit = duplicate_shot(self.bridge.document.project, self.bridge.shot_id)
            self.bridge.push(edit, "Duplicate shot")
            self.bridge.select(edit.shot.id)

    def delete_shot(self) -> None:
        shots = self.bridge.document.project.shots
        if not self.bridge.shot_id:
            return
        index = next(i for i, s in enumerate(shots) if s.id == self.bridge.shot_id)
        self.bridge.push(RemoveShot(self.bridge.shot_id), "Delete shot")
        remaining = self.bridge.document.project.shots
        self.bridge.select(remaining[min(index, len(remaining) - 1)].id if remaining else "")
