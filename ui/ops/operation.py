"""One door for slow work: run it on a worker thread, deliver its result or its failure on the GUI thread.

In the spirit of Anki's ``QueryOp``: a slot that needs the network, a file copy or a decode calls ``run_op`` and
returns at once; ``on_done`` runs later on the GUI thread with the result, and a failure is shown to the person
(a warning naming the problem and the fix) unless the caller handles it. Workers never touch widgets: the only
thing a worker thread does with Qt is emit one queued signal on a relay that lives on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.errors import SlateError, redact

T = TypeVar("T")
V = TypeVar("V")
log = logging.getLogger("slate.ops")

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slate-op")


def describe(error: BaseException) -> str:
    """The sentence a person sees for a failed operation (never a traceback, never a key)."""
    if isinstance(error, SlateError):
        return error.describe()
    return redact(f"{type(error).__name__}: {error}")


def explained(work: Callable[[], T], *, what: str, hint: str) -> Callable[[], T]:
    """``work`` with an OSError turned into a SlateError a person can act on: "could not <what> (<reason>)"."""
    def run() -> T:
        try:
            return work()
        except OSError as e:
            raise SlateError(f"could not {what} ({e.strerror or e})", hint=hint) from None
    return run


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits a callable, the GUI thread runs it."""

    sig_deliver = Signal(object)
    """A zero-argument callable to run on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.sig_deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    def _on_deliver(self, fn: Callable[[], None]) -> None:
        fn()


@dataclass
class Op(Generic[T]):
    """One background operation: its future, and the thread the work ran on (tests check it is not the GUI's)."""

    title: str
    future: Future[T] | None = None
    worker_thread: int | None = None
    done: threading.Event = field(default_factory=threading.Event)


def run_op(parent: QObject | None, work: Callable[[], T], *, title: str,
           on_done: Callable[[T], object] | None = None,
           on_error: Callable[[BaseException], object] | None = None) -> Op[T]:
    """Run ``work()`` off the GUI thread; ``on_done(result)`` / ``on_error(exc)`` then run on the GUI thread.

    Without ``on_error`` a failure is shown as a warning titled ``title`` over ``parent``. Nothing is delivered
    when ``parent`` was destroyed meanwhile (its window closed): there is nobody left to tell.
    """
    relay = _Relay()  # made here, on the GUI thread; the closures below keep it alive until it delivered
    app = QCoreApplication.instance()
    if app is not None and relay.thread() is not app.thread():
        relay.moveToThread(app.thread())
    op: Op[T] = Op(title)

    def run() -> T:
        op.worker_thread = threading.get_ident()
        return work()

    def deliver(future: Future[T]) -> None:  # on the pool thread (or here, if it finished already)
        error = future.exception()
        if error is not None:
            log.warning("%s failed: %s", title, describe(error))

        def on_gui() -> None:
            op.done.set()
            relay.deleteLater()
            if parent is not None and not shiboken6.isValid(parent):
                return
            if error is None:
                if on_done is not None:
                    on_done(future.result())
            elif on_error is not None:
                on_error(error)
            else:
                QMessageBox.warning(parent if isinstance(parent, QWidget) else None, title, describe(error))

        relay.sig_deliver.emit(on_gui)

    op.future = _POOL.submit(run)
    op.future.add_done_callback(deliver)
    return op


class Newest(QObject, Generic[T]):
    """At most one operation running and one waiting; a newer request replaces the waiting one.

    For work a person asks for faster than it finishes (scrubbing a take: one decode per mouse move): stale requests
    are dropped, each finished result is delivered, and two never run at once, so the work may share an object that
    is not thread-safe (a frame reader).
    """

    def __init__(self, parent: QObject, *, title: str) -> None:
        super().__init__(parent)
        self.title = title
        self.running: Op[T] | None = None
        self._waiting: tuple[Callable[[], T], Callable[[T], object], Callable[[BaseException], object]] | None = None

    def request(self, work: Callable[[], T], on_done: Callable[[T], object], *,
                on_error: Callable[[BaseException], object] | None = None) -> None:
        """Run ``work`` as soon as the running one finishes (now when idle); ``on_done(result)`` on the GUI thread."""
        self._waiting = (work, on_done, on_error or self._log)
        if self.running is None:
            self._start()

    def _start(self) -> None:
        assert self._waiting is not None
        work, on_done, on_error = self._waiting
        self._waiting = None
        self.running = run_op(self, work, title=self.title, on_done=lambda result: self._then(on_done, result),
                              on_error=lambda error: self._then(on_error, error))

    def _then(self, deliver: Callable[[V], object], value: V) -> None:
        self.running = None
        deliver(value)
        if self._waiting is not None:
            self._start()

    def _log(self, error: BaseException) -> None:
        log.debug("%s: %s", self.title, describe(error))
