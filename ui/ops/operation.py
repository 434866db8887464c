"""One door for slow work: run it on a worker thread, deliver its result or its failure on the GUI thread.

In the spirit of Anki's ``QueryOp``: a slot that needs the network, a file copy or a decode calls ``run_op`` and
returns at once; ``on_done`` runs later on the GUI thread with the result, and a failure is shown to the person
(a warning naming the problem and the fix) unless the caller handles it. Workers never touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.errors import SlateError, redact

T = TypeVar("T")
log = logging.getLogger("slate.ops")

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slate-op")


def describe(error: BaseException) -> str:
    """The sentence a person sees for a failed operation (never a traceback, never a key)."""
    if isinstance(error, SlateError):
        return error.describe()
    return redact(f"{type(error).__name__}: {error}")


class Op(QObject, Generic[T]):
    """One background operation. Keep a reference (``run_op`` parents it to ``parent`` so Qt does)."""

    sig_finished = Signal(object)
    """The work returned; carries its result (delivered on the GUI thread)."""
    sig_failed = Signal(object)
    """The work raised; carries the exception (delivered on the GUI thread)."""

    def __init__(self, parent: QObject | None, title: str) -> None:
        super().__init__(parent)
        self.title = title
        self.future: Future[T] | None = None
        self.worker_thread: int | None = None  # the thread id the work ran on (tests check it is not the GUI's)

    def _run(self, work: Callable[[], T]) -> T:
        self.worker_thread = threading.get_ident()
        return work()

    def _deliver(self, future: Future[T]) -> None:
        # Runs on the pool thread: Qt queues the signal to this object's (the GUI) thread.
        error = future.exception()
        if error is None:
            self.sig_finished.emit(future.result())
        else:
            log.warning("%s failed: %s", self.title, describe(error))
            self.sig_failed.emit(error)


def run_op(parent: QObject, work: Callable[[], T], *, title: str,
           on_done: Callable[[T], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None) -> Op[T]:
    """Run ``work()`` off the GUI thread. ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread.

    Without ``on_error`` a failure is shown as a warning titled ``title`` over ``parent`` (when it is a widget).
    """
    op: Op[T] = Op(parent, title)
    if on_done is not None:
        op.sig_finished.connect(on_done)
    op.sig_failed.connect(on_error if on_error is not None else (lambda e: _show(parent, title, e)))
    op.sig_finished.connect(op.deleteLater)
    op.sig_failed.connect(op.deleteLater)
    op.future = _POOL.submit(op._run, work)
    op.future.add_done_callback(op._deliver)
    return op


def _show(parent: QObject, title: str, error: BaseException) -> None:
    QMessageBox.warning(parent if isinstance(parent, QWidget) else None, title, describe(error))
