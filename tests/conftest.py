"""Suite-wide options and isolation: every test run gets its own data dir, HOME and config dirs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer.media.services import MediaServices


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/golden/*.prompt.txt from the current renderer (then READ the diff)")


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_dirs() -> None:
    """Keep tests away from the developer's real data dir, keychain and Qt settings."""
    base = Path(tempfile.mkdtemp(prefix="slate-test-"))
    for var, sub in (("SLATE_DATA_DIR", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_DATA_HOME", "xdg-data"), ("XDG_CACHE_HOME", "cache")):
        os.environ.setdefault(var, str(base / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    # A test never reaches a real keychain daemon; keyring's fail backend makes that explicit.
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Slate's own retry and poll waits, a twentieth as long (composer.queue.retry): every retry and poll still
    # happens, in this process and in the CLI processes tests start, only sooner. Server hints are not scaled.
    os.environ.setdefault("SLATE_WAIT_SCALE", "0.05")


@pytest.fixture(autouse=True)
def _own_frame_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with an empty frame cache: a copy left by an earlier test of the same clip content would
    otherwise turn that test's decoding into a lookup, and what a test covers would depend on test order."""
    monkeypatch.setenv("SLATE_FRAME_CACHE", str(tmp_path / "frame-cache"))


@pytest.fixture(autouse=True)
def _qt_garbage_dies_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test's windows and dialogs often end held only by reference cycles. Left to the automatic collector,
    a later collection in some worker thread (the next test's stand-in server, a pool thread) freed them there,
    deleting their C++ objects off the GUI thread while it delivered queued signals: a segfault several tests later
    (``QObject::property`` in ``SignalManager::callPythonMetaMethod``). The app collects on the GUI thread only
    (``ui.ops.collector``); a test that used Qt is collected here, on the main thread, when it ends."""
    yield
    if "qtbot" in request.fixturenames:
        import gc

        from PySide6.QtCore import QCoreApplication, QEvent

        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def media(_own_frame_cache: None) -> MediaServices:
    """The media services an app would make (decode gate + frame cache), in this test's own cache folder."""
    return MediaServices.from_env()


@pytest.fixture(autouse=True)
def _no_blocking_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offscreen nobody can close a modal box: a test that hits an unexpected warning fails instead of hanging.

    Tests that expect a box patch it themselves (their patch wins); questions are answered in tests/ui/conftest.py.
    """
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:
        return

    def unexpected(_parent: object, title: str, text: str, *_a: object, **_k: object) -> object:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
