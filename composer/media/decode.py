"""Exact frames of a take by index, for the paused player, frame steps, seeks and frame export.

libvlc 3 plays in sync but cannot show an exact frame while paused: measured on H.264 MP4s, a paused seek lands
0 to 4 frames early (B-frames, varying per position) and about one seek in ten shows no new picture at all. PyAV
decodes by timestamp, so frame ``n`` here is frame ``n`` of the file, and a step is one more decoded picture.
Recently decoded frames stay in a small cache so stepping back is instant.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from composer.errors import DownloadError
from composer.media.gate import DecodeGate
from composer.media.proxy import ProxyReader, ProxyStore, ProxyWriter

RUN_UP_EXACT = 8  # decode every picture for the last frames before a seek target (decoder and reorder delay)
CACHE_FRAMES = 96  # four seconds at 24 fps: step back through a take's last moves without decoding again
MAX_DISPLAY_W = 640  # the player shows takes at most this size (two panes stay under one core)


def display_size(src_w: int, src_h: int, max_w: int = MAX_DISPLAY_W) -> tuple[int, int]:
    """The size the player shows a take at (even, for yuv420p), and so the size of its frame-cache copy."""
    scale = min(1.0, max_w / max(1, src_w), max_w / max(1, src_h))
    return max(2, int(src_w * scale) // 2 * 2), max(2, int(src_h * scale) // 2 * 2)


class FrameReader:
    """Decoded BGRA frames of one video at one output size. Not thread-safe: one reader per caller thread."""

    def __init__(self, path: Path, width: int | None = None, height: int | None = None, *,
                 threaded: bool = True, store: ProxyStore | None = None, gate: DecodeGate | None = None) -> None:
        """``threaded=False`` when several readers decode side by side (one thread each measured fastest).

        ``store`` is where the take's frame-cache copy is found and written (none: always decode the take);
        ``gate`` is shared by every reader and the copier of one app, so a person's seeks come first.
        """
        import av

        self._store = store
        self._gate = gate or DecodeGate()

        self.path = path
        try:
            self._container: Any = av.open(str(path))
            self._stream: Any = self._container.streams.video[0]
        except (av.error.FFmpegError, IndexError, OSError) as e:
            raise DownloadError(f"{path.name} is not a playable video ({type(e).__name__})") from None
        self._stream.thread_type = "AUTO" if threaded else "NONE"
        self.src_width, self.src_height = int(self._stream.width), int(self._stream.height)
        self.fps = float(self._stream.average_rate or 24)
        self._tb: Fraction = self._stream.time_base or Fraction(1, 90_000)
        self._start = int(self._stream.start_time or 0)
        duration_s = float(self._container.duration or 0) / 1e6
        self.frames = int(self._stream.frames or round(duration_s * self.fps))
        self.width = width or self.src_width
        self.height = height or self.src_height
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._color: tuple[int, int] = (2, 0)  # colorspace, range: unspecified until a picture says
        self._index: dict[int, np.ndarray] = {}  # frame -> display-size yuv420p, filled by index_in_background
        self._index_thread: threading.Thread | None = None
        self._index_stop = threading.Event()
        self._index_go = threading.Event()
        self._index_go.set()
        self._decoder: Iterator[Any] | None = None
        self._next = -1  # index the sequential decoder yields next; -1 means it must seek first
        self._proxy: ProxyReader | None = None  # the take's frame-cache copy at this size, once there is one
        self._proxy_checked = False
        self._index_done_at_open = False  # the copy was on disk when indexing was asked for: nothing to index

    @property
    def color(self) -> tuple[int, int]:
        """The take's colour tags (colorspace, range) as its pictures carry them."""
        return self._color

    def index_of(self, frame: Any) -> int:
        """Frame number from the picture's timestamp (edit lists and B-frame delays are already applied)."""
        pts = frame.pts if frame.pts is not None else frame.dts
        return int(round(float((pts - self._start) * self._tb) * self.fps))

    def frame(self, n: int) -> np.ndarray:
        """Frame ``n`` (clamped to the take) as an (height, width, 4) BGRA array."""
        n = max(0, min(n, max(self.frames - 1, 0)))
        cached = self._cache.get(n)
        if cached is not None:
            self._cache.move_to_end(n)
            return cached
        indexed = self._index.get(n)
        proxy = self._proxy_for_size() if indexed is None else None
        if proxy is not None:
            indexed = proxy.planes(n)
        if indexed is not None:
            image = self._to_bgra(indexed)
            self._remember(n, image)
            return image
        self._gate.person_waiting()  # a person is waiting: indexing and copies step aside
        sequential = 0 <= self._next <= n <= self._next + 2 * int(self.fps)
        if not sequential:
            self._seek(n)
            # Run up from the keyframe without the pictures nothing refers to (B-frames): a quarter less work.
            self._skip("NONREF")
        last: np.ndarray | None = None
        for picture in self._pictures():
            idx = self.index_of(picture)
            if idx < n - RUN_UP_EXACT:
                continue
            self._skip("DEFAULT")  # the last frames before n are all decoded, n itself included
            if idx < n and idx != n - 1:
                continue
            if idx > n and not sequential:
                # n itself was a skipped picture (the decoder was still in run-up): decode again, everything.
                self._seek(n)
                return self._decode_all(n)
            image = self._to_bgra(self._display_yuv(picture))
            self._remember(idx, image)
            last = image
            if idx >= n:
                return image
        self._skip("DEFAULT")
        if last is not None:  # past the last frame: the take is shorter than its header said
            self.frames = max(self._cache) + 1
            return last
        raise DownloadError(f"{self.path.name}: frame {n} could not be decoded")

    def _decode_all(self, n: int) -> np.ndarray:
        for picture in self._pictures():
            idx = self.index_of(picture)
            if idx >= n:
                image = self._to_bgra(self._display_yuv(picture))
                self._remember(idx, image)
                return image
        raise DownloadError(f"{self.path.name}: frame {n} could not be decoded")

    def _skip(self, mode: str) -> None:
        if self._stream.codec_context.skip_frame != mode:
            self._stream.codec_context.skip_frame = mode

    def native(self, n: int) -> np.ndarray:
        """Frame ``n`` at the source size (for export), decoded fresh: the cache holds display-size frames."""
        self._seek(max(0, min(n, max(self.frames - 1, 0))))
        for picture in self._pictures():
            if self.index_of(picture) >= n:
                self._next = -1
                return self._convert(picture, self.src_width, self.src_height)
        raise DownloadError(f"{self.path.name}: frame {n} could not be decoded")

    def _proxy_for_size(self) -> ProxyReader | None:
        """The frame-cache copy, looked up once (the size is final by the first request) and after indexing."""
        if not self._proxy_checked:
            self._proxy_checked = True
            self._proxy = self._store.open(self.path, self.width, self.height) if self._store else None
            if self._proxy is not None:
                self._color = self._proxy.color
        return self._proxy

    def close(self) -> None:
        self._index_stop.set()
        self._index_go.set()
        if self._index_thread is not None:
            self._index_thread.join()
        self._container.close()
        if self._proxy is not None:
            self._proxy.close()
        self._gate.release(sum(a.nbytes for a in self._index.values()))
        self._index.clear()

    # --- background index -------------------------------------------------------------------------

    def index_in_background(self) -> None:
        """Decode the whole take once, at display size, on a low-priority thread with its own decoder.

        Why: a paused seek otherwise decodes from the previous keyframe — up to a GOP of pictures (GOP 48 at 720p:
        ~100 ms; a GOP-250 take: several times that). Once indexed, any frame is one colour conversion away
        (< 1 ms). Frames are kept as display-size yuv420p (a third of BGRA) within the gate's budget for all
        readers together; past the budget the rest of the take is decoded on demand as before.
        """
        if self._index_thread is not None or self.width % 2 or self.height % 2:
            return
        if self._proxy_for_size() is not None:  # on disk already: every frame is a ~1 ms lookup from the start
            self._index_done_at_open = True
            return
        self._index_thread = threading.Thread(target=self._build_index, name="slate-frame-index", daemon=True)
        self._index_thread.start()

    def hold_index(self, hold: bool) -> None:
        """Pause the background index (while the take plays, libvlc's decoders get the cores)."""
        if hold:
            self._index_go.clear()
        else:
            self._index_go.set()

    @property
    def indexed(self) -> int:
        """How many frames the background index holds so far (or the frame-cache copy, when there is one)."""
        return len(self._index) or (self._proxy.frames if self._proxy is not None else 0)

    def index_done(self) -> bool:
        if self._index_done_at_open:
            return True
        return self._index_thread is not None and not self._index_thread.is_alive()

    def display_frames(self) -> Iterator[tuple[int, np.ndarray]]:
        """Every frame from the start, in order, as (number, display-size yuv420p): for the frame-cache copy."""
        self._seek(0)
        for picture in self._pictures():
            yield self.index_of(picture), self._display_yuv(picture)

    def _build_index(self) -> None:
        """Decode the take once: frames into memory within the budget, and all of them into the frame-cache copy
        (when there is none yet), so the next time this take opens every frame is on disk from the start."""
        import av

        with contextlib.suppress(OSError, AttributeError):  # Linux: nice only this thread; elsewhere run as is
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        writer: ProxyWriter | None = None
        if self._store is not None:
            with contextlib.suppress(Exception):  # noqa: BLE001 - no copy (cache off, disk full) is a slower seek
                writer = self._store.writer(self.path, self.width, self.height)
        in_budget = True
        try:
            with av.open(str(self.path)) as container:
                stream = container.streams.video[0]
                stream.thread_type = "NONE"
                for picture in container.decode(stream):
                    self._index_go.wait()
                    self._gate.wait_quiet()
                    if self._index_stop.is_set():
                        return
                    if picture.pts is None and picture.dts is None:
                        continue
                    planes = self._display_yuv(picture)
                    n = self.index_of(picture)
                    if writer is not None:
                        writer.add(n, planes, self._color)
                    if in_budget:
                        in_budget = self._gate.reserve(planes.nbytes)
                        if in_budget:
                            self._index[n] = planes
                    if not in_budget and writer is None:
                        return
            if writer is not None:
                writer.finish()
                writer = None
                self._proxy_checked = False  # frames past the budget now come from the copy
        except av.error.FFmpegError:
            return  # a damaged tail: the frames before it are indexed, the rest decode on demand; no copy
        except OSError:
            return  # the copy could not be written (disk full): the index in memory is whole
        finally:
            if writer is not None:
                writer.abort()

    # --- decoding ---------------------------------------------------------------------------------
    def _seek(self, n: int) -> None:
        target = self._start + int(n / self.fps / self._tb)
        self._container.seek(target, stream=self._stream, backward=True, any_frame=False)
        self._decoder = None
        self._next = 0

    def _pictures(self) -> Iterator[Any]:
        if self._decoder is None:
            self._decoder = self._container.decode(self._stream)
        for picture in self._decoder:
            if picture.pts is None and picture.dts is None:
                continue
            self._next = self.index_of(picture) + 1
            yield picture
        self._decoder = None
        self._next = -1

    @staticmethod
    def _convert(picture: Any, width: int, height: int) -> np.ndarray:
        return np.ascontiguousarray(picture.reformat(width=width, height=height, format="bgra").to_ndarray())

    def _display_yuv(self, picture: Any) -> np.ndarray:
        """The picture scaled to display size, still yuv420p (odd sizes: already BGRA, they cannot be 4:2:0)."""
        if self.width % 2 or self.height % 2:
            return self._convert(picture, self.width, self.height)
        self._color = (picture.colorspace, picture.color_range)  # the take's tags (BT.709, full range...)
        planes: np.ndarray = picture.reformat(width=self.width, height=self.height, format="yuv420p").to_ndarray()
        return planes

    def _to_bgra(self, planes: np.ndarray) -> np.ndarray:
        """Display-size yuv420p to BGRA with the take's colour tags. Indexed and freshly decoded frames both pass
        here, so a frame has the same pixels whichever way it came."""
        import av

        if planes.ndim == 3:
            return planes
        frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
        frame.colorspace, frame.color_range = self._color
        return np.ascontiguousarray(frame.reformat(format="bgra").to_ndarray())

    def _remember(self, idx: int, image: np.ndarray) -> None:
        self._cache[idx] = image
        self._cache.move_to_end(idx)
        while len(self._cache) > CACHE_FRAMES:
            self._cache.popitem(last=False)
