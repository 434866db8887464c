"""One transport for every pane: it owns the frame number, the play state, the rate and the loop range.

Measured facts it is built on (docs/player.md): libvlc keeps free-running players within a frame of each other,
but its paused seeks land 0–4 frames early on B-frame MP4s and sometimes show no new picture, and get_time() moves
in 250 ms steps. So:

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

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from composer.media.gate import DecodeGate
from ui.player.identify import closest
from ui.player.vlc_widget import PlayerView, VlcPlayer

RATES = (0.25, 0.5, 1.0, 1.5, 2.0)
ARM_TIMEOUT_S = 1.0  # a pane whose seek shows no settled picture by then is sent the seek again (once)


class Transport(QObject):
    sig_frame = Signal(int)
    """The master frame number changed (paused: exact; playing: the clock's estimate)."""
    sig_state = Signal(str)
    """paused | arming | playing."""

    def __init__(self, players: list[VlcPlayer], view: PlayerView, parent: QObject | None = None, *,
                 gate: DecodeGate | None = None) -> None:
        super().__init__(parent)
        self.gate = gate or DecodeGate()  # the app's: background copies wait while this transport plays
        self.players = players
        self.view = view
        self.offsets = [0] * len(players)
        self.frame = 0
        self.state = "loading"
        self.rate = 1.0
        self.loop: tuple[int, int] | None = None
        self.length = max(1, min(p.frames - o for p, o in zip(players, self.offsets, strict=True)))
        self._anchor = 0.0  # monotonic time at which every pane shows frame ``self.frame`` (playing)
        self._arm: dict[str, object] = {}
        self._arm_timer = QTimer(self)
        self._arm_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._arm_timer.timeout.connect(self._check_arm)
        self._launched: list[int] = []
        self._launch_time = 0.0
        self._paused_at: list[int] | None = None  # display counts when start-up paused the players
        self._boot = QTimer(self)
        self._boot.timeout.connect(self._check_boot)
        self._pool = ThreadPoolExecutor(max_workers=len(players), thread_name_prefix="slate-frames")
        self._holding_copies = False
        view.sig_tick.connect(self._on_tick)

    # --- start-up: libvlc must have a vout before seeks work -------------------------------------
    def start(self) -> None:
        """Start every player muted-paused: libvlc needs a running vout before paused seeks show pictures."""
        for p in self.players:
            p.play()
        self._show_stills()
        self._boot.start(10)

    def _check_boot(self) -> None:
        """Ready once every pane has shown a picture, been paused, and repeated a picture while paused.

        A seek sent sooner after the first pause is dropped by libvlc (measured: every time within ~60 ms).
        """
        if self._paused_at is None:
            if all(p.latest()[1] > 0 for p in self.players):
                for p in self.players:
                    p.pause()
                self._paused_at = [p.latest()[1] for p in self.players]
            return
        if all(p.state() == "Paused" and p.latest()[1] > n + 1
               for p, n in zip(self.players, self._paused_at, strict=True)):
            self._boot.stop()
            self._set_state("paused")

    @property
    def ready(self) -> bool:
        return self.state != "loading"

    # --- paused: exact frames -------------------------------------------------------------------
    def targets(self, frame: int | None = None) -> list[int]:
        f = self.frame if frame is None else frame
        return [max(0, min(f + o, p.frames - 1)) for p, o in zip(self.players, self.offsets, strict=True)]

    def shown(self) -> list[int]:
        """Frame number each pane shows now (exact while paused)."""
        if self.state != "playing":
            return [p.still_index for p in self.players]
        return self.targets(self.playing_frame())

    def _show_stills(self) -> None:
        """Decode every pane's exact frame, the panes in parallel (PyAV decodes without holding the GIL)."""
        if len(self.players) == 1:
            self.players[0].show_still(self.targets()[0])
        else:
            list(self._pool.map(lambda pt: pt[0].show_still(pt[1]), zip(self.players, self.targets(), strict=True)))
        self.view.playing = False
        self.view.update()
        self.sig_frame.emit(self.frame)

    def seek(self, frame: int) -> None:
        if self.state in ("playing", "arming"):
            self.pause()
        self.frame = max(0, min(frame, self.length - 1))
        self._show_stills()

    def step(self, delta: int = 1) -> None:
        if self.state in ("playing", "arming"):
            self.pause()
        self.seek(self.frame + delta)

    def set_offset(self, pane: int, offset: int) -> None:
        """Shift one pane against the others (takes that start on different frames)."""
        playing = self.state in ("playing", "arming")
        if playing:
            self.pause()
        self.offsets[pane] = offset
        self.length = max(1, min(p.frames - o for p, o in zip(self.players, self.offsets, strict=True)))
        self.seek(self.frame)
        if playing:
            self.play()

    # --- playing --------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.state in ("playing", "arming"):
            self.pause()
        elif self.state == "paused":
            self.play()

    def play(self) -> None:
        if self.state not in ("paused",):
            return
        if self.frame >= self._end() - 1:
            self.frame = self._start()
            self._show_stills()
        for p in self.players:
            p.set_rate(self.rate)
        self._begin_arm()

    def _begin_arm(self) -> None:
        for p in self.players:
            p.reader.hold_index(True)  # while playing, libvlc's decoders get the cores
        self._hold_copies(True)
        targets = self.targets()
        self._arm = {"targets": targets, "since": [0.0] * len(targets),
                     "count": [p.latest()[1] for p in self.players], "seen": [None] * len(targets),
                     "retried": [False] * len(targets)}
        self._set_state("arming")
        self._arm_timer.start(4)

    def _check_arm(self) -> None:
        """Barrier: every pane shows a settled picture after its seek (two identical displays in a row)."""
        targets: list[int] = self._arm["targets"]  # type: ignore[assignment]
        since: list[float] = self._arm["since"]  # type: ignore[assignment]
        count: list[int] = self._arm["count"]  # type: ignore[assignment]
        seen: list[tuple[int, np.ndarray] | None] = self._arm["seen"]  # type: ignore[assignment]
        retried: list[bool] = self._arm["retried"]  # type: ignore[assignment]
        now = time.monotonic()
        settled: list[np.ndarray | None] = []
        for i, p in enumerate(self.players):
            frame, displays = p.latest()
            if not since[i]:  # seek once the pane can take it
                if p.seekable():
                    p.vlc_seek(targets[i])
                    since[i], count[i] = now, displays
                settled.append(None)
                continue
            prev = seen[i]
            if displays > count[i] + 1 and frame is not None:
                if prev is not None and prev[0] != displays and np.array_equal(prev[1][::8, ::8], frame[::8, ::8]):
                    settled.append(frame)
                    continue
                seen[i] = (displays, frame)
            if now - since[i] > ARM_TIMEOUT_S:
                if retried[i]:  # the picture never settles (a still take?): play from where libvlc is
                    settled.append(frame if frame is not None else p.still)
                    continue
                p.vlc_seek(targets[i])  # libvlc drops a seek now and then: send it again
                since[i], count[i], seen[i], retried[i] = now, displays, None, True
            settled.append(None)
        if any(s is None for s in settled):
            return
        self._arm_timer.stop()
        self._launch()

    def _launch(self) -> None:
        """Un-pause every pane back to back; the clock is anchored on pane A's first new picture.

        Measured: on a B-frame MP4 the picture libvlc shows after a paused seek can be a few frames early, yet
        playback resumes from the seek's time, so the panes start together without any per-pane correction.
        """
        self._launched = [p.latest()[1] for p in self.players]
        self._launch_time = time.monotonic()
        for p in self.players:
            p.resume()
        self._anchor = 0.0
        self._set_state("playing")

    def _check_launch(self) -> bool:
        """True once every pane shows a playing picture the same number of frames past its target.

        A pane's first pictures after a resume can repeat its paused picture (which on a B-frame MP4 is not the
        frame it was sent to), so each pane's picture is identified against the decoded frames. Pane A's
        identified picture anchors the clock.
        """
        if self.view.playing:
            return True
        fps = self.players[0].fps * self.rate
        elapsed = int((time.monotonic() - self._launch_time) * fps)
        past = []
        for p, launched, target in zip(self.players, self._launched, self.targets(), strict=True):
            picture, displays = p.latest()
            if picture is None or displays < launched + 2:
                return False
            past.append(closest(p.reader, picture, target + elapsed, radius=4) - target)
        if past[0] < 1 or len(set(past)) != 1:
            return False
        self._anchor = self.players[0].last_display - past[0] / fps
        return True

    def playing_frame(self) -> int:
        if not self._anchor:
            return self.frame
        elapsed = time.monotonic() - self._anchor
        return self.frame + max(0, int(elapsed * self.players[0].fps * self.rate))

    def _on_tick(self) -> None:
        if self.state != "playing":
            return
        # Stills stay up until every pane shows a picture after the resume; then libvlc's pictures take over.
        self.view.playing = self._check_launch()
        current = self.playing_frame()
        if current >= self._end():
            if self.loop is not None:
                self._wrap()
                return
            self.pause(at=self._end() - 1)
            return
        self.sig_frame.emit(current)

    def _wrap(self) -> None:
        for p in self.players:
            p.pause()
        self.frame = self._start()
        self._show_stills()
        self._begin_arm()

    def _start(self) -> int:
        return self.loop[0] if self.loop else 0

    def _end(self) -> int:
        return min(self.loop[1] + 1, self.length) if self.loop else self.length

    def pause(self, at: int | None = None) -> None:
        """Hold every pane on one exact frame: the one pane A was showing (no jump), or ``at``."""
        was_playing = self.state == "playing" and self.view.playing
        self._arm_timer.stop()
        for p in self.players:
            p.pause()
        if at is not None:
            self.frame = at
        elif was_playing:
            estimate = self.playing_frame()
            first = self.players[0]
            picture = first.latest()[0]
            if picture is not None:
                estimate = closest(first.reader, picture, estimate + self.offsets[0], radius=3) - self.offsets[0]
            self.frame = max(0, min(estimate, self.length - 1))
        self._set_state("paused")
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
        self.rate = min(2.0, max(0.25, rate))
        if self.state in ("playing", "arming"):
            self.pause()
            self.play()

    def set_loop(self, start: int | None, end: int | None = None) -> None:
        """Loop frames start..end (inclusive); None clears the loop."""
        if start is None:
            self.loop = None
            return
        end = self.length - 1 if end is None else end
        lo, hi = sorted((max(0, start), min(end, self.length - 1)))
        self.loop = (lo, hi)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.sig_state.emit(state)

    def close(self) -> None:
        self._hold_copies(False)
        self._pool.shutdown(wait=True)
        self._arm_timer.stop()
        self._boot.stop()
