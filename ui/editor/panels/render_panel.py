"""Render settings (only valid model/size/seconds offered) and the reference image (drag and drop)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImageReader
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from composer.catalog import capabilities
from composer.document import fields
from composer.document.edits import SetField
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry


class RenderPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Render settings and reference", parent)
        self.bridge = bridge
        self.setAcceptDrops(True)
        self.model, self.size_box, self.seconds = QComboBox(), QComboBox(), QComboBox()
        for w, path in ((self.model, fields.RENDER_MODEL), (self.size_box, fields.RENDER_SIZE),
                        (self.seconds, fields.RENDER_SECONDS)):
            registry.add(path, w)
        self.model.activated.connect(lambda _i: self._push(fields.RENDER_MODEL, self.model.currentData()))
        self.size_box.activated.connect(lambda _i: self._push(fields.RENDER_SIZE, self.size_box.currentData()))
        self.seconds.activated.connect(lambda _i: self._push(fields.RENDER_SECONDS, self.seconds.currentData()))
        self.ref = QLabel("Drop a JPEG, PNG or WebP here")
        self.ref.setWordWrap(True)
        registry.add(fields.REFERENCE_IMAGE, self.ref)
        choose = QPushButton("Choose reference…")
        choose.clicked.connect(self._choose)
        clear = QPushButton("Clear")
        clear.clicked.connect(lambda: self._push(fields.REFERENCE_IMAGE, None))
        Binder(bridge, registry).custom(self, self._refresh)
        form = QFormLayout(self)
        form.addRow("Model", self.model)
        form.addRow("Size", self.size_box)
        form.addRow("Seconds", self.seconds)
        form.addRow("Reference", self.ref)
        form.addRow(choose, clear)

    def _push(self, path: str, value: object) -> None:
        self.bridge.push(SetField(self.bridge.shot_id, path, value), "Render settings")

    def _refresh(self) -> None:
        shot = self.bridge.shot
        if shot is None:
            return
        project = self.bridge.document.project
        model, size, seconds, _layout = project.effective_render(shot)
        caps = capabilities.model(model)
        self.model.clear()
        self.model.addItem(f"Project default ({project.defaults.model})", None)
        for name in capabilities.model_names():
            self.model.addItem(name, name)
        self.model.setCurrentIndex(max(0, self.model.findData(shot.render.model)))
        self.size_box.clear()
        self.size_box.addItem(f"Project default ({project.defaults.size})", None)
        for s in (caps.sizes if caps else ()):
            self.size_box.addItem(s, s)
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(shot.render.size)))
        self.seconds.clear()
        self.seconds.addItem(f"Project default ({project.defaults.seconds} s)", None)
        for n in (caps.seconds if caps else ()):
            self.seconds.addItem(f"{n} s", n)
        self.seconds.setCurrentIndex(max(0, self.seconds.findData(shot.render.seconds)))
        self.ref.setText(self._describe_reference(shot.reference_image, size))

    def _describe_reference(self, ref: str | None, size: str) -> str:
        if not ref:
            return "None. Drop a JPEG, PNG or WebP here; it must match the render size."
        base = self.bridge.document.path.parent if self.bridge.document.path else Path.cwd()
        reader = QImageReader(str(base / ref))
        dims = reader.size()
        if not dims.isValid():
            return f"{ref}: cannot be read"
        got = f"{dims.width()}x{dims.height()}"
        verdict = "matches the render size" if got == size else f"does NOT match the render size {size}"
        return f"{ref}: {got} — {verdict}"

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Reference image", "", "Images (*.png *.jpg *.jpeg *.webp)")
        if path:
            self._set_reference(Path(path))

    def _set_reference(self, path: Path) -> None:
        doc = self.bridge.document
        rel = str(path)
        if doc.path is not None:
            try:
                rel = str(path.resolve().relative_to(doc.path.parent.resolve()))
            except ValueError:
                rel = path.name  # outside the project: the user should copy it into the media folder
        self._push(fields.REFERENCE_IMAGE, rel)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self._set_reference(Path(urls[0].toLocalFile()))
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
