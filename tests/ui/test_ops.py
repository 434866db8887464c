"""ui.ops: work runs off the GUI thread; results and failures come back on it; failures are shown."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.errors import SlateError
from ui.ops.operation import run_op


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    results: list[int] = []

    def done(r: int) -> None:
        results.append(r)
        seen["done"] = threading.get_ident()

    op = run_op(parent, work, title="Answer", on_done=done)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert seen["work"] != gui and op.worker_thread == seen["work"]
    assert seen["done"] == gui


def test_a_failing_operation_shows_its_message(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[tuple[str, str, int]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append((title, text, threading.get_ident())))

    def work() -> None:
        raise SlateError("the endpoint is down", hint="Check the base URL in Settings.")

    run_op(parent, work, title="Cannot delete")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    title, text, thread = shown[0]
    assert title == "Cannot delete" and "the endpoint is down" in text and "Check the base URL" in text
    assert thread == threading.get_ident()
