"""Which frame a picture shows: libvlc gives pictures no frame number, the player matches them to decoded frames."""

from __future__ import annotations

from pathlib import Path

from composer.media.decode import FrameReader
from tests.unit.test_frames import _clip
from ui.player.identify import closest


def test_a_picture_is_identified_as_the_frame_it_shows(tmp_path: Path) -> None:
    reader = FrameReader(_clip(tmp_path / "c.mp4", 3, 48), width=48, height=32)
    picture = reader.frame(40).copy()
    assert closest(reader, picture, 37) == 40  # looked for around 37: found 3 frames later
    assert closest(reader, picture, 44) == 40
    reader.close()
