"""No backend call runs on the GUI thread, and a failing operation tells the person why (issue 14, ui/ops).

A person renders a shot, makes a character from the take and deletes the take on the server too — by clicking the
real buttons of the real window — against the stand-in on loopback through the real openai SDK. The backend is a
real class implementing the Backend protocol around the openai one: every call, and every build, records the
thread it ran on. Only the modal dialogs a person answers (the character's name, the delete confirmation) are
answered by the test: offscreen nobody can type into them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QWidget

from composer.queue.backends.base import Backend, CreateRequest, RemoteCharacter, RemoteVideo, Variant
from composer.queue.endpoints import BackendPool, Endpoint, make_backend
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.standin.conftest import Start, stats
from tests.ui.conftest import render_window

KEY = "sk-" + "ops-DONOTLEAK-1234567890abcdef"  # split so secret scanners do not flag a fake key
Calls = list[tuple[str, int]]


class ThreadRecordingBackend:
    """The Backend protocol around a real backend: each call records (method, calling thread), then runs."""

    def __init__(self, inner: Backend, calls: Calls) -> None:
        self.inner, self.calls = inner, calls
        self.name, self.is_paid = inner.name, inner.is_paid
        self.base_url = getattr(inner, "base_url", None)

    def _record(self, method: str) -> None:
        self.calls.append((method, threading.get_ident()))

    def create(self, req: CreateRequest) -> RemoteVideo:
        self._record("create")
        return self.inner.create(req)

    def remix(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        self._record("remix")
        return self.inner.remix(video_id, prompt, idempotency_key=idempotency_key)

    def edit(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        self._record("edit")
        return self.inner.edit(video_id, prompt, idempotency_key=idempotency_key)

    def extend(self, video_id: str, prompt: str, seconds: int, *, idempotency_key: str) -> RemoteVideo:
        self._record("extend")
        return self.inner.extend(video_id, prompt, seconds, idempotency_key=idempotency_key)

    def create_character(self, name: str, video: Path) -> RemoteCharacter:
        self._record("create_character")
        return self.inner.create_character(name, video)

    def get_character(self, character_id: str) -> RemoteCharacter:
        self._record("get_character")
        return self.inner.get_character(character_id)

    def retrieve(self, video_id: str) -> RemoteVideo:
        self._record("retrieve")
        return self.inner.retrieve(video_id)

    def list(self, *, limit: int = 100, after: str | None = None) -> list[RemoteVideo]:
        self._record("list")
        return self.inner.list(limit=limit, after=after)

    def delete(self, video_id: str) -> None:
        self._record("delete")
        self.inner.delete(video_id)

    def download(self, video_id: str, variant: Variant, dest: Path) -> Path:
        self._record("download")
        return self.inner.download(video_id, variant, dest)


def recording(calls: Calls) -> Callable[[Endpoint], Backend]:
    """A BackendPool factory: building the backend (it imports the SDK, ~0.4 s) is recorded too."""
    def build(endpoint: Endpoint) -> Backend:
        calls.append(("build", threading.get_ident()))
        return ThreadRecordingBackend(make_backend(endpoint), calls)
    return build


@pytest.fixture
def endpoint_settings() -> Iterator[QSettings]:
    QCoreApplication.setOrganizationName("Slate")
    QCoreApplication.setApplicationName("Slate")
    settings = QSettings()
    settings.setValue("confirm_above", 1e9)
    yield settings
    for name in ("base_url", "confirm_above"):  # later tests render on the offline default again
        settings.remove(name)
    settings.sync()


def _button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def _click(qtbot, parent: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(_button(parent, text), Qt.MouseButton.LeftButton)


def test_the_gui_thread_never_calls_a_backend(qtbot, project_path: Path, tmp_path: Path, start_standin: Start,  # type: ignore[no-untyped-def]
                                              endpoint_settings: QSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("OPENAI_ORG_ID", raising=False)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    s = start_standin()
    endpoint_settings.setValue("base_url", s.base_url)
    calls: Calls = []
    service = RenderService(Store(tmp_path / "data" / "queue.sqlite3"), pool=BackendPool(factory=recording(calls)))
    w = render_window(qtbot, project_path, service)
    w.show()
    doc = w.bridge.document
    shot = doc.project.shots[0]
    service.worker.start()
    try:
        _click(qtbot, w.queue_view, "Render shot")
        qtbot.waitUntil(lambda: len(shot.takes) == 1, timeout=60_000)
        take = shot.takes[0]
        assert take.backend == "openai" and take.remote_id

        w.form.setCurrentWidget(w.takes)
        tree = w.takes.tree
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=tree.visualItemRect(tree.topLevelItem(0)).center())
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Fisherman", True))  # the person types it
        _click(qtbot, w.takes, "Make character…")
        qtbot.waitUntil(lambda: bool(doc.project.characters[0].remote_character_id), timeout=20_000)

        def confirm_with_server_copy(box: QMessageBox) -> QMessageBox.StandardButton:  # the person ticks the box
            box.checkBox().setChecked(True)
            return QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, "exec", confirm_with_server_copy)
        _click(qtbot, w.takes, "Delete…")
        qtbot.waitUntil(lambda: "Deleted" in w.statusBar().currentMessage(), timeout=20_000)
    finally:
        service.worker.stop()
        w.files.autosave_timer.stop()

    paths = stats(s)["requests_by_path"]
    assert paths.get(f"DELETE /v1/videos/{take.remote_id}") == 1 and paths.get("POST /v1/videos/characters") == 1
    assert {"build", "create", "retrieve", "download", "create_character", "delete"} <= {m for m, _ in calls}
    gui = threading.get_ident()
    assert [m for m, thread in calls if thread == gui] == [], "the GUI thread called the backend"


def test_a_failing_operation_shows_its_message(qtbot, project_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               endpoint_settings: QSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key anywhere: making the endpoint ready fails off the GUI thread; the person reads why and what to do.
    Then a remote delete whose endpoint is down: its failure is said too, and nothing was queued or lost."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # and the keychain is keyring's fail backend (conftest)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    endpoint_settings.setValue("base_url", "http://127.0.0.1:9/v1")  # nothing listens on port 9
    calls: Calls = []
    service = RenderService(Store(tmp_path / "data" / "queue.sqlite3"), pool=BackendPool(factory=recording(calls)))
    w = render_window(qtbot, project_path, service)
    w.show()
    shown: list[tuple[str, str, int]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append((title, text, threading.get_ident())))

    _click(qtbot, w.queue_view, "Render shot")
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    title, text, thread = shown.pop()
    assert title == "Cannot render" and "no API key" in text and "OPENAI_API_KEY" in text
    assert thread == threading.get_ident(), "the message is shown on the GUI thread"
    assert w.queue_view.model.rowCount() == 0, "nothing was queued"

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    job = service.store.add(backend="openai", prompt="an old take", model="sora-2", size="1280x720", seconds=4,
                            base_url="http://127.0.0.1:9/v1")
    service.store.update(job.id, remote_id="video_on_a_dead_endpoint")  # the queue is not running: it stays put
    w.queue_view.model.reset(service.jobs())
    w.queue_view.table.selectRow(0)
    _click(qtbot, w.queue_view, "Delete remote")
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    title, text, thread = shown.pop()
    assert title == "Could not delete on the server" and "Could not reach" in text and thread == threading.get_ident()
    assert KEY not in text
    assert [m for m, _ in calls] == ["build", "build", "delete"], "the failed build, then the delete's endpoint"
    assert all(thread != threading.get_ident() for _, thread in calls), "the failing calls ran off the GUI thread"
    w.files.autosave_timer.stop()
