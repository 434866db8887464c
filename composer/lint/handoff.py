"""What one shot hands to the next: the light it ends in, and whether the next shot's light changes with no cue.

Seed 003: "before generating the next link in the chain, review the last output: note character appearances,
lighting, key events". Pure functions over two shots, so the lint rule (SL062) and the recap both use them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from composer import resources
from composer.lint import text as t

if TYPE_CHECKING:  # free-text lint loads this module and must not import the document models (pydantic)
    from composer.document.models import Shot

_WORD = re.compile(r"[a-z]{4,}")
# Words that say how a light looks, not which light it is: two keys that share only these are different lights.
_GENERIC = frozenset({"light", "lights", "lighting", "soft", "hard", "warm", "cool", "cold", "bright", "dim",
                      "from", "with", "over", "side", "glow", "glowing", "spill", "fill", "beam", "beams", "through"})


@cache
def _phrases(name: str) -> re.Pattern[str]:
    """One plain regex over a vocabulary file (literal phrases and ``re:`` entries), word-bounded."""
    parts = [line[3:] if line.startswith("re:") else r"\b" + re.escape(line.lower()) + r"\b"
             for line in resources.word_list(name)]
    return re.compile("|".join(f"(?:{p})" for p in parts) or r"(?!)")


@cache
def _regime_patterns() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One regex finding the first time-of-day alias, and each alias's own regex to break a tie at that place."""
    each = tuple((re.compile(r"\b" + re.escape(alias) + r"\b"), canon)
                 for alias, canon in t.group_literals("light_regimes").items())
    first = re.compile("|".join(f"(?:{p.pattern})" for p, _ in each) or r"(?!)")
    return first, each


@lru_cache(maxsize=512)
def _regime(text: str) -> str | None:
    """The time of day a text sets (``night``, ``midday``, ``sunrise``, ``sunset``), by the SL024 vocabulary.

    The earliest alias wins; aliases of two times starting at the same place go to the first time in name order.
    Kept per text: a keystroke in one shot changes neither its scene nor the shot before it, and the long scenes
    of detailed shots made this the costliest step of a keystroke's lint when every alias was searched in turn.
    """
    low = text.lower()
    first, each = _regime_patterns()
    m = first.search(low)
    if m is None:
        return None
    return min(canon for pattern, canon in each if pattern.match(low, m.start()))


def lighting_text(shot: Shot) -> str:
    """A shot's lighting as a person reads it: sources (the key first), quality, direction."""
    lit = shot.lighting
    return ", ".join(x.strip() for x in (*lit.sources, lit.quality, lit.direction) if x.strip())


def key_light(shot: Shot) -> str:
    return shot.lighting.sources[0].strip() if shot.lighting.sources else ""


def _light_words(shot: Shot) -> set[str]:
    return {w for s in shot.lighting.sources for w in _WORD.findall(s.lower())} - _GENERIC


def cue(shot: Shot) -> str | None:
    """The words in a shot that explain a new light (a switch, time passing, a move to another place), if any."""
    return _cue_in(" ".join([shot.scene, shot.subject, *(b.text for b in shot.beats)]))


def _cue_in(text: str) -> str | None:
    text = text.lower()
    for vocab in ("light_cues", "scene_change"):
        m = _phrases(vocab).search(text)
        if m:
            return m.group(0)
    return None


def light_change(before: Shot, after: Shot) -> str | None:
    """Why ``after``'s light does not follow from ``before``'s, when nothing in either says why; None if it does.

    The light changes when the time of day differs (night, then midday) or when the two shots' key lights share
    no word that names a light (a cyan neon sign, then a warm tungsten bulb). A cue in the later shot, or at the
    end of the earlier one (its last beat), explains it: a light switched on, hours later, she steps inside.
    """
    a_time = _regime(" ".join([before.scene, lighting_text(before)]))
    b_time = _regime(" ".join([after.scene, lighting_text(after)]))
    a_words, b_words = _light_words(before), _light_words(after)
    if a_time and b_time and a_time != b_time:
        what = f"the time of day changes from {a_time} to {b_time}"
    elif a_words and b_words and not a_words & b_words:
        what = f"the key light changes from '{key_light(before)}' to '{key_light(after)}'"
    else:
        return None
    if cue(after) or (before.beats and _cue_in(before.beats[-1].text)):
        return None
    return f"{what}, and nothing in either shot says why (a light switched on, time passing, a move indoors)"
