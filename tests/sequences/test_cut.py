"""The cut: chosen takes in shot order, cut points, jump to a shot, and one MP4 of the right length (decoded)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from composer.cli.main import main
from composer.errors import InputError
from composer.project import files as project_file
from composer.sequence.cut import build_cut
from composer.sequence.export import write_cut
from tests.sequences.conftest import save_scene, scene


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-shot scene rendered offline (small and short), hero takes chosen as the queue chose them."""
    import os

    tmp = tmp_path_factory.mktemp("cut")
    old = os.environ.get("SLATE_DATA_DIR")
    os.environ["SLATE_DATA_DIR"] = str(tmp / "data")
    try:
        path = save_scene(tmp / "proj", model="wan2.2-t2v-a14b", size="832x480", seconds=2)
        project = project_file.load(path)
        project.shots[2].render.size = "480x832"  # a portrait take: letterboxed in the cut, never cropped
        project.shots[2].render.seconds = 3
        project_file.save(project, path)
        assert main(["render", str(path), "--wait"]) == 0
    finally:
        if old is None:
            os.environ.pop("SLATE_DATA_DIR", None)
        else:
            os.environ["SLATE_DATA_DIR"] = old
    return path


def test_the_cut_lists_chosen_takes_in_order_with_cut_points(rendered: Path) -> None:
    cut = build_cut(project_file.load(rendered), rendered)
    assert [c.shot_id for c in cut.clips] == ["shot_street", "shot_door", "shot_inside"]
    assert [c.frames for c in cut.clips] == [48, 48, 72]  # at the cut's 24 fps
    assert cut.cut_points == (48, 96) and cut.length == 168 and cut.seconds == 7.0
    assert cut.local(0) == (0, 0) and cut.local(47) == (0, 47) and cut.local(48) == (1, 0)
    assert cut.local(10_000) == (2, 71)
    assert cut.start_of("shot_inside") == 96


def test_the_exported_cut_decodes_to_the_total_length_with_sound(rendered: Path, tmp_path: Path) -> None:
    project = project_file.load(rendered)
    cut = build_cut(project, rendered)
    out = write_cut(cut, tmp_path / "cut.mp4")
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
        v = c.streams.video[0]
        assert (v.width, v.height) == (832, 480)
    with av.open(str(out)) as c:
        samples = sum(f.samples for f in c.decode(audio=0))
    assert len(frames) == cut.length == 168  # 7.0 s at 24 fps, decoded
    assert abs(samples / 48_000 - cut.seconds) < 0.05
    portrait = frames[100]
    assert portrait[:, :100].max() < 20 and portrait[:, 380:450].mean() > 10  # letterboxed, the picture kept whole
    assert not list(tmp_path.glob(".*.part"))


def test_export_cli_writes_the_sequence_mp4(rendered: Path, tmp_path: Path) -> None:
    dest = tmp_path / "scene.mp4"
    assert main(["export", str(rendered), "--to", "sequence-mp4", "-o", str(dest)]) == 0
    with av.open(str(dest)) as c:
        assert abs(float(c.duration) / 1e6 - 7.0) < 0.1


def test_a_project_with_no_takes_has_no_cut(tmp_path: Path) -> None:
    path = project_file.save(scene(), tmp_path / "empty.slate")
    with pytest.raises(InputError, match="no shot has a take"):
        build_cut(project_file.load(path), path)
    assert main(["export", str(path), "--to", "sequence-mp4", "-o", str(tmp_path / "x.mp4")]) == 2
    assert np is not None
