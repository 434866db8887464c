"""Take lineage: what a remix changed (word diff), and how long an extension chain already is."""

from __future__ import annotations

import contextlib
import difflib
import re

from composer.document.models import Shot, Take, TakeKind

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, text) runs: op is ' ' (same), '-' (removed) or '+' (added); whitespace stays with the words."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((" ", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def change_count(before: str, after: str) -> int:
    """How many separate places differ: the guides ask remixes to make one change at a time."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return sum(1 for op, *_ in ops if op != "equal")


def chain(shot: Shot, take_id: str) -> tuple[int, float]:
    """(extensions so far, total seconds) of the extension chain ending at ``take_id``."""
    takes = {t.id: t for t in shot.takes}
    extensions, seconds, cur, seen = 0, 0.0, takes.get(take_id), set()
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        with contextlib.suppress(TypeError, ValueError):
            seconds += float(cur.params.get("seconds") or 0)
        extensions += cur.kind is TakeKind.EXTEND
        cur = takes.get(cur.parent_take_id) if cur.parent_take_id and cur.kind is TakeKind.EXTEND else None
    return extensions, seconds


def children(shot: Shot, take_id: str | None) -> list[Take]:
    return [t for t in shot.takes if t.parent_take_id == take_id]


def chosen_take(shot: Shot) -> Take | None:
    """The take that stands for the shot in a cut or a chain: the hero, else the newest completed one."""
    hero = next((t for t in shot.takes if t.hero), None)
    if hero is not None:
        return hero
    done = [t for t in shot.takes if t.status == "completed" and t.video_path]
    return max(done, key=lambda t: t.completed_at or t.created_at) if done else None


def tier(take: Take) -> str:
    """``draft`` or ``final``: what a take was rendered as (drafts use their model's cheap settings)."""
    return "draft" if take.params.get("tier") == "draft" else "final"
