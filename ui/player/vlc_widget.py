"""One player: libvlc decodes into our buffer through video callbacks; a GUI timer paints the latest frame.

Callbacks run on libvlc's threads: they copy the frame and count it, nothing else (no Qt). The app owns the
frame index (get_time() is too coarse): it is set by seeks and steps and advanced by displayed frames.
"""

from __future__ import annotations

import ctypes
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from composer.library import probe
from ui.player.availability import load_vlc

MAX_DISPLAY_W = 640  # ask vlc for display size, not source size (two panes stay under one core)


class VlcPlayer:
    """libvlc player + frame sink. ``frame`` is the latest BGRA array, ``shown`` the index of that frame."""

    def __init__(self, path: Path) -> None:
        vlc, instance, problem = load_vlc()
        if vlc is None:
            raise RuntimeError(problem)
        self.path = path
        src_w, src_h, self.fps, self.frames = probe(path)
        scale = min(1.0, MAX_DISPLAY_W / src_w)
        self.w, self.h = max(2, int(src_w * scale) // 2 * 2), max(2, int(src_h * scale) // 2 * 2)
        self._buf = (ctypes.c_ubyte * (self.w * self.h * 4))()
        self._arr = np.frombuffer(self._buf, np.uint8).reshape(self.h, self.w, 4)
        self.frame: np.ndarray | None = None
        self.shown = -1
        self.displayed = 0
        self._base = 0
        self._lock = threading.Lock()
        self.player = instance.media_player_new()  # type: ignore[union-attr]
        self.player.set_media(instance.media_new(str(path)))  # type: ignore[union-attr]
        # Keep references to every ctypes callback for the player's lifetime (GC would crash libvlc).
        self._cbs = (vlc.CallbackDecorators.VideoLockCb(self._on_lock),
                     vlc.CallbackDecorators.VideoUnlockCb(self._on_unlock),
                     vlc.CallbackDecorators.VideoDisplayCb(self._on_display))
        self.player.video_set_callbacks(*self._cbs, None)
        self.player.video_set_format("RV32", self.w, self.h, self.w * 4)

    def _on_lock(self, _opaque: Any, planes: Any) -> int:
        planes[0] = ctypes.addressof(self._buf)
        return 0

    def _on_unlock(self, _opaque: Any, _picture: Any, _planes: Any) -> None:
        return None

    def _on_display(self, _opaque: Any, _picture: Any) -> None:
        with self._lock:
            self.frame = self._arr.copy()
            self.shown = self._base + self.displayed
            self.displayed += 1

    # --- transport (GUI thread) -----------------------------------------------------------------
    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        self.player.set_pause(1)

    def is_paused(self) -> bool:
        vlc, _inst, _problem = load_vlc()
        return vlc is not None and self.player.get_state() == vlc.State.Paused

    def resume(self) -> None:
        self.player.set_pause(0)

    def seek(self, frame: int) -> None:
        """Land exactly on ``frame``: aim at the middle of the frame (frame starts truncate to n-1)."""
        frame = max(0, min(frame, max(self.frames - 1, 0)))
        with self._lock:
            self._base, self.displayed = frame, 0
        self._pending = (frame, time.monotonic())
        self.player.set_time(int((frame + 0.5) * 1000 / self.fps))

    def kick(self, after_s: float = 0.25) -> None:
        """A paused seek that produced no picture yet is issued again (libvlc drops one issued mid-seek)."""
        pending = getattr(self, "_pending", None)
        if pending is None:
            return
        age = time.monotonic() - pending[1]
        # Frames already queued in the vout can be displayed right after a seek; only a picture that arrives
        # well after the seek counts, and a seek that got none is sent again.
        settled = getattr(self, "_settle", 0)
        if age > after_s and self.displayed == 0:
            self._settle = 0
            self.seek(pending[0])
        elif age > after_s and settled < 1:
            self._settle = settled + 1
            self.seek(pending[0])  # once more, now that the queue is drained: lands exactly
            self._settle = settled + 1
        elif age > after_s:
            self._pending, self._settle = None, 0

    def step(self) -> None:
        self.player.next_frame()

    def set_rate(self, rate: float) -> None:
        self.player.set_rate(rate)

    def set_mute(self, mute: bool) -> None:
        self.player.audio_set_mute(mute)

    def snapshot(self, path: Path) -> bool:
        return self.player.video_take_snapshot(0, str(path), 0, 0) == 0

    def release(self) -> None:
        self.player.stop()
        self.player.release()

    def image(self) -> QImage | None:
        with self._lock:
            if self.frame is None:
                return None
            frame = self.frame
        img = QImage(frame.data, self.w, self.h, self.w * 4, QImage.Format.Format_RGB32)
        return img.copy()  # own the pixels: the array may be replaced by the next callback


class PlayerView(QWidget):
    """Paints one or more players: side by side, A/B wipe with a draggable divider, or their difference."""

    sig_frame_shown = Signal(int)
    """The frame index now on screen (of the first player)."""

    def __init__(self, players: list[VlcPlayer], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.players = players
        self.mode = "side"  # side | wipe | difference
        self.divider = 0.5
        self.setMinimumSize(320, 180)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(16)
        self._last = -2

    def _tick(self) -> None:
        shown = self.players[0].shown if self.players else -1
        if shown != self._last:
            self._last = shown
            self.sig_frame_shown.emit(shown)
        self.update()

    def composed(self) -> list[QImage]:
        images = [p.image() for p in self.players]
        if any(i is None for i in images):
            return [i for i in images if i is not None]
        if self.mode == "difference" and len(self.players) >= 2:
            a, b = (self.players[0].frame, self.players[1].frame)
            if a is not None and b is not None and a.shape == b.shape:
                d = np.abs(a.astype(np.int16) - b.astype(np.int16)).astype(np.uint8)
                d[..., 3] = 255
                img = QImage(d.data, d.shape[1], d.shape[0], d.shape[1] * 4, QImage.Format.Format_RGB32).copy()
                return [img]
        if self.mode == "wipe" and len(images) >= 2:
            a, b = images[0], images[1]
            out = a.copy()  # type: ignore[union-attr]
            painter = QPainter(out)
            x = int(out.width() * self.divider)
            painter.drawImage(QRect(x, 0, out.width() - x, out.height()), b,  # type: ignore[arg-type]
                              QRect(x, 0, out.width() - x, out.height()))
            painter.setPen(QColor("#ffcc00"))
            painter.drawLine(x, 0, x, out.height())
            painter.end()
            return [out]
        return images  # type: ignore[return-value]

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        images = self.composed()
        if not images:
            return
        cell_w = self.width() // len(images)
        for i, img in enumerate(images):
            scaled = img.scaled(cell_w, self.height(), Qt.AspectRatioMode.KeepAspectRatio)
            x = i * cell_w + (cell_w - scaled.width()) // 2
            painter.drawImage(x, (self.height() - scaled.height()) // 2, scaled)

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        if self.mode == "wipe" and event.buttons():
            self.divider = min(1.0, max(0.0, event.position().x() / max(1, self.width())))
