"""Action beats (with optional times and the timecoded layout switch) and the dialogue table."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from composer.document import fields
from composer.document.edits import SetField
from composer.document.models import Beat, DialogueLine, Layout
from composer.prompt.speech import dialogue_seconds
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry
from ui.editor.panels.list_table import Column, ListTable, optional_float


class BeatsPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Action beats", parent)
        self.bridge = bridge
        self.table = ListTable(bridge, registry, fields.BEATS, [
            Column("Beat: a concrete action with timing", "text"),
            Column("Start s", "start", optional_float, 70), Column("End s", "end", optional_float, 70)],
            lambda: Beat())
        self.timecoded = QCheckBox("Timecoded layout (0.00-2.40 — beat)")
        self.timecoded.setAccessibleName("timecoded layout switch")
        registry.add(fields.RENDER_LAYOUT, self.timecoded)
        self.timecoded.toggled.connect(self._on_toggled)
        Binder(bridge, registry).custom(self.timecoded, self._refresh, shows=(fields.RENDER_LAYOUT,))
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(self.timecoded)

    def _on_toggled(self, on: bool) -> None:
        self.bridge.push(SetField(self.bridge.shot_id, fields.RENDER_LAYOUT,
                                  Layout.TIMECODED if on else Layout.BLOCK), "Layout")

    def _refresh(self) -> None:
        shot = self.bridge.shot
        if shot is not None:
            layout = self.bridge.document.project.effective_render(shot)[3]
            self.timecoded.setChecked(layout is Layout.TIMECODED)


class DialoguePanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Dialogue", parent)
        self.bridge = bridge
        self.table = ListTable(bridge, registry, fields.DIALOGUE, [
            Column("Speaker", "speaker", width=110), Column("Emotion", "emotion", width=100), Column("Line", "line")],
            lambda: DialogueLine())
        self.estimate = QLabel()
        self.estimate.setAccessibleName("estimated spoken seconds")
        Binder(bridge, registry).custom(self.estimate, self._refresh, shows=(fields.DIALOGUE, fields.RENDER_SECONDS))
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(self.estimate)

    def _refresh(self) -> None:
        shot = self.bridge.shot
        if shot is None:
            self.estimate.setText("")
            return
        seconds = self.bridge.document.project.effective_render(shot)[2]
        spoken = dialogue_seconds([d.line for d in shot.dialogue])
        speakers = ", ".join(c.name for c in self.bridge.document.project.characters) or "any name"
        self.estimate.setText(f"Spoken ≈ {spoken:.1f} s of a {seconds} s clip · speakers from the bible: {speakers}")
