"""The fast scans find exactly what the plain regexes find, on every corpus prompt and case file.

``scan.Led`` tries a pattern only where one of its lead words stands, ``at_line_starts`` only at line starts,
and the word index, the word counts and the quote scan are built without a regex match per word. Each is
compared here with the straightforward version it replaces, so a lead word missing for a new alternative
(or a quote pattern that drifts) fails here rather than silently dropping findings.
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer import resources
from composer.lint import language, registry, scan, shape
from composer.lint import text as t
from composer.lint.scan import Led
from composer.lint.words import MARKS, TOKEN, WordIndex
from tests.rules.conftest import CASES
from tests.rules.corpus.score import load

CORPUS = Path(__file__).parent / "corpus"
# The quote pattern as a plain alternation (a leading lookbehind in the third branch), which QUOTED reorders.
PLAIN_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»\n]{1,400})[\"”»]|‘((?:[^’\n]|’(?=\w)){1,400}?)’(?!\w)"
                          r"|(?<![\w'])'((?:[^'\n]|'(?=\w)){1,400}?)'(?![\w])")
# Texts that exercise the lead words' edge cases: mid-word leads, capitals, "dawn.No", hyphens, non-Latin.
EDGES = ["Shot 1: wide. SHOT 2 (0-3s): cut to a close-up. 镜头3: 特写. Piano notes; dawn.No cars, non-stop.",
         "She says, Nobody comes here. The actor Tom Hanks waves; @sama posts; email@image.com; @Image1.",
         "The lights go out. Power dies. BLACKOUT. Plunged into darkness; lamp-light flickers; spotlights turn on.",
         "One continuous take, no cuts; a single-take oner. Suddenly a dragon appears! It pops up, shows up.",
         "A drone shot; FPV dive; helicopter-mounted aerial; the drone's shadow. Smash cut to: hard-cut back to.",
         "İstanbul at night, ſtreet signs, Kelvin K; don’t show logos; doesn't; isn't; free of text; zero-g.",
         "Odd input: x\ud800y ٣٤ ²³ ½ a\u00a0b\u2028c ÷× café-crème l’homme ÉCOLE ǅungla _under_score_",
         'Man and a woman. {"duration": 8, "fps": 24, "resolution": "1080p"} slowly pushing in; a Nike-like logo; '
         "1990s light, twilight, a light breeze; über; .net; Île-de-France Mobilités; the 80s; x.pushing forward"]


def texts() -> list[str]:
    out = [r.text for name in ("real.txt", "guide.txt") for r in load(CORPUS / name)]
    for path in sorted(CASES.glob("SL*.txt")):
        out += path.read_text(encoding="utf-8").split("\n---\n")
    return out + EDGES


def led_patterns() -> Iterator[tuple[str, Led]]:
    registry.all_rules()
    modules = ["composer.lint.text", "composer.lint.shape", "composer.lint.camera",
               *(f"composer.lint.rules.{m}" for m in registry.MODULES)]
    for name in modules:
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, Led):
                yield f"{name}.{attr}", value


Seen = list[tuple[tuple[int, int], tuple[str | None, ...]]]


def _seen(matches: list[re.Match[str]] | Iterator[re.Match[str]]) -> Seen:
    return [(m.span(), m.groups()) for m in matches]


LEDS = list(led_patterns())


def test_every_led_pattern_is_found() -> None:
    assert len(LEDS) >= 10  # the scan below must not pass by finding nothing to check


@pytest.mark.parametrize(("name", "led"), LEDS, ids=[n for n, _ in LEDS])
def test_led_scan_finds_what_finditer_finds(name: str, led: Led) -> None:
    rng = random.Random(name)
    for text in texts():
        low = scan.lower_keeping_offsets(text)
        for subject in (text, low):
            assert _seen(led.finditer(subject, low)) == _seen(led.pattern.finditer(subject)), (name, text[:200])
            pos = rng.randrange(len(text) + 1)
            end = rng.randrange(pos, len(text) + 1)
            assert _seen(led.finditer(subject, low, pos, end)) == _seen(led.pattern.finditer(subject, pos, end))
            first = led.search(subject, low, pos, end)
            plain = led.pattern.search(subject, pos, end)
            assert (first and first.span()) == (plain and plain.span())


def test_a_missing_lead_word_is_caught() -> None:
    """The check above has teeth: a lead list without "cut" misses "Cut to" in the corpus."""
    broken = Led(shape._CUT_SRC, [w for w in shape._CUT_LEADS if w != "cut"])
    assert any(_seen(broken.finditer(low, low)) != _seen(broken.pattern.finditer(low))
               for low in map(scan.lower_keeping_offsets, texts()))


@pytest.mark.parametrize("pattern", [shape._HEADER_LINE, shape._LABEL, shape._REFERENCE_LINE, shape._YAML_LINE])
def test_line_start_scan_finds_what_finditer_finds(pattern: re.Pattern[str]) -> None:
    for text in texts():
        assert _seen(scan.at_line_starts(pattern, text, scan.line_starts(text))) == _seen(pattern.finditer(text))


def test_quote_scan_finds_what_the_plain_alternation_finds() -> None:
    rng = random.Random(7)
    samples = texts() + ["".join(rng.choice("ab '\"“”„«»‘’\nx.,-_1") for _ in range(rng.randint(0, 40)))
                         for _ in range(5000)]
    for text in samples:
        assert _seen(t.QUOTED.finditer(text)) == _seen(PLAIN_QUOTED.finditer(text)), text[:200]


def residual_plans() -> Iterator[tuple[str, t._Plan]]:
    for path in sorted(Path(resources.path("vocab")).glob("*.txt")):
        plan = t.vocab(path.stem).plan()
        if plan.residual is not None:
            yield path.stem, plan
    for name in ("camera_move_groups", "light_regimes"):
        plan = t.any_of(name).plan()
        if plan.residual is not None:
            yield "any:" + name, plan


PLANS = list(residual_plans())


@pytest.mark.parametrize(("name", "plan"), PLANS, ids=[n for n, _ in PLANS])
def test_residual_entries_are_tried_wherever_they_can_match(name: str, plan: t._Plan) -> None:
    assert plan.residual is not None
    for text in texts():
        low = scan.lower_keeping_offsets(text)
        found = list(t._residual_matches(plan, plan.residual, low, 0, len(low)))
        assert found == [m.span() for m in plan.residual.finditer(low)], (name, text[:200])


def vocab_plans() -> Iterator[tuple[str, t.Vocab]]:
    for path in sorted(Path(resources.path("vocab")).glob("*.txt")):
        yield path.stem, t.vocab(path.stem)
    for name in ("camera_move_groups", "light_regimes"):
        yield "any:" + name, t.any_of(name)


VOCABS = list(vocab_plans())


@pytest.mark.parametrize(("name", "vocab"), VOCABS, ids=[n for n, _ in VOCABS])
def test_closed_stems_lose_no_match(name: str, vocab: t.Vocab) -> None:
    """A closed stem ("the" in "the\\s+next") tries only the words equal to it; trying every word that starts
    with it ("there", "theatre") finds nothing more."""
    plan = vocab.plan()
    closed = plan.closed
    samples = texts() + [f"{stem}{c} {stem}{c}-x" for stem in closed for c in "aesx0é"]
    for text in samples:
        low = scan.lower_keeping_offsets(text)
        fast = list(t._scan(vocab, None, low, 0, len(low)))
        plan.closed = frozenset()
        try:
            assert fast == list(t._scan(vocab, None, low, 0, len(low))), (name, text[:200])
        finally:
            plan.closed = closed


def test_word_counts_match_the_regexes() -> None:
    for text in texts():
        assert t.words(text) == re.findall(r"[A-Za-z0-9']+", text)
        low = text.lower()
        assert language._letter_runs(low) == re.findall(r"[^\W\d_]+", low)


def test_word_index_holds_every_word_with_its_offsets() -> None:
    rng = random.Random(3)
    samples = texts() + ["".join(rng.choice("ab ’'&.+-_xé1İ\n") for _ in range(rng.randint(0, 30)))
                         for _ in range(3000)]
    for text in samples:
        low = scan.lower_keeping_offsets(text)
        index = WordIndex(low)
        plain = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(low.replace("’", "'"))]
        assert list(zip(index.starts, index.ends, index.words, strict=True)) == plain, text[:200]
        for word in {w for _s, _e, w in plain[:60]}:
            assert index.exactly(word) == [i for i, (_s, _e, w) in enumerate(plain) if w == word]
            assert sorted(index.joined(word)) == [i for i, (_s, _e, w) in enumerate(plain)
                                                  if w == word or w.startswith(word) and w[len(word)] in MARKS]
            for stem in {word[:1], word[:2], word[:3]}:
                assert sorted(index.starting_with(stem)) == [i for i, (_s, _e, w) in enumerate(plain)
                                                             if w.startswith(stem)]
                assert stem in index.keys


def _plain_regime(text: str) -> str | None:
    """The time of day a text sets, as first written: every alias searched in turn, the earliest (then the first
    time in name order) wins."""
    low = text.lower()
    found = [(m.start(), canon) for alias, canon in t.group_literals("light_regimes").items()
             for m in re.finditer(r"\b" + re.escape(alias) + r"\b", low)]
    return min(found)[1] if found else None


def test_time_of_day_scan_finds_what_searching_each_alias_finds() -> None:
    from composer.lint import handoff

    aliases = list(t.group_literals("light_regimes"))
    rng = random.Random(7)
    mixed = [" ".join(rng.sample(aliases, 3)) + " " + rng.choice(EDGES) for _ in range(40)]
    cases = texts() + EDGES + mixed + [a.upper() for a in aliases] + [f"x{a}y {a}" for a in aliases]
    assert any(_plain_regime(c) for c in cases) and any(_plain_regime(c) is None for c in cases)
    for case in cases:
        assert handoff._regime(case) == _plain_regime(case), case
