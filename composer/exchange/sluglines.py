"""Scene headings a writer accepts, from a shot's scene sentence: "a rain-soaked night market" -> EXT. NIGHT MARKET.

Interior or exterior comes from the noun the place ends in (resources/vocab/slug_interior.txt, slug_exterior.txt),
the time of day from the last time phrase or clock time in the sentence (slug_times.txt). When neither list knows
the place the heading is forced with a leading "." (fountain.io/syntax: "a line beginning with a period is a scene
heading"), so no guess is dressed up as INT. or EXT.
"""

from __future__ import annotations

import re
from functools import cache

from composer import resources
from composer.exchange.fountain_read import heading_text

# A full stop ends the clause, except after the abbreviations places carry ("St. Mark's Square", "Mt. Fuji").
_CLAUSE = re.compile(r"[,;:()\[\]\u2014\u2013]| - |(?<!\bst)(?<!\bmt)(?<!\bft)(?<!\bdr)(?<!\bmr)(?<!\bmrs)(?<!\bms)"
                     r"(?<!\bave)(?<!\bno)\.(?:\s|$)", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2})(?::\d{2})?\s*(a\.?m\b\.?|p\.?m\b\.?)", re.IGNORECASE)
_CUT_WORDS = {"at", "with", "full", "filled", "lined", "where", "as", "while", "during", "under", "beneath", "in",
              "on", "near", "by", "before", "after", "that", "which", "who", "from", "into", "overlooking",
              "surrounded", "littered", "piled", "crammed", "lit", "bathed", "strewn", "behind", "beside", "across",
              "along", "beyond", "opposite", "outside", "inside", "off", "over", "above", "below", "between",
              "among", "against", "facing", "for"}
_UNSAFE = ("[[", "]]", "/*", "*/", "*", "_", "\\", "#", "\n", "^")
_KEEP = re.compile(r"[^\w\s'&./-]")


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in resources.word_list(name))


@cache
def _times() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for line in resources.word_list("slug_times"):
        label, _, phrases = line.partition(":")
        alts = "|".join(re.escape(p.strip()).replace(r"\ ", r"[\s-]+") for p in phrases.split(",") if p.strip())
        out.append((re.compile(rf"\b(?:{alts})\b", re.IGNORECASE), label.strip()))
    return tuple(out)


def time_of_day(text: str) -> str | None:
    """The heading's time (NIGHT, DAWN, …) from the phrase that comes last in ``text``, or None."""
    best: tuple[int, str] | None = None
    for pattern, label in _times():
        for m in pattern.finditer(text):
            if best is None or m.start() >= best[0]:
                best = (m.start(), label)
    for m in _CLOCK.finditer(text):
        hour = int(m.group(1)) % 12 + (12 if m.group(2)[0].lower() == "p" else 0)
        label = ("NIGHT" if hour < 5 or hour >= 21 else "DAWN" if hour < 7 else "MORNING" if hour < 12
                 else "DAY" if hour < 17 else "EVENING")
        if best is None or m.start() >= best[0]:
            best = (m.start(), label)
    return best[1] if best else None


def location(text: str) -> str:
    """The place a scene sentence names, in capitals: its first clause, up to a connective, without the articles
    and describing words in front ("A rain-soaked Tokyo street at 2am, neon…" -> TOKYO STREET)."""
    clause = _CLAUSE.split(text.strip(), maxsplit=1)[0]
    words = clause.split()
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _CUT_WORDS:
            words = words[:i]
            break
    drop = _words("slug_descriptors")
    while len(words) > 1 and ("-" in words[0].strip("-") or words[0].lower() in drop):
        words.pop(0)
    if words and words[0].lower() in drop:
        words = []
    words = words[-5:]
    return " ".join(_KEEP.sub("", " ".join(words)).split()).upper()


def interior(place: str, context: str) -> bool | None:
    """True for INT., False for EXT., None when neither the place nor the sentence around it says."""
    inside, outside = _words("slug_interior"), _words("slug_exterior")

    def verdict(words: list[str]) -> bool | None:
        for i in range(len(words) - 1, -1, -1):
            for term in ((f"{words[i - 1]} {words[i]}",) if i else ()) + (words[i], words[i].removesuffix("s")):
                if term in inside:
                    return True
                if term in outside:
                    return False
        return None

    found = verdict(place.lower().split())
    if found is None:
        found = verdict(re.findall(r"[\w'-]+", context.lower()))
    return found


def _safe(text: str) -> bool:
    return bool(text) and not any(u in text for u in _UNSAFE) and " ".join(text.split()) == text


def heading(scene: str, *, subject: str = "", fallback: str = "") -> str:
    """The scene heading line for a shot: its scene when that already is one, else one inferred, else forced.
    Whatever the sentence holds, the line reads back as a heading (the round trip depends on it)."""
    line = _heading(scene, subject, fallback)
    return line if heading_text(line) is not None else ".SHOT"


def _heading(scene: str, subject: str, fallback: str) -> str:
    s = scene.strip()
    if _safe(s) and heading_text(s) == s and not s.startswith("."):
        return s.upper()  # a heading written by a screenwriter (an imported screenplay) stays as it was
    if _safe(s) and len(s) <= 60 and not any(c.islower() for c in s) and s[0].isalnum():
        return "." + s
    source = s
    if not source:  # no scene: the place the subject is in ("sits in a dim study lined with maps")
        m = re.search(r"\b(?:in|at|inside|on)\s+((?:a|an|the)\s+[^,.;]+)", subject)
        source = m.group(1) if m else ""
    place = location(source).lstrip(".'&/-") if source else ""
    if not place:
        name = " ".join(_KEEP.sub("", fallback).split()).upper().lstrip(".'&/-")
        return "." + (name or "SHOT")
    when = time_of_day(source)
    suffix = f" - {when}" if when and when != place else ""
    inside = interior(place, source)
    if inside is None:
        return f".{place}{suffix}"
    return f"{'INT' if inside else 'EXT'}. {place}{suffix}"
