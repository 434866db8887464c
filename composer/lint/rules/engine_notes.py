"""Notes from the engine itself rather than from the guides."""

from __future__ import annotations

from collections.abc import Iterator

from composer.document import fields
from composer.lint import language
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity

TOO_LONG = register(Rule(
    code="SL000", name="too-long-to-lint", severity=Severity.INFO,
    summary="Only the first 50,000 characters of a very long prompt are linted.",
    why="Lint runs on every keystroke; a huge paste is capped so typing never stalls. A Videos API prompt is at "
        "most 32,000 characters anyway.",
    source="Slate engine (reference/videos-api.md §2.1: prompt length 1..32000)",
    bad="(a 1 MB paste)", good="A prompt of a few hundred words.",
    fix_title="Shorten the prompt: one prompt describes one shot.",
    scope=(fields.PROMPT,),
    families=(EVERY_FAMILY,), reads_english=False
))


@TOO_LONG.check
def too_long(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    full = int(ctx.cache.get("full_length", len(ctx.text)))  # type: ignore[call-overload]
    if full > len(ctx.text):
        yield rule.finding(ctx, f"the prompt has {full:,} characters; only the first {len(ctx.text):,} were linted",
                           span=(len(ctx.text) - 1, len(ctx.text)), field=fields.PROMPT if not ctx.structured else None)


NON_ENGLISH = register(Rule(
    code="SL009", name="non-english-prompt", severity=Severity.INFO,
    summary="The prompt is not in English, so only the language-neutral rules ran.",
    why="Slate's rules read English words (shot sizes, camera moves, light sources, sound). On a prompt in another "
        "language they would report every element as missing; one notice says so instead.",
    source="Slate engine (composer/lint/language.py)",
    bad="Un plano general de una calle mojada de noche, la cámara avanza despacio mientras una mujer camina.",
    good="A wide shot of a wet street at night; the camera pushes in slowly as a woman walks.",
    fix_title="Read the findings as partial: timecodes, brands, real people and render parameters were checked; "
              "shot size, camera, light and sound were not.",
    scope=(fields.PROMPT,), vocab=("function_words_english", "function_words_other"),
    families=(EVERY_FAMILY,), reads_english=False,
))


@NON_ENGLISH.check
def non_english(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if not language.is_english(ctx):
        yield rule.finding(ctx, "the prompt is not in English: Slate's rules read English, so only the "
                                "language-neutral checks (timecodes, brands, real people, parameters) ran",
                           field=fields.PROMPT if not ctx.structured else None)
