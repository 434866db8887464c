"""The animatic: real H.264 at the requested size and length, moving camera, changing captions, stills."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from composer.animatic.render import RenderCancelled, render_clip
from composer.animatic.spec import Caption, ClipSpec, spec_from_hints, spec_from_shot
from composer.document.models import Beat, Camera, ColorAnchor, DialogueLine, Project, RenderSettings, Shot
from composer.errors import InputError


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    spec = ClipSpec(320, 180, 2, title="T", camera_movement="slow push-in", palette=("#204060", "#c08040"),
                    beats=(Caption(0, 1, "first beat"), Caption(1, 2, "second beat")))
    return spec, render_clip(spec, tmp_path_factory.mktemp("clip"), stem="take")


def test_video_is_h264_at_the_requested_size_fps_and_length(clip) -> None:  # type: ignore[no-untyped-def]
    spec, r = clip
    with av.open(str(r.video)) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264" and (s.width, s.height) == (320, 180)
        assert s.average_rate == 24
        n = sum(1 for _ in c.decode(video=0))
    assert n == 48 == r.frames
    assert r.seconds == pytest.approx(2.0)


def test_push_in_changes_the_framing_over_time(clip) -> None:  # type: ignore[no-untyped-def]
    _spec, r = clip
    f = _frames(r.video)
    top = slice(0, 120)  # above the caption strip
    assert np.abs(f[0][top].astype(int) - f[-1][top].astype(int)).mean() > 2


def test_captions_change_with_the_beat_and_hold_within_it(clip) -> None:  # type: ignore[no-untyped-def]
    _spec, r = clip
    f = _frames(r.video)
    strip = slice(150, 180)  # caption text rows (below the timecode line)
    within = np.abs(f[2][strip].astype(int) - f[20][strip].astype(int)).mean()
    across = np.abs(f[20][strip].astype(int) - f[30][strip].astype(int)).mean()
    assert across > within + 1


def test_thumbnail_is_webp_and_spritesheet_is_a_jpeg_grid(clip) -> None:  # type: ignore[no-untyped-def]
    _spec, r = clip
    with Image.open(r.thumbnail) as t:
        assert t.format == "WEBP" and t.width == 320
    with Image.open(r.spritesheet) as s:
        assert s.format == "JPEG" and s.size == (160 * 5, 90 * 2)


def test_reference_image_becomes_the_background(tmp_path: Path) -> None:
    Image.new("RGB", (320, 180), (200, 30, 30)).save(tmp_path / "ref.png")
    r = render_clip(ClipSpec(320, 180, 1, reference_image=tmp_path / "ref.png"), tmp_path, stem="ref")
    top = _frames(r.video)[0][:100].reshape(-1, 3).mean(axis=0)
    assert top[0] > 150 and top[1] < 80 and top[2] < 80


def test_cancel_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(RenderCancelled):
        render_clip(ClipSpec(320, 180, 2), tmp_path, stem="c", cancel=stop)
    assert not list(tmp_path.iterdir())


def test_odd_size_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="odd side"):
        render_clip(ClipSpec(321, 180, 1), tmp_path)


def test_spec_from_shot_maps_beats_dialogue_palette_and_move() -> None:
    shot = Shot(title="T", beats=[Beat(text="a"), Beat(text="b", start=5, end=8)],
                dialogue=[DialogueLine(speaker="Ana", line="Hi")], camera=Camera(movement="pan left"),
                palette=[ColorAnchor(name="teal", hex="#1f8a8a")], render=RenderSettings(size="720x1280", seconds=8))
    spec = spec_from_shot(shot, Project(shots=[shot]))
    assert (spec.width, spec.height, spec.seconds) == (720, 1280, 8.0)
    assert [c.text for c in spec.beats] == ["a", "b"] and spec.beats[1].start == 5
    assert spec.dialogue[0].text == "Ana: Hi" and spec.palette == ("#1f8a8a",)
    assert spec.camera_movement == "pan left"


def test_spec_from_a_bare_prompt_captions_its_sentences() -> None:
    spec = spec_from_hints({}, width=320, height=180, seconds=4, prompt="A fox runs. It stops. It looks back.")
    assert [c.text for c in spec.beats] == ["A fox runs.", "It stops.", "It looks back."]
