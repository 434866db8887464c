"""Action and subject: concrete verbs, one shot's worth of beats, a specific subject."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import regex_cache as rx
from composer.lint import shape
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity, all_but
from composer.lint.rules.structure import G000, G003, shot_count
from composer.lint.scan import Led

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
        before = t.words(ctx.text[max(0, m.start() - 30):m.start()])[-2:]
        sentence = re.split(r"[.!?\n]", ctx.text[max(0, m.start() - 200):m.start()])[-1]
        if any(w.lower() in _NOT_A_MOVER for w in before + t.words(sentence)[:6]):
            continue  # "the camera moves slowly" is a camera instruction (SL003/SL004); "fabric moves" is no actor
        yield rule.finding(ctx, f"'{m.group(0).strip()}' does not say how the subject moves; use a concrete verb "
                                "with timing", span=m.span())


# Subjects whose moving is not an actor's vague motion: the camera's is judged by SL003/SL004, and fabric,
# mist or light moving "around her" is texture.
_NOT_A_MOVER = frozenset({"camera", "shot", "lens", "frame", "fabric", "cloth", "water", "mist", "fog", "smoke",
                          "light", "shadow", "shadows", "clouds", "cloud", "leaves", "hair", "tail", "traffic",
                          "brush", "it", "dust", "shots", "cameras", "hand", "hands", "thumb", "finger", "fingers",
                          "arm", "arms", "head", "eyes", "eye", "lips", "mouth", "legs", "feet", "foot",
                          "shoulders", "steam", "rain", "snow", "liquid", "particles", "sparks", "flames"})


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
    else:
        bullets = _ACTION_BULLETS.findall(ctx.text) if "- " in ctx.text or "-\t" in ctx.text else []
        if len(bullets) > limit:
            yield rule.finding(ctx, f"{len(bullets)} action beats in a {ctx.seconds}-second shot; it carries about "
                                    f"{limit}", field=fields.PROMPT if not ctx.structured else None)
    # Changes of place are judged per shot: between shots they are the cut's business (SL005).
    max_changes = int(t.thresholds()["scenes"]["max_scene_changes"])  # type: ignore[call-overload]
    multi = shot_count(ctx) > 1
    for number, seg in enumerate(shape.shape(ctx).segments, 1):
        changes = list(t.find(t.vocab("scene_change"), ctx, start=seg.start, end=seg.end))
        if len(changes) > max_changes:
            first, last = changes[0], changes[-1]
            where = f"shot {number}: " if multi else ""
            yield rule.finding(ctx, f"{where}{len(changes)} changes of place in one shot "
                                    f"({', '.join(c.group(0) for c in changes)}): that is several scenes",
                               span=(first.start(), last.end()))


# The Sora template's "Actions:" block: one "- ..." bullet per beat (on one line or on several).
_ACTION_BULLETS = rx.compile(r"(?:(?<=Actions:)|(?<=\n)|(?<=\s))[ \t]*-[ \t]+(?=[A-Z])(?=[^\n]*?[a-z])")


def _after_sentences(ctx: LintContext, start: int, n: int) -> int:
    """The offset after the ``n`` sentences from ``start``: the subject is introduced there, and a generic
    "people" later on is background, not the subject."""
    spans = [e for s, e in t.prompt_sentences(ctx) if e > start]
    return spans[n - 1] if len(spans) >= n else len(ctx.text)


VAGUE_SUBJECT = register(Rule(
    code="SL012", name="vague-subject", severity=Severity.INFO,
    summary="A generic subject with no distinguishing detail.",
    why="\"Then comes a concrete subject (not «a person» but «a woman in a red coat»)\"",
    source=f"{G000} §Prompt structure",
    bad="A person walks down a street at night.",
    good="A woman in a black trench coat walks down a rain-soaked street at night.",
    fix_title="Say who: age, build, wardrobe, a distinguishing feature (a woman in a red coat).",
    scope=(fields.SUBJECT,), vocab=("generic_subjects", "detail_markers", "wardrobe"),
    families=all_but("runway"), unknown_family=True,
    families_why="A concrete subject is generic craft, so it runs for unknown models; Runway's guide says to refer to "
                 "\"the subject\" and let the image show who"
))


@VAGUE_SUBJECT.check
def vague_subject(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.reference:
        return  # the reference image shows who the subject is
    opening = shape.shape(ctx).opening[0]
    limit = _after_sentences(ctx, opening, 2)
    for m in t.find(t.vocab("generic_subjects"), ctx, end=limit):
        noun = m.group(0).split()[-1].lower()
        if re.search(rf"(?i)\b{re.escape(noun)}\b", ctx.text[:m.start()]):
            continue  # already introduced (with its detail) earlier: "a man in a green coat ... the man's face"
        window = ctx.text[m.end():m.end() + 40]
        window = re.split(r"[.;:!?\n]", window, maxsplit=1)[0]
        before = ctx.text[max(0, m.start() - 30):m.start()]
        described = t.spans_in(" ".join(window.split()[:5]), t.vocab("detail_markers"), t.vocab("wardrobe"))
        if described or re.search(r"(?i)\b(?:no|other|any|extra)\s*$", before):
            continue
        yield rule.finding(ctx, f"'{m.group(0)}' is generic: add a distinguishing detail (wardrobe, age, build)",
                           span=m.span())
        return  # one nudge per prompt is enough for an info


LATE_NEW_ELEMENT = register(Rule(
    code="SL013", name="late-new-element", severity=Severity.INFO,
    summary="A major new element appears late in a continuous shot instead of at a cut.",
    why="\"Limit Surprises and New Elements Mid-Video: Avoid introducing entirely new major elements late in the "
        "prompt that weren't hinted at earlier. If in the final second of a 8s clip you suddenly mention «a dragon "
        "appears,» the model might struggle and either flicker it into existence or distort something to morph into "
        "a dragon.\"",
    source=f"{G003} §Animation consistency (Limit Surprises and New Elements Mid-Video)",
    bad="A knight rides across the meadow. He slows at the river. Suddenly a dragon appears above the trees.",
    good="A knight rides across the meadow as a distant roar echoes. Cut to: a dragon rises above the trees.",
    fix_title="Set the element up early (a sound, a shadow), or bring it in at a cut to its own shot.",
    scope=(fields.BEATS,), families=(EVERY_FAMILY,),
))

_APPEAR_VERB = Led(r"\b(?:suddenly\s+)?(?:appears?|emerges?|materiali[sz]es?|bursts? in|pops? up|springs? up|"
                   r"shows? up|begins? appearing|begins? to appear|starts? appearing)\b",
                   ("suddenly", "appear", "emerge", "materiali", "burst", "pop", "spring", "show", "begin", "start"),
                   re.IGNORECASE)
_NOT_NEW = rx.compile(r"(?i)\b(?:text|title|caption|logo|words|subtitle|it|he|she|they|him|her|them|light|glow)\b")


@LATE_NEW_ELEMENT.check
def late_new_element(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    for seg in shape.shape(ctx).segments:
        sentences = t.prompt_sentences(ctx, seg.start, seg.end)
        if len(sentences) < 3:
            continue  # an element that opens its shot (or a two-sentence shot) arrives with the shot
        late_from = sentences[len(sentences) // 2][0]
        for v in _APPEAR_VERB.finditer(ctx.text, t.lowered(ctx), late_from, seg.end):
            clause = re.split(r"[.!?;:,\n]", ctx.text[max(late_from, v.start() - 60):v.start()])[-1]
            what = " ".join(clause.split()[-4:])
            noun = what.split()[-1].lower() if what else ""
            m = t.Hit(ctx.text, v.start() - len(clause.lstrip()) if clause.strip() else v.start(), v.end())
            if not noun or _NOT_NEW.search(what) or noun in ctx.text[seg.start:late_from].lower() \
                    or t.is_negated(ctx, m.start()):
                continue
            yield rule.finding(ctx, f"'{' '.join(m.group(0).split())}' brings a new element in late in the shot; set "
                                    "it up earlier or cut to it", span=m.span())
            return


SUBJECT_OUTWEIGHED = register(Rule(
    code="SL014", name="subject-outweighed", severity=Severity.INFO,
    summary="The background gets far more words than the hero, so the model's attention drifts to it.",
    why="\"If the model sometimes drifts focus to something else ..., it could be that the prompt spent too many words "
        "on that background. Make sure the prompt spends the most detail on what is important to see.\"",
    source=f"{G003} §Animation consistency (Maintaining focus on the important subject)",
    bad="Subject: a dancer.\nSetting: a vast marble hall with gilded columns, crystal chandeliers, velvet curtains, "
        "a painted ceiling of clouds and cherubs, rows of empty seats and a polished parquet floor.",
    good="Subject: a dancer in a torn white tutu, hair pinned with a silver comb, bandaged ankles.\nSetting: an empty "
         "marble hall.",
    fix_title="Give the hero the most detail (wardrobe, face, what they do); say the background in a few words.",
    scope=(fields.SUBJECT, fields.SCENE), families=all_but("runway"), unknown_family=True,
    families_why="Attention budgeting is generic craft, so it runs for unknown models; with Runway the image shows "
                 "the hero and the text describes motion",
))

_HERO = rx.compile(r"(?i)^(?:subject|subjects|character|characters|main character|hero|protagonist|talent|product)\b")
_BACKDROP = rx.compile(r"(?i)^(?:setting|environment|background|backdrop|world|location|scene|scenery|context|set)\b")


def _section_words(ctx: LintContext, label: re.Pattern[str]) -> tuple[int, tuple[int, int] | None]:
    """Words under the labels matching ``label`` (JSON keys, "Setting:" labels, "[Environment]" headers)."""
    sh = shape.shape(ctx)
    count, where = 0, None
    if sh.kind == "json":
        for f in sh.fields:
            if label.search(f.key):
                count += len(t.words(ctx.text[f.value_span[0]:f.value_span[1]]))
                where = where or f.value_span
        return count, where
    heads = sorted(sh.headers)
    for i, (hs, he) in enumerate(heads):
        name = ctx.text[hs:he].strip(" \t\n[]*#:-")
        name = re.sub(r"\s*-\s*pillar\s*\d+$", "", name, flags=re.IGNORECASE)
        if label.search(name) or label.search(name.split("/")[0]):
            end = heads[i + 1][0] if i + 1 < len(heads) else len(ctx.text)
            count += len(t.words(ctx.text[he:end]))
            where = where or (hs, he)
    return count, where


@SUBJECT_OUTWEIGHED.check
def subject_outweighed(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None:
        hero, back = len(t.words(ctx.shot.subject)), len(t.words(ctx.shot.scene))
        where: tuple[int, int] | None = None
        field = fields.SUBJECT
    else:
        (hero, where), (back, _b) = _section_words(ctx, _HERO), _section_words(ctx, _BACKDROP)
        field = None
    conf = t.thresholds()["attention"]
    if hero and back >= int(conf["min_background_words"]) and back > float(conf["ratio"]) * hero:  # type: ignore
        yield rule.finding(ctx, f"the background gets {back} words and the subject {hero}: give the hero the detail",
                           span=where, field=field)
