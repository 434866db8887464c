"""The transport's play states: every (state, event) pair has a stated outcome, and no sequence of events a person
can cause leaves the transport stuck or lets it play without going through the barrier."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.playback.state import RUNNING, PlayEvent, PlayState, next_state, poll_interval_ms

S, E = PlayState, PlayEvent

# Every pair not listed leaves the state unchanged.
MOVES = {
    (S.LOADING, E.BOOTED): S.PAUSED,
    (S.PAUSED, E.PLAY): S.ARMING,
    (S.ARMING, E.ARMED): S.RESUMING,
    (S.ARMING, E.PAUSE): S.PAUSED,
    (S.RESUMING, E.IDENTIFIED): S.PLAYING,
    (S.RESUMING, E.PAUSE): S.PAUSED,
    (S.RESUMING, E.WRAP): S.ARMING,
    (S.PLAYING, E.PAUSE): S.PAUSED,
    (S.PLAYING, E.WRAP): S.ARMING,
}


@pytest.mark.parametrize("state", list(PlayState))
@pytest.mark.parametrize("event", list(PlayEvent))
def test_every_state_and_event_has_its_stated_outcome(state: PlayState, event: PlayEvent) -> None:
    assert next_state(state, event) is MOVES.get((state, event), state)


def test_space_before_the_players_are_ready_is_ignored() -> None:
    assert next_state(S.LOADING, E.PLAY) is S.LOADING
    assert next_state(S.LOADING, E.PAUSE) is S.LOADING  # an export while loading must not pretend to be ready


@given(st.lists(st.sampled_from(list(PlayEvent)), max_size=40))
def test_playing_is_reached_only_through_arming_and_resuming(events: list[PlayEvent]) -> None:
    state, path = S.LOADING, [S.LOADING]
    for event in events:
        state = next_state(state, event)
        path.append(state)
    for before, after in zip(path, path[1:], strict=False):
        if after is S.PLAYING and before is not S.PLAYING:
            assert before is S.RESUMING
        if after is S.RESUMING and before is not S.RESUMING:
            assert before is S.ARMING
    # Whatever happened, one pause stops a running transport.
    if state in RUNNING:
        assert next_state(state, E.PAUSE) is S.PAUSED


def test_the_timer_runs_only_while_there_is_something_to_watch() -> None:
    assert poll_interval_ms(S.PAUSED) is None
    arming, playing = poll_interval_ms(S.ARMING), poll_interval_ms(S.PLAYING)
    assert arming is not None and playing is not None and arming < playing  # the barrier's wait is resume latency
    assert all(poll_interval_ms(s) for s in PlayState if s is not S.PAUSED)
