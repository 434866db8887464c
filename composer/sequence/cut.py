"""The cut: the chosen take of every shot, in shot-list order, as one sequence with its cut points.

Seed 000: a long scene is built from short clips stitched together; the cut is how the person sees whether they
stitch. A ``Cut`` is plain data (which take plays from which master frame) that the player's timeline and the MP4
export share; ``build_cut`` reads each take's frame count and rate from its file (I/O: the GUI runs it as an
operation).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from composer.document.lineage import chosen_take
from composer.document.models import Project
from composer.errors import InputError


@dataclass(frozen=True)
class CutClip:
    shot_id: str
    title: str
    take_id: str
    video: Path
    frames: int  # in the cut's frame rate
    start: int  # master frame the clip starts on
    width: int
    height: int
    fps: float  # the take's own rate
    has_audio: bool

    @property
    def end(self) -> int:
        """One past the clip's last master frame."""
        return self.start + self.frames


@dataclass(frozen=True)
class Cut:
    clips: tuple[CutClip, ...]
    fps: int
    missing: tuple[str, ...] = ()  # shots with no take to show (by title), skipped

    @property
    def length(self) -> int:
        return self.clips[-1].end if self.clips else 0

    @property
    def seconds(self) -> float:
        return self.length / self.fps

    @property
    def cut_points(self) -> tuple[int, ...]:
        """The master frames where a new shot starts (the first clip's 0 excluded)."""
        return tuple(c.start for c in self.clips[1:])

    def clip_at(self, frame: int) -> int:
        """The index of the clip that plays at master frame ``frame`` (clamped to the cut)."""
        starts = [c.start for c in self.clips]
        return max(0, min(bisect.bisect_right(starts, frame) - 1, len(self.clips) - 1))

    def local(self, frame: int) -> tuple[int, int]:
        """(clip index, frame of that clip) at master frame ``frame``."""
        i = self.clip_at(frame)
        return i, max(0, min(frame - self.clips[i].start, self.clips[i].frames - 1))

    def start_of(self, shot_id: str) -> int:
        """The master frame a shot's clip starts on (jump to a shot); KeyError if it is not in the cut."""
        return next(c.start for c in self.clips if c.shot_id == shot_id)


def probe(video: Path) -> tuple[int, float, int, int, bool]:
    """(frames, fps, width, height, has audio) of a take, from its container."""
    import av

    try:
        with av.open(str(video)) as c:
            v = c.streams.video[0]
            fps = float(v.average_rate or 24)
            frames = int(v.frames or round(float(c.duration or 0) / 1e6 * fps))
            return frames, fps, int(v.width), int(v.height), bool(c.streams.audio)
    except (av.error.FFmpegError, IndexError, OSError) as e:
        raise InputError(f"{video.name} is not a playable video ({type(e).__name__})",
                         hint="Render the shot again, or pick another take as its hero.") from None


def build_cut(project: Project, project_path: Path, *, fps: int = 24) -> Cut:
    """The cut of ``project``'s chosen takes; InputError when no shot has a take to show."""
    base = project_path.parent
    clips: list[CutClip] = []
    missing: list[str] = []
    start = 0
    for shot in project.shots:
        take = chosen_take(shot)
        video = base / take.video_path if take and take.video_path else None
        if take is None or video is None or not video.exists():
            missing.append(shot.title or shot.id)
            continue
        frames, rate, w, h, audio = probe(video)
        n = max(1, round(frames * fps / rate))  # its length in the cut's rate (a 16 fps Wan take lasts as long)
        clips.append(CutClip(shot.id, shot.title or shot.id, take.id, video, n, start, w, h, rate, audio))
        start += n
    if not clips:
        raise InputError("no shot has a take to play yet", hint="Render the shots (or a draft of them) first.")
    return Cut(tuple(clips), fps, tuple(missing))
