"""File > Export > Storyboard PDF: written off the GUI thread, announced in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox


def test_file_menu_exports_boards_without_blocking_the_window(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    target = tmp_path / "boards.pdf"
    # The native save dialog cannot be driven offscreen: it answers with the path a person would pick.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action = next(a for a in window.findChildren(QAction) if a.text() == "Storyboard PDF")
    action.trigger()
    assert "Exporting boards" in window.statusBar().currentMessage()  # the slot returned before the file exists
    qtbot.waitUntil(lambda: "Exported boards.pdf" in window.statusBar().currentMessage(), timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_failed_boards_export_says_why(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: seen.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "no-such-folder" / "b.png"), ""))
    window.files.export_dialog("boards-png")
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    assert "cannot write" in seen[0] and "Pick a folder" in seen[0]
