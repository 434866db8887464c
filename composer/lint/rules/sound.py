"""Sound and dialogue: a rhythmic sound bed, named speakers in a dialogue block, lines that fit the clip."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.document import fields
from composer.lint import text as t
from composer.lint.registry import register
from composer.lint.rule import EVERY_FAMILY, Finding, LintContext, Rule, Severity
from composer.lint.rules.structure import G000, G003
from composer.prompt.speech import dialogue_seconds

NO_SOUND = register(Rule(
    code="SL030", name="no-sound", severity=Severity.INFO,
    summary="No background or rhythmic sound is described.",
    why="\"Even for quiet scenes specify at least one rhythmic sound — «distant traffic hiss», «a crisp snap», "
        "«faint mechanical hum» — otherwise the model will invent the background on its own.\"",
    source=f"{G000} §Sound, dialogue, and palette",
    bad="A lighthouse keeper climbs the spiral stairs.",
    good="A lighthouse keeper climbs the spiral stairs. Background Sound: wind against the glass, boots on iron steps.",
    fix_title="Add at least one background or rhythmic sound (distant traffic hiss, ticking clock).",
    scope=(fields.SOUND,), vocab=("sound_terms",),
    families=("sora", "veo"),
    families_why="Sora and Veo generate audio and their guides ask for the sound bed; silent models (Runway Gen-4, "
                 "Luma Ray 2, Wan 2.2) would be nagged, so it does not run for unknown models"
))


@NO_SOUND.check
def no_sound(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None and ctx.shot.sound.strip():
        return
    if ctx.text.strip() and not t.has(t.vocab("sound_terms"), ctx, allow_negated=True):
        yield rule.finding(ctx, "no background or rhythmic sound: the model will invent one",
                           field=fields.SOUND if ctx.structured else None)


# "Detective (low voice):" / "- Robot:" immediately before a quote names the speaker.
_NAMED = re.compile(r"(?:^|[\n\-•*]|\s)[ \t]*[A-Z][\w.'’ -]{0,40}?(?:[ \t]*\([^)\n]{0,60}\))?[ \t]*:[ \t]*$")
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,400})[\"”]|(?<![\w])'([^'\n]{2,200}[.!?,])'(?![\w])")


def _quotes(ctx: LintContext) -> list[tuple[re.Match[str], bool, bool]]:
    """Every quoted string as (match, has a named speaker label, is introduced by a speech verb); cached."""
    cached = ctx.cache.get("quotes")
    if cached is None:
        found: list[tuple[re.Match[str], bool, bool]] = []
        cached = found
        for m in _QUOTE.finditer(ctx.text):
            line_start = ctx.text.rfind("\n", 0, m.start()) + 1
            named = bool(_NAMED.search(ctx.text[line_start:m.start()]))
            found.append((m, named, not named and _spoken(ctx, m)))
        ctx.cache["quotes"] = cached
    return cached  # type: ignore[return-value]


def _spoken(ctx: LintContext, m: re.Match[str]) -> bool:
    """A quote is speech when a speech verb stands right before or after it."""
    verbs = t.vocab("speech_verbs")
    before = ctx.text[max(0, m.start() - 40):m.start()]
    after = ctx.text[m.end():m.end() + 30]
    return bool(verbs.search(before.split(".")[-1]) or re.match(r"[\s,]*(?:\w+\s+){0,2}?" + verbs.pattern,
                                                                 after, re.IGNORECASE))


UNNAMED_DIALOGUE = register(Rule(
    code="SL031", name="unnamed-dialogue", severity=Severity.WARNING,
    summary="Spoken lines without a named speaker, or dialogue inline in prose.",
    why="\"«She says \"hello there\"» works worse than a block dialogue with an explicit speaker and emotion: "
        "«Woman (warmly): \"Hello there.\"». For multiple characters state clearly who is speaking.\"",
    source=f"{G000} §Common mistakes 4",
    bad="She says \"hello there\" and waves.",
    good="Dialogue:\n- Woman (warmly): \"Hello there.\"",
    fix_title="Move the line to the Dialogue block as Speaker (emotion): \"line\".",
    scope=(fields.DIALOGUE,), vocab=("speech_verbs",),
    families=("sora", "kling", "seedance", "ltx"), unknown_family=True,
    families_why="Naming who speaks is generic for audio models, so it runs for unknown models; Veo's guide writes "
                 "speech inline (He says: \"...\") and has its own quoting rule (SL071)"
))


@UNNAMED_DIALOGUE.check
def unnamed_dialogue(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    if ctx.shot is not None:
        for i, d in enumerate(ctx.shot.dialogue):
            if d.line.strip() and not d.speaker.strip():
                yield rule.finding(ctx, "this line has no speaker: name who says it",
                                   field=fields.dialogue(i, "line"))
    for m, _named, spoken in _quotes(ctx):
        if spoken and not t.is_negated(ctx, m.start()):
            yield rule.finding(ctx, "spoken line inline in prose without a named speaker; put it in a Dialogue "
                                    "block as Speaker (emotion): \"line\"", span=m.span())


def _dialogue_lines(ctx: LintContext) -> list[str]:
    if ctx.shot is not None:
        return [d.line for d in ctx.shot.dialogue if d.line.strip()]
    return [m.group(1) or m.group(2) or "" for m, named, spoken in _quotes(ctx) if named or spoken]


DIALOGUE_TOO_LONG = register(Rule(
    code="SL032", name="dialogue-too-long", severity=Severity.WARNING,
    summary="More dialogue than the clip can hold.",
    why="\"To ensure consistency, have at most one or two lines in a 4s clip, or use an 8s clip for a fuller "
        "dialogue exchange.\"",
    source=f"{G003} §Animation consistency (Inconsistent lip-sync)",
    bad="Alice: \"We should leave now, it's dangerous, the storm is coming and the bridge will flood.\" "
        "Bob: \"I agree, let's go before it gets dark and we lose the trail.\" (4 s)",
    good="Alice: \"We should go.\" Bob: \"Now.\" (4 s)",
    fix_title="Shorten the lines, split them across shots, or make the clip longer.",
    scope=(fields.DIALOGUE,),
    families=(EVERY_FAMILY,)
))


@DIALOGUE_TOO_LONG.check
def dialogue_too_long(rule: Rule, ctx: LintContext) -> Iterator[Finding]:
    lines = _dialogue_lines(ctx)
    if not lines:
        return
    conf = t.thresholds()["dialogue"]
    max_lines = max(1, round(ctx.seconds / 4 * float(conf["lines_per_4s"])))  # type: ignore[arg-type]
    budget = ctx.seconds * float(conf["max_fraction_of_clip"])  # type: ignore[arg-type]
    spoken = dialogue_seconds(lines)
    field = fields.DIALOGUE if ctx.structured else None
    if spoken > budget:
        yield rule.finding(ctx, f"the dialogue takes about {spoken:.1f} s to say; a {ctx.seconds}-second clip holds "
                                f"about {budget:.1f} s", field=field)
    elif len(lines) > max_lines:
        yield rule.finding(ctx, f"{len(lines)} lines in a {ctx.seconds}-second clip; it holds about {max_lines}",
                           field=field)
