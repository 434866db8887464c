"""The compare transport's play states and the one function that moves it between them.

Why five states and not "paused/playing": resuming libvlc in sync takes two waits that the user sees as "playing"
but the code must not treat as such (docs/player.md § the barrier). While ARMING every pane is sent its seek and
the transport waits for settled pictures; while RESUMING the players run but the exact stills stay up until every
pane's picture is identified, and only then does the clock start (PLAYING).
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never


class PlayState(StrEnum):
    LOADING = "loading"  # players started muted-paused; libvlc has no vout that takes seeks yet
    PAUSED = "paused"  # every pane shows its exact PyAV frame
    ARMING = "arming"  # every pane's libvlc player is sent to its frame; waiting for settled pictures
    RESUMING = "resuming"  # un-paused; stills stay up until every pane is identified on the same frame
    PLAYING = "playing"  # the clock runs, libvlc's pictures are painted


class PlayEvent(StrEnum):
    BOOTED = "booted"  # every pane showed a picture, paused, and repeated it while paused
    PLAY = "play"
    ARMED = "armed"  # every pane showed a settled picture after its seek: un-pause them all
    IDENTIFIED = "identified"  # every pane's picture is the same number of frames past its target
    WRAP = "wrap"  # the clock passed the loop's out point: re-arm from the in point
    PAUSE = "pause"


RUNNING = frozenset({PlayState.ARMING, PlayState.RESUMING, PlayState.PLAYING})
"""States in which the user sees "playing" (the button says Pause, a seek or step pauses first)."""


def next_state(state: PlayState, event: PlayEvent) -> PlayState:
    """The state after ``event``; an event that does not apply leaves the state as it is.

    Ignoring rather than raising is deliberate: Space before the players are ready, or a second pause, are things
    people do, not bugs.
    """
    match state:
        case PlayState.LOADING:
            return PlayState.PAUSED if event is PlayEvent.BOOTED else state
        case PlayState.PAUSED:
            return PlayState.ARMING if event is PlayEvent.PLAY else state
        case PlayState.ARMING:
            return {PlayEvent.ARMED: PlayState.RESUMING, PlayEvent.PAUSE: PlayState.PAUSED}.get(event, state)
        case PlayState.RESUMING | PlayState.PLAYING:
            if event is PlayEvent.PAUSE:
                return PlayState.PAUSED
            if event is PlayEvent.WRAP:
                return PlayState.ARMING
            if event is PlayEvent.IDENTIFIED:
                return PlayState.PLAYING
            return state
        case _:
            assert_never(state)


def poll_interval_ms(state: PlayState) -> int | None:
    """How often the adapter must look at the panes in ``state`` (None: nothing to watch).

    Arming polls fast because the barrier's wait is the resume's latency; playing polls at the display's ~60 Hz.
    """
    match state:
        case PlayState.LOADING:
            return 10
        case PlayState.ARMING:
            return 4
        case PlayState.RESUMING | PlayState.PLAYING:
            return 16
        case PlayState.PAUSED:
            return None
        case _:
            assert_never(state)
