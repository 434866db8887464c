"""Project-level editors: the style spine and the character bible (reused verbatim by every shot)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.document.edits import ListInsert, ListRemove, SetField
from composer.document.models import Character, ColorAnchor
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry


class StyleSpinePanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Style spine (every shot)", parent)
        self.bridge = bridge
        b = Binder(bridge, registry, project_level=True)
        form = QFormLayout(self)
        for label, path, hint in (("Format / style", "style_spine.format_line", "Cinematic neo-noir style"),
                                  ("Lens / film", "style_spine.lens_film", "shot on 35mm film with halation"),
                                  ("Grade", "style_spine.grade", "warm highlights, lifted blacks")):
            w = b.line(QLineEdit(), path)
            w.setPlaceholderText(hint)
            form.addRow(label, w)
        self.palette_edit = QLineEdit()
        registry.add("style_spine.palette", self.palette_edit)
        self.palette_edit.setPlaceholderText("amber #ffbf00, cream #fffdd0, walnut brown #5d432c")
        self.palette_edit.editingFinished.connect(self._on_palette)
        b.custom(self.palette_edit, self._refresh_palette)
        form.addRow("Palette anchors", self.palette_edit)

    def _refresh_palette(self) -> None:
        anchors = self.bridge.document.project.style_spine.palette
        self.palette_edit.setText(", ".join(f"{a.name} {a.hex}".strip() for a in anchors))

    def _on_palette(self) -> None:
        anchors = []
        for part in self.palette_edit.text().split(","):
            words = part.split()
            hexes = [w for w in words if w.startswith("#")]
            name = " ".join(w for w in words if not w.startswith("#"))
            try:
                anchors.append(ColorAnchor(name=name, hex=hexes[0] if hexes else ""))
            except ValueError:
                continue
        if anchors != self.bridge.document.project.style_spine.palette:
            self.bridge.push(SetField(None, "style_spine.palette", anchors), "Spine palette")


class CharacterBiblePanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Character bible", parent)
        self.bridge = bridge
        self.list = QListWidget()
        self.list.setAccessibleName("characters")
        self.list.currentRowChanged.connect(lambda _r: self._refresh_detail())
        self.name, self.wardrobe = QLineEdit(), QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.description.setPlaceholderText("Verbatim description, inserted into every shot that casts them")
        for w, attr in ((self.name, "name"), (self.wardrobe, "wardrobe")):
            w.setAccessibleName(f"character {attr}")
            w.textEdited.connect(lambda text, a=attr: self._set(a, text))
        self.description.textChanged.connect(lambda: self._set("description", self.description.toPlainText()))
        add, remove = QPushButton("Add character"), QPushButton("Remove")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        Binder(bridge, registry, project_level=True).custom(self, self._refresh)
        detail = QFormLayout()
        detail.addRow("Name", self.name)
        detail.addRow("Description", self.description)
        detail.addRow("Wardrobe", self.wardrobe)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        lay.addLayout(detail)

    def _row(self) -> int:
        return self.list.currentRow()

    def _set(self, attr: str, value: str) -> None:
        row = self._row()
        chars = self.bridge.document.project.characters
        if 0 <= row < len(chars) and getattr(chars[row], attr) != value and (attr != "name" or value.strip()):
            self.bridge.push(SetField(None, f"characters[{row}].{attr}", value), f"Character {attr}", merge=True)

    def _add(self) -> None:
        n = len(self.bridge.document.project.characters)
        self.bridge.push(ListInsert(None, "characters", n, Character(name=f"Character {n + 1}")), "Add character")
        self.list.setCurrentRow(n)

    def _remove(self) -> None:
        if self._row() >= 0:
            self.bridge.push(ListRemove(None, "characters", self._row()), "Remove character")

    def _refresh(self) -> None:
        row = self._row()
        chars = self.bridge.document.project.characters
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([c.name for c in chars])
        self.list.setCurrentRow(min(max(row, 0), len(chars) - 1))
        self.list.blockSignals(False)
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        chars = self.bridge.document.project.characters
        row = self._row()
        c = chars[row] if 0 <= row < len(chars) else None
        for w, v in ((self.name, c.name if c else ""), (self.wardrobe, c.wardrobe if c else "")):
            if w.text() != v:
                w.blockSignals(True)
                w.setText(v)
                w.blockSignals(False)
        if self.description.toPlainText() != (c.description if c else ""):
            self.description.blockSignals(True)
            self.description.setPlainText(c.description if c else "")
            self.description.blockSignals(False)
        for widget in (self.name, self.wardrobe, self.description):
            widget.setEnabled(c is not None)
