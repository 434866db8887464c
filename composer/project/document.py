"""The open project: applies edits, caches assembled text and findings per shot, saves, notices changes on disk.

The UI never mutates a Project directly; it calls ``Document.apply(edit)`` and redraws what the
returned Change names. Observers are plain callables (``document_did_change``); ``ui/`` wraps them
in Qt signals. Whether there are unsaved edits is the undo stack's to say (its clean index), not the
Document's: one truth (issue 14 — a second counter here read "clean" after edit, save, undo, edit).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from composer.catalog.profiles import Mode
from composer.document.edits import Batch, Change, Edit, SetField
from composer.document.models import Project
from composer.lint.engine import lint_shot
from composer.lint.rule import Finding
from composer.project import files as project_file
from composer.project import media, paths
from composer.prompt.assembly import Assembled, assemble
from composer.prompt.request import RenderRequest, build_request

Observer = Callable[[Change], None]


class Document:
    def __init__(self, project: Project | None = None, path: Path | None = None) -> None:
        self.project = project or Project()
        self.path = path
        self.uid = uuid.uuid4().hex[:16]
        """This open document, for this session: render jobs remember it, so a take finds its project whether or
        not the project was saved when the job started, or was saved under another name since (issue 16 §1)."""
        self._observers: list[Observer] = []
        self._assembled: dict[str, Assembled] = {}
        self._findings: dict[str, list[Finding]] = {}
        self._disk_stamp = self._stamp()
        self.mode: Mode | None = None  # profile mode for lint (strict/docs); None: the default
        self.shown_severities: frozenset[str] = frozenset({"error", "warning", "info"})

    # --- observers ---------------------------------------------------------------------------
    def subscribe(self, fn: Observer) -> None:
        self._observers.append(fn)

    def _notify(self, change: Change) -> None:
        for fn in list(self._observers):
            fn(change)

    # --- edits -------------------------------------------------------------------------------
    def apply(self, edit: Edit) -> Change:
        """Apply an edit (undo applies its inverse) and tell the observers what it touched."""
        change = edit.apply(self.project)
        self._invalidate(change)
        self._notify(change)
        return change

    def _invalidate(self, change: Change) -> None:
        if change.project_level or change.structure:
            self._assembled.clear()
            self._findings.clear()
            return
        for sid in change.shot_ids:
            self._assembled.pop(sid, None)
            self._findings.pop(sid, None)

    # --- derived data ------------------------------------------------------------------------
    def assembled(self, shot_id: str) -> Assembled:
        a = self._assembled.get(shot_id)
        if a is None:
            a = self._assembled[shot_id] = assemble(self.project.shot(shot_id), self.project)
        return a

    def request(self, shot_id: str) -> RenderRequest:
        """The full request the shot renders with (text and per-model parameters): what the preview shows."""
        return build_request(self.project.shot(shot_id), self.project, assembled=self.assembled(shot_id))

    def findings(self, shot_id: str) -> list[Finding]:
        f = self._findings.get(shot_id)
        if f is None:
            media_root = self.folder
            f = self._findings[shot_id] = lint_shot(self.project.shot(shot_id), self.project, mode=self.mode,
                                                    assembled=self.assembled(shot_id), media_root=media_root)
        return f

    def shown(self, shot_id: str) -> list[Finding]:
        """The findings the user asked to see (settings: all, warnings and errors, errors only)."""
        return [f for f in self.findings(shot_id) if str(f.severity) in self.shown_severities]

    def configure_lint(self, *, mode: Mode | None, shown: frozenset[str]) -> None:
        self.mode, self.shown_severities = mode, shown
        self._findings.clear()

    # --- files -------------------------------------------------------------------------------
    @property
    def anchor(self) -> Path:
        """The project file media paths are relative to: the file, or for a project never saved, a stand-in in
        Slate's unsaved folder (its takes live there until the first save copies them beside the file)."""
        return self.path if self.path is not None else paths.unsaved_path() / "Untitled.slate"

    @property
    def folder(self) -> Path:
        """The folder media paths are relative to (``anchor``'s)."""
        return self.anchor.parent

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Document:
        p = Path(path)
        return cls(project_file.load(p), p)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no path to save to")
        if target.suffix != project_file.SUFFIX:
            target = target.with_name(target.name + project_file.SUFFIX)
        moved = media.relocate(self.project, self.anchor, target)  # copies first: a failed copy saves nothing
        if moved:
            # Not an undo step: where the files are is the save's business, like the file name.
            self.apply(Batch([m.edit for m in moved], "Copy media beside the project"))
        if self.project.name in ("", "Untitled"):  # an export of the saved project says its title, not "Untitled"
            self.apply(SetField(None, "name", target.stem[:200]))
        self.path = project_file.save(self.project, target)
        self._disk_stamp = self._stamp()
        project_file.discard_autosave(self.path)
        project_file.discard_autosave(None)
        return self.path

    def _stamp(self) -> tuple[int, str] | None:
        if self.path is None or not self.path.exists():
            return None
        data = self.path.read_bytes()
        return self.path.stat().st_mtime_ns, hashlib.sha256(data).hexdigest()

    def changed_on_disk(self) -> bool:
        """True when another program rewrote the file since we loaded or saved it."""
        if self.path is None or self._disk_stamp is None:
            return False
        now = self._stamp()
        return now is None or now[1] != self._disk_stamp[1]
