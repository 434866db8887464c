"""Camera, lighting and palette panels."""

from __future__ import annotations

import contextlib

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from composer import resources
from composer.document import fields
from composer.document.edits import SetField
from composer.document.models import ColorAnchor
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry
from ui.editor.panels.list_table import Column, ListTable


def vocab_combo(name: str) -> QComboBox:
    """An editable combo fed by resources/vocab/<name>.txt; free text is allowed."""
    box = QComboBox()
    box.setEditable(True)
    box.addItem("")
    with contextlib.suppress(FileNotFoundError):
        box.addItems(list(resources.word_list(name)))
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class CameraPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Camera", parent)
        b = Binder(bridge, registry)
        form = QFormLayout(self)
        form.addRow("Framing", b.combo(vocab_combo("framings"), fields.CAMERA_FRAMING))
        form.addRow("Angle", b.combo(vocab_combo("angles"), fields.CAMERA_ANGLE))
        form.addRow("Lens", b.combo(vocab_combo("lenses"), fields.CAMERA_LENS))
        form.addRow("Movement", b.combo(vocab_combo("camera_moves"), fields.CAMERA_MOVEMENT))


class LightingPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Lighting", parent)
        b = Binder(bridge, registry)
        form = QFormLayout(self)
        form.addRow("Sources", ListTable(bridge, registry, fields.LIGHTING_SOURCES,
                                         [Column("Light source (key, fill, practicals…)", None)], lambda: ""))
        form.addRow("Quality", b.line(QLineEdit(), fields.LIGHTING_QUALITY))
        form.addRow("Direction", b.line(QLineEdit(), fields.LIGHTING_DIRECTION))


class PalettePanel(QGroupBox):
    """3–5 colour anchors: names for the prompt, hex swatches for the eye (and the animatic)."""

    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Palette (3–5 anchors)", parent)
        self.bridge = bridge
        self.table = ListTable(bridge, registry, fields.PALETTE,
                               [Column("Name", "name"), Column("Hex", "hex", width=90)], lambda: ColorAnchor(), rows=5)
        pick = QPushButton("Pick colour…")
        pick.setAccessibleName("pick palette colour")
        pick.clicked.connect(self._pick)
        self.swatches = QHBoxLayout()
        self.inherited = QLabel()  # issue 16 §13: an empty table while the prompt showed the spine's palette
        self.inherited.setWordWrap(True)
        self.inherited.setAccessibleName("palette source")
        lay = QFormLayout(self)
        lay.addRow(self.inherited)
        lay.addRow(self.table)
        row = QHBoxLayout()
        row.addWidget(pick)
        row.addLayout(self.swatches)
        row.addStretch()
        lay.addRow(row)
        Binder(bridge, registry).custom(self, self._refresh_swatches, shows=(fields.PALETTE,))

    def _pick(self) -> None:
        row = self.table.table.currentRow()
        if row < 0 or self.bridge.shot is None:
            return
        current = QColor(self.bridge.shot.palette[row].hex or "#808080")
        color = QColorDialog.getColor(current, self, "Palette anchor")
        if color.isValid():
            self.bridge.push(SetField(self.bridge.shot_id, f"palette[{row}].hex", color.name()), "Palette colour")

    def _refresh_swatches(self) -> None:
        while self.swatches.count():
            item = self.swatches.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        shot = self.bridge.shot
        spine = self.bridge.document.project.style_spine.palette
        names = ", ".join(a.name or a.hex for a in spine if (a.name or a.hex).strip())
        self.inherited.setText(f"This shot has no palette of its own: the prompt uses the style spine's ({names}), "
                               "set on the Project tab. Add an anchor here to give this shot its own."
                               if shot is not None and not shot.palette and names else "")
        self.inherited.setVisible(bool(self.inherited.text()))
        for a in (shot.palette if shot else []):
            sw = QLineEdit()
            sw.setReadOnly(True)
            sw.setFixedSize(28, 20)
            sw.setStyleSheet(f"background:{a.hex or '#00000000'}; border:1px solid palette(mid);")
            sw.setToolTip(f"{a.name} {a.hex}")
            self.swatches.addWidget(sw)
