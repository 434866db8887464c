"""One frame of a take written as a PNG: for "use this frame as the next shot's reference" and frame export.

Qt-free, so it runs on any thread (the UI runs it as an operation, never on the GUI thread) and is tested without
a display. The frame is decoded at the take's own resolution (``FrameReader.native``: exact, not the player's
display-size copy), then, when a render size is asked for, filled and centre-cropped to it — a reference image
must match the next shot's size exactly (lint SL053).
"""

from __future__ import annotations

from pathlib import Path

from composer.media.decode import FrameReader


def save_frame(reader: FrameReader, frame: int, path: Path, size: tuple[int, int] | None = None) -> Path:
    """Write frame ``frame`` of ``reader``'s take to ``path`` (PNG), at ``size`` (w, h) when given; OSError if not."""
    from PIL import Image

    bgra = reader.native(frame)
    img = Image.fromarray(bgra[..., 2::-1].copy(), "RGB")  # BGRA -> RGB
    if size is not None and img.size != size:
        scale = max(size[0] / img.width, size[1] / img.height)  # fill: no bars, the overflow is cropped
        w, h = max(size[0], round(img.width * scale)), max(size[1], round(img.height * scale))
        img = img.resize((w, h), Image.Resampling.LANCZOS)
        left, top = (w - size[0]) // 2, (h - size[1]) // 2
        img = img.crop((left, top, left + size[0], top + size[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path


def save_take_frame(video: Path, frame: int, path: Path, size: tuple[int, int] | None = None) -> Path:
    """``save_frame`` from a reader of its own (a player's reader belongs to the player's thread)."""
    reader = FrameReader(video, threaded=False)
    try:
        return save_frame(reader, frame, path, size)
    finally:
        reader.close()
