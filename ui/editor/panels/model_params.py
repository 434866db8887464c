"""The per-model request parameters of a shot (negative prompt, seed, audio, end frame): a row shows only when the
chosen model's profile takes it, so the form offers exactly what the request will carry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from composer.document import fields
from composer.document.edits import SetField
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry

AUDIO = (("Model default", None), ("Generate sound", True), ("No sound", False))


class ModelParams:
    """Adds its rows to ``form`` and shows or hides them with ``show_for``; edits go through the bridge."""

    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, form: QFormLayout) -> None:
        self.bridge = bridge
        self.form = form
        binder = Binder(bridge, registry)
        self.negative = binder.line(QLineEdit(), fields.RENDER_NEGATIVE_PROMPT, none_when_empty=True)
        self.negative.setPlaceholderText("nouns to keep out: wall, frame, text")
        self.seed = QLineEdit()
        self.seed.setValidator(QIntValidator(0, 2_000_000_000))
        self.seed.setPlaceholderText("random")
        registry.add(fields.RENDER_SEED, self.seed)
        self.seed.editingFinished.connect(lambda: self._push(fields.RENDER_SEED, int(self.seed.text())
                                                             if self.seed.text() else None))
        self.audio = QComboBox()
        for label, value in AUDIO:
            self.audio.addItem(label, value)
        registry.add(fields.RENDER_AUDIO, self.audio)
        self.audio.activated.connect(lambda _i: self._push(fields.RENDER_AUDIO, self.audio.currentData()))
        self.end = QLabel("None")
        registry.add(fields.RENDER_END_FRAME, self.end)
        end_row = QWidget()
        lay = QHBoxLayout(end_row)
        lay.setContentsMargins(0, 0, 0, 0)
        choose, clear = QPushButton("Choose…"), QPushButton("Clear")
        choose.clicked.connect(self._choose_end)
        clear.clicked.connect(lambda: self._push(fields.RENDER_END_FRAME, None))
        for w in (self.end, choose, clear):
            lay.addWidget(w)
        self.rows: dict[str, QWidget] = {"negative_prompt": self.negative, "seed": self.seed, "audio": self.audio,
                                         "end_frame": end_row}
        for key, label in (("negative_prompt", "Negative prompt"), ("seed", "Seed"), ("audio", "Audio"),
                           ("end_frame", "End frame")):
            form.addRow(label, self.rows[key])
        binder.custom(self.end, self.refresh, shows=(fields.RENDER_SEED, fields.RENDER_AUDIO, fields.RENDER_END_FRAME))

    def _push(self, path: str, value: object) -> None:
        shot = self.bridge.shot
        if shot is not None and fields.get_value(shot, path) != value:
            self.bridge.push(SetField(self.bridge.shot_id, path, value), "Render settings")

    def refresh(self) -> None:
        shot = self.bridge.shot
        if shot is None:
            return
        r = shot.render
        self.seed.setText("" if r.seed is None else str(r.seed))
        self.audio.setCurrentIndex(max(0, [v for _l, v in AUDIO].index(r.audio)))
        self.end.setText(r.end_frame or "None")

    def show_for(self, takes: tuple[str, ...]) -> None:
        for key, widget in self.rows.items():
            self.form.setRowVisible(widget, key in takes)

    def _choose_end(self) -> None:
        path, _ = QFileDialog.getOpenFileName(None, "End frame", "", "Images (*.png *.jpg *.jpeg *.webp)")
        if path:
            doc = self.bridge.document
            rel = Path(path)
            if doc.path is not None:
                try:
                    rel = rel.resolve().relative_to(doc.path.parent.resolve())
                except ValueError:
                    rel = Path(rel.name)
            self._push(fields.RENDER_END_FRAME, str(rel))
