"""The main window: layout, menus and docks only; behaviour lives in the panels and controllers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.lint.rule import Finding
from composer.media.services import MediaServices
from composer.prompt.assembly import assemble
from ui import menus
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
        right.setSizes([360, 300])
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
        # At 1500×920 the queue showed 2 rows and the findings were cut off (issue 16 §7): room for ~6 jobs.
        self.resizeDocks([shots_dock, prompt_dock], [240, 500], Qt.Orientation.Horizontal)
        self.resizeDocks([self.queue_dock], [235], Qt.Orientation.Vertical)
        self._default_state: QByteArray | None = None

    def install(self, controllers: Controllers) -> None:
        """Take the controllers the menus act through, and build the menus."""
        self.files, self.references, self.renders = controllers.files, controllers.references, controllers.renders
        self.help = controllers.help
        menus.build(self)

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

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def refresh_title(self) -> None:
        """The file name and the unsaved marker (after a save, a switch or an edit)."""
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
            area = self.form.currentWidget()
            if isinstance(area, QScrollArea):  # issue 16 §8: the field was focused but could be out of sight
                area.ensureWidgetVisible(self.registry.widgets[widget_path], 40, 60)
        if finding.span:
            self.preview.select_span(*finding.span)
        self.statusBar().showMessage(f"{finding.code} {finding.name}: {finding.fix.title if finding.fix else ''}",
                                     8000)

    def show_take(self, shot_id: str, take_id: str) -> None:
        """The Takes tab at ``take_id`` of ``shot_id`` (a double-clicked finished render in the queue)."""
        self.bridge.select(shot_id)
        self.form.setCurrentWidget(self.takes)
        self.takes.select_take(take_id)

    def open_compare(self, takes: list[Path] | list[tuple[Path, str]]) -> QWidget:
        """Up to four takes (video paths, or (path, take label) pairs) in their own window, one transport."""
        from ui.player.compare_view import CompareView

        shot_id = self.bridge.shot_id
        paths = [t[0] if isinstance(t, tuple) else t for t in takes]
        labels = [t[1] if isinstance(t, tuple) else t.name for t in takes]
        # Owned by this window but a window of its own: a secondary window never keeps Slate running after Quit.
        view = CompareView(paths, parent=self, use_as_reference=lambda player, frame: self.use_frame_as_reference(
            shot_id, player, frame), media=self.media, labels=labels)
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

    def reset_layout(self) -> None:
        """View ▸ Reset layout: the docks where a first start puts them."""
        if self._default_state is not None:
            self.restoreState(self._default_state)

    def restore_layout(self) -> None:
        """Bring back the user's window geometry and dock layout from the last run."""
        self._default_state = self.saveState()
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
