"""Which frame a libvlc picture shows: libvlc hands pictures over without a frame number."""

from __future__ import annotations

import numpy as np

from composer.media.decode import FrameReader


def closest(reader: FrameReader, picture: np.ndarray, around: int, radius: int = 4) -> int:
    """Which frame near ``around`` a picture shows (libvlc gives pictures no frame number)."""
    best, best_err = around, float("inf")
    sub = picture[::4, ::4, :3].astype(np.int16)
    for n in range(max(0, around - radius), min(reader.frames, around + radius + 1)):
        ref = reader.frame(n)
        if ref.shape != picture.shape:
            return around
        err = float(np.abs(ref[::4, ::4, :3].astype(np.int16) - sub).mean())
        if err < best_err - 0.01:
            best, best_err = n, err
    return best
