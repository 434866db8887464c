"""Bookkeeping of the waits that keep libvlc players in sync: start-up, the arming barrier, the resume.

Measured facts behind each wait (docs/player.md, reference/vlc-compare.md §4–5):

* a seek sent within ~60 ms of the first pause is dropped, so start-up waits for a repeated paused picture;
* after a paused seek a pane shows a *settled* picture (two identical displays in a row) before it may resume, and
  about one seek in ten shows nothing new, so a pane silent for ``ARM_TIMEOUT_S`` is sent the seek once more;
* on a B-frame MP4 the first pictures after a resume can repeat the early paused picture, so the clock starts only
  when every pane's picture is identified as the same number of frames past its target.

Pictures are opaque here (``P``): the adapter supplies how to compare two of them, so this needs neither numpy
nor libvlc.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

P = TypeVar("P")

ARM_TIMEOUT_S = 1.0  # a pane whose seek shows no settled picture by then is sent the seek again (once)


class BootStep(StrEnum):
    WAIT = "wait"
    PAUSE = "pause"  # every pane has shown a picture: pause them all, then report the display counts
    READY = "ready"  # every pane paused and repainted since: paused seeks will take


@dataclass
class Boot:
    paused_at: list[int] | None = None
    """Each pane's display count right after start-up paused it."""

    def observe(self, displays: Sequence[int], paused: Sequence[bool]) -> BootStep:
        if self.paused_at is None:
            return BootStep.PAUSE if all(d > 0 for d in displays) else BootStep.WAIT
        repainted = all(p and d > n + 1 for d, p, n in zip(displays, paused, self.paused_at, strict=True))
        return BootStep.READY if repainted else BootStep.WAIT

    def paused(self, displays: Sequence[int]) -> None:
        self.paused_at = list(displays)


class ArmStep(StrEnum):
    SEEK = "seek"  # not sent yet: send the seek when the pane can take it, then report it with ``sent``
    WAIT = "wait"
    RESEND = "resend"  # no settled picture within the timeout: send the same seek again (recorded already)
    SETTLED = "settled"


@dataclass
class PaneArm(Generic[P]):
    target: int
    """The frame of its own take this pane was sent to."""
    sent_at: float | None = None
    displays: int = 0
    """The pane's display count when its seek was sent."""
    seen: tuple[int, P] | None = None
    """(display count, picture) of the last new picture since the seek."""
    retried: bool = False


@dataclass
class ArmBarrier(Generic[P]):
    panes: list[PaneArm[P]]
    same: Callable[[P, P], bool]
    """True when two pictures are the same picture (the adapter's pixel comparison)."""
    timeout: float = ARM_TIMEOUT_S

    @classmethod
    def for_targets(cls, targets: Sequence[int], same: Callable[[P, P], bool]) -> ArmBarrier[P]:
        return cls([PaneArm(t) for t in targets], same)

    def sent(self, pane: int, now: float, displays: int) -> None:
        arm = self.panes[pane]
        arm.sent_at, arm.displays = now, displays

    def observe(self, pane: int, now: float, displays: int, picture: P | None) -> ArmStep:
        """One look at a pane: its display count and latest picture at ``now``.

        Settled is judged afresh on every look (a new different picture un-settles a pane), and the barrier opens
        only when every pane is settled in the same round of looks.
        """
        arm = self.panes[pane]
        if arm.sent_at is None:
            return ArmStep.SEEK
        if displays > arm.displays + 1 and picture is not None:
            prev = arm.seen
            if prev is not None and prev[0] != displays and self.same(prev[1], picture):
                return ArmStep.SETTLED
            arm.seen = (displays, picture)
        if now - arm.sent_at > self.timeout:
            if arm.retried:  # the picture never settles (a still take?): play from where libvlc is
                return ArmStep.SETTLED
            arm.sent_at, arm.displays, arm.seen, arm.retried = now, displays, None, True
            return ArmStep.RESEND
        return ArmStep.WAIT


@dataclass
class Launch:
    """The moment every pane was un-paused; the stills stay up until the panes are identified together."""

    time: float
    displays: list[int]
    """Each pane's display count at the un-pause: a picture counts only from two displays later."""
    targets: list[int] = field(default_factory=list)

    def ready(self, displays: Sequence[int]) -> bool:
        return all(d >= n + 2 for d, n in zip(displays, self.displays, strict=True))

    def expected(self, now: float, frames_per_second: float) -> list[int]:
        """Where each pane should be by now if it resumed from its target at ``time``."""
        elapsed = int((now - self.time) * frames_per_second)
        return [t + elapsed for t in self.targets]

    def anchor(self, identified: Sequence[int | None], last_display: float, frames_per_second: float) -> float | None:
        """The clock's anchor once every pane is the same number (≥ 1) of frames past its target, else None.

        ``identified`` is each pane's frame number read from its picture, ``last_display`` the time pane A showed
        it; the anchor is when pane A showed the target itself.
        """
        known = [n for n in identified if n is not None]
        if len(known) != len(self.targets):
            return None
        past = [n - t for n, t in zip(known, self.targets, strict=True)]
        if past[0] < 1 or len(set(past)) != 1:
            return None
        return last_display - past[0] / frames_per_second
