"""Kept findings (composer.lint.memo) are the findings a fresh run gives, and any input change relints.

The plain implementation is ``engine._lint_shot`` (no memo); each test compares ``lint_shot`` with it on real
text: the corpus prompts (public prompts, tests/rules/corpus) as shots of one project, and the shipped examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from composer.catalog.profiles import Mode
from composer.document import fields
from composer.document.models import Character, Project, Shot, Suppression
from composer.lint import engine, memo
from composer.lint.rule import Finding
from composer.project import files as project_file
from composer.prompt.assembly import assemble
from tests.rules.corpus.score import HERE, load

MODELS = ("sora-2", "veo-3.1", "gen4_turbo", "seedance-2.0", "kling-v2-6", "ltx-2")


def corpus_project() -> Project:
    project = project_file.load(project_file.examples()[0])
    project.characters.append(Character(name="Mara", description="a tall woman in a yellow raincoat"))
    records = load(HERE / "real.txt") + load(HERE / "guide.txt")
    for i, record in enumerate(records):
        shot = Shot(id=f"c{i:03d}", scene=record.text, characters=["Mara"] if i % 3 == 0 else [])
        shot.render.model = MODELS[i % len(MODELS)]
        project.shots.append(shot)
    return project


def fresh(shot: Shot, project: Project, **kw: object) -> list[Finding]:
    return engine._lint_shot(shot, project, assemble(shot, project), kw.get("select"),  # type: ignore[arg-type]
                             kw.get("ignore"), kw.get("mode"), kw.get("media_root"))  # type: ignore[arg-type]


def test_a_relint_from_kept_findings_equals_a_fresh_run() -> None:
    memo.clear()
    project = corpus_project()
    for example in project_file.examples():
        project.shots += [s for s in project_file.load(example).shots if s.id not in {x.id for x in project.shots}]
    first = engine.lint_project(project)
    second = engine.lint_project(project)  # every shot from the memo
    assert second == first
    for shot in project.shots:
        assert first[shot.id] == fresh(shot, project), shot.id
    assert sum(map(len, first.values())) > 500


def test_every_input_a_rule_reads_relints(tmp_path: Path) -> None:
    memo.clear()
    project = corpus_project()
    shots = project.shots[:12]
    project.shots = shots

    def check() -> dict[str, list[Finding]]:
        got = engine.lint_project(project, media_root=tmp_path)
        for shot in shots:
            assert got[shot.id] == fresh(shot, project, media_root=tmp_path), shot.id
        return got

    before = check()
    project.style_spine.format_line = "Hand-drawn watercolor animation"  # the style line and style drift
    check()
    project.characters[-1].description = "a short man in a grey suit"  # the assembled text of Mara's shots
    check()
    project.lint_config.disabled.append("SL002")
    after = check()
    assert any(f.code == "SL002" for fs in before.values() for f in fs)
    assert not any(f.code == "SL002" for fs in after.values() for f in fs)
    project.lint_config.suppressions.append(Suppression(shot_id=shots[0].id, code="SL003", reason="intended"))
    check()
    project.defaults.seconds = 4  # shots without their own length
    check()
    shots[3].lighting.sources = ["cyan neon sign"]  # the next shot inherits this light (SL062 reads it)
    shots[4].lighting.sources = ["warm tungsten bulbs"]
    shots[4].title = "Counter"
    lit = check()[shots[4].id]
    shots[3].lighting.sources = ["warm tungsten bulbs"]  # only the previous shot changed
    relit = check()[shots[4].id]
    assert any(f.code == "SL062" for f in lit) and not any(f.code == "SL062" for f in relit)
    shots[1].render.model = "sora-2"
    shots[1].reference_image = "ref.png"
    Image.new("RGB", (1280, 720)).save(tmp_path / "ref.png")
    ok = check()[shots[1].id]
    Image.new("RGB", (640, 480)).save(tmp_path / "ref.png")  # same name, another image
    wrong = check()[shots[1].id]
    assert any("640x480" in f.message for f in wrong) and not any("640x480" in f.message for f in ok)
    assert engine.lint_shot(shots[1], project, media_root=tmp_path, mode=Mode.DOCS) \
        == fresh(shots[1], project, media_root=tmp_path, mode=Mode.DOCS)
    assert engine.lint_shot(shots[2], project, select=["SL002"]) == fresh(shots[2], project, select=("SL002",))
    assert engine.lint_shot(shots[2], project, ignore=iter(["SL002"])) == fresh(shots[2], project, ignore=("SL002",))


def test_a_fix_taken_from_kept_findings_cannot_change_them() -> None:
    memo.clear()
    project = project_file.load(project_file.examples()[0])
    shot = project.shots[0]
    shot.render.model = "veo-3.1"
    fields.set_value(shot, fields.SCENE, "A quiet beach at dusk, no people, no text on screen.")
    found = [f for f in engine.lint_shot(shot, project) if f.fix and f.fix.more]
    assert found, "the Veo negation rule offers an avoid-list edit"
    for _run in range(2):  # the first list is the run's own, the second comes from the memo
        for f in found:
            f.fix.more[0].value.append("changed by the caller")  # type: ignore[union-attr]
        found = [f for f in engine.lint_shot(shot, project) if f.fix and f.fix.more]
    again = found
    assert again == [f for f in fresh(shot, project) if f.fix and f.fix.more]
    assert all("changed by the caller" not in f.fix.more[0].value for f in again)  # type: ignore[union-attr,operator]


@pytest.mark.parametrize("size", [1, 3])
def test_the_memo_keeps_a_bounded_number_of_shots(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    memo.clear()
    monkeypatch.setattr(memo, "_SIZE", size)
    project = corpus_project()
    for shot in project.shots[:6]:
        engine.lint_shot(shot, project)
    assert len(memo._kept) == size
