"""The continuity recap: what the previous shot ends on, the next shot's fields, and where they disagree."""

from __future__ import annotations

from composer.document.lineage import chosen_take
from composer.document.models import Take
from composer.lint.handoff import light_change
from composer.sequence.recap import recap
from tests.sequences.conftest import scene


def test_recap_shows_characters_wardrobe_light_last_beat_and_line_of_both_shots() -> None:
    project = scene()
    r = recap(project, "shot_inside")
    assert r is not None and recap(project, "shot_street") is None  # the first shot follows nothing
    assert r.before.characters == (("Mara", "black trench coat, red scarf"),)
    assert r.before.last_beat == "Mara pushes the noren curtain aside and steps in."
    assert r.before.last_line == "Mara: \u201cStill open?\u201d" and r.after.last_line == ""
    assert r.before.lighting == "cyan neon sign, soft, from the left"
    assert r.before.palette[0] == ("teal", "#1f8a8a")
    assert r.agrees  # same light, no re-described wardrobe


def test_recap_flags_a_wardrobe_that_differs_from_the_bible_and_light_that_changes_with_no_cue() -> None:
    project = scene()
    nxt = project.shots[2]
    nxt.subject = "Mara, in a blue denim jacket, sits at the counter."
    nxt.lighting.sources = ["harsh midday sun through the window"]
    project.shots[1].beats[0].text = "Mara pushes the noren curtain aside."  # no move indoors to excuse it
    r = recap(project, "shot_inside")
    assert r is not None
    assert sorted(f.code for f in r.findings) == ["SL060", "SL062"]
    assert any("'blue'" in f.message or "'denim'" in f.message for f in r.findings if f.code == "SL060")


def test_a_cue_in_either_shot_explains_a_light_change() -> None:
    project = scene()
    before, after = project.shots[1], project.shots[2]
    after.lighting.sources = ["warm tungsten bulbs"]
    assert light_change(before, after) is None  # she steps in: a new place, a new light
    before.beats[0].text = "Mara pushes the noren curtain aside."
    assert "cyan neon sign" in (light_change(before, after) or "")
    after.beats[0].text = "The lights flicker on over the counter."
    assert light_change(before, after) is None


def test_the_chosen_take_is_the_hero_else_the_newest_completed() -> None:
    project = scene()
    shot = project.shots[0]
    assert chosen_take(shot) is None
    old, new = Take(video_path="a.mp4"), Take(video_path="b.mp4")
    shot.takes = [old, new]
    assert chosen_take(shot) is new
    old.hero = True
    assert chosen_take(shot) is old
