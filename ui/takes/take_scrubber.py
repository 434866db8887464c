"""Scrub a take by moving the mouse across its picture: left edge = first frame, right edge = last frame.

Frames come from composer.media at thumbnail size (exact, and cached as the pointer moves back and forth), so this
works for every take on disk, with or without a spritesheet from the server. Opening the take and decoding run off
the GUI thread, one at a time (``ui.ops.Newest``): the pointer never waits for a decode, a request the pointer has
already left behind is dropped, and the newest finished frame is the one shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from composer.media.decode import FrameReader
from composer.media.services import MediaServices
from ui.ops.operation import Newest, describe

WIDTH = 256


@dataclass(frozen=True)
class Still:
    """One decoded frame of the take now open (or ``frames == 0``: no take)."""

    frame: int
    frames: int
    image: QImage | None


class _Source:
    """The open take. Only ever used by one operation at a time (``Newest``), never on the GUI thread."""

    def __init__(self, media: MediaServices) -> None:
        self.media = media
        self.reader: FrameReader | None = None

    def open(self, path: Path | None) -> Still:
        self.close()
        if path is None:
            return Still(-1, 0, None)
        reader = self.media.reader(path)
        scale = WIDTH / max(reader.src_width, reader.src_height)
        reader.width = max(2, int(reader.src_width * scale) // 2 * 2)
        reader.height = max(2, int(reader.src_height * scale) // 2 * 2)
        self.reader = reader
        return self.decode(0)

    def decode(self, n: int) -> Still:
        if self.reader is None:
            return Still(-1, 0, None)
        pixels = self.reader.frame(n)
        img = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 4, QImage.Format.Format_RGB32)
        return Still(n, self.reader.frames, img.copy())  # the copy owns its pixels; the array may be reused

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None


class TakeScrubber(QLabel):
    def __init__(self, parent: QWidget | None = None, *, media: MediaServices | None = None) -> None:
        super().__init__(parent)
        self.media = media or MediaServices.from_env()
        self.setMouseTracking(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(WIDTH, WIDTH * 9 // 16)
        self.setAccessibleName("take scrubber")
        self.setToolTip("Move the mouse across the picture to scrub through the take")
        self._source = _Source(self.media)
        self._decodes: Newest[Still] = Newest(self, title="Scrub the take")
        self.frames = 0  # of the take shown; 0 until it is open
        self.frame = -1  # shown now
        self._wanted = -1  # asked for last
        self._take = 0  # which set_video the results belong to
        self.set_video(None)

    def set_video(self, path: Path | None) -> None:
        """Show ``path`` from its first frame (opened off the GUI thread); None shows the hint."""
        self._take += 1  # results still arriving for the previous take are not shown
        self.frames, self.frame, self._wanted = 0, -1, 0
        self.setPixmap(QPixmap())
        self.setText("Select a take to scrub through it" if path is None else "Opening the take…")
        self._ask(lambda: self._source.open(path))

    def show_frame(self, n: int) -> None:
        """Ask for frame ``n`` (clamped); shown when decoded, unless a newer frame was asked for meanwhile."""
        if self.frames <= 0:
            return
        n = max(0, min(n, self.frames - 1))
        if n != self._wanted:
            self._wanted = n
            self._ask(lambda: self._source.decode(n))

    def _ask(self, work: Callable[[], Still]) -> None:
        take = self._take
        self._decodes.request(work, lambda still: self._show(take, still),
                              on_error=lambda error: self._failed(take, error))

    def _show(self, take: int, still: Still) -> None:
        if take != self._take:
            return
        self.frames = still.frames
        if still.image is not None:
            self.frame = still.frame
            self.setPixmap(QPixmap.fromImage(still.image))

    def _failed(self, take: int, error: BaseException) -> None:
        if take == self._take:
            self.setPixmap(QPixmap())
            self.setText(describe(error))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.frames > 0:
            fraction = min(1.0, max(0.0, event.position().x() / max(1, self.width())))
            self.show_frame(round(fraction * (self.frames - 1)))
