"""Look: concrete lens/film/grade instead of abstract words, light by sources, a 3–5 colour palette."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import shape
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity, all_but
from composer.lint.rules.structure import G000, G002, G003
from composer.lint.scan import Led

ABSTRACT_CINEMATIC = register(Rule(
    code="SL020", name="abstract-cinematic", severity=Severity.WARNING,
    summary="'Cinematic', 'epic' or 'beautiful' with no lens, film stock, grade or depth-of-field specifics.",
    why="\"The word «cinematic» alone gives the model no direction — it interprets it statistically. Replace it "
        "with specifics: «Anamorphic 2.0x lens, shallow DOF, volumetric light», «shot on Kodak Vision3 500T».\"",
    source=f"{G000} §Common mistakes 5",
    bad="A beautiful street at night, cinematic look.",
    good="Wet asphalt, zebra crosswalk, neon signs reflecting in puddles; anamorphic 2.0x lens, shallow DOF, "
         "volumetric light.",
    fix_title="Name the look: lens (35mm, anamorphic 2.0x), film stock (Kodak Vision3 500T), grade, depth of field.",
    scope=(fields.STYLE, fields.MOOD), vocab=("abstract_look", "look_specifics"),
    families=all_but("runway"), unknown_family=True,
    families_why="Naming the look is generic craft, so it runs for unknown models; with Runway the input image sets "
                 "the look and the text describes motion"
))


@ABSTRACT_CINEMATIC.check
def abstract_cinematic(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    hits = list(t.find(t.vocab("abstract_look"), ctx))
    if not hits or t.has(t.vocab("look_specifics"), ctx, allow_negated=True):
        return
    m = hits[0]
    yield rule.finding(ctx, f"'{m.group(0)}' gives no direction without lens, film stock, grade or depth-of-field "
                            "specifics", span=m.span())


BRIGHTNESS_LIGHTING = register(Rule(
    code="SL021", name="brightness-lighting", severity=Severity.WARNING,
    summary="Lighting described by brightness rather than by sources.",
    why="\"Describe lighting through sources, not brightness: not «brightly lit» but «soft window light with warm "
        "lamp fill, cool rim from hallway».\"",
    source=f"{G000} §Sound, dialogue, and palette",
    bad="A brightly lit room.",
    good="Soft window light with warm lamp fill, cool rim from the hallway.",
    fix_title="Name the sources, their quality and direction (soft window light, warm lamp fill, cool rim).",
    scope=(fields.LIGHTING,), vocab=("brightness_lighting",),
    families=all_but("runway"), unknown_family=True,
    families_why="Light by sources is generic craft, so it runs for unknown models; with Runway the input image sets "
                 "the lighting"
))


@BRIGHTNESS_LIGHTING.check
def brightness_lighting(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.find(t.vocab("brightness_lighting"), ctx):
        yield rule.finding(ctx, f"'{m.group(0)}' says how bright, not where the light comes from", span=m.span())


NO_LIGHTING = register(Rule(
    code="SL022", name="no-lighting", severity=Severity.INFO,
    summary="No lighting is described at all.",
    why="\"Lighting and Color: Lighting is crucial for setting the mood. To ensure consistency across multiple "
        "clips for seamless editing, prompts should specify both the quality of light and key color anchors.\"",
    source=f"{G002} §Core Elements of Control",
    bad="A potter shapes clay at a wheel.",
    good="A potter shapes clay at a wheel; soft window light from the left, warm practical lamp behind her.",
    fix_title="Add the light sources: key, fill, practicals, time of day.",
    scope=(fields.LIGHTING_SOURCES,), vocab=("lighting_terms",),
    families=all_but("runway"), unknown_family=True,
    families_why="Lighting is in every text-to-video guide, so it runs for unknown models; with Runway the input image"
                 " sets the lighting"
))


@NO_LIGHTING.check
def no_lighting(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and any(s.strip() for s in ctx.shot.lighting.sources):
        return
    if any(re.search(r"(?i)light", f.key) for f in shape.shape(ctx).fields):
        return
    if ctx.text.strip() and not t.has(t.vocab("lighting_terms"), ctx, allow_negated=True):
        yield rule.finding(ctx, "no lighting described: name the sources",
                           field=fields.LIGHTING_SOURCES if ctx.structured else None)


PALETTE_COUNT = register(Rule(
    code="SL023", name="palette-count", severity=Severity.INFO,
    summary="A palette with fewer than 3 or more than 5 colour anchors.",
    why="\"For the color palette use 3-5 anchors separated by commas: «amber, cream, walnut brown» or «teal and "
        "orange». This is critical for cross-clip stability when cutting a series.\"",
    source=f"{G000} §Sound, dialogue, and palette",
    bad="Palette: teal.",
    good="Palette: amber, cream, walnut brown.",
    fix_title="Give 3 to 5 colour anchors.",
    scope=(fields.PALETTE,),
    families=("sora",),
    families_why="3-5 palette anchors is the Sora guides' own number; other guides give none, so it does not run for "
                 "other or unknown models"
))


@PALETTE_COUNT.check
def palette_count(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and ctx.project is not None:
        from composer.prompt.assembly import palette_for  # structured mode only: keeps pasted-text lint light

        n = len([a for a in palette_for(ctx.shot, ctx.project) if (a.name or a.hex).strip()])
        if n and not 3 <= n <= 5:
            yield rule.finding(ctx, f"the palette has {n} anchor{'s' if n != 1 else ''}; use 3 to 5",
                               field=fields.PALETTE)
        return
    for start, end in t.labelled(ctx.text, "Palette") + t.labelled(ctx.text, "Palette anchors"):
        items = [x for x in re.split(r",|\band\b|;", ctx.text[start:end].strip(" .")) if x.strip()]
        if items and not 3 <= len(items) <= 5:
            yield rule.finding(ctx, f"the palette has {len(items)} anchor{'s' if len(items) != 1 else ''}; use 3 "
                                    "to 5", span=(start, end))


CONFLICTING_LIGHTING = register(Rule(
    code="SL024", name="conflicting-lighting", severity=Severity.WARNING,
    summary="Lighting that contradicts itself (noon and night in one shot) or switches within a shot.",
    why="\"If frames visibly flicker (especially background or exposure flicker), your prompt might have conflicting "
        "lighting cues ... Fix by simplifying and unifying the lighting description (e.g. «all shots are under "
        "steady midday sun» or «constant lighting throughout»).\"",
    source=f"{G003} §Animation consistency (Mild flicker or lighting shifts)",
    bad="Harsh midday sun beats down on the plaza as moonlight silvers the fountain.",
    good="Harsh midday sun beats down on the plaza; the fountain throws bright glints.",
    fix_title="Give the shot one light: one time of day and steady sources; put a lighting change at a cut.",
    scope=(fields.LIGHTING,), vocab=("light_regimes",),
    families=(EVERY_FAMILY,),
))

# A change the prompt asks for on purpose: a time-lapse or a described transition is not a conflict.
_TRANSITION = rx.compile(r"(?i)time[- ]?lapse|hyperlapse|accelerated|transitions?\b|turns? (?:in)?to|fades? (?:in)?to|"
                         r"\bfrom\b[^.\n]{0,40}\bto\b|as the (?:sun|sky|day|night)|gradually|hours pass|day to night|"
                         r"night to day|becomes")
_SWITCH = Led(r"\b(?:lights?|lamps?|torch|flashlight|power|bulbs?|screen)\s+(?:\w+\s+){0,2}?"
              r"(?:clicks?|goes|go|cuts?|switch(?:es)?|turns?|shuts?)\s+(?:off|out|on)\b"
              r"|\b(?:lights?|power)\s+(?:\w+\s+)?(?:dies|die|fails?)\b|\bblackout\b"
              r"|\bplunged?\s+into\s+darkness\b",
              ("light", "lamp", "torch", "flashlight", "power", "bulb", "screen", "blackout", "plunge"))  # lowercased


@CONFLICTING_LIGHTING.check
def conflicting_lighting(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    hits = t.group_hits(ctx, "light_regimes")
    low = t.lowered(ctx)
    switchy = any(k in low for k in ("light", "lamp", "torch", "power", "bulb", "screen", "blackout", "darkness"))
    for seg in shape.shape(ctx).segments:
        seen: dict[str, t.Hit] = {}
        for canon, hit in hits:
            if seg.start <= hit.start() < seg.end:
                seen.setdefault(canon, hit)
        conflicts = [(a, b) for a, b in (("midday", "night"), ("sunrise", "sunset")) if a in seen and b in seen]
        # The described-transition check only when there is something to excuse: it is the slow part of this
        # rule on a long shot.
        switch = next((m for m in _SWITCH.finditer(low, low, seg.start, seg.end)
                       if not t.is_negated(ctx, m.start())), None) if switchy else None
        if not conflicts and switch is None or t._folded(_TRANSITION).search(low, seg.start, seg.end):
            continue
        for a, b in conflicts:
            first, second = sorted((seen[a], seen[b]), key=lambda h: h.start())
            yield rule.finding(ctx, f"'{first.group(0)}' and '{second.group(0)}' light the same shot: pick one "
                                    "time of day", span=second.span())
        if switch is not None:
            yield rule.finding(ctx, f"'{ctx.text[switch.start():switch.end()].strip()}' changes the light inside the "
                                    "shot, which the model renders as flicker; change it at a cut", span=switch.span())
