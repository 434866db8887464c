"""Continuity along the shot list: what a shot inherits from the one before it (issue 20)."""

from __future__ import annotations

from collections.abc import Iterator

from composer.document import fields
from composer.lint.handoff import light_change
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity
from composer.lint.rules.structure import G003

LIGHT_JUMP = register(Rule(
    code="SL062", name="light-change-without-cue", severity=Severity.WARNING,
    summary="A shot's light differs from the shot before it and nothing says why.",
    why="\"Before generating the next link in the chain, review the last output: note character appearances, "
        "lighting, key events.\" Two adjacent shots lit differently with no cue cut as a continuity error.",
    source=f"{G003} §Animation consistency (Test and Refine)",
    bad="Shot 1: night street, cyan neon sign. Shot 2 (next): \"Mara waits at the counter\", lit by harsh midday sun.",
    good="Shot 2: \"Hours later, Mara waits at the counter\", lit by harsh midday sun.",
    fix_title="Keep the previous shot's key light, or say what changed it (a switch, time passing, a move indoors).",
    scope=(fields.LIGHTING,), vocab=("light_cues", "scene_change", "light_regimes"), structured_only=True,
    families=(EVERY_FAMILY,)
))


@LIGHT_JUMP.check
def light_change_without_cue(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None and ctx.project is not None
    ids = [s.id for s in ctx.project.shots]
    i = ids.index(ctx.shot.id) if ctx.shot.id in ids else 0
    if i == 0:
        return
    why = light_change(ctx.project.shots[i - 1], ctx.shot)
    if why:
        before = ctx.project.shots[i - 1]
        yield rule.finding(ctx, f"after '{before.title or before.id}', {why}", field=fields.LIGHTING)
