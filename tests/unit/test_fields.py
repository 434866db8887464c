"""One parser of field paths: ``fields.root`` (which field changed) and ``fields.ancestors`` (which widget shows it)."""

from __future__ import annotations

from composer.document import fields
from composer.document.edits import Batch, SetField
from composer.document.models import Project, Shot


def test_root_is_the_top_level_field_a_path_belongs_to() -> None:
    assert fields.root("beats[2].text") == fields.BEATS
    assert fields.root("camera.movement") == fields.CAMERA
    assert fields.root("lighting.sources[1]") == fields.LIGHTING
    assert fields.root("takes[0].rating") == fields.TAKES
    assert fields.root("style") == fields.STYLE
    assert fields.root("style_spine.format_line") == "style_spine"


def test_ancestors_run_from_the_path_up_to_its_root() -> None:
    assert fields.ancestors("lighting.sources[1]") == ("lighting.sources[1]", "lighting.sources", "lighting")
    assert fields.ancestors("dialogue[0].line") == ("dialogue[0].line", "dialogue[0]", "dialogue")
    assert fields.ancestors("mood") == ("mood",)


def test_a_change_names_the_roots_it_touched() -> None:
    shot = Shot(id="a", takes=[])
    project = Project(shots=[shot])
    change = Batch([SetField("a", "camera.movement", "slow push-in"), SetField("a", "mood", "tense")]).apply(project)
    assert change.roots == {fields.CAMERA, fields.MOOD}
