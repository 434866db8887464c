"""An editable table over one list field of the shot (beats, dialogue, light sources, avoid, palette).

Each cell edit is a SetField on ``path[row].attr``; add/remove/move are ListInsert/ListRemove/ListMove,
so every change is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.document import fields
from composer.document.edits import Change, ListInsert, ListMove, ListRemove, SetField
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import FieldRegistry


@dataclass(frozen=True)
class Column:
    header: str
    attr: str | None  # None: the list holds plain strings
    convert: Callable[[str], Any] = str
    width: int = 0


class ListTable(QWidget):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, path: str, columns: list[Column],
                 new_item: Callable[[], Any], parent: QWidget | None = None, *, rows: int = 4) -> None:
        super().__init__(parent)
        self.bridge, self.path, self.columns, self.new_item = bridge, path, columns, new_item
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for i, c in enumerate(columns):
            mode = QHeaderView.ResizeMode.Stretch if not c.width else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(i, mode)
            if c.width:
                self.table.setColumnWidth(i, c.width)
        self.table.setAccessibleName(path)
        # Room for ``rows`` rows before it scrolls: at 1500×920 the palette showed 2½ (issue 16 §7).
        self.table.setMinimumHeight(header.sizeHint().height() + rows * self.table.verticalHeader().defaultSectionSize()
                                    + 2 * self.table.frameWidth() + 2)
        registry.add(path, self.table)
        buttons = QHBoxLayout()
        for label, slot, tip in (("+", self._add, "Add a row"), ("−", self._remove, "Remove the selected row"),
                                 ("↑", lambda: self._move(-1), "Move up"), ("↓", lambda: self._move(1), "Move down")):
            b = QPushButton(label)
            b.setToolTip(tip)
            b.setAccessibleName(f"{tip} ({path})")
            b.setFixedWidth(32)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.table.cellChanged.connect(self._on_cell_changed)
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_changed.connect(self._on_change)
        bridge.sig_document_replaced.connect(self.refresh)

    def _on_change(self, change: Change) -> None:
        """Redraw for a change to this list (or to the shot list, or an undo of a project edit), not for typing in
        another field of the shot."""
        if change.structure or change.project_level or fields.root(self.path) in change.roots:
            self.refresh()

    def _items(self) -> list[Any]:
        shot = self.bridge.shot
        value = None if shot is None else fields.get_value(shot, self.path)
        return list(value) if isinstance(value, list) else []

    def refresh(self) -> None:
        items = self._items()
        self.table.blockSignals(True)
        try:
            self.setEnabled(self.bridge.shot is not None)
            self.table.setRowCount(len(items))
            for r, item in enumerate(items):
                for c, col in enumerate(self.columns):
                    v = item if col.attr is None else getattr(item, col.attr)
                    text = "" if v is None else str(v)
                    cell = self.table.item(r, c)
                    if cell is None:
                        self.table.setItem(r, c, QTableWidgetItem(text))
                    elif cell.text() != text:
                        cell.setText(text)
        finally:
            self.table.blockSignals(False)

    def _cell_path(self, row: int, col: Column) -> str:
        return f"{self.path}[{row}]" + (f".{col.attr}" if col.attr else "")

    def _on_cell_changed(self, row: int, column: int) -> None:
        col = self.columns[column]
        cell = self.table.item(row, column)
        if cell is None:
            return
        text = cell.text()
        try:
            value = col.convert(text)
        except ValueError:
            self.refresh()
            return
        self.bridge.push(SetField(self.bridge.shot_id, self._cell_path(row, col), value), f"Edit {self.path}")

    def _add(self) -> None:
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self.bridge.push(ListInsert(self.bridge.shot_id, self.path, row, self.new_item()), f"Add to {self.path}")
        self.table.setCurrentCell(row, 0)
        cell = self.table.item(row, 0)
        if cell is not None:
            self.table.editItem(cell)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.bridge.push(ListRemove(self.bridge.shot_id, self.path, row), f"Remove from {self.path}")

    def _move(self, delta: int) -> None:
        row = self.table.currentRow()
        dst = row + delta
        if row >= 0 and 0 <= dst < self.table.rowCount():
            self.bridge.push(ListMove(self.bridge.shot_id, self.path, row, dst), f"Reorder {self.path}")
            self.table.setCurrentCell(dst, self.table.currentColumn())


def optional_float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None
