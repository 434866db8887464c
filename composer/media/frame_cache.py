"""Display-size lossless copies of takes on disk, so a paused seek is one small picture to decode from the start.

Why: a paused seek in the take itself decodes from the previous keyframe — up to a GOP of 720p pictures (GOP 48:
~110 ms on a 2-core machine, longer GOPs worse). The player's in-memory index removes that cost, but only seconds
after a take is opened. This copy removes it before: the queue writes it when a take arrives, and the player
writes it the first time it indexes a take it has no copy of. Every picture is a keyframe (x264, qp 0: lossless),
in yuv420p at the size the player shows, so a frame read from it is bit-identical to the same frame decoded from
the take and scaled (measured 1–2 ms per frame at 360×640; 20–100 KB per frame, about twice the take).

Copies are keyed by the take's content, not its path (the project folder holds a copy of the library's file), and
the folder is kept under SLATE_FRAME_CACHE_MB (default 4096) by dropping the least recently used copies.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
import time
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

VERSION = 1  # bump when the file layout changes: old copies are then never opened and age out
RATE = 24  # proxy timestamps are source frame numbers at this nominal rate (exact through MKV's milliseconds)
DEFAULT_CAP_MB = 4096
STALE_PART_S = 3600  # a writer killed mid-copy (the CLI exiting) leaves a .part; older than this, it is removed
YIELD_S = 0.002  # the background copier's pause between pictures
_OPTIONS = {"qp": "0", "g": "1", "preset": "ultrafast", "tune": "fastdecode"}


def cache_dir() -> Path:
    """$SLATE_FRAME_CACHE, else the user cache dir (platformdirs; $XDG_CACHE_HOME on Linux)."""
    env = os.environ.get("SLATE_FRAME_CACHE")
    if env:
        d = Path(env)
    else:
        import platformdirs

        d = Path(platformdirs.user_cache_dir("slate", appauthor=False)) / "frames"
    d.mkdir(parents=True, exist_ok=True)
    return d


def cap_bytes() -> int:
    """The folder's size limit; SLATE_FRAME_CACHE_MB=0 turns the copies off (seeks then decode the take)."""
    try:
        return max(0, int(os.environ.get("SLATE_FRAME_CACHE_MB", DEFAULT_CAP_MB))) * 2**20
    except ValueError:
        return DEFAULT_CAP_MB * 2**20


def content_key(video: Path) -> str:
    """The take's identity from its size and first and last MiB: cheap, and a copied file keeps it."""
    size = video.stat().st_size
    h = hashlib.sha256(str(size).encode())
    with video.open("rb") as f:
        h.update(f.read(2**20))
        if size > 2**21:
            f.seek(-(2**20), os.SEEK_END)
            h.update(f.read())
    return h.hexdigest()[:32]


def proxy_path(video: Path, width: int, height: int, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{content_key(video)}_{width}x{height}_v{VERSION}.mkv"


class ProxyWriter:
    """Writes display-size yuv420p planes as they are decoded; the copy exists only once ``finish`` renamed it."""

    def __init__(self, final: Path, width: int, height: int) -> None:
        self.final = final
        self.part = final.with_name(f".{final.name}.{os.getpid()}.{threading.get_ident()}.part")
        self.width, self.height = width, height
        self._out: Any = None  # opened at the first picture: the header carries its colour tags
        self._stream: Any = None
        self._last = -1

    def add(self, n: int, planes: np.ndarray, color: tuple[int, int]) -> None:
        """Frame ``n`` of the take (increasing; a repeated or earlier number is skipped)."""
        import av

        if n <= self._last:
            return
        self._last = n
        if self._out is None:
            self._out = av.open(str(self.part), "w", format="matroska")
            self._out.metadata["slate_color"] = f"{color[0]},{color[1]}"
            self._stream = self._out.add_stream("libx264", rate=RATE)
            self._stream.width, self._stream.height = self.width, self.height
            self._stream.pix_fmt = "yuv420p"
            self._stream.options = dict(_OPTIONS)
        frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
        frame.pts, frame.time_base = n, Fraction(1, RATE)
        for packet in self._stream.encode(frame):
            self._out.mux(packet)

    def finish(self) -> Path | None:
        """Close and publish the copy (None when no picture was added)."""
        if self._out is None:
            return None
        for packet in self._stream.encode():
            self._out.mux(packet)
        self._out.close()
        os.replace(self.part, self.final)
        prune(folder=self.final.parent)
        return self.final

    def abort(self) -> None:
        if self._out is not None:
            with contextlib.suppress(Exception):
                self._out.close()
        with contextlib.suppress(OSError):
            self.part.unlink()


class ProxyReader:
    """Frames of a finished copy by number. Not thread-safe: one per caller thread, like FrameReader."""

    def __init__(self, path: Path) -> None:
        import av

        self._container: Any = av.open(str(path), format="matroska")
        self._stream: Any = self._container.streams.video[0]
        self._stream.thread_type = "NONE"  # one small intra picture per request: threads only add latency
        self._tb: Fraction = self._stream.time_base or Fraction(1, 1000)
        tags = {k.lower(): v for k, v in self._container.metadata.items()}
        space, rng = (tags.get("slate_color") or "2,0").split(",")
        self.color = (int(space), int(rng))
        # MKV keeps no frame count; its duration ends one frame after the last picture's timestamp
        self.frames = round((self._container.duration or 0) / 1e6 * RATE)
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used goes first when the folder is over its limit

    def planes(self, n: int) -> np.ndarray | None:
        """Display-size yuv420p of frame ``n``, or None when the copy has no such frame."""
        self._container.seek(int(n / RATE / self._tb), stream=self._stream, backward=True, any_frame=False)
        for picture in self._container.decode(self._stream):
            idx = round(float(picture.pts * self._tb) * RATE)
            if idx == n:
                return picture.to_ndarray()  # type: ignore[no-any-return]
            if idx > n:
                return None
        return None

    def close(self) -> None:
        self._container.close()


def open_proxy(video: Path, width: int, height: int) -> ProxyReader | None:
    """The finished copy of ``video`` at this size, or None (none yet, turned off, or unreadable)."""
    if not cap_bytes() or width % 2 or height % 2:
        return None
    try:
        path = proxy_path(video, width, height)
        return ProxyReader(path) if path.exists() else None
    except Exception:  # noqa: BLE001 - a damaged copy is only a slower seek: the take is decoded instead
        return None


def build(video: Path, width: int | None = None, height: int | None = None, stop: threading.Event | None = None,
          folder: Path | None = None) -> Path | None:
    """Write the copy of ``video`` at this size (default: the player's display size) unless it exists; None when
    stopped or not possible."""
    from composer.media.frames import FrameReader, display_size

    if not cap_bytes():
        return None
    reader = FrameReader(video, threaded=False)
    if width is None or height is None:
        width, height = display_size(reader.src_width, reader.src_height)
    final = proxy_path(video, width, height, folder)
    if width % 2 or height % 2 or final.exists():
        reader.close()
        return None if width % 2 or height % 2 else final
    reader.width, reader.height = width, height
    writer = ProxyWriter(final, width, height)
    try:
        for n, planes in reader.display_frames():
            _wait_turn()
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


def prune(cap: int | None = None, folder: Path | None = None) -> None:
    """Keep the folder under its limit: least recently used copies go first; stale .part files go always."""
    cap = cap_bytes() if cap is None else cap
    now = time.time()
    entries = []
    for p in (folder or cache_dir()).iterdir():
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


def usage_bytes(folder: Path | None = None) -> int:
    """Bytes the finished copies take (what Settings shows next to the limit)."""
    total = 0
    for p in (folder or cache_dir()).glob("*.mkv"):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    return total


def clear(folder: Path | None = None) -> int:
    """Delete every finished copy (Settings' Clear); returns the bytes freed. Copies being written are left alone,
    and a copy a player has open stays readable to it (POSIX) or is skipped (Windows keeps open files)."""
    freed = 0
    for p in (folder or cache_dir()).glob("*.mkv"):
        with contextlib.suppress(OSError):
            size = p.stat().st_size
            p.unlink()
            freed += size
    with _copier_lock:
        _asked.clear()  # asked again later, they are written again
    return freed


# --- the background copier: takes as they arrive, and the takes of the shot on screen -------------------------
_jobs: queue.Queue[tuple[Path, Path]] = queue.Queue()
_copier: threading.Thread | None = None
_copier_lock = threading.Lock()
_asked: set[tuple[str, int, int, str]] = set()  # (path, size, mtime, folder) already queued by this process
_holds = 0
_go = threading.Event()
_go.set()


def hold_copies(hold: bool) -> None:
    """While a take plays, copies wait (libvlc's decoders get the cores); calls nest, one release per hold."""
    global _holds
    with _copier_lock:
        _holds = max(0, _holds + (1 if hold else -1))
        (_go.clear if _holds else _go.set)()


def _wait_turn() -> None:
    """Between pictures: wait while a take plays or a person's seek or step was just decoded."""
    from composer.media.frames import wait_for_quiet

    _go.wait()
    wait_for_quiet()
    # Leave the GIL between pictures: otherwise the GUI thread can wait a whole switch interval (5 ms) for it,
    # twice when the queue thread also runs (benchmarks/queue_load counts the stalls).
    time.sleep(YIELD_S)


def prepare_in_background(video: Path) -> None:
    """Write the copy of a take, one take at a time, on a low-priority daemon thread; asking again is free.

    Never raises: the copy is a speed-up, and a take that cannot be copied is still a good take.
    """
    global _copier
    if not cap_bytes():
        return
    try:
        st = video.stat()
        folder = cache_dir()  # the folder as it is now (tests change it between takes)
    except OSError:
        return
    key = (str(video), st.st_size, st.st_mtime_ns, str(folder))
    with _copier_lock:
        if key in _asked:
            return
        _asked.add(key)
    _jobs.put((video, folder))
    with _copier_lock:
        if _copier is None or not _copier.is_alive():
            _copier = threading.Thread(target=_copy_forever, name="slate-frame-cache", daemon=True)
            _copier.start()


def wait_prepared(timeout: float = 60.0) -> bool:
    """True once every queued copy is written (tests and benchmarks; the app never waits)."""
    deadline = time.monotonic() + timeout
    while _jobs.unfinished_tasks:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _copy_forever() -> None:
    with contextlib.suppress(OSError, AttributeError):  # Linux: nice only this thread; elsewhere run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
    while True:
        video, folder = _jobs.get()
        try:
            with contextlib.suppress(Exception):  # noqa: BLE001 - see prepare_in_background
                build(video, folder=folder)
        finally:
            _jobs.task_done()
