"""The whole transport without libvlc: play through the barrier, the clock, loop wraps, the end, and the pause rule
(the frame pane A shows becomes the exact paused frame of every pane)."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.playback import ArmStep, Identify, Playback, PlayEvent, PlayState, TickKind

FPS = 24.0


def _paused(*frames: int) -> Playback[int]:
    pb: Playback[int] = Playback(frames or (60, 60), FPS, operator.eq)
    pb.booted()
    assert pb.state is PlayState.PAUSED
    return pb


def _play(pb: Playback[int], now: float = 100.0, ahead: int = 2) -> float:
    """Arm, settle every pane, un-pause, identify every pane ``ahead`` frames past its target; returns the time
    at which the clock says the start frame was shown."""
    barrier = pb.arm(PlayEvent.PLAY)
    assert barrier is not None and pb.state is PlayState.ARMING
    for i, pane in enumerate(barrier.panes):
        assert barrier.observe(i, now, 0, None) is ArmStep.SEEK
        barrier.sent(i, now, 0)
        barrier.observe(i, now, 2, pane.target)
        assert barrier.observe(i, now, 3, pane.target) is ArmStep.SETTLED
    launch = pb.armed(now, [3] * len(barrier.panes))
    assert pb.state is PlayState.RESUMING
    targets = launch.targets
    shown_at = now + 0.2
    assert pb.identify_launch(shown_at, [5] * len(targets), lambda i, around, r: targets[i] + ahead, shown_at)
    assert pb.state is PlayState.PLAYING
    return shown_at - ahead / pb.clock.frames_per_second  # pane A showed its target this long before


def test_play_goes_through_the_barrier_and_the_clock_starts_on_pane_a() -> None:
    pb = _paused()
    pb.seek(10)
    t0 = _play(pb)
    assert pb.playing_frame(t0 + 0.5 / FPS) == 10
    assert pb.playing_frame(t0 + 24.5 / FPS) == 34
    assert pb.panes_at(t0 + 24.5 / FPS) == [34, 34]


def test_the_stills_stay_up_until_every_pane_is_identified() -> None:
    pb = _paused()
    pb.seek(10)
    pb.arm(PlayEvent.PLAY)
    pb.armed(100.0, [3, 3])
    assert not pb.identify_launch(100.1, [4, 9], lambda i, a, r: 12, 100.1)  # A: one display since the resume
    assert not pb.identify_launch(100.2, [9, 9], lambda i, a, r: 10, 100.2)  # the paused picture again
    assert not pb.identify_launch(100.2, [9, 9], lambda i, a, r: 12 + i, 100.2)  # A and B apart
    assert pb.state is PlayState.RESUMING and pb.playing_frame(200.0) == 10  # no clock yet
    assert pb.identify_launch(100.3, [9, 9], lambda i, a, r: 12, 100.3)


def test_pause_makes_the_frame_pane_a_shows_the_paused_frame_of_every_pane() -> None:
    pb = _paused(60, 70)
    pb.set_offset(0, 3)
    t0 = _play(pb)
    asked: list[tuple[int, int, int]] = []

    def pane_a_shows_27(pane: int, around: int, radius: int) -> int:
        asked.append((pane, around, radius))
        return 27  # a frame number of A's own take

    frame = pb.pause(t0 + 25.5 / FPS, identify=pane_a_shows_27)
    assert asked == [(0, 25 + 3, 3)]  # searched around where the clock put pane A
    assert frame == 24 and pb.frame == 24 and pb.state is PlayState.PAUSED
    assert pb.targets() == [27, 24]  # A's still is the picture it was showing: no jump


def test_pause_without_a_picture_keeps_the_clocks_estimate_and_a_resume_stays_where_play_began() -> None:
    pb = _paused()
    t0 = _play(pb)
    assert pb.pause(t0 + 40.5 / FPS, identify=lambda i, a, r: None) == 40
    pb.arm(PlayEvent.PLAY)
    pb.armed(300.0, [0, 0])
    assert pb.pause(400.0, identify=lambda i, a, r: 99) == 40  # never identified: the clock never ran


@given(st.integers(min_value=-100, max_value=200), st.integers(min_value=0, max_value=59))
def test_a_paused_frame_is_always_inside_the_take(seen: int, offset: int) -> None:
    pb = _paused(60, 60)
    pb.set_offset(0, offset)
    t0 = _play(pb)
    frame = pb.pause(t0 + 3.5 / FPS, identify=lambda i, a, r: seen)
    assert 0 <= frame <= pb.length - 1


def test_the_end_pauses_on_the_last_frame_and_play_there_starts_over() -> None:
    pb = _paused(30)
    pb.seek(20)
    t0 = _play(pb)
    outcome = pb.tick(t0 + 9.5 / FPS)
    assert (outcome.kind, outcome.frame) == (TickKind.SHOW, 29)
    outcome = pb.tick(t0 + 10.5 / FPS)
    assert (outcome.kind, outcome.frame) == (TickKind.END, 29)
    pb.pause(t0, at=outcome.frame)
    assert pb.frame == 29 and pb.rewind_if_at_end() and pb.frame == 0
    assert not pb.rewind_if_at_end()


def test_a_loop_wrap_re_arms_every_pane_from_the_in_point() -> None:
    pb = _paused(60, 60)
    pb.set_offset(1, -4)
    pb.timeline.set_loop(10, 16)
    pb.seek(10)
    t0 = _play(pb)
    assert pb.tick(t0 + 6.5 / FPS).kind is TickKind.SHOW
    outcome = pb.tick(t0 + 7.5 / FPS)
    assert (outcome.kind, outcome.frame) == (TickKind.WRAP, 10)
    barrier = pb.arm(PlayEvent.WRAP)
    assert barrier is not None and pb.state is PlayState.ARMING and pb.frame == 10
    assert [p.target for p in barrier.panes] == [10, 6]
    assert pb.playing_frame(t0 + 100) == 10  # stopped until the barrier opens again


def test_play_while_arming_or_loading_starts_no_second_barrier() -> None:
    pb: Playback[int] = Playback((60,), FPS, operator.eq)
    assert pb.arm(PlayEvent.PLAY) is None and pb.state is PlayState.LOADING
    pb.booted()
    first = pb.arm(PlayEvent.PLAY)
    assert first is not None and pb.arm(PlayEvent.PLAY) is None and pb.barrier is first


def test_seeking_a_running_transport_is_refused_until_the_adapter_has_paused_it() -> None:
    pb = _paused()
    _play(pb)
    with pytest.raises(RuntimeError, match="pause before seeking"):
        pb.step(1)
    pb.pause(0.0)
    assert pb.step(1) == pb.frame


def test_an_offset_that_shortens_the_takes_pulls_the_frame_back_inside() -> None:
    pb = _paused(60, 60)
    pb.seek(58)
    pb.set_offset(0, 10)
    assert pb.length == 50 and pb.frame == 49 and pb.targets() == [59, 49]


@given(st.floats(min_value=0.25, max_value=2.0), st.integers(min_value=0, max_value=200))
def test_at_any_speed_the_panes_play_together_with_their_offsets(rate: float, k: int) -> None:
    pb = _paused(300, 300)
    pb.set_offset(0, 7)
    pb.set_rate(rate)
    t0 = _play(pb)
    t = t0 + (k + 0.5) / (FPS * rate)
    expected = min(k, pb.length - 1)
    panes = pb.panes_at(t)
    assert panes == [min(k + 7, 299), min(k, 299)] or k >= pb.length
    assert pb.tick(t).kind is (TickKind.SHOW if k < pb.length else TickKind.END)
    assert pb.tick(t).frame == expected


def test_identify_is_the_adapters_match_of_a_picture_against_decoded_frames() -> None:
    """The contract the Qt adapter implements with frames.closest: (pane, around, radius) -> frame or None."""
    calls: list[int] = []
    identify: Identify = lambda pane, around, radius: calls.append(pane) or None  # noqa: E731
    pb = _paused()
    t0 = _play(pb)
    pb.pause(t0 + 1, identify=identify)
    assert calls == [0]  # only pane A decides the paused frame
