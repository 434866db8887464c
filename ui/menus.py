"""The main window's menus and their keys.

Every shortcut names its keys explicitly as well as the platform's standard binding: under some platform themes
(the offscreen one the tests use, and where the theme follows Windows) ``QKeySequence.StandardKey`` bindings are
empty, which is why Ctrl+Y "did not redo" (issue 16 §8). Redo answers both Ctrl+Y and Ctrl+Shift+Z, as on every
Linux and Windows editor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from composer.project import files as project_file

_EXPORTS = (("csv", "CSV shot list"), ("fountain", "Fountain screenplay"), ("json", "JSON"),
            ("jsonl", "Batch requests (JSONL)"), ("otio", "OpenTimelineIO cut (hero takes)"),
            ("boards-pdf", "Storyboard PDF"), ("boards-png", "Storyboard contact sheet (PNG)"))


def keys(standard: QKeySequence.StandardKey | None, *explicit: str) -> list[QKeySequence]:
    """The platform's binding for ``standard`` (when it has one) and the ``explicit`` ones, each once."""
    found = [QKeySequence(k) for k in explicit]
    if standard is not None:
        found = [k for k in QKeySequence.keyBindings(standard) if not k.isEmpty()] + found
    out: list[QKeySequence] = []
    for k in found:
        if k.toString() not in {o.toString() for o in out}:
            out.append(k)
    return out


def action(window: QMainWindow, menu: QMenu, text: str, slot: Callable[[], object],
           shortcuts: list[QKeySequence] | None = None) -> QAction:
    a = QAction(text, window)
    if shortcuts:
        a.setShortcuts(shortcuts)
    a.triggered.connect(lambda _checked=False: slot())
    menu.addAction(a)
    return a


def build(w: Any) -> None:
    """The File, Edit, View and Help menus of ``w`` (a ui.main_window.MainWindow with its controllers installed)."""
    bar = w.menuBar()
    f = bar.addMenu("&File")
    action(w, f, "&New", w.files.new, keys(QKeySequence.StandardKey.New, "Ctrl+N"))
    action(w, f, "&Open…", w.files.open_dialog, keys(QKeySequence.StandardKey.Open, "Ctrl+O"))
    w.recent_menu = f.addMenu("Open &Recent")
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w))
    examples = f.addMenu("Open &Example")
    for path in project_file.examples():
        action(w, examples, path.stem.replace("_", " ").title(), _bind(w.files.open_example, path))
    f.addSeparator()
    action(w, f, "&Import Shot List…", w.files.import_dialog, keys(None, "Ctrl+I"))
    export = f.addMenu("&Export")
    for fmt, label in _EXPORTS:
        action(w, export, label, _bind(w.files.export_dialog, fmt))
    action(w, f, "Export Project &Bundle…", w.files.export_bundle)
    action(w, f, "Open Project B&undle…", w.files.open_bundle)
    f.addSeparator()
    action(w, f, "&Save", w.files.save, keys(QKeySequence.StandardKey.Save, "Ctrl+S"))
    action(w, f, "Save &As…", w.files.save_as, keys(QKeySequence.StandardKey.SaveAs, "Ctrl+Shift+S"))
    f.addSeparator()
    quit_action = action(w, f, "&Quit", w.close, keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
    # From every Slate window: a compare window must not swallow Ctrl+Q (issue 16 §3).
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    e = bar.addMenu("&Edit")
    w.undo_action = w.bridge.undo_stack.createUndoAction(w, "&Undo")
    w.undo_action.setShortcuts(keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
    w.redo_action = w.bridge.undo_stack.createRedoAction(w, "&Redo")
    w.redo_action.setShortcuts(keys(QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z"))
    e.addAction(w.undo_action)
    e.addAction(w.redo_action)
    e.addSeparator()
    action(w, e, "Copy &Prompt", w.copy_prompt, keys(None, "Ctrl+Shift+C"))
    action(w, e, "Copy &All Shots", w.copy_all)
    e.addSeparator()
    action(w, e, "Se&ttings…", w.open_settings, keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"))
    v = bar.addMenu("&View")
    for dock in w.findChildren(QDockWidget):
        v.addAction(dock.toggleViewAction())
    v.addSeparator()
    action(w, v, "Reset &layout", w.reset_layout)
    h = bar.addMenu("&Help")
    action(w, h, "&User guide", w.help.show_user_guide, keys(QKeySequence.StandardKey.HelpContents, "F1"))
    action(w, h, "What each &lint code means…", w.help.show_rule_help, keys(None, "Shift+F1"))
    action(w, h, "&Tips…", w.help.show_tips)
    action(w, h, "Open &log folder", w.help.open_logs)
    h.addSeparator()
    action(w, h, "&About Slate", w.help.show_about)


def _fill_recent(w: Any) -> None:
    w.recent_menu.clear()
    for p in w.files.recent():
        action(w, w.recent_menu, p, _bind(_open_recent, w, Path(p)))


def _open_recent(w: Any, path: Path) -> object:
    return w.files.maybe_save() and w.files.open(path)


def _bind(fn: Callable[..., object], *args: object) -> Callable[[], object]:
    return lambda: fn(*args)
