"""The engine: structured vs free text, field mapping, project disable, per-shot suppression, fixes, size cap."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from composer.document import fields
from composer.document.models import (
    Camera,
    LintConfig,
    Project,
    RenderSettings,
    Shot,
    StyleSpine,
    Suppression,
)
from composer.lint.engine import MAX_LINT_CHARS, blocks_submit, lint_shot, lint_text


def _project(**shot_kw: object) -> tuple[Project, Shot]:
    shot = Shot(id="s1", **shot_kw)  # type: ignore[arg-type]
    p = Project(style_spine=StyleSpine(format_line="Cinematic neo-noir style", lens_film="shot on 35mm film"),
                shots=[shot])
    return p, shot


def test_structured_findings_point_at_the_field_and_its_text() -> None:
    p, s = _project(subject="A woman in a red coat", beats=[{"text": "looks up"}, {"text": "moves quickly"}])
    (f,) = lint_shot(s, p, select=["SL010"])
    assert f.field == "beats[1].text" and f.shot_id == "s1"
    from composer.prompt.assembly import assemble

    text = assemble(s, p).text
    assert f.span is not None and text[f.span[0]:f.span[1]] == "moves quickly"


def test_missing_field_findings_name_the_field() -> None:
    p, s = _project(subject="A woman in a red coat")
    (f,) = lint_shot(s, p, select=["SL002"])
    assert f.field == fields.CAMERA_FRAMING
    p2, s2 = _project(subject="A woman in a red coat", camera=Camera(framing="wide shot"))
    assert lint_shot(s2, p2, select=["SL002"]) == []


def test_project_can_disable_a_rule_by_code_or_name() -> None:
    p, s = _project(subject="Person moves quickly")
    assert lint_shot(s, p, select=["SL010"])
    p.lint_config = LintConfig(disabled=["vague-motion"])
    assert lint_shot(s, p, select=["SL010"]) == []


def test_suppression_applies_to_its_shot_only() -> None:
    p, s = _project(subject="Person moves quickly")
    other = Shot(id="s2", subject="Person moves quickly")
    p.shots.append(other)
    p.lint_config = LintConfig(suppressions=[Suppression(shot_id="s1", code="SL010", reason="deliberate blur")])
    assert lint_shot(s, p, select=["SL010"]) == []
    assert lint_shot(other, p, select=["SL010"])


def test_select_and_ignore() -> None:
    text = "Make this an 8-second video. Person moves quickly."
    assert {f.code for f in lint_text(text, select=["SL050", "SL010"])} == {"SL050", "SL010"}
    assert "SL010" not in {f.code for f in lint_text(text, ignore=["vague-motion"])}


def test_api_param_autofix_strips_only_the_parameter() -> None:
    p, s = _project(subject="Make this an 8-second 1080p video of a lighthouse at dawn")
    findings = lint_shot(s, p, select=["SL050"])
    assert findings and all(f.fix is not None and f.fix.field == fields.SUBJECT for f in findings)
    assert findings[0].fix is not None and findings[0].fix.new_value == "Make this a video of a lighthouse at dawn"


def test_invalid_seconds_and_size_offer_the_nearest_valid_value() -> None:
    p, s = _project(render=RenderSettings(seconds=10, size="1792x1024"))  # project default: veo-3.1 (4/6/8 s)
    by_code = {f.code: f for f in lint_shot(s, p, select=["SL051", "SL052"])}
    assert by_code["SL052"].fix is not None and by_code["SL052"].fix.new_value == 8
    assert by_code["SL051"].fix is not None and by_code["SL051"].fix.new_value == "1920x1080"
    p, s = _project(render=RenderSettings(model="gen4_turbo", seconds=8, size="1280x720"))
    assert [f.fix.new_value for f in lint_shot(s, p, select=["SL052"]) if f.fix] == [10]
    assert blocks_submit(by_code.values())


def test_reference_image_checks_format_readability_and_size(tmp_path: Path) -> None:
    Image.new("RGB", (1024, 768)).save(tmp_path / "ref.png")
    Image.new("RGB", (1280, 720)).save(tmp_path / "ok.jpg")
    Image.new("RGB", (1280, 720)).save(tmp_path / "ok.gif")
    (tmp_path / "junk.png").write_bytes(b"not an image")
    for name, fires in (("ref.png", True), ("ok.jpg", False), ("ok.gif", True), ("junk.png", True),
                        ("nope.png", True)):
        p, s = _project(reference_image=name, render=RenderSettings(model="sora-2"))  # Sora: same size as render
        assert bool(lint_shot(s, p, select=["SL053"], media_root=tmp_path)) is fires, name
    p, s = _project(reference_image="ref.png")  # Veo crops or letterboxes a reference: any size is fine
    assert not lint_shot(s, p, select=["SL053"], media_root=tmp_path)


def test_huge_paste_is_capped_and_says_so() -> None:
    text = "A red kite over the dunes. " * (MAX_LINT_CHARS // 10)
    findings = lint_text(text)
    assert any(f.code == "SL000" for f in findings)
    assert all(f.span is None or f.span[1] <= MAX_LINT_CHARS for f in findings)


def test_empty_prompt_has_no_content_findings() -> None:
    assert [f.code for f in lint_text("")] == []


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FUZZ = int(__import__("os").environ.get("SLATE_FUZZ_EXAMPLES", "200"))


@pytest.mark.reliability
@settings(max_examples=_FUZZ, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600) | st.lists(st.sampled_from(
    ["no", "Avoid:", '"', "Shot 1:", "0.00-2.40 —", "cut to", "Palette:", "\n", "Tom Cruise", "8-second", "pan",
     "zoom", "(", ")", ":", "Dialogue:", "- X:", "says", "'", "logo"]), max_size=60).map(" ".join))
def test_paste_fuzz_lints_without_crashing(text: str) -> None:
    for f in lint_text(text):
        assert f.span is None or 0 <= f.span[0] <= f.span[1] <= len(text)
