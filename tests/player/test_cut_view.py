"""The cut player on real libvlc: the cut MP4 of three takes, cut points on its timeline, jumps land on each shot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from composer.document.models import Take
from composer.project import files as project_file
from composer.sequence.cut import build_cut
from composer.sequence.export import write_cut
from tests.media import write_clip
from tests.sequences.conftest import scene

pytestmark = pytest.mark.player
GREYS = (40, 120, 200)  # each shot a flat grey: which shot is on screen can be read from any pixel
LENGTHS = (24, 36, 24)


def _grey(view) -> int:  # type: ignore[no-untyped-def]
    frame = view.view.frames()[0]
    return -1 if frame is None else int(frame[frame.shape[0] // 2, frame.shape[1] // 2, 1])


def test_the_cut_plays_in_one_player_with_cut_points_labels_and_jumps(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.sequence.cut_view import CutView

    project = scene()
    for shot, grey, n in zip(project.shots, GREYS, LENGTHS, strict=True):
        clip = write_clip(tmp_path / f"{shot.id}.mp4", (np.full((96, 160, 3), grey, np.uint8) for _ in range(n)),
                          options={"crf": "10"})
        shot.takes = [Take(video_path=clip.name, hero=True)]
    path = project_file.save(project, tmp_path / "rain.slate")
    cut = build_cut(project, path)
    video = write_cut(cut, tmp_path / "cut.mp4")
    view = CutView(cut, video)
    qtbot.addWidget(view)
    view.show()
    assert view.transport is not None
    qtbot.waitUntil(lambda: view.transport.ready, timeout=10_000)  # type: ignore[union-attr]
    assert view.transport.length == 84 and cut.cut_points == (24, 60)  # type: ignore[union-attr]
    assert abs(_grey(view) - GREYS[0]) < 8 and view.shot_label.text().startswith("Shot 1/3: Street")
    view.jump_buttons[1].click()  # "2 Door"
    qtbot.waitUntil(lambda: view.frame == 24 and abs(_grey(view) - GREYS[1]) < 8, timeout=5000)
    assert view.shot_label.text().startswith("Shot 2/3: Door")
    view.jump(+1)  # PageDown
    qtbot.waitUntil(lambda: view.frame == 60 and abs(_grey(view) - GREYS[2]) < 8, timeout=5000)
    assert view.timeline.frame == 60
    view.jump(-1)  # PageUp at a shot's start: the shot before
    qtbot.waitUntil(lambda: view.frame == 24, timeout=5000)
    x = view.timeline.x_of(70) + 1
    view.timeline.sig_seek.emit(view.timeline.frame_at(x))  # a click on the timeline, inside Inside
    qtbot.waitUntil(lambda: view.shot_label.text().startswith("Shot 3/3"), timeout=5000)
    view.close()
