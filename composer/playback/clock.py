"""The master clock: which frame plays at a monotonic time, and what a tick of the display must do about it.

libvlc's get_time() moves in 250 ms steps and is off by up to 0.5 s at a pause (reference/vlc-compare.md §4), so
the frame number while playing comes from our own clock, anchored on the moment pane A showed an identified frame.
libvlc paces its players to the same monotonic clock, so no correction runs while playing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

RATES = (0.25, 0.5, 1.0, 1.5, 2.0)
MIN_RATE, MAX_RATE = RATES[0], RATES[-1]


def clamp_rate(rate: float) -> float:
    return min(MAX_RATE, max(MIN_RATE, rate))


@dataclass
class Clock:
    fps: float
    """Pane A's frame rate: takes of one project share a rate (docs/player.md § costs and limits)."""
    rate: float = 1.0
    frame: int = 0
    """The master frame shown at ``anchor`` (while stopped: the frame shown)."""
    anchor: float | None = None
    """Monotonic time at which every pane shows ``frame``; None while the clock is stopped."""

    @property
    def frames_per_second(self) -> float:
        """Master frames per second of monotonic time (the take's rate times the speed)."""
        return self.fps * self.rate

    def frame_at(self, t: float) -> int:
        """The master frame playing at monotonic time ``t`` (``frame`` while stopped, never before the anchor)."""
        if self.anchor is None:
            return self.frame
        return self.frame + max(0, int((t - self.anchor) * self.frames_per_second))

    def start(self, anchor: float) -> None:
        self.anchor = anchor

    def stop(self, frame: int) -> None:
        """Hold on ``frame``: the next start counts from there."""
        self.frame, self.anchor = frame, None


class TickKind(StrEnum):
    SHOW = "show"  # the frame to show (and to put in the readout)
    WRAP = "wrap"  # past the loop's out point: pause, seek to ``frame`` (the in point), arm again
    END = "end"  # past the last frame with no loop: pause on ``frame`` (the last one)


@dataclass(frozen=True)
class Tick:
    kind: TickKind
    frame: int


def tick(frame: int, *, end: int, start: int, looping: bool) -> Tick:
    """What to do when the clock says ``frame``, for a play range ``start``..``end`` (exclusive).

    A late tick wraps to the in point, not to where the overshoot would be: a wrap always re-arms from a paused
    seek, so the panes start the loop together.
    """
    if frame < end:
        return Tick(TickKind.SHOW, frame)
    if looping:
        return Tick(TickKind.WRAP, start)
    return Tick(TickKind.END, end - 1)
