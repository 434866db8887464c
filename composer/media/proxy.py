"""The frame-cache copy's file format: display-size yuv420p, every picture a keyframe (x264 qp 0), in MKV.

Every picture is a keyframe and lossless, at the size the player shows, so a frame read from a copy is
bit-identical to the same frame decoded from the take and scaled (1–2 ms per frame at 360×640; 20–100 KB per
frame, about twice the take). The take's colour tags ride in the MKV header, because they must be known when the
header is written. This module knows files only; where copies live and who writes them is ``frame_cache``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

VERSION = 1  # bump when the file layout changes: old copies are then never opened and age out
RATE = 24  # proxy timestamps are source frame numbers at this nominal rate (exact through MKV's milliseconds)
_OPTIONS = {"qp": "0", "g": "1", "preset": "ultrafast", "tune": "fastdecode"}


class ProxyStore(Protocol):
    """Where a reader finds a take's copy and writes one: implemented by ``frame_cache.FrameCache``."""

    def open(self, video: Path, width: int, height: int) -> ProxyReader | None: ...

    def writer(self, video: Path, width: int, height: int) -> ProxyWriter | None: ...


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


class ProxyWriter:
    """Writes display-size yuv420p planes as they are decoded; the copy exists only once ``finish`` renamed it."""

    def __init__(self, final: Path, width: int, height: int, *,
                 on_finish: Callable[[Path], None] | None = None) -> None:
        self.final = final
        self._on_finish = on_finish
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
        if self._on_finish is not None:
            self._on_finish(self.final)
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
