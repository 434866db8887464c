"""Shared text matching for rules: vocabularies as one compiled regex each, and one negation helper.

Every rule that looks for a thing asks ``is_negated`` before reporting it, so "no legible text" or
"Avoid: brand logos" never fire the rules they mention (reference/lint-practice.md).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from composer import resources
from composer.lint.rule import LintContext

_FLAGS = re.IGNORECASE


def _literal(word: str) -> str:
    """A phrase as a regex: spaces and hyphens match either, letters case-insensitively."""
    return "".join(r"[\s-]+" if ch in " -" else re.escape(ch) for ch in word)


def _trie(words: list[str]) -> str:
    """One regex for many literal phrases, shaped as a prefix tree so each position fails fast.

    Python's engine tries alternatives one by one; a trie makes 200 brand names cost about as much
    as a handful (reference/lint-practice.md: one pass per vocabulary, not one per word).
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w.lower().replace("-", " "):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts, optional = [], "" in node
        for ch in sorted(k for k in node if k):
            head = r"[\s-]+" if ch == " " else re.escape(ch)
            alts.append(head + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return emit(root)


@cache
def vocab(name: str) -> re.Pattern[str]:
    """One regex over every entry of ``resources/vocab/<name>.txt``.

    Entries are literal phrases (compiled into one prefix tree); an entry starting with ``re:`` is a
    regular expression. Word boundaries are added on both sides.
    """
    entries = resources.word_list(name)
    literal = [e for e in entries if not e.startswith("re:")]
    parts = [f"(?:{e[3:].strip()})" for e in entries if e.startswith("re:")]
    if literal:
        parts.insert(0, _trie(literal))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", _FLAGS)


@cache
def vocab_groups(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``canonical: alias, alias`` lines -> (canonical, one regex for all its aliases)."""
    out = []
    for line in resources.word_list(name):
        canon, _, aliases = line.partition(":")
        words = [canon.strip()] + [a.strip() for a in aliases.split(",") if a.strip()]
        regexes = [w[3:].strip() for w in words if w.startswith("re:")]
        literal = [w for w in words if not w.startswith("re:")]
        alt = "|".join(([_trie(literal)] if literal else []) + [f"(?:{r})" for r in regexes])
        out.append((canon.strip(), re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])", _FLAGS)))
    return tuple(out)


@cache
def any_move() -> re.Pattern[str]:
    """All camera-move aliases in one regex: a cheap first pass before naming which move matched."""
    return re.compile("|".join(f"(?:{p.pattern})" for _c, p in vocab_groups("camera_move_groups")), _FLAGS)


class Hit:
    """A match reported in the original text's casing (matching itself runs on a lowercased copy)."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, _i: int = 0) -> str:
        return self._text[self._start:self._end]


@cache
def _folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern without IGNORECASE, for lowercased text: about twice as fast in CPython's engine.

    Vocabulary literals are lowercased by ``_trie``; ``re:`` entries are written in lowercase.
    """
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def lowered(ctx: LintContext) -> str:
    """``ctx.text`` lowercased with offsets preserved (characters whose lowercase is longer stay as they are)."""
    low = ctx.cache.get("low")
    if low is None:
        low = ctx.text.lower()
        if len(low) != len(ctx.text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in ctx.text)
        ctx.cache["low"] = low
    return low  # type: ignore[return-value]


def find(pattern: re.Pattern[str], ctx: LintContext, *, allow_negated: bool = False,
         start: int = 0, end: int | None = None) -> Iterator[Hit]:
    low = lowered(ctx)
    for m in _folded(pattern).finditer(low, start, len(low) if end is None else end):
        if allow_negated or not is_negated(ctx, m.start()):
            yield Hit(ctx.text, m.start(), m.end())


def has(pattern: re.Pattern[str], ctx: LintContext, *, allow_negated: bool = False,
        start: int = 0, end: int | None = None) -> bool:
    return next(find(pattern, ctx, allow_negated=allow_negated, start=start, end=end), None) is not None


# --- negation --------------------------------------------------------------------------------

_NEG_CUE = re.compile(
    r"(?<![\w-])(?:no|not|without|avoid(?:ing)?|never|nothing|none|free of|don't|do not|doesn't|does not|"
    r"isn't|aren't|exclude|excluding|lacking|zero|unlabeled|unbranded|blank)(?![\w-])",
    _FLAGS)
_AVOID_LINE = re.compile(r"^[ \t]*(?:avoid|negative(?: prompt)?|exclude|don't show|do not show)[ \t]*:.*$",
                         _FLAGS | re.MULTILINE)
_SCOPE_END = re.compile(r"[.;!?\n]|\bbut\b|\bwhile\b|\bexcept\b", _FLAGS)


def negated_ranges(ctx: LintContext) -> tuple[list[int], list[int]]:
    """Sorted (starts, ends) of text under a negation: from the cue to the end of its clause."""
    cached = ctx.cache.get("neg")
    if cached is not None:
        return cached  # type: ignore[return-value]
    ranges = []
    text = ctx.text
    for m in _AVOID_LINE.finditer(text):
        ranges.append((m.start(), m.end()))
    for m in _NEG_CUE.finditer(text):
        end_m = _SCOPE_END.search(text, m.end())
        ranges.append((m.start(), end_m.start() if end_m else len(text)))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    result = ([s for s, _ in merged], [e for _, e in merged])
    ctx.cache["neg"] = result
    return result


def is_negated(ctx: LintContext, offset: int) -> bool:
    starts, ends = negated_ranges(ctx)
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


def negative_instructions(ctx: LintContext) -> int:
    """How many separate things the prompt asks not to show: each Avoid item, each other cue."""
    text = ctx.text
    count = 0
    avoid_spans = []
    for m in _AVOID_LINE.finditer(text):
        body = m.group(0).split(":", 1)[1]
        count += len([x for x in re.split(r"[,;]|\bor\b|\band\b", body) if x.strip(" .")])
        avoid_spans.append((m.start(), m.end()))
    for m in _NEG_CUE.finditer(text):
        if any(s <= m.start() < e for s, e in avoid_spans):
            continue
        if m.group(0).lower() in ("blank", "zero", "none", "nothing", "unlabeled", "unbranded"):
            continue
        count += 1
    return count


# --- structure -------------------------------------------------------------------------------

_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group(0).strip()]


def first_sentence(text: str) -> tuple[int, int]:
    """The opening: the first sentence, or the text up to the first label line."""
    s = sentences(text)
    return s[0] if s else (0, 0)


_LABEL = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?([A-Z][A-Za-z ]{1,24}):", re.MULTILINE)


def labelled(text: str, label: str) -> list[tuple[int, int]]:
    """Spans of the value after ``Label:`` up to the next label or line end."""
    out = []
    pat = re.compile(r"(?<![\w])" + re.escape(label) + r"[ \t]*:[ \t]*", _FLAGS)
    for m in pat.finditer(text):
        end = len(text)
        nl = text.find("\n", m.end())
        if nl != -1:
            end = nl
        nxt = _INLINE_LABEL.search(text, m.end(), end)
        if nxt:
            end = nxt.start()
        out.append((m.end(), end))
    return out


# Inline labels as the guides write them on one line: "Camera: ... Lighting: ... Mood: ..."
_INLINE_LABEL = re.compile(
    r"\b(?:Camera|Lighting|Palette|Mood|Actions|Dialogue|Background Sound|Sound|Audio|Cinematography|Avoid|"
    r"Camera shot|Palette anchors)\s*:")


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text)


@cache
def thresholds() -> dict[str, dict[str, object]]:
    """``resources/lint.toml``: every numeric threshold a rule uses."""
    import tomllib

    with resources.path("lint.toml").open("rb") as f:
        return tomllib.load(f)


def per_seconds(table: str, seconds: int) -> int:
    """The threshold for a clip length: the entry for the longest listed length not above ``seconds``."""
    entries = sorted((int(k), int(v)) for k, v in thresholds()[table].items())  # type: ignore[call-overload]
    best: int = entries[0][1]
    for length, value in entries:
        if length <= seconds:
            best = value
    return best
