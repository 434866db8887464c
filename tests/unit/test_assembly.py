"""The one renderer: layouts, spans, verbatim style and characters, goldens of the guide examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.document import fields
from composer.document.models import (
    Beat,
    Camera,
    Character,
    DialogueLine,
    Layout,
    Lighting,
    Project,
    RenderSettings,
    Shot,
    StyleSpine,
)
from composer.project import files as project_file
from composer.prompt.assembly import Assembled, assemble

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EXAMPLES = project_file.examples()


def _project(**shot_kw: object) -> tuple[Project, Shot]:
    shot = Shot(id="s1", **shot_kw)  # type: ignore[arg-type]
    p = Project(style_spine=StyleSpine(format_line="Cinematic neo-noir style",
                                       lens_film="shot on 35mm film with halation"), shots=[shot])
    return p, shot


def test_empty_shot_renders_only_the_style_line() -> None:
    p, s = _project()
    assert assemble(s, p).text == "Cinematic neo-noir style, shot on 35mm film with halation."


def test_empty_fields_leave_no_dangling_labels() -> None:
    p, s = _project(subject="A cyclist", camera=Camera(framing="wide shot"))
    text = assemble(s, p).text
    for label in ("Lighting:", "Palette:", "Mood:", "Actions:", "Dialogue:", "Background Sound:", "Avoid:"):
        assert label not in text
    assert "Camera: wide shot" in text


def test_block_layout_order_follows_the_guide() -> None:
    p, s = _project(subject="A cyclist in a yellow rain jacket", scene="A wet crosswalk at dusk",
                    beats=[Beat(text="pedals three times"), Beat(text="brakes")],
                    camera=Camera(framing="wide shot", movement="tracking left to right"),
                    lighting=Lighting(sources=["sodium streetlights"]), mood="tense",
                    dialogue=[DialogueLine(speaker="Cyclist", emotion="breathless", line="Made it.")],
                    sound="distant traffic hiss", avoid=["legible text"])
    text = assemble(s, p).text
    order = ["Cinematic neo-noir", "A cyclist", "A wet crosswalk", "Cinematography:", "Camera:", "Lighting:",
             "Mood:", "Actions:", "- pedals", "Dialogue:",
             '- Cyclist (breathless): "Made it."', "Background Sound:", "Avoid: legible text."]
    positions = [text.index(x) for x in order]
    assert positions == sorted(positions)


def test_spans_point_at_the_exact_text_of_each_field() -> None:
    p, s = _project(subject="A cyclist", beats=[Beat(text="brakes hard")],
                    camera=Camera(movement="slow push-in"),
                    dialogue=[DialogueLine(speaker="Ana", emotion="softly", line="Wait.")])
    a = assemble(s, p)
    def text_of(path: str) -> str:
        (span,) = [sp for sp in a.spans if sp.field == path]
        return a.text[span.start:span.end]
    assert text_of(fields.SUBJECT) == "A cyclist."
    assert text_of(fields.beat(0)) == "brakes hard"
    assert text_of(fields.CAMERA_MOVEMENT) == "slow push-in"
    assert text_of(fields.dialogue(0, "speaker")) == "Ana"
    assert text_of(fields.dialogue(0, "line")) == '"Wait."'
    assert a.field_at(a.text.index("brakes")) == fields.beat(0)
    assert [sp.field for sp in a.spans_for(fields.DIALOGUE)] == [
        "dialogue[0].speaker", "dialogue[0].emotion", "dialogue[0].line"]


def test_style_override_replaces_the_spine_explicitly() -> None:
    p, s = _project(style_override="Handheld smartphone clip", subject="A dog")
    assert assemble(s, p).text.startswith("Handheld smartphone clip. A dog.")


def test_character_description_is_inserted_verbatim_in_every_shot() -> None:
    c = Character(id="chr_m", name="Mara", description="a tall woman with a shaved head and a scar over one eye",
                  wardrobe="an oxblood leather jacket")
    shots = [Shot(id=f"s{i}", characters=["chr_m"], subject=f"Mara does thing {i}") for i in range(3)]
    p = Project(characters=[c], shots=shots)
    phrase = "Mara: a tall woman with a shaved head and a scar over one eye, wearing an oxblood leather jacket."
    assert all(phrase in assemble(s, p).text for s in shots)


def test_timecoded_layout_uses_given_times_and_spreads_missing_ones() -> None:
    p, s = _project(beats=[Beat(text="arrives", start=0, end=2.4), Beat(text="pauses"), Beat(text="waves")],
                    render=RenderSettings(layout=Layout.TIMECODED, seconds=8))
    text = assemble(s, p).text
    assert "0.00-2.40 — arrives" in text
    assert "2.67-5.33 — pauses" in text
    assert "5.33-8.00 — waves" in text
    assert "Actions:" not in text


def test_dialogue_quotes_are_not_doubled() -> None:
    p, s = _project(dialogue=[DialogueLine(speaker="Ana", line='"Already quoted."')])
    assert '- Ana: "Already quoted."' in assemble(s, p).text


def test_free_text_is_one_prompt_span() -> None:
    a = Assembled.from_text("a person walking")
    assert a.spans[0].field == fields.PROMPT and a.spans[0].end == len("a person walking")


def test_assembly_is_deterministic() -> None:
    p = project_file.load(EXAMPLES[0])
    assert assemble(p.shots[0], p) == assemble(p.shots[0], p)


def test_at_least_four_guide_examples_ship() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_reviewed_golden(example: Path, request: pytest.FixtureRequest) -> None:
    """Goldens are reviewed by reading them; --update-goldens rewrites them."""
    project = project_file.load(example)
    for shot in project.shots:
        golden = GOLDEN / f"{example.stem}__{shot.id}.prompt.txt"
        text = assemble(shot, project).text
        if request.config.getoption("--update-goldens"):
            golden.write_text(text + "\n", encoding="utf-8")
        assert golden.exists(), f"missing golden {golden.name}: run pytest --update-goldens and read it"
        assert text + "\n" == golden.read_text(encoding="utf-8")
