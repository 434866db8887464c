"""Split a shot: two halves sharing style, subject and scene, the beats and lines divided, one undo step."""

from __future__ import annotations

import pytest

from composer.document.models import Beat, DialogueLine
from composer.errors import InputError
from composer.sequence.split import split_shot
from tests.sequences.conftest import scene


def test_an_eight_second_shot_becomes_two_four_second_shots_dividing_beats_and_lines() -> None:
    project = scene(seconds=8)
    shot = project.shots[1]
    shot.beats = [Beat(text="Mara pushes the curtain aside."), Beat(text="She steps in, shaking off the rain."),
                  Beat(text="The cook looks up.", start=5.0, end=8.0)]
    shot.dialogue = [DialogueLine(speaker="Mara", line="Still open?"), DialogueLine(speaker="Cook", line="Always.")]
    before = project.model_copy(deep=True)
    edit = split_shot(project, shot.id)
    edit.apply(project)
    first, second = project.shots[1], project.shots[2]
    assert [s.id for s in project.shots] == ["shot_street", "shot_door", second.id, "shot_inside"]
    assert (first.render.seconds, second.render.seconds) == (4, 4)
    assert [b.text for b in first.beats] == ["Mara pushes the curtain aside."]
    assert [(b.text, b.start, b.end) for b in second.beats] == [("She steps in, shaking off the rain.", None, None),
                                                                ("The cook looks up.", 1.0, 4.0)]
    assert [d.line for d in first.dialogue] == ["Still open?"] and [d.line for d in second.dialogue] == ["Always."]
    for same in ("subject", "scene", "characters", "camera", "lighting", "palette", "style_override", "sound"):
        assert getattr(first, same) == getattr(second, same), same
    assert second.takes == [] and first.title.endswith("(1/2)") and second.title.endswith("(2/2)")
    edit.inverse().apply(project)
    assert project == before  # one undo step puts the shot back


def test_a_shot_with_one_beat_and_no_line_says_there_is_nothing_to_divide() -> None:
    project = scene()
    with pytest.raises(InputError, match="nothing to divide"):
        split_shot(project, "shot_street")
