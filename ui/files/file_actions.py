"""New / Open / Save / Save As / Recent / examples, autosave on idle, crash recovery, save-on-close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from composer.document.models import Layout, Project, Shot
from composer.errors import ProjectFileError
from composer.project import files as project_file
from composer.project.document import Document
from ui.bridges.document import DocumentBridge
from ui.ops.operation import explained, run_op

AUTOSAVE_IDLE_MS = 3000
FILTER = "Slate projects (*.slate)"


def recovery_text(project_path: Path | None, autosave: Path) -> str:
    where = "the project file" if project_path else "your last session"
    return (f"Slate found an autosave newer than {where} ({autosave}).\n"
            "Recover it? Nothing is overwritten until you save.")


class FileController(QObject):
    def __init__(self, bridge: DocumentBridge, window: QWidget, status: QStatusBar) -> None:
        super().__init__(window)
        self.bridge, self.window, self.status = bridge, window, status
        self.settings = QSettings()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_IDLE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        bridge.sig_document_changed.connect(lambda _c: self.autosave_timer.start())

    def _say(self, text: str) -> None:
        self.status.showMessage(text, 5000)

    # --- new/open ------------------------------------------------------------------------
    def new(self) -> None:
        if self.maybe_save():
            s = self.settings
            p = Project(name="Untitled", shots=[Shot(title="Shot 1")])
            p.defaults.model = str(s.value("default_model", p.defaults.model))
            p.defaults.size = str(s.value("default_size", p.defaults.size))
            p.defaults.seconds = int(str(s.value("default_seconds", p.defaults.seconds)))
            p.defaults.layout = Layout(str(s.value("default_layout", p.defaults.layout.value)))
            self.bridge.replace(Document(p, None))

    def open_dialog(self) -> None:
        if self.maybe_save():
            path, _ = QFileDialog.getOpenFileName(self.window, "Open project", "", FILTER)
            if path:
                self.open(Path(path))

    def open(self, path: Path, *, offer_recovery: bool = True) -> bool:
        try:
            doc = Document.open(path)
        except ProjectFileError as e:
            QMessageBox.warning(self.window, "Cannot open project", e.describe())
            return False
        self.bridge.replace(doc)
        self._remember(path)
        if offer_recovery:
            self.offer_recovery()
        self._say(f"Opened {path}")
        return True

    def open_example(self, path: Path) -> None:
        """Examples open as untitled copies so the shipped files are never overwritten."""
        if not self.maybe_save():
            return
        try:
            project = project_file.load(path)
        except ProjectFileError as e:
            QMessageBox.warning(self.window, "Cannot open example", e.describe())
            return
        self.bridge.replace(Document(project, None))
        self._say(f"Example '{project.name}' opened as an untitled copy")

    # --- import / export ------------------------------------------------------------------
    def import_dialog(self) -> None:
        from composer.errors import InputError
        from composer.exchange import import_file

        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import shot list", "",
                                              "Shot lists (*.csv *.fountain *.json)")
        if not path:
            return
        try:
            project = import_file(Path(path))
        except InputError as e:
            QMessageBox.warning(self.window, "Cannot import", e.describe())
            return
        self.bridge.replace(Document(project, None))
        self.bridge.undo_stack.resetClean()
        self._say(f"Imported {len(project.shots)} shot(s) from {Path(path).name}: save to keep them")

    def export_dialog(self, fmt: str) -> None:
        from composer.animatic import BOARDS_FORMATS, BOARDS_SUFFIX
        from composer.errors import SlateError
        from composer.exchange import SUFFIX, export

        doc = self.bridge.document
        stem = doc.path.stem if doc.path else doc.project.name
        suffix = {**SUFFIX, **BOARDS_SUFFIX}[fmt]
        path, _ = QFileDialog.getSaveFileName(self.window, f"Export {fmt.upper()}", stem + suffix)
        if not path:
            return
        if fmt in BOARDS_FORMATS:  # draws every beat of every shot: off the GUI thread
            from composer.animatic import boards

            self._say(f"Exporting boards to {Path(path).name}…")
            project, dest, where = doc.project.model_copy(deep=True), Path(path), doc.path  # edits meanwhile stay out
            run_op(self.window, lambda: boards.write(project, fmt, dest, project_path=where), title="Cannot export",
                   on_done=lambda _p: self._say(f"Exported {dest.name}"))
            return
        try:
            export(doc.project, fmt, Path(path), project_path=doc.path)
        except (SlateError, OSError) as e:
            QMessageBox.warning(self.window, "Cannot export", str(e))
            return
        self._say(f"Exported {Path(path).name}")

    def export_bundle(self, out: Path | None = None, takes: str | None = None) -> None:
        """One zip with the project, its reference images and its takes (hero only, or all), to hand over.

        The zip is written as an operation (takes can be large): the status bar says when it is there.
        """
        from composer.exchange import bundle

        doc = self.bridge.document
        if (doc.path is None or not self.bridge.undo_stack.isClean()) and not self.save():
            return  # the bundle holds what is on disk: save first
        assert doc.path is not None
        if takes is None:
            box = QMessageBox(QMessageBox.Icon.Question, "Export project bundle",
                              "Include every take, or only the hero take of each shot?", parent=self.window)
            hero = box.addButton("Hero takes only", QMessageBox.ButtonRole.AcceptRole)
            every = box.addButton("All takes", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() not in (hero, every):
                return
            takes = "hero" if box.clickedButton() is hero else "all"
        if out is None:
            name, _ = QFileDialog.getSaveFileName(self.window, "Export project bundle", doc.path.stem + ".zip",
                                                  "Slate bundle (*.zip)")
            if not name:
                return
            out = Path(name)
        project, target, kind = doc.path, out, takes
        self._say(f"Writing the bundle {out.name}…")
        write = explained(lambda: bundle.create(project, target, takes=kind).stat().st_size,
                          what=f"write {target.name}", hint="Pick a folder you can write to.")
        run_op(self.window, write, title="Cannot export the bundle",
               on_done=lambda size: self._say(f"Bundle written: {target.name} ({size / 2**20:.1f} MB, {kind} takes)"))

    def open_bundle(self, path: Path | None = None, dest: Path | None = None) -> None:
        """Unpack a bundle safely (no paths outside it, no links, no zip bombs) next to it, then open it.

        Unpacking runs as an operation; the project opens when it is done.
        """
        from composer.exchange import bundle

        if not self.maybe_save():
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, "Open project bundle", "", "Slate bundle (*.zip)")
            if not name:
                return
            path = Path(name)
        source, target = path, dest or path.with_suffix("")
        run_op(self.window, lambda: bundle.extract(source, target), title="Cannot open the bundle",
               on_done=self.open)

    # --- save ----------------------------------------------------------------------------
    def save(self) -> bool:
        if self.bridge.document.path is None:
            return self.save_as()
        return self._save_to(self.bridge.document.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save project as", self.bridge.document.project.name,
                                              FILTER)
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        doc = self.bridge.document
        if doc.path == path and doc.changed_on_disk():
            answer = QMessageBox.question(
                self.window, "Project changed on disk",
                f"{path} was changed by another program since you opened it.\nOverwrite it with your version? "
                "(The other version is kept as the .bak file.)")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            saved = doc.save(path)
        except ProjectFileError as e:
            QMessageBox.warning(self.window, "Could not save", e.describe() + "\nYour edits are still open and "
                                "autosaved; nothing on disk was overwritten.")
            return False
        self.bridge.undo_stack.setClean()
        self._remember(saved)
        self._say(f"Saved {saved}")
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to discard the current document (saved, or the user chose)."""
        if self.bridge.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes", "Save changes to this project first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            project_file.discard_autosave(self.bridge.document.path)
            return True
        return False

    # --- autosave and recovery -------------------------------------------------------------
    def autosave(self) -> Path | None:
        if self.bridge.undo_stack.isClean():
            return None
        try:
            path = project_file.autosave(self.bridge.document.project, self.bridge.document.path)
        except OSError as e:
            self._say(f"Autosave failed: {e.strerror}. Save the project to keep your edits.")
            return None
        self._say("Autosaved")
        return path

    def offer_recovery(self) -> bool:
        doc = self.bridge.document
        auto = project_file.recovery_for(doc.path)
        if auto is None:
            return False
        answer = QMessageBox.question(self.window, "Recover unsaved changes?", recovery_text(doc.path, auto))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            recovered = project_file.load(auto)
        except ProjectFileError as e:
            QMessageBox.warning(self.window, "Cannot recover", e.describe())
            return False
        self.bridge.replace(Document(recovered, doc.path))
        self.bridge.undo_stack.resetClean()  # recovered edits are unsaved
        self._say("Recovered the autosave: save to keep it")
        return True

    def _remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent", recent[:10])
        self.settings.setValue("last_project", str(path))

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])  # QSettings gives a lone entry back as a plain string
        return [value] if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else []
