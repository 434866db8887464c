"""Every edit round-trips: apply then inverse restores the project exactly."""

from __future__ import annotations

import pytest

from composer.document.edits import (
    AddShot,
    Batch,
    Edit,
    ListInsert,
    ListMove,
    ListRemove,
    MoveShot,
    RemoveShot,
    SetField,
    duplicate_shot,
)
from composer.document.models import Beat, Character, Project, Shot, StyleSpine


def _project() -> Project:
    return Project(style_spine=StyleSpine(format_line="Noir"),
                   characters=[Character(id="c1", name="Mara", description="tall")],
                   shots=[Shot(id="a", subject="A", beats=[Beat(text="one"), Beat(text="two")]),
                          Shot(id="b", subject="B"), Shot(id="c", subject="C")])


EDITS: list[Edit] = [
    SetField("a", "subject", "new subject"),
    SetField("a", "beats[1].text", "TWO"),
    SetField("a", "camera.movement", "slow push-in"),
    SetField("a", "style", "Anime"),
    SetField(None, "style_spine.format_line", "Documentary"),
    SetField(None, "defaults.seconds", 4),
    ListInsert("a", "beats", 1, Beat(text="inserted")),
    ListRemove("a", "beats", 0),
    ListMove("a", "beats", 0, 1),
    ListInsert("a", "lighting.sources", 0, "neon key"),
    ListInsert(None, "characters", 1, Character(id="c2", name="Ira")),
    SetField(None, "characters[0].description", "short"),
    AddShot(1, Shot(id="new")),
    RemoveShot("b"),
    MoveShot("c", 0),
    Batch([SetField("a", "mood", "tense"), SetField("b", "mood", "calm")]),
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: f"{type(e).__name__}")
def test_apply_then_inverse_restores_the_project(edit: Edit) -> None:
    p = _project()
    before = p.model_copy(deep=True)
    change = edit.apply(p)
    assert p != before, "the edit changed nothing"
    assert change.shot_ids or change.project_level or change.structure
    edit.inverse().apply(p)
    assert p == before


def test_redo_after_undo_gives_the_same_result() -> None:
    p = _project()
    e = SetField("a", "subject", "x")
    e.apply(p)
    after = p.model_copy(deep=True)
    inv = e.inverse()
    inv.apply(p)
    inv.inverse().apply(p)
    assert p == after


def test_duplicate_shot_copies_content_not_takes_or_id() -> None:
    p = _project()
    e = duplicate_shot(p, "a")
    e.apply(p)
    dup = p.shots[1]
    assert dup.id != "a" and dup.subject == "A" and dup.takes == [] and dup.title.endswith("(copy)")


def test_project_level_change_is_flagged() -> None:
    p = _project()
    assert SetField(None, "style_spine.grade", "warm").apply(p).project_level
