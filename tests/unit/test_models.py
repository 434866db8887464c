from __future__ import annotations

import pytest
from pydantic import ValidationError

from composer.document.models import Beat, ColorAnchor, Project, RenderSettings, Shot, Suppression


def test_hex_colour_is_validated_with_a_readable_message() -> None:
    with pytest.raises(ValidationError, match="is not a #RRGGBB hex value"):
        ColorAnchor(name="teal", hex="teal")
    assert ColorAnchor(name="teal", hex="#1F8A8A").hex == "#1f8a8a"


def test_size_must_be_width_x_height() -> None:
    with pytest.raises(ValidationError, match="must be WIDTHxHEIGHT"):
        RenderSettings(size="1280*720")


def test_unknown_keys_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Shot.model_validate({"subjcet": "typo"})


def test_duplicate_shot_ids_are_rejected() -> None:
    with pytest.raises(ValidationError, match="share the id"):
        Project(shots=[Shot(id="a"), Shot(id="a")])


def test_effective_render_prefers_shot_overrides() -> None:
    p = Project(shots=[Shot(id="s", render=RenderSettings(seconds=4))])
    model, size, seconds, layout = p.effective_render(p.shots[0])
    assert (model, size, seconds) == ("veo-3.1", "1280x720", 4)
    assert layout == "block"


def test_suppression_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="needs a reason"):
        Suppression(shot_id="s", code="SL010", reason="  ")


def test_beat_times_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Beat(text="x", start=-1)


def test_character_lookup_by_id_or_name() -> None:
    from composer.document.models import Character

    c = Character(id="chr_1", name="Mara")
    p = Project(characters=[c])
    assert p.character("chr_1") is c
    assert p.character("mara") is c
    assert p.character("nobody") is None
