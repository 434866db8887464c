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
    from ui.settings_dialog import SettingsDialog
    from ui.welcome import WelcomeDialog

    s = QSettings(str(OUT / ".tmp-settings.ini"), QSettings.Format.IniFormat)
    s.setValue("base_url", "http://127.0.0.1:8765/v1")
    for name, widget in (("settings.png", SettingsDialog(settings=s)), ("welcome.png", WelcomeDialog())):
        widget.show()
        app.processEvents()
        widget.grab().save(str(OUT / name))
    (OUT / ".tmp-settings.ini").unlink(missing_ok=True)
    from ui.file_actions import recovery_text

    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes?",
                      recovery_text(Path("film.slate"), Path("~/.local/share/slate/autosave/3f2c9a.slate")),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.show()
    app.processEvents()
    box.grab().save(str(OUT / "recovery.png"))
    return 0


if __name__ == "__main__" and "--compare" not in sys.argv:
    sys.exit(main())


def compare_shots() -> None:
    """Compare view on two animatic takes of one shot (a take and its 'remix'), side by side, wipe, difference."""
    import tempfile
    import time

    from composer.animatic.render import render_clip
    from composer.animatic.spec import Caption, ClipSpec
    from ui.player.compare_view import CompareView

    app = QApplication.instance() or QApplication(sys.argv)
    d = Path(tempfile.mkdtemp())
    beats = (Caption(0, 2, "The robot taps the bulb; sparks crackle."), Caption(2, 4, "It flinches."))
    a = render_clip(ClipSpec(640, 360, 4, title="take 1 (35mm)", beats=beats, camera_movement="slow push-in",
                             palette=("#b87333", "#6a7fa8", "#f3e5c0")), d, stem="a").video
    b = render_clip(ClipSpec(640, 360, 4, title="remix (85mm)", beats=beats, camera_movement="slow push-in",
                             palette=("#8a3b12", "#2f4f7f", "#f0d9a0")), d, stem="b").video
    view = CompareView([a, b])
    view.resize(1280, 430)
    view.show()
    end = time.time() + 10
    while not view.ready and time.time() < end:
        app.processEvents()
        time.sleep(0.01)
    for mode in ("side", "wipe", "difference"):
        view.mode.setCurrentText(mode)
        view.seek(40)
        t = time.time()
        while time.time() - t < 1.2:
            app.processEvents()
            time.sleep(0.01)
        view.grab().save(str(OUT / f"compare-{mode}.png"))
    view.close_players()


if __name__ == "__main__" and "--compare" in sys.argv:
    compare_shots()
