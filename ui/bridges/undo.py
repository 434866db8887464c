"""One adapter from composer Edits to QUndoCommand; a typing burst in one field is one undo step."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from composer.document.edits import Edit, SetField
from composer.project.document import Document

_MERGE_ID = 1


class EditCommand(QUndoCommand):
    def __init__(self, document: Document, edit: Edit, text: str, *, merge: bool = False) -> None:
        super().__init__(text)
        self.document = document
        self.edit = edit
        self.merge = merge and isinstance(edit, SetField)
        self._inverse: Edit | None = None

    def redo(self) -> None:
        self.document.apply(self.edit)
        self._inverse = self.edit.inverse()

    def undo(self) -> None:
        assert self._inverse is not None
        self.document.apply(self._inverse)

    def id(self) -> int:
        return _MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not (isinstance(other, EditCommand) and other.merge and isinstance(self.edit, SetField)
                and isinstance(other.edit, SetField)):
            return False
        a, b = self.edit, other.edit
        if (a.shot_id, a.path) != (b.shot_id, b.path):
            return False
        # Keep our inverse (the value before the burst); take the newest value.
        self.edit = SetField(a.shot_id, a.path, b.value)
        return True
