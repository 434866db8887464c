"""The one object panels talk to: the Document, the undo stack and the current shot, as Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from composer.document.edits import Change, Edit
from composer.document.models import Shot
from composer.project.document import Document
from ui.bridges.undo import EditCommand


class DocumentBridge(QObject):
    sig_document_changed = Signal(object)
    """A composer Change after any edit, undo or redo."""
    sig_shot_selected = Signal(str)
    """The shot the form shows ('' when none)."""
    sig_document_replaced = Signal()
    """A different project was opened or created."""
    sig_field_focused = Signal(str)
    """The field path the user is editing (for preview highlight)."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document = document
        self.shot_id = ""
        document.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        shots = self.document.project.shots
        if change.structure and self.shot_id and all(s.id != self.shot_id for s in shots):
            # The shown shot was deleted (or an add was undone): show a neighbour, never a dangling id.
            self.shot_id = shots[0].id if shots else ""
            self.sig_document_changed.emit(change)
            self.sig_shot_selected.emit(self.shot_id)
            return
        self.sig_document_changed.emit(change)

    def replace(self, document: Document) -> None:
        if document is not self.document:
            document.configure_lint(mode=self.document.mode, shown=self.document.shown_severities)
        if document is not self.document or self._on_change not in document._observers:
            document.subscribe(self._on_change)
        self.document = document
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.sig_document_replaced.emit()
        self.select(document.project.shots[0].id if document.project.shots else "")

    def select(self, shot_id: str) -> None:
        self.shot_id = shot_id
        self.sig_shot_selected.emit(shot_id)

    def push(self, edit: Edit, text: str | None = None, *, merge: bool = False) -> None:
        self.undo_stack.push(EditCommand(self.document, edit, text or edit.label, merge=merge))

    @property
    def shot(self) -> Shot | None:
        if not self.shot_id:
            return None
        try:
            return self.document.project.shot(self.shot_id)
        except KeyError:
            return None
