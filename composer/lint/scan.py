"""Regexes tried only where a match can start, found by ``str.find`` of their lead words.

Python's regex engine skips ahead only to a literal prefix; a pattern that opens with ``\\b``, a lookbehind or
an alternation of words is tried at every character of the prompt. Most rule patterns are led by words
("drone|aerial|...", "lights? ... go out", "actor|singer|... Name"), so a ``Led`` pattern lists the
lowercase strings every match begins with and is matched only where one of them stands in the lowercased
text: the same matches as ``finditer`` over the whole text, at a fraction of the cost
(``tests/unit/test_lint_scan.py`` checks both on every corpus prompt).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from composer.lint import regex_cache as rx


class Led:
    """A regex plus ``leads``: lowercase strings one of which every match starts with (the lowercased match).

    Compiled on first use: a cold ``slate lint`` compiles only the patterns its prompt reaches.
    """

    __slots__ = ("_compiled", "flags", "leads", "source")

    def __init__(self, source: str, leads: Iterable[str], flags: int = 0) -> None:
        self.source, self.flags = source, flags
        self.leads = tuple(sorted(set(leads)))
        if not self.leads or any(not lead or lead != lead.lower() for lead in self.leads):
            raise ValueError(f"leads must be non-empty lowercase strings: {self.leads}")
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = rx.compile(self.source, self.flags)
        return self._compiled

    def starts(self, low: str, pos: int = 0, endpos: int | None = None) -> list[int]:
        """Sorted offsets in ``[pos, endpos)`` where a lead stands in ``low``."""
        return occurrences(low, *self.leads, pos=pos, endpos=endpos)

    def finditer(self, text: str, low: str, pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
        """``list(pattern.finditer(text, pos, endpos))``; ``low`` is ``text`` lowercased with the same offsets."""
        stop = len(text) if endpos is None else endpos
        return finditer_at(self.pattern, text, self.starts(low, pos, stop), pos, stop)

    def search(self, text: str, low: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``."""
        stop = len(text) if endpos is None else endpos
        match = self.pattern.match
        for at in self.starts(low, pos, stop):
            if (m := match(text, at, stop)) is not None:
                return m
        return None


def occurrences(text: str, *literals: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Sorted offsets in ``[pos, endpos)`` where one of ``literals`` starts (``str.find``: no regex)."""
    stop = len(text) if endpos is None else endpos
    found: set[int] = set()
    for literal in literals:
        at = text.find(literal, pos, stop)
        while at != -1:
            found.add(at)
            at = text.find(literal, at + 1, stop)
    return sorted(found)


def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int], pos: int = 0,
                endpos: int | None = None) -> list[re.Match[str]]:
    """``list(pattern.finditer(text, pos, endpos))`` when every match starts at one of the sorted ``starts``."""
    stop = len(text) if endpos is None else endpos
    out: list[re.Match[str]] = []
    last = pos
    match = pattern.match
    for at in starts:
        if at >= last and (m := match(text, at, stop)) is not None:
            out.append(m)
            last = max(m.end(), at + 1)
    return out


def runs_table(keep: str) -> bytes:
    """A ``bytes.translate`` table that keeps the ASCII characters of ``keep`` (and every byte past ASCII) and
    turns every other ASCII byte into a space."""
    return bytes(b if b >= 0x80 or chr(b) in keep else 0x20 for b in range(256))


def ascii_runs(text: str, table: bytes) -> list[str]:
    """The runs of the ASCII characters a ``runs_table`` keeps: ``re.findall(r"[<keep>]+", text)`` for an ASCII class.

    Through bytes (each character past ASCII becomes ``?``, a gap): a table lookup per byte and a split, where
    ``findall`` pays a regex match per word and ``str.translate`` a dict lookup per character of non-ASCII text.
    """
    return text.encode("ascii", "replace").translate(table).decode("ascii").split()


def line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start."""
    out = [0]
    at = text.find("\n")
    while at != -1:
        out.append(at + 1)
        at = text.find("\n", at + 1)
    return out


def at_line_starts(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a MULTILINE pattern whose every alternative opens with ``^``, tried
    at the line starts ``starts`` only."""
    out: list[re.Match[str]] = []
    last = 0
    for at in starts:
        if at >= last and (m := pattern.match(text, at)) is not None:
            out.append(m)
            last = max(m.end(), at + 1)
    return out


def lower_keeping_offsets(text: str) -> str:
    """``text`` lowercased, except characters whose lowercase is longer ("İ"), so every offset still holds."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low
