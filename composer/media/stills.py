"""Frames and images written as PNGs at a render size: "use this frame as the next shot's reference", frame export,
and the first frame a chained shot starts on.

Qt-free, so it runs on any thread (the UI runs it as an operation, the queue on its own thread) and is tested
without a display. A frame is decoded at the take's own resolution (``FrameReader.native``: exact, not the player's
display-size copy), then, when a render size is asked for, filled and centre-cropped to it — a reference image
must match the next shot's size exactly (lint SL053).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from composer.errors import DownloadError
from composer.media.decode import FrameReader

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def fit(img: Image, size: tuple[int, int] | None) -> Image:
    """``img`` filled and centre-cropped to ``size`` (w, h): no bars, the overflow is cropped."""
    from PIL import Image as PILImage

    if size is None or img.size == size:
        return img
    scale = max(size[0] / img.width, size[1] / img.height)
    w, h = max(size[0], round(img.width * scale)), max(size[1], round(img.height * scale))
    img = img.resize((w, h), PILImage.Resampling.LANCZOS)
    left, top = (w - size[0]) // 2, (h - size[1]) // 2
    return img.crop((left, top, left + size[0], top + size[1]))


def _write(img: Image, path: Path) -> Path:
    """Write a PNG whole or not at all: a crash mid-write leaves no half image under the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    img.save(part, "PNG")
    os.replace(part, path)
    return path


def save_frame(reader: FrameReader, frame: int, path: Path, size: tuple[int, int] | None = None) -> Path:
    """Write frame ``frame`` of ``reader``'s take to ``path`` (PNG), at ``size`` (w, h) when given; OSError if not."""
    from PIL import Image

    bgra = reader.native(frame)
    return _write(fit(Image.fromarray(bgra[..., 2::-1].copy(), "RGB"), size), path)  # BGRA -> RGB


def save_take_frame(video: Path, frame: int, path: Path, size: tuple[int, int] | None = None) -> Path:
    """``save_frame`` from a reader of its own (a player's reader belongs to the player's thread)."""
    reader = FrameReader(video, threaded=False)
    try:
        return save_frame(reader, frame, path, size)
    finally:
        reader.close()


def save_last_frame(source: Path, path: Path, size: tuple[int, int] | None = None) -> Path:
    """The exact last frame of a take (or an image as it is), fitted to ``size``: what the next shot starts on.

    A header that promises one frame more than the file holds (it happens at an edit list's end) falls back to
    the frame before; DownloadError when the take has no decodable last frame.
    """
    if source.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image

        with Image.open(source) as img:
            return _write(fit(img.convert("RGB"), size), path)
    reader = FrameReader(source, threaded=False)
    try:
        for back in range(1, 4):
            try:
                return save_frame(reader, max(0, reader.frames - back), path, size)
            except DownloadError:
                continue
        raise DownloadError(f"{source.name}: its last frame could not be decoded")
    finally:
        reader.close()
