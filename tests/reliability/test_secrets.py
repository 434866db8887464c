"""A full run of the app with a key set — render through the stand-in (real SDK), take downloaded, project saved,
settings opened, screenshots taken, HTTP debug logging on — then every file Slate wrote is searched for the key."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from composer.errors import redact, register_secret
from composer.project import files as project_file
from composer.project.document import Document
from composer.queue.service import RenderService
from composer.queue.store import Store
from composer.runtime import logs
from tests.standin.conftest import Start

pytestmark = pytest.mark.reliability
# Built at run time and shaped unlike an OpenAI key, so only exact-string redaction can catch it.
KEY = "".join(["compat", "-", "TOKEN", "9f8e7d6c5b4a", "DONOTLEAK"])


def visible_texts(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Every string a person can read on ``root`` and its children: labels, fields, buttons, lists, tables, titles.

    Issue 19: the screenshot check searched the PNG's bytes, which hold pixels, never text, so it could not fail.
    """
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        out += [w.windowTitle(), w.toolTip(), w.statusTip()]
        if isinstance(w, QLineEdit):  # an empty field shows its placeholder: a key put there is on screen
            out += [w.text(), w.placeholderText()]
        elif isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            out += [w.toPlainText(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            columns = 1 if isinstance(m, QAbstractListModel) else m.columnCount(QModelIndex())
            for r in range(m.rowCount(QModelIndex())):
                for c in range(columns):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        v = m.data(m.index(r, c), role)
                        if v is not None:
                            out.append(str(v))
    return [t for t in out if t]


def _all_files(*roots: Path) -> list[Path]:
    return [f for r in roots if r.exists() for f in r.rglob("*") if f.is_file()]


def test_a_full_app_run_writes_the_key_nowhere(qtbot, start_standin: Start, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from PySide6.QtWidgets import QMessageBox

    from ui.app import compose
    from ui.bridges.document import DocumentBridge
    from ui.dialogs.settings_dialog import SettingsDialog

    # No modal question can be answered offscreen: closing the window discards (the project was saved).
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    data = tmp_path / "data"
    monkeypatch.setenv("SLATE_DATA_DIR", str(data))
    log_file = logs.setup(debug=True)  # HTTP traffic of the SDK and httpx goes to the log, redacted
    try:
        standin = start_standin(state_dir=tmp_path / "standin")
        QCoreApplication.setOrganizationName("Slate")
        QCoreApplication.setApplicationName("Slate")
        settings = QSettings()
        settings.setValue("base_url", standin.base_url)
        settings.setValue("confirm_above", 1e9)
        settings.sync()
        path = project_file.save(project_file.load(project_file.examples()[0]), tmp_path / "film.slate")
        doc = Document.open(path)
        doc.project.shots[0].render.seconds = 4
        bridge = DocumentBridge(doc)
        service = RenderService(Store(data / "queue.sqlite3"))
        w = compose(bridge, service)
        qtbot.addWidget(w)
        bridge.replace(doc)
        w.show()
        service.worker.start()
        w.renders.render(all_shots=False)
        qtbot.waitUntil(lambda: w.queue_view.model.rowCount() == 1, timeout=30_000)  # a job went to the endpoint
        qtbot.waitUntil(lambda: bool(doc.project.shots[0].takes), timeout=60_000)
        try:  # an error path too: a request that fails with the key in play
            service.pool.get(service.pool.current("openai")).retrieve("video_does_not_exist")
        except Exception as e:  # noqa: BLE001 - any failure will do: its text must not hold the key
            logging.getLogger("slate").exception("expected failure: %s", e)
        doc.save()
        w.grab().save(str(tmp_path / "window.png"))
        dialog = SettingsDialog(settings=settings)
        dialog.show()
        dialog.grab().save(str(tmp_path / "settings.png"))
        shown = visible_texts(w) + visible_texts(dialog)
        first_line = doc.assembled(doc.project.shots[0].id).text.splitlines()[0]
        assert any(first_line in t for t in shown), "the scan reads the window (the preview's prompt is in it)"
        assert not [t for t in shown if KEY in t], "no widget shows the key"
        from PySide6.QtWidgets import QLabel

        probe = QLabel(f"key: {KEY}", w)  # the scan can fail: a label with the key is found
        assert any(KEY in t for t in visible_texts(w))
        probe.deleteLater()
        service.worker.stop()
        w.files.autosave_timer.stop()
    finally:
        logs.teardown()
        for name in ("base_url", "confirm_above"):  # later tests render on the offline default again
            QSettings().remove(name)
    assert log_file.exists() and "POST" in log_file.read_text() or "/videos" in log_file.read_text()
    config = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    written = _all_files(tmp_path, config, Path(os.environ.get("XDG_DATA_HOME", tmp_path)))
    assert log_file in written and (tmp_path / "window.png") in written
    leaks = [f for f in written if KEY.encode() in f.read_bytes()]
    assert leaks == [], f"the key was written to {leaks}"


def test_redaction_covers_bearer_headers_key_shapes_and_registered_secrets() -> None:
    register_secret(KEY)
    line = f"headers={{'Authorization': 'Bearer {KEY}'}} key={KEY} other=sk-" + "proj-abcdefghijklmnop"
    out = redact(line)
    assert KEY not in out and "abcdefghijklmnop" not in out and "[redacted]" in out


def test_tracebacks_in_the_log_are_redacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path))
    register_secret(KEY)
    path = logs.setup(debug=False)
    try:
        try:
            raise RuntimeError(f"request failed with key {KEY}")
        except RuntimeError:
            logging.getLogger("slate.test").exception("boom")
        # an HTTP library at DEBUG that prints request headers (the SDK's own logger name): redacted on the way in
        logging.getLogger("openai._base_client").warning("Request options: {'headers': {'Authorization': "
                                                         "'Bearer %s'}}", KEY)
    finally:
        logs.teardown()
    text = path.read_text()
    assert "RuntimeError" in text and "boom" in text and "Bearer [redacted]" in text and KEY not in text
