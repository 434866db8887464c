"""Issue 16 in the core and on the command line: names where ids were, spreadsheets with other column names, takes
of a project never saved, and shipped examples the CLI must not write into."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from composer.document import names
from composer.document.models import Project, Shot, Take, TakeKind
from composer.errors import InputError
from composer.exchange import csv_io, import_file
from composer.project import files as project_file
from composer.project import paths
from composer.project.document import Document
from tests.media import write_clip


def _slate(tmp_path: Path, *args: str, cwd: Path | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ, SLATE_DATA_DIR=str(tmp_path / "data"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "composer", *args], capture_output=True, text=True, env=e,
                          timeout=300, cwd=cwd or tmp_path)


# --- §6 names -------------------------------------------------------------------------------------------------------

def _named() -> Project:
    first = Shot(title="Pho vendor", subject="A vendor ladles broth.")
    second = Shot(title="Shot 2", subject="Steam rises over the market at dawn, lanterns swaying.")
    parent = Take(kind=TakeKind.CREATE, prompt_sent="Medium shot, static camera.", backend="animatic")
    remix = Take(kind=TakeKind.REMIX, parent_take_id=parent.id, prompt_sent="Close-up, static camera.",
                 backend="animatic")
    first.takes = [parent, remix]
    return Project(shots=[first, second])


def test_shots_takes_and_fields_are_named_as_people_name_them() -> None:
    p = _named()
    a, b = p.shots
    assert names.shot_label(p, a.id) == "Shot 1 · Pho vendor"
    assert names.shot_label(p, b.id) == "Shot 2 · Steam rises over the market at dawn…"  # no title: subject
    assert names.shot_label(p, "shot_gone") is None
    assert names.take_label(a, a.takes[0]) == "Take 1"
    assert names.take_label(a, a.takes[1]) == "Take 2 · remix: Close-up,"
    assert names.field_label("beats[2].text") == "Beat 3"
    assert names.field_label("beats[1].start") == "Beat 2 start"
    assert names.field_label("camera.movement") == "Camera movement"
    assert names.field_label("mystery.path") == "mystery.path", "an unknown path is shown, never hidden"


def test_a_shot_is_found_by_number_title_or_id() -> None:
    p = _named()
    a, b = p.shots
    assert names.find_shots(p, ["2", "pho VENDOR", a.id]) == ([b.id, a.id], [])
    assert names.find_shots(p, ["3", "nope"]) == ([], ["3", "nope"])
    assert names.shot_menu(p).startswith("1 (Pho vendor), 2 (Shot 2)")


def test_cli_takes_a_shots_number_or_title(tmp_path: Path) -> None:
    path = project_file.save(_named(), tmp_path / "market.slate")
    r = _slate(tmp_path, "assemble", str(path), "--shot", "Pho vendor")
    assert r.returncode == 0 and "A vendor ladles broth." in r.stdout and "Steam" not in r.stdout, r.stderr
    r = _slate(tmp_path, "assemble", str(path), "--shot", "2")
    assert r.returncode == 0 and "Steam rises" in r.stdout and "ladles" not in r.stdout, r.stderr
    r = _slate(tmp_path, "render", str(path), "--shot", "9")
    assert r.returncode == 2 and "no shot with id 9" in r.stderr and "1 (Pho vendor)" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


# --- §4 spreadsheets with their own column names ---------------------------------------------------------------------

SHEET = "Shot,Description,Location,Duration\n1,A kite climbs over dunes.,Desert at noon,8s\n\n" \
        "2,The string snaps.,Desert at noon,0:04\n"


def test_a_sheet_with_other_column_names_is_guessed_and_mapped(tmp_path: Path) -> None:
    assert csv_io.guess(csv_io.header(SHEET)) == {"title": "Shot", "subject": "Description", "scene": "Location",
                                                  "seconds": "Duration"}
    sheet = tmp_path / "list.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    p = import_file(sheet)
    assert [(s.title, s.subject, s.scene, s.render.seconds) for s in p.shots] == [
        ("Shot 1", "A kite climbs over dunes.", "Desert at noon", 8),
        ("Shot 2", "The string snaps.", "Desert at noon", 4)]
    mapped = import_file(sheet, columns={"subject": "Location", "title": "Shot"})
    assert mapped.shots[0].subject == "Desert at noon" and mapped.shots[0].scene == ""
    with pytest.raises(InputError, match="no column 'Colour'"):
        import_file(sheet, columns={"subject": "Colour"})
    odd = tmp_path / "odd.csv"
    odd.write_text("Colour,Weather\nred,rain\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_file(odd)
    assert "--map subject=COLUMN" in (e.value.hint or "")


def test_cli_import_maps_columns(tmp_path: Path) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    r = _slate(tmp_path, "import", str(sheet), "--map", "subject=Location", "-o", str(tmp_path / "m.slate"))
    assert r.returncode == 0, r.stderr
    assert project_file.load(tmp_path / "m.slate").shots[0].subject == "Desert at noon"
    r = _slate(tmp_path, "import", str(sheet), "--map", "subject", "-o", str(tmp_path / "n.slate"))
    assert r.returncode == 2 and "FIELD=COLUMN" in r.stderr and "Traceback" not in r.stderr


# --- §1 and §10 a take rendered before the first save ---------------------------------------------------------------

def test_the_first_save_copies_an_unsaved_projects_takes_beside_the_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A kite.")]))
    assert doc.folder == paths.unsaved_path()
    rel = "Untitled.slate-media/takes/job_1.mp4"
    (doc.folder / rel).parent.mkdir(parents=True)
    clip = write_clip(doc.folder / rel, (np.full((32, 48, 3), 10 * n, np.uint8) for n in range(4)))
    doc.project.shots[0].takes = [Take(kind=TakeKind.CREATE, video_path=rel, backend="animatic")]
    saved = doc.save(tmp_path / "film" / "kite")
    assert saved == tmp_path / "film" / "kite.slate"
    take = project_file.load(saved).shots[0].takes[0]
    assert take.video_path == "kite.slate-media/takes/job_1.mp4"
    copy = saved.parent / take.video_path
    assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(clip.read_bytes()).digest()
    assert doc.project.name == "kite", "an export of the saved project names it, not 'Untitled'"
    again = doc.save(tmp_path / "elsewhere" / "kite2.slate")  # Save As into another folder: the take goes along
    assert (again.parent / project_file.load(again).shots[0].takes[0].video_path).is_file()
    assert copy.is_file(), "the first file still has its take"


# --- §13 and §14 the stand-in and the shipped examples ---------------------------------------------------------------

def test_the_standin_says_any_key_works(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "composer", "standin", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, SLATE_DATA_DIR=str(tmp_path)))
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
    finally:
        proc.terminate()
        proc.wait(10)
    text = "".join(lines)
    assert "Any API key works here" in text and "OPENAI_API_KEY=sk-local slate render" in text, text


def test_render_never_writes_into_a_shipped_example(tmp_path: Path) -> None:
    from composer import resources

    shipped = tmp_path / "installed" / "resources"  # an installation's copy: a regression writes there, not here
    shutil.copytree(resources.root(), shipped)
    env = {"SLATE_RESOURCES": str(shipped)}
    example = shipped / "examples" / "robot_workshop.slate"
    folder = example.parent
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    work = tmp_path / "work"
    work.mkdir()
    r = _slate(tmp_path, "render", str(example), "--yes", "--wait", cwd=work, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    copy = work / "robot_workshop.slate"
    assert f"rendering into a copy: {copy}" in r.stdout and "1 take(s) added to robot_workshop.slate" in r.stdout
    assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before, "the example is untouched"
    assert len(project_file.load(copy).shots[0].takes) == 1
    r = _slate(tmp_path, "render", str(example), "--yes", "--into", str(copy), env=env)
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr
    own = tmp_path / "own.slate"
    shutil.copy(example, own)
    r = _slate(tmp_path, "render", str(own), "--yes", "--into", str(tmp_path / "variant"), env=env)
    assert r.returncode == 0 and (tmp_path / "variant.slate").is_file(), r.stderr
    assert json.loads(own.read_text(encoding="utf-8")) == json.loads(example.read_text(encoding="utf-8"))


def test_an_endpoint_render_without_a_key_says_a_placeholder_works_for_the_standin(tmp_path: Path) -> None:
    """§13: `render --backend openai` against `slate standin` stopped at "no API key" with no way on."""
    path = project_file.save(_named(), tmp_path / "market.slate")
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    r = subprocess.run([sys.executable, "-m", "composer", "render", str(path), "--backend", "openai",
                        "--base-url", "http://127.0.0.1:9/v1", "--yes", "--shot", "1"], capture_output=True,
                       text=True, timeout=120, cwd=tmp_path, env=dict(env, SLATE_DATA_DIR=str(tmp_path / "d")))
    assert r.returncode == 2 and "no API key" in r.stderr and "'sk-local' works" in r.stderr, r.stderr


def test_asking_where_an_unsaved_projects_media_go_touches_no_disk(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The window asks at every keystroke (the lint's media root): creating the folder there was a mkdir on the
    GUI thread each time. The folder is made by whatever first writes a take into it."""
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    doc = Document(Project(shots=[Shot(title="Shot 1", subject="A kite.")]))
    assert doc.folder == tmp_path / "data" / "unsaved"
    doc.findings(doc.project.shots[0].id)
    assert not (tmp_path / "data").exists()
