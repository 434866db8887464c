"""Notes from the engine itself rather than from the guides."""

from __future__ import annotations

from collections.abc import Iterator

from composer.document import fields
from composer.lint.registry import register
from composer.lint.rule import Finding, LintContext, Rule, Severity

TOO_LONG = register(Rule(
    code="SL000", name="too-long-to-lint", severity=Severity.INFO,
    summary="Only the first 50,000 characters of a very long prompt are linted.",
    why="Lint runs on every keystroke; a huge paste is capped so typing never stalls. A Videos API prompt is at "
        "most 32,000 characters anyway.",
    source="Slate engine (reference/videos-api.md §2.1: prompt length 1..32000)",
    bad="(a 1 MB paste)", good="A prompt of a few hundred words.",
    fix_title="Shorten the prompt: one prompt describes one shot.",
    scope=(fields.PROMPT,),
))


@TOO_LONG.check
def too_long(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    full = int(ctx.cache.get("full_length", len(ctx.text)))  # type: ignore[call-overload]
    if full > len(ctx.text):
        yield rule.finding(ctx, f"the prompt has {full:,} characters; only the first {len(ctx.text):,} were linted",
                           span=(len(ctx.text) - 1, len(ctx.text)), field=fields.PROMPT if not ctx.structured else None)
