"""The animatic: real H.264 + AAC at the requested size and length, a moving layout, timed cards, stills."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from composer.animatic import hud
from composer.animatic.plan import make_plan
from composer.animatic.render import RenderCancelled, render_clip
from composer.animatic.spec import Caption, ClipSpec, Line, spec_from_hints, spec_from_shot
from composer.document.models import Beat, Camera, ColorAnchor, DialogueLine, Project, RenderSettings, Shot
from composer.errors import InputError

SPEC = ClipSpec(320, 180, 2, title="T", camera_movement="slow push-in", framing="medium shot",
                palette=("#204060", "#c08040", "#e0d0b0"), setting="A woman waits in a small kitchen.",
                beats=(Caption(0, 1, "first beat"), Caption(1, 2, "second beat")))


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def band(spec: ClipSpec) -> slice:
    """The rows between the top text block and the subtitles: picture only."""
    lay = hud.layout(spec.width, spec.height, card_lines=1, notes=len(make_plan(spec).notes), diagram=True)
    return slice(lay.band[0], lay.band[1])


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return SPEC, render_clip(SPEC, tmp_path_factory.mktemp("clip"), stem="take")


def test_video_is_h264_with_an_aac_track_at_the_requested_size_fps_and_length(clip) -> None:  # type: ignore[no-untyped-def]
    spec, r = clip
    with av.open(str(r.video)) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264" and (s.width, s.height) == (320, 180)
        assert s.average_rate == 24
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac" and a.rate == 48000
        n = sum(1 for _ in c.decode(video=0))
    assert n == 48 == r.frames
    assert r.seconds == pytest.approx(2.0)


def test_push_in_changes_the_framing_over_time(clip) -> None:  # type: ignore[no-untyped-def]
    spec, r = clip
    f = frames(r.video)
    rows = band(spec)
    assert np.abs(f[0][rows].astype(int) - f[-1][rows].astype(int)).mean() > 4


def test_beat_card_changes_with_the_beat_and_holds_within_it(clip) -> None:  # type: ignore[no-untyped-def]
    spec, r = clip
    f = frames(r.video)
    lay = hud.layout(spec.width, spec.height, card_lines=1, notes=len(make_plan(spec).notes), diagram=True)
    assert lay.card is not None
    x0, y0, x1, y1 = lay.card
    card = (slice(y0 + lay.pad, y1), slice(x0, x1))  # below the header, whose timecode digits differ
    within = np.abs(f[30][card].astype(int) - f[40][card].astype(int)).mean()
    across = np.abs(f[20][card].astype(int) - f[30][card].astype(int)).mean()
    assert across > within + 3


def test_each_line_is_subtitled_while_it_is_spoken_and_nothing_is_between_lines(tmp_path: Path) -> None:
    spec = ClipSpec(640, 360, 6, camera_movement="static on tripod", setting="A kitchen.",
                    dialogue=(Line("Ana", "", "Hello there."), Line("Ben", "", "Good morning to you.")))
    plan = make_plan(spec)
    (a, b) = plan.cues
    assert a.end < b.start  # a gap between the lines, and none before the first
    lay = hud.layout(spec.width, spec.height, card_lines=1, notes=len(plan.notes), diagram=True)
    assert lay.subtitle is not None
    x0, y0, x1, y1 = lay.subtitle
    f = frames(render_clip(spec, tmp_path).video)

    def sub(t: float) -> np.ndarray:
        return f[round(t * spec.fps)][y0:y1, x0:x1].astype(int)

    def diff(p: np.ndarray, q: np.ndarray) -> float:
        """Share of the subtitle box's pixels that differ visibly (by more than 24 levels in a channel)."""
        return float((np.abs(p - q).max(axis=2) > 24).mean())
    silent = [sub(0.3), sub((a.end + b.start) / 2), sub(5.8)]
    first = [sub(a.start + 0.2), sub(a.end - 0.2)]
    second = [sub(b.start + 0.2), sub(b.end - 0.2)]
    assert max(diff(silent[0], s) for s in silent[1:]) < 0.01  # no line: no box
    assert diff(*first) < 0.01 and diff(*second) < 0.01  # a line's box holds while it is spoken
    assert diff(first[0], silent[0]) > 0.08 and diff(second[0], silent[0]) > 0.08  # a box with its words
    assert diff(first[0], second[0]) > 0.03  # each line its own text


def test_thumbnail_is_webp_and_spritesheet_is_a_jpeg_grid(clip) -> None:  # type: ignore[no-untyped-def]
    _spec, r = clip
    with Image.open(r.thumbnail) as t:
        assert t.format == "WEBP" and t.width == 320
    with Image.open(r.spritesheet) as s:
        assert s.format == "JPEG" and s.size == (160 * 5, 90 * 2)


def test_the_same_shot_gives_the_same_frames_and_samples(tmp_path: Path) -> None:
    spec = ClipSpec(320, 180, 2, camera_movement="handheld pan left", framing="wide shot", sound="rain, traffic",
                    dialogue=(Line("Ana", "", "Hello there."),), setting="A street at night.")
    a, b = render_clip(spec, tmp_path / "a"), render_clip(spec, tmp_path / "b")
    fa, fb = frames(a.video), frames(b.video)
    assert len(fa) == len(fb) and all(np.array_equal(x, y) for x, y in zip(fa, fb, strict=True))

    def samples(p: Path) -> np.ndarray:
        with av.open(str(p)) as c:
            return np.concatenate([fr.to_ndarray().ravel() for fr in c.decode(audio=0)])
    assert np.array_equal(samples(a.video), samples(b.video))


def test_reference_image_becomes_the_background(tmp_path: Path) -> None:
    Image.new("RGB", (320, 180), (200, 30, 30)).save(tmp_path / "ref.png")
    spec = ClipSpec(320, 180, 1, reference_image=tmp_path / "ref.png", subject="a lamp", framing="close-up")
    r = render_clip(spec, tmp_path, stem="ref")
    edge = frames(r.video)[0][band(spec), -20:].reshape(-1, 3).mean(axis=0)  # beside the centred subject
    assert edge[0] > 150 and edge[1] < 90 and edge[2] < 90


def test_cancel_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(RenderCancelled):
        render_clip(ClipSpec(320, 180, 2), tmp_path, stem="c", cancel=stop)
    assert not list(tmp_path.iterdir())


def test_odd_size_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="odd side"):
        render_clip(ClipSpec(321, 180, 1), tmp_path)


@pytest.mark.parametrize("size", [(64, 64), (90, 160), (160, 90)])
def test_tiny_sizes_render(tmp_path: Path, size: tuple[int, int]) -> None:
    """The stand-in renders content at an eighth of the size in tests; every element must still fit or step aside."""
    spec = ClipSpec(*size, 1, beats=(Caption(0, 1, "a long beat " * 8),), dialogue=(Line("A", "", "word " * 30),))
    r = render_clip(spec, tmp_path)
    assert r.frames == 24 and (frames(r.video)[0].shape[1], frames(r.video)[0].shape[0]) == size


def test_spec_from_shot_maps_beats_dialogue_palette_camera_and_figures() -> None:
    shot = Shot(title="T", beats=[Beat(text="a"), Beat(text="b", start=5, end=8)],
                dialogue=[DialogueLine(speaker="Ana", emotion="quietly", line="Hi")],
                camera=Camera(framing="close-up", movement="pan left", lens="85mm"),
                palette=[ColorAnchor(name="teal", hex="#1f8a8a"), ColorAnchor(name="amber")],
                render=RenderSettings(size="720x1280", seconds=8))
    spec = spec_from_shot(shot, Project(shots=[shot]))
    assert (spec.width, spec.height, spec.seconds) == (720, 1280, 8.0)
    assert [c.text for c in spec.beats] == ["a", "b"] and spec.beats[1].start == 5
    assert spec.dialogue[0] == Line("Ana", "quietly", "Hi") and spec.figures == ("Ana",)
    assert spec.palette[0] == "#1f8a8a" and spec.palette[1].startswith("#")  # a named anchor gets a colour
    assert (spec.framing, spec.camera_movement, spec.lens) == ("close-up", "pan left", "85mm")


def test_spec_from_a_bare_prompt_makes_beats_of_its_sentences() -> None:
    spec = spec_from_hints({}, width=320, height=180, seconds=4, prompt="A fox runs. It stops. It looks back.")
    assert [c.text for c in spec.beats] == ["A fox runs.", "It stops.", "It looks back."]


def test_an_encoder_that_dies_fails_the_render_instead_of_hanging_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from composer.animatic import render

    def broken(*_a: object) -> None:
        raise OSError("disk full")  # what a full disk does to the muxer's first write
    monkeypatch.setattr(render, "_encoder", broken)
    with pytest.raises(OSError, match="disk full"):
        render_clip(ClipSpec(320, 180, 2), tmp_path, stem="x")
    assert not (tmp_path / "x.mp4").exists()
