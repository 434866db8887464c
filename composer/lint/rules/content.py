"""Content the model renders badly or policy forbids: legible text, brands, real people; and over-negation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import shape
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity, all_but
from composer.lint.rules.structure import G003
from composer.lint.scan import Led

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


# Text nouns that, next to a quoted string, ask for that string on screen: a sign "OPEN", a price tag "2000$".
_TEXT_NOUN = rx.compile(r"(?i)\b(?:sign|signs|signage|banner|label|labels|price tag|tag|title|titles|caption|captions|"
                        r"poster|billboard|neon|screen|card|plate|overlay|marquee|menu|text|words|lettering|letters|"
                        r"headline|logo|sticker|placard|t-shirt|shirt|mug)\b[^\n.]{0,40}$")
_IN_POST = rx.compile(r"(?i)\b(?:added|to be added|add(?:ed)? later|in post|post-production|placeholder|blank|"
                      r"unreadable|illegible|indistinct|gibberish|unintelligible|no legible)\b")


@LEGIBLE_TEXT.check
def legible_text(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    reported: list[int] = []
    for m in t.find(t.vocab("text_requests"), ctx):
        if not _IN_POST.search(ctx.text, max(0, m.start() - 60), min(len(ctx.text), m.end() + 60)):
            reported.append(m.start())
            yield rule.finding(ctx, f"'{m.group(0)}' asks for readable text, which the model renders as gibberish",
                               span=m.span())
    if shape.shape(ctx).kind == "json":
        return
    skip = t.skipped(ctx)
    for q in t.quotes_in(ctx):
        if t._inside(skip, q.start()):
            continue
        line_start = ctx.text.rfind("\n", 0, q.start()) + 1
        before = ctx.text[max(line_start, q.start() - 60):q.start()]
        if _TEXT_NOUN.search(before) and not t.is_negated(ctx, q.start()) and not any(
                abs(r - q.start()) < 60 for r in reported) and not _IN_POST.search(before):
            yield rule.finding(ctx, f"{q.group(0)} is text the model must render, and it renders it as gibberish",
                               span=q.span())


BRAND_LOGO = register(Rule(
    code="SL041", name="brand-logo", severity=Severity.WARNING,
    summary="Named brands, logos or trademarks.",
    why="\"If brand logos appear (maybe you said «a soda can» and it drew a Coca-Cola-like logo), that might even be "
        "filtered for IP reasons. So it's best to say «a plain unlabeled soda can» to explicitly avoid real logos.\"",
    source=f"{G003} §Troubleshooting (Unwanted text, logos, or UI artifacts)",
    bad="A runner laces up her Nike sneakers next to a Coca-Cola billboard.",
    good="A runner laces up plain white sneakers next to a blank billboard.",
    fix_title="Describe the object without the brand (a plain unlabeled soda can).",
    scope=(fields.SUBJECT, fields.SCENE), vocab=("brands", "brands_simple_icons", "brands_ambiguous", "brand_words",
                                              "brand_context", "brand_terms"),
    families=(EVERY_FAMILY,), reads_english=False
))


# After a name, these make it a look reference ("Pixar style", "Blade Runner-inspired"), not a thing on screen.
_STYLE_AFTER = rx.compile(r"(?i)[\s'’s-]*(?:style|styled|aesthetic|inspired|quality|look|esque|vibe|vibes|grade|"
                          r"lighting|cinematography|film|movie|universe)\b")
_STYLE_BEFORE = rx.compile(r"(?i)(?:style of|inspired by|in the manner of|reminiscent of|homage to)\s+(?:the\s+)?$")


def _cjk(text: str, at: int) -> bool:
    """Kana, CJK ideograph or Hangul at ``at`` (a comparison: compiling this as a regex class costs 6 ms)."""
    ch = text[at] if 0 <= at < len(text) else ""
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def style_reference(ctx: LintContext, hit: t.Hit) -> bool:
    return bool(_STYLE_AFTER.match(ctx.text, hit.end()) or _STYLE_BEFORE.search(ctx.text[max(0, hit.start() - 30):
                                                                                            hit.start()]))


def _brand_context(ctx: LintContext, hit: t.Hit, *, hand_picked: bool) -> bool:
    """A capitalised ordinary word is a brand when brand context stands within three words of it.

    Simple Icons' common-word names ("Glass", "Effect") must also be capitalised mid-sentence, where a plain
    word would not be; the hand-picked ones ("Apple", "Sora") may open a sentence. A Latin-script name
    written against Chinese or Japanese text ("Apple耳机") is a name in any case.
    """
    if not ctx.text[hit.start()].isupper():
        return False
    cjk = _cjk(ctx.text, hit.end()) or (hit.start() > 0 and _cjk(ctx.text, hit.start() - 1))
    if cjk:
        return True
    opens = re.search(r"(?:^|[.!?:\n]\s*|\[[^\]]*\]\s*)$", ctx.text[max(0, hit.start() - 40):hit.start()])
    if not hand_picked and opens:
        return False
    context, _ = t.name_set("brand_context")
    before = t.words(ctx.text[max(0, hit.start() - 40):hit.start()])[-3:]
    after = t.words(ctx.text[hit.end():hit.end() + 40])[:3]
    return any(w.lower() in context for w in before + after) or ctx.text[max(0, hit.start() - 3):hit.start()] == "at "


@BRAND_LOGO.check
def brand_logo(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    named: list[tuple[int, int]] = []
    for m in t.name_hits(ctx, "brands", "brands_simple_icons"):
        if not style_reference(ctx, m):
            named.append(m.span())
            yield rule.finding(ctx, f"'{m.group(0)}' is a brand or logo; the model may refuse it or draw a fake one",
                               span=m.span())
    for m in t.name_hits(ctx, "brands_ambiguous", "brand_words"):
        if _brand_context(ctx, m, hand_picked=m.group(0).lower() in t.name_set("brand_words")[0]) \
                and not style_reference(ctx, m):
            named.append(m.span())
            yield rule.finding(ctx, f"'{m.group(0)}' here is a brand; the model may refuse it or draw a fake one",
                               span=m.span())
    for m in t.find(t.vocab("brand_terms"), ctx):
        if not any(s - 2 <= m.start() <= e + 15 for s, e in named):
            yield rule.finding(ctx, f"'{m.group(0)}' asks for a logo or brand; the model may refuse it or draw a fake "
                                    "one", span=m.span())


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


# "@sama" names an account, that is a person; "@Image1" and "@视频1" name attachments.
_HANDLE = Led(r"(?<![\w@])@(?!(?:image|img|video|vid|audio|ref|reference|char|character|asset|element|frame|"
              r"subject|style|pic|photo)\d*\b)([A-Za-z_][A-Za-z0-9_]{1,30})\b", ("@",), re.IGNORECASE)
_ROLE_NAME = Led(r"\b(?:actor|actress|singer|rapper|musician|president|senator|prime minister|celebrity|"
                 r"influencer|youtuber|streamer|tiktoker|ceo|footballer|athlete|comedian|pop star|popstar|"
                 r"politician|news anchor|talk show host)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){1,2})\b",
                 ("act", "singer", "rapper", "musician", "president", "senator", "prime minister", "celebrity",
                  "influencer", "youtuber", "streamer", "tiktoker", "ceo", "footballer", "athlete", "comedian", "pop",
                  "politician", "news anchor", "talk show host"))


@REAL_PERSON.check
def real_person(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.name_hits(ctx, "real_people"):
        if not style_reference(ctx, m):
            yield rule.finding(ctx, f"'{m.group(0)}' is a real person; real people and public figures cannot be "
                                    "generated", span=m.span())
    for m in t.find(t.vocab("likeness_cues"), ctx):
        yield rule.finding(ctx, f"'{m.group(0)}' asks for a real person's likeness", span=m.span())
    for led, what in ((_HANDLE, "an account handle names a real person"), (_ROLE_NAME, "names a real person")):
        for found in led.finditer(ctx.text, t.lowered(ctx)):
            if not t.is_negated(ctx, found.start()) and not t._inside(t.skipped(ctx), found.start()):
                yield rule.finding(ctx, f"'{found.group(0)}': {what}; real people cannot be generated",
                                   span=found.span())


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
