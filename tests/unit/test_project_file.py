"""Project files: round trip, migrations, atomic saves with .bak, hostile files, autosave/recovery."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.document.models import Beat, Project, Shot, Take
from composer.errors import ProjectFileError
from composer.project import files as pf
from composer.project import paths

FUZZ_EXAMPLES = int(os.environ.get("SLATE_FUZZ_EXAMPLES", "150"))


def _sample() -> Project:
    return Project(name="Sample", shots=[Shot(id="s1", subject="A cyclist", beats=[Beat(text="brakes")])])


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    p = _sample()
    path = pf.save(p, tmp_path / "a.slate")
    assert pf.load(path) == p


def test_save_appends_the_suffix(tmp_path: Path) -> None:
    assert pf.save(_sample(), tmp_path / "noext").name == "noext.slate"


def test_second_save_keeps_one_backup_of_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "a.slate"
    first = _sample()
    pf.save(first, path)
    second = first.model_copy(update={"name": "Renamed"})
    pf.save(second, path)
    assert pf.load(path).name == "Renamed"
    assert pf.load(path.with_name("a.slate.bak")).name == "Sample"
    assert not list(tmp_path.glob(".a.slate.*.tmp")), "temp files must not linger"


@pytest.mark.reliability
def test_disk_full_during_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk cannot be produced here without root mounts, so fsync is made to fail with ENOSPC."""
    import errno

    path = tmp_path / "a.slate"
    pf.save(_sample(), path)
    before = path.read_bytes()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pf.os, "fsync", full)
    with pytest.raises(ProjectFileError, match="could not save: No space left") as e:
        pf.save(_sample().model_copy(update={"name": "X"}), path)
    assert "disk is full" in e.value.hint
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".a.slate.*.tmp"))


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="could not save"):
        pf.save(_sample(), tmp_path / "nope" / "a.slate")


def test_v0_file_is_migrated(tmp_path: Path) -> None:
    old = {"name": "Old", "shots": [{"id": "s", "beats": ["walks in", "sits"], "camera": "wide shot",
                                      "dialogue": ["Ana: Hello there.", "no speaker"]}]}
    path = tmp_path / "old.slate"
    path.write_text(json.dumps(old))
    p = pf.load(path)
    s = p.shots[0]
    assert [b.text for b in s.beats] == ["walks in", "sits"]
    assert s.camera.framing == "wide shot"
    assert (s.dialogue[0].speaker, s.dialogue[0].line) == ("Ana", "Hello there.")
    assert s.dialogue[1].speaker == "" and p.schema_version == 1
    assert json.loads(path.read_text()) == old, "loading never rewrites the file"


@pytest.mark.reliability
@pytest.mark.parametrize(("content", "message"), [
    ('{"schema_version": 99, "name": "x"}', "newer Slate"),
    ('{"schema_version": 1, "name": "x", "shots": [', "not valid JSON"),
    ("[1, 2, 3]", "expected a JSON object"),
    ('{"schema_version": "one"}', "whole number"),
    ('{"schema_version": 1, "shots": [{"id": "a", "camera": {"movement": 5}}]}', "shots[0].camera.movement"),
    ('{"schema_version": 1, "shots": [{"id": "a", "reference_image": "../../etc/passwd"}]}', "outside the project"),
    ('{"schema_version": 1, "shots": [{"id": "a", "reference_image": "/etc/passwd"}]}', "outside the project"),
    ('{"schema_version": 1, "name": "' + "x" * 600 + '"}', "at most 500 characters"),
    ("[" * 5000 + "]" * 5000, "nest"),
])
def test_broken_files_give_a_clear_error_and_stay_untouched(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.slate"
    path.write_text(content)
    with pytest.raises(ProjectFileError) as e:
        pf.load(path)
    assert message in str(e.value)
    assert str(path) in str(e.value)
    assert path.read_text() == content


def test_json_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.slate"
    path.write_text('{\n  "name": "x",\n  oops\n}')
    with pytest.raises(ProjectFileError) as e:
        pf.load(path)
    assert e.value.line == 3 and f"{path}:3" in str(e.value)


def test_binary_and_missing_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.slate"
    junk.write_bytes(b"\xff\xfe\x00garbage\x89PNG")
    with pytest.raises(ProjectFileError, match="not UTF-8"):
        pf.load(junk)
    with pytest.raises(ProjectFileError, match="no such file"):
        pf.load(tmp_path / "missing.slate")


def test_take_media_paths_must_be_relative(tmp_path: Path) -> None:
    p = Project(shots=[Shot(id="s", takes=[Take(video_path="..\\..\\win.mp4")])])
    path = tmp_path / "t.slate"
    path.write_text(pf.dumps(p))
    with pytest.raises(ProjectFileError, match="outside the project folder"):
        pf.load(path)


def test_resolve_media_is_relative_to_the_project(tmp_path: Path) -> None:
    assert pf.resolve_media(tmp_path / "a.slate", "a.slate-media/ref.png") == tmp_path / "a.slate-media/ref.png"
    with pytest.raises(ProjectFileError):
        pf.resolve_media(tmp_path / "a.slate", "../x.png")


def test_autosave_is_offered_only_when_newer_and_different(tmp_path: Path) -> None:
    path = pf.save(_sample(), tmp_path / "a.slate")
    pf.discard_autosave(path)
    assert pf.recovery_for(path) is None
    pf.autosave(_sample(), path)  # same content as the file
    assert pf.recovery_for(path) is None
    time.sleep(0.01)
    edited = _sample().model_copy(update={"name": "Edited after save"})
    auto = pf.autosave(edited, path)
    os.utime(auto, (time.time() + 5, time.time() + 5))
    found = pf.recovery_for(path)
    assert found == auto and pf.load(found).name == "Edited after save"
    assert pf.load(path).name == "Sample", "autosave never touches the project file"
    pf.discard_autosave(path)
    assert pf.recovery_for(path) is None


def test_untitled_projects_autosave_too() -> None:
    pf.discard_autosave(None)
    pf.autosave(_sample(), None)
    assert pf.recovery_for(None) is not None
    pf.discard_autosave(None)


def test_autosave_lives_in_the_data_dir(tmp_path: Path) -> None:
    assert pf.autosave_path(tmp_path / "x.slate").is_relative_to(paths.data_dir())


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)
_keys = st.sampled_from(["schema_version", "name", "shots", "characters", "style_spine", "defaults",
                         "lint_config", "id", "beats", "camera", "dialogue", "takes", "reference_image"])


@pytest.mark.reliability
@settings(max_examples=FUZZ_EXAMPLES, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    _json.map(json.dumps),
    st.dictionaries(_keys, _json, max_size=6).map(json.dumps),
    st.builds(lambda shots: json.dumps({"schema_version": 1, "shots": shots}),
              st.lists(st.dictionaries(_keys, _json, max_size=5), max_size=3)),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
))
def test_loader_fuzz_never_crashes(text: str) -> None:
    """Any input either loads as a valid Project or raises ProjectFileError, nothing else."""
    try:
        p = pf.parse(text, "fuzz.slate")
    except ProjectFileError as e:
        assert "fuzz.slate" in str(e)
    else:
        assert isinstance(p, Project)
        assert pf.parse(pf.dumps(p)) == p
