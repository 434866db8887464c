"""One transport for every pane: the Qt and libvlc side of ``composer.playback.Playback``.

Its own timer drives the core's clock; on each tick it tells the core what the players show and does what the core
decides (seek a pane, un-pause them all, show exact stills, pause on a frame). Measured facts it is built on
(docs/player.md): libvlc keeps free-running players within a frame of each other, but its paused seeks land 0–4
frames early on B-frame MP4s and sometimes show no new picture, and get_time() moves in 250 ms steps. So:

* paused, every pane shows the exact frame ``frame + offset`` decoded by PyAV (steps and seeks are exact);
* play arms libvlc: every pane seeks to its frame, the transport waits until each shows a settled picture, then
  un-pauses all panes back to back. The stills stay up until every pane's libvlc picture is identified (matched
  against the decoded frames) as the same number of frames past its target: a B-frame MP4 re-shows its early
  paused picture for a few frames after a resume, yet plays from the seek's time;
* while playing the frame number comes from the clock (libvlc paces to it), never from get_time();
* pause reads which frame pane A shows and makes that the exact paused frame for all panes.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import assert_never

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from composer.media.gate import DecodeGate
from composer.playback import (
    RUNNING,
    ArmStep,
    BootStep,
    Identify,
    Playback,
    PlayEvent,
    PlayState,
    TickKind,
    poll_interval_ms,
)
from ui.player.identify import closest
from ui.player.vlc_widget import Picture, PlayerView, VlcPlayer


def same_picture(a: Picture, b: Picture) -> bool:
    """Two libvlc pictures are the same picture (every 8th pixel: a repaint is bit-identical, a new frame is not)."""
    return bool(np.array_equal(a[::8, ::8], b[::8, ::8]))


class Transport(QObject):
    sig_frame = Signal(int)
    """The master frame number changed (paused: exact; playing: the clock's estimate)."""
    sig_state = Signal(PlayState)
    """The play state changed."""

    def __init__(self, players: list[VlcPlayer], view: PlayerView, parent: QObject | None = None, *,
                 gate: DecodeGate | None = None) -> None:
        super().__init__(parent)
        self.gate = gate or DecodeGate()  # the app's: background copies wait while this transport plays
        self.players = players
        self.view = view
        self.core: Playback[Picture] = Playback([p.frames for p in players], players[0].fps, same_picture)
        self._timer = QTimer(self)  # the master clock: polls the panes as often as the state needs
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer)
        self._shown_state = self.core.state
        self._pool = ThreadPoolExecutor(max_workers=len(players), thread_name_prefix="slate-frames")
        self._holding_copies = False

    # --- what the window reads ----------------------------------------------------------------------------------
    @property
    def state(self) -> PlayState:
        return self.core.state

    @property
    def ready(self) -> bool:
        return self.core.state is not PlayState.LOADING

    @property
    def frame(self) -> int:
        return self.core.frame

    @property
    def length(self) -> int:
        return self.core.length

    @property
    def offsets(self) -> list[int]:
        return self.core.timeline.offsets

    @property
    def loop(self) -> tuple[int, int] | None:
        return self.core.timeline.loop

    @property
    def rate(self) -> float:
        return self.core.clock.rate

    def targets(self, frame: int | None = None) -> list[int]:
        return self.core.targets(frame)

    def playing_frame(self) -> int:
        return self.core.playing_frame(time.monotonic())

    def shown(self) -> list[int]:
        """Frame number each pane shows now (exact while the stills are up)."""
        if self.core.state in (PlayState.RESUMING, PlayState.PLAYING):
            return self.core.panes_at(time.monotonic())
        return [p.still_index for p in self.players]

    # --- the clock's timer --------------------------------------------------------------------------------------
    def _sync_state(self) -> None:
        """Mirror the core's state: the timer's pace, libvlc's pictures or the stills, and the signal."""
        state = self.core.state
        interval = poll_interval_ms(state)
        if interval is None:
            self._timer.stop()
        elif not self._timer.isActive() or self._timer.interval() != interval:
            self._timer.start(interval)
        self.view.show_playing(state is PlayState.PLAYING)
        if state is not self._shown_state:
            self._shown_state = state
            self.sig_state.emit(state)

    def _on_timer(self) -> None:
        state = self.core.state
        match state:
            case PlayState.LOADING:
                self._check_boot()
            case PlayState.ARMING:
                self._check_arm()
            case PlayState.RESUMING | PlayState.PLAYING:
                self._on_tick()
            case PlayState.PAUSED:
                self._timer.stop()
            case _:
                assert_never(state)

    # --- start-up: libvlc must have a vout before seeks work ----------------------------------------------------
    def start(self) -> None:
        """Start every player muted-paused: libvlc needs a running vout before paused seeks show pictures."""
        for p in self.players:
            p.play()
        self._show_stills()
        self._sync_state()

    def _check_boot(self) -> None:
        """Ready once every pane has shown a picture, been paused, and repeated a picture while paused.

        A seek sent sooner after the first pause is dropped by libvlc (measured: every time within ~60 ms).
        """
        displays = self._displays()
        step = self.core.boot.observe(displays, [p.state() == "Paused" for p in self.players])
        if step is BootStep.PAUSE:
            for p in self.players:
                p.pause()
            self.core.boot.paused(self._displays())
        elif step is BootStep.READY:
            self.core.booted()
            self._sync_state()

    def _displays(self) -> list[int]:
        return [p.latest()[1] for p in self.players]

    # --- paused: exact frames -----------------------------------------------------------------------------------
    def _show_stills(self) -> None:
        """Decode every pane's exact frame, the panes in parallel (PyAV decodes without holding the GIL)."""
        targets = self.core.targets()
        if len(self.players) == 1:
            self.players[0].show_still(targets[0])
        else:
            list(self._pool.map(lambda pt: pt[0].show_still(pt[1]), zip(self.players, targets, strict=True)))
        self.view.show_playing(False)
        self.view.update()
        self.sig_frame.emit(self.core.frame)

    def seek(self, frame: int) -> None:
        if self.core.state in RUNNING:
            self.pause()
        self.core.seek(frame)
        self._show_stills()

    def step(self, delta: int = 1) -> None:
        """``delta`` frames from where pane A is (while playing: from the frame the pause lands on)."""
        if self.core.state in RUNNING:
            self.pause()
        self.core.step(delta)
        self._show_stills()

    def set_offset(self, pane: int, offset: int) -> None:
        """Shift one pane against the others (takes that start on different frames)."""
        running = self.core.state in RUNNING
        if running:
            self.pause()
        self.core.set_offset(pane, offset)
        self._show_stills()
        if running:
            self.play()

    # --- playing ------------------------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.core.state in RUNNING:
            self.pause()
        elif self.core.state is PlayState.PAUSED:
            self.play()

    def play(self) -> None:
        if self.core.state is not PlayState.PAUSED:
            return
        if self.core.rewind_if_at_end():
            self._show_stills()
        for p in self.players:
            p.set_rate(self.core.clock.rate)
        self._arm(PlayEvent.PLAY)

    def _arm(self, event: PlayEvent) -> None:
        """Send every pane to its frame through the barrier (play, or a loop's wrap)."""
        if self.core.arm(event) is None:
            return
        if event is PlayEvent.WRAP:
            self._show_stills()
        for p in self.players:
            p.reader.hold_index(True)  # while playing, libvlc's decoders get the cores
        self._hold_copies(True)
        self._sync_state()

    def _check_arm(self) -> None:
        """Barrier: every pane shows a settled picture after its seek (two identical displays in a row)."""
        barrier = self.core.barrier
        if barrier is None:
            return
        now = time.monotonic()
        settled = True
        for i, p in enumerate(self.players):
            picture, displays = p.latest()
            step = barrier.observe(i, now, displays, picture)
            if step is ArmStep.SEEK and p.seekable():  # seek once the pane can take it
                p.vlc_seek(barrier.panes[i].target)
                barrier.sent(i, now, displays)
            elif step is ArmStep.RESEND:  # libvlc drops a seek now and then: send it again
                p.vlc_seek(barrier.panes[i].target)
            settled = settled and step is ArmStep.SETTLED
        if settled:
            self._launch()

    def _launch(self) -> None:
        """Un-pause every pane back to back; the clock is anchored on pane A's first identified picture.

        Measured: on a B-frame MP4 the picture libvlc shows after a paused seek can be a few frames early, yet
        playback resumes from the seek's time, so the panes start together without any per-pane correction.
        """
        self.core.armed(time.monotonic(), self._displays())
        for p in self.players:
            p.resume()
        self._sync_state()

    def _identify(self, shots: list[tuple[Picture | None, int]]) -> Identify:
        """Which frame each pane's picture (as read in ``shots``) is, matched against its decoded frames."""
        def identify(pane: int, around: int, radius: int) -> int | None:
            picture = shots[pane][0]
            return None if picture is None else closest(self.players[pane].reader, picture, around, radius=radius)
        return identify

    def _on_tick(self) -> None:
        now = time.monotonic()
        if self.core.state is PlayState.RESUMING:
            # Stills stay up until every pane is identified after the resume; then libvlc's pictures take over.
            shots = [p.latest() for p in self.players]
            if self.core.identify_launch(now, [d for _, d in shots], self._identify(shots),
                                         self.players[0].last_display):
                self._sync_state()
        outcome = self.core.tick(now)
        match outcome.kind:
            case TickKind.SHOW:
                self.sig_frame.emit(outcome.frame)
            case TickKind.WRAP:
                for p in self.players:
                    p.pause()
                self._arm(PlayEvent.WRAP)
            case TickKind.END:
                self.pause(at=outcome.frame)
            case _:
                assert_never(outcome.kind)
        self.view.tick()

    def pause(self, at: int | None = None) -> None:
        """Hold every pane on one exact frame: the one pane A was showing (no jump), or ``at``."""
        if self.core.state is PlayState.LOADING:  # start-up pauses the players itself once they have a vout
            return
        for p in self.players:
            p.pause()
        self.core.pause(time.monotonic(), at=at, identify=self._identify([self.players[0].latest()]))
        self._sync_state()
        self._show_stills()
        for p in self.players:
            p.reader.hold_index(False)
        self._hold_copies(False)

    def _hold_copies(self, hold: bool) -> None:
        """Frame-cache copies written in the background wait while this transport plays (once per transport)."""
        if hold != self._holding_copies:
            self._holding_copies = hold
            self.gate.hold_copies(hold)

    def set_rate(self, rate: float) -> None:
        self.core.set_rate(rate)
        if self.core.state in RUNNING:
            self.pause()
            self.play()

    def set_loop(self, start: int | None, end: int | None = None) -> None:
        """Loop frames start..end (inclusive); None clears the loop."""
        self.core.timeline.set_loop(start, end)

    def mark_loop(self, *, start: bool) -> tuple[int, int]:
        """I / O at the current frame: the loop's in or out point; marking turns looping on."""
        return self.core.timeline.mark(self.core.frame, start=start)

    def loop_marks(self, on: bool) -> tuple[int, int] | None:
        return self.core.timeline.loop_marks(on)

    def close(self) -> None:
        self._hold_copies(False)
        self._pool.shutdown(wait=True)
        self._timer.stop()
