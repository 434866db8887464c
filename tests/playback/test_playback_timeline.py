"""Per-pane offsets, the common length, seek/step targets and the loop range, for any takes and offsets."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from composer.playback.timeline import Timeline

frames = st.integers(min_value=1, max_value=300)
offsets = st.integers(min_value=-60, max_value=60)
anywhere = st.integers(min_value=-1000, max_value=1000)


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    panes = draw(st.lists(frames, min_size=1, max_size=4))
    return Timeline(tuple(panes), draw(st.lists(offsets, min_size=len(panes), max_size=len(panes))))


@given(timelines(), anywhere)
def test_every_target_is_a_frame_of_its_own_take(tl: Timeline, frame: int) -> None:
    for target, n in zip(tl.targets(frame), tl.pane_frames, strict=True):
        assert 0 <= target <= n - 1


@given(timelines(), st.data())
def test_within_the_common_length_no_pane_runs_out_of_frames(tl: Timeline, data: st.DataObject) -> None:
    assume(all(n - o >= 1 for n, o in zip(tl.pane_frames, tl.offsets, strict=True)))  # else only frame 0 is left
    frame = data.draw(st.integers(min_value=0, max_value=tl.last))
    for target, offset in zip(tl.targets(frame), tl.offsets, strict=True):
        if frame + offset >= 0:  # a negative offset holds the pane on its first frame (next test)
            assert target == frame + offset


@given(timelines())
def test_the_common_length_ends_where_the_shortest_pane_ends(tl: Timeline) -> None:
    shortest = min(n - o for n, o in zip(tl.pane_frames, tl.offsets, strict=True))
    assume(shortest >= 1)  # offsets past a whole take still leave one frame to show
    ran_out = [t != tl.length + o for t, o in zip(tl.targets(tl.length), tl.offsets, strict=True)]
    assert any(ran_out), "one frame later, some pane would have to freeze on its last frame"


def test_an_offset_makes_one_pane_shorter_and_the_others_follow() -> None:
    tl = Timeline((60, 60), [5, 0])  # A starts 5 frames later in its take
    assert tl.length == 55
    assert tl.targets(tl.last) == [59, 54]  # A's last frame is the end of the comparison
    assert tl.clamp(1000) == 54 and tl.targets(tl.clamp(1000)) == [59, 54]


def test_a_negative_offset_holds_that_pane_on_its_first_frame() -> None:
    tl = Timeline((60, 60), [-5, 0])
    assert tl.length == 60  # B's end decides; A would have 65
    assert tl.targets(0) == [0, 0]
    assert tl.targets(5) == [0, 5]
    assert tl.targets(6) == [1, 6]
    assert tl.targets(59) == [54, 59]


@given(timelines(), anywhere)
def test_a_seek_lands_inside_the_common_length(tl: Timeline, frame: int) -> None:
    landed = tl.clamp(frame)
    assert 0 <= landed <= tl.last
    assert tl.clamp(landed) == landed
    if 0 <= frame <= tl.last:
        assert landed == frame


@given(timelines(), st.integers(min_value=1, max_value=48))
def test_stepping_past_either_end_stays_on_frame_0_or_the_last_frame(tl: Timeline, delta: int) -> None:
    assert tl.step(0, -delta) == 0
    assert tl.step(tl.last, delta) == tl.last
    middle = tl.last // 2
    assert tl.step(tl.step(middle, 1), -1) == middle or tl.last == 0


@given(timelines(), st.one_of(st.none(), anywhere), st.one_of(st.none(), anywhere))
def test_the_loop_is_ordered_and_inside_the_take_whatever_it_is_given(tl: Timeline, start: int | None,
                                                                       end: int | None) -> None:
    tl.set_loop(start, end)
    if start is None:
        assert tl.loop is None and tl.end == tl.length and tl.start in (0, tl.first_playable)
        return
    assert tl.loop is not None
    lo, hi = tl.loop
    assert 0 <= lo <= hi <= tl.last
    assert tl.end == hi + 1 and tl.start in (lo, tl.first_playable) and lo <= tl.start <= hi


@given(timelines(), st.one_of(st.none(), st.tuples(anywhere, anywhere)), anywhere)
def test_play_starts_where_it_is_unless_that_is_the_end(tl: Timeline, loop: tuple[int, int] | None,
                                                        frame: int) -> None:
    tl.set_loop(*(loop or (None,)))
    frame = tl.clamp(frame)
    start = tl.play_from(frame)
    if frame >= tl.end - 1:
        assert start == tl.start
    else:
        assert start in (frame, tl.first_playable) and frame <= start < tl.end - 1
    if all(n - o >= 1 for n, o in zip(tl.pane_frames, tl.offsets, strict=True)) and tl.first_playable < tl.end - 1:
        # every pane really plays from its target: libvlc cannot hold one pane on frame 0 while others run
        assert all(t == start + o for t, o in zip(tl.targets(start), tl.offsets, strict=True))
    assert tl.start < tl.end  # a wrap never lands past the out point (it would wrap again at once, forever)


def test_play_with_a_negative_offset_starts_where_that_pane_has_frames() -> None:
    tl = Timeline((60, 60), [-5, 0])  # paused at 0..4, A is held on its frame 0
    assert tl.first_playable == 5
    assert tl.play_from(0) == 5 and tl.targets(5) == [0, 5]
    assert tl.play_from(20) == 20
    tl.set_loop(2, 30)
    assert tl.start == 5  # a wrap too goes where every pane plays
    tl.set_loop(1, 3)  # a loop A has no frames for: it plays with A held, as it can
    assert tl.start == 1 and tl.play_from(2) == 2


@given(timelines(), st.lists(st.tuples(anywhere, st.booleans()), min_size=1, max_size=8))
def test_marking_in_and_out_points_keeps_a_valid_loop_on_the_marked_frame(tl: Timeline,
                                                                           marks: list[tuple[int, bool]]) -> None:
    for frame, is_in in marks:
        lo, hi = tl.mark(frame, start=is_in)
        assert tl.loop == tl.marks == (lo, hi)
        assert 0 <= lo <= hi <= tl.last
        assert (lo if is_in else hi) == tl.clamp(frame)


def test_looping_off_and_on_again_loops_the_last_marks() -> None:
    tl = Timeline((60,))
    assert tl.loop_marks(True) == (0, 59)  # nothing marked: the whole take
    tl.mark(10, start=True)
    tl.mark(16, start=False)
    assert tl.loop_marks(False) is None and tl.loop is None
    assert tl.loop_marks(True) == (10, 16)
    tl.mark(20, start=True)  # an in point after the out point drags the out point along
    assert tl.loop == (20, 20)
