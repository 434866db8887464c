"""Action and subject: concrete verbs, one shot's worth of beats, a specific subject."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity, all_but
from composer.lint.rules.structure import G000, shot_count

VAGUE_MOTION = register(Rule(
    code="SL010", name="vague-motion", severity=Severity.WARNING,
    summary="Movement is vague instead of a concrete verb with timing.",
    why="\"«Person moves quickly» — the model does not know how the subject moves. Use concrete verbs with timing: "
        "«sprinting», «tiptoeing», «gliding», «pedals three times, brakes, stops».\"",
    source=f"{G000} §Common mistakes 2",
    bad="Person moves quickly.",
    good="A cyclist pedals three times, brakes, and stops at the crosswalk.",
    fix_title="Use a concrete verb with a count or timing (pedals three times, brakes, stops at the crosswalk).",
    scope=(fields.BEATS, fields.SUBJECT), vocab=("vague_motion",),
    families=(EVERY_FAMILY,)
))


@VAGUE_MOTION.check
def vague_motion(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for m in t.find(t.vocab("vague_motion"), ctx):
        if re.match(r"(?i)camera\b", ctx.text[max(0, m.start() - 7):m.start()].strip() or "x"):
            continue  # "the camera moves slowly" is a camera instruction, judged by SL003/SL004
        yield rule.finding(ctx, f"'{m.group(0).strip()}' does not say how the subject moves; use a concrete verb "
                                "with timing", span=m.span())


TOO_MANY_BEATS = register(Rule(
    code="SL011", name="too-many-beats", severity=Severity.WARNING,
    summary="More actions than one shot of this length carries, or several scenes in one prompt.",
    why="\"One prompt equals one shot. If you describe «she leaves the cafe, walks to the car, drives away» the "
        "model tries to fit three actions into a single clip and slides into morphing.\"",
    source=f"{G000} §Common mistakes 3",
    bad="She leaves the cafe, walks to the car, drives away.",
    good="She pushes the cafe door open and steps out into the rain, pausing under the awning.",
    fix_title="Keep one scene per prompt: split the story into 4–8 second clips joined by extension or a cut.",
    scope=(fields.BEATS,), vocab=("scene_change",),
    families=(EVERY_FAMILY,)
))


@TOO_MANY_BEATS.check
def too_many_beats(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    limit = t.per_seconds("max_beats", ctx.seconds)
    if ctx.shot is not None:
        beats = [i for i, b in enumerate(ctx.shot.beats) if b.text.strip()]
        if len(beats) > limit:
            yield rule.finding(ctx, f"{len(beats)} action beats in a {ctx.seconds}-second shot; it carries about "
                                    f"{limit}", field=fields.beat(beats[limit]))
    if shot_count(ctx) > 1:
        return  # a deliberate shot list: changes of place between shots are SL005's business
    changes = list(t.find(t.vocab("scene_change"), ctx))
    max_changes = int(t.thresholds()["scenes"]["max_scene_changes"])  # type: ignore[call-overload]
    if len(changes) > max_changes:
        first, last = changes[0], changes[-1]
        yield rule.finding(ctx, f"{len(changes)} changes of place in one shot "
                                f"({', '.join(c.group(0) for c in changes)}): that is several scenes",
                           span=(first.start(), last.end()))


VAGUE_SUBJECT = register(Rule(
    code="SL012", name="vague-subject", severity=Severity.INFO,
    summary="A generic subject with no distinguishing detail.",
    why="\"Then comes a concrete subject (not «a person» but «a woman in a red coat»)\"",
    source=f"{G000} §Prompt structure",
    bad="A person walks down a street at night.",
    good="A woman in a black trench coat walks down a rain-soaked street at night.",
    fix_title="Say who: age, build, wardrobe, a distinguishing feature (a woman in a red coat).",
    scope=(fields.SUBJECT,), vocab=("generic_subjects", "detail_markers"),
    families=all_but("runway"), unknown_family=True,
    families_why="A concrete subject is generic craft, so it runs for unknown models; Runway's guide says to refer to "
                 "\"the subject\" and let the image show who"
))


@VAGUE_SUBJECT.check
def vague_subject(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    detail = t.vocab("detail_markers")
    for m in t.find(t.vocab("generic_subjects"), ctx):
        window = ctx.text[m.end():m.end() + 40]
        window = re.split(r"[.;:!?\n]", window, maxsplit=1)[0]
        before = ctx.text[max(0, m.start() - 30):m.start()]
        if detail.search(" ".join(window.split()[:5])) or re.search(r"(?i)\b(?:no|other|any|extra)\s*$", before):
            continue
        yield rule.finding(ctx, f"'{m.group(0)}' is generic: add a distinguishing detail (wardrobe, age, build)",
                           span=m.span())
        return  # one nudge per prompt is enough for an info
