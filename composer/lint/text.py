"""Shared text matching for rules: vocabularies as one compiled regex each, and one negation helper.

Every rule that looks for a thing asks ``is_negated`` before reporting it, so "no legible text" or
"Avoid: brand logos" never fire the rules they mention (reference/lint-practice.md).
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator
from functools import cache
from operator import itemgetter, methodcaller
from typing import Any

from composer import resources
from composer.lint import regex_cache as rx
from composer.lint.rule import LintContext
from composer.lint.scan import Led, ascii_runs, finditer_at, lower_keeping_offsets, occurrences, runs_table
from composer.lint.shape import shape
from composer.lint.words import KEY as _KEY
from composer.lint.words import WordIndex

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
def vocab(name: str) -> Vocab:
    """One regex over every entry of ``resources/vocab/<name>.txt``.

    Entries are literal phrases (compiled into one prefix tree); an entry starting with ``re:`` is a
    regular expression. Word boundaries are added on both sides.
    """
    return _compile(list(resources.word_list(name)))


_GAP = rx.compile(r"[\s-]+")


@cache
def group_literals(name: str) -> dict[str, str]:
    """``canonical: alias, …`` lines -> {alias as lowercase words joined by single spaces: canonical}, for the
    literal aliases (the first group listing one wins, as in ``vocab_groups`` order)."""
    out: dict[str, str] = {}
    for line in resources.word_list(name):
        canon, _, aliases = line.partition(":")
        for alias in [canon.strip()] + [a.strip() for a in _split_aliases(aliases)]:
            if alias and not alias.startswith("re:"):
                out.setdefault(" ".join(_GAP.split(alias.lower())), canon.strip())
    return out


def group_of(name: str, hit: Hit) -> str | None:
    """The canonical group a literal match belongs to, by dictionary lookup (None: match the groups' regexes)."""
    return group_literals(name).get(" ".join(_GAP.split(hit.group(0).lower())))


@cache
def vocab_groups(name: str) -> tuple[tuple[str, Vocab], ...]:
    """``canonical: alias, alias`` lines -> (canonical, one regex for all its aliases)."""
    out = []
    for line in resources.word_list(name):
        canon, _, aliases = line.partition(":")
        words = [canon.strip()] + [a.strip() for a in _split_aliases(aliases) if a.strip()]
        out.append((canon.strip(), _compile(words)))
    return tuple(out)


class _Plan:
    """How ``find`` scans a vocabulary without one big regex.

    Almost every entry starts with a known word stem ("push" for "push in", "pan" for "re:pans?\\s+left").
    The prompt's distinct words are indexed once per run by their first one, two and three letters, and a
    vocabulary's stems by the same short key, so the stems the prompt can hold come from a set intersection;
    only the entries under the stems some word starts with are tried, at those words' starts, each stem's
    entries compiled on first use. Compiling regexes was most of a cold ``slate lint``
    (one 100-entry vocabulary cost 12 ms), and scanning every vocabulary over the whole text most of a warm
    one. The few entries that need not start a word (``residual``: '"duration": 8', "(slowly) pushing in")
    are tried where their leading literals stand (``residual_leads``); only an entry with no known start
    ("\\w+-like logo") makes the engine try every character, and only when the prompt holds a literal
    it needs (``residual_needs``).
    """

    __slots__ = ("_compiled", "by_key", "by_stem", "closed", "keys", "rank", "residual", "residual_leads",
                 "residual_needs")

    def __init__(self, by_stem: dict[str, list[str]], rank: dict[str, int], residual: list[str],
                 closed: set[str]) -> None:
        self.by_stem = by_stem
        self.closed = frozenset(closed)  # stems whose entries all end the word there ("the\\s+next")
        self.by_key: dict[str, list[str]] = {}
        for stem in by_stem:
            self.by_key.setdefault(stem[:_KEY], []).append(stem)
        self.keys = frozenset(self.by_key)
        # Where two stems' entries match at one place, the one listed first wins, as in one big alternation:
        # literal entries (rank 0) before regexes (1 + the first one's line).
        self.rank = rank
        self._compiled: dict[str, re.Pattern[str]] = {}
        self.residual = rx.compile("(?:" + "|".join(residual) + _RIGHT) if residual else None
        self.residual_leads: set[str] = set()
        needs: set[str] = set()
        for src in residual:
            leads = _leads(src)
            if leads is None:
                needs.add(_needed_literal(src))  # "" when unknown: "" is in every text
            else:
                self.residual_leads |= leads
        self.residual_needs = tuple(needs)

    def at(self, stem: str) -> re.Pattern[str]:
        pat = self._compiled.get(stem)
        if pat is None:
            pat = self._compiled[stem] = rx.compile("(?:" + "|".join(self.by_stem[stem]) + _RIGHT)
        return pat


_RUN = rx.compile(r"\"?[a-z0-9'’]+|\"")


class Vocab:
    """A vocabulary's regex, built only when something uses it.

    ``find``/``has`` scan with the vocabulary's plan (``_Plan``) and never need the one big pattern; other
    callers use ``search``/``finditer``/``match``/``sub`` or ``pattern`` (its source) as with ``re.Pattern``.
    Compiling Python regexes is the largest part of a cold ``slate lint FILE``, so nothing compiles early.
    """

    flags = _FLAGS

    def __init__(self, entries: list[str]) -> None:
        self._literal = [e for e in entries if not e.startswith("re:")]
        self._regexes = [e[3:].strip() for e in entries if e.startswith("re:")]
        self._source: str | None = None
        self._full: re.Pattern[str] | None = None
        self._plan: _Plan | None = None

    @property
    def pattern(self) -> str:
        if self._source is None:
            self._source = _LEFT + "|".join(([_trie(self._literal)] if self._literal else [])
                                            + [f"(?:{r})" for r in self._regexes]) + _RIGHT
        return self._source

    def compiled(self) -> re.Pattern[str]:
        if self._full is None:
            self._full = rx.compile(self.pattern, _FLAGS)
        return self._full

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(text, pos, endpos)

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        return self.compiled().sub(repl, text, count)

    def plan(self) -> _Plan:
        if self._plan is None:
            self._plan = _plan(self._literal, self._regexes)
        return self._plan


Pattern = re.Pattern[str] | Vocab


def _compile(entries: list[str]) -> Vocab:
    return Vocab(entries)


def _plan(literal: list[str], regexes: list[str]) -> _Plan:
    words: dict[str, list[str]] = {}
    residual_words: list[str] = []
    closed: dict[str, bool] = {}
    for e in literal:
        low = e.lower()
        run = _RUN.match(low)
        stem = run.group(0).replace("’", "'") if run else ""
        if stem and stem[0] != '"':
            words.setdefault(stem, []).append(e)
            after = low[run.end():run.end() + 1] if run else ""
            closed[stem] = closed.get(stem, True) and not ("à" <= after <= "ɏ")
        else:
            residual_words.append(e)
    by_stem = {stem: [_trie(entries)] for stem, entries in words.items()}
    rank = dict.fromkeys(words, 0)
    residual = [_trie(residual_words)] if residual_words else []
    for i, r in enumerate(regexes):
        first = _first_stems(r)
        if first and not any(x[0] == '"' for x in first):
            for stem, ends in first.items():
                stem = stem.replace("’", "'")
                by_stem.setdefault(stem, []).append(f"(?:{r})")
                rank.setdefault(stem, i + 1)
                closed[stem] = closed.get(stem, True) and ends
        else:
            residual.append(f"(?:{r})")
    return _Plan(by_stem, rank, residual, {s for s, c in closed.items() if c})


def word_index(ctx: LintContext) -> WordIndex:
    """The prompt's word index (``composer.lint.words``), built once per run."""
    cached = ctx.cache.get("words")
    if cached is None:
        cached = ctx.cache["words"] = WordIndex(lowered(ctx))
    return cached  # type: ignore[return-value]


def _first_stems(src: str) -> dict[str, bool] | None:
    """The literal text a regex entry can start with (stem -> whether the entry's word ends with the stem), or
    None when it may start with anything.

    Handles a literal start ("pans?\\s+left"), a digit ("\\d{2}mm"), a small character set ("[2458]k"), and a
    leading group of such alternatives ("(?:camera|slow)\\s+pans?"); a leading "\\b" is dropped (``find``
    checks word starts itself). A stem is closed when what follows it cannot continue the word ("the\\s+",
    "t-shirt", "(?:in|at)\\s+"): only the words equal to it (or joined to more by an inner mark) are tried.
    """
    src = src[2:] if src.startswith("\\b") else src
    if not src.startswith("(?:"):
        return _start_of(src, "")
    depth, close = 0, len(src)
    for pos, ch in enumerate(src):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            close = pos
            break
    if src[close + 1:close + 2] in ("?", "*", "{"):
        return None
    out: dict[str, bool] = {}
    for alt in _top_level(src[3:close], "|"):
        stems = _start_of(alt, src[close + 1:]) if not alt.startswith("(") else None
        if not stems:
            return None
        for stem, closed in stems.items():
            out[stem] = out.get(stem, True) and closed
    return out


def _top_level(src: str, sep: str) -> list[str]:
    """``src`` split on ``sep`` outside brackets, braces and parentheses."""
    if not any(b in src for b in "([{"):
        return src.split(sep)
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in src:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    return [*parts, "".join(cur)]


def _start_of(src: str, after: str) -> dict[str, bool] | None:
    """Stems (and whether each is closed) of one alternative; ``after`` is what follows its group."""
    if src.startswith("\\d"):
        return dict.fromkeys("0123456789", False) if src[2:3] not in ("?", "*") else None
    m = re.match(r"\[([a-z0-9]+)\](?![?*])", src)
    if m:
        return dict.fromkeys(m.group(1), False)
    m = _RUN.match(src)
    if not m:
        return None
    run, rest = m.group(0), src[m.end():]
    if rest[:1] in ("?", "*", "{"):
        return {run[:-1]: False} if len(run) > 1 else None
    return {run: _ends_word(rest or after)}


# What, after a stem, ends the word a match starts with: a space or a boundary, or a character that is not a
# letter or digit of a word (a token's inner marks ' & . + - join it to the next word, within the stem's range).
_WORD_ENDS = rx.compile(r"(?:\\[sbn]|\\[^\w\s]|\$|[^\\\[(a-z0-9à-ɏ?*+{.^|)]|\[(?:\\[stn-]|[ \t,;:'-])+\])")


def _ends_word(rest: str) -> bool:
    return bool(rest) and _WORD_ENDS.match(rest) is not None


# A plain literal character of a regex source, or an escaped punctuation character ("\\." "\\-" "\\/").
_LITERAL_CHAR = rx.compile(r"[^\\\[\](){}.*+?^$|]|\\[^\w\s]")
_ZERO_WIDTH = ("\\b", "^")


def _leads(src: str) -> set[str] | None:
    """Literal strings one of which every match of a residual entry starts with, or None when unknown.

    Skips what matches no text at the start (``\\b``, ``^``, lookbehinds), follows a leading group's
    alternatives, and an optional leading group ("(?:slowly\\s+)?pushing") adds what follows it.
    """
    while True:
        if src.startswith(_ZERO_WIDTH):
            src = src[2:] if src.startswith("\\b") else src[1:]
        elif src.startswith(("(?<!", "(?<=")):
            close = _group_end(src)
            if close is None:
                return None
            src = src[close + 1:]
        else:
            break
    if src.startswith("(?:"):
        close = _group_end(src)
        if close is None:
            return None
        quant = src[close + 1:close + 2]
        if quant in ("*", "{"):
            return None
        out: set[str] = set()
        for alt in _top_level(src[3:close], "|"):
            leads = _leads(alt)
            if not leads:
                return None
            out |= leads
        if quant == "?":
            rest = _leads(src[close + 2:])
            return None if rest is None else out | rest
        return out
    if src.startswith("\\d"):
        return set("0123456789") if src[2:3] not in ("?", "*", "{") else None
    run, pos = [], 0
    while (m := _LITERAL_CHAR.match(src, pos)) is not None:
        run.append(m.group(0)[-1])
        pos = m.end()
    if src[pos:pos + 1] in ("?", "*", "{") and run:
        run.pop()
    return {"".join(run)} if run else None


def _group_end(src: str) -> int | None:
    """The offset of the parenthesis that closes the group ``src`` opens (escapes and classes respected)."""
    depth, pos, in_class = 0, 0, False
    while pos < len(src):
        ch = src[pos]
        if ch == "\\":
            pos += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return None


def _needed_literal(src: str) -> str:
    """A literal every match of ``src`` contains ("-like" in "\\b\\w+-like\\s+logo\\b"), or "" when unknown.

    Only for a flat entry (no inner group, class or alternation): its longest run of literal characters, a
    character under ``?``, ``*`` or ``{m,n}`` left out.
    """
    while src.startswith("(?:") and _group_end(src) == len(src) - 1:
        src = src[3:-1]
    if any(ch in src for ch in "([|"):
        return ""
    best, run, pos = "", "", 0
    while pos < len(src):
        ch = src[pos]
        if ch in "?*{":
            best, run = max(best, run[:-1], key=len), ""
            pos = src.find("}", pos) + 1 if ch == "{" else pos + 1
            if pos == 0:
                return ""
        elif ch in "\\+.^$":
            best, run = max(best, run, key=len), ""
            pos += 2 if ch == "\\" else 1
        else:
            run += ch
            pos += 1
    return max(best, run, key=len)


def _split_aliases(aliases: str) -> list[str]:
    """Split on top-level commas: a comma inside a ``re:`` entry's brackets or braces belongs to it."""
    return _top_level(aliases, ",")


@cache
def any_move() -> Vocab:
    """All camera-move aliases in one regex: a cheap first pass before naming which move matched."""
    entries: list[str] = []
    for line in resources.word_list("camera_move_groups"):
        canon, _, aliases = line.partition(":")
        entries += [canon.strip()] + [a.strip() for a in _split_aliases(aliases) if a.strip()]
    return _compile(entries)


@cache
def any_of(name: str) -> Vocab:
    """Every alias of a ``canonical: alias, …`` list as one vocabulary (``any_move`` for any grouped list)."""
    entries: list[str] = []
    for line in resources.word_list(name):
        canon, _, aliases = line.partition(":")
        entries += [canon.strip()] + [a.strip() for a in _split_aliases(aliases) if a.strip()]
    return _compile(entries)


def group_hits(ctx: LintContext, name: str) -> list[tuple[str, Hit]]:
    """Every non-negated match of a grouped list as (canonical, hit), in text order, once per run: one scan of
    all aliases, each named by lookup (or, for a regex alias, by the group whose pattern matches there)."""
    key = "groups:" + name
    cached = ctx.cache.get(key)
    if cached is None:
        groups, low = vocab_groups(name), lowered(ctx)
        found: list[tuple[str, Hit]] = []
        for m in find(any_of(name), ctx):
            canon = group_of(name, m) or next(
                (c for c, pat in groups if (g := _folded(pat).match(low, m.start())) is not None
                 and g.end() == m.end()), None)
            if canon is not None:
                found.append((canon, m))
        cached = ctx.cache[key] = found
    return cached  # type: ignore[return-value]


_LEFT, _RIGHT = r"(?<![\w-])(?:", r")(?![\w-])"


@cache
def _scanner(pattern: Pattern) -> tuple[re.Pattern[str], bool]:
    """The pattern for scanning lowercased text: case-sensitive, and without a leading word-boundary lookbehind,
    which ``find`` checks itself. A pattern that opens with a lookbehind cannot use the engine's quick
    first-character scan, so every vocabulary paid a full match attempt at every character."""
    src = pattern.pattern
    flags = pattern.flags & ~re.IGNORECASE
    if src.startswith(_LEFT) and src.endswith(_RIGHT):
        return rx.compile("(?:" + src[len(_LEFT):], flags), True
    return rx.compile(src, flags), False


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
def _folded(pattern: Pattern) -> re.Pattern[str]:
    """The same pattern without IGNORECASE, for lowercased text: about twice as fast in CPython's engine.

    Vocabulary literals are lowercased by ``_trie``; ``re:`` entries are written in lowercase.
    """
    return rx.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def lowered(ctx: LintContext) -> str:
    """``ctx.text`` lowercased with offsets preserved (characters whose lowercase is longer stay as they are)."""
    low = ctx.cache.get("low")
    if low is None:
        low = ctx.cache["low"] = lower_keeping_offsets(ctx.text)
    return low  # type: ignore[return-value]


def find(pattern: Pattern, ctx: LintContext, *, allow_negated: bool = False,
         start: int = 0, end: int | None = None, structure: bool = False) -> Iterator[Hit]:
    """Non-overlapping matches in the prompt's content.

    Matches inside section headers, JSON keys and bookkeeping (URLs, metadata values, @image references)
    are skipped unless ``structure`` is set: "Cinematic Framing:" is a label, not a framing or a look.
    """
    low = lowered(ctx)
    skip = None if structure else skipped(ctx)
    stop = len(low) if end is None else end
    for at, to in _scan(pattern, ctx, low, start, stop):
        if skip is not None and _inside(skip, at):
            continue
        if allow_negated or not is_negated(ctx, at):
            yield Hit(ctx.text, at, to)


def _scan(pattern: Pattern, ctx: LintContext, low: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """(start, end) of non-overlapping matches at word starts, in text order (see ``_Plan``)."""
    plan = pattern.plan() if isinstance(pattern, Vocab) else None
    if plan is None:
        scan, bounded = _scanner(pattern)
        for m in scan.finditer(low, start, stop):
            at = m.start()
            if not (bounded and at and (low[at - 1].isalnum() or low[at - 1] in "_-")):
                yield m.span()
        return
    index = word_index(ctx) if ctx is not None else WordIndex(low)
    starts = index.starts
    whole = start == 0 and stop >= len(low)
    ranked: list[tuple[int, int, int]] = []  # (start, rank, end): a literal entry before a regex, as in the pattern
    for key in plan.keys & index.keys:  # both sets: the intersection walks the smaller
        for stem in plan.by_key[key]:
            where = index.joined(stem) if stem in plan.closed else index.starting_with(stem)
            if not where:
                continue
            pat, rank = plan.at(stem), plan.rank[stem]
            for i in where:
                at = starts[i]
                if (whole or start <= at < stop) and (not at or low[at - 1] not in "_-") \
                        and (hit := pat.match(low, at, stop)) is not None:
                    ranked.append((at, rank, -hit.end()))
    if plan.residual is not None:
        for at, end in _residual_matches(plan, plan.residual, low, start, stop):
            if not (at and (low[at - 1].isalnum() or low[at - 1] in "_-")):
                ranked.append((at, 1 << 30, -end))
    ranked.sort()
    found = [(at, -neg_end) for at, _rank, neg_end in ranked]
    last = -1
    for at, to in found:
        if at >= last:
            yield at, to
            last = to


def _residual_matches(plan: _Plan, pattern: re.Pattern[str], low: str, start: int,
                      stop: int) -> Iterator[tuple[int, int]]:
    """(start, end) of ``pattern.finditer(low, start, stop)``, tried only where a residual lead stands when every
    entry without a known start lacks a literal it needs (then those entries match nowhere)."""
    if any(need in low for need in plan.residual_needs):
        yield from (m.span() for m in pattern.finditer(low, start, stop))
        return
    starts = occurrences(low, *plan.residual_leads, pos=start, endpos=stop)
    yield from (m.span() for m in finditer_at(pattern, low, starts, start, stop))


def spans_in(text: str, *patterns: Pattern) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the matches of ``patterns`` in a piece of text, leftmost-longest (no
    negation or structure check); each scanned with its plan, cheaper than compiling their sources into one."""
    low = text.lower() if len(text.lower()) == len(text) else text
    out: list[tuple[int, int]] = []
    for pattern in patterns:
        out += _scan(pattern, None, low, 0, len(low))  # type: ignore[arg-type]
    kept: list[tuple[int, int]] = []
    for at, to in sorted(out, key=lambda span: (span[0], -span[1])):
        if not kept or at >= kept[-1][1]:
            kept.append((at, to))
    return kept


def has(pattern: Pattern, ctx: LintContext, *, allow_negated: bool = False,
        start: int = 0, end: int | None = None, structure: bool = False) -> bool:
    return next(find(pattern, ctx, allow_negated=allow_negated, start=start, end=end, structure=structure),
                None) is not None


def _merge(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return [s for s, _ in merged], [e for _, e in merged]


def _inside(ranges: tuple[list[int], list[int]], offset: int) -> bool:
    starts, ends = ranges
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


def skipped(ctx: LintContext) -> tuple[list[int], list[int]]:
    """Sorted ranges of structure (headers, labels, JSON keys) and bookkeeping, computed once per run."""
    cached = ctx.cache.get("skipped")
    if cached is None:
        sh = shape(ctx)
        cached = ctx.cache["skipped"] = _merge(sh.headers + sh.ignored)
    return cached  # type: ignore[return-value]


def quotes_in(ctx: LintContext) -> list[re.Match[str]]:
    """Every quoted string of the prompt (``QUOTED``), found once per run for the rules that read quotes."""
    cached = ctx.cache.get("quotes_in")
    if cached is None:
        cached = ctx.cache["quotes_in"] = list(QUOTED.finditer(ctx.text))
    return cached  # type: ignore[return-value]


def quoted_ranges(ctx: LintContext) -> tuple[list[int], list[int]]:
    """Ranges inside quotation marks (spoken lines, titles): a "no" in a line of dialogue is not an instruction."""
    cached = ctx.cache.get("quoted")
    if cached is None:
        cached = ctx.cache["quoted"] = _merge([m.span() for m in quotes_in(ctx)])
    return cached  # type: ignore[return-value]


# Double or typographic quotes, and single quotes that open after a space and close before punctuation or a
# space, so apostrophes ("That's", "Pikachu's") neither open nor close a quote. The opening mark comes first
# and each kind is told apart by a lookbehind, so the engine skips to quote marks instead of trying a match at
# every character (a leading lookbehind made this one scan cost as much as a rule).
QUOTED = rx.compile(r"[\"“„«‘'](?:(?<=[\"“„«])([^\"“”„«»\n]{1,400})[\"”»]"
                    r"|(?<=‘)((?:[^’\n]|’(?=\w)){1,400}?)’(?!\w)"
                    r"|(?<=')(?<![\w']')((?:[^'\n]|'(?=\w)){1,400}?)'(?![\w]))")


# --- negation --------------------------------------------------------------------------------

# Negation cues, matched in lowercased text where a lead word stands (``scan.Led``).
_NEG_CUE = Led(r"(?<![\w-])(?:no|not|without|avoid(?:ing)?|never|nothing|none|free of|don't|do not|doesn't|"
               r"does not|isn't|aren't|exclude|excluding|lacking|zero|unlabeled|unbranded|blank)(?![\w-])",
               ("no", "without", "avoid", "never", "free of", "don't", "do not", "doesn't", "does not", "isn't",
                "aren't", "exclud", "lacking", "zero", "unlabeled", "unbranded", "blank"))
_AVOID_LINE = rx.compile(r"^[ \t]*(?:avoid|negative(?: prompt)?|exclude|don't show|do not show)[ \t]*:.*$",
                         re.MULTILINE)  # lowercased text
_AVOID_WORDS = ("avoid", "negative", "exclude", "don't show", "do not show")


def _cues(ctx: LintContext) -> list[tuple[int, int]]:
    """Spans of every negation cue, once per run."""
    cached = ctx.cache.get("cues")
    if cached is None:
        low = lowered(ctx)
        cached = ctx.cache["cues"] = [m.span() for m in _NEG_CUE.finditer(low, low)]
    return cached  # type: ignore[return-value]


def _avoid_lines(ctx: LintContext) -> list[tuple[int, int]]:
    """Spans of every "Avoid: ..." / "Negative prompt: ..." line, once per run."""
    cached = ctx.cache.get("avoid_lines")
    if cached is None:
        low = lowered(ctx)
        cached = ctx.cache["avoid_lines"] = [m.span() for m in _AVOID_LINE.finditer(low)] \
            if ":" in low and any(w in low for w in _AVOID_WORDS) else []
    return cached  # type: ignore[return-value]
_SCOPE_END = rx.compile(r"[.;!?\n]|\bbut\b|\bwhile\b|\bexcept\b", _FLAGS)


def negated_ranges(ctx: LintContext) -> tuple[list[int], list[int]]:
    """Sorted (starts, ends) of text under a negation: from the cue to the end of its clause."""
    cached = ctx.cache.get("neg")
    if cached is not None:
        return cached  # type: ignore[return-value]
    ranges = []
    text = lowered(ctx)
    ranges += _avoid_lines(ctx)
    quoted = quoted_ranges(ctx) if shape(ctx).kind != "json" else ([], [])
    for start, end in _cues(ctx):
        if _inside(quoted, start):
            continue  # "I'm not afraid" is a spoken line, not an instruction
        end_m = _folded(_SCOPE_END).search(text, end)
        ranges.append((start, end_m.start() if end_m else len(text)))
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


_DESCRIPTIVE = frozenset({"blank", "zero", "none", "nothing", "unlabeled", "unbranded"})
_NEG_KEY = rx.compile(r"(?i)avoid|negative|exclude|don'?t|do_not|dont|never|forbid")
_ITEMS = rx.compile(r"[,;]|\bor\b|\band\b|\bnor\b")


def negatives(ctx: LintContext) -> list[tuple[int, int, int]]:
    """Every negative instruction as (start, end, how many things it excludes); computed once per run.

    An "Avoid:" line or a JSON "avoid" list counts each item; "No subtitles, logos or text" counts three.
    Cues inside quotes are part of a spoken line, and a mid-clause "without" describes ("a track without
    vocals"), so neither counts.
    """
    cached = ctx.cache.get("negatives")
    if cached is not None:
        return cached  # type: ignore[return-value]
    text = ctx.text
    out: list[tuple[int, int, int]] = []
    lines = []
    for start, end in _avoid_lines(ctx):
        body = text[start:end].split(":", 1)[1]
        out.append((start, end, max(1, len([x for x in _ITEMS.split(body) if x.strip(" .")]))))
        lines.append((start, end))
    sh = shape(ctx)
    for f in sh.fields:
        if _NEG_KEY.search(f.key):
            value = text[f.value_span[0]:f.value_span[1]]
            out.append((*f.value_span, max(1, len([x for x in _ITEMS.split(value) if x.strip(" .")]))))
            lines.append(f.value_span)
    quoted = quoted_ranges(ctx) if sh.kind != "json" else ([], [])
    last_end = -1
    low = lowered(ctx)
    for at, cue_end in _cues(ctx):
        word = low[at:cue_end]
        if word in _DESCRIPTIVE or any(s <= at < e for s, e in lines) or _inside(quoted, at) or at < last_end:
            continue  # "No people, no cars" is one instruction excluding two things, counted once
        if word == "without" and not re.search(r"(?:^|[,.;:!?(\n—–-])\s*$", text[max(0, at - 3):at]) \
                and not text.startswith("without any", at):
            continue
        end_m = _SCOPE_END.search(text, cue_end)
        end = end_m.start() if end_m else len(text)
        items = len([x for x in _ITEMS.split(text[cue_end:end]) if x.strip(" .")])
        out.append((at, end, max(1, min(items, 8))))
        last_end = end
    out.sort()
    ctx.cache["negatives"] = out
    return out


def negative_instructions(ctx: LintContext) -> int:
    """How many separate things the prompt asks not to show."""
    return sum(n for _s, _e, n in negatives(ctx))


# --- structure -------------------------------------------------------------------------------

_SENT = rx.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text[start:end]``, as offsets into ``text``."""
    return [m.span() for m in _SENT.finditer(text, start, len(text) if end is None else end) if m.group(0).strip()]


def prompt_sentences(ctx: LintContext, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``sentences`` of the prompt between ``start`` and ``end``, once per run for each range."""
    stop = len(ctx.text) if end is None else end
    key = f"sentences:{start}:{stop}"
    cached = ctx.cache.get(key)
    if cached is None:
        cached = ctx.cache[key] = sentences(ctx.text, start, stop)
    return cached  # type: ignore[return-value]


def first_sentence(text: str) -> tuple[int, int]:
    """The opening: the first sentence, or the text up to the first label line."""
    s = sentences(text)
    return s[0] if s else (0, 0)


_LABEL = rx.compile(r"^[ \t]*(?:[-•*][ \t]*)?([A-Z][A-Za-z ]{1,24}):", re.MULTILINE)


def labelled(text: str, label: str) -> list[tuple[int, int]]:
    """Spans of the value after ``Label:`` up to the next label or line end."""
    out = []
    pat = rx.compile(r"(?<![\w])" + re.escape(label) + r"[ \t]*:[ \t]*", _FLAGS)
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
_INLINE_LABEL = rx.compile(
    r"\b(?:Camera|Lighting|Palette|Mood|Actions|Dialogue|Background Sound|Sound|Audio|Cinematography|Avoid|"
    r"Camera shot|Palette anchors)\s*:")


_WORD_RUNS = runs_table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'")


def words(text: str) -> list[str]:
    """The runs of ASCII letters, digits and apostrophes: ``re.findall(r"[A-Za-z0-9']+", text)``."""
    return ascii_runs(text, _WORD_RUNS)


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


# --- names (brands, people): word n-grams looked up in sets -------------------------------------

# Latin-script words; a CJK run ends a word, so "Apple耳机" still holds the word "Apple".
_TOKEN = rx.compile(r"[A-Za-z0-9À-ɏ](?:[A-Za-z0-9À-ɏ'’&.+-]*[A-Za-z0-9À-ɏ])?")


def _norm(token: str) -> str:
    token = token.lower().replace("’", "'")
    return token[:-2] if token.endswith("'s") and len(token) > 3 else token


@cache
def name_set(*lists: str) -> tuple[frozenset[str], int]:
    """Every entry of the named word lists as a lower-case word n-gram, and the longest entry's word count.

    A set lookup per word position scales to thousands of names at no compile cost, where one regex over
    2,500 brands would take longer to build than the rest of a lint run.
    """
    names: set[str] = set()
    longest = 1
    for name in lists:
        for entry in resources.word_list(name):
            plain = entry.replace(" ", "")
            words = entry.lower().split() if plain.isascii() and plain.isalnum() else \
                [_norm(w) for w in _TOKEN.findall(entry)]
            if words:
                names.add(" ".join(words))
                longest = max(longest, len(words))
    return frozenset(names), longest


@cache
def _name_index(*lists: str) -> dict[str, tuple[tuple[int, ...], frozenset[str]]]:
    """First word -> (the word counts of the names that start with it, longest first; the second words of the
    longer ones). One dict lookup per word, and a set lookup before joining words into a longer name: "the"
    opens dozens of brand names and stands fifty times in a long prompt."""
    lengths: dict[str, set[int]] = {}
    seconds: dict[str, set[str]] = {}
    for name in name_set(*lists)[0]:
        words = name.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
        if len(words) > 1:
            seconds.setdefault(words[0], set()).add(words[1])
    return {w: (tuple(sorted(ns, reverse=True)), frozenset(seconds.get(w, ()))) for w, ns in lengths.items()}


def _name_keys(ctx: LintContext) -> set[str]:
    """The prompt's distinct words as names read them: each possessive ("pikachu's") also filed under its name,
    and every word also as ``_norm`` gives it; once per run."""
    cached = ctx.cache.get("name_keys")
    if cached is None:
        words = word_index(ctx).distinct()
        keys = words | {w[:-2] for w in filter(methodcaller("endswith", "'s"), words) if len(w) > 3}
        if len(ctx.text.lower()) != len(ctx.text):
            keys |= set(map(_norm, words))  # "İ" stays as it is in the index; _norm lowers it
        cached = ctx.cache["name_keys"] = keys
    return cached  # type: ignore[return-value]


def _occurrences(index: WordIndex, word: str) -> list[int]:
    """Where ``word`` or its possessive stands (the possessive counts as the name)."""
    own = index.exactly(word)
    if len(word) > 1:
        possessive = index.exactly(word + "'s")
        if possessive:
            return sorted(own + possessive)
    return own


def name_hits(ctx: LintContext, *lists: str, allow_negated: bool = False) -> Iterator[Hit]:
    """Longest-first matches of the names in ``lists`` (word lists), skipping structure and negations.

    Only the words the prompt and the lists share are looked at (a set intersection), so a list of 2,500
    brands costs about as much as one of ten.
    """
    names = name_set(*lists)[0]
    index = _name_index(*lists)
    words = word_index(ctx)
    toks = words.words
    keys = _name_keys(ctx)
    starts: list[tuple[int, tuple[int, ...], frozenset[str]]] = []
    for word in index.keys() & keys:
        lengths, seconds = index[word]
        if seconds and seconds.isdisjoint(keys):  # no longer name's second word stands in the prompt
            if lengths[-1] != 1:
                continue
            lengths, seconds = (1,), frozenset()
        starts += [(i, lengths, seconds) for i in _occurrences(words, word)]
    starts.sort(key=itemgetter(0, 1))
    skip = skipped(ctx)
    last = -1
    for i, lengths, seconds in starts:
        if i <= last:
            continue
        second = _norm(toks[i + 1]) if seconds and i + 1 < len(toks) else None
        for n in lengths:
            if i + n > len(toks):
                continue
            if n > 1 and (second not in seconds or " ".join(map(_norm, toks[i:i + n])) not in names):
                continue
            start, end = words.starts[i], words.ends[i + n - 1]
            if not _inside(skip, start) and (allow_negated or not is_negated(ctx, start)):
                possessive = n == 1 and toks[i].endswith("'s") and toks[i] not in names
                yield Hit(ctx.text, start, end - 2 if possessive else end)
            last = i + n - 1
            break
