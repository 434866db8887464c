"""Is the prompt English? The rules read English words, so a prompt in another language gets one notice
(SL009) instead of a row of false "missing framing / sound / lighting" findings.

Two cheap signals, no model: the share of letters outside the Latin script (Chinese, Japanese, Cyrillic,
...), and, for Latin-script languages, English function words against other languages' function words
(``resources/vocab/function_words_*.txt``). English prompts quoting a foreign line stay English.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from composer import resources
from composer.lint import regex_cache as rx
from composer.lint.rule import LintContext

_MIN_WORDS = 4  # too short to judge: treat as English


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(resources.word_list(name))


# Characters past ASCII; a letter among them past Latin Extended-B is CJK, Cyrillic, Greek, Arabic, Hangul ...
_WIDE = rx.compile(r"[^\x00-\x7f]")


def _non_latin_share(text: str) -> float:
    if text.isascii():
        return 0.0
    wide = _WIDE.findall(text)  # usually a few curly quotes and dashes: count letters among them only
    non_latin = sum(ch.isalpha() and ch > "\u024f" for ch in wide)
    if not non_latin:
        return 0.0
    letters = sum(map(str.isalpha, text))
    return non_latin / letters if letters else 0.0


# ASCII letters stay, other ASCII bytes become gaps, bytes past ASCII stay (the characters they encode are
# letters: the others were replaced first).
_LETTERS = bytes(b if b >= 0x80 or chr(b).isalpha() else 0x20 for b in range(256))


def _letter_runs(text: str) -> list[str]:
    """The runs of letters, ``re.findall(r"[^\\W\\d_]+", text)``, by a bytes translation and a split: one C pass
    where findall pays a regex match per word.

    ``[^\\W\\d_]`` is ``str.isalnum`` and not ``str.isdecimal``; the few distinct characters past ASCII that
    are not (dashes, curly quotes) become spaces first, so UTF-8 bytes that remain all belong to letters.
    """
    if not text.isascii():
        for ch in set(_WIDE.findall(text)):
            if not ch.isalnum() or ch.isdecimal():
                text = text.replace(ch, " ")
    return text.encode().translate(_LETTERS).decode().split()


def guess(text: str) -> str:
    """"english", "non-latin" or "other-latin" (a Latin-script language that is not English)."""
    if _non_latin_share(text) > 0.3:
        return "non-latin"
    counts = Counter(_letter_runs(text.lower()))
    if counts.total() < _MIN_WORDS:
        return "english"
    english, other = _words("function_words_english"), _words("function_words_other")
    en = sum(counts[w] for w in counts.keys() & english)
    ot = sum(counts[w] for w in counts.keys() & other)
    return "other-latin" if ot >= 4 and ot > 2 * en else "english"


def is_english(ctx: LintContext) -> bool:
    cached = ctx.cache.get("english")
    if cached is None:
        cached = ctx.cache["english"] = guess(ctx.text) == "english"
    return bool(cached)
