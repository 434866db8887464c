"""The shot form offers what the chosen model takes, 'Port this shot to …' is one undoable step, the preview shows
the full request, and Settings lists an endpoint's models (asked off the GUI thread) with the profile each matched."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings

from composer.document import fields
from composer.document.edits import SetField
from composer.standin.app import StandinConfig
from composer.standin.server import StandinThread
from tests.ui.conftest import project
from ui.editor.panels.render_panel import RenderPanel

ROOT = Path(__file__).resolve().parents[2]


def _model(window, name: str) -> RenderPanel:  # type: ignore[no-untyped-def]
    window.bridge.push(SetField(window.bridge.shot_id, str(fields.RENDER_MODEL), name))
    return window.findChild(RenderPanel)


def _shown(panel: RenderPanel) -> set[str]:
    rows = dict(panel.params.rows, reference_image=panel.ref)
    return {k for k, w in rows.items() if panel.form.isRowVisible(w)}


def test_the_form_shows_only_the_parameters_the_model_takes(window) -> None:  # type: ignore[no-untyped-def]
    assert _shown(_model(window, "veo-3.1")) == {"negative_prompt", "seed", "audio", "reference_image", "end_frame"}
    assert _shown(_model(window, "gen4_turbo")) == {"seed", "reference_image"}
    assert _shown(_model(window, "wan2.2-t2v-a14b")) == {"negative_prompt", "seed"}
    assert _shown(_model(window, "acme-video-9")) == {"negative_prompt", "seed", "audio", "reference_image",
                                                       "end_frame"}  # unknown: everything, sent as set
    panel = _model(window, "veo-3.1")
    panel.params.negative.setText("text, watermark")
    panel.params.negative.textEdited.emit("text, watermark")
    panel.params.seed.setText("42")
    panel.params.seed.editingFinished.emit()
    panel.params.audio.setCurrentIndex(2)
    panel.params.audio.activated.emit(2)
    r = project(window).shots[0].render
    assert (r.negative_prompt, r.seed, r.audio) == ("text, watermark", 42, False)
    sid = window.bridge.shot_id
    shown = window.preview.request_text()
    assert shown == window.bridge.document.request(sid).describe("openai")
    assert "negative_prompt: text, watermark\nseed: 42\ngenerate_audio: false" in shown
    _model(window, "gen4_turbo")
    assert "negative_prompt" not in window.preview.params.text()  # Runway takes none: the request leaves it out


def test_port_this_shot_maps_duration_and_size_and_undoes_in_one_step(window) -> None:  # type: ignore[no-untyped-def]
    sid = window.bridge.shot_id
    window.bridge.push(SetField(sid, "render.seconds", 12))
    panel = _model(window, "sora-2-pro")
    window.bridge.push(SetField(sid, "render.size", "1792x1024"))
    assert any(f.code == "SL057" for f in window.bridge.document.findings(sid))
    menu = panel.port.menu()
    menu.aboutToShow.emit()
    [action] = [a for a in menu.actions() if a.text() == "Veo 3.1 (veo-3.1)"]
    depth = window.bridge.undo_stack.count()
    action.trigger()
    shot = project(window).shots[0]
    assert (shot.render.model, shot.render.seconds, shot.render.size) == ("veo-3.1", 8, "1920x1080")
    assert panel.ported.text() == ("Ported: model sora-2-pro → veo-3.1; seconds 12 → 8; size 1792x1024 → 1920x1080.")
    assert not any(f.code in ("SL051", "SL052", "SL057") for f in window.bridge.document.findings(sid))
    assert window.bridge.undo_stack.count() == depth + 1
    window.bridge.undo_stack.undo()
    shot = project(window).shots[0]
    assert (shot.render.model, shot.render.seconds, shot.render.size) == ("sora-2-pro", 12, "1792x1024")


def test_settings_lists_the_endpoints_models_with_their_profiles(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.settings_dialog import SettingsDialog

    monkeypatch.setenv("OPENAI_API_KEY", "placeholder-key-for-the-standin")  # the stand-in takes any key
    s = StandinThread(StandinConfig(state_dir=tmp_path / "st")).start()
    try:
        dlg = SettingsDialog(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(dlg)
        dlg.base_url.setText(s.base_url)
        calls: list[int] = []
        import composer.queue.discovery as discovery

        real = discovery.discover
        monkeypatch.setattr("ui.dialogs.settings_dialog.discover",
                            lambda e: calls.append(threading.get_ident()) or real(e))
        dlg.discover_button.click()
        qtbot.waitUntil(lambda: dlg.models.count() > 0, timeout=20_000)
        assert calls and calls[0] != threading.get_ident()  # asked on a worker thread, never the GUI's
        items = [dlg.models.item(i).text() for i in range(dlg.models.count())]
        assert "veo-3.1  —  Veo 3.1" in items and "sora-2  —  Sora 2 (retired)" in items
        assert "Dialect: OpenAI Videos API." in dlg.models_note.text()
        dlg.resize(640, dlg.sizeHint().height())
        assert dlg.grab().save(str(tmp_path / "settings-endpoint-models.png"))  # docs/img has the committed one
        dlg.base_url.setText("http://127.0.0.1:9/v1")  # nothing there: still a sentence, never a traceback
        dlg.discover_button.click()
        qtbot.waitUntil(lambda: dlg.discover_button.isEnabled() and dlg.models.count() == 0, timeout=20_000)
        assert "typed model name" in dlg.models_note.text()
    finally:
        s.stop()


def test_the_app_refuses_to_start_on_a_broken_profile_and_names_it(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from composer import resources

    res = tmp_path / "res"
    shutil.copytree(resources.root(), res)
    veo = res / "models" / "veo.toml"
    veo.write_text(veo.read_text().replace('status = "active"', 'status = "gone"', 1))
    r = subprocess.run([sys.executable, "-m", "ui.app", "--screenshot", str(tmp_path / "x.png")],
                       env=dict(os.environ, SLATE_RESOURCES=str(res), SLATE_DATA_DIR=str(tmp_path / "d")),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "veo.toml: models.veo-3.1.status" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.png").exists()
