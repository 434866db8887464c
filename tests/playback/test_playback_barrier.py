"""The waits that keep libvlc players in sync, fed the display counts and pictures libvlc would give (pictures are
plain ints here: the barrier only asks whether two are the same)."""

from __future__ import annotations

import operator

from hypothesis import given
from hypothesis import strategies as st

from composer.playback.barrier import ARM_TIMEOUT_S, ArmBarrier, ArmStep, Boot, BootStep, Launch


def test_start_up_waits_for_a_picture_then_a_repeated_paused_picture_on_every_pane() -> None:
    boot = Boot()
    assert boot.observe([0, 3], [False, False]) is BootStep.WAIT  # B has shown nothing yet
    assert boot.observe([2, 3], [False, False]) is BootStep.PAUSE
    boot.paused([2, 4])
    assert boot.observe([3, 6], [True, True]) is BootStep.WAIT  # A repainted once: a seek now would be dropped
    assert boot.observe([4, 6], [True, False]) is BootStep.WAIT  # B not paused yet
    assert boot.observe([4, 6], [True, True]) is BootStep.READY


def _barrier(*targets: int) -> ArmBarrier[int]:
    return ArmBarrier.for_targets(targets, operator.eq)


def test_a_pane_is_sent_its_seek_only_once_and_settles_on_two_identical_new_displays() -> None:
    b = _barrier(40)
    assert b.observe(0, 0.00, 10, 7) is ArmStep.SEEK
    assert b.observe(0, 0.01, 10, 7) is ArmStep.SEEK  # not seekable yet: asked again
    b.sent(0, 0.02, 10)
    assert b.observe(0, 0.03, 11, 7) is ArmStep.WAIT  # the display right after the seek is the old picture
    assert b.observe(0, 0.04, 12, 40) is ArmStep.WAIT  # the new picture, seen once
    assert b.observe(0, 0.05, 12, 40) is ArmStep.WAIT  # same display again: not a repeat
    assert b.observe(0, 0.06, 13, 41) is ArmStep.WAIT  # a different picture: not settled yet
    assert b.observe(0, 0.07, 14, 41) is ArmStep.SETTLED
    assert b.observe(0, 0.08, 15, 41) is ArmStep.SETTLED  # stays settled while libvlc repeats it
    assert b.observe(0, 0.09, 16, 42) is ArmStep.WAIT  # settled is judged again on every look


def test_a_silent_pane_is_sent_the_seek_once_more_then_plays_from_where_it_is() -> None:
    b = _barrier(40)
    b.sent(0, 0.0, 10)
    assert b.observe(0, ARM_TIMEOUT_S / 2, 10, 7) is ArmStep.WAIT
    assert b.observe(0, ARM_TIMEOUT_S + 0.01, 10, 7) is ArmStep.RESEND
    assert b.panes[0].retried and b.panes[0].sent_at == ARM_TIMEOUT_S + 0.01
    assert b.observe(0, ARM_TIMEOUT_S + 0.5, 10, 7) is ArmStep.WAIT  # the second seek gets its own second
    assert b.observe(0, 2 * ARM_TIMEOUT_S + 0.02, 10, 7) is ArmStep.SETTLED


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_no_pane_settles_before_its_seek_and_two_new_displays(looks: list[tuple[int, int]]) -> None:
    b = _barrier(5)
    b.sent(0, 0.0, 100)
    displays = 100
    for i, (more, picture) in enumerate(looks):
        displays += more
        step = b.observe(0, i * 0.001, displays, picture)
        if step is ArmStep.SETTLED:
            assert displays >= 103  # two displays past the seek's, and a repeat of one of them
            return


def test_the_resume_counts_a_picture_only_two_displays_after_the_unpause() -> None:
    launch = Launch(time=10.0, displays=[5, 9], targets=[30, 35])
    assert not launch.ready([6, 11])
    assert launch.ready([7, 11])
    assert launch.expected(10.5, 24.0) == [42, 47]


def test_the_clock_is_anchored_only_when_every_pane_is_the_same_frames_past_its_target() -> None:
    launch = Launch(time=10.0, displays=[0, 0], targets=[30, 35])
    assert launch.anchor([30, 35], 11.0, 24.0) is None  # still the paused picture (B-frame MP4s re-show it)
    assert launch.anchor([32, 36], 11.0, 24.0) is None  # A two frames on, B one: not together yet
    assert launch.anchor([32, None], 11.0, 24.0) is None  # B shows nothing
    anchor = launch.anchor([32, 37], 11.0, 24.0)
    assert anchor is not None and abs(anchor - (11.0 - 2 / 24.0)) < 1e-9  # A showed frame 30 two frames earlier
