"""FrameReader returns frame n of the file, whatever order frames are asked in (the paused player relies on it)."""

from __future__ import annotations

import random
from pathlib import Path

import av
import numpy as np
import pytest

from composer.errors import DownloadError
from composer.frames import FrameReader, closest, write_clip

W, H, FPS, N = 96, 64, 24, 90


def _picture(n: int) -> np.ndarray:
    """Frame n carries n in a moving band plus a grey level (every frame differs from its neighbours)."""
    img = np.full((H, W, 3), (n * 2) % 256, np.uint8)
    img[(n * 3) % H:(n * 3) % H + 8, :, 0] = 255
    return img


def _clip(path: Path, bframes: int, gop: int) -> Path:
    return write_clip(path, (_picture(n) for n in range(N)), fps=FPS,
                      options={"bf": str(bframes), "g": str(gop), "crf": "12"})


@pytest.mark.parametrize(("bframes", "gop"), [(0, 12), (3, 12), (3, 48), (2, 250)])
def test_any_order_of_requests_returns_the_exact_frame(tmp_path: Path, bframes: int, gop: int) -> None:
    path = _clip(tmp_path / f"c{bframes}_{gop}.mp4", bframes, gop)
    reference = [f.reformat(width=W, height=H, format="bgra").to_ndarray().astype(np.int16)
                 for f in av.open(str(path)).decode(video=0)]
    reader = FrameReader(path)
    assert (reader.frames, reader.fps) == (N, FPS)
    rng = random.Random(bframes * 100 + gop)
    order = [rng.randrange(N) for _ in range(40)] + list(range(30, 50)) + list(range(50, 20, -1)) + [N - 1, 0]
    for n in order:
        got = reader.frame(n).astype(np.int16)
        errors = [float(np.abs(got - r).mean()) for r in reference]
        assert int(np.argmin(errors)) == n and min(errors) < 0.5, f"asked {n}, got {int(np.argmin(errors))}"


def test_step_back_comes_from_the_cache_and_clamps_at_the_ends(tmp_path: Path) -> None:
    reader = FrameReader(_clip(tmp_path / "c.mp4", 3, 48), width=48, height=32)
    first = reader.frame(40)
    assert first.shape == (32, 48, 4)
    assert reader.frame(39) is reader._cache[39]  # the frame before a target is kept: one step back is free
    assert reader.frame(-5) is reader.frame(0) and reader.frame(10_000) is reader.frame(N - 1)
    assert reader.native(40).shape == (H, W, 4)
    assert closest(reader, first, 37) == 40


def test_not_a_video_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "take.mp4"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(DownloadError, match="take.mp4 is not a playable video"):
        FrameReader(bad)
