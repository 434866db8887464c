"""The frame-cache copy: bit-identical frames, found by content, written once, never trusted when damaged."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from composer.media.decode import FrameReader
from composer.media.frame_cache import STALE_PART_S, FrameCache
from composer.media.gate import DecodeGate
from composer.media.services import MediaServices
from tests.media import write_clip
from tests.unit.test_frames import _wait_indexed

W, H, FPS, N = 96, 64, 24, 90
DW, DH = 48, 32  # the display size the copy is made at (smaller than the take, as in the player)


def _picture(n: int) -> np.ndarray:
    img = np.full((H, W, 3), (n * 2) % 256, np.uint8)
    img[(n * 3) % H:(n * 3) % H + 8, :, 0] = 255
    img[:, (n * 5) % W:(n * 5) % W + 6, 2] = 200
    return img


def _clip(path: Path, bframes: int = 3, gop: int = 48) -> Path:
    """BT.709 full range: the copy must carry the take's colour tags, or its frames convert to other pixels."""
    return write_clip(path, (_picture(n) for n in range(N)), fps=FPS,
                      options={"bf": str(bframes), "g": str(gop), "crf": "12",
                               "x264-params": "fullrange=on:colormatrix=bt709"})


def _decoded(path: Path, frames: list[int]) -> dict[int, np.ndarray]:
    """The frames decoded from the take itself (a reader with no frame cache)."""
    reader = FrameReader(path, DW, DH)
    out = {n: reader.frame(n).copy() for n in frames}
    assert reader._proxy is None
    reader.close()
    return out


@pytest.mark.parametrize(("bframes", "gop"), [(0, 48), (3, 250)])
def test_frames_from_the_copy_are_the_decoded_frames(media: MediaServices, tmp_path: Path,
                                                     bframes: int, gop: int) -> None:
    path = _clip(tmp_path / "take.mp4", bframes, gop)
    order = random.Random(gop).sample(range(N), 40) + [N - 1, 0]
    expected = _decoded(path, order)
    assert media.cache.build(path, DW, DH) == media.cache.path_for(path, DW, DH)
    reader = media.reader(path, DW, DH)
    for n in order:
        assert np.array_equal(reader.frame(n), expected[n]), n
    assert reader.color == (1, 2)  # BT.709, full range: read from the copy, as the take's pictures say
    assert reader._decoder is None and reader._next == -1  # no answer needed the take's decoder
    reader.close()


def test_a_take_with_a_copy_is_indexed_the_moment_it_opens(media: MediaServices, tmp_path: Path) -> None:
    path = _clip(tmp_path / "take.mp4")
    media.cache.build(path, DW, DH)
    reader = media.reader(path, DW, DH)
    reader.index_in_background()
    assert reader.index_done() and reader.indexed == N
    assert reader._index_thread is None  # nothing to decode in the background
    reader.close()


def test_indexing_writes_the_copy_and_a_copied_take_finds_it(media: MediaServices, tmp_path: Path) -> None:
    (tmp_path / "library").mkdir()
    path = _clip(tmp_path / "library" / "take.mp4")
    first = media.reader(path, DW, DH)
    first.index_in_background()
    _wait_indexed(first)
    first.close()
    proxy = media.cache.path_for(path, DW, DH)
    assert proxy.exists()
    assert not [p for p in proxy.parent.iterdir() if p.name.endswith(".part")]
    project_copy = tmp_path / "project" / "media" / "take.mp4"  # the project keeps its own copy of the file
    project_copy.parent.mkdir(parents=True)
    shutil.copyfile(path, project_copy)
    second = media.reader(project_copy, DW, DH)
    second.index_in_background()
    assert second.index_done() and second._index_thread is None
    expected = _decoded(path, [5, 61, 89])
    assert all(np.array_equal(second.frame(n), expected[n]) for n in expected)
    second.close()


def test_a_damaged_copy_is_ignored_and_replaced(media: MediaServices, tmp_path: Path) -> None:
    path = _clip(tmp_path / "take.mp4")
    proxy = media.cache.path_for(path, DW, DH)
    proxy.write_bytes(b"\x1aE\xdf\xa3 not a matroska file" * 50)
    reader = media.reader(path, DW, DH)
    expected = _decoded(path, [37])
    assert np.array_equal(reader.frame(37), expected[37])  # decoded from the take instead
    reader.index_in_background()
    _wait_indexed(reader)
    reader.close()
    fixed = media.cache.open(path, DW, DH)
    assert fixed is not None and fixed.frames == N
    fixed.close()


def test_closing_while_indexing_leaves_no_copy_and_no_part(media: MediaServices, tmp_path: Path) -> None:
    path = _clip(tmp_path / "take.mp4")
    reader = media.reader(path, DW, DH)
    reader.hold_index(True)  # the take plays: the index waits, its copy half-written
    reader.index_in_background()
    time.sleep(0.2)
    reader.close()
    assert not media.cache.folder.exists() or list(media.cache.folder.iterdir()) == []


def test_turned_off_means_no_copy_anywhere(tmp_path: Path) -> None:
    off = FrameCache(tmp_path / "frames", 0, DecodeGate())
    media = MediaServices(gate=off.gate, cache=off)
    path = _clip(tmp_path / "take.mp4")
    assert media.cache.build(path, DW, DH) is None
    reader = media.reader(path, DW, DH)
    reader.index_in_background()
    _wait_indexed(reader)
    assert reader.indexed == N  # the index in memory still works
    reader.close()
    assert not media.cache.folder.exists() or list(media.cache.folder.iterdir()) == []


def test_prune_drops_the_least_recently_used_copies_and_stale_parts(media: MediaServices, tmp_path: Path) -> None:
    folder = media.cache.folder
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for i, age in enumerate((300, 200, 100)):
        f = folder / f"k{i}_48x32_v1.mkv"
        f.write_bytes(b"x" * 1000)
        os.utime(f, (now - age, now - age))
    stale = folder / ".old.mkv.1.2.part"
    stale.write_bytes(b"x")
    os.utime(stale, (now - 2 * STALE_PART_S,) * 2)
    fresh = folder / ".new.mkv.1.3.part"  # another process is writing it right now
    fresh.write_bytes(b"x")
    media.cache.prune(cap=2000)
    assert sorted(p.name for p in folder.iterdir()) == [".new.mkv.1.3.part", "k1_48x32_v1.mkv", "k2_48x32_v1.mkv"]


def test_opening_a_copy_marks_it_recently_used(media: MediaServices, tmp_path: Path) -> None:
    path = _clip(tmp_path / "take.mp4")
    proxy = media.cache.build(path, DW, DH)
    assert proxy is not None
    os.utime(proxy, (1, 1))
    reader = media.cache.open(path, DW, DH)
    assert reader is not None and proxy.stat().st_mtime > time.time() - 60
    reader.close()


def test_the_background_copier_waits_while_held_and_asks_once(media: MediaServices, tmp_path: Path) -> None:
    path = _clip(tmp_path / "take.mp4")
    w, h = W, H  # display_size of a take this small is its own size
    media.gate.hold_copies(True)  # a take is playing
    try:
        media.cache.prepare_in_background(path)
        time.sleep(0.5)
        assert media.cache.open(path, w, h) is None
    finally:
        media.gate.hold_copies(False)
    assert media.cache.wait_prepared(60)
    copy = media.cache.open(path, w, h)
    assert copy is not None and copy.frames == N
    copy.close()
    media.cache.prepare_in_background(path)  # asked again (the shot's takes listed again): nothing queued
    assert media.cache._jobs.unfinished_tasks == 0


def test_the_cache_follows_slate_data_dir_unless_it_has_its_own_folder(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """SLATE_DATA_DIR moves every file Slate writes (tests, scripts, portable installs), the frame cache too."""
    monkeypatch.delenv("SLATE_FRAME_CACHE", raising=False)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    assert MediaServices.from_env().cache.folder == tmp_path / "data" / "cache" / "frames"
    monkeypatch.setenv("SLATE_FRAME_CACHE", str(tmp_path / "elsewhere"))
    assert MediaServices.from_env().cache.folder == tmp_path / "elsewhere"
