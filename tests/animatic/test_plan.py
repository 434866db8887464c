"""What the shot's words mean on screen, and where the text goes: nothing overlaps, nothing is silently lost."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import numpy as np
import pytest

from composer import resources
from composer.animatic import hud
from composer.animatic.plan import CUT_MARK, make_plan
from composer.animatic.render import render_clip
from composer.animatic.spec import Caption, ClipSpec, Line, hints_from_shot, spec_from_hints, spec_from_shot
from composer.project import files as project_file
from composer.prompt.assembly import assemble

EXAMPLES = sorted(resources.path("examples").glob("*.slate"))


def _overlap(a: hud.Rect, b: hud.Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280), (1792, 1024), (1024, 1792), (160, 90), (90, 160),
                                  (64, 64), (320, 180)])
@pytest.mark.parametrize("lines,notes", [(1, 0), (3, 4)])
def test_text_rectangles_never_overlap_and_stay_inside_the_frame(size: tuple[int, int], lines: int, notes: int) -> None:
    w, h = size
    lay = hud.layout(w, h, card_lines=lines, notes=notes, diagram=True)
    rects = lay.rects()
    for i, a in enumerate(rects):
        assert 0 <= a[0] < a[2] <= w and 0 <= a[1] < a[3] <= h, a
        for b in rects[i + 1:]:
            assert not _overlap(a, b), (a, b)
    assert lay.subtitle is not None and lay.band[0] <= lay.band[1] <= lay.subtitle[1]


def test_dialogue_lines_follow_one_another_and_never_share_the_screen() -> None:
    lines = tuple(Line(s, "", t) for s, t in (("Ana", "Where were you?"), ("Ben", "Out."), ("Ana", "All night?")))
    plan = make_plan(ClipSpec(1280, 720, 8, dialogue=lines))
    assert [c.speaker for c in plan.cues] == ["Ana", "Ben", "Ana"]
    for a, b in zip(plan.cues, plan.cues[1:], strict=False):
        assert a.start < a.end <= b.start
    assert not any(c.cut for c in plan.cues)


def test_a_line_too_long_for_the_clip_is_cut_with_a_visible_mark() -> None:
    plan = make_plan(ClipSpec(1280, 720, 4, dialogue=(Line("Ana", "", "word " * 40),)))
    cue = plan.cues[0]
    assert cue.cut and cue.text.endswith(CUT_MARK) and cue.end <= 4
    assert len(cue.spoken.split()) < 40
    assert any("past the end, cut" in n for n in plan.notes)


def test_missing_framing_move_and_beats_render_and_say_so_on_the_panel(tmp_path: Path) -> None:
    bare = ClipSpec(320, 180, 1)
    plan = make_plan(bare)
    assert plan.framing == "ms" and plan.move.kind == "static"
    assert {n.split(":")[0] for n in plan.notes} >= {"no framing set", "no camera move set", "no action beats"}
    full = dataclasses.replace(bare, framing="medium shot", camera_movement="static on tripod",
                               beats=(Caption(0, 1, "She waits."),))
    assert make_plan(full).notes == []
    r = render_clip(bare, tmp_path / "bare")
    assert r.notes[:3] == tuple(plan.notes)
    lay = hud.layout(320, 180, card_lines=1, notes=len(plan.notes), diagram=True)
    assert lay.notes is not None
    with av.open(str(r.video)) as c:
        f = next(c.decode(video=0)).to_ndarray(format="rgb24")
    x0, y0, x1, y1 = lay.notes
    note = f[y0:y1, x0:x1].reshape(-1, 3).astype(int)
    amber = (note[:, 0] > 180) & (note[:, 1] > 130) & (note[:, 2] < 140)
    assert amber.sum() > 20  # the warning text is on the picture


def test_unknown_words_are_named_not_guessed_silently() -> None:
    plan = make_plan(ClipSpec(320, 180, 1, framing="glorious", camera_movement="wibble"))
    assert any("framing 'glorious' not recognised" in n for n in plan.notes)
    assert any("camera move 'wibble' not recognised" in n for n in plan.notes)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_prompt_read_back_gives_the_shots_own_spec(path: Path) -> None:
    """A remix is drawn from its prompt: unchanged, it must be drawn exactly as its parent was."""
    project = project_file.load(path)
    for shot in project.shots:
        spec = spec_from_shot(shot, project)
        hints = dict(hints_from_shot(shot, project), derived=True)
        again = spec_from_hints(hints, width=spec.width, height=spec.height, seconds=spec.seconds,
                                prompt=assemble(shot, project).text)
        assert again == spec


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_prompt_alone_still_reads_as_the_same_shot(path: Path) -> None:
    """The stand-in gets only the text: framing, move, lens, light, beats and lines come through it."""
    project = project_file.load(path)
    shot = project.shots[0]
    spec = spec_from_shot(shot, project)
    bare = spec_from_hints({}, width=spec.width, height=spec.height, seconds=spec.seconds,
                           prompt=assemble(shot, project).text)
    same = ("framing", "angle", "lens", "camera_movement", "lighting", "setting", "beats", "dialogue", "sound")
    assert {k: getattr(bare, k) for k in same} == {k: getattr(spec, k) for k in same}


def test_framing_sizes_the_figure_from_wide_to_extreme_close_up() -> None:
    sizes = [make_plan(ClipSpec(1280, 720, 1, framing=f)).figures[0].hu for f in
             ("extreme wide shot", "wide shot", "medium wide shot", "medium shot", "medium close-up", "close-up",
              "extreme close-up")]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


def test_two_shot_and_over_the_shoulder_place_two_figures_on_the_thirds() -> None:
    two = make_plan(ClipSpec(1280, 720, 1, framing="two-shot", figures=("Ana", "Ben")))
    assert [f.label for f in two.figures] == ["ANA", "BEN"]
    assert [round(f.x / two.w0, 2) for f in two.figures] == [0.33, 0.67]
    ots = make_plan(ClipSpec(1280, 720, 1, framing="over-the-shoulder shot", figures=("Ana", "Ben")))
    assert [f.kind for f in ots.figures] == ["person", "back"]
    assert ots.figures[1].depth > ots.figures[0].depth  # the shoulder is nearer: it moves more


def test_angle_moves_the_horizon_and_dutch_rolls_the_view() -> None:
    eye = make_plan(ClipSpec(1280, 720, 1, framing="wide shot", angle="eye level"))
    low = make_plan(ClipSpec(1280, 720, 1, framing="wide shot", angle="low angle"))
    high = make_plan(ClipSpec(1280, 720, 1, framing="wide shot", angle="high angle"))
    assert high.horizon < eye.horizon < low.horizon
    assert make_plan(ClipSpec(1280, 720, 1, angle="dutch angle")).roll != 0


def test_moves_have_parallax_and_pans_do_not() -> None:
    def shift(move: str, depth: float) -> float:
        p = make_plan(ClipSpec(1280, 720, 4, camera_movement=move))
        return p.window(depth, 4)[0] - p.window(depth, 0)[0]
    assert abs(shift("truck left", 1.0)) > 2 * abs(shift("truck left", 0.3)) > 0
    assert shift("pan left", 1.0) == pytest.approx(shift("pan left", 0.3))
    push = make_plan(ClipSpec(1280, 720, 4, camera_movement="slow push-in"))
    assert push.window(1.0, 4)[2] < push.window(0.65, 4)[2] < push.window(0.3, 4)[2] == push.window(0.3, 0)[2]
    zoom = make_plan(ClipSpec(1280, 720, 4, camera_movement="zoom in"))
    assert zoom.window(1.0, 4)[2] == zoom.window(0.3, 4)[2] < zoom.window(0.3, 0)[2]  # a zoom has no parallax


def test_key_light_side_warmth_and_hardness_come_from_the_lighting_words() -> None:
    warm = make_plan(ClipSpec(320, 180, 1, lighting="hard warm tungsten key from screen-left, cool fill")).light
    assert (warm.side, warm.warmth, warm.hard) == ("left", 1.0, True)
    cool = make_plan(ClipSpec(320, 180, 1, lighting="soft moonlight from camera right")).light
    assert (cool.side, cool.warmth, cool.hard) == ("right", -1.0, False)


def test_beats_after_the_end_are_dropped_with_a_note() -> None:
    plan = make_plan(ClipSpec(320, 180, 4, beats=(Caption(0, 2, "a"), Caption(5, 6, "b"))))
    assert [b.text for b in plan.beats] == ["a"] and any("beat 2 starts at 5" in n for n in plan.notes)


def test_palette_colours_the_layout() -> None:
    from composer.animatic.layers import draw_layers

    def far(palette: tuple[str, ...]) -> np.ndarray:
        plan = make_plan(ClipSpec(320, 180, 1, palette=palette, setting="a street at night"))
        return np.asarray(draw_layers(plan)[0].image, dtype=float)
    red, blue = far(("#401010", "#a02020", "#ff8080")), far(("#101040", "#2020a0", "#8080ff"))
    assert red[..., 0].mean() > red[..., 2].mean() and blue[..., 2].mean() > blue[..., 0].mean()


def test_an_unknown_prompt_still_reads_as_a_storyboard() -> None:
    """The stand-in only has the text of a prompt Slate did not write: it still gets a subject, a move, beats."""
    spec = spec_from_hints({}, width=1280, height=720, seconds=4,
                           prompt="A red fox runs across a snowy field at dawn. The camera slowly pushes in. "
                                  "It stops and looks back toward the trees.")
    plan = make_plan(spec)
    assert plan.move.kind == "push" and plan.setting == "nature" and plan.time_of_day == "golden"
    assert plan.figures[0].label == "RED FOX" and len(plan.beats) == 3
    assert plan.notes == ["no framing set: drawn as a medium shot"]


def test_hints_stored_by_an_older_slate_are_read_from_the_prompt() -> None:
    """A queue database from before this renderer holds the old hint shape; its jobs must still render."""
    old = {"title": "T", "beats": [[0, 4, "x"]], "dialogue": [[0, 4, "Ana: hi"]], "palette": ["#112233"],
           "camera_movement": "pan left", "reference_image": None}
    prompt = "A woman waits in a kitchen.\n\nCinematography:\nCamera: close-up, pan left\n\nActions:\n- She waits."
    spec = spec_from_hints(old, width=320, height=180, seconds=4, prompt=prompt)
    assert (spec.title, spec.palette, spec.framing, spec.camera_movement) == ("T", ("#112233",), "close-up",
                                                                              "pan left")
    assert [b.text for b in spec.beats] == ["She waits."]
