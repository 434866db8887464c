"""Render settings: the model (any profiled one, or a typed name), the sizes and seconds its profile allows, the
per-model parameters it takes, the reference image (drag and drop) and 'Port this shot to …'."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImageReader
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QGroupBox, QLabel, QMenu, QPushButton, QWidget

from composer.catalog import pricing
from composer.catalog.loader import catalog, lookup
from composer.catalog.porting import port_shot
from composer.catalog.profiles import size_label
from composer.document import fields
from composer.document.edits import SetField
from composer.prompt.request import takes
from ui.bridges.document import DocumentBridge
from ui.editor.panels.binding import Binder, FieldRegistry
from ui.editor.panels.model_params import ModelParams


class RenderPanel(QGroupBox):
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, parent: QWidget | None = None) -> None:
        super().__init__("Render settings and reference", parent)
        self.bridge = bridge
        self.setAcceptDrops(True)
        self.model, self.size_box, self.seconds = QComboBox(), QComboBox(), QComboBox()
        self.model.setEditable(True)  # a model no profile knows may be typed; its request goes out as set
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for w, path in ((self.model, fields.RENDER_MODEL), (self.size_box, fields.RENDER_SIZE),
                        (self.seconds, fields.RENDER_SECONDS)):
            registry.add(path, w)
        self.model.activated.connect(lambda _i: self._push(fields.RENDER_MODEL, self.model.currentData()))
        typed = self.model.lineEdit()
        assert typed is not None  # an editable combo box always has its line edit
        typed.editingFinished.connect(self._on_model_typed)
        self.size_box.activated.connect(lambda _i: self._push(fields.RENDER_SIZE, self.size_box.currentData()))
        self.seconds.activated.connect(lambda _i: self._push(fields.RENDER_SECONDS, self.seconds.currentData()))
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setAccessibleName("model limits and price")
        self.port = QPushButton("Port this shot to…")
        self.port.setMenu(QMenu(self.port))
        self.port.menu().aboutToShow.connect(self._fill_port_menu)
        self.ported = QLabel()
        self.ported.setWordWrap(True)
        self.ported.setAccessibleName("what the port changed")
        self.ref = QLabel("Drop a JPEG, PNG or WebP here")
        self.ref.setWordWrap(True)
        registry.add(fields.REFERENCE_IMAGE, self.ref)
        choose = QPushButton("Choose reference…")
        choose.clicked.connect(self._choose)
        clear = QPushButton("Clear")
        clear.clicked.connect(lambda: self._push(fields.REFERENCE_IMAGE, None))
        form = self.form = QFormLayout(self)
        form.addRow("Model", self.model)
        form.addRow(self.about)
        form.addRow(self.port, self.ported)
        form.addRow("Size", self.size_box)
        form.addRow("Seconds", self.seconds)
        self.params = ModelParams(bridge, registry, form)
        form.addRow("Reference", self.ref)
        form.addRow(choose, clear)
        self._ref_rows = (self.ref, choose)
        Binder(bridge, registry).custom(self, self._refresh, shows=(fields.RENDER_MODEL, fields.RENDER_SIZE,
                                                                fields.RENDER_SECONDS, fields.REFERENCE_IMAGE))

    def _push(self, path: str, value: object) -> None:
        self.bridge.push(SetField(self.bridge.shot_id, path, value), "Render settings")

    def _on_model_typed(self) -> None:
        text = self.model.currentText().strip()
        shot = self.bridge.shot
        if shot is not None and text and self.model.findText(text) < 0 and text != shot.render.model:
            self._push(fields.RENDER_MODEL, text)

    def _fill_port_menu(self) -> None:
        menu = self.port.menu()
        assert menu is not None  # set in __init__
        menu.clear()
        for p in catalog().active():
            action = menu.addAction(f"{p.label} ({p.name})")
            action.triggered.connect(lambda _checked=False, name=p.name: self.port_to(name))

    def port_to(self, model: str) -> None:
        """Move the shot to ``model`` with duration and size mapped (one undo step) and say what changed."""
        port = port_shot(self.bridge.document.project, self.bridge.shot_id, model)
        self.bridge.push(port.edit, port.edit.label)
        dropped = f" Not sent to this model: {', '.join(port.dropped)}." if port.dropped else ""
        self.ported.setText("Ported: " + "; ".join(port.changes) + "." + dropped)

    def _refresh(self) -> None:
        shot = self.bridge.shot
        if shot is None:
            return
        project = self.bridge.document.project
        model, size, seconds, _layout = project.effective_render(shot)
        profile = lookup(model)
        self.model.clear()
        self.model.addItem(f"Project default ({project.defaults.model})", None)
        for p in catalog().profiles:
            self.model.addItem(p.name + ("  (retired)" if p.retired else ""), p.name)
        index = self.model.findData(shot.render.model)
        if index < 0 and shot.render.model:
            self.model.setEditText(shot.render.model)
        else:
            self.model.setCurrentIndex(max(0, index))
        self.size_box.clear()
        self.size_box.addItem(f"Project default ({project.defaults.size})", None)
        for s in (profile.sizes if profile else (size,)):
            self.size_box.addItem(size_label(s), s)
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(shot.render.size)))
        self.seconds.clear()
        self.seconds.addItem(f"Project default ({project.defaults.seconds} s)", None)
        for n in (profile.durations if profile else (seconds,)):
            self.seconds.addItem(f"{n} s", n)
        self.seconds.setCurrentIndex(max(0, self.seconds.findData(shot.render.seconds)))
        self.about.setText(self._describe_model(model, size, seconds))
        taken = takes(profile)
        self.params.show_for(taken)
        for w in self._ref_rows:
            self.form.setRowVisible(w, "reference_image" in taken)
        self.ref.setText(self._describe_reference(shot.reference_image, size,
                                                  exact=bool(profile is None or profile.reference_must_match_size)))

    @staticmethod
    def _describe_model(model: str, size: str, seconds: int) -> str:
        p = lookup(model)
        if p is None:
            return f"No profile knows '{model}': its limits and price are unknown; the request goes out as set."
        cost = pricing.format_cost(pricing.estimate_cost(model, size, seconds))
        status = f"Retired {p.retired_on} — port it to {p.successor}. " if p.retired else ""
        return f"{status}{p.label} ({p.vendor}): {cost} for {seconds} s · prompting guide: {p.guide}"

    def _describe_reference(self, ref: str | None, size: str, *, exact: bool) -> str:
        if not ref:
            return "None. Drop a JPEG, PNG or WebP here" + ("; it must match the render size." if exact else ".")
        base = self.bridge.document.path.parent if self.bridge.document.path else Path.cwd()
        reader = QImageReader(str(base / ref))
        dims = reader.size()
        if not dims.isValid():
            return f"{ref}: cannot be read"
        got = f"{dims.width()}x{dims.height()}"
        if not exact:
            return f"{ref}: {got} — this model fits the image to the render size"
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
