"""FrameReader returns frame n of the file, whatever order frames are asked in (the paused player relies on it)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import av
import numpy as np
import pytest

from composer.errors import DownloadError
from composer.media.decode import FrameReader
from composer.media.gate import DecodeGate
from tests.media import write_clip

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


def test_not_a_video_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "take.mp4"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(DownloadError, match="take.mp4 is not a playable video"):
        FrameReader(bad)


def _wait_indexed(reader: FrameReader) -> None:
    deadline = time.monotonic() + 30
    while not reader.index_done():
        assert time.monotonic() < deadline, "the background index never finished"
        time.sleep(0.01)


@pytest.mark.parametrize(("bframes", "gop"), [(0, 48), (3, 250)])
def test_indexed_frames_are_the_decoded_frames_without_decoding_again(tmp_path: Path, bframes: int,
                                                                      gop: int) -> None:
    path = _clip(tmp_path / "c.mp4", bframes, gop)
    fresh = FrameReader(path, width=48, height=32)
    reader = FrameReader(path, width=48, height=32)
    reader.index_in_background()
    _wait_indexed(reader)
    assert reader.indexed == N
    for n in random.Random(gop).sample(range(N), 30):
        assert np.array_equal(reader.frame(n), fresh.frame(n)), n
    assert reader._decoder is None and reader._next == -1  # every answer came from the index, not a seek
    reader.close()
    fresh.close()


def test_index_stays_within_its_budget_and_frames_past_it_still_decode(tmp_path: Path) -> None:
    path = _clip(tmp_path / "c.mp4", 3, 48)
    per_frame = 48 * 32 * 3 // 2
    gate = DecodeGate(index_budget=20 * per_frame)  # shared by every reader of one app
    reader = FrameReader(path, width=48, height=32, gate=gate)
    reader.index_in_background()
    _wait_indexed(reader)
    assert reader.indexed == 20
    fresh = FrameReader(path, width=48, height=32)
    assert np.array_equal(reader.frame(70), fresh.frame(70))  # past the budget: decoded on demand, same pixels
    assert gate.index_used == 20 * per_frame
    reader.close()
    assert gate.index_used == 0  # closing a reader gives its share back
    fresh.close()


def test_a_held_index_waits_and_closing_stops_it(tmp_path: Path) -> None:
    reader = FrameReader(_clip(tmp_path / "c.mp4", 0, 12), width=48, height=32)
    reader.hold_index(True)
    reader.index_in_background()
    time.sleep(0.3)
    assert reader.indexed == 0  # held while the take plays: libvlc gets the cores
    reader.hold_index(False)
    _wait_indexed(reader)
    assert reader.indexed == N
    reader.close()
    assert reader.indexed == 0
