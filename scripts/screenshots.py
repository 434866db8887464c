"""Regenerate the screenshots in docs/img that are not the main window (dialogs, prompts): offscreen grab()."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "img"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    from ui.dialogs.help_view import RuleHelp, TipsDialog
    from ui.dialogs.settings_dialog import SettingsDialog
    from ui.dialogs.welcome import WelcomeDialog

    s = QSettings(str(OUT / ".tmp-settings.ini"), QSettings.Format.IniFormat)
    s.setValue("base_url", "http://127.0.0.1:8765/v1")
    help_page = RuleHelp(code="SL012")
    for name, widget in (("settings.png", SettingsDialog(settings=s)), ("welcome.png", WelcomeDialog()),
                         ("help-rules.png", help_page), ("tips.png", TipsDialog(settings=s))):
        widget.show()
        app.processEvents()
        widget.grab().save(str(OUT / name))
    (OUT / ".tmp-settings.ini").unlink(missing_ok=True)
    from ui.files.file_actions import recovery_text

    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes?",
                      recovery_text(Path("film.slate"), Path("~/.local/share/slate/autosave/3f2c9a.slate")),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.show()
    app.processEvents()
    box.grab().save(str(OUT / "recovery.png"))
    export_menu(app)
    return 0


def export_menu(app: QApplication) -> None:
    """The File → Export submenu (hand-off formats), grabbed on its own: offscreen menus have no screen."""
    from PySide6.QtWidgets import QMenu

    from composer.project import files as project_file
    from composer.project.document import Document
    from ui.app import compose
    from ui.bridges.document import DocumentBridge

    doc = Document(project_file.load(project_file.examples()[0]), None)
    w = compose(DocumentBridge(doc))
    file_menu = next(m for m in w.findChildren(QMenu) if m.title() == "&File")
    for menu in (file_menu, next(m for m in w.findChildren(QMenu) if m.title() == "&Export")):
        menu.adjustSize()
        menu.show()
        app.processEvents()
    file_menu.grab().save(str(OUT / "file-menu.png"))
    next(m for m in w.findChildren(QMenu) if m.title() == "&Export").grab().save(str(OUT / "export-menu.png"))
    w.files.autosave_timer.stop()


if __name__ == "__main__" and "--compare" not in sys.argv:
    sys.exit(main())


def _pump(app: QApplication, seconds: float) -> None:
    import time

    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.01)


def compare_shots() -> None:
    """Compare view on animatic takes of one shot: side by side, wipe, difference, a 2×2 grid, synced zoom; and
    the Takes tab with its lineage tree and scrubber."""
    import tempfile

    from PySide6.QtCore import QPointF

    from composer.animatic.render import render_clip
    from composer.animatic.spec import Caption, ClipSpec
    from ui.player.compare_view import CompareView

    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    d = Path(tempfile.mkdtemp())
    beats = (Caption(0, 2, "The robot taps the bulb; sparks crackle."), Caption(2, 4, "It flinches."))
    looks = (("take 1 (35mm)", ("#b87333", "#6a7fa8", "#f3e5c0")),
             ("remix (85mm)", ("#8a3b12", "#2f4f7f", "#f0d9a0")),
             ("remix 2 (warmer)", ("#c0502a", "#7a5f3a", "#ffe9b0")),
             ("take 2 (dolly)", ("#4a6b3a", "#6a7fa8", "#e0f0d0")))
    clips = [render_clip(ClipSpec(640, 360, 4, title=title, beats=beats, camera_movement="slow push-in",
                                  palette=palette), d, stem=f"t{i}").video for i, (title, palette) in enumerate(looks)]

    def ready(view: CompareView) -> CompareView:
        view.show()
        _pump(app, 0.1)
        while not view.ready:
            _pump(app, 0.05)
        return view

    view = ready(CompareView(clips[:2]))
    view.resize(1280, 470)
    for mode in ("side", "wipe", "difference"):
        view.mode.setCurrentText(mode)
        view.seek(40)
        _pump(app, 0.4)
        view.grab().save(str(OUT / f"compare-{mode}.png"))
    view.mode.setCurrentText("side")
    view.view.set_zoom(2.5, QPointF(0.3, 0.45))
    _pump(app, 0.3)
    view.grab().save(str(OUT / "compare-zoom.png"))
    view.close_players()
    grid = ready(CompareView(clips))
    grid.resize(1280, 820)
    grid.seek(60)
    _pump(app, 0.4)
    grid.grab().save(str(OUT / "compare-grid.png"))
    grid.close_players()
    takes_tab(app, clips)


def takes_tab(app: QApplication, clips: list[Path]) -> None:
    """The Takes tab of a project whose first shot has a take, two remixes of it and a second take."""
    import shutil
    import tempfile

    from PySide6.QtCore import Qt

    from composer.document.models import Take, TakeKind
    from composer.project import files as project_file
    from composer.project.document import Document
    from ui.app import compose
    from ui.bridges.document import DocumentBridge

    p = project_file.load(project_file.examples()[0])
    path = Path(tempfile.mkdtemp()) / "film.slate"
    media = project_file.media_dir(path)
    media.mkdir(parents=True)
    shot = p.shots[0]
    lineage = (("take_01", TakeKind.CREATE, None, 4, "hero: the light on his face is right", True),
               ("take_02", TakeKind.REMIX, "take_01", 3, "85mm: tighter, loses the shelves", False),
               ("take_03", TakeKind.REMIX, "take_02", 2, "warmer grade, too orange", False),
               ("take_04", TakeKind.CREATE, None, 1, "dolly drifts off his eyes", False))
    for clip, (tid, kind, parent, rating, notes, hero) in zip(clips, lineage, strict=True):
        shutil.copy(clip, media / f"{tid}.mp4")
        shot.takes.append(Take(id=tid, kind=kind, parent_take_id=parent, video_path=f"{media.name}/{tid}.mp4",
                               rating=rating, notes=notes, hero=hero))
    project_file.save(p, path)
    doc = Document.open(path)
    bridge = DocumentBridge(doc)
    w = compose(bridge)
    bridge.replace(doc)
    bridge.select(shot.id)
    w.form.setCurrentWidget(w.takes)
    w.resize(1500, 900)
    w.show()
    _pump(app, 0.3)
    item = w.takes.tree.findItems("take_02", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)[0]
    w.takes.tree.setCurrentItem(item)
    w.takes.scrubber.show_frame(50)
    _pump(app, 0.3)
    w.grab().save(str(OUT / "takes-lineage.png"))
    w.files.autosave_timer.stop()
    w.hide()


if __name__ == "__main__" and "--compare" in sys.argv:
    compare_shots()
