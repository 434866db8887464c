"""Split a shot in two that share its style, subject and scene, dividing its beats and lines (issue 20, point 4).

Seed 000: a long scene is often better as two stitched four-second clips, since the model follows instructions
more reliably in shorter takes. The second shot is a copy (new id, no takes) holding the later beats (their set
times moved to its own clock) and the later lines; each lasts half, at the nearest length the model takes. One
``Batch``: one undo step. The two are chained by default when rendered as a chain (the second starts on the
first's last frame), since they are adjacent in the shot list.
"""

from __future__ import annotations

from composer.catalog.loader import lookup
from composer.catalog.profiles import nearest_seconds
from composer.document.edits import AddShot, Batch, SetField
from composer.document.models import Beat, Project, new_id
from composer.errors import InputError
from composer.prompt.assembly import beat_times


def split_shot(project: Project, shot_id: str) -> Batch:
    """The edit that turns ``shot_id`` into two shots of half its length; InputError when nothing can be divided."""
    index = next(i for i, s in enumerate(project.shots) if s.id == shot_id)
    shot = project.shots[index]
    model, _size, seconds, _layout = project.effective_render(shot)
    if len(shot.beats) + len(shot.dialogue) < 2:
        raise InputError(f"shot '{shot.title or shot.id}' has one beat or line: there is nothing to divide",
                         hint="Write the action as two beats (what happens first, what happens next), then split.")
    half = seconds / 2
    profile = lookup(model)
    length = (nearest_seconds(round(half), profile.durations) if profile else None) or max(1, round(half))
    times = beat_times(shot, seconds)
    firsts = [i for i, (start, end) in enumerate(times) if (start + end) / 2 < half]
    if shot.beats and (not firsts or len(firsts) == len(shot.beats)) and len(shot.beats) >= 2:
        firsts = list(range((len(shot.beats) + 1) // 2))  # every beat on one side: divide them by count
    early = [b.model_copy() for i, b in enumerate(shot.beats) if i in firsts]
    late = [_shifted(b, half) for i, b in enumerate(shot.beats) if i not in firsts]
    cut = (len(shot.dialogue) + 1) // 2  # lines carry no times: the first half of them, rounded up
    second = shot.model_copy(deep=True)
    second.id = new_id("shot")
    second.takes = []
    second.beats = late
    second.dialogue = [d.model_copy() for d in shot.dialogue[cut:]]
    second.title = f"{shot.title or shot.id} (2/2)"
    second.render.seconds = length
    second.reference_image = None  # it starts where the first ends (a chain), not on the first's reference
    return Batch([SetField(shot_id, "beats", early), SetField(shot_id, "dialogue", shot.dialogue[:cut]),
                  SetField(shot_id, "render.seconds", length),
                  SetField(shot_id, "title", f"{shot.title or shot.id} (1/2)"),
                  AddShot(index + 1, second)], "Split shot")


def _shifted(beat: Beat, by: float) -> Beat:
    """A later beat on the second shot's own clock (set times move back by the first half's length)."""
    start = None if beat.start is None else max(0.0, round(beat.start - by, 2))
    end = None if beat.end is None else max(0.0, round(beat.end - by, 2))
    return Beat(text=beat.text, start=start, end=end)
