"""Import/export round trips, a screenplay Slate did not write, OTIO read back, bundles refused when hostile."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import opentimelineio as otio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.cli.main import main
from composer.document.models import Take
from composer.errors import InputError
from composer.exchange import bundle, export, import_file
from composer.project import files as project_file
from composer.prompt.assembly import assemble

EXAMPLES = project_file.examples()
FIXTURES = Path(__file__).parent / "fixtures"
FUZZ = int(os.environ.get("SLATE_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("fmt", ["csv", "json", "fountain"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_shots(example: Path, fmt: str, tmp_path: Path) -> None:
    p = project_file.load(example)
    q = import_file(export(p, fmt, tmp_path / f"x.{fmt}"))
    assert [s.model_dump(exclude={"takes"}) for s in q.shots] == [s.model_dump(exclude={"takes"}) for s in p.shots]
    if fmt == "json":
        assert q == p


def test_jsonl_has_one_request_per_shot_with_the_exact_prompt(tmp_path: Path) -> None:
    p = project_file.load(EXAMPLES[0])
    lines = export(p, "jsonl", tmp_path / "b.jsonl").read_text().splitlines()
    body = json.loads(lines[0])["body"]
    assert len(lines) == len(p.shots) and body["prompt"] == assemble(p.shots[0], p).text
    assert body["model"] == "veo-3.1" and body["seconds"] == "8"


def test_a_screenplay_slate_did_not_write_becomes_a_sensible_shot_list() -> None:
    p = import_file(FIXTURES / "lighthouse.fountain")
    assert p.name == "The Keeper's Last Night"
    scenes = [s.scene for s in p.shots]
    assert scenes == ["EXT. LIGHTHOUSE - NIGHT", "INT. LAMP ROOM - CONTINUOUS", "UNDER THE CLIFF",
                      "EXT. JETTY - LATER"], "FADE IN:, CUT TO:, boneyard, notes and page breaks are not shots"
    lamp = p.shots[1]
    assert [b.text[:20] for b in lamp.beats] == ["MARGARET HALE (60s, ", "She sets the lantern"]
    assert [(d.speaker, d.emotion) for d in lamp.dialogue] == [("MARGARET", "to herself"), ("TOMMY", "O.S."),
                                                                ("MARGARET", "")]
    assert "Not for shooting" not in json.dumps(p.model_dump(mode="json"))
    assert p.shots[2].beats[0].text.startswith("A SMALL BOAT")  # forced action
    assert p.shots[3].dialogue[0].speaker == "McGREGOR"  # forced character


def test_otio_reads_back_with_hero_media_and_prompt(tmp_path: Path) -> None:
    p = project_file.load(EXAMPLES[0])
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "t.mp4").write_bytes(b"x")
    p.shots[0].takes.append(Take(hero=True, video_path="m/t.mp4", prompt_sent="THE PROMPT", params={"seconds": 8}))
    path = project_file.save(p, tmp_path / "p.slate")
    export(p, "otio", tmp_path / "cut.otio", project_path=path)
    tl = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    clip = next(iter(tl.tracks[0]))
    assert clip.media_reference.target_url.endswith("/m/t.mp4")
    assert clip.metadata["slate"]["prompt"] == "THE PROMPT"
    assert clip.source_range.duration.to_seconds() == 8


def test_cli_export_import_bundle(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["export", str(EXAMPLES[0]), "--to", "csv", "-o", str(tmp_path / "s.csv")], out=out) == 0
    assert main(["import", str(tmp_path / "s.csv"), "-o", str(tmp_path / "s.slate")], out=out) == 0
    assert project_file.load(tmp_path / "s.slate").shots[0].subject
    assert main(["import", str(tmp_path / "missing.csv")], out=out) == 2


def _project_with_media(tmp_path: Path) -> Path:
    p = project_file.load(EXAMPLES[0])
    media = tmp_path / "proj.slate-media"
    media.mkdir()
    (media / "hero.mp4").write_bytes(b"hero")
    (media / "other.mp4").write_bytes(b"other")
    p.shots[0].takes = [Take(hero=True, video_path="proj.slate-media/hero.mp4"),
                        Take(video_path="proj.slate-media/other.mp4")]
    return project_file.save(p, tmp_path / "proj.slate")


def test_bundle_round_trip_with_hero_takes_only(tmp_path: Path) -> None:
    path = _project_with_media(tmp_path)
    z = bundle.create(path, tmp_path / "b.zip", takes="hero")
    names = zipfile.ZipFile(z).namelist()
    assert "proj/proj.slate-media/hero.mp4" in names and not any("other" in n for n in names)
    out = bundle.extract(z, tmp_path / "unpacked")
    assert project_file.load(out).shots[0].takes[0].hero
    assert (out.parent / "proj.slate-media" / "hero.mp4").read_bytes() == b"hero"


def _zip(tmp_path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as f:
        f.writestr("p/p.slate", project_file.dumps(project_file.load(EXAMPLES[0])))
        for info, data in entries:
            f.writestr(info, data)
    return z


@pytest.mark.reliability
def test_hostile_bundles_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="outside the bundle"):
        bundle.extract(_zip(tmp_path, [("../../escape.txt", b"x")]), tmp_path / "d1")
    with pytest.raises(InputError, match="outside the bundle"):
        bundle.extract(_zip(tmp_path, [("/abs.txt", b"x")]), tmp_path / "d0")
    link = zipfile.ZipInfo("p/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(InputError, match="symbolic link"):
        bundle.extract(_zip(tmp_path, [(link, b"/etc/passwd")]), tmp_path / "d2")
    with pytest.raises(InputError, match="zip bomb"):
        bundle.extract(_zip(tmp_path, [("p/bomb.bin", b"\0" * (50 << 20))]), tmp_path / "d3")
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable zip"):
        bundle.extract(junk, tmp_path / "d4")
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.reliability
@settings(max_examples=FUZZ, deadline=1000, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), suffix=st.sampled_from([".csv", ".fountain", ".json"]))
def test_importers_fuzz_only_clear_errors(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        p = import_file(path)
    except InputError as e:
        assert str(e)
    else:
        assert p.model_validate(p.model_dump()) == p
