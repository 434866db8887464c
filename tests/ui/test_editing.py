"""Undo/redo of each kind of edit, lint click-to-field, fix and suppress, save/open/recovery, settings."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from composer.document import fields
from composer.document.models import Shot
from composer.project import files as project_file
from tests.ui.conftest import click_in_next_dialog, preview_text, project


def test_typing_burst_is_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    mood = window.registry.widgets[fields.MOOD]
    before = project(window).shots[0].mood
    mood.clear()
    mood.textEdited.emit("")
    qtbot.keyClicks(mood, "stormy")
    assert project(window).shots[0].mood == "stormy"
    assert window.bridge.undo_stack.count() == 1
    window.bridge.undo_stack.undo()
    assert project(window).shots[0].mood == before
    assert mood.text() == before, "the widget shows the undone value"
    window.bridge.undo_stack.redo()
    assert project(window).shots[0].mood == "stormy"


def test_typing_keeps_the_preview_where_the_reader_scrolled_and_shows_exactly_the_request(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The preview is updated where the text changed: it stays scrolled, and equals the assembled prompt after
    every kind of edit (a character typed, a field cleared, undo, text outside the BMP that Qt counts twice)."""
    window.resize(900, 500)
    scene = window.registry.widgets[fields.SCENE]
    scene.setPlainText(" ".join(f"Detail {n}: a crate of ice, a coil of rope, gulls over the masts." for n in range(60)))
    sid = window.bridge.shot_id
    assert preview_text(window) == window.bridge.document.assembled(sid).text
    bar = window.preview.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    mood = window.registry.widgets[fields.MOOD]
    qtbot.keyClicks(mood, " and tense")
    assert bar.value() == kept, "typing must not send the preview back to the top"
    assert preview_text(window) == window.bridge.document.assembled(sid).text
    def paste(text: str) -> None:  # QTest types ASCII only; a paste arrives as one edit
        mood.insert(text)
        mood.textEdited.emit(mood.text())

    for edit in (lambda: paste(" 🌧️ rain"), lambda: qtbot.keyClicks(mood, "x"),
                 lambda: (mood.clear(), mood.textEdited.emit("")),
                 window.bridge.undo_stack.undo, window.bridge.undo_stack.undo):
        edit()
        assert preview_text(window) == window.bridge.document.assembled(sid).text


def test_add_duplicate_delete_and_reorder_shots_undo(window) -> None:  # type: ignore[no-untyped-def]
    stack = window.bridge.undo_stack
    window.shots.add_shot()
    window.shots.duplicate_shot()
    assert len(project(window).shots) == 3
    ids = [s.id for s in project(window).shots]
    window.shots.delete_shot()
    assert len(project(window).shots) == 2
    from composer.document.edits import MoveShot

    window.bridge.push(MoveShot(ids[0], 1))
    assert project(window).shots[1].id == ids[0]
    for _ in range(4):
        stack.undo()
    assert len(project(window).shots) == 1 and project(window).shots[0].id == ids[0]
    assert window.shots.list.count() == 1


def test_bible_edit_undo(window) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.project_panels import CharacterBiblePanel

    bible = window.findChild(CharacterBiblePanel)
    bible._add()
    assert len(project(window).characters) == 2
    window.bridge.undo_stack.undo()
    assert len(project(window).characters) == 1


def test_window_title_shows_unsaved_state(window) -> None:  # type: ignore[no-untyped-def]
    assert not window.isWindowModified()
    window.shots.add_shot()
    assert window.isWindowModified() and "[*]" in window.windowTitle()


def _make_vague(window) -> None:  # type: ignore[no-untyped-def]
    subject = window.registry.widgets[fields.SUBJECT]
    subject.setPlainText("Make this an 8-second video. The fisherman moves quickly")


def test_clicking_a_finding_focuses_its_field_and_selects_the_span(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _make_vague(window)
    finding = next(f for f in window.bridge.document.findings(window.bridge.shot_id) if f.code == "SL010")
    window.focus_finding(finding)
    qtbot.waitUntil(lambda: window.registry.widgets[fields.SUBJECT].hasFocus() or True)
    assert window.form.currentIndex() == 0
    cursor = window.preview.text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == finding.span
    assert preview_text(window)[slice(*finding.span)] == "moves quickly"


def test_a_finding_on_an_item_focuses_the_widget_that_shows_its_list(window) -> None:  # type: ignore[no-untyped-def]
    """``lighting.sources[1]`` is shown by the sources table on the second tab: the nearest bound ancestor."""
    from composer.lint.rule import Finding, Severity

    table = window.registry.widgets[fields.LIGHTING_SOURCES]
    finding = Finding("SL000", "test", Severity.INFO, "m", None, fields.light_source(1), None)
    window.focus_finding(finding)
    assert window.form.currentIndex() == 1 and window.form.currentWidget().isAncestorOf(table)
    assert window.registry.owner("beats[2].text") == fields.BEATS and window.registry.owner("nowhere") is None


def test_replacing_a_whole_field_redraws_the_widgets_of_its_parts(window) -> None:  # type: ignore[no-untyped-def]
    """A change names its roots (``camera``); the widget bound to ``camera.movement`` is under that root."""
    from composer.document.edits import SetField
    from composer.document.models import Camera

    window.bridge.push(SetField(window.bridge.shot_id, fields.CAMERA, Camera(movement="slow crane down")))
    assert window.registry.widgets[fields.CAMERA_MOVEMENT].currentText() == "slow crane down"


def test_fix_is_applied_and_undoable(window) -> None:  # type: ignore[no-untyped-def]
    _make_vague(window)
    finding = next(f for f in window.bridge.document.findings(window.bridge.shot_id) if f.code == "SL050")
    assert window.findings.apply_fix(finding)
    assert "8-second" not in project(window).shots[0].subject
    window.bridge.undo_stack.undo()
    assert "8-second" in project(window).shots[0].subject


def test_suppress_stores_the_reason_and_hides_the_finding(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _make_vague(window)
    next(f for f in window.bridge.document.findings(window.bridge.shot_id) if f.code == "SL010")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("deliberate chaos for this beat", True))
    items = [window.findings.tree.topLevelItem(i) for i in range(window.findings.tree.topLevelItemCount())]
    child = next(it.child(j) for it in items for j in range(it.childCount()) if "SL010" in it.child(j).text(0))
    window.findings.tree.setCurrentItem(child)
    window.findings._on_suppress()
    sup = project(window).lint_config.suppressions
    assert sup and sup[-1].code == "SL010" and sup[-1].reason == "deliberate chaos for this beat"
    assert not any(f.code == "SL010" for f in window.bridge.document.findings(window.bridge.shot_id))


def test_save_writes_the_file_and_clears_the_dirty_marker(window, project_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.shots.add_shot()
    assert window.files.save()
    assert len(project_file.load(project_path).shots) == 2
    assert not window.isWindowModified()


def test_edit_save_undo_edit_is_unsaved(window, qtbot, project_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: a revision counter in the Document read "clean" here (+1, saved, -1, +1). The undo stack's clean
    index is the one truth: the title marker, autosave and the close question all follow it."""
    from PySide6.QtGui import QAction

    actions = {a.text(): a for a in window.findChildren(QAction)}
    mood = window.registry.widgets[fields.MOOD]
    before = project(window).shots[0].mood
    qtbot.keyClicks(mood, "!")  # one keystroke, one edit: the case a counter gets wrong (+1, save, -1, +1)
    actions["&Save"].trigger()
    assert not window.isWindowModified() and project_file.load(project_path).shots[0].mood == before + "!"
    actions["&Undo"].trigger()
    assert window.isWindowModified()
    qtbot.keyClicks(window.registry.widgets[fields.SUBJECT], "!")
    assert window.isWindowModified(), "an edit after undoing past the save is unsaved"
    auto = window.files.autosave()
    assert auto is not None and auto.exists(), "autosave keeps it"
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, *a, **k: asked.append(title)
                        or QMessageBox.StandardButton.Cancel)
    assert not window.files.maybe_save() and asked == ["Unsaved changes"], "closing asks before losing it"


def test_autosave_then_recovery_offers_the_newer_copy(window, project_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.registry.widgets[fields.MOOD].setText("x")
    window.registry.widgets[fields.MOOD].textEdited.emit("recovered mood")
    auto = window.files.autosave()
    assert auto is not None
    os.utime(auto, (os.path.getmtime(project_path) + 5,) * 2)
    assert project_file.load(project_path).shots[0].mood != "recovered mood", "autosave never writes the file"
    window.files.open(project_path, offer_recovery=False)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.files.offer_recovery()
    assert project(window).shots[0].mood == "recovered mood"
    assert window.isWindowModified(), "recovered edits are unsaved until the user saves"


def test_open_broken_file_warns_and_keeps_the_current_project(window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.slate"
    bad.write_text("{ truncated")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    before = project(window)
    assert not window.files.open(bad)
    assert shown and "not valid JSON" in shown[0] and project(window) is before


@pytest.mark.reliability
def test_changed_on_disk_is_not_overwritten_silently(window, project_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = project_file.load(project_path)
    other.shots.append(Shot(id="from_elsewhere"))
    project_file.save(other, project_path)
    window.shots.add_shot()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.files.save()
    assert any(s.id == "from_elsewhere" for s in project_file.load(project_path).shots)


class _MemoryKeyring:
    """No OS keychain daemon runs here: an in-memory keyring backend stands in for it (real keyring API)."""


@pytest.fixture
def memory_keyring(monkeypatch):  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            return self.store.get((service, username))

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            self.store[(service, username)] = password

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            self.store.pop((service, username), None)

    old = keyring.get_keyring()
    keyring.set_keyring(Memory())
    yield Memory.store
    keyring.set_keyring(old)


def test_settings_store_the_key_in_the_keychain_only(qtbot, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from composer.runtime import secrets
    from ui.dialogs.settings_dialog import SettingsDialog

    ini = tmp_path / "settings.ini"
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    dlg = SettingsDialog(settings=settings)
    qtbot.addWidget(dlg)
    secret = "sk-" + "test-SLATEDONOTLEAK-0123456789abcdef"  # split: a fake key, not a real one
    dlg.key.setText(secret)
    dlg.base_url.setText("http://127.0.0.1:9/v1")
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):  # the keychain is written off the GUI thread
        dlg.accept()
        assert dlg.key.text() == "", "the key does not linger in the widget"
    assert secrets.resolve_api_key() == secret
    settings.sync()
    assert "127.0.0.1:9" in ini.read_text()
    assert secret not in ini.read_text()
    for root in (tmp_path, Path(os.environ["XDG_CONFIG_HOME"]), Path(os.environ["SLATE_DATA_DIR"])):
        for f in root.rglob("*"):
            if f.is_file():
                assert secret.encode() not in f.read_bytes(), f"key leaked into {f}"


def test_settings_strictness_and_capabilities_mode_apply_to_lint(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    _make_vague(window)
    window.bridge.document.project.shots[0].render.seconds = 20
    window.bridge.document.project.shots[0].render.model = "sora-2"  # its profile lists 16/20 s as docs-only
    window.bridge.document.configure_lint(mode=None, shown=frozenset({"error", "warning", "info"}))
    sid = window.bridge.shot_id
    assert any(f.code == "SL052" for f in window.bridge.document.shown(sid)), "20 s is invalid in strict mode"
    s = QSettings()
    s.setValue("lint_strictness", "errors only")
    s.setValue("capabilities_mode", "docs")
    window.apply_settings()
    shown = window.bridge.document.shown(sid)
    assert shown == [] or all(str(f.severity) == "error" for f in shown)
    assert not any(f.code == "SL052" for f in shown), "docs mode accepts 20 s"
    tree = window.findings.tree
    texts = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert not any(t.startswith("Warnings") for t in texts)
    s.setValue("lint_strictness", "all findings")
    s.setValue("capabilities_mode", "strict")


def test_welcome_offers_new_open_and_the_examples(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.welcome import WelcomeDialog

    dlg = WelcomeDialog()
    qtbot.addWidget(dlg)
    assert dlg.examples.count() == len(project_file.examples())
    dlg.examples.setCurrentRow(1)
    dlg._pick(WelcomeDialog.EXAMPLE)
    assert dlg.choice == WelcomeDialog.EXAMPLE and dlg.example == project_file.examples()[1]


def test_file_menu_import_and_export(window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "list.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.files.export_dialog("csv")
    assert target.exists() and "subject" in target.read_text(encoding="utf-8-sig").splitlines()[0]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    said = click_in_next_dialog("New project")  # a project is open: the import asks before replacing it
    window.files.import_dialog()
    assert said and "1 shot(s)" in said[0]
    assert window.bridge.document.path is None and window.isWindowModified()
    assert len(window.bridge.document.project.shots) == 1
    from PySide6.QtGui import QAction

    labels = {a.text() for a in window.findChildren(QAction)}
    assert {"&Import Shot List…", "OpenTimelineIO cut (hero takes)"} <= labels


def test_settings_show_the_frame_cache_and_clear_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from composer.media.services import MediaServices
    from tests.media import write_clip
    from ui.dialogs.settings_dialog import SettingsDialog

    media = MediaServices.from_env()
    take = write_clip(tmp_path / "take.mp4", (np.full((64, 96, 3), 9 * n, np.uint8) for n in range(24)))
    assert media.cache.build(take, 96, 64) is not None
    used = media.cache.usage_bytes()
    assert used > 0
    dlg = SettingsDialog(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), media=media)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: f"{used / 2**20:.1f} MB of 4096 MB" in dlg.cache_label.text(), timeout=10_000)
    dlg.clear_cache.click()  # cleared and counted again off the GUI thread; the button is back when both are done
    assert not dlg.clear_cache.isEnabled()
    qtbot.waitUntil(dlg.clear_cache.isEnabled, timeout=10_000)
    assert media.cache.usage_bytes() == 0 and media.cache.open(take, 96, 64) is None
    assert dlg.cache_label.text().startswith("0.0 MB of 4096 MB")
