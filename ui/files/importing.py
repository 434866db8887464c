"""File ▸ Import Shot List: a spreadsheet's columns confirmed, then a new project or the shots added (issue 16 §4).

The import used to replace the open project without a word (its style spine, characters and takes gone from
view); now it asks, unless the open project is a new one nobody has written in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from composer.document.edits import AddShot, Batch, Edit
from composer.document.models import Project, Shot
from composer.project.document import Document

if TYPE_CHECKING:
    from ui.files.file_actions import FileController


def import_dialog(files: FileController, path: Path | None = None) -> bool:
    """File ▸ Import Shot List: read the file (a spreadsheet's columns are confirmed first), then ask whether it
    becomes a new project or its shots are added to this one. Never replaces the open project silently."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(files.window, "Import shot list", files.folder(),
                                              "Shot lists (*.csv *.fountain *.json)")
        if not name:
            return False
        path = Path(name)
        files.remember_folder(path)
    project = _read_import(files, path)
    return project is not None and import_project(files, project, path)


def _read_import(files: FileController, path: Path) -> Project | None:
    from composer.errors import InputError
    from composer.exchange import csv_io, import_file, read_text

    try:
        columns = None
        if path.suffix.lower() == ".csv":
            text = read_text(path)
            if not csv_io.is_slate_sheet(csv_io.header(text)):
                from ui.dialogs.column_map import ColumnMapDialog

                dlg = ColumnMapDialog(text, path.name, files.window)
                if not dlg.exec():
                    return None
                columns = dlg.mapping()
        return import_file(path, columns=columns)
    except InputError as e:
        QMessageBox.warning(files.window, "Cannot import", e.describe())
        return None


def import_project(files: FileController, project: Project, source: Path) -> bool:
    """A new project from the import, or its shots added to the open one (one undo step), as the person says."""
    n = len(project.shots)
    if not _pristine(files):
        box = QMessageBox(QMessageBox.Icon.Question, "Import shot list",
                          f"{source.name} has {n} shot(s). Open them as a new project, or add them after the "
                          f"shots of {_name(files)} (its style spine, characters and takes stay)?",
                          parent=files.window)
        add = box.addButton(f"Add {n} shot(s) to this project", QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton("New project", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(add)
        box.exec()
        if box.clickedButton() is add:
            return _add_shots(files, project, source)
        if box.clickedButton() is not new or not files.maybe_save():
            return False
    files.bridge.replace(Document(project, None))
    files.bridge.undo_stack.resetClean()
    files._say(f"Imported {n} shot(s) from {source.name} as a new project: save to keep them")
    return True


def _add_shots(files: FileController, project: Project, source: Path) -> bool:
    shots = files.bridge.document.project.shots
    edits: list[Edit] = [AddShot(len(shots) + i, shot) for i, shot in enumerate(project.shots)]
    if not edits:
        files._say(f"{source.name} has no shots to add")
        return False
    files.bridge.push(Batch(edits, f"Import {len(edits)} shot(s)"), f"Import {len(edits)} shot(s)")
    files.bridge.select(project.shots[0].id)
    files._say(f"Added {len(edits)} shot(s) from {source.name} (Undo takes them out again)")
    return True


def _name(files: FileController) -> str:
    doc = files.bridge.document
    return doc.path.name if doc.path else f"'{doc.project.name}'"


def _pristine(files: FileController) -> bool:
    """A new project nobody has written in yet: replacing it loses nothing, so there is nothing to ask."""
    doc = files.bridge.document
    blank = Shot(id="x", title="x")
    return doc.path is None and files.bridge.undo_stack.isClean() and files.bridge.undo_stack.count() == 0 and all(
        s.model_dump(exclude={"id", "title"}) == blank.model_dump(exclude={"id", "title"})
        for s in doc.project.shots)
