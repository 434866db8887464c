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


if __name__ == "__main__":
    sys.exit(main())
