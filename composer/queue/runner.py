"""Who runs the queue: one process at a time per queue database, held by an OS file lock (design §6).

Why a lock and not a flag in SQLite: the kernel drops a lock the moment its holder dies (SIGKILL included), so a
crashed runner never leaves a claim that someone must judge stale, and the next runner can recover the jobs the dead
one left in ``submitting`` knowing that nobody is still sending them. Without it, two windows, or the GUI and a
``slate render``, each sent creates for the same confirmed jobs (issue 19: 18 paid POSTs for 10 jobs).

The holder writes who it is (pid, host, command, since) beside the lock, so a second runner can say whom it waits
for instead of failing or silently doing nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from composer.errors import SlateError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(f: IO[bytes]) -> bool:
        try:
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(f: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(f: IO[bytes]) -> bool:
        # flock, not lockf: flock belongs to this open file, so a second Worker in the same process is refused too
        # (POSIX record locks are per process and would let it through).
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(f: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """The process that runs the queue now, as it described itself."""

    pid: int
    host: str
    command: str
    since: float

    def describe(self) -> str:
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        when = time.strftime("%H:%M:%S", time.localtime(self.since))
        return f"Slate (pid {self.pid}{where}, {self.command}) since {when}"


def _command() -> str:
    if "PySide6" in sys.modules:
        return "the desktop app"
    return " ".join(["slate", *sys.argv[1:3]])[:80]


class RunnerLock:
    """The right to advance jobs in one queue database. Non-blocking: ``acquire`` says yes or no at once."""

    def __init__(self, db_path: str) -> None:
        self._memory = db_path == ":memory:"
        self.path = Path(db_path + ".lock")
        self.info_path = Path(db_path + ".owner.json")
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._memory or self._file is not None

    def acquire(self) -> bool:
        """True if this process holds the lock now (it may already have); False if another runner does."""
        if self.held:
            return True
        try:
            f = open(self.path, "a+b")  # noqa: SIM115 - kept open for as long as the lock is held
        except OSError as e:
            raise SlateError(f"could not open the queue's lock file {self.path}: {e.strerror or e}",
                             hint="Check that Slate's data folder is writable (SLATE_DATA_DIR moves it).") from None
        if not _try_lock(f):
            f.close()
            return False
        self._file = f
        # A runner dropped without release (a worker stepped by hand, then forgotten) still closes its file, which
        # frees the lock; quietly, instead of a ResourceWarning from whichever thread collects it.
        weakref.finalize(self, f.close)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": _command(), "since": time.time()}
        with contextlib.suppress(OSError):  # who holds it is for messages only: a failed write costs nothing
            tmp = self.info_path.with_name(f".{self.info_path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(info))
            os.replace(tmp, self.info_path)
        return True

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None

    def holder(self) -> Holder | None:
        """Who holds the lock, as they wrote it; None if nobody does (or this process does)."""
        if self.held:
            return None
        try:
            d = json.loads(self.info_path.read_text())
            return Holder(pid=int(d["pid"]), host=str(d["host"]), command=str(d["command"]), since=float(d["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return Holder(pid=0, host=socket.gethostname(), command="another Slate", since=time.time())
