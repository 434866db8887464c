"""Camera language shared by the structure rules: moves (named once per kind), framings, static cameras, and
the prompt's shots with the framing each one carries.

Moves come from ``resources/vocab/camera_move_groups.txt``: each line is one canonical move with its aliases,
so "tracking shot follows behind" is one move said twice, while "cranes up and dollies forward" is two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from composer.lint import shape as sh
from composer.lint import text as t
from composer.lint.rule import LintContext
from composer.lint.scan import Led


def moves(ctx: LintContext) -> list[tuple[str, t.Hit]]:
    """Every non-negated camera move as (canonical move, hit), in text order; computed once per run."""
    cached = ctx.cache.get("moves")
    if cached is None:
        groups = t.vocab_groups("camera_move_groups")
        found: list[tuple[str, t.Hit]] = []
        low = t.lowered(ctx)
        for m in t.find(t.any_move(), ctx):
            # Name the move by the group that matches at the same place, in context: an alias may look around
            # ("ascends" only before "while", "rotating" only after it).
            canon = t.group_of("camera_move_groups", m) or next(
                (c for c, pat in groups if (g := t._folded(pat).match(low, m.start())) is not None
                 and g.end() == m.end()), None)
            if canon is not None:
                found.append((canon, m))
        cached = ctx.cache["moves"] = found
    return cached  # type: ignore[return-value]


def moves_in(ctx: LintContext, start: int, end: int) -> list[tuple[str, t.Hit]]:
    """The moves between ``start`` and ``end``; in an aerial shot, rising and descending are part of the flight."""
    found = [(c, m) for c, m in moves(ctx) if start <= m.start() < end]
    if any(c == "flyover" for c, _m in found) or _AERIAL.search(ctx.text, t.lowered(ctx), start, end):
        found = [("flyover" if c == "crane" else c, m) for c, m in found]
    return found


_AERIAL = Led(r"\b(?:drone|aerial|fpv|helicopter)\b", ("drone", "aerial", "fpv", "helicopter"), re.IGNORECASE)


def framed(ctx: LintContext, start: int = 0, end: int | None = None) -> bool:
    return t.has(t.vocab("framing_terms"), ctx, start=start, end=end)


def static_in(ctx: LintContext, start: int = 0, end: int | None = None) -> list[t.Hit]:
    """Explicit static-camera claims ("static wide", "camera locked", "on a tripod") that are not negated."""
    return list(t.find(t.vocab("camera_static"), ctx, start=start, end=end))


def camera_decided(ctx: LintContext) -> bool:
    """A move, a static camera or a self-moving camera style (handheld, body cam) is named somewhere."""
    return bool(moves(ctx)) or t.has(t.vocab("camera_static"), ctx, allow_negated=True) \
        or t.has(t.vocab("camera_styles"), ctx)


@dataclass(frozen=True, slots=True)
class Shot:
    """A segment of the prompt that is its own shot, with whether it names a framing and a move."""

    number: int  # 1-based among the prompt's segments
    segment: sh.Segment
    framed: bool
    moving: bool


def shots(ctx: LintContext) -> list[Shot]:
    """The prompt's segments that are shots (not the preamble), each with its framing and move; cached.

    A segment opened by a cut or a shot label is a shot. Timed segments are a shot list when cuts are
    present or at least half of them name a framing; otherwise they are beats of one continuous shot.
    """
    cached = ctx.cache.get("shots")
    if cached is None:
        segs = [s for s in sh.shape(ctx).segments if s.marker is not None]
        out = [Shot(i + 1, s, framed(ctx, s.start, s.end), bool(moves_in(ctx, s.start, s.end)))
               for i, s in enumerate(segs)]
        cached = ctx.cache["shots"] = out
    return cached  # type: ignore[return-value]


def shot_list(ctx: LintContext) -> bool:
    """Whether the segments are separate shots (each needs its framing) rather than beats of one shot."""
    ss = shots(ctx)
    if len(ss) < 2:
        return False
    if any(s.segment.cut or s.segment.numbered for s in ss[1:]):
        return True
    return sum(s.framed for s in ss) * 2 >= len(ss)


def unframed_shots(ctx: LintContext) -> list[Shot]:
    """Shots of a shot list that name no framing and do not continue the previous shot with a camera move."""
    if not shot_list(ctx):
        return []
    return [s for s in shots(ctx) if not s.framed and not (s.moving and not s.segment.cut)]


def shot_count(ctx: LintContext) -> int:
    """How many shots the prompt describes: its shot list, its shot labels, or one plus its cuts."""
    ss = shots(ctx)
    if not ss:
        return 1
    labels = {ctx.text[s.segment.marker[0]:s.segment.marker[1]].lower() for s in ss
              if s.segment.numbered and s.segment.marker}
    cuts = sum(1 for s in ss if s.segment.cut and not t.is_negated(ctx, s.segment.start))
    listed = len(ss) if shot_list(ctx) else 0
    lead = 1 if sh.shape(ctx).segments[0].marker is None or not ss[0].segment.cut else 0
    return max(len(labels), lead + cuts, listed, 1)
