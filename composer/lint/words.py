"""The prompt's words, indexed once per lint run so vocabularies and name lists look words up instead of scanning.

A word (token) is a run of Latin-script letters and digits, inner ``' & . + -`` allowed, in lowercased text
with ``’`` read as ``'``: ``TOKEN``. The index holds only the set of distinct words, built by C-level calls
(a bytes translation and a split, no regex match per word); where a word stands is found on demand with
``str.find`` and a look at the characters around each find. On a 3,000-character shot a full token list
(one regex match, one offset and one sort entry per word) cost a fifth of the whole lint run, while the
rules ask where only a few dozen words stand.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import itemgetter

TOKEN = re.compile(r"[a-z0-9à-ɏ](?:[a-z0-9à-ɏ'&.+-]*[a-z0-9à-ɏ])?")
KEY = 3  # letters of a word (or a vocabulary stem) that key the index; shorter ones key by themselves
_PREFIXES = tuple(itemgetter(slice(None, k)) for k in range(1, KEY + 1))
MARKS = "'&.+-"  # inner marks: inside a word, never at its ends
# A word's letters and digits; with the marks, every character a run of words can hold.
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789") | frozenset(map(chr, range(0xE0, 0x250)))
_CHARS = LETTERS | frozenset(MARKS)
# bytes.translate: ASCII letters, digits and marks stay, other ASCII bytes become spaces, bytes past ASCII stay
# (the only characters past ASCII left by then are word letters).
_RUNS = bytes(b if b >= 0x80 or chr(b) in _CHARS else 0x20 for b in range(256))
_WIDE = re.compile(r"[^\x00-\x7f]")


class WordIndex:
    """The distinct words of lowercased text, their first one to three letters (``keys``), and, on demand, the
    offsets where a word, or a word starting with a stem, stands (memoised for the run)."""

    __slots__ = ("_distinct", "_found", "keys", "low")

    def __init__(self, low: str) -> None:
        self.low = low.replace("’", "'")
        text = self.low
        if not text.isascii():
            for ch in set(_WIDE.findall(text)):
                if ch not in LETTERS:
                    text = text.replace(ch, " ")
        runs = text.encode().translate(_RUNS).decode().split()
        self._distinct = set(map(str.strip, runs, repeat(MARKS)))  # a run of letters and marks is one word
        self._distinct.discard("")
        keys = set(map(_PREFIXES[-1], self._distinct))  # the longest prefixes first: the shorter come from them
        self.keys: set[str] = set(keys)
        for prefix in reversed(_PREFIXES[:-1]):
            keys = set(map(prefix, keys))
            self.keys |= keys
        self._found: dict[tuple[str, int], list[int]] = {}

    def distinct(self) -> set[str]:
        return set(self._distinct)

    def starting_with(self, stem: str) -> list[int]:
        """Offsets, in text order, of the words that start with ``stem``."""
        return self._where(stem, 0)

    def joined(self, stem: str) -> list[int]:
        """Offsets of ``stem`` as a word, or continued by an inner mark ("t-shirt", "pov's")."""
        return self._where(stem, 1)

    def exactly(self, word: str) -> list[int]:
        """Offsets of ``word`` as a whole word."""
        return self._where(word, 2)

    def _where(self, stem: str, how: int) -> list[int]:
        found = self._found.get((stem, how))
        if found is None:
            found = self._found[stem, how] = [at for at in _finds(self.low, stem) if self._fits(at, stem, how)]
        return found

    def _fits(self, at: int, stem: str, how: int) -> bool:
        """Whether a word starts at ``at`` (where ``stem`` stands) and fits ``how``: 0 starts with ``stem``,
        1 continues it with nothing but an inner mark, 2 equals it."""
        low = self.low
        if low[at] not in LETTERS:
            return False
        back = at - 1
        while back >= 0 and low[back] in MARKS:
            back -= 1
        if back >= 0 and low[back] in LETTERS:
            return False  # inside a word: a letter, then only marks, before it
        end = at + len(stem)
        if stem[-1] not in LETTERS:  # a stem ending with a mark needs a letter after it to be inside the word
            ahead = end
            while ahead < len(low) and low[ahead] in MARKS:
                ahead += 1
            if ahead == len(low) or low[ahead] not in LETTERS:
                return False
        if how == 0:
            return True
        nxt = low[end] if end < len(low) else " "
        if how == 1 or nxt not in MARKS:
            return nxt not in LETTERS
        while end < len(low) and low[end] in MARKS:
            end += 1
        return end == len(low) or low[end] not in LETTERS  # trailing marks end a word

    def word_at(self, at: int) -> tuple[int, str]:
        """(end, word) of the word that starts at ``at``."""
        m = TOKEN.match(self.low, at)
        assert m is not None, "word_at needs a word start"
        return m.end(), m.group(0)

    def next_word(self, end: int) -> tuple[int, int, str] | None:
        """(start, end, word) of the first word after offset ``end`` (the end of a word), None at the end."""
        m = TOKEN.search(self.low, end)
        return (m.start(), m.end(), m.group(0)) if m else None


def _finds(text: str, literal: str) -> list[int]:
    out = []
    at = text.find(literal)
    while at != -1:
        out.append(at)
        at = text.find(literal, at + 1)
    return out
