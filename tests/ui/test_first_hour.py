"""Issue 16, point by point, on the real window: what a new user stumbled over in the first hour.

Each test names the point it holds. The journey through all of them at once is tests/ui/test_journey.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QScrollArea, QTreeWidget, QTreeWidgetItem

from composer.document import fields
from composer.document.edits import SetField
from composer.document.models import Beat, ColorAnchor, Project, Shot
from composer.project import files as project_file
from composer.project.document import Document
from tests.ui.conftest import click_in_next_dialog, open_window, project
from ui.app import compose
from ui.bridges.document import DocumentBridge
from ui.main_window import MainWindow


@pytest.fixture
def settings_dir(tmp_path: Path) -> Iterator[Path]:
    """This test's own QSettings folder: window geometry is never written to the user's."""
    where = tmp_path / "settings"
    fmt, scope = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    before = Path(QSettings().fileName()).parent.parent
    QSettings.setPath(fmt, scope, str(where))
    yield where
    QSettings.setPath(fmt, scope, str(before))


def _window(qtbot, doc: Document) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, doc)


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out += [top] + [top.child(j) for j in range(top.childCount())]
    return out


def _click_finding(w: MainWindow, code: str, *, double: bool = False) -> QTreeWidgetItem:
    tree = w.findings.tree
    [item] = [i for i in _items(tree) if i.text(0).startswith(code)]
    tree.scrollToItem(item)
    where = tree.visualItemRect(item).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    if double:
        QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    return item


def _overrun() -> Project:
    return Project(name="Overrun", shots=[Shot(
        title="Harbour", subject="A ferry glides toward the pier.", scene="A misty harbour at dawn.",
        camera={"framing": "wide shot", "movement": "slow dolly left"}, sound="gulls, engine hum",
        render={"model": "veo-3.1", "seconds": 8, "size": "1280x720"},
        beats=[Beat(text="The ferry glides in.", start=0.0, end=3.0),
               Beat(text="She steps onto the gangway.", start=3.0, end=11.0)])])


# --- §5 Fix is offered where it can be, and says why where it cannot ------------------------------------------------

def test_fix_buttons_apply_choices_and_say_why_there_is_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§5: SL002 offers the shot sizes (a menu on Fix), SL030 says why there is no automatic fix."""
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A pho vendor ladles broth into a bowl.")]))
    w = _window(qtbot, doc)
    _click_finding(w, "SL030")
    assert not w.findings.fix.isEnabled()
    assert w.findings.reason.text().startswith("No automatic fix: only you can write this")
    item = _click_finding(w, "SL002")
    assert item.text(1) == "Framing"
    assert w.findings.fix.isEnabled() and w.findings.fix.menu() is not None
    labels = [a.text() for a in w.findings.fix.menu().actions()]
    assert "close-up" in labels and "wide shot" in labels
    depth = w.bridge.undo_stack.count()
    [close_up] = [a for a in w.findings.fix.menu().actions() if a.text() == "close-up"]
    close_up.trigger()  # what picking it from the Fix ▾ menu does
    assert project(w).shots[0].camera.framing == "close-up"
    assert w.bridge.undo_stack.count() == depth + 1
    assert not any(i.text(0).startswith("SL002") for i in _items(w.findings.tree))


def test_the_cannot_render_dialog_offers_the_fix_it_promises(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§5 and §12: a paid render with SL006 lists it with its automatic fix; the button applies it (one undo)."""
    doc = Document(_overrun())
    w = _window(qtbot, doc)
    sid = doc.project.shots[0].id
    assert any(f.code == "SL006" for f in doc.findings(sid))
    said = click_in_next_dialog("Apply the fixes and render")
    from composer.queue.service import RenderService
    from composer.queue.store import Store
    from ui.render.render_actions import RenderController

    service = RenderService(Store(Path(doc.folder) / "q.sqlite3"))
    controller = RenderController(w.bridge, service, w.queue_view or _queue(w, service), w, w.statusBar())
    controller._submit(doc, [sid], "openai", 1)  # what Render does once the endpoint is ready
    assert said and "SL006" in said[0] and "automatic fix: Retime the beats" in said[0]
    beats = doc.project.shots[0].beats
    assert [(b.start, b.end) for b in beats] == [(0.0, 3.0), (3.0, 8.0)]
    assert not any(f.code == "SL006" for f in doc.findings(sid))
    [job] = service.store.jobs()  # fixed, then queued (the worker is not running here: nothing is sent)
    assert "lint_errors" not in job.hints and job.shot_id == sid


def _queue(w: MainWindow, service):  # type: ignore[no-untyped-def]
    from ui.render.queue_view import QueueDock

    dock = QueueDock(service, w)
    return dock


def test_the_free_animatic_renders_despite_a_lint_error(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """§12: an overrunning beat blocks a paid render only; the animatic runs and the queue row says why it may."""
    from composer.queue.service import RenderService
    from composer.queue.store import Store

    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    service = RenderService(Store(tmp_path / "data" / "q.sqlite3"))
    doc = Document(_overrun())
    bridge = DocumentBridge(doc)
    w = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    w.show()
    [b] = [b for b in w.queue_view.findChildren(type(w.findings.suppress)) if b.text() == "Render shot"]
    QTest.mouseClick(b, Qt.MouseButton.LeftButton)
    assert w.queue_view.model.rowCount() == 1
    message = w.queue_view.model.data(w.queue_view.model.index(0, 7))
    assert "SL006" in message and "paid render waits" in message
    assert "SL006" in w.statusBar().currentMessage()


# --- §7 the default layout, and geometry remembered ------------------------------------------------------------------

def test_the_default_layout_at_1500x920_shows_rows_and_whole_findings(qtbot, settings_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """§7: the queue shows at least 5 rows, the palette table 4, and the Field column is not cut off."""
    from composer.queue.service import RenderService
    from composer.queue.store import Store

    service = RenderService(Store(settings_dir.parent / "q.sqlite3"))
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A pho vendor ladles broth into a bowl.")]))
    bridge = DocumentBridge(doc)
    w = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    w.restore_layout()
    w.show()
    assert (w.width(), w.height()) == (1500, 920)
    QApplication.processEvents()
    table = w.queue_view.table
    assert table.viewport().height() >= 5 * table.verticalHeader().defaultSectionSize()
    w.form.setCurrentIndex(1)
    QApplication.processEvents()
    from ui.editor.panels.camera_panels import PalettePanel

    pal = w.findChild(PalettePanel).table.table
    assert pal.viewport().height() >= 4 * pal.verticalHeader().defaultSectionSize()
    tree = w.findings.tree
    item = next(i for i in _items(tree) if i.text(1))
    assert tree.columnWidth(1) >= tree.fontMetrics().horizontalAdvance(item.text(1))
    for i in _items(tree):  # every finding's text whole: rows as tall as their wrapped message
        if i.parent() is None:
            continue
        rect = tree.visualItemRect(i)
        need = tree.fontMetrics().boundingRect(0, 0, tree.columnWidth(0) - 2 * tree.indentation() - 8, 10_000,
                                               Qt.TextFlag.TextWordWrap, i.text(0))
        assert rect.height() >= need.height(), i.text(0)


def test_window_and_dock_geometry_are_remembered(qtbot, settings_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """§7: a resized window and a moved dock come back next time (from this test's own QSettings)."""
    w = _window(qtbot, Document(Project(shots=[Shot(title="Shot 1")])))
    w.restore_layout()
    w.resize(1700, 1000)
    w.resizeDocks([w.queue_dock], [320], Qt.Orientation.Vertical)
    QApplication.processEvents()
    height, geometry = w.queue_dock.height(), w.saveGeometry()
    w.close()
    assert Path(QSettings().fileName()).is_relative_to(settings_dir)
    assert QSettings().value("window/geometry") == geometry and QSettings().value("window/state")
    again = _window(qtbot, Document(Project(shots=[Shot(title="Shot 1")])))
    again.restore_layout()
    QApplication.processEvents()
    # The offscreen screen is 800×800, so Qt fits the restored window onto it; the docks keep their sizes.
    assert again.size() != (1500, 920)
    assert abs(again.queue_dock.height() - height) <= 4, (again.queue_dock.height(), height)
    again.files.autosave_timer.stop()


# --- §8 the findings panel and redo ---------------------------------------------------------------------------------

def test_double_clicking_a_finding_scrolls_its_field_into_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§8: the field was focused but could be below the fold of the form page."""
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A pho vendor ladles broth into a bowl.")]))
    w = _window(qtbot, doc)
    w.resize(1500, 700)
    QApplication.processEvents()
    _click_finding(w, "SL030", double=True)  # no sound: the field is at the bottom of "Look and sound"
    QApplication.processEvents()
    field = w.registry.widgets[str(fields.SOUND)]
    area = w.form.currentWidget()
    assert isinstance(area, QScrollArea) and field.hasFocus()
    top_left = field.mapTo(area.viewport(), field.rect().topLeft())
    assert top_left.y() >= 0 and top_left.y() + 10 <= area.viewport().height(), "the field is in sight"


def test_suppressed_findings_are_counted_and_can_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§8: a suppressed finding vanished with no count and no way back from the panel."""
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A pho vendor ladles broth into a bowl.")]))
    w = _window(qtbot, doc)
    f = next(f for f in doc.shown(doc.project.shots[0].id) if f.code == "SL030")
    w.findings.suppress_finding(f, "silent film")
    assert not any(i.text(0).startswith("SL030") for i in _items(w.findings.tree))
    assert w.findings.suppressed.isVisible() and w.findings.suppressed.text() == "1 suppressed…"
    [again] = w.findings.suppressed_menu().actions()
    assert again.text() == "Show SL030 no-sound again (suppressed: silent film)"
    again.trigger()
    assert any(i.text(0).startswith("SL030") for i in _items(w.findings.tree))
    assert not w.findings.suppressed.isVisible()


@pytest.mark.parametrize("redo", [(Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
                                  (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                                   | Qt.KeyboardModifier.ShiftModifier)], ids=["ctrl-y", "ctrl-shift-z"])
def test_ctrl_y_and_ctrl_shift_z_redo(qtbot, redo) -> None:  # type: ignore[no-untyped-def]
    """§8: both redo keys, as on every Linux and Windows editor (the platform's standard key is empty offscreen)."""
    doc = Document(Project(shots=[Shot(title="Shot 1")]))
    w = _window(qtbot, doc)
    assert QTest.qWaitForWindowActive(w)
    w.bridge.push(SetField(doc.project.shots[0].id, "mood", "quiet"))
    w.shots.setFocus()
    QTest.keyClick(w.shots, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.shots[0].mood == ""
    QTest.keyClick(w.shots, *redo)
    assert doc.project.shots[0].mood == "quiet"


# --- §9 the guide inside the app, and About ---------------------------------------------------------------------------

def test_help_user_guide_shows_the_guide_with_its_pictures(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§9: the menu item handed a .md file to the desktop; now the guide opens in Slate, pictures and all."""
    w = _window(qtbot, Document(Project(shots=[Shot(title="Shot 1")])))
    [guide] = [a for a in w.findChildren(QAction) if a.text() == "&User guide"]
    guide.trigger()
    from ui.dialogs.guide_view import GuideView

    [view] = [v for v in w.findChildren(GuideView) if v.isVisible()]
    text = view.text.toPlainText()
    assert "Slate" in text and len(text) > 2000
    assert view.headings()[:2] == ["Slate user guide", "Start"] and view.show_section(view.headings()[1])
    assert not [h for h in view.headings() if h.startswith("slate-doc-config")], "code comments are not sections"
    images = _image_names(view)
    assert images and all(not view.text.document().resource(3, name).isNull() for name in images[:3])
    view.search.setText("Fountain")
    assert view.find_next()


def test_the_guides_pictures_fit_the_window_and_follow_its_width(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The screenshots are 1500 px wide: shown at full size they had to be scrolled sideways in a 1100 px window."""
    from ui.dialogs.guide_view import GuideView

    view = GuideView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.load()  # laid out at the shown width

    def widest() -> int:
        return max(view.text.document().resource(3, name).width() for name in _image_names(view))

    from PySide6.QtGui import QImage

    assert view.path is not None
    assert max(QImage(str(view.path.parent / n)).width() for n in _image_names(view)) > view.text.viewport().width()
    assert widest() <= view.text.viewport().width()
    view.resize(700, 700)
    qtbot.waitUntil(lambda: widest() <= view.text.viewport().width() < 700, timeout=3000)


def _image_names(view) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextImageFormat

    names: list[str] = []
    block = view.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(QTextImageFormat(fmt).name())
            it += 1
        block = block.next()
    return names


def test_help_about_names_the_version(qtbot) -> None:  # type: ignore[no-untyped-def]
    from composer import __version__

    w = _window(qtbot, Document(Project(shots=[Shot(title="Shot 1")])))
    [about] = [a for a in w.findChildren(QAction) if a.text() == "&About Slate"]
    said = click_in_next_dialog("OK")
    about.trigger()
    assert said and f"Slate {__version__}" in said[0]


# --- §10 project switches, dialog folders, the name after Save As ---------------------------------------------------

def test_switching_projects_logs_nothing_critical(qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    """§10: every switch logged CRITICAL "Uncaught exception" (KeyError on the previous shot's id)."""
    a = project_file.save(Project(name="A", shots=[Shot(title="One", subject="a kite")]), tmp_path / "a.slate")
    b = project_file.save(Project(name="B", shots=[Shot(title="Two", subject="a boat")]), tmp_path / "b.slate")
    w = _window(qtbot, Document.open(a))
    with caplog.at_level(logging.ERROR):
        for path in (b, a, b):
            assert w.files.open(path, offer_recovery=False)
            QApplication.processEvents()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert w.bridge.shot is not None and w.bridge.shot.title == "Two"


def test_file_dialogs_open_in_the_projects_folder_and_save_as_names_it(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       monkeypatch, settings_dir: Path) -> None:
    """§10: Save, Export and Import opened in the working folder; the project stayed "Untitled" after Save As."""
    folder = tmp_path / "films"
    folder.mkdir()
    w = _window(qtbot, Document(Project(shots=[Shot(title="Shot 1", subject="a kite")])))
    starts: list[str] = []

    def dialog(_parent: object, _title: str, start: str = "", *_a: object, **_k: object) -> tuple[str, str]:
        starts.append(start)
        return str(folder / "kite.slate") if len(starts) == 1 else "", ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    assert w.files.save_as()
    assert project(w).name == "kite" and w.windowTitle().startswith("kite.slate")
    w.files.export_dialog("fountain")
    w.files.import_dialog()
    assert [Path(s).parent if Path(s).suffix else Path(s) for s in starts[1:]] == [folder, folder]


# --- §13 where the palette comes from ---------------------------------------------------------------------------------

def test_an_empty_palette_says_it_uses_the_spines(qtbot) -> None:  # type: ignore[no-untyped-def]
    """§13: the Harbour example's palette table was empty while the preview showed the spine's palette."""
    w = _window(qtbot, Document.open(next(p for p in project_file.examples() if p.stem == "harbour_timecoded")))
    from ui.editor.panels.camera_panels import PalettePanel

    panel = w.findChild(PalettePanel)
    w.form.setCurrentIndex(1)
    assert panel.inherited.isVisible()
    spine = ", ".join(a.name for a in project(w).style_spine.palette)
    assert spine and f"the style spine's ({spine})" in panel.inherited.text()
    from composer.document.edits import ListInsert

    w.bridge.push(ListInsert(w.bridge.shot_id, "palette", 0, ColorAnchor(name="teal", hex="#008080")))
    assert not panel.inherited.isVisible()


# --- §4 import asks, and maps a spreadsheet's columns ----------------------------------------------------------------

SHEET = "Shot,Description,Location\n1,A kite climbs over dunes.,Desert at noon\n2,The string snaps.,Desert\n"


def test_import_asks_before_replacing_and_can_add_the_shots(qtbot, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                            project_path: Path) -> None:
    """§4: File ▸ Import replaced the open project (its spine, characters, takes) without a word."""
    w = _window(qtbot, Document.open(project_path))
    spine = project(w).style_spine.model_copy()
    sheet = tmp_path / "list.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sheet), ""))
    from ui.dialogs.column_map import ColumnMapDialog

    def confirm_columns() -> None:  # the guessed mapping is shown; the person checks it and clicks Import
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ColumnMapDialog):
            QTimer.singleShot(20, confirm_columns)
            return
        seen.update({f: b.currentText() for f, b in dlg.boxes.items() if f in ("subject", "title", "scene")})
        QTest.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    seen: dict[str, str] = {}
    QTimer.singleShot(0, confirm_columns)
    said = click_in_next_dialog("Cancel", timeout_ms=20_000)
    assert not w.files.import_dialog()
    assert seen == {"subject": "Description", "title": "Shot", "scene": "Location"}
    assert said and "2 shot(s)" in said[0] and w.bridge.document.path == project_path, "Cancel keeps the project"
    QTimer.singleShot(0, confirm_columns)
    said = click_in_next_dialog("Add 2 shot(s) to this project", timeout_ms=20_000)
    assert w.files.import_dialog()
    shots = project(w).shots
    assert [s.subject for s in shots[-2:]] == ["A kite climbs over dunes.", "The string snaps."]
    assert project(w).style_spine == spine and w.bridge.document.path == project_path
    n = len(shots)
    w.bridge.undo_stack.undo()
    assert len(project(w).shots) == n - 2, "the import is one undo step"


def test_the_column_map_dialog_needs_a_subject_and_one_field_per_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.column_map import ColumnMapDialog

    dlg = ColumnMapDialog(SHEET, "list.csv")
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert ok.isEnabled() and dlg.samples["subject"].text() == "A kite climbs over dunes."
    dlg.boxes["subject"].setCurrentText("(not in this sheet)")
    assert not ok.isEnabled() and "subject" in dlg.problem.text()
    dlg.boxes["subject"].setCurrentText("Location")
    assert not ok.isEnabled() and "Location is given to two fields" in dlg.problem.text()
    dlg.boxes["scene"].setCurrentText("(not in this sheet)")
    assert ok.isEnabled() and dlg.mapping() == {"subject": "Location", "title": "Shot"}
