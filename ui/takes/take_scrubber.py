"""Scrub a take by moving the mouse across its picture: left edge = first frame, right edge = last frame.

Frames come from composer.media at thumbnail size (exact, and cached as the pointer moves back and forth), so this
works for every take on disk, with or without a spritesheet from the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from composer.errors import SlateError
from composer.media.decode import FrameReader
from composer.media.services import MediaServices

WIDTH = 256


class TakeScrubber(QLabel):
    def __init__(self, parent: QWidget | None = None, *, media: MediaServices | None = None) -> None:
        super().__init__(parent)
        self.media = media or MediaServices.from_env()
        self.setMouseTracking(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(WIDTH, WIDTH * 9 // 16)
        self.setAccessibleName("take scrubber")
        self.setToolTip("Move the mouse across the picture to scrub through the take")
        self._reader: FrameReader | None = None
        self.frame = -1
        self.set_video(None)

    def set_video(self, path: Path | None) -> None:
        if self._reader is not None:
            self._reader.close()
        self._reader, self.frame = None, -1
        if path is None:
            self.setPixmap(QPixmap())
            self.setText("Select a take to scrub through it")
            return
        try:
            self._reader = self.media.reader(path)
        except SlateError as e:
            self.setPixmap(QPixmap())
            self.setText(str(e))
            return
        src_w, src_h = self._reader.src_width, self._reader.src_height
        scale = WIDTH / max(src_w, src_h)
        self._reader.width = max(2, int(src_w * scale) // 2 * 2)
        self._reader.height = max(2, int(src_h * scale) // 2 * 2)
        self.show_frame(0)

    def show_frame(self, n: int) -> None:
        if self._reader is None:
            return
        n = max(0, min(n, self._reader.frames - 1))
        if n == self.frame:
            return
        try:
            pixels = self._reader.frame(n)
        except SlateError as e:
            self.setText(str(e))
            return
        self.frame = n
        img = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 4, QImage.Format.Format_RGB32)
        self.setPixmap(QPixmap.fromImage(img.copy()))

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        if self._reader is not None:
            fraction = min(1.0, max(0.0, event.position().x() / max(1, self.width())))
            self.show_frame(round(fraction * (self._reader.frames - 1)))
