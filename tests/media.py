"""Clips for tests, benchmarks and the packaging check, generated on the fly (no media is committed)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np


def write_clip(path: Path, pictures: Iterable[np.ndarray], *, fps: int = 24,
               options: dict[str, str] | None = None) -> Path:
    """Encode RGB pictures (height, width, 3) as an H.264 MP4, frame n at time n / fps.

    Tests, benchmarks and the packaging check make their clips with it: frames whose number can be read back from
    the pixels are how the player is proven exact.
    """
    import av

    it = iter(pictures)
    first = next(it)
    with av.open(str(path), "w") as out:
        st: Any = out.add_stream("libx264", rate=fps)
        st.height, st.width = first.shape[:2]
        st.pix_fmt = "yuv420p"
        st.options = options or {}
        for n, img in enumerate(_chain(first, it)):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, fps)
            for packet in st.encode(frame):
                out.mux(packet)
        for packet in st.encode():
            out.mux(packet)
    return path


def _chain(first: np.ndarray, rest: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    yield first
    yield from rest
