"""The key never goes over plain http to another machine without a warning, and a confirmation in the GUI (point 7).

Nothing here contacts any address: the URLs are judged, and the render stops before sending (no --yes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from composer.project import files as project_file
from composer.runtime.net import plain_http_warning

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize(("url", "warned"), [
    ("http://192.0.2.10:8000/v1", True), ("http://gateway.example/v1", True), ("HTTP://10.1.2.3/v1", True),
    ("https://gateway.example/v1", False), ("http://127.0.0.1:8765/v1", False), ("http://localhost:4000/v1", False),
    ("http://[::1]:8765/v1", False), ("http://127.5.6.7/v1", False), (None, False), ("", False),
])
def test_plain_http_to_another_host_is_named(url: str | None, warned: bool) -> None:
    assert (plain_http_warning(url) is not None) is warned


def test_the_cli_warns_before_anything_is_sent(tmp_path: Path) -> None:
    project = project_file.load(project_file.examples()[0])
    path = project_file.save(project, tmp_path / "p.slate")
    r = subprocess.run([sys.executable, "-m", "composer", "render", str(path), "--backend", "openai", "--base-url",
                        "http://192.0.2.10:8000/v1"], capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL,
                       env=dict(os.environ, SLATE_DATA_DIR=str(tmp_path / "data"), OPENAI_API_KEY="sk-" + "x" * 20))
    assert "plain http to another machine" in r.stderr and "unencrypted" in r.stderr
    assert r.returncode == 2 and "--yes" in r.stderr, r.stderr  # it stops at the cost question: nothing was sent


def test_the_settings_dialog_asks_before_saving_such_a_url(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs.settings_dialog import SettingsDialog

    asked: list[str] = []

    def answer(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel
    # Mocked: a modal box cannot be clicked offscreen; what it is asked and what its answer does are the test.
    monkeypatch.setattr(QMessageBox, "warning", answer)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dlg = SettingsDialog(settings=settings)
    qtbot.addWidget(dlg)
    dlg.base_url.setText("http://192.0.2.10:8000/v1")
    dlg.accept()
    assert asked and "unencrypted" in asked[0]
    assert settings.value("base_url", "") == "", "cancelled: the URL was not saved"
    dlg.base_url.setText("http://127.0.0.1:8765/v1")
    dlg.accept()
    assert len(asked) == 1 and settings.value("base_url") == "http://127.0.0.1:8765/v1"
