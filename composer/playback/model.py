"""The compare transport without Qt or libvlc: state, timeline, clock and barriers, driven by the Qt adapter.

The adapter (``ui/player/transport.py``) owns the players. It tells this object what it saw (display counts,
pictures, the time) and does what it is told (seek a pane, un-pause, show stills). Every decision about frame
numbers, offsets, the loop and the play state is made here, so it is tested without libvlc (tests/playback).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic

from composer.playback.barrier import ArmBarrier, Boot, Launch, P
from composer.playback.clock import Clock, Tick, clamp_rate, tick
from composer.playback.state import RUNNING, PlayEvent, PlayState, next_state
from composer.playback.timeline import Timeline

Identify = Callable[[int, int, int], int | None]
"""(pane, around, radius) -> the frame number of the picture that pane shows, searched within ``radius`` of
``around``; None when the pane shows no picture. libvlc gives pictures no frame number, so the adapter matches
them against decoded frames."""

PAUSE_RADIUS = 3  # the clock's estimate at a pause is within a frame or two of what pane A shows
LAUNCH_RADIUS = 4  # a B-frame MP4 re-shows a picture up to 4 frames early for a few frames after a resume


class Playback(Generic[P]):
    def __init__(self, pane_frames: Sequence[int], fps: float, same: Callable[[P, P], bool]) -> None:
        self.state = PlayState.LOADING
        self.timeline = Timeline.of(pane_frames)
        self.clock = Clock(fps)
        self.boot = Boot()
        self.barrier: ArmBarrier[P] | None = None
        self.launch: Launch | None = None
        self._same = same

    def _go(self, event: PlayEvent) -> PlayState:
        self.state = next_state(self.state, event)
        return self.state

    # --- where the panes are ------------------------------------------------------------------------------------
    @property
    def frame(self) -> int:
        """The master frame: exact while stopped; the frame playing started from while the clock runs."""
        return self.clock.frame

    @property
    def length(self) -> int:
        return self.timeline.length

    def targets(self, frame: int | None = None) -> list[int]:
        return self.timeline.targets(self.frame if frame is None else frame)

    def playing_frame(self, t: float) -> int:
        return self.clock.frame_at(t)

    def panes_at(self, t: float) -> list[int]:
        """The frame of its own take each pane should show at monotonic time ``t``."""
        return self.timeline.targets(self.clock.frame_at(t))

    # --- paused commands ----------------------------------------------------------------------------------------
    def booted(self) -> None:
        self._go(PlayEvent.BOOTED)

    def seek(self, frame: int) -> int:
        """Hold on master frame ``frame`` (clamped). A running transport is paused first: its players must stop
        too, which only the adapter can do, so seeking while running is a bug here, not a silent clock stop."""
        if self.state in RUNNING:
            raise RuntimeError(f"pause before seeking (the transport is {self.state})")
        self.clock.stop(self.timeline.clamp(frame))
        return self.frame

    def step(self, delta: int) -> int:
        return self.seek(self.timeline.step(self.frame, delta))

    def set_offset(self, pane: int, offset: int) -> None:
        self.timeline.set_offset(pane, offset)
        self.seek(self.frame)  # the common length may have shrunk under the current frame

    def set_rate(self, rate: float) -> float:
        self.clock.rate = clamp_rate(rate)
        return self.clock.rate

    # --- play ---------------------------------------------------------------------------------------------------
    def rewind_if_at_end(self) -> bool:
        """Play from the start when paused on the last frame of the play range; True if the frame changed."""
        start = self.timeline.play_from(self.frame)
        if start == self.frame:
            return False
        self.clock.stop(start)
        return True

    def arm(self, event: PlayEvent) -> ArmBarrier[P] | None:
        """Play (from paused) or wrap (from playing): a new barrier for every pane's target, or None if ignored."""
        if event not in (PlayEvent.PLAY, PlayEvent.WRAP):
            raise ValueError(f"{event} does not arm the transport")
        after = next_state(self.state, event)
        if after is not PlayState.ARMING or self.state is PlayState.ARMING:
            return None
        if event is PlayEvent.WRAP:
            self.clock.stop(self.timeline.start)
        self.state = after
        self.barrier = ArmBarrier.for_targets(self.targets(), self._same)
        return self.barrier

    def armed(self, now: float, displays: Sequence[int]) -> Launch:
        """Every pane settled: the adapter un-pauses them all right after this."""
        self._go(PlayEvent.ARMED)
        self.barrier = None
        self.launch = Launch(now, list(displays), self.targets())
        return self.launch

    def identify_launch(self, now: float, displays: Sequence[int], identify: Identify, last_display: float) -> bool:
        """While resuming: True once every pane is identified on the same frame; the clock is anchored then."""
        if self.state is not PlayState.RESUMING or self.launch is None or not self.launch.ready(displays):
            return False
        fps = self.clock.frames_per_second
        seen = [identify(i, n, LAUNCH_RADIUS) for i, n in enumerate(self.launch.expected(now, fps))]
        anchor = self.launch.anchor(seen, last_display, fps)
        if anchor is None:
            return False
        self.clock.start(anchor)
        self.launch = None
        self._go(PlayEvent.IDENTIFIED)
        return True

    def tick(self, now: float) -> Tick:
        """What a display tick while running must do: show a frame, wrap to the loop's in point, or stop."""
        tl = self.timeline
        return tick(self.clock.frame_at(now), end=tl.end, start=tl.start, looping=tl.loop is not None)

    def pause(self, now: float, *, at: int | None = None, identify: Identify | None = None) -> int:
        """Hold every pane on one exact frame: ``at``, or the one pane A shows (no jump), and return it.

        Only a playing clock has moved; arming or resuming stop where playing started.
        """
        if at is not None:
            frame = at
        elif self.state is PlayState.PLAYING:
            estimate = self.clock.frame_at(now)
            offset = self.timeline.offsets[0]
            seen = identify(0, estimate + offset, PAUSE_RADIUS) if identify is not None else None
            frame = self.timeline.clamp(estimate if seen is None else seen - offset)
        else:
            frame = self.frame
        self._go(PlayEvent.PAUSE)
        self.clock.stop(frame)
        self.barrier = self.launch = None
        return frame
