"""What the animatic reads in a shot's words: shot size, angle, lens, move, light, setting, sound.

The words live in ``resources/animatic/vocab.toml`` (data, not code); this module compiles each kind's
patterns once and answers small questions ("which framing does this text name?"). The same reading
serves a structured shot and a bare prompt, so a remix parsed from text draws what its parent drew.
"""

from __future__ import annotations

import re
import tomllib
import zlib
from functools import cache
from typing import Any

from composer import resources

_MM = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d)?)\s?mm\b", re.IGNORECASE)


@cache
def _data() -> dict[str, Any]:
    with resources.path("animatic", "vocab.toml").open("rb") as f:
        return tomllib.load(f)


def _compile(patterns: list[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)  # "golden-hour" names "golden" too


@cache
def _table(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A table of ``kind = [patterns]`` in file order."""
    return tuple((k, _compile(v)) for k, v in _data()[name].items())


def kind(table: str, text: str) -> str | None:
    """The first kind of ``table`` (in file order) that ``text`` names, or None."""
    for k, pattern in _table(table):
        if pattern.search(text):
            return k
    return None


def kinds(table: str, text: str) -> list[str]:
    """Every kind of ``table`` that ``text`` names, in file order."""
    return [k for k, pattern in _table(table) if pattern.search(text)]


def best(table: str, text: str) -> str | None:
    """The kind with the most distinct matches (ties to the earlier kind), for texts that name several."""
    scores = [(len({m.group(0).lower() for m in p.finditer(text)}), -i, k) for i, (k, p) in enumerate(_table(table))]
    top = max(scores, default=(0, 0, None))
    return top[2] if top[0] else None


def positions(table: str, text: str) -> list[tuple[int, str]]:
    """(offset, kind) of every match, in text order: where named sound effects fall in a sentence."""
    hits = [(m.start(), k) for k, p in _table(table) for m in p.finditer(text)]
    return sorted(hits)


def lens_mm(text: str) -> float | None:
    """The focal length a lens description names: a number in mm, else a named lens."""
    m = _MM.search(text)
    if m:
        return float(m.group(1))
    for pattern, mm in _data()["lens"].items():
        if _compile([pattern]).search(text):
            return float(mm)
    return None


@cache
def _people() -> re.Pattern[str]:
    return _compile(_data()["people"]["words"])


def person_word(text: str) -> str | None:
    """The first word that makes a subject a person (``woman``, ``fisherman``), or None for a prop."""
    m = _people().search(text)
    return m.group(0) if m else None


def colour(name: str) -> str:
    """A palette anchor's name as ``#rrggbb``: the table, then its last or first word, else a stable muted hue."""
    table: dict[str, str] = _data()["colours"]
    low = " ".join(name.lower().replace("-", " ").split())
    words = low.split()
    for key in (low, *(words[-1:]), *(words[:1])):
        if key in table:
            return table[key]
    h = zlib.crc32(low.encode()) % 360
    return _hsl_hex(h / 360, 0.35, 0.5)


def _hsl_hex(h: float, s: float, lum: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
