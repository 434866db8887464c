"""The main window: layout, menus and docks only; behaviour lives in the panels and controllers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.lint.rule import Finding
from composer.media.services import MediaServices
from composer.project import files as project_file
from composer.prompt.assembly import assemble
from ui.bridges.document import DocumentBridge
from ui.dialogs.help_actions import HelpController
from ui.dialogs.settings_dialog import SettingsDialog, endpoint_dialect, lint_settings
from ui.editor.findings_view import FindingsView
from ui.editor.panels.action_panels import BeatsPanel, DialoguePanel
from ui.editor.panels.binding import FieldRegistry
from ui.editor.panels.camera_panels import CameraPanel, LightingPanel, PalettePanel
from ui.editor.panels.project_panels import CharacterBiblePanel, StyleSpinePanel
from ui.editor.panels.render_panel import RenderPanel
from ui.editor.panels.text_panels import MoodSoundPanel, StylePanel, SubjectPanel
from ui.editor.preview_view import PreviewView
from ui.editor.shot_list import ShotList
from ui.files.file_actions import FileController
from ui.ops.thumbnails import Thumbnails
from ui.render.queue_view import QueueDock
from ui.render.render_actions import RenderController
from ui.takes.reference_actions import ReferenceController
from ui.takes.takes_view import TakesView

if TYPE_CHECKING:
    from ui.player.vlc_widget import VlcPlayer


def _scroll(*panels: QWidget) -> QScrollArea:
    inner = QWidget()
    lay = QVBoxLayout(inner)
    for p in panels:
        lay.addWidget(p)
    lay.addStretch()
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


@dataclass(frozen=True)
class Controllers:
    """What the window's menus and views act through; made and wired by ``ui.app.compose``."""

    files: FileController
    references: ReferenceController
    renders: RenderController | None
    help: HelpController


class MainWindow(QMainWindow):
    """Lays out the views, docks and menus; ``ui.app.compose`` makes the controllers and wires views to them."""

    files: FileController
    references: ReferenceController
    renders: RenderController | None
    help: HelpController

    def __init__(self, bridge: DocumentBridge, *, media: MediaServices, thumbnails: Thumbnails,
                 queue_view: QueueDock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        bridge.setParent(self)  # the bridge (and its undo stack) live exactly as long as the window
        self.media = media
        self.registry = FieldRegistry()
        self.setObjectName("SlateMainWindow")
        self.resize(1500, 920)
        b, r = bridge, self.registry
        self.form = QTabWidget()
        self.form.setAccessibleName("shot form")
        self.form.addTab(_scroll(StylePanel(b, r), SubjectPanel(b, r), BeatsPanel(b, r), CameraPanel(b, r)),
                         "Shot")
        self.form.addTab(_scroll(LightingPanel(b, r), PalettePanel(b, r), MoodSoundPanel(b, r)), "Look and sound")
        self.form.addTab(_scroll(DialoguePanel(b, r), RenderPanel(b, r)), "Dialogue and render")
        self.form.addTab(_scroll(StyleSpinePanel(b, r), CharacterBiblePanel(b, r)), "Project")
        self.takes = TakesView(b, thumbnails, media=media)
        self.form.addTab(self.takes, "Takes")
        self.setCentralWidget(self.form)
        self._tab_of = {path: self._find_tab(w) for path, w in r.widgets.items()}

        self.shots = ShotList(b, thumbnails)
        shots_dock = self._dock("Shots", self.shots, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.preview = PreviewView(b)
        self.findings = FindingsView(b)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.findings)
        right.setSizes([520, 300])
        prompt_dock = self._dock("Prompt and lint", right, Qt.DockWidgetArea.RightDockWidgetArea)
        self.queue_view = queue_view
        self.queue_dock = self._dock("Render queue", queue_view or self._queue_widget(),
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        b.undo_stack.cleanChanged.connect(self._on_clean_changed)
        b.sig_document_replaced.connect(self._update_title)
        self._update_title()
        self.resizeDocks([shots_dock, prompt_dock], [250, 460], Qt.Orientation.Horizontal)
        self.resizeDocks([self.queue_dock], [150], Qt.Orientation.Vertical)

    def install(self, controllers: Controllers) -> None:
        """Take the controllers the menus act through, and build the menus."""
        self.files, self.references, self.renders = controllers.files, controllers.references, controllers.renders
        self.help = controllers.help
        self._menus()

    def _find_tab(self, w: QWidget) -> int:
        for i in range(self.form.count()):
            page = self.form.widget(i)
            if page is not None and page.isAncestorOf(w):
                return i
        return 0

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _queue_widget(self) -> QWidget:
        label = QLabel("The render queue is not running in this window.")
        label.setWordWrap(True)
        return label

    def _menus(self) -> None:
        bar = self.menuBar()
        f = bar.addMenu("&File")
        self._act(f, "&New", self.files.new, QKeySequence.StandardKey.New)
        self._act(f, "&Open…", self.files.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        examples = f.addMenu("Open &Example")
        for path in project_file.examples():
            self._act(examples, path.stem.replace("_", " ").title(), lambda p=path: self.files.open_example(p))
        f.addSeparator()
        self._act(f, "&Import Shot List…", self.files.import_dialog)
        export = f.addMenu("&Export")
        for fmt, label in (("csv", "CSV shot list"), ("fountain", "Fountain screenplay"), ("json", "JSON"),
                           ("jsonl", "Batch requests (JSONL)"), ("otio", "OpenTimelineIO cut (hero takes)"),
                           ("boards-pdf", "Storyboard PDF"), ("boards-png", "Storyboard contact sheet (PNG)")):
            self._act(export, label, lambda fmt=fmt: self.files.export_dialog(fmt))
        self._act(f, "Export Project &Bundle…", self.files.export_bundle)
        self._act(f, "Open Project B&undle…", self.files.open_bundle)
        f.addSeparator()
        self._act(f, "&Save", self.files.save, QKeySequence.StandardKey.Save)
        self._act(f, "Save &As…", self.files.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        quit_action = self._act(f, "&Quit", self.close)
        # Ctrl+Q everywhere (the platform's Quit key is empty where the theme follows Windows, e.g. offscreen), and
        # from every Slate window: a compare window must not swallow it (issue 16).
        quit_keys = {QKeySequence(QKeySequence.StandardKey.Quit).toString(), "Ctrl+Q"} - {""}
        quit_action.setShortcuts([QKeySequence(k) for k in sorted(quit_keys)])
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        e = bar.addMenu("&Edit")
        undo = self.bridge.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.bridge.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(undo)
        e.addAction(redo)
        e.addSeparator()
        self._act(e, "Copy &Prompt", self.copy_prompt, QKeySequence("Ctrl+Shift+C"))
        self._act(e, "Copy &All Shots", self.copy_all)
        e.addSeparator()
        self._act(e, "Se&ttings…", self.open_settings, QKeySequence.StandardKey.Preferences)
        v = bar.addMenu("&View")
        for dock in self.findChildren(QDockWidget):
            v.addAction(dock.toggleViewAction())
        h = bar.addMenu("&Help")
        self._act(h, "What each &lint code means…", self.help.show_rule_help, QKeySequence.StandardKey.HelpContents)
        self._act(h, "&Tips…", self.help.show_tips)
        self._act(h, "&User guide", self.help.open_user_guide)
        self._act(h, "Open &log folder", self.help.open_logs)

    def _act(self, menu: QMenu, text: str, slot: Callable[..., object],
             shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(shortcut)
        a.triggered.connect(lambda _checked=False: slot())
        menu.addAction(a)
        return a

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.files.recent():
            self._act(self.recent_menu, p, lambda p=p: self.files.maybe_save() and self.files.open(Path(p)))

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        doc = self.bridge.document
        name = doc.path.name if doc.path else f"{doc.project.name} (unsaved)"
        self.setWindowTitle(f"{name}[*] — Slate")
        self.setWindowModified(not self.bridge.undo_stack.isClean())

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for path, w in self.registry.widgets.items():
            if new is not None and (w is new or w.isAncestorOf(new)):
                self.bridge.sig_field_focused.emit(path)
                return

    def focus_finding(self, finding: Finding) -> None:
        widget_path = self.registry.owner(finding.field or "")
        if widget_path is not None:
            self.form.setCurrentIndex(self._tab_of[widget_path])
            self.registry.focus(widget_path)
        if finding.span:
            self.preview.select_span(*finding.span)
        self.statusBar().showMessage(f"{finding.code} {finding.name}: {finding.fix.title if finding.fix else ''}",
                                     8000)

    def open_compare(self, paths: list[Path]) -> QWidget:
        """Up to four takes in their own window, one transport (ui/player)."""
        from ui.player.compare_view import CompareView

        shot_id = self.bridge.shot_id
        # Owned by this window but a window of its own: a secondary window never keeps Slate running after Quit.
        view = CompareView(paths, parent=self, use_as_reference=lambda player, frame: self.use_frame_as_reference(
            shot_id, player, frame), media=self.media)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.setWindowTitle("Compare takes — Slate")
        view.resize(1200, 620)
        view.show()
        return view

    def use_frame_as_reference(self, shot_id: str | None, player: VlcPlayer, frame: int) -> str:
        """A take's frame becomes the reference image of the shot after ``shot_id`` (ui/takes/reference_actions)."""
        return self.references.use_frame(shot_id, player.path, frame)

    def copy_prompt(self) -> None:
        self.preview.copy_prompt()
        self.statusBar().showMessage("Prompt copied", 3000)

    def copy_all(self) -> None:
        p = self.bridge.document.project
        QGuiApplication.clipboard().setText("\n\n".join(f"# {s.title or s.id}\n{assemble(s, p).text}"
                                                       for s in p.shots))
        self.statusBar().showMessage(f"{len(p.shots)} prompts copied", 3000)

    def open_settings(self) -> None:
        if SettingsDialog(self, media=self.media).exec():
            self.apply_settings()

    def apply_settings(self) -> None:
        """Lint mode and strictness from the settings; everything that shows findings redraws."""
        mode, shown = lint_settings()
        self.preview.dialect = endpoint_dialect()
        self.bridge.document.configure_lint(mode=mode, shown=shown)
        self.bridge.sig_document_replaced.emit()

    def restore_layout(self) -> None:
        """Bring back the user's window geometry and dock layout from the last run."""
        s = QSettings()
        if s.value("window/geometry"):
            self.restoreGeometry(s.value("window/geometry"))
        if s.value("window/state"):
            self.restoreState(s.value("window/state"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.files.maybe_save():
            event.ignore()
            return
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isWindow() and child.isVisible() and not isinstance(child, QDockWidget):
                child.close()  # secondary windows (compare) release their players before the event loop ends
        event.accept()
