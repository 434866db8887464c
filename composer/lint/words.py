"""The prompt's words, indexed once per lint run so vocabularies and name lists look words up instead of scanning.

A word is a run of Latin-script letters and digits (inner ``' & . + -`` allowed), lowercased, with ``’`` read
as ``'``. Everything here is built by C-level calls (a split, ``accumulate``, a sort, set building), not by a
Python loop over the words: on a 3,000-character shot the index used to cost more than all rules together.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import itemgetter

from composer.lint import regex_cache as rx

# Latin-script words of lowercased text; a CJK run ends a word, so "apple耳机" still holds the word "apple".
TOKEN = rx.compile(r"[a-z0-9à-ɏ](?:[a-z0-9à-ɏ'&.+-]*[a-z0-9à-ɏ])?")
MARKS = "'&.+-"  # inner marks: inside a word, never at its ends
_SPLIT = rx.compile(f"({TOKEN.pattern})")  # split() keeps the words between the gaps
KEY = 3  # letters of a word (or a vocabulary stem) that key the index; shorter ones key by themselves
_PREFIXES = tuple(itemgetter(slice(None, k)) for k in range(1, KEY + 1))
_LAST = "\U0010ffff"  # sorts after every character: stem + _LAST bounds the words that start with stem


class WordIndex:
    """Word ``i`` is ``words[i]`` at ``starts[i]:ends[i]``; ``keys`` holds every word's first one to three letters.

    Words starting with a prefix are one run of the sorted words, found by two bisections.
    """

    __slots__ = ("_distinct", "_order", "_sorted", "ends", "keys", "starts", "words")

    def __init__(self, low: str) -> None:
        parts = _SPLIT.split(low.replace("’", "'"))  # gap, word, gap, word, ..., gap
        bounds = list(accumulate(map(len, parts)))
        self.words: list[str] = parts[1::2]
        self.starts: list[int] = bounds[0:-1:2]
        self.ends: list[int] = bounds[1::2]
        self._order = sorted(range(len(self.words)), key=self.words.__getitem__)
        self._sorted = list(map(self.words.__getitem__, self._order))
        self._distinct = set(self.words)
        keys = set(map(_PREFIXES[-1], self._distinct))  # the longest prefixes first: the shorter come from them
        self.keys: set[str] = set(keys)
        for prefix in reversed(_PREFIXES[:-1]):
            keys = set(map(prefix, keys))
            self.keys |= keys

    def starting_with(self, stem: str) -> list[int]:
        """Indexes of the words that start with ``stem``, grouped by word (each group in text order)."""
        lo = bisect_left(self._sorted, stem)
        if lo == len(self._sorted) or not self._sorted[lo].startswith(stem):
            return []
        return self._order[lo:bisect_left(self._sorted, stem + _LAST, lo)]

    def joined(self, word: str) -> list[int]:
        """Indexes of ``word`` and of the words that continue it with an inner mark ("t-shirt", "pov's").

        The inner marks (' & + - .) sort below every letter and digit, so these words are the run from
        ``word`` up to ``word + "/"``.
        """
        lo = bisect_left(self._sorted, word)
        return self._order[lo:bisect_left(self._sorted, word + "/", lo)]

    def exactly(self, word: str) -> list[int]:
        """Indexes of ``word``, in text order."""
        lo = bisect_left(self._sorted, word)
        return self._order[lo:bisect_right(self._sorted, word, lo)]

    def distinct(self) -> set[str]:
        return self._distinct
