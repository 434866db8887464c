"""The iteration log of a shot (or every shot): each take's prompt diff, parameters, note and rating.

The text is the core's Markdown (``composer.sequence.log``), shown as rich text and exported as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.document import fields
from composer.document.edits import Change
from composer.sequence.log import to_markdown
from ui.bridges.document import DocumentBridge
from ui.ops.operation import explained, run_op


class LogView(QWidget):
    def __init__(self, bridge: DocumentBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.every = QCheckBox("Every shot")
        self.every.setToolTip("Show the log of every shot, not only the current one")
        self.every.toggled.connect(lambda _on: self.refresh())
        export = QPushButton("Export Markdown…")
        export.clicked.connect(self._export_dialog)
        bar = QHBoxLayout()
        bar.addWidget(self.every)
        bar.addStretch(1)
        bar.addWidget(export)
        self.text = QTextBrowser()
        self.text.setAccessibleName("iteration log")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.text, 1)
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)
        bridge.sig_document_changed.connect(self._on_change)
        self.refresh()

    def markdown(self) -> str:
        shots = None if self.every.isChecked() or not self.bridge.shot_id else [self.bridge.shot_id]
        return to_markdown(self.bridge.document.project, shots)

    def refresh(self) -> None:
        self.text.setMarkdown(self.markdown())

    def _on_change(self, change: Change) -> None:
        if change.structure or fields.TAKES in change.roots:
            self.refresh()

    def export(self, path: Path) -> None:
        """Write the log as shown (Markdown), as an operation."""
        text = self.markdown()
        run_op(self, explained(lambda: path.write_text(text, encoding="utf-8"), what=f"write {path.name}",
                               hint="Pick a folder you can write to."), title="Could not export the log")

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export the iteration log", "iteration-log.md",
                                              "Markdown (*.md)")
        if name:
            self.export(Path(name))
