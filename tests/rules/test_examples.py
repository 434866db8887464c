"""Every rule's own bad example fires and good example does not; the guides' before/after pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.lint.engine import all_rules, lint_shot, lint_text
from composer.project import files as project_file
from tests.rules.conftest import run_case

GUIDE = Path(__file__).parent / "guide"
# Rules whose examples are descriptions ("a 1 MB paste"), not prompts, are covered by their case files.
SETTINGS_RULES = ("SL000", "SL051", "SL052", "SL057", "SL058", "SL072")  # examples that are settings, not text
TEXT_RULES = [r for r in all_rules() if not r.structured_only and r.code not in SETTINGS_RULES]


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_bad_example_fires(rule) -> None:  # type: ignore[no-untyped-def]
    assert run_case(rule.code, rule.bad), f"{rule.code}'s own bad example does not fire: {rule.bad!r}"


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_good_example_is_clean(rule) -> None:  # type: ignore[no-untyped-def]
    assert not run_case(rule.code, rule.good), f"{rule.code}'s own good example fires: {rule.good!r}"


# seed 000 "Common mistakes" and "Before" examples, seed 002 "weak prompts": the fault the guide names.
BEFORE = [
    ("a person walking down a street at night", {"SL001", "SL012", "SL030"}),
    ("an old man tells a story", {"SL001", "SL012", "SL002"}),
    ("a product video of headphones", {"SL001", "SL002", "SL003", "SL022"}),
    ("Make this an 8-second 1080p video", {"SL050"}),
    ("Person moves quickly", {"SL010"}),
    ("she leaves the cafe, walks to the car, drives away", {"SL011"}),
    ('She says "hello there"', {"SL031"}),
    ("cinematic look", {"SL020"}),
    ("A beautiful street at night", {"SL020"}),
    ("Actor walks across the room", {"SL010"}),
    ("brightly lit room", {"SL021"}),
]


@pytest.mark.parametrize(("prompt", "codes"), BEFORE, ids=[b[0][:30] for b in BEFORE])
def test_guide_before_examples_report_the_named_faults(prompt: str, codes: set[str]) -> None:
    found = {f.code for f in lint_text(prompt, model="sora-2")}  # the Sora 2 guides' own examples
    assert codes <= found, f"missing {codes - found} for {prompt!r}"


# seed 002 strong prompts: each must not fire the rule its weak twin fires.
STRONG = [
    ("Wet asphalt, zebra crosswalk, neon signs reflecting in puddles", "SL020"),
    ("Cyclist pedals three times, brakes, and stops at crosswalk", "SL010"),
    ("Anamorphic 2.0x lens, shallow DOF, volumetric light", "SL020"),
    ("Actor takes four steps to the window, pauses, and pulls the curtain in the final second.", "SL010"),
    ("soft window light with warm lamp fill, cool rim from hallway Palette anchors: amber, cream, walnut brown",
     "SL021"),
]


@pytest.mark.parametrize(("prompt", "code"), STRONG, ids=[s[1] + s[0][:20] for s in STRONG])
def test_guide_strong_prompts_do_not_fire_their_rule(prompt: str, code: str) -> None:
    assert code not in {f.code for f in lint_text(prompt)}


@pytest.mark.parametrize("path", sorted(GUIDE.glob("after_*.txt")), ids=lambda p: p.stem)
def test_guide_after_examples_have_no_warning_or_error(path: Path) -> None:
    findings = [f for f in lint_text(path.read_text()) if str(f.severity) != "info"]
    assert findings == [], [str(f) for f in findings]


@pytest.mark.parametrize("example", project_file.examples(), ids=lambda p: p.stem)
def test_example_projects_lint_clean(example: Path) -> None:
    project = project_file.load(example)
    for shot in project.shots:
        findings = [f for f in lint_shot(shot, project, media_root=example.parent) if str(f.severity) != "info"]
        assert findings == [], [str(f) for f in findings]
