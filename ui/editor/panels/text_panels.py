"""Style, subject/scene and mood/sound/avoid panels: the prose fields of a shot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from composer.document import fields
from composer.document.edits import SetField
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry
from ui.editor.panels.list_table import Column, ListTable


def _prose(placeholder: str, lines: int = 3) -> QPlainTextEdit:
    w = QPlainTextEdit()
    w.setPlaceholderText(placeholder)
    w.setTabChangesFocus(True)
    w.setFixedHeight(22 * lines + 12)
    return w


class StylePanel(QGroupBox):
    """The project's style spine, with an explicit per-shot override."""

    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Style", parent)
        self.bridge = bridge
        b = Binder(bridge, registry)
        self.spine = QLabel()
        self.spine.setWordWrap(True)
        self.spine.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override = QCheckBox("Override the style spine for this shot")
        self.override.setAccessibleName("style override switch")
        self.edit = b.line(QLineEdit(), fields.STYLE, none_when_empty=False)
        self.edit.setPlaceholderText("e.g. Handheld smartphone clip, 1990s camcorder look")
        self.override.toggled.connect(self._on_override_toggled)
        b.custom(self, self._refresh, shows=(fields.STYLE,))
        form = QFormLayout(self)
        form.addRow("Spine", self.spine)
        form.addRow(self.override)
        form.addRow("Override", self.edit)

    def _on_override_toggled(self, on: bool) -> None:
        shot = self.bridge.shot
        if shot is not None and on != (shot.style_override is not None):
            self.bridge.push(SetField(self.bridge.shot_id, fields.STYLE, self.edit.text() if on else None),
                             "Style override")

    def _refresh(self) -> None:
        text = self.bridge.document.project.style_spine.text()
        self.spine.setText(text or "(no style spine yet: set it in Project ▸ Style spine)")
        shot = self.bridge.shot
        on = shot is not None and shot.style_override is not None
        self.override.blockSignals(True)
        self.override.setChecked(on)
        self.override.blockSignals(False)
        self.edit.setEnabled(on)


class SubjectPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Subject and scene", parent)
        self.bridge = bridge
        b = Binder(bridge, registry)
        form = QFormLayout(self)
        form.addRow("Title", b.line(QLineEdit(), fields.TITLE))
        form.addRow("Subject", b.text(_prose("Who, concretely: a woman in a black trench coat…"), fields.SUBJECT))
        self.cast = QListWidget()
        self.cast.setFixedHeight(70)
        self.cast.setAccessibleName("characters in this shot")
        registry.add(fields.CHARACTERS, self.cast)
        self.cast.itemChanged.connect(self._on_cast_changed)
        b.custom(self.cast, self._refresh_cast, shows=(fields.CHARACTERS,))
        form.addRow("Characters", self.cast)
        form.addRow("Scene", b.text(_prose("Where and when: a rain-soaked Tokyo street at 2am…"), fields.SCENE))

    def _refresh_cast(self) -> None:
        shot = self.bridge.shot
        self.cast.clear()
        for c in self.bridge.document.project.characters:
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if shot and c.id in shot.characters else Qt.CheckState.Unchecked)
            self.cast.addItem(item)
        if not self.bridge.document.project.characters:
            self.cast.addItem("(none yet: add them on the Project tab)")

    def _on_cast_changed(self, _item: QListWidgetItem) -> None:
        ids = [self.cast.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.cast.count())
               if self.cast.item(i).checkState() == Qt.CheckState.Checked]
        self.bridge.push(SetField(self.bridge.shot_id, fields.CHARACTERS, [i for i in ids if i]), "Cast")


class MoodSoundPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Mood, sound, avoid", parent)
        b = Binder(bridge, registry)
        form = QFormLayout(self)
        mood = b.line(QLineEdit(), fields.MOOD)
        mood.setPlaceholderText("nostalgic, intimate")
        form.addRow("Mood", mood)
        form.addRow("Background sound",
                    b.text(_prose("At least one rhythmic sound: distant traffic hiss, ticking clock", 2), fields.SOUND))
        form.addRow("Avoid", ListTable(bridge, registry, fields.AVOID, [Column("Do not show", None)], lambda: ""))
