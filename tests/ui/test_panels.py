"""Every panel's round trip: widget -> model -> assembled text shown in the preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from composer.document import fields
from composer.document.edits import SetField
from tests.ui.conftest import preview_text, project


def _widget(w, path):  # type: ignore[no-untyped-def]
    return w.registry.widgets[path]


def test_subject_typing_reaches_model_and_preview(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    edit: QPlainTextEdit = _widget(window, fields.SUBJECT)
    edit.selectAll()
    qtbot.keyClicks(edit, "A lighthouse keeper in a yellow oilskin climbs the stairs")
    shot = project(window).shots[0]
    assert shot.subject == "A lighthouse keeper in a yellow oilskin climbs the stairs"
    assert "A lighthouse keeper in a yellow oilskin climbs the stairs." in preview_text(window)
    assert preview_text(window) == window.bridge.document.assembled(shot.id).text


def test_scene_title_mood_and_lighting_fields(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    scene: QPlainTextEdit = _widget(window, fields.SCENE)
    scene.setPlainText("A fog-bound harbour at dawn")
    mood: QLineEdit = _widget(window, fields.MOOD)
    mood.clear()
    qtbot.keyClicks(mood, "melancholy")
    quality: QLineEdit = _widget(window, fields.LIGHTING_QUALITY)
    qtbot.keyClicks(quality, "soft")
    text = preview_text(window)
    assert "A fog-bound harbour at dawn." in text and "Mood: melancholy" in text and "soft" in text


def test_camera_combo_accepts_vocabulary_and_free_text(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    move: QComboBox = _widget(window, fields.CAMERA_MOVEMENT)
    assert move.findText("slow push-in") >= 0, "fed from resources/vocab/camera_moves.txt"
    move.setEditText("slow crane up over the rooftops")
    assert project(window).shots[0].camera.movement == "slow crane up over the rooftops"
    assert "slow crane up over the rooftops" in preview_text(window)


def test_beats_table_add_edit_and_timecoded_switch(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.action_panels import BeatsPanel

    panel = window.findChild(BeatsPanel)
    n = len(project(window).shots[0].beats)
    panel.table._add()
    assert len(project(window).shots[0].beats) == n + 1
    panel.table.table.item(n, 0).setText("She takes two steps to the window")
    assert "- She takes two steps to the window" in preview_text(window)
    panel.timecoded.setChecked(True)
    assert "— She takes two steps to the window" in preview_text(window)
    assert "Actions:" not in preview_text(window)


def test_dialogue_table_and_estimate(window) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.action_panels import DialoguePanel

    panel = window.findChild(DialoguePanel)
    table = panel.table.table
    table.item(0, 2).setText("The sea took my brother.")
    assert '- Fisherman (quietly): "The sea took my brother."' in preview_text(window)
    assert "Spoken ≈" in panel.estimate.text()


def test_style_override_switch_and_spine_editor(window) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.project_panels import StyleSpinePanel
    from ui.editor.panels.text_panels import StylePanel

    style = window.findChild(StylePanel)
    style.override.setChecked(True)
    style.edit.setText("Handheld smartphone clip")
    style.edit.textEdited.emit("Handheld smartphone clip")
    assert preview_text(window).startswith("Handheld smartphone clip.")
    style.override.setChecked(False)
    spine = window.findChild(StyleSpinePanel)
    line = spine.findChildren(QLineEdit)[0]
    line.setText("Grainy 16mm documentary")
    line.textEdited.emit("Grainy 16mm documentary")
    assert preview_text(window).startswith("Grainy 16mm documentary")


def test_character_bible_edit_is_inserted_verbatim(window) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.project_panels import CharacterBiblePanel

    bible = window.findChild(CharacterBiblePanel)
    bible.list.setCurrentRow(0)
    bible.wardrobe.setText("an oilskin coat")
    bible.wardrobe.textEdited.emit("an oilskin coat")
    assert "wearing an oilskin coat." in preview_text(window)


def test_palette_avoid_and_sound(window) -> None:  # type: ignore[no-untyped-def]
    from ui.editor.panels.camera_panels import PalettePanel

    pal = window.findChild(PalettePanel)
    for name in ("amber", "cream", "walnut"):
        pal.table._add()
        row = pal.table.table.rowCount() - 1
        pal.table.table.item(row, 0).setText(name)
    assert "Palette: amber, cream, walnut" in preview_text(window)
    sound: QPlainTextEdit = window.registry.widgets[fields.SOUND]
    sound.setPlainText("gulls, rope creak")
    assert "Background Sound: Gulls, rope creak." in preview_text(window)
    avoid = window.registry.widgets[fields.AVOID]
    avoid.parent()._add()
    avoid.item(0, 0).setText("legible text")
    assert "Avoid: legible text." in preview_text(window)


def test_render_settings_offer_only_valid_values(window) -> None:  # type: ignore[no-untyped-def]
    seconds = window.registry.widgets[fields.RENDER_SECONDS]
    offered = [seconds.itemData(i) for i in range(seconds.count())]
    assert offered == [None, 4, 6, 8]  # the example's model is veo-3.1 (resources/models/veo.toml)
    seconds.setCurrentIndex(1)
    seconds.activated.emit(1)
    assert project(window).shots[0].render.seconds == 4


def test_focus_highlights_the_field_span_in_the_preview(window) -> None:  # type: ignore[no-untyped-def]
    shot = project(window).shots[0]
    span = window.bridge.document.assembled(shot.id).spans_for(fields.SUBJECT)[0]
    window.bridge.sig_field_focused.emit(fields.SUBJECT)
    highlighted = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in window.preview.text.extraSelections()
                   if s.format.background().style() != Qt.BrushStyle.NoBrush]
    assert highlighted == [(span.start, span.end)]
    window.bridge.sig_field_focused.emit(fields.MOOD)
    mood = window.bridge.document.assembled(shot.id).spans_for(fields.MOOD)[0]
    highlighted = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in window.preview.text.extraSelections()
                   if s.format.background().style() != Qt.BrushStyle.NoBrush]
    assert highlighted == [(mood.start, mood.end)]


def test_cast_checkbox_and_reference_image_round_trip(window, project_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from PySide6.QtCore import Qt as QtNs

    from ui.editor.panels.render_panel import RenderPanel
    from ui.editor.panels.text_panels import SubjectPanel

    subject = window.findChild(SubjectPanel)
    item = subject.cast.item(0)
    item.setCheckState(QtNs.CheckState.Unchecked)
    assert project(window).shots[0].characters == []
    assert "Fisherman: an elderly" not in preview_text(window)
    subject.cast.item(0).setCheckState(QtNs.CheckState.Checked)
    assert "Fisherman: an elderly" in preview_text(window)

    media = project_path.parent / "film.slate-media"
    media.mkdir()
    Image.new("RGB", (1280, 720)).save(media / "ok.png")
    Image.new("RGB", (640, 480)).save(media / "small.png")
    render = window.findChild(RenderPanel)
    window.bridge.push(SetField(window.bridge.shot_id, "render.model", "sora-2-pro"))  # Sora needs the exact size
    render._set_reference(media / "ok.png")
    assert project(window).shots[0].reference_image == "film.slate-media/ok.png"
    assert "matches the render size" in render.ref.text()
    render._set_reference(media / "small.png")
    assert "does NOT match the render size 1280x720" in render.ref.text()
    assert any(f.code == "SL053" for f in window.bridge.document.findings(window.bridge.shot_id))
    window.bridge.push(SetField(window.bridge.shot_id, "render.model", "veo-3.1"))  # Veo fits any size
    assert "fits the image" in render.ref.text()
    assert not any(f.code == "SL053" for f in window.bridge.document.findings(window.bridge.shot_id))


def test_typing_in_one_field_leaves_the_panels_that_do_not_show_it_alone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A keystroke in Mood must not rebuild the render panel's choices, the palette swatches, the cast list or the
    tables (they re-laid out the form at every keystroke); an edit to what each shows still redraws it."""
    from PySide6.QtWidgets import QListWidget, QTableWidget

    from ui.editor.panels.camera_panels import PalettePanel
    from ui.editor.panels.list_table import ListTable
    from ui.editor.panels.render_panel import RenderPanel

    render, palette = window.findChild(RenderPanel), window.findChild(PalettePanel)
    cast = window.registry.widgets[fields.CHARACTERS]
    assert isinstance(cast, QListWidget)
    from composer.document.models import ColorAnchor

    window.bridge.push(SetField(window.bridge.shot_id, "palette", [ColorAnchor(name="rust", hex="#b7410e")]),
                       "Palette")
    swatch = palette.swatches.itemAt(0).widget()
    rebuilt: list[str] = []
    render.model.model().rowsRemoved.connect(lambda *_: rebuilt.append("model choices"))
    cast.model().rowsRemoved.connect(lambda *_: rebuilt.append("cast"))
    for table in window.findChildren(QTableWidget):
        table.model().dataChanged.connect(lambda *_: rebuilt.append("a table"))
    for lists in window.findChildren(ListTable):  # a table redrawn cell by cell, even with no cell changed
        lists.refresh = lambda real=lists.refresh, path=lists.path: (rebuilt.append(path), real())[1]
    qtbot.keyClicks(window.registry.widgets[fields.MOOD], " tense")
    assert rebuilt == [] and palette.swatches.itemAt(0).widget() is swatch

    window.bridge.push(SetField(window.bridge.shot_id, fields.RENDER_MODEL, "veo-3.1-fast"), "Model")
    assert "model choices" in rebuilt and render.model.currentData() == "veo-3.1-fast"
    window.bridge.push(SetField(window.bridge.shot_id, "palette[0].hex", "#2255aa"), "Palette colour")
    assert palette.swatches.itemAt(0).widget() is not swatch and "palette" in rebuilt
