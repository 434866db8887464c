"""Content the model renders badly or policy forbids: legible text, brands, real people; and over-negation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from composer import resources
from composer.document import fields
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity, all_but
from composer.lint.rules.structure import G003

G001 = "seeds/001 (What is Sora (video generation)?)"

LEGIBLE_TEXT = register(Rule(
    code="SL040", name="legible-text", severity=Severity.WARNING,
    summary="Asks for readable text: signs that read something, captions, titles, UI text.",
    why="\"Certain things like legible text on signs are inherently hard for the model ... don't try to have it "
        "render specific text onscreen; instead plan to overlay it later or use a symbol. You can also explicitly "
        "instruct «no legible text» to avoid the gibberish.\"",
    source=f"{G003} §Troubleshooting (Model ignores a specific instruction)",
    bad="A neon sign that reads \"OPEN ALL NIGHT\" flickers above the door.",
    good="A neon sign flickers above the door, no legible text.",
    fix_title="Drop the words (add text in post) and say 'no legible text'.",
    scope=(fields.SCENE, fields.SUBJECT), vocab=("text_requests",),
    families=all_but("veo"), unknown_family=True,
    families_why="Video models render text as gibberish, so it runs for unknown models; Veo renders short text and its"
                 " guide asks for no in-text negatives, which this rule's fix adds"
))


@LEGIBLE_TEXT.check
def legible_text(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.find(t.vocab("text_requests"), ctx):
        yield rule.finding(ctx, f"'{m.group(0)}' asks for readable text, which the model renders as gibberish",
                           span=m.span())


BRAND_LOGO = register(Rule(
    code="SL041", name="brand-logo", severity=Severity.WARNING,
    summary="Named brands, logos or trademarks.",
    why="\"If brand logos appear (maybe you said «a soda can» and it drew a Coca-Cola-like logo), that might even be "
        "filtered for IP reasons. So it's best to say «a plain unlabeled soda can» to explicitly avoid real logos.\"",
    source=f"{G003} §Troubleshooting (Unwanted text, logos, or UI artifacts)",
    bad="A runner laces up her Nike sneakers next to a Coca-Cola billboard.",
    good="A runner laces up plain white sneakers next to a blank billboard.",
    fix_title="Describe the object without the brand (a plain unlabeled soda can).",
    scope=(fields.SUBJECT, fields.SCENE), vocab=("brands", "brand_terms"),
    families=(EVERY_FAMILY,), reads_english=False
))


@BRAND_LOGO.check
def brand_logo(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for name in ("brands", "brand_terms"):
        for m in t.find(t.vocab(name), ctx):
            yield rule.finding(ctx, f"'{m.group(0)}' is a brand or logo; the model may refuse it or draw a fake one",
                               span=m.span())


@cache
def _people() -> re.Pattern[str]:
    names = [n.replace(".", "") for n in resources.word_list("real_people")]
    # Initials may be written with or without dots ("Samuel L. Jackson", "Robert Downey Jr").
    return re.compile(r"(?<![\w])(?:" + t._trie(names).replace(r"[\s-]+", r"\.?[\s-]+") + r")\.?(?![\w])",
                      re.IGNORECASE)


REAL_PERSON = register(Rule(
    code="SL042", name="real-person", severity=Severity.ERROR,
    summary="A real, identifiable person or celebrity likeness.",
    why="\"Mistake: Requesting prohibited content. Prompts involving extreme violence, celebrity likenesses, or "
        "sexual content will be rejected by the text classifier. Fix: Focus prompts on original characters.\"",
    source=f"{G001} §Common mistakes",
    bad="Tom Cruise sprints across a rooftop.",
    good="A wiry stuntman in a grey suit sprints across a rooftop.",
    fix_title="Describe an original character instead (fictional names are fine).",
    scope=(fields.SUBJECT, fields.DIALOGUE), vocab=("real_people", "likeness_cues"),
    families=(EVERY_FAMILY,), reads_english=False
))


@REAL_PERSON.check
def real_person(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.find(_people(), ctx):
        yield rule.finding(ctx, f"'{m.group(0)}' is a real person; real people and public figures cannot be "
                                "generated", span=m.span())
    for m in t.find(t.vocab("likeness_cues"), ctx):
        yield rule.finding(ctx, f"'{m.group(0)}' asks for a real person's likeness", span=m.span())


TOO_MANY_NEGATIVES = register(Rule(
    code="SL043", name="too-many-negatives", severity=Severity.INFO,
    summary="More than three negative instructions.",
    why="\"Be aware that overloading negatives can sometimes backfire (the model might fixate on the concept you're "
        "trying to avoid), so only include a few high-impact exclusions.\"",
    source=f"{G003} §Latent guidance (Using Negative Guidance)",
    bad="No people, no cars, no text, no logos, no rain, avoid lens flare.",
    good="Empty street at dawn. Avoid: legible text, lens flare.",
    fix_title="Keep the two or three exclusions that matter most; describe what you want instead.",
    scope=(fields.AVOID,),
    families=all_but("veo", "runway"), unknown_family=True,
    families_why="A few high-impact exclusions is generic advice, so it runs for unknown models; Veo (SL070) and "
                 "Runway (SL074) have their own rules for every negative"
))


@TOO_MANY_NEGATIVES.check
def too_many_negatives(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    n = t.negative_instructions(ctx)
    limit = int(t.thresholds()["negatives"]["max"])  # type: ignore[call-overload]
    if n > limit:
        yield rule.finding(ctx, f"{n} negative instructions; keep the {limit} that matter most",
                           field=fields.AVOID if ctx.structured else None)
