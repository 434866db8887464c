"""The master clock: the frame at a monotonic time for any rate 0.25–2×, and what a tick does at a loop's end."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from composer.playback.clock import MAX_RATE, MIN_RATE, RATES, Clock, TickKind, clamp_rate, tick

rates = st.floats(min_value=MIN_RATE, max_value=MAX_RATE)
fpss = st.sampled_from([23.976, 24.0, 25.0, 29.97, 30.0, 60.0])
anchors = st.floats(min_value=0.0, max_value=1e6)


@given(fpss, rates, st.integers(min_value=0, max_value=10_000), anchors, st.integers(min_value=0, max_value=5000))
def test_the_clock_counts_frames_at_the_rate_times_the_speed(fps: float, rate: float, frame: int, anchor: float,
                                                            k: int) -> None:
    clock = Clock(fps, rate, frame, anchor)
    mid_frame = anchor + (k + 0.5) / (fps * rate)  # half-way through the k-th frame: no rounding question
    assert clock.frame_at(mid_frame) == frame + k


@given(fpss, rates, st.integers(min_value=0, max_value=10_000), anchors,
       st.lists(st.floats(min_value=-10.0, max_value=600.0), min_size=2, max_size=20))
def test_the_clock_never_runs_backwards_nor_before_its_start(fps: float, rate: float, frame: int, anchor: float,
                                                             deltas: list[float]) -> None:
    clock = Clock(fps, rate, frame, anchor)
    seen = [clock.frame_at(anchor + d) for d in sorted(deltas)]
    assert seen == sorted(seen)
    assert min(seen) >= frame


def test_a_stopped_clock_shows_its_frame_at_any_time() -> None:
    clock = Clock(24.0, 1.0, 17)
    assert clock.frame_at(0.0) == clock.frame_at(1e9) == 17
    clock.start(100.0)
    assert clock.frame_at(101.0) == 17 + 24
    clock.stop(41)
    assert clock.anchor is None and clock.frame_at(500.0) == 41


def test_speed_is_held_to_what_the_menu_offers() -> None:
    assert clamp_rate(0.1) == 0.25 and clamp_rate(3.0) == 2.0 and clamp_rate(1.5) == 1.5
    assert RATES[0] == MIN_RATE and RATES[-1] == MAX_RATE and 1.0 in RATES


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500),
       st.integers(min_value=-50, max_value=2000), st.booleans())
def test_a_tick_shows_frames_inside_the_range_and_wraps_or_ends_past_it(start: int, size: int, frame: int,
                                                                        looping: bool) -> None:
    end = start + size
    outcome = tick(frame, end=end, start=start, looping=looping)
    if frame < end:
        assert (outcome.kind, outcome.frame) == (TickKind.SHOW, frame)
    elif looping:
        assert (outcome.kind, outcome.frame) == (TickKind.WRAP, start)  # a late tick still wraps to the in point
    else:
        assert (outcome.kind, outcome.frame) == (TickKind.END, end - 1)  # paused on the last frame, not past it
