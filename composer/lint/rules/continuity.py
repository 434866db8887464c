"""Continuity across shots: characters described as the bible says, style as the spine says."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity
from composer.lint.rules.structure import G003
from composer.lint.scan import finditer_at, occurrences

CHARACTER_DRIFT = register(Rule(
    code="SL060", name="character-drift", severity=Severity.WARNING,
    summary="A bible character is described in a shot with wording that contradicts the bible.",
    why="\"If a character's outfit changed color – next iteration you explicitly restate the color in each shot "
        "description.\" Slate inserts the bible description verbatim; prose that re-describes the character "
        "differently makes the model drift between shots.",
    source=f"{G003} §Animation consistency (Test and Refine)",
    bad="Bible: Mara — oxblood leather jacket. Shot: \"Mara, in a blue denim jacket, lights a cigarette.\"",
    good="Shot: \"Mara lights a cigarette.\" (the bible description is inserted for you)",
    fix_title="Drop the re-description (the bible text is inserted verbatim), or change the bible itself.",
    scope=(fields.SUBJECT, fields.SCENE, fields.BEATS), vocab=("colors", "wardrobe"), structured_only=True,
    families=(EVERY_FAMILY,)
))

# "Mara, in a blue coat", "Mara wears ...", "Mara (wearing ...)", "Mara, a bald man with ..." — clauses that
# describe the character, not what the character handles.
_DESCRIBING = r"(?:\s*,\s*|\s*\(\s*|\s+)(?:in|wearing|wears|dressed in|clad in|now in|with|a|an|who has|has)\s+"


@CHARACTER_DRIFT.check
def character_drift(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.project is not None
    for c in ctx.project.characters:
        bible = f"{c.description} {c.wardrobe}".lower()
        if not bible.strip():
            continue
        pat = rx.compile(r"\b" + re.escape(c.name) + r"(?:'s)?\b" + _DESCRIBING + r"([^.;:!?\n)]{1,80})")
        # Tried where the name stands: a pattern opening with \b is otherwise tried at every character.
        for m in finditer_at(pat, ctx.text, occurrences(ctx.text, c.name)) if c.name else pat.finditer(ctx.text):
            if ctx.field_at(m.start()) in (None, fields.STYLE) or str(ctx.field_at(m.start())).startswith("char"):
                continue
            clause = m.group(1).split(",")[0]
            words = [clause[a:b] for a, b in t.spans_in(clause, t.vocab("colors"), t.vocab("wardrobe"))]
            foreign = [w for w in words if w.lower() not in bible]
            if foreign:
                yield rule.finding(ctx, f"'{m.group(0).strip()}' describes {c.name} with "
                                        f"{', '.join(repr(w) for w in foreign)}, which the bible does not say "
                                        f"({c.description.strip() or c.wardrobe.strip()})", span=m.span())


STYLE_DRIFT = register(Rule(
    code="SL061", name="style-drift", severity=Severity.WARNING,
    summary="A shot's prose changes the medium or format set by the project's style spine, without an override.",
    why="\"Maintain a «Style Spine»: ... if you start with «gritty 16mm documentary look» and a muted palette, don't "
        "switch suddenly to «glossy Marvel blockbuster vibe» in the next shot unless the change is intentional.\"",
    source=f"{G003} §Animation consistency (Maintain a Style Spine)",
    bad="Spine: 35mm neo-noir film. Shot scene: \"an anime city at night\"",
    good="Shot with an explicit style override \"Anime flashback\", or prose without medium words",
    fix_title="Move the style change into the shot's explicit style override, or remove it from the prose.",
    scope=(fields.STYLE, fields.SUBJECT, fields.SCENE), vocab=("medium_terms",), structured_only=True,
    families=(EVERY_FAMILY,)
))


@STYLE_DRIFT.check
def style_drift(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    assert ctx.shot is not None and ctx.project is not None
    spine = ctx.project.style_spine.text().lower()
    if ctx.shot.style_override is not None and ctx.shot.style_override.strip() or not spine:
        return
    for m in t.find(t.vocab("medium_terms"), ctx):
        field = ctx.field_at(m.start())
        if field is None or field == fields.STYLE or m.group(0).lower() in spine:
            continue
        yield rule.finding(ctx, f"'{m.group(0)}' changes the look set by the style spine ({spine.rstrip('.')}); "
                                "make it an explicit style override", span=m.span())
