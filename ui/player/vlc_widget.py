"""One take in the player: libvlc plays it through video callbacks; PyAV supplies the exact frame when paused.

Callbacks run on libvlc's threads: they copy the picture, nothing else (no Qt calls, no GIL-heavy work). The
transport's GUI timer has the view paint the latest picture. PySide6 6.12.0 on Python 3.11 loses a reference to None
on every void PySide6 call and to True on every emit, so a playing player aborts within seconds there: see
pyproject's pin and docs/pyside-pin.md.
"""

from __future__ import annotations

import ctypes
import threading
import time
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QWidget

from composer.media.decode import display_size
from composer.media.services import MediaServices
from ui.player.availability import load_vlc

Picture: TypeAlias = npt.NDArray[np.uint8]
"""One BGRA picture at display size (height, width, 4), as libvlc draws it and the reader decodes it."""


class VlcPlayer:
    """A libvlc player drawing into our buffer, plus a frame reader for exact still frames of the same take."""

    def __init__(self, path: Path, *, alone: bool = True, media: MediaServices | None = None) -> None:
        vlc, instance, problem = load_vlc()
        if vlc is None:
            raise RuntimeError(problem)
        self.path = path
        self.media = media or MediaServices.from_env()
        self.reader = self.media.reader(path, threaded=alone)  # panes decode in parallel, one thread each
        self.w, self.h = display_size(self.reader.src_width, self.reader.src_height)
        self.reader.width, self.reader.height = self.w, self.h
        self.reader.index_in_background()  # seconds after opening, any paused seek is a lookup
        self.fps, self.frames = self.reader.fps, self.reader.frames
        self._buf = (ctypes.c_ubyte * (self.w * self.h * 4))()
        self._arr: Picture = np.ctypeslib.as_array(self._buf).reshape(self.h, self.w, 4)
        self._lock = threading.Lock()
        self.frame: Picture | None = None  # latest picture libvlc displayed
        self.displays = 0  # libvlc display callbacks so far (a paused vout repeats its picture ~15×/s)
        self.last_display = 0.0
        self.still: Picture | None = None  # exact frame shown while paused (from the reader)
        self.still_index = -1
        self.vlc_media = instance.media_new(str(path))  # libvlc's media (self.media is Slate's frame services)
        self.player = instance.media_player_new()
        self.player.set_media(self.vlc_media)
        # Keep references to every ctypes callback for the player's lifetime (GC would crash libvlc).
        self._cbs = (vlc.CallbackDecorators.VideoLockCb(self._on_lock),
                     vlc.CallbackDecorators.VideoUnlockCb(self._on_unlock),
                     vlc.CallbackDecorators.VideoDisplayCb(self._on_display))
        self.player.video_set_callbacks(*self._cbs, None)
        self.player.video_set_format("RV32", self.w, self.h, self.w * 4)
        self._vlc = vlc
        self.paused_at = (0, 0.0)  # (display count, monotonic time) at the last pause()
        self._reviving = False

    # --- libvlc threads ---------------------------------------------------------------------------
    def _on_lock(self, _opaque: Any, planes: Any) -> int:
        planes[0] = ctypes.addressof(self._buf)
        return 0  # never None: unsafe on CPython < 3.12

    def _on_unlock(self, _opaque: Any, _picture: Any, _planes: Any) -> None:
        return None

    def _on_display(self, _opaque: Any, _picture: Any) -> None:
        frame = self._arr.copy()
        with self._lock:
            self.frame = frame
            self.displays += 1
            self.last_display = time.monotonic()

    # --- GUI thread -------------------------------------------------------------------------------
    def latest(self) -> tuple[Picture | None, int]:
        with self._lock:
            return self.frame, self.displays

    def show_still(self, n: int) -> int:
        """Show exactly frame ``n`` (clamped) while paused; returns the frame number shown."""
        n = max(0, min(n, self.frames - 1))
        self.still = self.reader.frame(n)
        self.still_index = n
        return n

    def vlc_seek(self, n: int) -> None:
        """Aim libvlc at the middle of frame ``n``: a frame's start time truncates to the frame before."""
        self.player.set_time(int((n + 0.5) * 1000 / self.fps))

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        self.player.set_pause(1)
        self.paused_at = (self.latest()[1], time.monotonic())

    def seekable(self) -> bool:
        """Paused long enough for a seek to take: libvlc drops one sent right after the pause (measured).

        A player that ran off the end of its take (Ended) cannot seek at all: it is restarted and paused on its
        first picture, then reports seekable like any other.
        """
        state = self.state()
        shown, since = self.paused_at
        if state in ("Ended", "Stopped", "Error"):
            self.player.stop()
            self.player.play()
            self._reviving = True
            self.paused_at = (self.latest()[1], time.monotonic())
            return False
        if self._reviving:
            if state == "Playing" and self.latest()[1] > shown:
                self.pause()
                self._reviving = False
            return False
        return state == "Paused" and (self.latest()[1] > shown + 1 or time.monotonic() - since > 0.15)

    def resume(self) -> None:
        self.player.set_pause(0)

    def state(self) -> str:
        return str(self.player.get_state()).rsplit(".", 1)[-1]

    def set_rate(self, rate: float) -> None:
        self.player.set_rate(rate)

    def set_mute(self, mute: bool) -> None:
        self.player.audio_set_mute(mute)

    def lost_pictures(self) -> int:
        """Pictures libvlc decoded but dropped as late (its own statistics)."""
        stats = self._vlc.MediaStats()
        return int(stats.lost_pictures) if self.vlc_media.get_stats(stats) else 0

    def release(self) -> None:
        self.player.stop()
        self.player.release()
        self.reader.close()

    def image(self, playing: bool) -> QImage | None:
        """The picture to paint: libvlc's latest while playing, the exact still while paused."""
        frame = self.latest()[0] if playing or self.still is None else self.still
        if frame is None:
            return None
        img = QImage(frame.data, frame.shape[1], frame.shape[0], frame.shape[1] * 4, QImage.Format.Format_RGB32)
        return img.copy()  # own the pixels: the array may be replaced by the next callback


class PlayerView(QWidget):
    """Paints the panes side by side (a 2×2 grid for three or four), as an A/B wipe, or as their difference.

    Zoom is shared: the wheel zooms every pane about the same point, so details line up while comparing.
    """

    sig_tick = Signal()
    """The transport's clock ticked and the view looked for a new picture (tests and the benchmark sample what is
    painted on it)."""

    def __init__(self, players: list[VlcPlayer], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.players = players
        self.mode = "side"  # side | wipe | difference
        self.divider = 0.5
        self.zoom = 1.0
        self.center = QPointF(0.5, 0.5)  # zoom centre, as a fraction of the picture
        self.playing = False  # libvlc's pictures are painted (else the exact stills); the transport sets it
        self.setMinimumSize(320, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._painted: tuple[object, ...] = ()
        self._stopped = False

    def stop(self) -> None:
        """No more repaints on ticks (the players are being released)."""
        self._stopped = True

    def show_playing(self, playing: bool) -> None:
        """Paint libvlc's pictures (playing) or the exact stills, from now on."""
        if playing != self.playing:
            self.playing = playing
            self._refresh()

    def tick(self) -> None:
        """The transport's clock ticked while playing: paint libvlc's newest picture, if there is one.

        Called from the transport's own timer, after it has decided what the panes show, so what is painted (and
        sampled on ``sig_tick``) is what the clock just decided; there is no second timer to drift against it.
        """
        if self._stopped:
            return
        self.sig_tick.emit()
        self._refresh()

    def _refresh(self) -> None:
        """Repaint only when there is something new: a new libvlc picture, or a change of stills or mode."""
        key = (self.playing, tuple(p.latest()[1] if self.playing else p.still_index for p in self.players))
        if key != self._painted:
            self._painted = key
            self.update()

    def frames(self) -> list[Picture | None]:
        return [(p.latest()[0] if self.playing or p.still is None else p.still) for p in self.players]

    def composed(self) -> list[QImage]:
        images = [i for i in (p.image(self.playing) for p in self.players) if i is not None]
        if len(images) < len(self.players):
            return images
        if self.mode == "difference" and len(images) >= 2:
            a, b = self.frames()[:2]
            if a is not None and b is not None and a.shape == b.shape:
                d = np.abs(a.astype(np.int16) - b.astype(np.int16)).astype(np.uint8)
                d[..., 3] = 255
                return [QImage(d.data, d.shape[1], d.shape[0], d.shape[1] * 4, QImage.Format.Format_RGB32).copy()]
        if self.mode == "wipe" and len(images) >= 2:
            out = images[0].copy()
            other = images[1].scaled(out.width(), out.height())
            painter = QPainter(out)
            x = int(out.width() * self.divider)
            strip = QRect(x, 0, out.width() - x, out.height())
            painter.drawImage(strip, other, strip)
            painter.setPen(QColor("#ffcc00"))
            painter.drawLine(x, 0, x, out.height())
            painter.end()
            return [out]
        return images

    def _cells(self, count: int) -> list[QRect]:
        cols = count if count <= 2 else 2
        rows = 1 if count <= 2 else 2
        w, h = self.width() // cols, self.height() // rows
        return [QRect((i % cols) * w, (i // cols) * h, w, h) for i in range(count)]

    def _source(self, img: QImage) -> QRectF:
        w, h = img.width() / self.zoom, img.height() / self.zoom
        x = min(max(0.0, self.center.x() * img.width() - w / 2), img.width() - w)
        y = min(max(0.0, self.center.y() * img.height() - h / 2), img.height() - h)
        return QRectF(x, y, w, h)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        images = self.composed()
        for cell, img in zip(self._cells(len(images)), images, strict=False):
            src = self._source(img)
            scale = min(cell.width() / src.width(), cell.height() / src.height())
            w, h = src.width() * scale, src.height() * scale
            target = QRectF(cell.x() + (cell.width() - w) / 2, cell.y() + (cell.height() - h) / 2, w, h)
            painter.drawImage(target, img, src)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Zoom every pane about the picture point under the cursor."""
        cells = self._cells(max(1, len(self.players) if self.mode == "side" else 1))
        pos = event.position()
        cell = next((c for c in cells if c.contains(pos.toPoint())), cells[0])
        fx = (pos.x() - cell.x()) / max(1, cell.width())
        fy = (pos.y() - cell.y()) / max(1, cell.height())
        self.set_zoom(self.zoom * (1.25 if event.angleDelta().y() > 0 else 0.8), QPointF(fx, fy))

    def set_zoom(self, zoom: float, center: QPointF | None = None) -> None:
        self.zoom = min(8.0, max(1.0, zoom))
        if center is not None:
            self.center = center
        self.update()

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        if self.mode == "wipe" and event.buttons():
            self.divider = min(1.0, max(0.0, event.position().x() / max(1, self.width())))
            self.update()

    mousePressEvent = mouseMoveEvent  # noqa: N815
