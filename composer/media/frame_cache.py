"""Display-size lossless copies of takes on disk, so a paused seek is one small picture to decode from the start.

Why: a paused seek in the take itself decodes from the previous keyframe — up to a GOP of 720p pictures (GOP 48:
~110 ms on a 2-core machine, longer GOPs worse). The player's in-memory index removes that cost, but only seconds
after a take is opened. A copy (format: ``composer.media.proxy``) removes it before: the queue writes it when a
take arrives, the take browser for the shot on screen, and the player the first time it indexes a take it has no
copy of. Copies are keyed by the take's content, not its path (the project folder holds a copy of the library's
file), and the folder is kept under its cap by dropping the least recently used copies.

One ``FrameCache`` per app, made where the app is composed (``MediaServices``) and handed to whoever needs it.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from pathlib import Path

from composer.media.decode import FrameReader, display_size
from composer.media.gate import DecodeGate
from composer.media.proxy import VERSION, ProxyReader, ProxyWriter, content_key
from composer.project import paths

DEFAULT_CAP_MB = 4096
STALE_PART_S = 3600  # a writer killed mid-copy (the CLI exiting) leaves a .part; older than this, it is removed


def cap_from_env() -> int:
    """SLATE_FRAME_CACHE_MB (default 4096); 0 turns the copies off (seeks then decode the take)."""
    try:
        return max(0, int(os.environ.get("SLATE_FRAME_CACHE_MB", DEFAULT_CAP_MB))) * 2**20
    except ValueError:
        return DEFAULT_CAP_MB * 2**20


class FrameCache:
    """The copies in one folder under one size cap, and the background copier that writes them."""

    def __init__(self, folder: Path, cap_bytes: int, gate: DecodeGate) -> None:
        self.folder = folder
        self.cap_bytes = cap_bytes
        self.gate = gate
        self._jobs: queue.Queue[Path] = queue.Queue()
        self._copier: threading.Thread | None = None
        self._lock = threading.Lock()
        self._asked: set[tuple[str, int, int]] = set()  # (path, size, mtime) already queued

    @classmethod
    def from_env(cls, gate: DecodeGate) -> FrameCache:
        return cls(paths.frame_cache_dir(), cap_from_env(), gate)

    @property
    def enabled(self) -> bool:
        return self.cap_bytes > 0

    def _dir(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder

    def path_for(self, video: Path, width: int, height: int) -> Path:
        return self._dir() / f"{content_key(video)}_{width}x{height}_v{VERSION}.mkv"

    # --- ProxyStore: what a FrameReader asks ------------------------------------------------
    def open(self, video: Path, width: int, height: int) -> ProxyReader | None:
        """The finished copy of ``video`` at this size, or None (none yet, turned off, or unreadable)."""
        if not self.enabled or width % 2 or height % 2:
            return None
        try:
            path = self.path_for(video, width, height)
            return ProxyReader(path) if path.exists() else None
        except Exception:  # noqa: BLE001 - a damaged copy is only a slower seek: the take is decoded instead
            return None

    def writer(self, video: Path, width: int, height: int) -> ProxyWriter | None:
        """A writer for a new copy (None when copies are off); the copy exists once its ``finish`` renamed it."""
        if not self.enabled or width % 2 or height % 2:
            return None
        return ProxyWriter(self.path_for(video, width, height), width, height, on_finish=lambda _p: self.prune())

    # --- writing copies ---------------------------------------------------------------------
    def build(self, video: Path, width: int | None = None, height: int | None = None,
              stop: threading.Event | None = None) -> Path | None:
        """Write the copy of ``video`` at this size (default: the player's display size) unless it exists; None
        when stopped or not possible."""
        if not self.enabled:
            return None
        reader = FrameReader(video, threaded=False, gate=self.gate)
        try:
            if width is None or height is None:
                width, height = display_size(reader.src_width, reader.src_height)
            if width % 2 or height % 2:
                return None
            final = self.path_for(video, width, height)
            if final.exists():
                return final
            reader.width, reader.height = width, height
            writer = ProxyWriter(final, width, height, on_finish=lambda _p: self.prune())
            try:
                for n, planes in reader.display_frames():
                    self.gate.wait_turn()
                    if stop is not None and stop.is_set():
                        writer.abort()
                        return None
                    writer.add(n, planes, reader.color)
                return writer.finish()
            except Exception:
                writer.abort()
                raise
        finally:
            reader.close()

    def prepare_in_background(self, video: Path) -> None:
        """Write the copy of a take, one take at a time, on a low-priority daemon thread; asking again is free.

        Never raises: the copy is a speed-up, and a take that cannot be copied is still a good take.
        """
        if not self.enabled:
            return
        try:
            st = video.stat()
        except OSError:
            return
        key = (str(video), st.st_size, st.st_mtime_ns)
        with self._lock:
            if key in self._asked:
                return
            self._asked.add(key)
            self._jobs.put(video)
            if self._copier is None or not self._copier.is_alive():
                self._copier = threading.Thread(target=self._copy_forever, name="slate-frame-cache", daemon=True)
                self._copier.start()

    def wait_prepared(self, timeout: float = 60.0) -> bool:
        """True once every queued copy is written (tests and benchmarks; the app never waits)."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _copy_forever(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # Linux: nice only this thread; elsewhere run as is
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        while True:
            video = self._jobs.get()
            try:
                with contextlib.suppress(Exception):  # noqa: BLE001 - see prepare_in_background
                    self.build(video)
            finally:
                self._jobs.task_done()

    # --- the folder -------------------------------------------------------------------------
    def prune(self, cap: int | None = None) -> None:
        """Keep the folder under its cap: least recently used copies go first; stale .part files go always."""
        cap = self.cap_bytes if cap is None else cap
        now = time.time()
        entries = []
        for p in self._dir().iterdir():
            with contextlib.suppress(OSError):
                st = p.stat()
                if p.name.endswith(".part"):
                    if now - st.st_mtime > STALE_PART_S:
                        p.unlink()
                    continue
                entries.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in entries)
        for _, size, p in sorted(entries):
            if total <= cap:
                break
            with contextlib.suppress(OSError):
                p.unlink()
                total -= size

    def usage_bytes(self) -> int:
        """Bytes the finished copies take (what Settings shows next to the cap)."""
        total = 0
        for p in self._dir().glob("*.mkv"):
            with contextlib.suppress(OSError):
                total += p.stat().st_size
        return total

    def clear(self) -> int:
        """Delete every finished copy (Settings' Clear); returns the bytes freed. Copies being written are left
        alone, and a copy a player has open stays readable to it (POSIX) or is skipped (Windows keeps open files)."""
        freed = 0
        for p in self._dir().glob("*.mkv"):
            with contextlib.suppress(OSError):
                size = p.stat().st_size
                p.unlink()
                freed += size
        with self._lock:
            self._asked.clear()  # asked again later, they are written again
        return freed
