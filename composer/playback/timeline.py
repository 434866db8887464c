"""Which frames the panes can show together: per-pane lengths and offsets, the loop range and the I/O marks.

The master frame ``f`` is the frame every pane shows shifted by its own offset (``f + offset``). The common length
ends where the pane that runs out first runs out, so playing to the end never shows one pane frozen on its last
frame while another still moves. A pane whose offset points before its first frame is held on frame 0 while
paused; play starts where every pane has a frame, because libvlc cannot hold one pane back while the others run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


def _clamp(n: int, lo: int, hi: int) -> int:
    return max(lo, min(n, hi))


@dataclass
class Timeline:
    pane_frames: tuple[int, ...]
    """Frame count of each pane's take."""
    offsets: list[int] = field(default_factory=list)
    """Per pane: how many frames later in its take this pane shows the master frame (negative: earlier)."""
    loop: tuple[int, int] | None = None
    """The active loop, first and last master frame inclusive; None plays to the end."""
    marks: tuple[int, int] | None = None
    """The last I/O marks, kept while looping is off so turning it on again loops them."""

    def __post_init__(self) -> None:
        if not self.pane_frames:
            raise ValueError("a timeline needs at least one pane")
        if not self.offsets:
            self.offsets = [0] * len(self.pane_frames)
        if len(self.offsets) != len(self.pane_frames):
            raise ValueError("one offset per pane")

    @classmethod
    def of(cls, pane_frames: Sequence[int]) -> Timeline:
        return cls(tuple(pane_frames))

    @property
    def length(self) -> int:
        """Master frames every pane has (at least 1, so a one-frame or empty take still has a frame 0)."""
        return max(1, min(n - o for n, o in zip(self.pane_frames, self.offsets, strict=True)))

    @property
    def last(self) -> int:
        return self.length - 1

    def clamp(self, frame: int) -> int:
        """The master frame a seek to ``frame`` lands on."""
        return _clamp(frame, 0, self.last)

    def step(self, frame: int, delta: int) -> int:
        """The master frame ``delta`` frames from ``frame`` (clamped: stepping past either end stays there)."""
        return self.clamp(frame + delta)

    def targets(self, frame: int) -> list[int]:
        """The frame of its own take each pane shows for master frame ``frame``."""
        return [_clamp(frame + o, 0, n - 1) for n, o in zip(self.pane_frames, self.offsets, strict=True)]

    def set_offset(self, pane: int, offset: int) -> None:
        self.offsets[pane] = offset

    # --- the play range -----------------------------------------------------------------------------------------
    @property
    def first_playable(self) -> int:
        """The first master frame at which no pane is held on its frame 0 (a negative offset holds one)."""
        return self.clamp(max(0, *(-o for o in self.offsets)))

    def _unheld(self, frame: int) -> int:
        """``frame``, or later where no pane is held, if the play range reaches that far (else ``frame``)."""
        later = max(frame, self.first_playable)
        return later if later < self.end - 1 else frame

    @property
    def start(self) -> int:
        """Where playback starts over: the loop's in point, or frame 0 (or later, where every pane has a frame)."""
        return self._unheld(self.loop[0] if self.loop else 0)

    @property
    def end(self) -> int:
        """One past the last master frame that plays (exclusive), for the loop or the whole take."""
        return min(self.loop[1] + 1, self.length) if self.loop else self.length

    def play_from(self, frame: int) -> int:
        """Play starts where it is, unless that is the end (then from the start, as every player does) or a pane
        would be held on its first frame (then where it no longer is)."""
        return self.start if frame >= self.end - 1 else self._unheld(frame)

    def set_loop(self, start: int | None, end: int | None = None) -> None:
        """Loop master frames start..end inclusive (in either order, clamped to the take); None clears the loop."""
        if start is None:
            self.loop = None
            return
        end = self.last if end is None else end
        lo, hi = sorted((self.clamp(start), self.clamp(end)))
        self.loop = (lo, hi)

    def mark(self, frame: int, *, start: bool) -> tuple[int, int]:
        """I or O at ``frame``: the loop's in or out point moves there (the other follows if crossed); loops it."""
        lo, hi = self.loop or (0, self.last)
        frame = self.clamp(frame)
        lo, hi = (frame, max(hi, frame)) if start else (min(lo, frame), frame)
        self.marks = (lo, hi)
        self.set_loop(lo, hi)
        return lo, hi

    def loop_marks(self, on: bool) -> tuple[int, int] | None:
        """Looping on (the last marks, or the whole take) or off; returns the loop now active."""
        if not on:
            self.set_loop(None)
            return None
        lo, hi = self.marks or (0, self.last)
        self.set_loop(lo, hi)
        return self.loop
