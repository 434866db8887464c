"""How long lines take to say: the guides ask for dialogue that fits the clip."""

from __future__ import annotations

import re

WORDS_PER_SECOND = 2.5  # natural conversational pace (~150 words per minute)
PAUSE_PER_LINE = 0.4  # breath and turn-taking between lines

_WORD = re.compile(r"[A-Za-z0-9']+")


def spoken_seconds(text: str) -> float:
    """Estimated seconds to speak ``text`` at a natural pace (ellipses and dashes add a beat)."""
    n = len(_WORD.findall(text))
    beats = text.count("...") + text.count("…") + text.count("—")
    return round(n / WORDS_PER_SECOND + 0.3 * beats, 2)


def dialogue_seconds(lines: list[str]) -> float:
    """Seconds for a sequence of lines, with a pause between them."""
    spoken = [t for t in lines if t.strip()]
    if not spoken:
        return 0.0
    return round(sum(spoken_seconds(t) for t in spoken) + PAUSE_PER_LINE * (len(spoken) - 1), 2)
